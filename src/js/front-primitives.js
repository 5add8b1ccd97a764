// The front cache: a call whose arguments are all primitives (numbers, strings of up to
// 4,096 UTF-16 units, booleans, undefined, null, bigints) finds its entry's slot through a
// trie with one level per argument, instead of encoding and hashing them in wasm. A path
// is recorded when a call found its entry the full way (so an entry used once costs
// nothing here), and removed when the slot is released (`forget` in slots.js), so a path
// never outlives its entry. Functions whose `hashFuncs` take over a primitive type (by
// its `typeof` name) never use it. Calls with plain objects or arrays among their arguments
// have a front cache of their own, front-objects.js, which shares keyOf.
//
// Each argument becomes a *front key* whose `===` is the key stream's equality: itself,
// except -0 (=== 0) and NaN (!== NaN), which get symbols. A trie node that has seen one
// key is a pair `[key, next]` compared with `===`; a second key turns it into a Map.
// Most functions vary in one or two arguments, so most levels are a comparison, not a
// Map.get. (Measured against this: short lists of whole records, 66 ns for a 3-argument
// hit where this takes about 35.)

const MINUS_ZERO = Symbol("-0");
const NAN = Symbol("NaN");
const SKIPPED = Symbol("skipped parameter");
/** keyOf's answer for an argument the front cache does not take. */
const NO = Symbol("no front key");
// A path holds its keys, and a Map finds a string by the hash V8 keeps in it: up to this
// length (a query's text, a prompt), a hit costs a comparison, not a hash of every unit
// in wasm. Longer strings take the full path, so that a path holds no big one.
const MAX_STRING = 4096;
// Longer argument lists take the full path too: a path is inserted and removed by
// recursion, one frame per argument.
const MAX_ARGS = 256;

/** Cache id -> [argument count -> trie node; for no arguments, the slot]. */
const roots = [];
/** Slot -> [cache id, count, ...argument keys]: its path, removed on release. */
const paths = [];
// Named apart, as frontKey is; slots.js `reserve` keeps it as long as the slot table.
export const primitivePaths = paths;

function keyOf(v) {
  switch (typeof v) {
    case "number":
      return v === 0 ? (1 / v < 0 ? MINUS_ZERO : 0) : v === v ? v : NAN;
    case "string":
      return v.length <= MAX_STRING ? v : NO;
    case "boolean":
    case "undefined":
    case "bigint":
      return v;
    case "object":
      return v === null ? null : NO;
    default:
      return NO;
  }
}

// Shared with front-objects.js under other names: V8 keeps an exported binding in a
// module cell, and reading keyOf and NO from there cost 2-4 ns per 3-argument hit in
// Chromium (measured).
export const frontKey = keyOf;
export const NOT_A_KEY = NO;

/** The value a front key stands for: keyOf's inverse. */
export function fromKey(k) {
  return k === MINUS_ZERO ? -0 : k === NAN ? NaN : k;
}

/**
 * The slot recorded for the first `n` arguments (`skip[i]` marks an ignored one), or -1.
 * `n` is the key's argument count: trailing undefined and ignored arguments dropped.
 */
export function find(id, args, n, skip) {
  const byCount = roots[id];
  if (byCount === undefined) return -1;
  let node = byCount[n];
  for (let i = 0; i < n && node !== undefined; i++) {
    const k = skip !== null && skip[i] ? SKIPPED : keyOf(args[i]);
    if (k === NO) return -1;
    // child(node, k) by hand: this loop is the whole of a front hit, and the call (with
    // its own undefined check) measured 1-2 ns slower on a 3-argument hit.
    node = Array.isArray(node) ? (node[0] === k ? node[1] : undefined) : node.get(k);
  }
  return node === undefined ? -1 : node;
}

/**
 * find() for a call of at most three arguments `a0, a1, a2`, none of them ignored,
 * read from the wrapper's parameters instead of an array.
 */
