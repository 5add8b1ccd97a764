// Served as a CDN serves a package, under a folder named with its version: equal file
// names and places after the "@" in both (see its twin in the other folder).
import { cacheResource } from "cache-resource";

const load = (id) => `a:${id}`;

export const get = cacheResource((id) => load(id));
