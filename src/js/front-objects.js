// The front cache for calls with plain objects, class instances or arrays among their
// arguments, the way a frontend passes a config: `connect({ host, port, tls: { … } })` with a fresh object on
// every render. Encoding such an object for wasm costs a walk that writes every value, as
// JSON.stringify does; this finds the entry with a few reads instead.
//
// A *shape* is the structure of an argument list: which arguments are plain objects
// (prototype Object.prototype or null) or class instances (of which prototype) with which
// set of own enumerable names, which are arrays (prototype Array.prototype) of which
// length, nested up to MAX_NODES parts, and where its primitive *leaves* are. An instance
// takes part only while its key is its classes and fields alone (encode.js
// plainInstanceChain), which its finder checks on every call. Each shape gets a finder,
// generated code that checks an argument list has that shape and looks its leaves' front
// keys (front-primitives.js) up among the shape's entries. Two argument lists of one shape with
// `===` leaves have equal key streams: the stream sorts names, so {a, b} and {b, a} are
// one shape. A finder checks names in the order first recorded, and as a set otherwise.
// As in front-primitives.js, an entry is recorded on a hit found the full way (the first
// once its cache copies what it reads, see capture) and dropped when its slot is released.
// Where `new Function` is forbidden (a Content-Security-Policy without 'unsafe-eval'),
// objects take the full path.
//
// A shape's entries are a crit-bit tree over leaf positions: a branch looks at one leaf
// and has a child per value seen there; the entry at the end is compared leaf by leaf.
// Ten configs that differ in their `id` cost one Map.get and one comparison.

import { fromKey, frontKey as keyOf, NOT_A_KEY as NO } from "./front-primitives.js";
import { canGenerate, generate } from "./generate.js";
import { encodeShaped, HOLE_LEAF as HOLE, instanceFrame, isPlainInstance, plainInstanceChain, shapeOfNames, stillChain, walkFailure } from "./encode.js";
import { ARRAY, OBJECT, SKIPPED } from "./abi.js";

// Parts (containers and leaves) of a shape. Bigger argument lists take the full path; so
// do cycles, which would describe forever.
const MAX_NODES = 256;
// Shapes per cache and argument count. A function called with more keeps the first ones;
// the others take the full path.
const MAX_SHAPES = 64;
// Up to this many shapes, a call tries their finders in turn. Past it, the names of its
// first object lead to the finders to try (see roots): with 16 shapes of query objects in
// rotation, tried in turn (and only 8 kept), a hit cost 0.64 µs in Chromium; so led, 0.16.
// With 4 shapes either way cost the same; with 8, being led was faster.
const TRIED = 4;
/** A finder's answer for an argument list of another shape. */
const OTHER_SHAPE = -2;
const NO_SHAPES = [];

const gp = Object.getPrototypeOf;
const { isArray } = Array;
const OP = Object.prototype;
const AP = Array.prototype;
const { slice } = AP;
// With an enumerable name on Object.prototype (a polyfill, a polluted prototype), for-in
// would list it as a plain object's own. Finders then step aside.
const EMPTY = {};

// Finders by their code, shared by every cache that meets the shape: the call site in
// findObject then sees one function, not one per cache (with one per cache, a page of six
// caches hit in 132 ns from the second on, against 117). Bounded, since they are kept.
const finders = new Map();
const MAX_FINDERS = 512;
// Cache id -> the outlines (see capture) it met once: a shape is described, and gets a
// finder, when met again. Where names are ids (`{ [id]: true }`) each key is a shape: a
// finder each cost 11 µs per key called twice, and every finder of a cache is tried on
// each of its calls. Per cache, so that one cache's stream of such keys cannot push
// another's outline out before it comes back.
const metOnce = [];
const MAX_MET_ONCE = 256;
// Cache id -> how many outlines in a row were new to it; past NEW_OUTLINES_IN_A_ROW it
// also counts hits found the full way (see uncopiedHit). 0 once an outline comes back.
const newOutlines = [];
const NEW_OUTLINES_IN_A_ROW = 4;

