// The argument encoder: walks the arguments once and writes the canonical, type-tagged
// stream (format: src/core/key.rs) straight into a region of wasm memory, so one call into
// wasm hashes it. Walking values from Rust through js-sys would cost ~4x JSON.stringify.

import { key_buffer, key_buffer_len, shape_digest_at } from "./wasm/cache_resource.js";
import { generate } from "./generate.js";

// Tags: must match `core::key::tag`.
const UNDEFINED = 0x00, NULL = 0x01, FALSE = 0x02, TRUE = 0x03, NUMBER = 0x04, NAN = 0x05,
  STRING = 0x06, STRING_UTF16 = 0x07, BIGINT = 0x08, ARRAY = 0x09, OBJECT = 0x0a, END = 0x0b,
  BACKREF = 0x0c, SKIPPED = 0x0d, SYMBOL = 0x0e, HOLE = 0x0f, MAP = 0x10, SET = 0x11, DATE = 0x12,
  INVALID_DATE = 0x13, REGEXP = 0x14, ERROR = 0x15, BYTES = 0x16, FUNCTION = 0x17, INSTANCE = 0x18,
  BOXED = 0x19, HASHED = 0x1a;

// The BYTES subtype: which view or buffer the raw bytes came from, so an Int32Array and a
// Float32Array with equal bytes are different keys.
const BYTE_KINDS = {
  Int8Array: 1, Uint8Array: 2, Uint8ClampedArray: 3, Int16Array: 4, Uint16Array: 5, Int32Array: 6,
  Uint32Array: 7, Float32Array: 8, Float64Array: 9, BigInt64Array: 10, BigUint64Array: 11,
  Float16Array: 12, DataView: 20, ArrayBuffer: 21, SharedArrayBuffer: 22,
};

// Built-ins whose identity is their state but which expose none of it (or hold a live
// resource): refused with a reason rather than hashed as an empty object.
const REFUSED = {
  Promise: "a promise's result is not known when it is hashed",
  WeakMap: "its contents cannot be enumerated",
  WeakSet: "its contents cannot be enumerated",
  WeakRef: "its target cannot be hashed by value",
  FinalizationRegistry: "it has no value to hash",
  Generator: "iterating it would consume it",
  AsyncGenerator: "iterating it would consume it",
};

// The key slot before the stream, where wasm writes the 128-bit key (KEY_OUT_BYTES).
const HEADER = 16;
// Deeper nesting is refused before it reaches Rust's own limit (core::key::MAX_DEPTH).
const MAX_DEPTH = 900;

const utf8 = new TextEncoder();
const isWellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

let memory = null;
let base = 0;
let capacity = 0;
let bytes = new Uint8Array(0);
let view = new DataView(bytes.buffer);
let pos = HEADER;
let unordered = false;
// Containers being walked, outermost first: a value found here is a cycle.
let open = [];
// The `hashFuncs` of the function being encoded ({ byType: Map, byName: Map }) or null,
// and the hash function whose own result is being encoded (not applied to it again).
let hashFuncs = null;
let applying = null;

/** Thrown by the walk for a value it cannot hash; api.js turns it into UnhashableParamError. */
export class Unhashable {
  constructor(typeName, reason) {
    this.typeName = typeName;
    this.reason = reason;
  }
}

export function attachMemory(wasmMemory) {
  memory = wasmMemory;
  grow(4096);
}

function grow(minBytes) {
  const at = key_buffer(minBytes);
  if (at === 0) throw new RangeError("its encoded form would exceed the 512 MB limit of an argument stream");
  base = at;
  // The region's own size, never "the rest of memory": past it lies Rust's heap.
  capacity = key_buffer_len();
  refreshViews();
}

// Any growth of wasm memory (an allocation anywhere in Rust) detaches our views.
function refreshViews() {
  bytes = new Uint8Array(memory.buffer, base, capacity);
  view = new DataView(memory.buffer, base, capacity);
}

function ensure(n) {
  if (pos + n > capacity) grow(Math.max(pos + n, capacity * 2));
}

// A view over a detached buffer has length 0; checking that costs ~2 ns where comparing
// `bytes.buffer !== memory.buffer` costs ~40 (the getter is a runtime call).
const detached = () => bytes.length === 0;

