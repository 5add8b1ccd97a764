// cacheData: Streamlit's st.cache_data. Calls are keyed, expire, are bounded and cleared
// as cacheResource's are, but what a function returns is kept as a copy and every caller
// gets a copy of its own (structuredClone): a caller that mutates its result cannot change
// what the next caller gets. The cache is cacheResource's own (api.js `wrap`), with a copier.

import { clearKind, entered, wrap } from "./api.js";
import { parseOptions, show } from "./options.js";
import { UnserializableReturnValueError } from "./errors.js";
import { thenOf } from "./slots.js";
import { cyrb53, sourceOf } from "./function-source.js";
import { identityOf } from "./call-site.js";
import { isElement } from "./encode.js";

const gp = Object.getPrototypeOf;
const OP = Object.prototype;
const AP = Array.prototype;

// Classes structuredClone copies as themselves. A subclass's instance comes back as the
// built-in (`class Registry extends Map` as a Map), any other class's as a plain object,
// without their methods: both are refused. Looked up when first needed, so a page that
// never calls cacheData runs none of this.
const CLONED_AS_THEY_ARE = ["Map", "Set", "Date", "RegExp", "ArrayBuffer", "DataView", "Blob", "File", "Error",
  "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "DOMException",
  "Boolean", "Number", "String", "BigInt", "ImageData"];
let clonedAsTheyAre = null;

function clonedAsItIs(proto) {
  clonedAsTheyAre ??= CLONED_AS_THEY_ARE.map((name) => globalThis[name]?.prototype).filter(Boolean);
  return gp(proto) === gp(Uint8Array.prototype) || clonedAsTheyAre.includes(proto);
}

const an = (noun) => `${/^[AEIOU]/i.test(noun) ? "an" : "a"} ${noun}`;

/** A field of a built-in's own, which a copy drops, or undefined (index keys are elements). */
const ownField = (v) => Object.keys(v).find((k) => !isElement(k, v.length));

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
  if (!clonedAsItIs(proto)) {
    const name = typeof proto?.constructor === "function" && proto.constructor.name ? proto.constructor.name : "an unknown class";
    const base = gp(Uint8Array.prototype).isPrototypeOf(proto)
      ? "typed array"
      : CLONED_AS_THEY_ARE.findLast((b) => globalThis[b]?.prototype.isPrototypeOf(proto)) ?? "plain object";
    return `${path} is an instance of ${name}, which a copy would turn into ${an(base)} without its methods`;
  }
  const field = ownField(v);
  if (field !== undefined) return `${path} has a field of its own, ${JSON.stringify(field)}, which a copy of ${an(proto.constructor.name)} drops`;
  if (proto === Map.prototype) {
    for (const [k, x] of v) {
      const why = uncopyable(k, `${path} (a key)`, seen) ?? uncopyable(x, `${path}.get(…)`, seen);
      if (why !== null) return why;
    }
  } else if (proto === Set.prototype) {
    for (const x of v) {
      const why = uncopyable(x, `${path} (a member)`, seen);
      if (why !== null) return why;
    }
  }
  return null;
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

/**
 * What the cache keeps of a result: a copy, or a promise of one. The result's `then` is
 * read once, as for a resource (a getter may answer differently the next time).
 */
function keep(result, name) {
  const then = thenOf(result);
  if (then === null) return snapshot(result, name);
  return new Promise((resolve, reject) => then.call(result, resolve, reject)).then((v) => snapshot(v, name));
}

// What the cache keeps is its own: a native promise (keep's, or storage's) or a copy.
const isKeptPromise = (kept) => kept instanceof Promise;

/** What a caller gets of what the cache keeps: a copy of its own, or a promise of one. */
function copy(kept) {
  return isKeptPromise(kept) ? kept.then((v) => structuredClone(v)) : structuredClone(kept);
}

/** The copier of a function kept in memory: on a miss, the function runs. */
const inMemory = { keep, copy, miss: (key, compute, name) => keep(compute(), name) };

const AsyncFunction = (async () => {}).constructor;

/**
 * The copier of a function with `persist`: on a miss, what storage holds for the key,
 * if it was written within the ttl, else the function's result, which is then written.
 * An async function reads storage on each miss (so another tab's writes count); a sync
 * one cannot wait, so its records are read once, when it is wrapped, and a miss before
 * they arrive runs the function.
 */
function persisted(records, isAsync, ttlMs, maxEntries) {
  const written = (k, kept) => {
    if (isKeptPromise(kept)) kept.then((v) => records.write(k, v, maxEntries), () => {});
    else records.write(k, kept, maxEntries);
    return kept;
  };
  const early = new Map();
  if (!isAsync && !records.sync) records.readAll(ttlMs).then((found) => found?.forEach((record, k) => early.set(k, record)));
  return {
    keep,
    copy,
    miss(key, compute, name, local) {
      // A key holding an identity (a built-in function's, an unregistered symbol's) would
      // name another value in the next process: it is kept in memory only.
      if (local) return keep(compute(), name);
      const k = key.join(" ");
      if (records.sync) {
        // Files (Node): read at once, for sync and async functions alike.
        const saved = records.read(k, ttlMs);
        if (saved !== undefined) return isAsync ? Promise.resolve(saved.value) : saved.value;
        return written(k, keep(compute(), name));
      }
      if (isAsync) {
        return records.read(k, ttlMs).then((saved) => (saved !== undefined ? saved.value : written(k, keep(compute(), name))));
      }
      const saved = early.get(k);
      early.delete(k);
      if (saved !== undefined && Date.now() - saved.at < ttlMs) return saved.value;
      return written(k, keep(compute(), name));
    },
  };
}

