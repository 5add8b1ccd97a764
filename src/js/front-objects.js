// The front cache for calls with plain objects or arrays among their arguments, the way a
// frontend passes a config: `connect({ host, port, tls: { … } })` with a fresh object on
// every render. Encoding such an object for wasm costs a walk that writes every value, as
// JSON.stringify does; this finds the entry with a few reads instead.
//
// A *shape* is the structure of an argument list: which arguments are plain objects
// (prototype Object.prototype or null) with which own enumerable names in which order,
// which are arrays (prototype Array.prototype) of which length, nested up to MAX_NODES
// parts, and where its primitive *leaves* are. Each shape gets a finder, generated code
// that checks an argument list has that shape and looks its leaves' front keys
// (front.js) up among the shape's entries. Two argument lists of one shape with `===`
// leaves have equal key streams. The stream sorts names, so it may merge what this keeps
// apart ({a, b} and {b, a} are two shapes, leading to one entry), never the reverse. As in
// front.js, an entry is recorded on its first hit found the full way and dropped when its
// slot is released. Where `new Function` is forbidden (a Content-Security-Policy without
// 'unsafe-eval'), objects take the full path.
//
// A shape's entries are a crit-bit tree over leaf positions: a branch looks at one leaf
// and has a child per value seen there; the entry at the end is compared leaf by leaf.
// Ten configs that differ in their `id` cost one Map.get and one comparison.

import { frontKey as keyOf, NOT_A_KEY as NO } from "./front.js";
import { canGenerate, generate } from "./generate.js";
import { walkFailure } from "./encode.js";

// What a leaf of an array is when it is a hole: the key stream tells holes from undefined.
const HOLE = Symbol("hole");
// Parts (containers and leaves) of a shape. Bigger argument lists take the full path; so
// do cycles, which would describe forever.
const MAX_NODES = 256;
// Shapes per cache and argument count. A function called with many shapes keeps the
// first ones; the others take the full path.
const MAX_SHAPES = 8;
/** A finder's answer for an argument list of another shape. */
const OTHER_SHAPE = -2;

const gp = Object.getPrototypeOf;
const { isArray } = Array;
const OP = Object.prototype;
const AP = Array.prototype;
// With an enumerable name on Object.prototype (a polyfill, a polluted prototype), for-in
// would list it as a plain object's own. Finders then step aside.
const EMPTY = {};

// Finders by their code, shared by every cache that meets the shape: the call site in
// findObject then sees one function, not one per cache (with one per cache, a page of six
// caches hit in 132 ns from the second on, against 117). Bounded, since they are kept.
const finders = new Map();
const MAX_FINDERS = 512;

/** Cache id -> [argument count -> shapes]. */
const roots = [];
/** Slot -> its entry, removed on release. */
const entries = [];

/** A crit-bit tree node: a branch (`kids` a Map from the leaf at `pos`) or an entry. */
class Node {
  constructor(pos, kids, leaves, slot, shape) {
    this.pos = pos;
    this.kids = kids;
    this.leaves = leaves;
    this.slot = slot;
    this.shape = shape;
  }
}

/** The slot recorded for this argument list (see front.find), or -1. */
export function findObject(id, args, n) {
  const shapes = roots[id]?.[n];
  if (shapes === undefined) return -1;
  try {
    for (let s = 0; s < shapes.length; s++) {
      const shape = shapes[s];
      const slot = shape.find(args, shape.root);
      // An argument list has one shape: once one finder agrees, the others cannot.
      if (slot !== OTHER_SHAPE) return slot;
    }
  } catch {
    // A getter or proxy threw: the full path meets it again, and reports it.
  }
  return -1;
}

/**
 * Records that the argument list `captured` (see capture) is the entry in `slot`: only
 * what was hashed is recorded, never a second read of the arguments.
 */
export function rememberObject(id, found, n, slot) {
  if (found.code === null || entries[slot] !== undefined) return;
  const shapes = ((roots[id] ??= [])[n] ??= []);
  let shape = shapes.find((s) => s.code === found.code);
  if (shape === undefined) {
    if (shapes.length >= MAX_SHAPES) return;
    const find = finders.get(found.code) ?? compile(found.code);
    if (find === null) return;
    shape = { code: found.code, find, root: undefined, count: 0, list: shapes };
    shapes.push(shape);
  }
  const entry = new Node(-1, null, found.leaves, slot, shape);
  const same = insert(shape, entry);
  if (same !== null) {
    // An entry is only found under its own key, so that slot was released without a
    // word: this one takes the path over.
    entries[same.slot] = undefined;
    same.slot = slot;
    entries[slot] = same;
    return;
  }
  shape.count++;
  entries[slot] = entry;
}