/**
 * Writes `texts` one after another as UTF-8 past the stream in progress, which a text
 * needed mid-walk (a shape's names) must leave intact; returns their offset in the buffer
 * and their lengths, for the exports that read texts from it.
 */
export function writeTexts(texts) {
  if (detached()) refreshViews();
  let need = 0;
  for (const t of texts) need += 3 * t.length; // UTF-8 needs at most 3 bytes per UTF-16 unit
  ensure(need);
  const out = [pos];
  let p = pos;
  for (const t of texts) {
    const { written } = utf8.encodeInto(t, bytes.subarray(p, p + 3 * t.length));
    out.push(written);
    p += written;
  }
  return out;
}

/** The four u32 words wasm left in the key slot: the key after a miss, a digest, an error. */
export function readKey() {
  if (detached()) refreshViews();
  return [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
}

/** Whether the last stream holds an unordered container (wasm canonicalizes those). */
export function hasUnordered() {
  return unordered;
}

/** How many of `args` the key holds: trailing undefined and left-out arguments are dropped. */
export function keyLength(args, skip, skipFrom) {
  let n = args.length;
  while (n > 0 && (args[n - 1] === undefined || n - 1 >= skipFrom || (skip !== null && skip[n - 1]))) n--;
  return n;
}

/**
 * Writes the key stream of `args` and returns its length in bytes. Argument i is left out
 * of the key when `skip[i]` is true or i >= `skipFrom` (an underscore rest parameter).
 * Trailing arguments that are `undefined` or left out are dropped: `f(1)`,
 * `f(1, undefined)` and `f(1, conn)` for `(x, _conn) => …` are one call. Throws
 * `Unhashable` or `HashFuncFailure` with `.index` set to the offending argument.
 */
export function encodeArgs(args, skip = null, skipFrom = Infinity, funcs = null) {
  if (detached()) refreshViews();
  unordered = false;
  hashFuncs = funcs;
  applying = null;
  const n = keyLength(args, skip, skipFrom);
  // Primitives are written inline with the buffer and position in locals: the common
  // case (a few numbers, short strings, booleans) then costs a few ns per argument.
  let p = HEADER;
  let b = bytes;
  if (p + 5 > capacity) {
    grow(p + 5);
    b = bytes;
  }
  b[p] = ARRAY;
  b[p + 1] = n;
  b[p + 2] = n >>> 8;
  b[p + 3] = n >>> 16;
  b[p + 4] = n >>> 24;
  p += 5;
  for (let i = 0; i < n; i++) {
    const v = args[i];
    if (i >= skipFrom || (skip !== null && skip[i])) {
      if (p + 1 > capacity) {
        pos = p;
        grow(p + 1);
        b = bytes;
      }
      b[p++] = SKIPPED;
      continue;
    }
    const t = typeof v;
    if (funcs !== null) {
      // hashFuncs may name primitive types: everything takes the general walk.
    } else if (t === "string" && v.length < 48) {
      const len = v.length;
      if (p + 5 + len > capacity) {
        pos = p;
        grow(p + 5 + len);
        b = bytes;
      }
      let q = p + 5;
      let k = 0;
      for (; k < len; k++) {
        const c = v.charCodeAt(k);
        if (c >= 0x80) break;
        b[q++] = c;
      }
      if (k === len) {
        b[p] = STRING;
        b[p + 1] = len;
        b[p + 2] = 0;
        b[p + 3] = 0;
        b[p + 4] = 0;
        p = q;
        continue;
      }
    } else if (t === "number") {
      if (p + 9 > capacity) {
        pos = p;
        grow(p + 9);
        b = bytes;
      }
      if (v !== v) {
        b[p++] = NAN;
      } else {
        b[p] = NUMBER;
        view.setFloat64(p + 1, v, true);
        p += 9;
      }
      continue;
    } else if (t === "boolean") {
      if (p + 1 > capacity) {
        pos = p;
        grow(p + 1);
        b = bytes;
      }
      b[p++] = v ? TRUE : FALSE;
      continue;
    }
    // Everything else (and non-ASCII or long strings) takes the general walk.
    pos = p;
    try {
      value(v);
    } catch (e) {
      open.length = 0;
      if (e instanceof Unhashable || e instanceof HashFuncFailure) e.index = i;
      else e = Object.assign(new Unhashable(typeName(v), `walking it threw ${e && e.name}: ${e && e.message}`), { index: i, cause: e });
      throw e;
    }
    p = pos;
    b = bytes;
  }
  pos = p;
  return p - HEADER;
}

function tag(t) {
  ensure(1);
  bytes[pos++] = t;
}

/** A tag and a little-endian f64 (numbers, dates, class digests). */
function float64(t, x) {
  ensure(9);
  bytes[pos] = t;
  view.setFloat64(pos + 1, x, true);
  pos += 9;
}

function value(v) {
  if (hashFuncs !== null && hashed(v)) return;
  switch (typeof v) {
    case "number":
      return v !== v ? tag(NAN) : float64(NUMBER, v);
    case "string":
      return string(v, STRING);
    case "boolean":
      return tag(v ? TRUE : FALSE);
    case "undefined":
      return tag(UNDEFINED);
    case "bigint":
      return string(v.toString(16), BIGINT);
    case "symbol": {
      const key = Symbol.keyFor(v);
      if (key === undefined) {
        throw new Unhashable("symbol", "only registered symbols (Symbol.for) are the same from one call to the next");
      }
      tag(SYMBOL);
      return string(key, STRING);
    }
    case "function":
      return fn(v);
    default:
      if (v === null) return tag(NULL);
      return object(v);
  }
}

function fn(f) {
  const source = Function.prototype.toString.call(f);
  if (f.name.startsWith("bound ") && source.endsWith("[native code] }")) {
    throw new Unhashable(typeName(f), "a bound function's source text does not show what it is bound to");
  }
  tag(FUNCTION);
  string(f.name, STRING);
  string(source, STRING);
}

function string(s, t) {
  const n = s.length;
  ensure(5 + 3 * n); // UTF-8 needs at most 3 bytes per UTF-16 unit
  const start = pos;
  bytes[start] = t;
  let p = start + 5;
  // Short ASCII strings are the common case; a JS loop beats encodeInto's call overhead.
  if (n < 48) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[p++] = c;
    }
    if (i === n) {
      view.setUint32(start + 1, n, true);
      pos = p;
      return;
    }
  }
  if (!isWellFormed(s)) return utf16(s, start);
  const { written } = utf8.encodeInto(s, bytes.subarray(start + 5, start + 5 + 3 * n));
  view.setUint32(start + 1, written, true);
  pos = start + 5 + written;
}

