// Entry for Node: reads the wasm file from disk (Node's fetch does not do file: URLs) and
// instantiates it synchronously, so importing the package needs no extra step.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm/cache_resource.js";
import { attach } from "./api.js";

attach(initSync({ module: readFileSync(new URL("./wasm/cache_resource_bg.wasm", import.meta.url)) }));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
