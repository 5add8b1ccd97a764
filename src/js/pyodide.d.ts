/** The parts of a Pyodide instance (`await loadPyodide()`) the installer uses. */
export interface PyodideLike {
  registerJsModule(name: string, module: object): void;
  runPython(code: string): any;
  FS: { writeFile(path: string, data: string): void };
}

/**
 * Installs the Python module `cache_resource` into `pyodide`, backed by the page's
 * cache-resource registry (shared ttl timer, stats and clears with JavaScript). Then, in
 * Python: `from cache_resource import cache_resource`.
 */
export function installCacheResource(pyodide: PyodideLike): void;
