// Entry for where top-level await is forbidden or a .wasm file beside the code is unwelcome:
// service workers (a browser extension's background worker too) may not await at the top
// of their modules, and a single-file build has nowhere to fetch from. The module's bytes
// come as base64 in JS and compile synchronously, which is allowed at this size even on a
// page's main thread.
import { instantiateSync } from "./wasm.js";
import wasmBase64 from "./wasm-base64.js";
import { attach } from "./api.js";

attach(instantiateSync(Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0))));

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
export { cacheData } from "./data.js";
export { UnserializableReturnValueError } from "./errors.js";
