// The twin of twin-a.js (see there), with a `load` of its own.
import { cacheData, cacheResource } from "cache-resource";

const load = (id) => `b:${id}`;

export const get = cacheResource((id) => load(id));
export const getData = cacheData((id) => load(id));
