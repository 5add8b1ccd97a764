// cacheResource: the wrapper users call. Values and user callbacks live here; entries,
// keys, LRU order and counters live in the wasm registry (src/core/registry.rs).

import * as core from "./wasm/cache_resource.js";
import { refreshClock } from "./clock.js";
import { attachMemory, encodeArgs, HashFuncFailure, hasUnordered, readKey, Unhashable } from "./encode.js";
import { HashFuncError, UnhashableParamError } from "./errors.js";
import { parseOptions, show } from "./options.js";

export { HashFuncError, UnhashableParamError };

const MALFORMED = -2;

// Slot number (from wasm) -> the cached value: a sync result or the promise of an async one.
const values = [];
// Cache id -> onRelease of the latest wrap of that function.
const releasers = [];
// Every wrapped function's id, for `cacheResource.stats()`.
const wrapped = new Map();
// The wasm module's linear memory, for the size the registry occupies.
let memory = null;

/** Called once by the entry module with the instantiated wasm exports. */
export function attach(wasmExports) {
  memory = wasmExports.memory;
  attachMemory(memory);
  // The wasm timer expires entries on its own; this is how their values get released.
  core.set_release_hook(() => runReleases(collectReleased()));
}

function isThenable(v) {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
}

// Releasing takes two steps so no user code runs while the slot table is half updated:
// first the released values are taken out of `values`, then (after the caller has stored
// what it stores) their onRelease callbacks run, and may call back into the cache.
function collectReleased() {
  if (!core.released_pending()) return null;
  const records = core.take_released();
  const out = [];
  for (let i = 0; i < records.length; i += 3) {
    const slot = records[i];
    const value = values[slot];
    values[slot] = undefined;
    const onRelease = releasers[records[i + 1]];
    if (onRelease) out.push(value, onRelease);
  }
  return out;
}

function runReleases(list) {
  if (list === null) return;
  for (let i = 0; i < list.length; i += 2) {
    const value = list[i];
    const onRelease = list[i + 1];
    if (isThenable(value)) {
      // An async entry is released with what it resolved to; a rejection has nothing to free.
      value.then((v) => callRelease(onRelease, v), () => {});
    } else {
      callRelease(onRelease, value);
    }
  }
}

function callRelease(onRelease, value) {
  try {
    onRelease(value);
  } catch (e) {
    // One failing onRelease must not stop the others or break the cache: report it as
    // an uncaught error would be, and go on.
    if (typeof globalThis.reportError === "function") globalThis.reportError(e);
    else console.error("cache-resource: onRelease threw", e);
  }
}

/** How errors name argument `i`: by its parameter name where the source shows one. */
function parameterLabel(params, i) {
  for (let p = 0; p < params.length; p++) {
    const name = params[p];
    if (name.startsWith("...")) return name.length > 3 ? `'${name.slice(3)}[${i - p}]'` : `#${i + 1}`;
    if (p === i) return name === "" ? `#${i + 1} (destructured)` : `'${name}'`;
  }
  return `#${i + 1}`;
}

function paramError(e, functionName, params) {
  if (e instanceof HashFuncFailure) {
    return new HashFuncError({
      functionName,
      parameter: parameterLabel(params, e.index),
      typeName: e.typeName,
      hashFunc: e.func,
      cause: e.cause,
    });
  }
  if (!(e instanceof Unhashable)) return e;
  const error = new UnhashableParamError({
    functionName,
    parameter: parameterLabel(params, e.index),
    typeName: e.typeName,
    reason: e.reason,
  });
  if (e.cause !== undefined) error.cause = e.cause;
  return error;
}

/** Which arguments underscore parameters leave out: a mask, and where a `..._rest` starts. */
function skipsOf(params) {
  let skip = null;
  let skipFrom = Infinity;
  params.forEach((name, i) => {
    if (name.startsWith("...")) {
      if (name.startsWith("..._")) skipFrom = i;
    } else if (name.startsWith("_")) {
      skip ??= [];
      skip[i] = true;
    }
  });
  return { skip, skipFrom };
}

