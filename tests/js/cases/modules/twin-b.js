// The twin of twin-a.js (see there), with a `load` of its own.
import { cacheData, cacheResource } from "cache-resource";
import { memo } from "./memo.js";

const load = (id) => `b:${id}`;

export const get = cacheResource((id) => load(id));
export const getData = cacheData((id) => load(id));
export const viaHelper = memo((id) => load(id));
