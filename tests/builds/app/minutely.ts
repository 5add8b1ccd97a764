// A factory the app shares from a module of its own, as apps keep their cache settings.
import { cacheResource } from "cache-resource";

export const minutely = cacheResource({ ttl: 60 });
