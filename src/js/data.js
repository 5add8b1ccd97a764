// cacheData: Streamlit's st.cache_data. Calls are keyed, expire, are bounded and cleared
// as cacheResource's are, but what a function returns is kept as a copy and every caller
// gets a copy of its own (structuredClone): a caller that mutates its result cannot change
// what the next caller gets. The cache is cacheResource's own (api.js `wrap`), with a copier.

import { clearKind, wrap } from "./api.js";
import { parseOptions, show } from "./options.js";
import { UnserializableReturnValueError } from "./errors.js";

const gp = Object.getPrototypeOf;
const OP = Object.prototype;
const AP = Array.prototype;

// Classes structuredClone copies with their kind; an instance of any other class would
// come back as a plain object without its methods, so it is refused. Looked up when first
// needed, so a page that never calls cacheData runs none of this.
const CLONED_AS_THEY_ARE = ["Map", "Set", "Date", "RegExp", "ArrayBuffer", "DataView", "Blob", "File", "Error",
  "Boolean", "Number", "String", "BigInt", "ImageData"];
let clonedAsTheyAre = null;

function clonedAsItIs(proto) {
  clonedAsTheyAre ??= CLONED_AS_THEY_ARE.map((name) => globalThis[name]?.prototype).filter(Boolean);
  return gp(proto) === gp(Uint8Array.prototype) || clonedAsTheyAre.some((p) => p === proto || p.isPrototypeOf(proto));
}

/** Why `v` cannot be kept as a copy (a path and a reason), or null when it can. */
function uncopyable(v, path, seen) {
  if (typeof v === "function") return `${path} is a function`;
  if (typeof v === "symbol") return `${path} is a symbol`;
  if (typeof v !== "object" || v === null || seen.has(v)) return null;
  seen.add(v);
  const proto = gp(v);
  if (proto === OP || proto === null || (proto === AP && Array.isArray(v))) {
    for (const key of Object.keys(v)) {
      const why = uncopyable(v[key], `${path}.${key}`, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (v instanceof Map) {
    for (const [k, x] of v) {
      const why = uncopyable(k, `${path} (a key)`, seen) ?? uncopyable(x, `${path}.get(…)`, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (v instanceof Set) {
    for (const x of v) {
      const why = uncopyable(x, `${path} (a member)`, seen);
      if (why !== null) return why;
    }
    return null;
  }
  if (clonedAsItIs(proto)) return null;
  const name = typeof proto?.constructor === "function" && proto.constructor.name ? proto.constructor.name : "an unknown class";
  return `${path} is an instance of ${name}, which a copy would turn into a plain object without its methods`;
}

/** A copy of `value` to keep, or an UnserializableReturnValueError naming `name`. */
function snapshot(value, name) {
  const why = uncopyable(value, "the value", new Set());
  if (why === null) {
    try {
      return structuredClone(value);
    } catch (e) {
      throw new UnserializableReturnValueError(name, `${e.name}: ${e.message}`, e);
    }
  }
  throw new UnserializableReturnValueError(name, why);
}

const isThenable = (v) => v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";

const copier = {
  /** What the cache keeps of a result: a copy, or a promise of one. */
  keep(result, name) {
    return isThenable(result) ? Promise.resolve(result).then((v) => snapshot(v, name)) : snapshot(result, name);
  },
  /** What a caller gets of what the cache keeps: a copy of its own, or a promise of one. */
  copy(kept) {
    return isThenable(kept) ? kept.then((v) => structuredClone(v)) : structuredClone(kept);
  },
};

// Streamlit's st.cache_data has neither: a copy has no resource to validate or free.
const NOT_FOR_DATA = ["validate", "onRelease", "refreshMode", "refreshRetry"];

function dataOptions(options) {
  if (options !== undefined && options !== null && typeof options === "object" && !Array.isArray(options)) {
    for (const name of NOT_FOR_DATA) {
      if (Object.hasOwn(options, name)) {
        throw new TypeError(`cacheData: \`${name}\` is for cacheResource; cacheData keeps copies of data, which have nothing to validate or release.`);
      }
    }
    if (Object.hasOwn(options, "persist")) {
      const { persist, ...rest } = options;
      if (persist !== false && persist !== null && persist !== undefined) {
        throw new TypeError(`cacheData: \`persist\` ${show(persist)} is not available yet: entries are kept in memory only.`);
      }
      options = rest;
    }
  }
  return parseOptions(options);
}

/**
 * Wraps `fn` so calls with equal arguments share one result, kept as a copy, and every
 * call returns a copy of its own. Also a decorator factory, `cacheData(options)(fn)`.
 */
function cacheData(fnOrOptions, options) {
  if (typeof fnOrOptions === "function") return wrap(fnOrOptions, dataOptions(options), copier);
  if (options !== undefined) throw new TypeError("cacheData(options) takes one argument; pass the function to the function it returns.");
  if (fnOrOptions !== undefined && fnOrOptions !== null && (typeof fnOrOptions !== "object" || Array.isArray(fnOrOptions) || isThenable(fnOrOptions))) {
    throw new TypeError(`cacheData: expected a function, or an options object for cacheData(options)(fn), got ${show(fnOrOptions)}.`);
  }
  const parsed = dataOptions(fnOrOptions);
  return function cacheDataDecorator(fn, context) {
    if (context !== undefined && context?.kind !== "method") throw new TypeError(`@cacheData decorates methods and functions, not a ${context?.kind}.`);
    return wrap(fn, parsed, copier);
  };
}

/** Empties every function on the page cached with cacheData. */
cacheData.clear = () => clearKind("data");

export { cacheData };