/**
 * Cache id -> [argument count -> shapes]. Each array of shapes also has `byNames`: the hash
 * of a shape's names (namesOf) -> the shapes of those names, kept as shapes come and go.
 * Only they can agree with a call whose names hash so: a call of names no shape has asks
 * no finder, however many shapes there are (where it asked each in turn, 64 keys of ids
 * as names with a new id every other call took 11.5 µs a call in Node, against 1.8).
 */
const roots = [];
// Cache id -> how many more argument lists the full path copies (see capture): a few after
// a hit found the full way uncopied, none from the next recording on. Object calls that
// all miss are walked uncopied (a small object's miss 450 ns, not 600). A few, since only
// a hit records: where every call missed after one such hit, each copied, and where names
// are ids each copy is a new hidden class (a miss cost 1.8 µs in Node, not 0.7).
const copying = [];
const COPIES_AFTER_HIT = 8;
// After a hit whose copy ran past MAX_NODES (so recorded nothing), this many hits found the
// full way walk uncopied: copying every other one, 100 rows of 4 fields hit in 31 µs, not 20.
const SKIPS_AFTER_PARTIAL = 16;
// A finder that matched its shape but found no entry leaves the leaves it read here, and
// findObject notes which argument list and shape they belong to: the full path then
// writes the key stream from them instead of reading the arguments a second time.
const read = [];
let missedArgs = null;
let missedShape = null;
// The classes whose instances finders read (see encode.js plainInstanceChain): their
// prototype and chain, under the number a finder's code names them by. Bounded, since
// they are kept; past it, instances of new classes take the full path.
const classes = [];
const MAX_CLASSES = 256;
// Prototype -> a number, for outlines: -1 for a plain object's.
const classIds = new WeakMap();
let nextClassId = 2;

function classId(proto) {
  if (proto === OP || proto === null) return -1;
  let id = classIds.get(proto);
  if (id === undefined) classIds.set(proto, (id = -nextClassId++));
  return id;
}

/** A finder's check that `o` is still an instance of known class `k` as it was recorded. */
function isKnownInstance(o, k) {
  const { proto, chain } = classes[k];
  return gp(o) === proto && stillChain(proto, chain) && isPlainInstance(o, chain);
}

/** Slot -> its entry, removed on release. */
const entries = [];
// Named apart, as frontKey is; slots.js `reserve` keeps it as long as the slot table.
export const objectEntries = entries;

/**
 * A crit-bit tree node: a branch (`kids` a Map from the leaf at `pos`, and the `leaves` of
 * an entry under it) or an entry.
 */
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
export function findObject(id, args, n, skip = null) {
  missedArgs = null;
  const shapes = roots[id]?.[n];
  if (shapes === undefined) return -1;
  try {
    const led = shapes.length > TRIED ? shapes.byNames.get(namesOf(args, n, skip)) ?? NO_SHAPES : shapes;
    // An argument list has one shape: once one finder agrees, the others cannot.
    for (const shape of led) {
      const slot = ask(shape, args);
      if (slot !== OTHER_SHAPE) return slot;
    }
  } catch {
    // A getter or proxy threw: the full path meets it again, and reports it.
  }
  return -1;
}

/** What `shape`'s finder answers for `args`; on -1, notes them as read (see capturedByFinder). */
function ask(shape, args) {
  const slot = shape.find(args, shape.root);
  if (slot === -1) {
    missedArgs = args;
    missedShape = shape;
  }
  return slot;
}

/**
 * A hash of the set of names, as for-in lists them, of the first object among the first
 * `n` of `args` that is neither an array nor skipped: in any order, since a finder takes
 * its names in any order. A number, so that a call allocates nothing (joined into a string
 * key, names made a hit on 16 shapes in rotation cost 465 ns in Node, against 243). Each
 * finder still checks every name.
 */
function namesOf(args, n, skip) {
  let h = 0;
  for (let i = 0; i < n; i++) {
    const a = args[i];
    if (typeof a === "object" && a !== null && !isArray(a) && !skip?.[i]) {
      for (const q in a) {
        let x = q.length;
        for (let k = 0; k < q.length; k++) x = Math.imul(x, 31) + q.charCodeAt(k) | 0;
        h = h + Math.imul(x ^ x >>> 15, 0x2c1b3c6d) | 0;
      }
      break;
    }
  }
  return h;
}

