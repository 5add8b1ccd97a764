// An app's own helper around cacheResource, shared by the modules below: one place of the
// cacheResource call for all of them.
import { cacheResource } from "cache-resource";

export const memo = (fn) => cacheResource(fn, { ttl: 3600 });

/** A client per backend, as an app's modules each make their own. */
export const clientOf = (backend) => ({ get: (id) => `${backend}:${id}` });