const KEY_TEXT = Symbol.for("cache-resource.keyText");

// Node's entry gives the file store (persist-files.js), which browsers never load.
let files = null;

/** Called by node.js with persist-files.js. */
export function useFiles(module) {
  files = module;
}

// The storage code (persist.js) is loaded by the first function that persists: a page
// that never does downloads none of it.
let storage = null;
const hasIndexedDB = () => typeof indexedDB === "object" && indexedDB !== null;

/**
 * persist.js's recordsOf(fn, onClear), whose methods wait for the module to load. A module
 * that cannot load is a storage that failed: the calls go on in memory.
 */
function lazyRecords(fn, onClear) {
  storage ??= import("./persist.js");
  const records = storage.then((m) => m.recordsOf(fn, onClear));
  const later = (method) => (...args) => records.then((r) => r[method](...args), () => undefined);
  return { read: later("read"), readAll: later("readAll"), write: later("write"), clear: later("clear") };
}

/**
 * `fn` wrapped with `opts`, kept in memory or, with `persist`, in storage too. `isAsync`:
 * whether `fn` returns a promise, so a miss can wait for storage.
 */
export function wrapData(fn, opts, persist, isAsync = fn instanceof AsyncFunction) {
  if (!persist) return wrap(fn, opts, inMemory);
  const dir = typeof persist === "object" ? persist.dir : null;
  if (dir !== null && files === null) throw new TypeError("cacheData: `persist: { dir }` keeps files, which needs Node; in a browser use persist: \"disk\" (IndexedDB).");
  if (dir === null && !hasIndexedDB()) {
    console.warn(`cache-resource: cacheData '${opts.name ?? fn.name}' asks to persist, but there is no IndexedDB here: its entries are kept in memory only.`);
    return wrap(fn, opts, inMemory);
  }
  const digest = cyrb53(`${opts.name ?? fn.name}\u0000${sourceOf(fn)}\u0000${identityOf(opts)}`).toString(36);
  let f = null;
  const records = dir !== null ? files.fileRecords(dir, digest) : lazyRecords(digest, () => clear.call(f));
  f = wrap(fn, opts, persisted(records, isAsync, opts.ttl, opts.maxEntries));
  const clear = f.clear;
  f.clear = function (...args) {
    clear.apply(this, args);
    // The call's key, as the miss wrote it: after the cache id, the four words.
    records.clear(args.length === 0 ? null : f[KEY_TEXT](...args).split(" ").slice(1).join(" "));
  };
  return f;
}

// Streamlit's st.cache_data has neither: a copy has no resource to validate or free.
const NOT_FOR_DATA = ["validate", "onRelease"];

function dataOptions(options) {
  let persist = false;
  if (options !== undefined && options !== null && typeof options === "object" && !Array.isArray(options)) {
    for (const name of NOT_FOR_DATA) {
      if (Object.hasOwn(options, name)) {
        throw new TypeError(`cacheData: \`${name}\` is for cacheResource; cacheData keeps copies of data, which have nothing to validate or release.`);
      }
    }
    if (Object.hasOwn(options, "persist")) {
      const { persist: asked, ...rest } = options;
      const isDir = typeof asked === "object" && asked !== null && typeof asked.dir === "string" && asked.dir !== "";
      if (!isDir && asked !== false && asked !== null && asked !== undefined && asked !== true && asked !== "disk") {
        throw new TypeError(`cacheData: \`persist\` must be "disk" (or true), { dir: "a directory" } in Node, false or null, got ${show(asked)}.`);
      }
      persist = isDir ? { dir: asked.dir } : asked === true || asked === "disk";
      options = rest;
    }
  }
  const parsed = parseOptions(options);
  if (persist && parsed.scope === "session") {
    throw new TypeError('cacheData: `persist` keeps entries across page loads, which a session does not outlive: use scope "global".');
  }
  // Refused as Streamlit refuses it: a record read back from storage has no stale window.
  if (persist && parsed.refreshMode === "background") {
    throw new TypeError('cacheData: `persist` and `refreshMode: "background"` cannot be combined: choose one.');
  }
  return { ...parsed, persist };
}

/**
 * Wraps `fn` so calls with equal arguments share one result, kept as a copy, and every
 * call returns a copy of its own. Also a decorator factory, `cacheData(options)(fn)`.
 */
function cacheData(fnOrOptions, options, descriptor) {
  return entered("cacheData", fnOrOptions, options, dataOptions, (fn, { persist, ...parsed }, site) => wrapData(fn, { ...parsed, site }, persist), descriptor);
}

/** Empties every function on the page cached with cacheData, and what they persisted. */
cacheData.clear = () => {
  clearKind("data");
  storage?.then((m) => m.clearAllRecords());
  files?.clearAllFiles();
};

export { cacheData };
