// `cache-resource/pyodide` for browsers, bundlers and workers.
import { cacheResource } from "./index.js";
import { install } from "./python.js";

/** Makes `from cache_resource import cache_resource` work in `pyodide`. */
export function installCacheResource(pyodide) {
  install(pyodide, cacheResource);
}
