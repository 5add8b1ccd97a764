// Entry for browsers, bundlers and workers: fetches and instantiates the wasm module with
// top-level await, so `import { cacheResource } from "cache-resource"` is all a page needs.
import init from "./wasm/cache_resource.js";
import { attach } from "./api.js";

attach(await init({ module_or_path: new URL("./wasm/cache_resource_bg.wasm", import.meta.url) }));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
