// The shape table: the set of names an object has, sorted and digested once, so a key
// writes an object's shape as a digest and its values in sorted-name order ({a, b} and
// {b, a} write the same bytes, and no name is written per call). A shape met often gets a
// reader compiled for it.

import { core } from "./wasm.js";
import { generate } from "./generate.js";
import { readKey, writeTextsAt } from "./key-buffer.js";

// A shape met this often gets a reader of its own, `value(o["a"]); value(o["b"]); ...`:
// constant-name reads are inline-cached per shape, where the generic loop's `o[name]`
// reads are megamorphic. It speeds the full path (misses, first hits); repeated hits are
// the front cache's.
export const COMPILE_AFTER = 8;
// Big objects gain most: a megamorphic `o[name]` read costs 25 ns in an object of 100
// names and 40–50 in one of 1,000, a reader's read 4 and 12 (Node 20). Past 64 KB of code
// (some 3,000 short names) none is made: V8 keeps at most 1,020 names in the fast mode
// these reads are cached for, and reads from its dictionaries cost about the same either
// way (10% more by a reader of 4,000 names).

/** `(o, value) => void` reading `o`'s values in the shape's sorted order, or null without code generation. */
export function compileReader(shape) {
  const sorted = shape.order?.map((i) => shape.names[i]) ?? shape.names;
  // JSON string literals are exact JS string literals, lone surrogates included.
  const code = sorted.map((n) => `value(o[${JSON.stringify(n)}]);`).join("\n");
  // A reader is kept as long as its shape: past 2 M characters of code made since the shape
  // table last started over, shapes get none until it does again.
  if (code.length > 65_536 || (readerCode += code.length) > 2e6) return null;
  return generate(["o", "value"], code);
}

// Shapes kept, by their names in enumeration order, grouped by the first name. Objects
// built by the same code enumerate their names in the same order, so a shape is found by
// comparing names (interned strings). Forgetting shapes only costs a re-sort: the digest
// depends on the names alone.
const shapes = new Map();
let shapeCount = 0;
let readerCode = 0;
const MAX_SHAPES = 4096;
const MAX_SHAPES_PER_FIRST_NAME = 32; // dictionaries keyed by ids share a first name
// A shape is kept once met a third time; until then it waits here, by its first name or,
// where another waits there, all its names. For ids as names (`{ [id]: true }`) a list
// each in `shapes` cost more than digesting again; 256 slots by first name let a thousand
// such keys push each other out, each hit digesting (1.4 us in Chromium, 0.7 here).
const waiting = new Map();
const MAX_WAITING = 4096;

/**
 * The shape of an object whose own enumerable names are `names`, in enumeration order:
 * `{ names, order, d0..d3, uses, met, read }`, where `order` lists indexes into `names` in
 * sorted order (null when already sorted) and d0..d3 is the 128-bit digest of the sorted
 * names. A new shape's names are written at `freeAt` in the key buffer, past any stream in
 * progress.
 */
export function shapeOf(names, freeAt) {
  const n = names.length;
  const first = n === 0 ? "" : names[0];
  let list = shapes.get(first);
  if (list !== undefined) {
    for (let s = list.length - 1; s >= 0; s--) if (sameNames(list[s].names, names)) return list[s];
  }
  let at = first;
  let shape = waiting.get(at);
  if (shape !== undefined && !sameNames(shape.names, names)) shape = waiting.get((at = names.join("\0")));
  if (shape === undefined || !sameNames(shape.names, names)) {
    if (waiting.size >= MAX_WAITING) waiting.clear();
    waiting.set(at, (shape = digested(names, freeAt)));
    return shape;
  }
  if (++shape.met < 2) return shape;
  waiting.delete(at);
  if (shapeCount >= MAX_SHAPES) {
    shapes.clear();
    shapeCount = readerCode = 0;
    list = undefined;
  }
  if (list === undefined) shapes.set(first, (list = []));
  else if (list.length >= MAX_SHAPES_PER_FIRST_NAME) {
    list.shift();
    shapeCount--;
  }
  list.push(shape);
  shapeCount++;
  return shape;
}

function sameNames(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function digested(names, freeAt) {
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  // JSON text: unambiguous, and it escapes lone surrogates that a UTF-8 copy would mangle.
  const [at, len] = writeTextsAt(freeAt, [JSON.stringify(order.map((i) => names[i]))]);
  if (!core.shape_digest_at(at, len)) throw new Error("cache-resource: internal error: shape digest");
  const words = readKey();
  return {
    names, order: order.every((x, i) => x === i) ? null : order, d0: words[0], d1: words[1], d2: words[2], d3: words[3],
    uses: 0, met: 0, read: null,
  };
}
