// The same worker through the main entry, whose top-level await a service worker refuses.
import { cacheResource } from "cache-resource";

cacheResource(() => ({}));
