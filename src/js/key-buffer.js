// The key buffer: a region of wasm memory that the encoder writes key streams and texts
// into and wasm reads them from in place, with the out slot at its start where wasm leaves
// a key or digest. This module owns every view of wasm memory: any allocation in Rust may
// grow memory, which detaches them, and they are made again here.

import { core } from "./wasm.js";

const utf8 = new TextEncoder();

let memory = null;
let base = 0;
/** The region's size in bytes. */
export let capacity = 0;
/** The region, as bytes and as a DataView; length 0 once a growth of memory detached them. */
export let bytes = new Uint8Array(0);
export let view = new DataView(bytes.buffer);
let words = new Uint32Array(0);

/** Called once with the instantiated module's memory. */
export function attachMemory(wasmMemory) {
  memory = wasmMemory;
  grow(4096);
}

// wasm doubles the region itself, up to its limit: asking for more than `minBytes` here
// would make the limit depend on how large earlier arguments were.
/** Makes the region at least `minBytes` long, keeping what it holds. */
export function grow(minBytes) {
  // Past 32 bits, wasm would see the size wrapped around.
  const at = minBytes > 0xffffffff ? 0 : core.key_buffer(minBytes) >>> 0;
  if (at === 0) throw new RangeError("its key would pass the 512 MB limit");
  base = at;
  // The region's own size, never "the rest of memory": past it lies Rust's heap.
  capacity = core.key_buffer_len() >>> 0;
  refreshViews();
}

function refreshViews() {
  bytes = new Uint8Array(memory.buffer, base, capacity);
  view = new DataView(memory.buffer, base, capacity);
}

/**
 * Makes the views valid again after a call into wasm (or user code that made one). A view
 * over a detached buffer has length 0; checking that costs ~2 ns where comparing
 * `bytes.buffer !== memory.buffer` costs ~40 (the getter is a runtime call).
 */
export function freshViews() {
  if (bytes.length === 0) refreshViews();
}

/**
 * Writes `texts` one after another as UTF-8 from offset `at`, growing the region as
 * needed; returns `at` and their lengths, for the exports that read texts from the buffer.
 */
export function writeTextsAt(at, texts) {
  freshViews();
  let need = at;
  for (const t of texts) need += 3 * t.length; // UTF-8 needs at most 3 bytes per UTF-16 unit
  if (need > capacity) grow(need);
  const out = [at];
  let p = at;
  for (const t of texts) {
    // ASCII by hand: where names are ids, each call writes a new shape's names, and
    // encodeInto's call cost 400 of its 1,150 ns in Chromium.
    let n = t.length;
    let i = 0;
    while (i < n && t.charCodeAt(i) < 0x80) bytes[p + i] = t.charCodeAt(i++);
    if (i < n) n = utf8.encodeInto(t, bytes.subarray(p, p + 3 * n)).written;
    out.push(n);
    p += n;
  }
  return out;
}

/** The four u32 words wasm left in the out slot: the key after a miss, or a shape digest. */
export function readKey() {
  freshViews();
  return [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
}

/**
 * All of wasm memory as u32s, for reading records wasm leaves in place (release records):
 * valid until the next call into wasm, which may grow memory.
 */
export function memoryWords() {
  if (words.length === 0) words = new Uint32Array(memory.buffer);
  return words;
}

/** A view of `count` u32s at `address` in wasm memory, valid until memory grows. */
export function wordsAt(address, count) {
  return new Uint32Array(memory.buffer, address >>> 0, count);
}

/** A copy of the `count` numbers of the report an export just left in wasm (see report_at). */
export function takeReport(count) {
  return new Float64Array(memory.buffer, core.report_at(), count).slice();
}

/** The size of wasm memory, which never shrinks: the registry's high-water mark. */
export function memoryBytes() {
  return memory.buffer.byteLength;
}
