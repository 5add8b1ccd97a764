// The argument encoder: walks the arguments once and writes the canonical, type-tagged
// stream (format: src/core/key.rs) straight into a region of wasm memory, so one call into
// wasm hashes it. Walking values from Rust through js-sys would cost ~4x JSON.stringify.

import { bytes, capacity, freshViews, grow, view, writeTextsAt } from "./key-buffer.js";
import { classOf, nativeName } from "./function-source.js";
import { COMPILE_AFTER, compileReader, shapeOf } from "./object-shapes.js";
import { pathOf } from "./failure-path.js";
import {
  ARRAY, BACKREF, BIGINT, BOXED, BYTES, DATE, END, ERROR, FALSE, FUNCTION, HASHED, HOLE, HOLES, INSTANCE, INVALID_DATE, MAP, MAX_STREAM_DEPTH,
  NAN, NULL, NUMBER, OBJECT, OUT_SLOT_BYTES, REGEXP, SET, SKIPPED, STRING, STRING_UTF16, SYMBOL, TEXT, TRUE, UNDEFINED,
} from "./abi.js";

// The BYTES subtype: which view or buffer the raw bytes came from, so an Int32Array and a
// Float32Array with equal bytes are different keys.
const BYTE_KINDS = {
  Int8Array: 1, Uint8Array: 2, Uint8ClampedArray: 3, Int16Array: 4, Uint16Array: 5, Int32Array: 6,
  Uint32Array: 7, Float32Array: 8, Float64Array: 9, BigInt64Array: 10, BigUint64Array: 11,
  Float16Array: 12, DataView: 20, ArrayBuffer: 21, SharedArrayBuffer: 22,
};

// Built-ins whose identity is their state but which expose none of it (or hold a live
// resource): refused with a reason rather than hashed as an empty object. Generators and
// iterators (an array's `values()`, a map's `entries()`, an iterator helper) are known by
// their tags, as their prototypes name no class (see instance).
const REFUSED = {
  Promise: "a promise's result is not known yet",
  WeakMap: "its contents cannot be enumerated",
  WeakSet: "its contents cannot be enumerated",
  WeakRef: "its target cannot be hashed by value",
  FinalizationRegistry: "it has no value to hash",
};

// The out slot before the streams, where wasm writes the 128-bit key.
const HEADER = OUT_SLOT_BYTES;
// Deeper nesting is refused before it reaches wasm's own limit.
const MAX_DEPTH = MAX_STREAM_DEPTH - 100;
// Holes in a row past this many are one count (see array): more than a finder's parts
// (front-objects.js MAX_NODES), so finders write a tag per hole.
const HOLE_RUN = 1024;

const utf8 = new TextEncoder();
// Before String.prototype.isWellFormed (6x faster), a lone surrogate is a code point of
// category Cs to a unicode-mode pattern, where a pair is one other code point.
const isWellFormed = String.prototype.isWellFormed ? (s) => s.isWellFormed() : (s) => !/\p{Cs}/u.test(s);

let pos = HEADER;
let unordered = false;
// Whether the stream holds an identity number (a built-in function's, a symbol's), which
// names nothing in another process: such a key must not be persisted.
let local = false;
// Containers being walked, outermost first: one found here is a cycle. Past SHALLOW
// (below, a search costs less than a Set's add: 40–110 ns), all are in `deepOpen` too, not
// searched per level; closed ones stay until back within SHALLOW (11–23% faster).
let open = [];
let deepOpen = new Set();
const SHALLOW = 64;
// How deep the value being written sits in the stream, counted as core::key counts it.
let level = 0;
// Walks in progress. A getter, proxy trap or hash function runs user code in the middle of
// a walk, and that code may call a cached function: its stream is then written past the
// unfinished one, which stays intact (see encodeArgs).
let walking = 0;
// Where the last finished stream starts, whether it holds an unordered container, and
// whether it is local (see `local`).
let lastStart = HEADER;
let lastUnordered = false;
/** Whether the last stream's key means something only in this process (see `local`). */
export let lastLocal = false;
// The `hashFuncs` of the function being encoded ({ byType: Map, byName: Map }) or null,
// and the hash function whose own result is being encoded (not applied to it again).
let hashFuncs = null;
let applying = null;
// Original -> copy, for arguments copied in part (front-objects.js capture): an original
// met again past the copied part is walked as its copy, so a cycle through it is found as
// in the originals, and its getters do not run twice.
let copyOf = null;

/** Thrown by the walk for a value it cannot hash; api.js turns it into UnhashableParamError. */
export class Unhashable {
  /** `v` is what failed, for the error's path (see failure-path.js); undefined when unknown. */
  constructor(typeName, reason, v = undefined) {
    this.typeName = typeName;
    this.reason = reason;
    this.value = v;
    this.path = "";
  }
}

/**
 * Writes `texts` as UTF-8 past the stream in progress, which they must leave intact (a
 * cached function may be registered from a getter mid-walk); returns their offset in the
 * key buffer and their lengths.
 */