/**
 * Records that the argument list `captured` (see capture) is the entry in `slot`: only
 * what was hashed is recorded, never a second read of the arguments.
 */
export function rememberObject(id, captured, n, slot) {
  copying[id] = captured.complete === false ? -SKIPS_AFTER_PARTIAL : 0;
  if (entries[slot] !== undefined) return;
  // A copy is described once its outline was met before (see metOnce).
  const found = captured === shaped
    ? shaped.shape
    : captured.complete && metBefore(id, captured.outline) && describe(captured.copy, n, captured.skip);
  if (!found) return;
  const shapes = ((roots[id] ??= [])[n] ??= Object.assign([], { byNames: new Map() }));
  let shape = shapes.find((s) => s.code === found.code);
  if (shape === undefined) {
    if (shapes.length >= MAX_SHAPES) return;
    const compiled = finders.get(found.code) ?? compile(found);
    if (compiled === null) return;
    // A shape the finder read, gone since, keeps its names' hash.
    const nameHash = found.nameHash ?? namesOf(captured.copy, n, captured.skip);
    shape = { code: found.code, ...compiled, root: undefined, count: 0, list: shapes, nameHash };
    shapes.push(shape);
    const led = shapes.byNames.get(nameHash);
    if (led) led.push(shape);
    else shapes.byNames.set(nameHash, [shape]);
  }
  const entry = new Node(-1, null, captured === shaped ? read.slice(0, found.size) : found.leaves, slot, shape);
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

/** Whether cache `id` met an argument list of this outline before; notes it for next time if not. */
function metBefore(id, outline) {
  const text = JSON.stringify(outline);
  const met = (metOnce[id] ??= new Set());
  if (met.delete(text)) {
    newOutlines[id] = 0;
    return true;
  }
  if (met.size >= MAX_MET_ONCE) met.clear();
  met.add(text);
  newOutlines[id] = (newOutlines[id] ?? 0) + 1;
  return false;
}

/** Drops what is left of a cache that is gone (its entries were released first). */
export function forgetShapes(id) {
  roots[id] = copying[id] = metOnce[id] = newOutlines[id] = undefined;
}

/** Notes that a call of cache `id` found its entry the full way with objects nobody copied. */
export function uncopiedHit(id) {
  // Counting down the hits after one whose arguments were too big to record.
  if (copying[id] < 0) {
    copying[id]++;
    return;
  }
  // Past a few new outlines in a row the names are likely ids, each key an outline never
  // met again: only every 16th such hit starts copying. Copying after each cost 30% of a
  // call where each such key is called twice (in Chromium 710 ns a call, against 494).
  const fresh = newOutlines[id] ?? 0;
  if (fresh >= NEW_OUTLINES_IN_A_ROW) {
    newOutlines[id] = fresh + 1;
    if ((fresh & 15) !== 0) return;
  }
  copying[id] = COPIES_AFTER_HIT;
}

/** Drops the path of a released slot, and its shape once no entry uses it. */
export function forgetObject(slot) {
  const entry = entries[slot];
  if (entry === undefined) return;
  entries[slot] = undefined;
  const shape = entry.shape;
  remove(shape, entry);
  if (--shape.count === 0) {
    const { list, nameHash } = shape;
    const led = list.byNames.get(nameHash) ?? NO_SHAPES;
    without(list, shape);
    if (without(led, shape) === 0) list.byNames.delete(nameHash);
  }
}

/**
 * Takes `item` out of `list`, if there; returns the length left. A stack overflow (a
 * memoized recursion) may have stopped a shape's recording between its list and its names.
 */
function without(list, item) {
  const at = list.indexOf(item);
  if (at !== -1) list.splice(at, 1);
  return list.length;
}

// ---- capturing an argument list

/**
 * Reads the first `n` arguments once, for the full path: returns `copy`, the arguments
 * with every plain object and array copied as read (getters and proxy traps run here and
 * nowhere else in the call), which the key is hashed from and an entry recorded from. A
 * getter that answers differently on a second read cannot make the recorded path
 * disagree with the key. Null when no argument is an object, or nothing could be
 * recorded anyway (no code generation, the cache has all the shapes it keeps and no finder
 * knew this one, or it is not copying): the walk then reads the arguments itself, once.
 *
 * The copy keeps what the key stream sees: holes, -0, sharing and cycles (a value met
 * twice is copied once). Anything else (a class instance, a Map, a container past
 * MAX_NODES parts) stays as it is, for the walk to read; then `complete` is false,
 * nothing is recorded, and `copies` maps each original copied to its copy (see
 * encode.js copyOf). `outline` lists each argument copied and each container's length
 * (-1 for an object) and names, as read: equal for argument lists of one shape.
 */
export function capture(id, args, n, skip) {
  if (!(copying[id] > 0) || !canGenerate() || (roots[id]?.[n]?.length ?? 0) >= MAX_SHAPES) return null;
  let i = 0;
  while (i < n && (typeof args[i] !== "object" || args[i] === null || (skip !== null && skip[i]))) i++;
  if (i === n) return null;
  copying[id]--;
  // Containers met so far, each followed by its copy: at most MAX_NODES, most often one or
  // two, so an array searched by indexOf costs less than a Map made per call.
  const c = { left: MAX_NODES, complete: true, met: [], outline: [], open: [] };
  const copy = new Array(n);
  for (i = 0; i < n; i++) {
    if (skip !== null && skip[i]) continue; // not read: it is no part of the key
    c.outline.push(i);
    try {
      copy[i] = copied(c, args[i]);
    } catch (e) {
      throw walkFailure(args[i], e, i, c.open);
    }
  }
  return { copy, complete: c.complete, skip, outline: c.outline, copies: c.complete ? null : pairs(c.met) };
}

/** The originals and copies in `met` as a Map. */
function pairs(met) {
  const m = new Map();
  for (let i = 0; i < met.length; i += 2) m.set(met[i], met[i + 1]);
  return m;
}

function copied(c, v) {
  if (typeof v !== "object" || v === null) return v;
  // The containers being read: on a throw, where in the argument it happened.
  c.open.push(v);
  const out = copiedObject(c, v);
  c.open.pop();
  return out;
}

function copiedObject(c, v) {
  const at = c.met.indexOf(v);
  if (at !== -1) return c.met[at + 1];
  let out;
  let names;
  if (isArray(v)) {
    if (gp(v) !== AP || v.length >= c.left) return kept(c, v);
    out = slice.call(v); // one read per element; holes stay holes
    names = Object.keys(out);
  } else {
    const proto = gp(v);
    const plain = proto === OP || proto === null;
    // A class instance is copied when its key is its classes and fields alone: onto its
    // own prototype, by definition (a setter there would take an assignment).
    if (!plain && plainInstanceChain(v, proto) === null) return kept(c, v);
    // A dictionary (null prototype), which V8 gives no hidden class: `{ ...v }` made one
    // per copy where names are ids (790 ns a copy in Node, against 140), and each name is
    // read once either way. Its key is the same: a plain object's prototype is no part of it.
    // The copy has exactly these names, in this order.
    names = Object.keys(v);
    // A namespace (Math; see encode.js object) is keyed as itself: a copy would be {}.
    if (names.length >= c.left || (names.length === 0 && Symbol.toStringTag in v)) return kept(c, v);
    out = Object.create(plain ? null : proto);
    if (plain) for (const name of names) out[name] = v[name];
    else for (const name of names) Object.defineProperty(out, name, { value: v[name], enumerable: true, writable: true, configurable: true });
  }
  c.met.push(v, out);
  c.outline.push(isArray(out) ? out.length : classId(gp(out)), names);
  c.left -= names.length + 1;
  for (const name of names) {
    const x = out[name];
    if (typeof x !== "object" || x === null) continue;
    // Past the budget the rest is left to the walk, unread here.
    out[name] = c.left > 0 ? copied(c, x) : kept(c, x);
  }
  return out;
}

/** An object the copy keeps as it is, for the walk to read: nothing can be recorded. */
function kept(c, v) {
  c.complete = false;
  return v;
}

/**
 * The argument list `args` as the finder of its shape read it when it found no entry, for
 * encodeCaptured and rememberObject; null when no finder did. When every leaf is a front
 * key, nothing is copied or allocated: the leaves stay in the finder's scratch array,
 * which no finder runs over before the caller is done with them, since no user code runs
 * in between.
 */
export function capturedByFinder(args) {
  if (missedArgs !== args) return null;
  missedArgs = null;
  // A leaf that no front key takes (a long string) is walked as read, and such a list is
  // not recorded. An object where the shape had a primitive, at any leaf, takes the full
  // path: a cycle from it back to an argument needs the containers around it to be found.
  let walked = false;
  for (let i = 0; i < missedShape.size; i++) {
    const k = read[i];
    if (k !== HOLE && keyOf(fromKey(k)) !== k) {
      if (typeof k === "object" && k !== null) return null;
      walked = true;
    }
  }
  if (walked) {
    // The walk of such a leaf may run a getter that calls a cached function, whose finder
    // would overwrite the leaves and this answer: both are this call's own.
    return { copy: null, shape: missedShape, leaves: read.slice(0, missedShape.size) };
  }
  shaped.shape = missedShape;
  return shaped;
}

/** capturedByFinder's answer for a list it can record, one object reused. */
const shaped = { copy: null, shape: null, leaves: read };

/** Writes the key stream of `args`, captured by their finder; returns its length. */
export function encodeCaptured(captured, args) {
  return encodeShaped(captured.shape, captured.leaves, fromKey, args);
}

// ---- finders

/**
 * The finder's code for the shape of a captured copy, how the key stream is written from
 * a finder's leaves (`ops`, and each leaf's argument and level in `at`), and the leaves'
 * front keys; null when it has no shape (a value no front key takes, shared parts, too
 * many parts). It reads only the copy.
 *
 * The code is the shape's identity, and is straight-line: with names in the order first
 * recorded, every read is of a constant name on an object of one hidden class
 * (inline-cached), the values stay in locals, and each leaf comparison has type feedback
 * of its own. On a 20-field config this is 5× faster than an interpreted walk.
 */
function describe(copy, n, skip) {
  const g = { left: MAX_NODES, ok: true, seen: new Set(), names: [], head: [], reads: [], leaves: [], at: [], vars: 0 };
  const ops = [header(ARRAY, n)];
  for (let i = 0; i < n && g.ok; i++) {
    if (skip !== null && skip[i]) ops.push(Uint8Array.of(SKIPPED));
    else part(g, copy[i], `a[${i}]`, ops, i, 1);
  }
  if (!g.ok) return null;
  return { code: finderCode(g), ops: joined(ops), at: g.at, leaves: g.leaves, size: g.leaves.length };
}

/** A container's header in the key stream: its tag and a little-endian u32 count, then `words`. */
function header(tag, count, words = []) {
  const out = new Uint8Array(5 + 4 * words.length);
  const view = new DataView(out.buffer);
  out[0] = tag;
  view.setUint32(1, count, true);
  words.forEach((w, i) => view.setUint32(5 + 4 * i, w, true));
  return out;
}

/** `ops` with each run of constant bytes made one. */
function joined(ops) {
  const out = [];
  for (const op of ops) {
    const last = out[out.length - 1];
    if (typeof op === "number" || typeof last !== "object") out.push(op);
    else out[out.length - 1] = Uint8Array.of(...last, ...op);
  }
  return out;
}

// The finder's code is written without spaces, here and in part and leaf: a bundler keeps
// a string's text as it is, and the spaces cost 48 bytes of the gzipped bundle.
function finderCode(g) {
  const v = g.leaves.map((_, i) => `v${i}`);
  return [
    ...g.names.map((names, i) => `const N${i}=${JSON.stringify(names)};`),
    "return function find(a,root){",
    "for(const _ in EMPTY)return -2;",
    "let p,i,o,x;",
    ...g.head,
    ...g.reads,
    "let node=root;",
    "while(node!==undefined&&node.kids!==null){",
    `switch(node.pos){${v.map((name, i) => `case ${i}:x=${name};break;`).join("")}}`,
    "node=node.kids.get(x);",
    "}",
    "if(node!==undefined){",
    "const E=node.leaves;",
    `if(${["true", ...v.map((name, i) => `E[${i}]===${name}`)].join("&&")})return node.slot;`,
    "}",
    // No entry: what was read serves the full path (capturedByFinder). Written in place:
    // emptying and refilling the array cost an allocation per miss, and setting its
    // length 26 ns of a 44 ns finder in Chromium (a runtime call); the shape's `size` says
    // how many of its items are this finder's.
    ...v.map((name, i) => `S[${i}]=${name};`),
    "return -1;",
    "};",
  ].join("\n");
}

/**
 * Describes `v`, part of argument `arg` and read by `expr`, into `g` (g.ok false when it
 * has no shape), and pushes onto `ops` how its key stream is written from a finder's leaves
 * (see encodeShaped); `level` is its depth in the stream, as the walk counts it.
 */
function part(g, v, expr, ops, arg, level) {
  if (--g.left < 0) return noShape(g);
  if (typeof v !== "object" || v === null) {
    if (!leaf(g, keyOf(v), expr, arg, level)) return noShape(g);
    ops.push(g.leaves.length - 1);
    return;
  }
  if (g.seen.has(v)) return noShape(g); // shared or cyclic: beyond a straight-line finder
  g.seen.add(v);
  const c = `c${g.vars++}`;
  g.head.push(`const ${c}=${expr};`, `if(typeof ${c}!=="object"||${c}===null)return -2;`);
  if (isArray(v)) {
    if (gp(v) !== AP) return noShape(g);
    g.head.push(`if(!isArray(${c})||${c}.length!==${v.length}||gp(${c})!==AP)return -2;`);
    ops.push(header(ARRAY, v.length));
    for (let i = 0; i < v.length && g.ok; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null) {
        part(g, x, `${c}[${i}]`, ops, arg, level + 1);
      } else if (--g.left < 0 || !leaf(g, x === undefined && !(i in v) ? HOLE : keyOf(x), `${c}[${i}]`, arg, level + 1, `x!==undefined||${i} in ${c}?x:HOLE`)) {
        g.ok = false;
      } else {
        ops.push(g.leaves.length - 1);
      }
    }
    return;
  }
  const proto = gp(v);
  let kind = `p=gp(${c});if(p!==OP&&p!==null)return -2;`;
  let frame = null;
  // for-in lists inherited enumerable names too: an ES5-style class's methods.
  let own = `in ${c}`;
  if (proto !== OP && proto !== null) {
    const chain = plainInstanceChain(v, proto);
    if (chain === null) return noShape(g);
    let k = classes.findIndex((x) => x.proto === proto && x.chain === chain);
    if (k === -1 && classes.length >= MAX_CLASSES) return noShape(g);
    if (k === -1) k = classes.push({ proto, chain }) - 1;
    kind = `if(!inst(${c},${k}))return -2;`;
    frame = instanceFrame(chain);
    if (chain.fields.length > 0) own = `of keys(${c})`;
  }
  const names = Object.keys(v);
  // An object of no names may be a namespace (see copiedObject), which no copy had: such
  // a call takes the full path.
  if (names.length === 0) g.head.push(`if(Symbol.toStringTag in ${c})return -2;`);
  const k = g.names.push(names) - 1;
  // One pass over the names compares them with the order first recorded, up to the first
  // that differs. In that order the values are read by name. Any other order of the same
  // names is the same key (the stream sorts names): its values are read by the for-in's
  // own keys, each matched to its name by a switch, which checks the set as it goes. Read by name
  // from objects of many orders, each order a hidden class of its own, V8's inline caches
  // go megamorphic and then miss: with 1,000 orders a 20-field hit cost 11× the one-order
  // figure in Node. Either way each value is read once, into a local the parts below read.
  // In the recorded order, reading `constructor` tells V8 the hidden class before the
  // prototype check, which then folds (where it is one of the object's own names, its
  // read is the one read); in any other, that read would be one more megamorphic one.
  const w = names.map(() => `w${g.vars++}`);
  g.head.push(
    `let ${w.join(",")};`,
    `i=0;`,
    `o=true;`,
    `for(const q ${own})if(q!==N${k}[i++]){o=false;break;}`,
    `if(o&&i===${names.length}){`,
    names.includes("constructor") || frame !== null ? "" : `${c}.constructor;`,
    kind,
    // JSON string literals are exact JS string literals, lone surrogates included.
    ...names.map((n, j) => `${w[j]}=${c}[${JSON.stringify(n)}];`),
    `}else{`,
    kind,
    `i=0;`,
    `for(const q ${own}){i++;switch(q){${names.map((n, j) => `case ${JSON.stringify(n)}:${w[j]}=${c}[q];break;`).join("")}default:return -2;}}`,
    `if(i!==${names.length})return -2;`,
    `}`,
  );
  // The stream has the object's shape, then its values in sorted-name order; the finder
  // reads them in the order of `names`.
  // An instance's fields sit two levels below it in the stream (see encode.js instance).
  const shape = shapeOfNames(names);
  if (frame !== null) ops.push(frame[0]);
  ops.push(header(OBJECT, names.length, [shape.d0, shape.d1, shape.d2, shape.d3]));
  const valueOps = names.map(() => []);
  for (let j = 0; j < names.length && g.ok; j++) part(g, v[names[j]], w[j], valueOps[j], arg, level + (frame === null ? 1 : 3));
  for (const j of shape.order ?? names.keys()) ops.push(...valueOps[j]);
  if (frame !== null) ops.push(frame[1]);
}