export function findFew(id, a0, a1, a2) {
  const byCount = roots[id];
  if (byCount === undefined) return -1;
  // Trailing undefined arguments are no part of the key (encode.js keyLength).
  const n = a2 !== undefined ? 3 : a1 !== undefined ? 2 : a0 !== undefined ? 1 : 0;
  let node = byCount[n];
  // Unrolled: a loop choosing among a0..a2 measured 2 ns slower per 3-argument hit.
  if (n === 0 || node === undefined) return node === undefined ? -1 : node;
  let k = keyOf(a0);
  if (k === NO) return -1;
  node = Array.isArray(node) ? (node[0] === k ? node[1] : undefined) : node.get(k);
  if (n === 1 || node === undefined) return node === undefined ? -1 : node;
  k = keyOf(a1);
  if (k === NO) return -1;
  node = Array.isArray(node) ? (node[0] === k ? node[1] : undefined) : node.get(k);
  if (n === 2 || node === undefined) return node === undefined ? -1 : node;
  k = keyOf(a2);
  if (k === NO) return -1;
  node = Array.isArray(node) ? (node[0] === k ? node[1] : undefined) : node.get(k);
  return node === undefined ? -1 : node;
}

/** The child of `node` (or of no node) under front key `k`, or undefined. */
function child(node, k) {
  if (node === undefined) return undefined;
  return Array.isArray(node) ? (node[0] === k ? node[1] : undefined) : node.get(k);
}

/** `node` with `k` leading to `next`: a pair while it has one key, else a Map. */
function withChild(node, k, next) {
  if (node === undefined) return [k, next];
  if (!Array.isArray(node)) return node.set(k, next);
  if (node[0] === k) {
    node[1] = next;
    return node;
  }
  return new Map([[node[0], node[1]], [k, next]]);
}

/** `node` without `k`; undefined once empty. */
function withoutChild(node, k) {
  if (Array.isArray(node)) return node[0] === k ? undefined : node;
  node.delete(k);
  return node.size === 0 ? undefined : node;
}

/**
 * Records that these arguments are the entry in `slot`; false when they are not all
 * primitives (front-objects.js may take them).
 */
export function remember(id, args, n, skip, slot) {
  if (paths[slot] !== undefined) return true; // one entry, one key, one path: already there
  if (n > MAX_ARGS) return false;
  const path = [id, n];
  for (let i = 0; i < n; i++) {
    const k = skip !== null && skip[i] ? SKIPPED : keyOf(args[i]);
    if (k === NO) return false;
    path.push(k);
  }
  const byCount = (roots[id] ??= []);
  byCount[n] = n === 0 ? slot : insert(byCount[n], path, 2, slot);
  paths[slot] = path;
  return true;
}

/** `node` with the keys path[i..] leading to `slot`. */
function insert(node, path, i, slot) {
  const k = path[i];
  return withChild(node, k, i + 1 === path.length ? slot : insert(child(node, k), path, i + 1, slot));
}

/** Drops what is left of a cache that is gone (its entries were released first). */
export function forgetPaths(id) {
  roots[id] = undefined;
}

/** Removes the path of a released slot, and the nodes it leaves empty. */
export function forgetSlot(slot) {
  const path = paths[slot];
  if (path === undefined) return;
  paths[slot] = undefined;
  const byCount = roots[path[0]];
  const n = path[1];
  if (n === 0) {
    if (byCount[0] === slot) byCount[0] = undefined;
    return;
  }
  byCount[n] = remove(byCount[n], path, 2, slot);
}

/** `node` without the keys path[i..] leading to `slot`; undefined once empty. */
function remove(node, path, i, slot) {
  if (node === undefined) return undefined;
  const k = path[i];
  const next = child(node, k);
  // A later entry may have taken this path over; then it is that entry's to remove.
  if (i + 1 === path.length) return next === slot ? withoutChild(node, k) : node;
  const rest = remove(next, path, i + 1, slot);
  return rest === undefined ? withoutChild(node, k) : rest === next ? node : withChild(node, k, rest);
}