// A lone surrogate has no UTF-8 form: keep the code units as they are.
function utf16(s, start) {
  const n = s.length;
  ensure(5 + 2 * n);
  bytes[start] = STRING_UTF16;
  view.setUint32(start + 1, n, true);
  let p = start + 5;
  for (let i = 0; i < n; i++, p += 2) view.setUint16(p, s.charCodeAt(i), true);
  pos = p;
}

function object(o) {
  const at = open.lastIndexOf(o);
  if (at !== -1) {
    ensure(5);
    bytes[pos] = BACKREF;
    view.setUint32(pos + 1, open.length - 1 - at, true);
    pos += 5;
    return;
  }
  if (open.length >= MAX_DEPTH) {
    throw new Unhashable(typeName(o), `it nests deeper than ${MAX_DEPTH} levels`);
  }
  open.push(o);
  if (Array.isArray(o)) {
    array(o);
  } else {
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      // A null-prototype object is a dictionary like any other: same key as {…}.
      fields(o);
    } else {
      builtIn(o);
    }
  }
  open.pop();
}

function array(a) {
  const n = a.length;
  ensure(5);
  bytes[pos] = ARRAY;
  view.setUint32(pos + 1, n, true);
  pos += 5;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (x === undefined && !(i in a)) tag(HOLE);
    else value(x);
  }
}

