// The JavaScript half of the Python `cache_resource` module (src/python/cache_resource.py):
// Python computes each call's key and keeps its values (but a persisted cache_data's
// pickles, which cacheData keeps here to write to IndexedDB); this file gives it the page's
// registry, so ttl, LRU, stats and clears are shared with JavaScript.

import PYTHON_SOURCE from "./cache_resource_py.js";
import { clearKind, wrap as wrapFunction } from "./api.js";
import { wrapData } from "./data.js";
import { parseOptions } from "./options.js";

// A Python data function's copies are made in Python (pickle): JavaScript keeps and hands
// out the number that names the pickle as it is, in a cache of the data kind.
const PYTHON_COPIES = { keep: (held) => held, copy: (held) => held, miss: (key, compute) => compute() };

/**
 * Installs `cache_resource` into a Pyodide instance, after which Python code can run
 * `from cache_resource import cache_resource`. Safe to call again.
 */
export function install(pyodide, cacheResource) {
  if (pyodide === null || typeof pyodide !== "object" || typeof pyodide.registerJsModule !== "function" || !pyodide.FS) {
    throw new TypeError("installCacheResource: expected a Pyodide instance, as returned by `await loadPyodide()`.");
  }
  pyodide.registerJsModule("_cache_resource_js", {
    wrap: (name, namespace, options, kind, isAsync) => wrap(cacheResource, name, namespace, options, kind, isAsync),
    clearAll: () => cacheResource.clear(),
    clearData: () => clearKind("data"),
    stats: () => cacheResource.stats(),
    session: (name) => cacheResource.session(name ?? undefined),
    record: (entries) => Object.fromEntries(entries),
  });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.FS.writeFile(`${sitePackages}/cache_resource.py`, PYTHON_SOURCE);
  // A module imported before this install must be read again, not served from sys.modules.
  pyodide.runPython("import importlib, sys; importlib.invalidate_caches(); sys.modules.pop('cache_resource', None)");
}

function wrap(cacheResource, name, namespace, options, kind, isAsync) {
  const release = options.onRelease;
  // `_compute` is a Python thunk that returns the handle (a number) of a Python box around
  // the value (a persisted cache_data: the pickle's bytes), or for an async function a
  // task that resolves to one of those, or to a proxy of the box (a resource); the
  // leading underscore keeps it out of the key, which is the digest Python computed plus
  // the JavaScript values found among the arguments (hashed here, as JavaScript hashes
  // them; an unhashable one is reported as jsValues[i]).
  const run = {
    [name]: function (digest, _compute, ...jsValues) {
      const out = _compute();
      return typeof out.then === "function" ? settle(out) : out;
    },
  }[name];
  const cacheOptions = {
    ...options,
    key: `python ${namespace}`,
    onRelease(held, inFlight) {
      try {
        release(held, inFlight);
      } finally {
        if (typeof held !== "number") held.destroy();
      }
    },
  };
  let cached;
  if (kind === "resource") {
    cached = cacheResource(run, cacheOptions);
  } else if (kind === "data") {
    cached = wrapFunction(run, parseOptions(cacheOptions), PYTHON_COPIES);
  } else {
    // Persisted data: the value is the pickle's bytes, which cacheData keeps, copies and
    // writes to IndexedDB as it does a JavaScript value's; Python holds nothing to release.
    const { onRelease, validate, ...persisted } = cacheOptions;
    // `run` is a plain function either way: whether the Python one is async decides how
    // storage is read (see data.js `persisted`).
    cached = wrapData(run, parseOptions(persisted), true, isAsync);
  }
  return {
    // A sync entry's handle goes back as it is. A proxy handed back to Python is used up
    // (Pyodide destroys it on the way), so for an async entry Python gets a copy of the
    // box's proxy and the cache keeps its own until the entry is released.
    // `session`: the one a Python `with cache_resource.session(...)` block entered, if any.
    call(digest, compute, jsValues, session) {
      if (nested >= NESTED_UNCHECKED) headroom(HEADROOM_FRAMES);
      nested++;
      try {
        const go = () => (jsValues ? cached(digest, compute, ...jsValues) : cached(digest, compute));
        const stored = inSession(session, go);
        if (typeof stored === "number" || ArrayBuffer.isView(stored)) return stored;
        return typeof stored.then === "function" ? stored.then(own, (e) => Promise.reject(own(e))) : stored.copy();
      } finally {
        nested--;
      }
    },
    clear: (digest, jsValues) => (digest === undefined ? cached.clear() : cached.clear(digest, null, ...(jsValues ?? []))),
    // One entry of the cache a call in `session` (or outside any) uses: max_size's eviction.
    drop: (digest, jsValues, session) => inSession(session, () => cached.delete(digest, null, ...(jsValues ?? []))),
    // Whether that entry is there, in flight or not: an async call cleared meanwhile keeps
    // its value to itself.
    has: (digest, jsValues, session) => inSession(session, () => cached.has(digest, null, ...(jsValues ?? []))),
    stats: () => cached.stats(),
  };
}

const inSession = (session, go) => (session ? session.run(go) : go());

// A memoized recursion in Python passes through JavaScript at each level, and JavaScript's
// stack runs out first (in Node about 90 levels deep). Pyodide survives that where the
// overflow is thrown in this package's frames (Python sees a RecursionError), but not
// where it is thrown in its own, between them: its instance then ends with a fatal error.
// It also saw bare JsExceptions, and calls that answered nothing. So past a few nested
// calls, each first takes more stack than a level of Pyodide's frames needs and gives it
// back: an overflow, if one comes, is thrown here. Started at 20 depths of stack across a
// level's worth, after a warm-up: a RecursionError at each with 1,000 frames (64-86 KB,
// 4 µs in Node); with 400, a JsException at 5; with none, a RecursionError at none.
let nested = 0;
const NESTED_UNCHECKED = 4;
const HEADROOM_FRAMES = 1000;
function headroom(n) {
  if (n > 0) headroom(n - 1);
}

/**
 * An async Python function's task as the promise the cache keeps: it resolves to the box,
 * or rejects with the proxy of the Python exception itself, which Python code awaiting it
 * raises unchanged (a task's own rejection would reach Python as a JsException), or with
 * the JavaScript error itself when that is what the function raised.
 */
function settle(task) {
  return new Promise((resolve, reject) => {
    task.then((box) => {
      const error = box.error;
      if (error === undefined) {
        resolve(box);
      } else {
        // An attribute's proxy dies with the proxy it was read from: keep a copy. A
        // JavaScript error the function let through (a failed fetch) comes back as itself.
        reject(typeof error?.copy === "function" ? error.copy() : error);
        box.destroy();
      }
    }, reject);
  }).finally(() => task.destroy());
}

/** The caller's own copy of a proxy (see `call`); other values as they are. */
function own(value) {
  return typeof value?.copy === "function" ? value.copy() : value;
}
