// The shape table (src/js/object-shapes.js), driven directly: a set of names is sorted and
// digested until it has been met three times, and kept from then on, however the sets
// that wait come and go. A set met in rotation with many others must still be kept, or
// every call with such an object sorts and digests its names again.
import { test } from "node:test";
import { ok, strictEqual } from "node:assert/strict";
// Instantiates the wasm module, which digests the names.
import "cache-resource";
import { shapeOfNames } from "../../pkg/encode.js";

/** Meets each set of names in turn, `rounds` times; true when every set came back kept. */
function keptInRotation(sets, rounds) {
  const last = new Map();
  for (let r = 0; r < rounds; r++) {
    for (const names of sets) last.set(names, shapeOfNames([...names]));
  }
  // Kept: one more meeting gives the very shape the last one gave.
  return sets.every((names) => shapeOfNames([...names]) === last.get(names));
}

test("sets of names that share a first name, met in rotation, are each kept", () => {
  const queries = Array.from({ length: 16 }, (_, s) => ["kind", "page", `filter${s}`, `sort${s}`]);
  ok(keptInRotation(queries, 4));
});

test("a thousand names that are ids, met in rotation, are each kept", () => {
  const ids = Array.from({ length: 1000 }, (_, i) => [`user:${i}`, "team"]);
  ok(keptInRotation(ids, 4));
});

test("equal sets give equal digests, in any order, kept or not", () => {
  const a = shapeOfNames(["x", "y", "z"]);
  const b = shapeOfNames(["z", "x", "y"]);
  for (const d of ["d0", "d1", "d2", "d3"]) strictEqual(a[d], b[d]);
  const c = shapeOfNames(["x", "y", "w"]);
  ok(["d0", "d1", "d2", "d3"].some((d) => a[d] !== c[d]), "another set, another digest");
});
