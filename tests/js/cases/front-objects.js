// Calls with plain objects and arrays among their arguments take the object front cache
// (src/js/front-objects.js) from their second hit on. It must answer exactly as the full
// path does: the reference here is the same function behind a cache with a hash function
// for a primitive type, which takes neither front cache.
import { cacheResource, UnhashableParamError } from "cache-resource";
import { equal, is, isNot, ok, throws } from "../assert.js";
import { xorshift } from "../random.js";

// A bigint hashed as itself is keyed as before: the hash function only keeps the
// reference cache on the full path.
const fullPathOnly = { hashFuncs: { bigint: (b) => b } };

const LEAVES = [0, -0, 1, 2, NaN, Infinity, "", "a", "b", "1", "model-1", "é", true, false, null, undefined, 1n, "x".repeat(300), "x".repeat(5000)];
const NAMES = ["a", "b", "c", "0", "1", "__proto__", "constructor", "é"];
class Point {}
class List extends Array {}

/** A random argument value: leaves, plain and null-prototype objects, arrays with holes, and a few look-alikes. */
function randomValue(next, depth, names = NAMES) {
  const pick = next() % 16;
  if (depth >= 3 || pick < 6) return LEAVES[next() % LEAVES.length];
  if (pick < 11) {
    const o = pick === 10 ? Object.create(null) : {};
    const count = next() % 4;
    for (let i = 0; i < count; i++) define(o, names[next() % names.length], randomValue(next, depth + 1, names));
    return o;
  }
  if (pick < 14) {
    const a = new Array(next() % 4);
    for (let i = 0; i < a.length; i++) if (next() % 5 !== 0) a[i] = randomValue(next, depth + 1, names);
    return a;
  }
  // Look-alikes of the plain containers, which the full path keys apart from them.
  const kind = next() % 3;
  const fields = { a: LEAVES[next() % 4] };
  if (kind === 0) return Object.assign(new Point(), fields);
  if (kind === 1) return Object.assign(Object.create({ inherited: 1 }), fields);
  return List.from([fields.a]);
}

// An own, enumerable property even for "__proto__".
function define(o, name, value) {
  Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
}

/** `list` in a random order. */
function shuffled(list, next) {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A fresh deep copy, prototypes, holes and names in their order; `shuffle` reorders names. */
function copy(v, next, shuffle) {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) {
    const a = v instanceof List ? new List(v.length) : new Array(v.length);
    for (let i = 0; i < v.length; i++) if (i in v) a[i] = copy(v[i], next, shuffle);
    return a;
  }
  const o = Object.create(Object.getPrototypeOf(v));
  const names = shuffle ? shuffled(Object.keys(v), next) : Object.keys(v);
  for (const name of names) define(o, name, copy(v[name], next, shuffle));
  return o;
}

/**
 * Calls `f` and the full-path reference `g` with fresh copies of pooled argument lists,
 * and checks they agree call by call: a hit in one is a hit on the matching entry in the
 * other, a miss is a miss in both.
 */
function differential(f, g, next, calls, pool) {
  const pair = new Map(); // f's result -> g's result
  const seen = new Set();
  for (let i = 0; i < calls; i++) {
    const args = pool[next() % pool.length];
    const fresh = args.map((v) => copy(v, next, next() % 3 === 0));
    const fr = f(...fresh);
    const gr = g(...args.map((v) => copy(v, next, false)));
    if (seen.has(gr)) is(pair.get(fr), gr, `call ${i}: the front path served another entry for ${describe(args)}`);
    else ok(!pair.has(fr), `call ${i}: a fresh key was served an existing entry, for ${describe(args)}`);
    seen.add(gr);
    pair.set(fr, gr);
  }
  return pair.size;
}

function describe(args) {
  try {
    return JSON.stringify(args, (_, v) => (typeof v === "bigint" ? `${v}n` : Object.is(v, -0) ? "-0" : v));
  } catch {
    return String(args);
  }
}

function randomPool(next, size, names = NAMES) {
  return Array.from({ length: size }, () => Array.from({ length: 1 + (next() % 3) }, () => randomValue(next, 0, names)));
}

