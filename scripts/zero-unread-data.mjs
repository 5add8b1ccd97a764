// Zeroes data in the built wasm module that nothing reads, so that it gzips to almost
// nothing. Data segments are bytes at fixed addresses, so wasm-opt cannot remove them even
// where it removed every reader. Two kinds, both left by panics, whose handler here traps
// without reading its message or location:
// - core::fmt's table of decimal digit pairs ("000102…99"), read only by integer
//   formatting, which wasm-opt removed as unreachable (200 digits: 206 bytes gzipped);
// - the file names of panic locations (`src/core/table.rs`, alloc's paths under
//   `/rustc/<commit>/library/`), which a location holds as a pointer and a length and only
//   a panic message would print (140 bytes gzipped).
// Either is zeroed only where no instruction holds an address inside it; the digit table
// also only where no word of data does (a location is such a word, by definition).
// Usage: node scripts/zero-unread-data.mjs <module.wasm>   (wasm-dis from node_modules)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const file = process.argv[2];
const wasm = readFileSync(file);
const TABLE = Buffer.from(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join(""));

/** A LEB128 unsigned integer at `at`: [value, bytes read]. */
function leb(at) {
  let value = 0;
  let shift = 0;
  let n = 0;
  for (;;) {
    const byte = wasm[at + n++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, n];
  }
}

/** Active data segments of memory 0 with a constant offset: `{ address, start, length }` (start: in the file). */
function segments() {
  const out = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, n] = leb(at + 1);
    const body = at + 1 + n;
    if (id === 11) {
      let p = body;
      const [count, m] = leb(p);
      p += m;
      for (let i = 0; i < count; i++) {
        const kind = wasm[p++];
        if (kind !== 0 || wasm[p] !== 0x41) return []; // only `i32.const N; end` offsets are read here
        // The offset is a signed LEB128; addresses here are far below 2^31, so it reads as unsigned.
        const [address, k] = leb(p + 1);
        p += 1 + k + 1;
        const [length, q] = leb(p);
        p += q;
        out.push({ address, start: p, length });
        p += length;
      }
    }
    at = body + size;
  }
  return out;
}

const all = segments();
/** Where address `a` is in the file, or -1 outside every segment. */
const fileOffset = (a) => {
  const s = all.find((s) => a >= s.address && a < s.address + s.length);
  return s === undefined ? -1 : s.start + a - s.address;
};

// Addresses in code: constants and the static offsets of loads and stores.
const text = execFileSync("node_modules/.bin/wasm-dis", [file], { encoding: "utf8", maxBuffer: 1 << 28 });
const inCode = [...text.matchAll(/(?:i32\.const |offset=)(-?\d+)/g)].map((m) => Number(m[1]));
/** The data's aligned u32 words, `{ at, value }`: where a pointer would be. */
const words = [];
for (const s of all) {
  for (let a = (s.address + 3) & ~3; a + 4 <= s.address + s.length; a += 4) words.push({ at: a, value: wasm.readUInt32LE(s.start + a - s.address) });
}

/** Ranges [from, to) of addresses to zero, each with what it is. */
const ranges = [];
for (const s of all) {
  const offset = wasm.subarray(s.start, s.start + s.length).indexOf(TABLE);
  if (offset === -1) continue;
  const from = s.address + offset;
  const to = from + TABLE.length;
  if (words.some((w) => w.value >= from && w.value < to)) console.log(`zero-unread-data: data points into the digit table at ${from}; kept`);
  else ranges.push({ from, to, what: "digit table" });
}
// A location's file: a data word pointing at text that names a Rust file, followed by its length.
for (let i = 0; i + 1 < words.length; i++) {
  const { value: from } = words[i];
  const { at, value: length } = words[i + 1];
  if (at !== words[i].at + 4 || length < 4 || length > 512) continue;
  const start = fileOffset(from);
  if (start === -1 || fileOffset(from + length - 1) !== start + length - 1) continue;
  const name = wasm.toString("latin1", start, start + length);
  if (/^[\x21-\x7e]+\.rs$/.test(name) && !ranges.some((r) => r.from === from)) ranges.push({ from, to: from + length, what: name });
}

for (const { from, to, what } of ranges) {
  if (inCode.some((a) => a >= from && a < to)) {
    console.log(`zero-unread-data: code holds an address inside ${what} at ${from}; kept`);
    continue;
  }
  const start = fileOffset(from);
  wasm.fill(0, start, start + to - from);
}
writeFileSync(file, wasm);