/** Drops what is left of a cache that is gone (its entries were released first). */
export function forgetShapes(id) {
  roots[id] = undefined;
}

/** Drops the path of a released slot, and its shape once no entry uses it. */
export function forgetObject(slot) {
  const entry = entries[slot];
  if (entry === undefined) return;
  entries[slot] = undefined;
  const shape = entry.shape;
  remove(shape, entry);
  if (--shape.count === 0) shape.list.splice(shape.list.indexOf(shape), 1);
}

// ---- capturing an argument list

/**
 * Reads the first `n` arguments once, for the full path: returns `copy`, the arguments
 * with every plain object and array copied as read (getters and proxy traps run here and
 * nowhere else in the call), and, when the list has a shape, the finder's `code` and the
 * leaves' front keys. The key is hashed from `copy`, so a getter that answers differently
 * on a second read cannot make the recorded path disagree with the key. Null when no
 * argument is an object, or nothing could be recorded anyway (no code generation).
 *
 * The copy keeps what the key stream sees: holes, -0, sharing and cycles (a value met
 * twice is copied once). Anything else (a class instance, a Map, a container past
 * MAX_NODES) stays as it is, for the walk to read once.
 *
 * The finder's code is the shape's identity, and is straight-line: every read is of a
 * constant name on an object of one hidden class (inline-cached), the leaves stay in
 * locals, and each leaf comparison has type feedback of its own. Containers are read before
 * leaves: once V8 knows an object's hidden class from a read, its prototype check folds to
 * a constant. On a 20-field config this is 5× faster than an interpreted walk.
 */
export function capture(args, n, skip) {
  if (!canGenerate()) return null;
  let i = 0;
  while (i < n && (typeof args[i] !== "object" || args[i] === null || (skip !== null && skip[i]))) i++;
  if (i === n) return null;
  const g = { left: MAX_NODES, ok: true, seen: new Map(), names: [], head: [], reads: [], tail: [], leaves: [], vars: 0 };
  const copy = new Array(n);
  for (i = 0; i < n; i++) {
    if (skip !== null && skip[i]) continue; // a left-out argument is no part of the shape
    try {
      copy[i] = part(g, args[i], `a[${i}]`);
    } catch (e) {
      throw walkFailure(args[i], e, i);
    }
  }
  return { copy, code: g.ok ? finderCode(g) : null, leaves: g.leaves };
}

function finderCode(g) {
  const v = g.leaves.map((_, i) => `v${i}`);
  return [
    ...g.names.map((names, i) => `const N${i} = ${JSON.stringify(names)};`),
    "return function find(a, root) {",
    "for (const _ in EMPTY) return -2;",
    "let p, i, x;",
    ...g.head,
    ...g.reads,
    ...g.tail,
    "let node = root;",
    "while (node !== undefined && node.kids !== null) {",
    `switch (node.pos) { ${v.map((name, i) => `case ${i}: x = ${name}; break;`).join(" ")} }`,
    "node = node.kids.get(x);",
    "}",
    "if (node === undefined) return -1;",
    "const E = node.leaves;",
    `return ${["true", ...v.map((name, i) => `E[${i}] === ${name}`)].join(" && ")} ? node.slot : -1;`,
    "};",
  ].join("\n");
}

/** `v`, read by `expr`, copied where it is a plain container; describes it into `g`. */
function part(g, v, expr) {
  if (typeof v !== "object" || v === null) {
    if (g.ok && (--g.left < 0 || !leaf(g, keyOf(v), expr))) g.ok = false;
    return v;
  }
  const met = g.seen.get(v);
  if (met !== undefined) {
    g.ok = false; // shared or cyclic: fine for the key, beyond a straight-line finder
    return met;
  }
  if (isArray(v)) {
    const n = v.length;
    // A big or foreign array is left to the walk, unread here.
    if (gp(v) !== AP || n >= g.left) return unrecorded(g, v);
    g.left--;
    const out = new Array(n);
    g.seen.set(v, out);
    const c = container(g, expr);
    if (g.ok) g.head.push(`if (!isArray(${c}) || ${c}.length !== ${n} || gp(${c}) !== AP) return -2;`);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null) {
        out[i] = part(g, x, `${c}[${i}]`);
      } else if (x === undefined && !(i in v)) {
        if (g.ok && (--g.left < 0 || !leaf(g, HOLE, `${c}[${i}]`, `${i} in ${c} ? x : HOLE`))) g.ok = false;
      } else {
        if (g.ok && (--g.left < 0 || !leaf(g, keyOf(x), `${c}[${i}]`, `${i} in ${c} ? x : HOLE`))) g.ok = false;
        out[i] = x;
      }
    }
    return out;
  }
  const proto = gp(v);
  if (proto !== OP && proto !== null) return unrecorded(g, v);
  const names = Object.keys(v);
  if (names.length >= g.left) return unrecorded(g, v);
  g.left--;
  const out = {};
  g.seen.set(v, out);
  const c = container(g, expr);
  if (g.ok) {
    // Reading `constructor` tells V8 the hidden class before the prototype check.
    g.head.push(`${c}.constructor;`, `p = gp(${c});`, `if (p !== OP && p !== null) return -2;`);
    const k = g.names.push(names) - 1;
    g.tail.push(`i = 0;`, `for (const q in ${c}) if (q !== N${k}[i++]) return -2;`, `if (i !== ${names.length}) return -2;`);
  }
  for (const name of names) {
    // JSON string literals are exact JS string literals, lone surrogates included.
    const x = part(g, v[name], `${c}[${JSON.stringify(name)}]`);
    if (name === "__proto__") Object.defineProperty(out, name, { value: x, enumerable: true, writable: true, configurable: true });
    else out[name] = x;
  }
  return out;
}

