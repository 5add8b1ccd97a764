// The front cache: a call whose arguments are all primitives (numbers, strings of up to
// 256 UTF-16 units, booleans, undefined, null, bigints) finds its entry's slot through
// nested Maps, one level per argument, instead of encoding and hashing them in wasm.
// Map keys compare by SameValueZero, which for these types is the key stream's own
// equality except that 0 and -0 are one key: -0 gets a key of its own. A path is recorded
// when a call found or stored its entry the full way, and removed when the slot is
// released (`forget` in slots.js), so a path never outlives its entry. Functions with
// `hashFuncs` never use it: a hash function may take over a primitive type.
//
// (Measured against this: records compared with `===` in short lists, turned into Maps
// when they grow. Fewer Map lookups, but a 3-argument hit took 66 ns instead of 44.)

const MINUS_ZERO = Symbol("-0");
const SKIPPED = Symbol("skipped parameter");
/** keyOf's answer for an argument the front cache does not take. */
const NO = Symbol("no front key");
// Longer strings take the full path: a path holds its keys, and should not hold a big one.
const MAX_STRING = 256;

/** Cache id -> [argument count -> nested Maps, one per argument -> slot; for none, the slot]. */
const roots = [];
/** Slot -> [cache id, count, ...argument keys]: its path, removed on release. */
const paths = [];

function keyOf(v) {
  switch (typeof v) {
    case "number":
      return v === 0 && 1 / v < 0 ? MINUS_ZERO : v;
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
    node = node.get(k);
  }
  return node === undefined ? -1 : node;
}

/** Records that these arguments are the entry in `slot`, if they are all primitives. */
export function remember(id, args, n, skip, slot) {
  if (paths[slot] !== undefined) return; // one entry, one key, one path: already there
  const path = [id, n];
  for (let i = 0; i < n; i++) {
    const k = skip !== null && skip[i] ? SKIPPED : keyOf(args[i]);
    if (k === NO) return;
    path.push(k);
  }
  const byCount = (roots[id] ??= []);
  if (n === 0) {
    byCount[0] = slot;
  } else {
    let node = byCount[n];
    if (node === undefined) byCount[n] = node = new Map();
    for (let i = 2; i < path.length - 1; i++) {
      let next = node.get(path[i]);
      if (next === undefined) node.set(path[i], (next = new Map()));
      node = next;
    }
    node.set(path[path.length - 1], slot);
  }
  paths[slot] = path;
}

/** Removes the path of a released slot, and the Maps it leaves empty. */
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
  // nodes[j] is the Map of argument j, reached through path[j + 1].
  const nodes = [byCount[n]];
  for (let i = 2; i < path.length - 1; i++) {
    const next = nodes[i - 2].get(path[i]);
    if (next === undefined) return;
    nodes.push(next);
  }
  const leafKey = path[path.length - 1];
  const last = nodes[nodes.length - 1];
  // A later entry may have taken this path over; then it is that entry's to remove.
  if (last.get(leafKey) !== slot) return;
  last.delete(leafKey);
  for (let i = nodes.length - 1; i > 0 && nodes[i].size === 0; i--) nodes[i - 1].delete(path[i + 1]);
  if (nodes[0].size === 0) byCount[n] = undefined;
}
