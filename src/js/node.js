// Entry for Node: reads the wasm file from disk (Node's fetch does not do file: URLs) and
// instantiates it synchronously, so importing the package needs no extra step.
import { readFileSync } from "node:fs";
import { instantiateSync } from "./wasm.js";
import { attach } from "./api.js";

attach(instantiateSync(readFileSync(new URL("./wasm/cache_resource_bg.wasm", import.meta.url))));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