// Own enumerable string-keyed properties (symbol keys are left out, as Object.keys and
// JSON leave them out), written as the object's shape and then its values in sorted-name
// order: {a, b} and {b, a} write the same bytes, and no name is written per call.
function fields(o) {
  const names = Object.keys(o);
  const shape = shapeOf(names);
  ensure(21);
  bytes[pos] = OBJECT;
  view.setUint32(pos + 1, names.length, true);
  view.setUint32(pos + 5, shape.d0, true);
  view.setUint32(pos + 9, shape.d1, true);
  view.setUint32(pos + 13, shape.d2, true);
  view.setUint32(pos + 17, shape.d3, true);
  pos += 21;
  if (shape.read !== null) {
    shape.read(o, value);
    return;
  }
  if (++shape.uses === COMPILE_AFTER) shape.read = compileReader(shape);
  const order = shape.order;
  if (order === null) {
    for (let i = 0; i < names.length; i++) value(o[names[i]]);
  } else {
    for (let i = 0; i < order.length; i++) value(o[names[order[i]]]);
  }
}

// A shape met this often gets a reader of its own, `value(o["a"]); value(o["b"]); ...`:
// constant-name reads are inline-cached per shape, where the generic loop's `o[name]`
// reads are megamorphic. About 20% of an object hit.
const COMPILE_AFTER = 8;
const MAX_COMPILED_NAMES = 64;

// Without code generation (see generate.js) the generic loop serves.
function compileReader(shape) {
  if (shape.names.length > MAX_COMPILED_NAMES) return null;
  const sorted = shape.order === null ? shape.names : shape.order.map((i) => shape.names[i]);
  // JSON string literals are exact JS string literals, lone surrogates included.
  return generate(["o", "value"], sorted.map((n) => `value(o[${JSON.stringify(n)}]);`).join("\n"));
}

// Shapes met so far, by their names in enumeration order, grouped by the first name.
// Objects built by the same code enumerate their names in the same order, so a shape is
// sorted and digested once and then found by comparing names (interned strings).
// Forgetting shapes only costs a re-sort: the digest depends on the names alone.
const shapes = new Map();
let shapeCount = 0;
const MAX_SHAPES = 4096;
const MAX_SHAPES_PER_FIRST_NAME = 32; // dictionaries keyed by ids share a first name

function shapeOf(names) {
  const n = names.length;
  const first = n === 0 ? "" : names[0];
  const list = shapes.get(first);
  if (list !== undefined) {
    search: for (let s = list.length - 1; s >= 0; s--) {
      const known = list[s].names;
      if (known.length !== n) continue;
      for (let i = 1; i < n; i++) if (known[i] !== names[i]) continue search;
      return list[s];
    }
  }
  return addShape(names, first, list);
}

function addShape(names, first, list) {
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  // JSON text: unambiguous, and it escapes lone surrogates that a UTF-8 copy would mangle.
  const [at, len] = writeTexts([JSON.stringify(order.map((i) => names[i]))]);
  if (!shape_digest_at(at, len)) throw new Error("cache-resource: internal error: shape text outside the key buffer");
  // readKey re-creates our views if the call grew wasm memory.
  const words = readKey();
  const shape = {
    names, order: order.every((x, i) => x === i) ? null : order, d0: words[0], d1: words[1], d2: words[2], d3: words[3],
    uses: 0, read: null,
  };
  if (shapeCount >= MAX_SHAPES) {
    shapes.clear();
    shapeCount = 0;
    list = undefined;
  }
  if (list === undefined) {
    list = [];
    shapes.set(first, list);
  } else if (list.length >= MAX_SHAPES_PER_FIRST_NAME) {
    list.shift();
    shapeCount--;
  }
  list.push(shape);
  shapeCount++;
  return shape;
}