/** A container the copy keeps as it is: the walk reads it, and no finder can describe it. */
function unrecorded(g, v) {
  g.ok = false;
  return v;
}

/** Names the container read by `expr` in the finder, and checks it is an object there. */
function container(g, expr) {
  const c = `c${g.vars++}`;
  if (g.ok) g.head.push(`const ${c} = ${expr};`, `if (typeof ${c} !== "object" || ${c} === null) return -2;`);
  return c;
}

/**
 * A leaf with front key `key`, read by `expr`: -0 and NaN become their keys, everything
 * else is compared as it is (a value no front key takes equals no recorded leaf).
 * `ifUndefined` tells an array's hole from an undefined element.
 */
function leaf(g, key, expr, ifUndefined = "x") {
  if (key === NO) return false;
  g.reads.push(`const v${g.leaves.length} = (x = ${expr}) === undefined ? ${ifUndefined} : x === x && x !== 0 ? x : k(x);`);
  g.leaves.push(key);
  return true;
}

/** A shape's finder from its code, or null where code generation is forbidden. */
function compile(code) {
  const factory = generate(["k", "gp", "isArray", "OP", "AP", "HOLE", "EMPTY"], code);
  if (factory === null) return null;
  const find = factory(keyOf, gp, isArray, OP, AP, HOLE, EMPTY);
  if (finders.size < MAX_FINDERS) finders.set(code, find);
  return find;
}

// ---- the crit-bit tree of a shape's entries

/**
 * Adds `entry` to its shape's tree; returns the entry already there with the same leaves
 * (then nothing is added), or null.
 */
function insert(shape, entry) {
  const leaves = entry.leaves;
  if (shape.root === undefined) {
    shape.root = entry;
    return null;
  }
  // Any entry that agrees with `leaves` wherever the branches on its way look.
  let near = shape.root;
  while (near.kids !== null) near = near.kids.get(leaves[near.pos]) ?? near.kids.values().next().value;
  let d = 0;
  while (d < leaves.length && near.leaves[d] === leaves[d]) d++;
  if (d === leaves.length) return near;
  // All entries under a branch at `pos` agree before `pos`; the new branch goes above the
  // first node that looks past `d`.
  let parent = null;
  let node = shape.root;
  while (node.kids !== null && node.pos < d) {
    parent = node;
    node = node.kids.get(leaves[node.pos]);
  }
  if (node.kids !== null && node.pos === d) {
    node.kids.set(leaves[d], entry);
    return null;
  }
  const branch = new Node(d, new Map([[near.leaves[d], node], [leaves[d], entry]]), null, -1, shape);
  if (parent === null) shape.root = branch;
  else parent.kids.set(leaves[parent.pos], branch);
  return null;
}

/** Takes `entry` out of its shape's tree; a branch left with one child gives way to it. */
function remove(shape, entry) {
  const leaves = entry.leaves;
  let grandparent = null;
  let parent = null;
  let node = shape.root;
  while (node !== undefined && node.kids !== null) {
    grandparent = parent;
    parent = node;
    node = node.kids.get(leaves[node.pos]);
  }
  if (node !== entry) return;
  if (parent === null) {
    shape.root = undefined;
    return;
  }
  parent.kids.delete(leaves[parent.pos]);
  if (parent.kids.size > 1) return;
  const only = parent.kids.values().next().value;
  if (grandparent === null) shape.root = only;
  else grandparent.kids.set(leaves[grandparent.pos], only);
}
