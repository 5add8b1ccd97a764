// Entry for Node: instantiates the wasm module synchronously, so importing the package
// needs no extra step. Its bytes come from JS (wasm-base64.js, written by the build), not
// from the file beside this one: a server bundle (Next.js's Turbopack) turns
// `new URL(…, import.meta.url)` into a path under its site, which no file read finds.
import "./node-polyfills.js";
import { AsyncLocalStorage } from "node:async_hooks";
import { instantiateSync } from "./wasm.js";
import wasmBase64 from "./wasm-base64.js";
import { attach } from "./api.js";
import { carrySessionsWith } from "./session.js";
import { useFiles } from "./data.js";
import * as persistFiles from "./persist-files.js";

attach(instantiateSync(Buffer.from(wasmBase64, "base64")));

// A server renders many requests at once: session.run(fn) keeps its session across every
// await of fn, so each request can have its own.
const storage = new AsyncLocalStorage();
carrySessionsWith({ run: (session, fn, ...args) => storage.run(session, fn, ...args), get: () => storage.getStore() });

// cacheData's `persist: { dir }`: files, which only Node has.
useFiles(persistFiles);

export { cacheResource, HashFuncError, UnhashableParamError } from "./api.js";
export { cacheData } from "./data.js";
export { UnserializableReturnValueError } from "./errors.js";