function wrap(fn, opts) {
  if (typeof fn !== "function") {
    throw new TypeError(`cacheResource: expected a function to cache, got ${show(fn)}.`);
  }
  const name = fn.name || "anonymous";
  const source = Function.prototype.toString.call(fn);
  if (opts.key === "" && /\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(
      `cacheResource: '${name}' is a native or bound function, so its source text ` +
        `("${source}") cannot tell it apart from others. Wrap it in an ordinary function, ` +
        "or pass a `key` option that names it.",
    );
  }
  const hasTtl = opts.ttl !== Infinity;
  if (hasTtl) refreshClock();
  const id = core.register(name, source, opts.key, opts.maxEntries, opts.ttl);
  const reconfigured = collectReleased();
  releasers[id] = opts.onRelease;
  wrapped.set(id, name);
  runReleases(reconfigured);

  const params = core.param_names(source);
  const { skip, skipFrom } = skipsOf(params);
  const hashFuncs = opts.hashFuncs;

  function keyStreamOf(args) {
    try {
      return encodeArgs(args, skip, skipFrom, hashFuncs);
    } catch (e) {
      throw paramError(e, name, params);
    }
  }

  const cached = function (...args) {
    if (hasTtl) refreshClock();
    const len = keyStreamOf(args);
    const slot = core.lookup(id, len, hasUnordered());
    if (slot >= 0) return values[slot];
    if (slot === MALFORMED) throw new Error("cache-resource: internal error: malformed key stream");
    const [k0, k1, k2, k3] = readKey();
    // The lookup may have expired the entry it found; release it even if `fn` throws.
    runReleases(collectReleased());
    // A throw here leaves nothing cached.
    const result = fn.apply(this, args);
    const pending = isThenable(result);
    const stored = core.insert(id, k0, k1, k2, k3, pending);
    const released = collectReleased();
    values[stored] = result;
    if (pending) {
      // The promise is cached at once, so concurrent callers share one computation. Its
      // ttl starts when it resolves; a rejection takes it back out. Either way only if
      // the slot still holds this promise (it may have been cleared and reused).
      result.then(
        () => {
          if (values[stored] !== result) return;
          refreshClock();
          core.settle(stored);
        },
        () => {
          if (values[stored] === result && core.discard(stored)) values[stored] = undefined;
        },
      );
    }
    runReleases(released);
    return result;
  };

  /** `f.clear()` empties this function's cache; `f.clear(...args)` drops one entry. */
  cached.clear = function clear(...args) {
    if (args.length === 0) {
      core.clear_cache(id);
    } else {
      const len = keyStreamOf(args);
      if (core.clear_key(id, len, hasUnordered()) < 0) {
        throw new Error("cache-resource: internal error: malformed key stream");
      }
    }
    runReleases(collectReleased());
  };

  /** Counters of this function's cache. */
  cached.stats = () => statsOf(id);

  Object.defineProperty(cached, "name", { value: name });
  return cached;
}

function statsOf(id) {
  const [entries, hits, misses, evicted, cleared, expired] = core.cache_stats(id);
  return { entries, hits, misses, evicted, cleared, expired };
}

/**
 * Wraps `fn` so calls with equal arguments share one result. Also usable as a decorator
 * factory: `cacheResource(options)(fn)`.
 */
export function cacheResource(fnOrOptions, options) {
  if (typeof fnOrOptions === "function") return wrap(fnOrOptions, parseOptions(options));
  if (fnOrOptions !== undefined && fnOrOptions !== null && typeof fnOrOptions !== "object") {
    throw new TypeError(
      `cacheResource: expected a function, or an options object for cacheResource(options)(fn), got ${show(fnOrOptions)}.`,
    );
  }
  if (options !== undefined) {
    throw new TypeError("cacheResource(options) takes one argument; pass the function to the function it returns.");
  }
  const parsed = parseOptions(fnOrOptions);
  return function cacheResourceDecorator(fn) {
    return wrap(fn, parsed);
  };
}

/** Empties every cached function on the page. */
cacheResource.clear = function clear() {
  core.clear_all();
  runReleases(collectReleased());
};

/** Counters of every cached function, by name, plus their totals. */
cacheResource.stats = function stats() {
  const functions = [];
  const total = { entries: 0, hits: 0, misses: 0, evicted: 0, cleared: 0, expired: 0 };
  for (const [id, name] of wrapped) {
    const s = statsOf(id);
    functions.push({ name, ...s });
    for (const k in total) total[k] += s[k];
  }
  // Linear memory never shrinks, so this is the registry's high-water mark.
  return { ...total, memoryBytes: memory.buffer.byteLength, functions };
};