export function writeTexts(texts) {
  return writeTextsAt(pos, texts);
}

function ensure(n) {
  // User code in the walk (a getter calling a cached function) may have grown wasm memory.
  freshViews();
  if (pos + n > capacity) grow(pos + n);
}

/** Whether the last stream holds an unordered container (wasm canonicalizes those). */
export function hasUnordered() {
  return lastUnordered;
}

/** Where in the buffer the last stream starts: past the out slot, or past a walk in progress. */
export function streamStart() {
  return lastStart;
}

/**
 * How many of `args` the key holds: trailing ones left out, or undefined below `keepFrom`
 * (where the function counts its arguments), are dropped.
 */
export function keyLength(args, skip, skipFrom, keepFrom = Infinity) {
  let n = args.length;
  while (n > 0 && ((args[n - 1] === undefined && n <= keepFrom) || n - 1 >= skipFrom || (skip !== null && skip[n - 1]))) n--;
  return n;
}

/**
 * Writes the key stream of `args` and returns its length in bytes; `streamStart()` says
 * where it starts. Argument i is left out of the key when `skip[i]` is true or
 * i >= `skipFrom` (an underscore rest parameter); trailing ones as keyLength says:
 * `f(1)`, `f(1, undefined)` and `f(1, conn)` for `(x, _conn) => …` are one call. Throws
 * `Unhashable` or `HashFuncFailure` with `.index` set to the offending argument.
 * `copies` maps originals to their copies where `args` is a copy made in part (see
 * copyOf).
 *
 * Called from user code inside another walk (a getter that calls a cached function), it
 * writes past that walk's bytes and restores its state before returning. The caller uses
 * the stream before any user code can run again.
 */
export function encodeArgs(args, skip = null, skipFrom = Infinity, funcs = null, keepFrom = Infinity, copies = null) {
  return newStream(encodeAt, args, skip, skipFrom, funcs, keepFrom, copies);
}

/**
 * A new stream written by `write(start, a, b, c, d, e)`, which returns where it ended; its
 * length. The stream starts past the out slot or, when user code inside another walk
 * asked for it, past that walk's bytes: the walk's state is then restored before
 * returning.
 */
function newStream(write, a, b, c, d, e, f) {
  freshViews();
  if (walking === 0) return streamFrom(HEADER, write, a, b, c, d, e, f);
  const outer = [pos, unordered, local, open, deepOpen, level, hashFuncs, applying, copyOf];
  open = [];
  deepOpen = new Set();
  try {
    return streamFrom(pos, write, a, b, c, d, e, f);
  } finally {
    [pos, unordered, local, open, deepOpen, level, hashFuncs, applying, copyOf] = outer;
  }
}

function streamFrom(start, write, a, b, c, d, e, f) {
  unordered = false;
  local = false;
  applying = null;
  copyOf = null;
  pos = write(start, a, b, c, d, e, f);
  lastStart = start;
  lastUnordered = unordered;
  lastLocal = local;
  return pos - start;
}

/** Writes the stream of `args` from `start` (see encodeArgs); returns where it ends. */
function encodeAt(start, args, skip, skipFrom, funcs, keepFrom, copies) {
  hashFuncs = funcs;
  copyOf = copies;
  const n = keyLength(args, skip, skipFrom, keepFrom);
  let p = start;
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
    if (funcs === null) {
      // hashFuncs may name primitive types: with them, everything takes the general walk.
      const q = inline(b, p, v);
      if (q >= 0) {
        p = q;
        continue;
      }
    }
    // Everything else (and non-ASCII or long strings) takes the general walk.
    pos = p;
    walk(v, 1, args, i);
    p = pos;
    b = bytes;
  }
  return p;
}

/**
 * Writes `v`, argument `i` of `args` or a part of it at `depth` in the stream, by the
 * general walk from `pos`; a failure is thrown as walkFailure makes it.
 */
function walk(v, depth, args, i) {
  level = depth;
  walking++;
  try {
    value(v);
  } catch (e) {
    const failure = walkFailure(args[i], e, i, open);
    open.length = 0;
    deepOpen.clear();
    throw failure;
  } finally {
    walking--;
  }
  freshViews();
}

/**
 * Writes `v` at `p` of `b` (the region) when it is a number, a boolean or a short ASCII
 * string and fits; returns the position past it, or -1 for the general walk. With the
 * buffer and position in the caller's locals, the common case (a few numbers, short
 * strings, booleans) costs a few ns per value.
 */
