// `cache-resource/pyodide` for Node: the same registry as `import "cache-resource"` there.
import { cacheResource } from "./node.js";
import { install } from "./python.js";

/** Makes `from cache_resource import cache_resource` work in `pyodide`. */
export function installCacheResource(pyodide) {
  install(pyodide, cacheResource);
}
