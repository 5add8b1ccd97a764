// Entry for browsers, bundlers and workers: fetches and instantiates the wasm module with
// top-level await, so `import { cacheResource } from "cache-resource"` is all a page needs.
// The `new URL(…, import.meta.url)` form is what bundlers recognise as an asset to emit.
import { instantiateFrom, instantiateSync } from "./wasm.js";
import { attach } from "./api.js";

let url = new URL("./wasm/cache_resource_bg.wasm", import.meta.url);
// Vite 7's dev server moves the package's JS into .vite/deps/, not the wasm. Read, not
// assigned: Next.js's bundlers hand over a URL whose parts are read-only.
const moved = url.href.replace(/\/\.vite\/deps(_temp_\w+)?\//, "/cache-resource/");
if (moved !== url.href) url = new URL(moved);
// In Node (a test environment that resolves this entry), fetch reads no file: URL.
const fs = url.protocol === "file:" && globalThis.process?.getBuiltinModule?.("fs");
attach(fs ? instantiateSync(fs.readFileSync(url)) : await instantiateFrom(url));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
export { cacheData } from "./data.js";
export { UnserializableReturnValueError } from "./errors.js";