function inline(b, p, v) {
  switch (typeof v) {
    case "number":
      if (p + 9 > capacity) return -1;
      if (v !== v) {
        b[p] = NAN;
        return p + 1;
      }
      b[p] = NUMBER;
      view.setFloat64(p + 1, v, true);
      return p + 9;
    case "boolean":
      if (p + 1 > capacity) return -1;
      b[p] = v ? TRUE : FALSE;
      return p + 1;
    case "string": {
      const len = v.length;
      if (len >= 48 || p + 5 + len > capacity) return -1;
      let q = p + 5;
      for (let k = 0; k < len; k++) {
        const c = v.charCodeAt(k);
        if (c >= 0x80) return -1;
        b[q++] = c;
      }
      b[p] = STRING;
      b[p + 1] = len;
      b[p + 2] = b[p + 3] = b[p + 4] = 0;
      return q;
    }
  }
  return -1;
}

/** What a shaped stream's leaf is for an array's hole (see encodeShaped). */
export const HOLE_LEAF = Symbol("hole");

/**
 * Writes the key stream of `args`, whose shape front-objects.js knows, from the leaves its
 * finder read: `shape.ops` lists constant bytes (a Uint8Array: headers, shape digests)
 * and, as numbers, indexes into `leaves`, whose values `valueOf` gives (HOLE_LEAF for a
 * hole). The same bytes encodeArgs writes for those values in place, without reading the
 * arguments again or walking their containers. A leaf that is not a primitive (an object
 * where the shape had one) is walked, from the argument and level `shape.at` gives.
 * Returns the length, as encodeArgs does.
 */
export function encodeShaped(shape, leaves, valueOf, args) {
  return newStream(writeShaped, shape, leaves, valueOf, args);
}

/** Writes a shaped stream from `start` (see encodeShaped); returns where it ends. */
function writeShaped(start, { ops, at }, leaves, valueOf, args) {
  hashFuncs = null;
  let p = start;
  let b = bytes;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (typeof op !== "number") {
      if (p + op.length > capacity) {
        pos = p;
        grow(p + op.length);
        b = bytes;
      }
      b.set(op, p);
      p += op.length;
      continue;
    }
    const v = leaves[op];
    const q = inline(b, p, v);
    if (q >= 0) {
      p = q;
      continue;
    }
    pos = p;
    const x = valueOf(v);
    if (x === HOLE_LEAF) tag(HOLE);
    else walk(x, at[2 * op + 1], args, at[2 * op]);
    p = pos;
    b = bytes;
  }
  return p;
}

/** The shape of an object with own enumerable `names` (see object-shapes.js), for a shaped stream. */
export function shapeOfNames(names) {
  return shapeOf(names, pos);
}

/**
 * What to throw when reading argument `i` (`v`) threw `e`: its own error for a getter or
 * trap. `containers`, the walk's open containers when it failed, say where in `v`.
 */
export function walkFailure(v, e, i, containers = null) {
  if (!(e instanceof Unhashable || e instanceof HashFuncFailure)) {
    let what;
    try {
      what = `${e.name}: ${e.message}`;
    } catch {
      what = typeName(e);
    }
    e = Object.assign(new Unhashable(typeName(v), `walking it threw ${what}`), { cause: e });
  }
  e.index = i;
  if (containers !== null) e.path = pathOf(containers, e.value);
  return e;
}

function tag(t) {
  ensure(1);
  bytes[pos++] = t;
}

/** A tag and a little-endian u32 count; where the count is, to write it again once known. */
function counted(t, n) {
  ensure(5);
  bytes[pos] = t;
  view.setUint32(pos + 1, n, true);
  pos += 5;
  return pos - 4;
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
    case "symbol":
      return symbol(v);
    case "function":
      return fn(v);
    default:
      if (v === null) return tag(NULL);
      return object(v);
  }
}

function symbol(v) {
  const key = Symbol.keyFor(v);
  if (key === undefined) {
    throw new Unhashable("symbol", "only registered symbols (Symbol.for) are the same from one call to the next", v);
  }
  tag(SYMBOL);
  string(key, STRING);
}

/**
 * Steps one level deeper into the stream, where `v`'s parts go. Levels are counted as
 * core::key counts them when it canonicalizes (containers, and the parts of a prefix tag),
 * so a stream this accepts is never too deep for wasm. Leaves need no step: their parent's
 * level was checked.
 */
function deeper(v) {
  if (++level > MAX_DEPTH) throw new Unhashable(typeName(v), `it nests deeper than ${MAX_DEPTH} levels`, v);
}

// A built-in function has no source to tell it apart from another of its name
// (Map.prototype.get and WeakMap.prototype.get): it is keyed by identity, as is a symbol
// that names an instance's field (see symbolFields).
const identities = new WeakMap();
let nextIdentity = 1;
const isEnumerable = Object.prototype.propertyIsEnumerable;

function fn(f) {
  // By its name and a digest of its text, worked out once per function (as a class is): an
  // ES5-style class keeps its methods as fields of its prototype, and writing each method's
  // whole text on every call cost 3 µs a call for eight short ones. A built-in's identity
  // is written negative, apart from any digest.
  const { native, digest, name } = classOf(f);
  if (native !== null && name.startsWith("bound ")) {
    throw new Unhashable(typeName(f), "a bound function's source text does not show what it is bound to", f);
  }
  tag(FUNCTION);
  string(name, STRING);
  float64(NUMBER, native === null ? digest : -identity(f));
}

