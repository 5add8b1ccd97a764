// Entry for Node: reads the wasm file from disk (Node's fetch does not do file: URLs) and
// instantiates it synchronously, so importing the package needs no extra step.
import { readFileSync } from "node:fs";
import { AsyncLocalStorage } from "node:async_hooks";
import { instantiateSync } from "./wasm.js";
import { attach } from "./api.js";
import { carrySessionsWith } from "./session.js";
import { useFiles } from "./data.js";
import * as persistFiles from "./persist-files.js";

attach(instantiateSync(readFileSync(new URL("./wasm/cache_resource_bg.wasm", import.meta.url))));

// A server renders many requests at once: session.run(fn) keeps its session across every
// await of fn, so each request can have its own.
const storage = new AsyncLocalStorage();
carrySessionsWith({ run: (session, fn, ...args) => storage.run(session, fn, ...args), get: () => storage.getStore() });

// cacheData's `persist: { dir }`: files, which only Node has.
useFiles(persistFiles);

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
export { cacheData } from "./data.js";
export { UnserializableReturnValueError } from "./errors.js";
