// An app's own helper around cacheResource, as apps write one to share options: the call
// it makes is at one place for every module that uses it (see twin-a.js).
import { cacheResource } from "cache-resource";

export const memo = (fn) => cacheResource(fn, { ttl: 3600 });