/** `x`'s identity number, which marks the stream local (see `local`). */
function identity(x) {
  let id = identities.get(x);
  if (id === undefined) identities.set(x, (id = nextIdentity++));
  local = true;
  return id;
}

/** `o`'s own enumerable symbol keys: the symbol-keyed fields an instance's key holds. */
function enumerableSymbols(o) {
  const keys = Object.getOwnPropertySymbols(o);
  return keys.length === 0 ? keys : keys.filter((s) => isEnumerable.call(o, s));
}

/**
 * Writes an instance's own enumerable symbol-keyed fields, if any, as a Map from each
 * symbol (a registered one by its text, another by identity) to its value, and returns
 * how many items that made: a library that keeps its state under `this[kState]` (as
 * Node's FormData does) would otherwise make every instance one key.
 */
function symbolFields(o) {
  const keys = enumerableSymbols(o);
  if (keys.length === 0) return 0;
  unordered = true;
  tag(MAP);
  for (const s of keys) {
    if (Symbol.keyFor(s) === undefined) float64(NUMBER, identity(s));
    else value(s);
    value(o[s]);
  }
  tag(END);
  return 1;
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

const gp = Object.getPrototypeOf;
const { isArray } = Array;
const OP = Object.prototype;
const AP = Array.prototype;

function object(o) {
  if (copyOf !== null) o = copyOf.get(o) ?? o;
  // Searched in place: calling lastIndexOf cost 10% of a walk of 100 small rows.
  let at = open.length > SHALLOW && !deepOpen.has(o) ? 0 : open.length;
  while (--at >= 0 && open[at] !== o);
  if (at !== -1) {
    counted(BACKREF, open.length - 1 - at);
    return;
  }
  deeper(o);
  const n = open.push(o);
  if (n > SHALLOW) for (let i = n > SHALLOW + 1 ? n - 1 : 0; i < n; i++) deepOpen.add(open[i]);
  const proto = gp(o);
  if (isArray(o) && (proto === AP || isIntrinsic(proto, "Array"))) {
    array(o);
  } else if (proto === OP || proto === null || isIntrinsic(proto, "Object")) {
    // A plain object, from this realm or another (an iframe, `vm`), or a null-prototype
    // dictionary: all the same key as {…} with those fields.
    const names = Object.keys(o);
    if (names.length || ownProperty(o, Symbol.toStringTag)?.writable !== false) {
      fields(o, names);
    } else {
      // A namespace (Math, JSON, Reflect, Intl, Temporal, an empty module's): no names of
      // its own, and its name as a read-only tag. Like a built-in function it is what it
      // is, and is keyed by identity as one is: as {}, Math would be JSON's key.
      tag(FUNCTION);
      string("", STRING);
      float64(NUMBER, -identity(o));
    }
  } else {
    builtIn(o, proto);
  }
  if (open.length === SHALLOW + 1) deepOpen.clear();
  open.pop();
  level--;
}

/** The own `constructor` of a prototype, when it is a data property. */
function ownConstructor(proto) {
  const d = ownProperty(proto, "constructor");
  return d === undefined ? undefined : d.value;
}

/** Whether `proto` is some realm's Object.prototype or Array.prototype (`name`). */
function isIntrinsic(proto, name) {
  if (proto === null) return false;
  const ctor = ownConstructor(proto);
  // Only Object.prototype ends a chain: checked before the text, whose read and match cost
  // most of a class instance's key. The text check comes before `ctor.prototype`: a proxy
  // of Object prints no name, so it cannot pose as one.
  return typeof ctor === "function" && (name !== "Object" || gp(proto) === null) && nativeName(ctor) === name && ctor.prototype === proto;
}

function array(a) {
  const n = a.length;
  const countAt = counted(ARRAY, n);
  // Holes in a row, counted where holes are: elements are walked as fast as before.
  let run = 0;
  let last = -2;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (x !== undefined || i in a) {
      value(x);
    } else if ((run = last === i - 1 ? run + 1 : 1) <= HOLE_RUN) {
      last = i;
      tag(HOLE);
    } else {
      // One value per index so far; counted before `view` is read (the rest may move it).
      const count = i + sparseRest(a, i, n);
      view.setUint32(countAt, count, true);
      return;
    }
  }
}

/**
 * Writes the rest of array `a` (length `n`) from `from`, a hole past HOLE_RUN in a row,
 * each run of holes as HOLE_RUN tags and one count; returns how many values it wrote. A
 * run's end is scanned for until the holes scanned pass a budget (64 K, and 16 per
 * element), then looked up among the array's indexes: listing one costs 4 to 60 holes
 * scanned. So `a[1e9] = x` costs its elements, not its length.
 */
