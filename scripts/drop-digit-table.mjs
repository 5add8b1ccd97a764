// Zeroes core::fmt's table of decimal digit pairs ("000102…99") in the built wasm module.
// Integer formatting is what reads it, and nothing here formats: the panic handler traps
// without reading its message, so wasm-opt removed the formatting code as unreachable. It
// cannot remove the table, since data segments are bytes at fixed addresses, and 200 digits
// cost 206 bytes of the gzipped module. The table is zeroed only where no instruction and
// no word of data holds an address inside it; otherwise the module is left as it is.
// Usage: node scripts/drop-digit-table.mjs <module.wasm>   (wasm-dis from node_modules)
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
const found = all
  .map((s) => ({ ...s, offset: wasm.subarray(s.start, s.start + s.length).indexOf(TABLE) }))
  .find((s) => s.offset !== -1);
if (found === undefined) {
  console.log("drop-digit-table: no digit table in the module; nothing to do");
  process.exit(0);
}
const from = found.address + found.offset;
const to = from + TABLE.length;
const inside = (a) => a >= from && a < to;

// Addresses in code: constants and the static offsets of loads and stores.
const text = execFileSync("node_modules/.bin/wasm-dis", [file], { encoding: "utf8", maxBuffer: 1 << 28 });
const inCode = [...text.matchAll(/(?:i32\.const |offset=)(-?\d+)/g)].map((m) => Number(m[1])).filter(inside);
// Addresses in data: a pointer to the table kept in another static.
const inData = [];
for (const s of all) {
  for (let i = 0; i + 4 <= s.length; i++) if (inside(wasm.readUInt32LE(s.start + i))) inData.push(s.address + i);
}
if (inCode.length > 0 || inData.length > 0) {
  console.log(`drop-digit-table: the digit table at ${from} is referenced (code ${inCode}, data ${inData}); kept`);
  process.exit(0);
}
wasm.fill(0, found.start + found.offset, found.start + found.offset + TABLE.length);
writeFileSync(file, wasm);