/** Marks `g` as having no shape. */
function noShape(g) {
  g.ok = false;
}

/**
 * A leaf with front key `key`, part of argument `arg` at `level` and read by `expr`: -0
 * and NaN become their keys, everything else is compared as it is (a value no front key
 * takes equals no recorded leaf). `other` is what a leaf that is not a number becomes:
 * itself, or in an array, HOLE for a hole. Numbers are told apart by their type first:
 * comparing a string with 0 gave the check type feedback of both, and the finder of a
 * 20-field config took 194 ns in Chromium and 160 in Node, against 164 and 139.
 */
function leaf(g, key, expr, arg, level, other = "x") {
  if (key === NO) return false;
  g.reads.push(`const v${g.leaves.length}=typeof(x=${expr})!=="number"?${other}:x===x&&x!==0?x:k(x);`);
  g.leaves.push(key);
  g.at.push(arg, level);
  return true;
}

/** A shape's finder from its code, with how its key stream is written; null where code generation is forbidden. */
function compile(found) {
  const factory = generate(["k", "gp", "isArray", "OP", "AP", "HOLE", "EMPTY", "S", "inst", "keys"], found.code);
  if (factory === null) return null;
  const compiled = {
    find: factory(keyOf, gp, isArray, OP, AP, HOLE, EMPTY, read, isKnownInstance, Object.keys), ops: found.ops, at: found.at, size: found.size,
  };
  if (finders.size < MAX_FINDERS) finders.set(found.code, compiled);
  return compiled;
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
  // The entry `leaves` leads to, or the branch where no child takes them. Either holds
  // leaves that agree with `leaves` wherever the branches above look: a branch's are an
  // entry's under it (see Node), and every entry ever under a branch at `pos` agreed with
  // it before `pos`. Stepping into any child instead, by `kids.values().next()`, walked
  // over the holes that deleted entries leave at the start of a Map: with entries evicted
  // oldest first, a miss and a first hit cost 1,150 ns together in Chromium, against 865.
  let near = shape.root;
  while (near.kids !== null) {
    const next = near.kids.get(leaves[near.pos]);
    if (next === undefined) break;
    near = next;
  }
  const agreed = near.kids === null ? leaves.length : near.pos;
  let d = 0;
  while (d < agreed && near.leaves[d] === leaves[d]) d++;
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
  const branch = new Node(d, new Map([[node.leaves[d], node], [leaves[d], entry]]), node.leaves, -1, shape);
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