function sparseRest(a, from, n) {
  let written = 0;
  let present = null;
  let k = 0;
  let budget = 65_536;
  // Holes in a row before `at`, all written as tags.
  let run = HOLE_RUN;
  for (let at = from; at < n; at++) {
    let end = at;
    while (present === null && end < n && !(end in a)) {
      if (--budget < 0) present = indexes(a, n);
      else end++;
    }
    if (present !== null) {
      while (present[k] < at) k++;
      end = present[k] ?? n;
    }
    for (; at < end && run < HOLE_RUN; at++, run++, written++) tag(HOLE);
    if (at < end) {
      counted(HOLES, end - at);
      written++;
    }
    if (end === n) break;
    value(a[end]);
    written++;
    budget += 16;
    at = end;
    run = 0;
  }
  return written;
}

/**
 * Whether an own name is one of `end` elements: an index below `end`, written as an index is
 * ("1e3" and "01" are names, and "4294967295" is past the last index an array can have).
 */
export const isElement = (name, end) => `${name >>> 0}` === name && name < end;

/** The indexes among `a`'s own names, below `n`, ascending (a proxy's `ownKeys` has any order). */
function indexes(a, n) {
  const out = [];
  for (const name of Object.keys(a)) if (isElement(name, n)) out.push(+name);
  return out.sort((x, y) => x - y);
}

