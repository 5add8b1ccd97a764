// Entry for browsers, bundlers and workers: fetches and instantiates the wasm module with
// top-level await, so `import { cacheResource } from "cache-resource"` is all a page needs.
// The `new URL(…, import.meta.url)` form is what bundlers recognise as an asset to emit.
import { instantiateFrom } from "./wasm.js";
import { attach } from "./api.js";

attach(await instantiateFrom(new URL("./wasm/cache_resource_bg.wasm", import.meta.url)));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
export { cacheData } from "./data.js";
export { UnserializableReturnValueError } from "./errors.js";
