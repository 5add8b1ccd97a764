// The argument encoder: walks the arguments once and writes the canonical, type-tagged
// stream (format: src/core/key.rs) straight into a region of wasm memory, so one call into
// wasm hashes it. Walking values from Rust through js-sys would cost ~4x JSON.stringify.

import { key_buffer } from "./wasm/cache_resource.js";

// Tags: must match `core::key::tag`.
const UNDEFINED = 0x00, NULL = 0x01, FALSE = 0x02, TRUE = 0x03, NUMBER = 0x04, NAN = 0x05,
  STRING = 0x06, STRING_UTF16 = 0x07, BIGINT = 0x08, ARRAY = 0x09, OBJECT = 0x0a, END = 0x0b,
  BACKREF = 0x0c, SKIPPED = 0x0d;

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
const open = [];

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
  base = key_buffer(minBytes);
  refreshViews();
}

// Any growth of wasm memory (an allocation anywhere in Rust) detaches our views.
function refreshViews() {
  capacity = memory.buffer.byteLength - base;
  bytes = new Uint8Array(memory.buffer, base, capacity);
  view = new DataView(memory.buffer, base, capacity);
}

function ensure(n) {
  if (pos + n > capacity) grow(Math.max(pos + n, capacity * 2));
}

// A view over a detached buffer has length 0; checking that costs ~2 ns where comparing
// `bytes.buffer !== memory.buffer` costs ~40 (the getter is a runtime call).
const detached = () => bytes.length === 0;

/** The 128-bit key wasm left in the key slot after a miss, as four u32 words. */
export function readKey() {
  if (detached()) refreshViews();
  return [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
}

/** Whether the last stream holds an unordered container (wasm canonicalizes those). */
export function hasUnordered() {
  return unordered;
}

/**
 * Writes the key stream of `args` and returns its length in bytes. `skip[i]` true leaves
 * argument i out of the key. Trailing `undefined` arguments are dropped: `f(1)` and
 * `f(1, undefined)` are the same call to a JS function. Throws `Unhashable` with
 * `.index` set to the offending argument.
 */
export function encodeArgs(args, skip) {
  if (detached()) refreshViews();
  unordered = false;
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
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
    if (skip !== null && skip[i]) {
      if (p + 1 > capacity) {
        pos = p;
        grow(p + 1);
        b = bytes;
      }
      b[p++] = SKIPPED;
      continue;
    }
    const t = typeof v;
    if (t === "string" && v.length < 48) {
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
      if (e instanceof Unhashable) e.index = i;
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

function value(v) {
  switch (typeof v) {
    case "number":
      if (v !== v) return tag(NAN);
      ensure(9);
      bytes[pos] = NUMBER;
      view.setFloat64(pos + 1, v, true);
      pos += 9;
      return;
    case "string":
      return string(v, STRING);
    case "boolean":
      return tag(v ? TRUE : FALSE);
    case "undefined":
      return tag(UNDEFINED);
    case "bigint":
      return string(v.toString(16), BIGINT);
    case "object":
      if (v === null) return tag(NULL);
      return object(v);
    default:
      throw new Unhashable(typeof v, `a ${typeof v} is not hashed by value yet`);
  }
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
    const n = o.length;
    ensure(5);
    bytes[pos] = ARRAY;
    view.setUint32(pos + 1, n, true);
    pos += 5;
    for (let i = 0; i < n; i++) value(o[i]);
  } else {
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      open.pop();
      throw new Unhashable(typeName(o), "only primitives, arrays and plain objects are hashed by value yet");
    }
    unordered = true;
    tag(OBJECT);
    for (const k of Object.keys(o)) {
      string(k, STRING);
      value(o[k]);
    }
    tag(END);
  }
  open.pop();
}

/** A readable type name for messages: the constructor's name where there is one. */
export function typeName(v) {
  if (v === null) return "null";
  if (typeof v !== "object" && typeof v !== "function") return typeof v;
  const tagged = Object.prototype.toString.call(v).slice(8, -1);
  const ctor = v.constructor;
  return typeof ctor === "function" && ctor.name ? ctor.name : tagged;
}