export const tests = {
  "random nested arguments, as fresh copies: the object front path answers as the full path"() {
    const next = xorshift(2463534242);
    const f = cacheResource((...args) => ({ args }), { key: "front-objects-differential" });
    const g = cacheResource((...args) => ({ args }), { key: "front-objects-reference", ...fullPathOnly });
    const pool = randomPool(next, 150);
    const entries = differential(f, g, next, 4000, pool);
    ok(entries > 60, `many distinct keys (${entries})`);
    ok(f.stats().hits > 2000, `most calls hit (${f.stats().hits})`);
    // Clearing some entries drops their paths: the differential still holds.
    for (let i = 0; i < pool.length; i += 3) {
      f.clear(...pool[i]);
      g.clear(...pool[i]);
    }
    differential(f, g, next, 2000, pool);
  },

  "under maxEntries, evictions and reused slots never leave a stale path"() {
    const next = xorshift(88172645);
    const f = cacheResource((...args) => ({ args }), { key: "front-objects-lru", maxEntries: 12 });
    const g = cacheResource((...args) => ({ args }), { key: "front-objects-lru-reference", maxEntries: 12, ...fullPathOnly });
    differential(f, g, next, 4000, randomPool(next, 40));
    ok(f.stats().evicted > 100, `entries were evicted (${f.stats().evicted})`);
  },

  "names drawn from hundreds (ids), under LRU churn: the front path answers as the full path"() {
    // Most objects are a shape met a few times: the shapes wait among the recent ones, the
    // cache copies less often, and what is copied and recorded must still key as hashed.
    const next = xorshift(521288629);
    const ids = [...NAMES, ...Array.from({ length: 300 }, (_, i) => `id:${i}`)];
    const f = cacheResource((...args) => ({ args }), { key: "front-objects-ids", maxEntries: 40 });
    const g = cacheResource((...args) => ({ args }), { key: "front-objects-ids-reference", maxEntries: 40, ...fullPathOnly });
    differential(f, g, next, 6000, randomPool(next, 120, ids));
    ok(f.stats().evicted > 500, `entries were evicted (${f.stats().evicted})`);
    ok(f.stats().hits > 1000, `and many calls hit (${f.stats().hits})`);
  },

  "dozens of shapes, some of whose names hash alike, in any name order, under LRU churn: the front path answers as the full path"() {
    // Past four shapes a call's names lead to a finder: shapes come and go as their last
    // entries are evicted, and "Aa" and "BB" hash alike.
    const next = xorshift(2654435761);
    // 36 sets of names, three keys each: more entries than the cache keeps.
    const pool = [];
    for (let s = 0; s < 36; s++) {
      for (let k = 0; k < 3; k++) {
        const o = { kind: `q${k}`, page: k };
        o[[...Array.from({ length: 10 }, (_, i) => `filter${i}`), "Aa", "BB"][s % 12]] = k;
        if (s >= 12) o[s < 24 ? "Aa" : "BB"] = { lang: k ? "en" : "de" };
        pool.push([o]);
      }
    }
    const f = cacheResource((...args) => ({ args }), { key: "front-objects-shapes", maxEntries: 80 });
    const g = cacheResource((...args) => ({ args }), { key: "front-objects-shapes-reference", maxEntries: 80, ...fullPathOnly });
    differential(f, g, next, 20000, pool);
    ok(f.stats().evicted > 1000, `entries were evicted (${f.stats().evicted})`);
    ok(f.stats().hits > 5000, `and many calls hit (${f.stats().hits})`);
  },

  "one shape whose leaves differ anywhere, under LRU churn: its entry tree answers as the full path"() {
    // Branches at every leaf position, made, split and given way as entries come and go.
    const next = xorshift(1597334677);
    const r = (k) => next() % k;
    const pool = Array.from({ length: 300 }, () => [{ a: r(3), b: `s${r(3)}`, c: { d: r(3), e: r(2) === 0 }, f: [r(2), r(3)] }]);
    const f = cacheResource((...args) => ({ args }), { key: "front-objects-tree", maxEntries: 25 });
    const g = cacheResource((...args) => ({ args }), { key: "front-objects-tree-reference", maxEntries: 25, ...fullPathOnly });
    differential(f, g, next, 6000, pool);
    ok(f.stats().evicted > 1000, `entries were evicted (${f.stats().evicted})`);
    ok(f.stats().hits > 1000, `and many calls hit (${f.stats().hits})`);
  },

  "cycles among leaves no front key takes, after shapes learned from flatter copies: the front path answers as the full path"() {
    // Each list is also called flattened (objects' values numbers), which records its
    // shapes with leaves where the list has objects, cycles, symbols and long strings.
    const leaves = [0, -0, 2, NaN, "", "a", "x".repeat(5000), null, undefined, 1n, Symbol.for("front-objects-s")];
    const names = ["a", "b", "constructor", "toString", "0"];
    for (let seed = 1; seed <= 40; seed++) {
      const next = xorshift(seed * 7919);
      const spec = (depth) => {
        const p = next() % 10;
        if (depth >= 3 || p < 4) return { leaf: next() % leaves.length };
        if (p < 5 && depth > 0) return { up: next() % depth };
        if (p < 8) return { obj: [...new Set(Array.from({ length: 1 + (next() % 3) }, () => names[next() % names.length]))].map((n) => [n, spec(depth + 1)]) };
        return { arr: Array.from({ length: next() % 3 }, () => spec(depth + 1)) };
      };
      const flat = (s) => ("obj" in s ? { obj: s.obj.map(([n, x]) => [n, next() % 2 ? { leaf: 2 } : flat(x)]) } : "arr" in s ? { arr: s.arr.map(flat) } : { leaf: 2 });
      // A fresh value, its names in a random order; `up` is an ancestor: a cycle.
      const build = (s, above = []) => {
        if ("leaf" in s) return leaves[s.leaf];
        if ("up" in s) return above[above.length - 1 - s.up];
        const out = "arr" in s ? [] : next() % 4 === 0 ? Object.create(null) : {};
        const inner = [...above, out];
        if ("arr" in s) for (const x of s.arr) out.push(build(x, inner));
        else for (const [n, x] of shuffled(s.obj, next)) define(out, n, build(x, inner));
        return out;
      };
      const f = cacheResource((...args) => ({ args }), { key: `front-objects-cycles-${seed}` });
      const g = cacheResource((...args) => ({ args }), { key: `front-objects-cycles-reference-${seed}`, ...fullPathOnly });
      const pool = Array.from({ length: 12 }, () => Array.from({ length: 1 + (next() % 2) }, () => spec(0)));
      const pair = new Map(); // g's result -> f's
      for (let i = 0; i < 300; i++) {
        let specs = pool[next() % pool.length];
        if (next() % 3 === 0) specs = specs.map(flat);
        const fr = f(...specs.map((s) => build(s)));
        const gr = g(...specs.map((s) => build(s)));
        if (pair.has(gr)) is(pair.get(gr), fr, `seed ${seed}, call ${i}: the front path found another entry`);
        else ok(![...pair.values()].includes(fr), `seed ${seed}, call ${i}: a new key was served an existing entry`);
        pair.set(gr, fr);
      }
      f.clear();
      g.clear();
    }
  },

  "a config in dozens of name orders is one entry, and a same-sized set of other names is not"() {
    let runs = 0;
    const f = cacheResource((cfg) => ({ cfg, run: ++runs }), { key: "front-objects-orders" });
    const next = xorshift(362436069);
    const names = Array.from({ length: 12 }, (_, i) => (i % 4 === 0 ? String(i) : `field${i}`));
    const inOrder = (order, over = {}) => {
      const o = {};
      for (const name of order) o[name] = name in over ? over[name] : name.length;
      o.db = next() % 2 ? { host: "h", port: 1 } : { port: 1, host: "h" };
      return o;
    };
    const shuffled = () => {
      const a = names.slice();
      for (let i = a.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    const first = f(inOrder(names));
    for (let i = 0; i < 60; i++) is(f(inOrder(shuffled())), first, `order ${i} is the same key`);
    equal(runs, 1);
    // As many names, one of them another: for-in in each order must not pass it as the set.
    const swapped = names.map((n) => (n === "field5" ? "field55" : n));
    const other = f(inOrder(swapped));
    isNot(other, first, "another name of the same count is another key");
    for (let i = 0; i < 10; i++) is(f(inOrder(shuffled().map((n) => (n === "field5" ? "field55" : n)))), other);
    isNot(f(inOrder(names.slice(1))), first, "one name fewer");
    isNot(f({ ...inOrder(names), extra: 1 }), first, "one name more");
    isNot(f(inOrder(shuffled(), { field6: 7 })), first, "a changed value in another order");
    const withGetter = inOrder(shuffled());
    let reads = 0;
    Object.defineProperty(withGetter, "field7", { get: () => (reads++, 6), enumerable: true, configurable: true });
    is(f(withGetter), first, "a getter's value in another order");
    equal(reads, 1, "read once");
  },

  "a config in a thousand name orders, with names Object.prototype also has, is one entry"() {
    // Past the recorded order the reads take another way (see front-objects.js part): it
    // must key as the recorded order does, names Object.prototype has included.
    let runs = 0;
    const f = cacheResource((cfg) => ({ cfg, run: ++runs }), { key: "front-objects-many-orders" });
    const next = xorshift(521288629);
    const names = ["constructor", "toString", "__proto__", "hasOwnProperty", "0", "7", ...Array.from({ length: 10 }, (_, i) => `f${i}`)];
    const shuffled = (list) => {
      const a = list.slice();
      for (let i = a.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    // Own data properties in `order`, `__proto__` too; f3 holds a nested object in an order of its own.
    const make = (order, value = (n) => n.length) => {
      const o = {};
      for (const n of order) {
        const v = n === "f3" ? make(shuffled(["x", "y", "z"]), (m) => m) : value(n);
        Object.defineProperty(o, n, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return o;
    };
    const first = f(make(names));
    for (let i = 0; i < 1000; i++) {
      const got = f(make(shuffled(names)));
      if (got !== first) is(got, first, `order ${i} is the same key`);
    }
    equal(runs, 1);
    isNot(f(make(shuffled(names).map((n) => (n === "toString" ? "valueOf" : n)))), first, "a name Object.prototype has, swapped for another");
    isNot(f(make(shuffled(names).filter((n) => n !== "__proto__"))), first, "without the own __proto__");
    isNot(f(make(shuffled(names), (n) => (n === "f5" ? -1 : n.length))), first, "a changed value in another order");
    // A name holding undefined, swapped for another holding undefined: only the names tell them apart.
    const blank = (n) => (n === "toString" || n === "valueOf" ? undefined : 1);
    const withToString = f(make(names, blank));
    f(make(names, blank));
    const swapped = names.map((n) => (n === "toString" ? "valueOf" : n));
    for (let i = 0; i < 20; i++) isNot(f(make(shuffled(swapped), blank)), withToString, `swapped name, order ${i}`);
  },

  "names in another order are counted only when every name read found a value of its own"() {
    const f = cacheResource((o) => ({ o }), { key: "front-objects-count" });
    // Recorded in one order (twice, so the finder has it), then asked in others.
    const withUndefined = f({ a: undefined, b: 1 });
    is(f({ a: undefined, b: 1 }), withUndefined);
    is(f({ b: 1, a: undefined }), withUndefined, "the same names, an undefined value, another order");
    isNot(f({ b: 1, c: undefined }), withUndefined, "as many names, one of them another, whose value is undefined");
    // A name Object.prototype also has reads an inherited value where it is missing: a
    // function whose only recorded shape has such a name.
    const g = cacheResource((o) => ({ o }), { key: "front-objects-count-inherited" });
    const inherited = g({ a: 1, toString: "t" });
    is(g({ a: 1, toString: "t" }), inherited);
    is(g({ toString: "t", a: 1 }), inherited, "another order");
    const plain = g({ b: 1, a: 1 });
    isNot(plain, inherited, "toString read from the prototype is not the object's");
    is(g({ b: 1, a: 1 }), plain, "and its key is its own names'");
    isNot(g({ a: 1, toString: Object.prototype.toString }), plain, "nor did it take the inherited value as its own");
  },

  "a config passed as fresh copies, in any name order, is one entry; each changed field is another"() {
    let runs = 0;
    const f = cacheResource((cfg) => ({ cfg, run: ++runs }), { key: "front-objects-config" });
    const make = (over = {}) => ({
      host: "db", port: 5432, tls: { verify: true, ca: "ca.pem" }, tags: ["a", "b"], ...over,
    });
    const first = f(make());
    for (let i = 0; i < 5; i++) is(f(make()), first, "a fresh equal copy is a hit");
    const reordered = { tags: ["a", "b"], tls: { ca: "ca.pem", verify: true }, port: 5432, host: "db" };
    for (let i = 0; i < 3; i++) is(f(reordered), first, "names in another order");
    const nullProto = Object.assign(Object.create(null), make());
    for (let i = 0; i < 3; i++) is(f(nullProto), first, "a null-prototype object equals a plain one");
    const variants = [
      make({ port: 5433 }), make({ port: "5432" }), make({ port: 5432n }), make({ host: "db2" }),
      make({ tls: { verify: false, ca: "ca.pem" } }), make({ tls: { verify: true } }),
      make({ tls: { verify: true, ca: "ca.pem", extra: undefined } }), make({ tags: ["a"] }),
      make({ tags: ["a", "b", "c"] }), make({ tags: { 0: "a", 1: "b" } }), make({ extra: 1 }),
    ];
    for (const v of variants) {
      const a = f(v);
      isNot(a, first, `${JSON.stringify(v, (_, x) => (typeof x === "bigint" ? "bigint" : x))} is another key`);
      for (let i = 0; i < 3; i++) is(f(structuredClone(v)), a, "and stays its own entry on front hits");
    }
    is(f(make()), first);
    is(runs, 1 + variants.length);
  },

  "two functions called with one shape share its finder, not their entries"() {
    const f = cacheResource((o) => ({ from: "f", o }), { key: "front-objects-share-f" });
    const g = cacheResource((o) => ({ from: "g", o }), { key: "front-objects-share-g" });
    for (let i = 0; i < 3; i++) {
      is(f({ id: 1, tags: ["x"] }).from, "f");
      is(g({ id: 1, tags: ["x"] }).from, "g");
    }
    f.clear();
    is(g({ id: 1, tags: ["x"] }).from, "g", "clearing one leaves the other's paths");
    equal([f.stats().entries, g.stats().entries, g.stats().hits], [0, 1, 3]);
  },

  "session-scoped functions find objects on the front path per session, and forget them on close"() {
    let runs = 0;
    const f = cacheResource((o) => ({ o, run: ++runs }), { key: "front-objects-session", scope: "session" });
    const a = cacheResource.session("a");
    const b = cacheResource.session("b");
    const inA = a.run(() => f({ k: 1 }));
    for (let i = 0; i < 3; i++) is(a.run(() => f({ k: 1 })), inA, "a hit in session a");
    const inB = b.run(() => f({ k: 1 }));
    isNot(inB, inA, "session b has its own entry");
    for (let i = 0; i < 3; i++) is(f.withSession(b)({ k: 1 }), inB);
    a.close();
    for (let i = 0; i < 3; i++) is(f.withSession(b)({ k: 1 }), inB, "closing a leaves b's paths");
    is(runs, 2);
    b.close();
  },

  "values the front keys apart: -0, NaN, holes, undefined and missing names"() {
    const f = cacheResource((o) => ({ o }), { key: "front-objects-edges" });
    const pairs = [
      [() => ({ x: 0 }), () => ({ x: -0 })],
      [() => ({ x: NaN }), () => ({ x: 0 })],
      [() => [1, , 3], () => [1, undefined, 3]], // eslint-disable-line no-sparse-arrays
      [() => ({ a: 1, b: undefined }), () => ({ a: 1, c: undefined })],
      [() => ({ a: 1, b: undefined }), () => ({ a: 1 })],
      [() => ({ a: "x".repeat(300) }), () => ({ a: "x".repeat(299) + "y" })],
      [() => ({ a: "x".repeat(5000) }), () => ({ a: "x".repeat(4999) + "y" })],
    ];
    for (const [left, right] of pairs) {
      const l = f(left());
      const r = f(right());
      isNot(l, r, `${String(left)} and ${String(right)} differ`);
      for (let i = 0; i < 3; i++) {
        is(f(left()), l, `${String(left)} stays its entry`);
        is(f(right()), r, `${String(right)} stays its entry`);
      }
    }
    const nan = f({ x: NaN });
    for (let i = 0; i < 3; i++) is(f({ x: NaN }), nan, "NaN is one value");
  },

  "look-alikes of a recorded object keep their own keys: instances, inherited names"() {
    const f = cacheResource((o) => ({ o }), { key: "front-objects-lookalikes" });
    const plain = f({ a: 1 });
    for (let i = 0; i < 3; i++) is(f({ a: 1 }), plain); // recorded, then found on the front path
    class Point {
      constructor() {
        this.a = 1;
      }
    }
    const lookalikes = [
      () => new Point(),
      () => Object.assign(Object.create({ b: 2 }), { a: 1 }),
      () => Object.create({ a: 1 }),
    ];
    for (const make of lookalikes) {
      const got = f(make());
      isNot(got, plain, `${String(make)} is not {a: 1}`);
      for (let i = 0; i < 3; i++) is(f(make()), got, `${String(make)} is one entry`);
    }
  },

  "ES5-style classes whose prototypes change between calls: the object front path answers as the full path"() {
    // Compiled for ES5 (TypeScript's target ES5, Babel's loose mode), a class keeps its
    // methods as enumerable fields of its prototype, which are part of each instance's key.
    // Between runs of calls they are replaced, added, removed (a rename is both), moved
    // along the chain, made a primitive, an object (changed in place later) or a getter; an
    // ES6 subclass sits on top.
    const next = xorshift(2654435769);
    const methods = [function m0() { return 0; }, function m1() { return 1; }, function m2() { return 2; }, function m0() { return "other m0"; }];
    function Base(id) {
      this.id = id;
    }
    Base.prototype.load = methods[0];
    function Sub(id) {
      Base.call(this, id);
      this.size = 2;
    }
    // TypeScript's __extends: the prototype is made by a constructor that sets `constructor`,
    // an own enumerable field.
    function Link() {
      this.constructor = Sub;
    }
    Link.prototype = Base.prototype;
    Sub.prototype = new Link();
    Sub.prototype.run = methods[1];
    class Top extends Sub {
      extra() {}
    }
    // And a class of methods alone, given fields from time to time.
    class Plain {
      constructor(id) {
        this.id = id;
      }
      load() {}
    }
    const links = [Sub.prototype, Base.prototype, Plain.prototype];
    const names = ["load", "run", "close"];
    // Defined, not assigned: a getter further up the chain would refuse an assignment.
    const set = (p, name, value) => Object.defineProperty(p, name, { value, enumerable: true, writable: true, configurable: true });
    const change = () => {
      const p = links[next() % links.length];
      const name = names[next() % names.length];
      switch (next() % 6) {
        case 0:
          set(p, name, methods[next() % methods.length]);
          break;
        case 1:
          delete p[name];
          break;
        case 2:
          set(p, name, [0, -0, "x", null][next() % 4]);
          break;
        case 3:
          set(p, name, shared);
          break;
        case 4:
          // The same object, other contents: another key wherever it is a field.
          shared.kind = next() % 3;
          break;
        default:
          Object.defineProperty(p, name, { get: () => methods[2], enumerable: true, configurable: true });
      }
    };
    const shared = { kind: 0 };
    // Bounded, so that entries of shapes gone with a change are evicted, and their finders with them.
    const f = cacheResource((o) => ({ o }), { key: "front-objects-es5", maxEntries: 16 });
    const g = cacheResource((o) => ({ o }), { key: "front-objects-es5-reference", maxEntries: 16, ...fullPathOnly });
    const pair = new Map(); // f's result -> g's result
    const seen = new Set();
    for (let round = 0; round < 1500; round++) {
      if (next() % 8 === 0) change();
      for (let i = 0; i < 8; i++) {
        const C = [Sub, Top, Plain][next() % 3];
        const id = next() % 3;
        const fr = f(new C(id));
        const gr = g(new C(id));
        const what = `round ${round}: ${C.name} ${id}, prototypes ${links.map((p) => Object.keys(p).join(",")).join(" / ")}`;
        if (seen.has(gr)) is(pair.get(fr), gr, `${what}: the front path served another entry`);
        else ok(!pair.has(fr), `${what}: a new key was served an existing entry`);
        seen.add(gr);
        pair.set(fr, gr);
      }
    }
    ok(pair.size > 20, `many keys (${pair.size})`);
    ok(f.stats().hits > 1000, `most calls hit (${f.stats().hits})`);
  },

  "an ES5-style class's prototype fields changed after its entry was hit: another key, on the front path too"() {
    const changes = [
      ["a method replaced", (p) => (p.load = function load() { return 1; })],
      ["a method added", (p) => (p.close = function close() {})],
      ["a method removed", (p) => delete p.load],
      ["the last field removed", (p) => delete p.retries],
      ["a method renamed", (p) => { p.open = p.load; delete p.load; }],
      ["a primitive field changed", (p) => (p.kind = "tokenizer")],
      ["-0 for 0", (p) => (p.retries = -0)],
      ["an object field, changed in place", (p) => (p.defaults.retries = 2), { retries: 1 }],
    ];
    for (const [what, change, defaults] of changes) {
      const f = cacheResource((o) => ({ o }), { key: `front-objects-es5-fields ${what}` });
      function Req(id) {
        this.id = id;
      }
      Req.prototype.load = function load() {};
      Req.prototype.kind = "model";
      Req.prototype.retries = 0;
      if (defaults !== undefined) Req.prototype.defaults = defaults;
      const first = f(new Req(1));
      for (let i = 0; i < 5; i++) is(f(new Req(1)), first, what);
      change(Req.prototype);
      const got = f(new Req(1));
      isNot(got, first, `${what}: a new key`);
      for (let i = 0; i < 5; i++) is(f(new Req(1)), got, `${what}: one entry`);
    }
  },

  "a function is one key, whatever is later done to its name"() {
    function load() {}
    const f = cacheResource((x) => ({ x }), { key: "front-objects-renamed" });
    const a = f(load);
    Object.defineProperty(load, "name", { value: "other" });
    is(f(load), a);
    function Client() {}
    Client.prototype.load = function load() {};
    const b = f(new Client());
    for (let i = 0; i < 3; i++) is(f(new Client()), b);
    Object.defineProperty(Client.prototype.load, "name", { value: "other" });
    is(f(new Client()), b, "a method, found by the front cache");
  },

  "a name made enumerable on Object.prototype does not make objects equal"() {
    const f = cacheResource((o) => ({ o }), { key: "front-objects-polluted" });
    const withB = f({ a: 1, b: 2 });
    for (let i = 0; i < 3; i++) is(f({ a: 1, b: 2 }), withB);
    Object.prototype.b = 2; // eslint-disable-line no-extend-native
    try {
      // for-in now lists b for {a: 1}; the full path's Object.keys does not.
      isNot(f({ a: 1 }), withB, "an inherited name is not an own one");
      is(f({ a: 1, b: 2 }), withB, "and the recorded entry is still found");
    } finally {
      delete Object.prototype.b;
    }
    for (let i = 0; i < 3; i++) is(f({ a: 1, b: 2 }), withB);
  },

  "an unhashable value where a recorded shape has a leaf still raises UnhashableParamError"() {
    const f = cacheResource((o) => ({ o }), { key: "front-objects-unhashable" });
    const a = f({ v: 1, w: [2] });
    for (let i = 0; i < 3; i++) is(f({ v: 1, w: [2] }), a);
    throws(() => f({ v: Symbol("local"), w: [2] }), UnhashableParamError);
    throws(() => f({ v: 1, w: [new WeakMap()] }), UnhashableParamError);
    const failing = {
      get v() {
        throw new Error("getter failed");
      },
      w: [2],
    };
    throws(() => f(failing), UnhashableParamError, "a throwing getter is reported by the full path");
    is(f({ v: 1, w: [2] }), a);
  },

  "an object where a recorded shape has a leaf keys as the full path, whatever leaf comes first"() {
    // The shape {t, c} is recorded from calls with two numbers. A call whose `t` no front
    // key takes (a registered symbol, a long string) and whose `c` is the object itself
    // must still be walked whole: written from the finder's leaves, `c` would be walked
    // apart from its container, its cycle unrolled one level, which is another key.
    for (const [what, t] of [["a symbol", Symbol.for("front-objects")], ["a long string", "x".repeat(5000)]]) {
      const f = cacheResource((o) => ({ o }), { key: `front-objects-cycle-after-${what}` });
      const cyclic = () => {
        const o = { t };
        o.c = o;
        return o;
      };
      const first = f(cyclic());
      for (let i = 0; i < 10; i++) f({ t: 2, c: 2 });
      is(f(cyclic()), first, `${what} ahead of a cycle`);
      is(f(cyclic()), first);
      const unrolled = { t, c: cyclic() };
      isNot(f(unrolled), first, "one level unrolled is another shape of cycle");
    }
  },

  "a leaf walked as read may call another cached function, whose finder leaves the first key alone"() {
    // Where f's shape has a leaf, a call passes an object whose getter calls g; g's finder
    // reads its own leaves while f's key is being written from the leaves f's finder read.
    const g = cacheResource((o) => ({ o }), { key: "front-objects-reentrant-inner" });
    for (let i = 0; i < 3; i++) g({ p: 5, q: 6 });
    const f = cacheResource((o) => ({ a: o.a, b: o.b }), { key: "front-objects-reentrant" });
    for (let i = 0; i < 3; i++) f({ a: 1, b: 2 });
    const tricky = {
      a: {
        get x() {
          g({ p: 7, q: 8 }); // a miss in g: its finder fills its scratch
          return 1;
        },
      },
      b: 2,
    };
    const first = f(tricky);
    equal(first.b, 2);
    is(f({ a: { x: 1 }, b: 2 }), first, "the key was the object's: b is 2");
    isNot(f({ a: { x: 1 }, b: 8 }), first, "not the inner call's leaves");
    isNot(f({ a: { x: 1 }, b: 7 }), first);
    // The same with a hit, which records the list: the record is f's, not g's.
    is(f(tricky), first);
    const other = f({ p: 7, q: 8 });
    isNot(other, first, "g's arguments are not f's entry");
    equal([other.a, other.b], [undefined, undefined]);
  },

  "getters are read on the front path as on the full path"() {
    let reads = 0;
    const f = cacheResource((o) => ({ v: o.v }), { key: "front-objects-getter" });
    const make = (v) => ({
      get v() {
        reads++;
        return v;
      },
    });
    const one = f(make(1));
    for (let i = 0; i < 3; i++) is(f(make(1)), one);
    isNot(f(make(2)), one);
    ok(reads >= 5, `each call read the getter (${reads})`);
  },

  "object arguments mixed with primitives and underscore parameters"() {
    let runs = 0;
    const f = cacheResource((id, _conn, opts) => ({ id, opts, run: ++runs }), { key: "front-objects-mixed" });
    const a = f(1, "conn-a", { mode: "ro" });
    for (let i = 0; i < 3; i++) is(f(1, `conn-${i}`, { mode: "ro" }), a, "_conn is not part of the key");
    isNot(f(2, "conn-a", { mode: "ro" }), a);
    isNot(f(1, "conn-a", { mode: "rw" }), a);
    isNot(f(1, "conn-a", [{ mode: "ro" }]), a);
    is(runs, 4);
  },

  "a call of names no recorded shape has reads its argument's names a few times, however many shapes are recorded"() {
    // Ids as names (`{ [id]: true }`): each id a shape of its own, many recorded. A new id
    // is counted by the reads of its names (a proxy's ownKeys): where every recorded finder
    // was asked in turn, each read them once more.
    const f = cacheResource((o) => ({ o }), { key: "front-objects-new-names" });
    const ids = Array.from({ length: 48 }, (_, i) => `user:${i}`);
    const hot = ids.map((id) => f({ [id]: true }));
    for (let round = 0; round < 40; round++) ids.forEach((id, i) => is(f({ [id]: true }), hot[i]));
    let reads = 0;
    const fresh = (id) => new Proxy({ [id]: true }, { ownKeys: (t) => (reads++, Reflect.ownKeys(t)) });
    for (let k = 0; k < 4; k++) {
      reads = 0;
      f(fresh(`new:${k}`));
      ok(reads <= 4, `a new id's names were read ${reads} times in one call`);
      ids.forEach((id, i) => is(f({ [id]: true }), hot[i]));
    }
    const again = f(fresh("new:0"));
    is(f(fresh("new:0")), again, "a proxy of a plain object is still keyed by value");
  },

  "object front hits count in stats, keep LRU recency, and respect ttl and validate"() {
    const released = [];
    const f = cacheResource((o) => ({ k: o.k }), { key: "front-objects-lru-order", maxEntries: 2, onRelease: (v) => released.push(v.k) });
    f({ k: "a" });
    f({ k: "b" });
    f({ k: "a" }); // found the full way, recorded
    f({ k: "b" });
    f({ k: "a" }); // a front hit: "b" is now the least recently used
    f({ k: "c" });
    equal(released, ["b"], "the front hit counted as a use");
    equal([f.stats().hits, f.stats().misses], [3, 3]);

    let healthy = true;
    const v = cacheResource((o) => ({ o }), { key: "front-objects-validate", validate: () => healthy });
    const first = v({ k: 1 });
    for (let i = 0; i < 3; i++) is(v({ k: 1 }), first);
    healthy = false;
    const second = v({ k: 1 });
    isNot(second, first, "a failed validate recomputes on the front path too");
  },
};
