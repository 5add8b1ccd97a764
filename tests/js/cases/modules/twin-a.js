// twin-a.js and twin-b.js wrap functions of the same source text, whose `load` differs:
// as two modules, or two chunks of a minified build, can.
import { cacheData, cacheResource } from "cache-resource";
import { memo } from "./memo.js";

const load = (id) => `a:${id}`;

export const get = cacheResource((id) => load(id));
export const getData = cacheData((id) => load(id));
export const viaHelper = memo((id) => load(id));