function builtIn(o) {
  const kind = Object.prototype.toString.call(o).slice(8, -1);
  switch (kind) {
    case "Map":
      unordered = true;
      tag(MAP);
      for (const [k, v] of Map.prototype.entries.call(o)) {
        value(k);
        value(v);
      }
      return tag(END);
    case "Set":
      unordered = true;
      tag(SET);
      for (const v of Set.prototype.values.call(o)) value(v);
      return tag(END);
    case "Date": {
      const t = Date.prototype.getTime.call(o);
      return t !== t ? tag(INVALID_DATE) : float64(DATE, t);
    }
    case "RegExp":
      tag(REGEXP);
      string(o.source, STRING);
      return string(o.flags, STRING);
    case "Error":
      tag(ERROR);
      string(String(o.name), STRING);
      return string(String(o.message), STRING);
    case "Number":
    case "String":
    case "Boolean":
    case "BigInt":
    case "Symbol":
      tag(BOXED);
      return value(o.valueOf());
    case "Object":
      return instance(o);
    default:
      if (kind in BYTE_KINDS) return rawBytes(o, BYTE_KINDS[kind]);
      throw new Unhashable(typeName(o), REFUSED[kind] ?? "it is a platform object (a handle or resource) with no value to hash");
  }
}

// Raw bytes are copied as they are: an 800 KB Float64Array is one memcpy and one hash.
function rawBytes(o, kind) {
  const src = ArrayBuffer.isView(o) ? new Uint8Array(o.buffer, o.byteOffset, o.byteLength) : new Uint8Array(o);
  const n = src.length;
  ensure(6 + n);
  bytes[pos] = BYTES;
  bytes[pos + 1] = kind;
  view.setUint32(pos + 2, n, true);
  bytes.set(src, pos + 6);
  pos += 6 + n;
}

// Constructor source digests, computed once per class: hashing a class's whole source on
// every call would cost more than the rest of the key.
const classDigests = new WeakMap();

function classDigest(ctor) {
  let d = classDigests.get(ctor);
  if (d === undefined) {
    d = cyrb53(typeof ctor === "function" ? Function.prototype.toString.call(ctor) : "");
    classDigests.set(ctor, d);
  }
  return d;
}

// A 53-bit string hash (cyrb53): enough to tell apart two classes that share a name.
function cyrb53(s) {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// An instance of a user class: its class (name and source) and its own enumerable fields.
// Private (#) fields are invisible here; a class that keeps its identity there needs a
// hashFuncs entry.
function instance(o) {
  const ctor = Object.getPrototypeOf(o).constructor;
  tag(INSTANCE);
  string(typeof ctor === "function" ? ctor.name : "", STRING);
  float64(NUMBER, classDigest(ctor));
  fields(o);
}

/** Applies a matching hash function; false when none matches `v`. */
function hashed(v) {
  let f;
  let name;
  if ((typeof v === "object" && v !== null) || typeof v === "function") {
    const ctor = typeof v === "function" ? Function : Object.getPrototypeOf(v)?.constructor;
    f = hashFuncs.byType.get(ctor);
    name = ctor?.name;
    if (f === undefined) {
      name = typeName(v);
      f = hashFuncs.byName.get(name);
    }
  } else {
    name = typeof v;
    f = hashFuncs.byName.get(name);
  }
  if (f === undefined || f === applying) return false;
  const result = callHashFunc(f, v, name);
  tag(HASHED);
  string(name ?? "", STRING);
  const outer = applying;
  applying = f;
  value(result);
  applying = outer;
  return true;
}

/** Thrown by the walk when a hash function throws; api.js names it in the error. */
export class HashFuncFailure {
  constructor(func, typeName, cause) {
    this.func = func;
    this.typeName = typeName;
    this.cause = cause;
  }
}

// A hash function is user code: it may call a cached function or clear(), which encode
// into the same buffer. Everything written so far is saved and put back around it.
function callHashFunc(f, v, name) {
  const saved = bytes.slice(HEADER, pos);
  const state = { pos, unordered, open, hashFuncs, applying };
  open = [];
  let result;
  try {
    result = f(v);
  } catch (e) {
    throw new HashFuncFailure(f, name, e);
  } finally {
    ({ pos, unordered, open, hashFuncs, applying } = state);
    if (detached()) refreshViews();
    bytes.set(saved, HEADER);
  }
  return result;
}

/** A readable type name for messages: the constructor's name where there is one. */
export function typeName(v) {
  if (v === null) return "null";
  if (typeof v !== "object" && typeof v !== "function") return typeof v;
  const tagged = Object.prototype.toString.call(v).slice(8, -1);
  const ctor = v.constructor;
  return typeof ctor === "function" && ctor.name ? ctor.name : tagged;
}