// Own enumerable string-keyed properties (symbol keys are left out, as Object.keys and
// JSON leave them out), written as the object's shape and then its values in sorted-name
// order: {a, b} and {b, a} write the same bytes, and no name is written per call.
function fields(o, names = Object.keys(o)) {
  const shape = shapeOf(names, pos);
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

// Brand checks: each throws for an object without the built-in's internal slots, whatever
// its Symbol.toStringTag says, and works across realms. The tag only picks which to try.
const ownProperty = Object.getOwnPropertyDescriptor;
const getter = (proto, name) => ownProperty(proto, name)?.get;
const objectToString = Object.prototype.toString;
const mapHas = Map.prototype.has;
const setHas = Set.prototype.has;
const getTime = Date.prototype.getTime;
const regexpSource = getter(RegExp.prototype, "source");
const regexpFlags = getter(RegExp.prototype, "flags");
const PRIMITIVE_OF = {
  Number: Number.prototype.valueOf, String: String.prototype.valueOf, Boolean: Boolean.prototype.valueOf,
  BigInt: BigInt.prototype.valueOf, Symbol: Symbol.prototype.valueOf,
};
// The typed-array tag getter answers the array's kind, or undefined for a DataView.
const typedArrayKind = getter(gp(Uint8Array.prototype), Symbol.toStringTag);
// A view's window (buffer, byteOffset, byteLength), read through the built-in getters.
const windowOf = (proto) => ["buffer", "byteOffset", "byteLength"].map((name) => getter(proto, name));
const TYPED_ARRAY = windowOf(gp(Uint8Array.prototype));
const DATA_VIEW = windowOf(DataView.prototype);
// SharedArrayBuffer's is taken from its class when nativeKind first meets it: where a page
// is not cross-origin isolated, the global is gone, yet shared wasm memory still makes one.
const BUFFER_BRANDS = { ArrayBuffer: getter(ArrayBuffer.prototype, "byteLength"), SharedArrayBuffer: null };
// Kinds keyed by their text (a `new URL(...)` handed to a loader, a Temporal date): the
// reader of each class's text, by its prototype, as nativeKind meets the class. Each
// reads its own class's objects, native or written in JS (Node's URL, jsdom's, a
// polyfill's), and throws for any other: a look-alike never reads a real one.
const texts = new WeakMap();
// Error.isError where the engine has it; before, an object whose tag is "Error" without a
// Symbol.toStringTag anywhere got it from its internal slot.
const isError = Error.isError ?? ((o) => o[Symbol.toStringTag] === undefined);

const NOT_BRANDED = Symbol("not branded");

/** `check.call(o)`, or NOT_BRANDED when `o` lacks the slots `check` needs. */
function brand(check, o) {
  try {
    return check.call(o);
  } catch {
    return NOT_BRANDED;
  }
}

// Built-ins whose own enumerable fields are part of their key (an Error's `code`); an
// array's, typed array's or boxed string's own names list its elements.
const FIELDED = new Set(["Map", "Set", "Date", "RegExp", "Error", "URL", "URLSearchParams"]);
// Which built-in's own prototype each prototype met is, or null.
const nativeProtos = new WeakMap();

function builtIn(o, proto) {
  // The tag (which may run a Symbol.toStringTag getter) says which brand to try first.
  const kind = objectToString.call(o).slice(8, -1);
  let native = nativeProtos.get(proto);
  if (native === undefined) {
    const ctor = ownConstructor(proto);
    nativeProtos.set(proto, (native = typeof ctor === "function" && ctor.prototype === proto ? nativeKind(ctor) : null));
  }
  // A built-in is its state; a subclass's, or one with own fields, an instance around it.
  if (native === null || (FIELDED.has(native) && Object.keys(o).length > 0) || !asBrand(o, kind, native)) instance(o, proto, kind);
}

/**
 * The built-in class `ctor` is, by the brand its instances carry (every error's is Error's);
 * else null. `c` is its classOf. A platform class written in JS counts as one too: one whose
 * prototype has its name as a read-only tag, as every WebIDL interface's has and no
 * ordinary class's (Node's AbortSignal, TextEncoder, Request, URL; jsdom's, whether or not
 * its window is the global; polyfills). Its objects are then handles as in a browser,
 * refused alike (URL's keyed by its text), not walked: their state is out of sight, and
 * their prototype's accessors would run with it as `this`. A Temporal class (tagged
 * `Temporal.${name}`, native or a polyfill) is a value kind of that tag.
 */
function nativeKind(ctor, c = classOf(ctor)) {
  const { name } = ctor;
  const { native } = c;
  // Any function may be a prototype's `constructor`: one without a prototype object too.
  const p = Object(ctor.prototype);
  const d = ownProperty(p, Symbol.toStringTag);
  const tag = d?.writable === false && typeof d.value === "string" ? d.value : null;
  const kind =
    tag === `Temporal.${name}` ? tag
    : native !== null ? (native.endsWith("Error") ? "Error" : native)
    : tag === name ? name : null;
  // A polyfill (React Native's) may define href otherwise: then no URL is one by brand.
  const read =
    kind === "URL" ? getter(p, "href")
    : kind === "URLSearchParams" || kind?.startsWith("Temporal.") ? p.toString : undefined;
  if (read !== undefined) texts.set(p, read);
  if (native === "SharedArrayBuffer") BUFFER_BRANDS[native] = getter(p, "byteLength");
  return kind;
}

/**
 * Writes `o` as the built-in its tag `kind` says, or else as `native` (a retagged Map is
 * still a Map); false when it has neither's slots.
 */
function asBrand(o, kind, native) {
  return asBuiltIn(o, kind) || (native !== kind && asBuiltIn(o, native));
}

/** Writes `o` as its text, read by the reader of its own class (see `texts`); false when it has none. */
function text(o, kind) {
  // Bounded as the walk bounds a chain: a proxy's getPrototypeOf may answer forever.
  for (let p = gp(o), i = 0; p !== null && i < MAX_DEPTH; p = gp(p), i++) {
    const read = texts.get(p);
    if (read === undefined) continue;
    const v = brand(read, o);
    if (v === NOT_BRANDED) return false;
    tag(TEXT);
    string(kind, STRING);
    string(v, STRING);
    return true;
  }
  return false;
}

/** Writes `o` as the built-in `kind` and returns true, if it has that built-in's slots. */
function asBuiltIn(o, kind) {
  let v;
  switch (kind) {
    case "Map":
    case "Set": {
      const map = kind === "Map";
      if (brand(map ? mapHas : setHas, o) === NOT_BRANDED) return false;
      unordered = true;
      tag(map ? MAP : SET);
      for (const [k, x] of (map ? Map : Set).prototype.entries.call(o)) {
        value(k);
        if (map) value(x);
      }
      tag(END);
      return true;
    }
    case "Date":
      if ((v = brand(getTime, o)) === NOT_BRANDED) return false;
      if (v !== v) tag(INVALID_DATE);
      else float64(DATE, v);
      return true;
    case "RegExp":
      if ((v = brand(regexpSource, o)) === NOT_BRANDED) return false;
      tag(REGEXP);
      string(v, STRING);
      string(String(regexpFlags.call(o)), STRING);
      return true;
    case "Error":
      if (!isError(o)) return false;
      tag(ERROR);
      string(String(o.name), STRING);
      string(String(o.message), STRING);
      return true;
    case "Number":
    case "String":
    case "Boolean":
    case "BigInt":
    case "Symbol":
      if ((v = brand(PRIMITIVE_OF[kind], o)) === NOT_BRANDED) return false;
      tag(BOXED);
      value(v);
      return true;
    case "URL":
    case "URLSearchParams":
      return text(o, kind);
    default:
      if (kind.startsWith("Temporal.")) return text(o, kind);
      if ((v = byteKind(o, kind)) === 0) return false;
      rawBytes(o, v);
      return true;
  }
}

/** The BYTES subtype of a view or buffer (ArrayBuffer.isView is itself a brand check), else 0. */
function byteKind(o, kind) {
  if (ArrayBuffer.isView(o)) return BYTE_KINDS[typedArrayKind.call(o) ?? "DataView"] ?? 0;
  const check = Object.hasOwn(BUFFER_BRANDS, kind) ? BUFFER_BRANDS[kind] : null;
  return check !== null && brand(check, o) !== NOT_BRANDED ? BYTE_KINDS[kind] : 0;
}

// Raw bytes are copied as they are: an 800 KB Float64Array is one memcpy and one hash.
// Not `o.buffer`: an own `buffer` or a subclass's `byteLength` would pick which bytes make
// the key.
function rawBytes(o, kind) {
  let src, buffer = o;
  try {
    const w = kind === BYTE_KINDS.DataView ? DATA_VIEW : TYPED_ARRAY;
    src = kind >= BYTE_KINDS.ArrayBuffer ? new Uint8Array(o) : new Uint8Array((buffer = w[0].call(o)), w[1].call(o), w[2].call(o));
  } catch {
    throw new Unhashable(typeName(o), "its buffer was detached (transferred) or shrunk", o);
  }
  // Shared memory is a channel that other threads write, even while it is read: two fresh
  // ones hold equal zeros yet are not interchangeable. It is keyed by which memory and
  // window it is, an identity (see `local`), not by what it holds at the moment.
  if (brand(BUFFER_BRANDS.ArrayBuffer, buffer) === NOT_BRANDED) {
    src = new Uint8Array(Float64Array.of(identity(buffer), src.byteOffset, src.length).buffer);
    kind += 32;
  }
  const n = src.length;
  ensure(6 + n);
  bytes[pos] = BYTES;
  bytes[pos + 1] = kind;
  view.setUint32(pos + 2, n, true);
  bytes.set(src, pos + 6);
  pos += 6 + n;
}

/** Why an object whose chain reaches the built-in class `native` was refused. */
function refusal(native) {
  if (Object.hasOwn(REFUSED, native)) return REFUSED[native];
  // One the walk keys, but this object lacks its internal state: `Object.create(Map.prototype)`.
  if (native === "Array" || FIELDED.has(native) || native.startsWith("Temporal.") || Object.hasOwn(PRIMITIVE_OF, native) || Object.hasOwn(BYTE_KINDS, native)) {
    return `it is not a real ${native}: it only inherits from one, or is a Proxy of one`;
  }
  return "it is a platform object (a handle or resource)";
}

// What the walk up from a prototype found, kept per prototype while every link still has
// the prototype it had: reading each class's constructor again on every call cost a fifth
// of a one-class instance's key, a third of a three-class one's. A class's identity is its
// name and text, so a constructor swapped on a prototype later changes nothing the key
// should see.
const chains = new WeakMap();

/** Whether a kept chain's links all have the prototypes, and the fields, they had. */
const holds = (c) => c.chain.every((p, i) => gp(p) === (c.chain[i + 1] ?? c.end)) && c.fields.every(same);

/** Whether a prototype still has the own enumerable fields walkChain saw, `[p, names, values]`. */
function same([p, names, values]) {
  const now = Object.keys(p);
  return now.length === names.length && now.every((n, i) => n === names[i] && Object.is(p[n], values[i]));
}

/** The chain of `o` from its prototype `proto` up: the one kept, or read now (and kept). */
function chainOf(o, proto) {
  let c = chains.get(proto);
  if (c === undefined || !holds(c)) {
    c = walkChain(o, proto);
    if (c.end !== undefined) chains.set(proto, c);
  }
  return c;
}

/**
 * For the object front cache: the kept chain of `o` (prototype `proto`) when its key is
 * its classes, own string-keyed fields and prototypes' fields that `same` checks, which a
 * finder can check and read (no built-in's state or class, no enumerable symbol-keyed
 * field, no getter or object on a prototype); else null. May throw as the walk would.
 */
export function plainInstanceChain(o, proto) {
  const c = chainOf(o, proto);
  // An empty chain is another realm's Object.prototype: a plain object, not an instance.
  return c.chain.length > 0 && c.end !== undefined && c.native === null && c.checkable && isPlainInstance(o, c) ? c : null;
}

/** The checks of plainInstanceChain that a finder repeats on every call (see front-objects.js). */
export function isPlainInstance(o, c) {
  // An inherited enumerable name; where holds checks the links' fields, one past the chain.
  for (const _ in c.fields.length > 0 ? c.end : c.chain[0]) return false;
  // A non-enumerable symbol (MobX's administration) is no part of the key, as for names.
  return enumerableSymbols(o).length === 0 && objectToString.call(o) === "[object Object]";
}

/** Whether `c`, from plainInstanceChain, is still the chain of `proto`. */
export const stillChain = (proto, c) => chains.get(proto) === c && holds(c);

/**
 * The constant bytes of such an instance's stream around its own fields: before them its
 * tag, class name, digest and item count, after them each prototype's empty fields. Written
 * past the stream in progress, which stays as it was.
 */
export function instanceFrame({ chain, name, digest }) {
  const start = pos;
  tag(INSTANCE);
  string(name ?? "", STRING);
  float64(NUMBER, digest);
  counted(ARRAY, chain.length + 1);
  const middle = pos;
  for (const p of chain) fields(p);
  const frame = [bytes.slice(start, middle), bytes.slice(middle, pos)];
  pos = start;
  return frame;
}

/** The chain, read link by link; `end` (where it stopped) is undefined when it is not kept. */
function walkChain(o, proto) {
  const chain = [];
  // Each link's own fields (an ES5 class's methods). `checkable`: all data, primitives or
  // functions of source, so equal by identity (see `same`) is written alike.
  const fields = [];
  let checkable = true;
  let name = null;
  let digest = 0;
  let native = null;
  let kept = true;
  let p = proto;
  for (; p !== null && p !== OP && !isIntrinsic(p, "Object"); p = gp(p)) {
    const names = Object.keys(p);
    const own = names.map((n) => ownProperty(p, n));
    checkable &&= own.every(({ value: v, get, set }) => !get && !set && (typeof v === "function" ? classOf(v).native === null : Object(v) !== v));
    fields.push([p, names, own.map((d) => d.value)]);
    const ctor = ownConstructor(p);
    if (typeof ctor === "function") {
      const c = classOf(ctor);
      const k = nativeKind(ctor, c);
      if (k !== null) {
        // Where a built-in's class ends the chain depends on the object (is it an array):
        // such a chain is read again each time.
        kept = false;
        if (!(k === "Array" && isArray(o))) {
          native = k;
          break;
        }
      }
      if (c.hidden) {
        throw new Unhashable(typeName(o), `its class ${ctor.name} keeps private (#) fields, which no hash can read: give hashFuncs an entry for it`, o);
      }
      name ??= String(ctor.name);
      digest = (digest * 31 + c.digest) % 9007199254740881;
    }
    if (chain.push(p) > MAX_DEPTH) throw new Unhashable(typeName(o), `its prototype chain is longer than ${MAX_DEPTH}`, o);
  }
  // With none, a for-in over the prototype sees a name added to any link.
  return { chain, name, digest, native, end: kept ? p : undefined, fields: checkable && fields.some((f) => f[1].length > 0) ? fields : [], checkable };
}

/**
 * An object whose prototype is not a realm's Object.prototype: its nearest class's name, a
 * digest of the classes on its chain up to a built-in one, then the built-in's state, its
 * own fields (elements, for an array) and each prototype's own fields, so
 * `Object.create({kind: "A"})` ≠ `Object.create({kind: "B"})`. A built-in whose slots it
 * lacks or whose state no walk sees, and a class with private (#) fields, are refused.
 */
function instance(o, proto, kind) {
  const { chain, name, digest, native } = chainOf(o, proto);
  // A generator's or an iterator's chain has no class to name: its tag is what it is.
  const refused =
    name === null && (Object.hasOwn(REFUSED, kind) ? REFUSED[kind] : /Generator|Iterator/.test(kind) && "iterating it would consume it");
  if (refused) throw new Unhashable(typeName(o), refused, o);
  tag(INSTANCE);
  string(name ?? "", STRING);
  float64(NUMBER, digest);
  // The count of items is known once the state, if any, is written.
  const countAt = counted(ARRAY, 0);
  // The array's items sit one level down, their values two.
  deeper(o);
  deeper(o);
  let items = chain.length;
  // A built-in's state; also where the chain does not show its class (a prototype whose
  // `constructor` was deleted).
  if (native !== null ? asBrand(o, kind, native) : kind !== "Object" && !isArray(o) && asBuiltIn(o, kind)) items++;
  else if (native !== null) throw new Unhashable(typeName(o), refusal(native), o);
  if (isArray(o)) {
    array(o);
    items++;
  }
  // Its own fields; where its own names list its elements (an array, a boxed string), the
  // other names: `rows` of `class Matrix extends Array`, "4294967295" (no index), "5" of a
  // 2-character string. Not a typed array's: a 1 MB Buffer would list a million names.
  if (!ArrayBuffer.isView(o) || native === "DataView") {
    const names = Object.keys(o);
    const end = isArray(o) ? 4294967295 : native === "String" ? o.length : 0;
    fields(o, end ? names.filter((n) => !isElement(n, end)) : names);
    items += 1 + symbolFields(o);
  }
  view.setUint32(countAt, items, true);
  for (const p of chain) fields(p);
  level -= 2;
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
  deeper(v);
  value(result);
  level--;
  applying = outer;
  return true;
}

/** Thrown by the walk when a hash function throws; api.js names it in the error. */
export class HashFuncFailure {
  constructor(func, typeName, cause, v) {
    this.func = func;
    this.typeName = typeName;
    this.cause = cause;
    this.value = v;
    this.path = "";
  }
}

// A hash function is user code, like a getter: a cached call it makes writes its stream
// past this one (see encodeArgs).
function callHashFunc(f, v, name) {
  try {
    return f(v);
  } catch (e) {
    throw new HashFuncFailure(f, name, e, v);
  }
}

/**
 * A readable type name for messages: the constructor's name where there is one. Never
 * throws, whatever the value (a revoked proxy, a throwing getter).
 */
function typeName(v) {
  if (v === null) return "null";
  if (typeof v !== "object" && typeof v !== "function") return typeof v;
  try {
    const ctor = v.constructor;
    if (typeof ctor === "function" && ctor.name) return String(ctor.name);
    return objectToString.call(v).slice(8, -1);
  } catch {
    return "Proxy";
  }
}
