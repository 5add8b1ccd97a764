// A seeded differential fuzzer. Argument lists are drawn from a grammar of *specs* (what a
// value is), each turned into a live value in a randomly hostile way: getters, transparent
// proxies, another realm, shuffled key order, getters that call another cached function.
// The reference equality is a canonical string of the spec, written here without the
// encoder: two calls must share an entry exactly when their canonical keys are equal. A
// model replays every call, clear and error, so the cache must stay right after each one.
// Deep specs (deepSpec) reach 150 levels, past where the walk starts its Set.
import { cacheResource, UnhashableParamError } from "cache-resource";
import { xorshift } from "../random.js";
import { otherRealm } from "../realm.js";

// FUZZ_SEEDS=first-last adds a range of seeds for a long run without an edit (in Node, and
// in Chromium through tests/browser/cases.test.mjs).
const SEEDS = [1, 20261201, 987654321, 7051, 7013, 91021, ...extraSeeds(globalThis.process?.env?.FUZZ_SEEDS ?? globalThis.FUZZ_SEEDS)];
const CALLS_PER_SEED = 3000;
const MS_PER_SEED = 1500;

class A {
  constructor(fields) {
    define(this, fields);
  }
}
const B = (() =>
  class A {
    constructor(fields) {
      define(this, fields);
    }
    other() {}
  })();
class Tagged {
  constructor(fields) {
    define(this, fields);
  }
  get [Symbol.toStringTag]() {
    return "Number";
  }
}
class Secret {
  #s = 1;
}
class Money {
  constructor(cents) {
    this.cents = cents;
    this.display = `$${cents / 100}`; // not part of the key: hashFuncs hashes cents only
  }
}
const CLASSES = { A, B, Tagged };
// A subclass of each built-in an "ext" spec extends: keyed as itself, never as its base.
const SUBCLASSES = {
  date: class SubDate extends Date {}, re: class SubRegExp extends RegExp {}, err: class SubError extends Error {},
  map: class SubMap extends Map {}, set: class SubSet extends Set {}, bytes: class SubBytes extends Uint8Array {},
  url: class SubURL extends URL {},
};

function define(target, entries) {
  for (const [name, value] of entries) Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

const NUMBERS = [0, -0, 1, 2.5, -1, NaN, Infinity, -Infinity, 1e21, 2 ** 53];
const STRINGS = ["", "a", "b", "\u00e9", "\uD800", "\u65e5\u672c", "x".repeat(60), "0"];
const NAMES = ["a", "b", "c", "__proto__", "constructor", "0", "1", "toString", "\u00e9"];
const HOLE = { hole: true };
// Sparse arrays: elements either side of where a run of holes becomes one count in the
// stream (past 1,024 in a row) and of where the walk stops scanning runs and looks elements
// up (past 64 K holes scanned), up to the longest length an array can have.
const SPARSE_AT = [0, 1, 1023, 1024, 1025, 1026, 2049, 2050, 70000, 70001, 140000];
const SPARSE_LENGTHS = [1025, 1026, 1027, 2050, 2051, 2052, 70001, 70002, 140001, 2 ** 32 - 1];
// Names an array may carry besides its elements, some of which read as numbers: no part of its key.
const ARRAY_NAMES = ["x", "1e5", "-1", "01", "1.5", "4294967295"];
// The symbols an instance may keep fields under (its state, as for Node's FormData); a
// plain object's symbol-keyed fields are no part of its key.
const SYMBOLS = { s1: Symbol("s1"), s2: Symbol("s2"), r: Symbol.for("fuzz-r") };
let junk = 0;
// Each as its own href reads: the reference key is the text as written.
const URLS = ["https://a.example/", "https://a.example/x?q=1", "https://b.example/x?q=1"];

function grammar(next) {
  const pick = (xs) => xs[next() % xs.length];
  const chance = (n) => next() % n === 0;
  function primitive() {
    switch (next() % 9) {
      case 0: return { k: "num", v: pick(NUMBERS) };
      case 1: return { k: "str", v: pick(STRINGS) };
      case 2: return { k: "bool", v: chance(2) };
      case 3: return { k: "null" };
      case 4: return { k: "undef" };
      case 5: return { k: "big", v: pick([0n, 1n, -5n, 2n ** 70n]) };
      case 6: return { k: "sym", v: pick(["a", "b"]) };
      default: return { k: "num", v: next() % 4 };
    }
  }
  function entries(depth, cycles) {
    const names = [...new Set(Array.from({ length: next() % 4 }, () => pick(NAMES)))];
    return names.map((n) => [n, cycles && chance(9) ? { k: "cycle", depth: next() % (cycles) } : spec(depth + 1, cycles + 1)]);
  }
  // Map keys and Set members are compared as SameValueZero: -0 is stored as 0.
  function unique(list) {
    const seen = new Set();
    const zeroed = list.map((s) => (s.k === "num" && Object.is(s.v, -0) ? { k: "num", v: 0 } : s));
    return zeroed.filter((s) => !seen.has(canon(s)) && seen.add(canon(s)));
  }
  function spec(depth = 0, cycles = 0) {
    if (depth > 3 || chance(3)) return primitive();
    switch (next() % 15) {
      case 0:
        if (chance(4)) {
          const length = pick(SPARSE_LENGTHS);
          const at = [...new Set(Array.from({ length: next() % 5 }, () => pick(SPARSE_AT)))].filter((i) => i < length);
          return { k: "sparse", length, at: at.sort((a, b) => a - b).map((i) => [i, spec(depth + 1, cycles + 1)]) };
        }
        return { k: "arr", items: Array.from({ length: next() % 4 }, () => (chance(6) ? HOLE : spec(depth + 1, cycles + 1))) };
      case 1:
      case 2: return { k: "obj", entries: entries(depth, cycles + 1) };
      case 3: return { k: "map", entries: unique(Array.from({ length: next() % 3 }, primitive)).map((key) => [key, spec(depth + 1, cycles + 1)]) };
      case 4: return { k: "set", items: unique(Array.from({ length: next() % 3 }, () => spec(depth + 1, cycles + 1))) };
      case 5: return { k: "date", t: pick([0, 5, NaN, 1e12]) };
      case 6: return { k: "re", src: pick(["a", "a|b", "\\d"]), flags: pick(["", "g", "gi"]) };
      case 7: return { k: "bytes", type: pick(["Uint8Array", "Int8Array", "Uint16Array", "DataView"]), data: Array.from({ length: 2 * (next() % 3) }, () => next() % 3) };
      case 8: {
        const syms = chance(2) ? [] : entries(depth, 0).map(([n, x]) => [pick(Object.keys(SYMBOLS)), x]);
        return { k: "inst", cls: pick(Object.keys(CLASSES)), entries: entries(depth, 0), syms: syms.filter(([n], i) => syms.findIndex(([m]) => m === n) === i) };
      }
      case 9: return { k: "created", proto: { k: "obj", entries: entries(depth, 0) }, entries: entries(depth, 0) };
      case 10: {
        const v = primitive(); // Object(null) and Object(undefined) are plain objects, not boxes
        return { k: "boxed", v: v.k === "null" || v.k === "undef" ? { k: "num", v: 1 } : v };
      }
      case 11: return chance(3) ? { k: "bad", what: pick(["symbol", "weak", "bound", "private", "revoked", "throws"]) } : primitive();
      case 12: {
        // A built-in given fields of its own, or a subclass's instance (a typed array's
        // own names are its elements: it gets none).
        const base = pick([
          { k: "date", t: pick([0, 5]) }, { k: "re", src: "a", flags: pick(["", "g"]) }, { k: "err", msg: pick(["a", "b"]) },
          { k: "map", entries: [] }, { k: "set", items: [] }, { k: "bytes", type: "Uint8Array", data: [next() % 2] },
          { k: "url", text: pick(URLS) },
        ]);
        return { k: "ext", base, sub: chance(2), entries: base.k === "bytes" ? [] : entries(depth, 0) };
      }
      case 13: return chance(2) ? { k: "url", text: pick(URLS) } : { k: "query", text: pick(["a=1", "a=1&b=2", "b=2&a=1"]) };
      default: return { k: "obj", entries: entries(depth, cycles + 1) };
    }
  }
  return { spec, pick, chance, primitive };
}

/** The reference key of a spec, written from the documented rules alone; null when unhashable. */
function canon(s) {
  switch (s.k) {
    case "num": return Object.is(s.v, -0) ? "n:-0" : `n:${s.v}`;
    case "str": return `s:${JSON.stringify(s.v)}`;
    case "bool": return `b:${s.v}`;
    case "null": return "null";
    case "undef": return "undef";
    case "big": return `i:${s.v}`;
    case "sym": return `y:${s.v}`;
    case "money": return `money:${s.cents}`;
    case "cycle": return `^${s.depth}`;
    case "shared": return canon(s.spec);
    case "arr": return all(s.items.map((x) => (x === HOLE ? "hole" : canon(x))), (xs) => `[${xs.join(",")}]`);
    case "sparse": {
      // Each run of holes as its length.
      const ends = [...s.at.map(([i]) => i), s.length];
      return all(s.at.map(([, x]) => canon(x)), (xs) => `[${ends.map((end, j) => `h${end - (j ? ends[j - 1] + 1 : 0)}${j < xs.length ? `,${xs[j]}` : ""}`).join(",")}]`);
    }
    case "obj": return fields(s.entries, (f) => `{${f}}`);
    case "map": return all(s.entries.flatMap(([k, v]) => [canon(k), canon(v)]), (xs) => `M{${pairs(xs).sort().join(",")}}`);
    case "set": return all(s.items.map(canon), (xs) => `S{${xs.sort().join(",")}}`);
    case "date": return `d:${Number.isNaN(s.t) ? "invalid" : s.t}`;
    case "re": return `r:${s.src}/${s.flags}`;
    case "bytes": return `B:${s.type}:${s.data.join(".")}`;
    case "inst": return fields([...s.entries, ...s.syms.map(([n, x]) => [`@${n}`, x])], (f) => `I:${s.cls}{${f}}`);
    case "created": return all([canon(s.proto), fields(s.entries, (f) => f)], ([p, f]) => `C:${p}{${f}}`);
    case "boxed": return all([canon(s.v)], ([v]) => `X:${v}`);
    case "err": return `e:${s.msg}`;
    case "url": return `u:${s.text}`;
    case "query": return `q:${s.text}`;
    case "ext":
      if (!s.sub && s.entries.length === 0) return canon(s.base);
      return all([canon(s.base), fields(s.entries, (f) => f)], ([b, f]) => `E:${s.sub ? "sub" : ""}:${b}{${f}}`);
    default: return null;
  }
}
const all = (xs, join) => (xs.includes(null) ? null : join(xs));
const pairs = (xs) => xs.reduce((out, x, i) => (i % 2 ? (out[out.length - 1] += `=>${x}`, out) : [...out, x]), []);
// Each value's canon is written once: twice would take time exponential in the depth.
const fields = (entries, wrap) => all(entries.map(([n, v]) => ((c) => c && `${JSON.stringify(n)}:${c}`)(canon(v))), (xs) => wrap(xs.sort().join(",")));

/**
 * A live value for `s`, made hostile at random; `realm` is another realm's global or null.
 * A shared subtree is made once per `shared` Map and met again wherever the spec names it;
 * without one, each place gets a copy.
 */
function materialize(s, g, realm, side, stack = [], shared = null) {
  const { pick, chance } = g;
  const R = realm !== null && chance(4) ? realm : globalThis;
  const child = (x, parent) => materialize(x, g, realm, side, [...stack, parent], shared);
  switch (s.k) {
    case "num":
    case "str":
    case "bool":
    case "big": return s.v;
    case "null": return null;
    case "undef": return undefined;
    case "sym": return Symbol.for(s.v);
    case "money": return new Money(s.cents);
    case "cycle": return stack[stack.length - 1 - s.depth];
    case "shared": {
      if (shared === null) return materialize(s.spec, g, realm, side);
      if (!shared.has(s.spec)) shared.set(s.spec, materialize(s.spec, g, realm, side));
      return shared.get(s.spec);
    }
    case "arr": {
      const target = new R.Array();
      target.length = s.items.length;
      const live = chance(5) ? new Proxy(target, {}) : target;
      s.items.forEach((x, i) => {
        if (x !== HOLE) target[i] = child(x, live);
      });
      return live;
    }
    case "sparse": {
      // Grown by its length, made with it, or with elements deleted again; its indexes
      // listed in order, or backwards by a proxy.
      const target = chance(2) ? new R.Array(s.length) : new R.Array();
      target.length = s.length;
      const live = chance(4) ? new Proxy(target, chance(2) ? {} : { ownKeys: (t) => Reflect.ownKeys(t).reverse() }) : target;
      const taken = new Set(s.at.map(([i]) => i));
      const gone = pick(SPARSE_AT);
      if (chance(3) && !taken.has(gone) && gone < s.length) target[gone] = junk++;
      for (const [i, x] of shuffled(s.at, g)) target[i] = child(x, live);
      if (!taken.has(gone)) delete target[gone];
      if (chance(3)) target[pick(ARRAY_NAMES)] = junk++;
      return live;
    }
    case "obj": {
      const target = chance(6) ? R.Object.create(null) : new R.Object();
      const live = chance(5) ? new Proxy(target, {}) : target;
      if (chance(6)) target[pick(Object.values(SYMBOLS))] = junk++;
      for (const [name, x] of shuffled(s.entries, g)) {
        const value = child(x, live);
        if (!chance(3)) {
          define(target, [[name, value]]);
          continue;
        }
        // A getter that answers the same value each read, sometimes after a cached call of its own.
        const reentrant = chance(2) ? g.spec(2) : null;
        Object.defineProperty(target, name, {
          enumerable: true,
          configurable: true,
          get() {
            if (reentrant !== null) {
              try {
                side(materialize(reentrant, g, realm, side));
              } catch (e) {
                if (!(e instanceof UnhashableParamError)) throw e;
              }
            }
            return value;
          },
        });
      }
      return live;
    }
    case "map": {
      const m = new R.Map();
      const live = m;
      for (const [k, v] of shuffled(s.entries, g)) m.set(child(k, live), child(v, live));
      return live;
    }
    case "set": {
      const set = new R.Set();
      for (const x of shuffled(s.items, g)) set.add(child(x, set));
      return set;
    }
    case "date": return new R.Date(s.t);
    case "re": return new R.RegExp(s.src, s.flags);
    case "bytes": {
      // Sometimes a window into a larger buffer, and sometimes with own properties that
      // lie about that window: only the bytes inside it are the value.
      const offset = chance(3) ? pick([2, 4]) : 0;
      const buffer = new R.ArrayBuffer(offset + s.data.length + (chance(3) ? 2 : 0));
      new Uint8Array(buffer).fill(pick([0, 1, 2])).set(s.data, offset);
      const view = s.type === "DataView" ? new R.DataView(buffer, offset, s.data.length) : new R[s.type](buffer, offset, s.data.length / R[s.type].BYTES_PER_ELEMENT);
      if (chance(4)) for (const name of ["buffer", "byteOffset", "byteLength"]) Object.defineProperty(view, name, { value: name === "buffer" ? new ArrayBuffer(8) : 0 });
      return view;
    }
    case "inst": {
      const o = new CLASSES[s.cls]([]);
      define(o, shuffled([...s.entries, ...s.syms.map(([n, x]) => [SYMBOLS[n], x])], g).map(([n, x]) => [n, child(x, o)]));
      return o;
    }
    case "created": {
      const o = Object.create(materialize(s.proto, g, realm, side));
      define(o, shuffled(s.entries, g).map(([n, x]) => [n, child(x, o)]));
      return o;
    }
    case "boxed": return Object(materialize(s.v, g, realm, side));
    case "err": return new R.Error(s.msg);
    // A vm context has no URL of its own.
    case "url": return new (R.URL ?? URL)(s.text);
    case "query": return new (R.URLSearchParams ?? URLSearchParams)(s.text);
    case "ext": {
      const { base } = s;
      const Sub = SUBCLASSES[base.k];
      const v = !s.sub
        ? materialize(base, g, realm, side)
        : base.k === "date" ? new Sub(base.t) : base.k === "re" ? new Sub(base.src, base.flags) : base.k === "err" ? new Sub(base.msg) : base.k === "bytes" ? new Sub(base.data) : base.k === "url" ? new Sub(base.text) : new Sub();
      define(v, shuffled(s.entries, g).map(([n, x]) => [n, child(x, v)]));
      return v;
    }
    case "bad":
      switch (s.what) {
        case "symbol": return Symbol("local");
        case "weak": return new WeakMap();
        case "bound": return ((x) => x).bind(null);
        case "private": return new Secret();
        case "revoked": {
          const { proxy, revoke } = Proxy.revocable({}, {});
          revoke();
          return proxy;
        }
        default: return { get boom() { throw new Error("getter threw"); } };
      }
    default: throw new Error(`no spec kind ${s.k}`);
  }
}

function shuffled(list, g) {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = g.pick([...Array(i + 1).keys()]);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A cached function under test, with its model (canonical key -> the value it returned).
 * Its third parameter is `_c` where `skip` says so; where it `counts`, it takes a rest
 * parameter, which tells a trailing undefined argument from a missing one.
 */
function subject(name, options, skip, counts = false) {
  const state = { runs: 0 };
  const methods = {
    plain(a, b, _c) {
      return { run: ++state.runs, a, b };
    },
    other(a, b, c) {
      return { run: ++state.runs, a, b, c };
    },
    rest(...xs) {
      return { run: ++state.runs, xs };
    },
  };
  const f = cacheResource(counts ? methods.rest : skip.length ? methods.plain : methods.other, { key: `fuzz-${name}-${Math.random()}`, ...options });
  return { f, name, model: new Map(), runs: () => state.runs, skip, counts };
}

/** The reference key of an argument list: left-out arguments dropped, and trailing undefined ones unless counted. */
function keyOf(specs, skip, counts) {
  let n = specs.length;
  while (n > 0 && ((specs[n - 1].k === "undef" && !counts) || skip.includes(n - 1))) n--;
  const parts = specs.slice(0, n).map((s, i) => (skip.includes(i) ? "skip" : canon(s)));
  return parts.includes(null) ? null : parts.join("|");
}

function check(ok, message) {
  if (!ok) throw new Error(message);
}

/** A seed's draws, grammar, other realm, and `side`: the cached function that getters call. */
async function fuzzing(seed, label) {
  // A turn of the event loop per seed: a long run must not hold a page's main thread for
  // minutes, where a browser driver's request waits on it (geckodriver's time out after 300 s).
  await new Promise((resolve) => setTimeout(resolve, 0));
  const next = xorshift(seed);
  const side = cacheResource(function side(x) {
    return { x };
  }, { key: `fuzz-${label}side-${seed}` });
  return { next, g: grammar(next), realm: await otherRealm(), side };
}

async function run(seed) {
  const { next, g, realm, side } = await fuzzing(seed, "");
  const subjects = [
    subject("plain", {}, [2]),
    subject("hashed", { hashFuncs: new Map([[Money, (m) => m.cents]]) }, []),
    subject("bounded", { maxEntries: 1_000_000 }, []),
    subject("rest", {}, [], true),
  ];
  const started = performance.now();
  for (let call = 0; call < CALLS_PER_SEED && performance.now() - started < MS_PER_SEED; call++) {
    const s = g.pick(subjects);
    const specs = Array.from({ length: next() % 4 }, () => (s === subjects[1] && g.chance(3) ? { k: "money", cents: next() % 3 } : g.spec()));
    const key = keyOf(specs, s.skip, s.counts);
    const args = specs.map((x) => materialize(x, g, realm, side));
    const where = `seed ${seed}, call ${call}, ${s.name}(${key ?? specs.map((x) => x.k).join(", ")})`;
    if (g.chance(25)) {
      s.f.clear();
      s.model.clear();
      continue;
    }
    if (key !== null && g.chance(15)) {
      s.f.clear(...args);
      // With no arguments at all, clear() empties the whole cache.
      if (args.length === 0) s.model.clear();
      else s.model.delete(key);
      continue;
    }
    const before = s.runs();
    let result;
    try {
      result = s.f(...args);
    } catch (e) {
      check(key === null && e instanceof UnhashableParamError, `${where}: threw ${e && e.name}: ${e && e.message}`);
      continue;
    }
    check(key !== null, `${where}: an unhashable argument list was accepted`);
    const known = s.model.get(key);
    if (known !== undefined) {
      check(result === known, `${where}: expected the entry of run ${known.run}, got run ${result.run}`);
    } else {
      check(s.runs() === before + 1 && result.run === s.runs(), `${where}: a new key must run the function (returned run ${result.run})`);
      for (const [k, v] of s.model) check(v !== result, `${where}: returned the entry of another key, ${k}`);
      s.model.set(key, result);
    }
  }
}

/** `s` with its containers kept and, below the top, some of its values made numbers: one of the shapes a front cache learns before `s` comes. */
function flattened(s, g, depth = 0) {
  if (s.k === "obj") return { k: "obj", entries: s.entries.map(([n, x]) => [n, depth > 0 && g.chance(2) ? { k: "num", v: 1 } : flattened(x, g, depth + 1)]) };
  if (s.k === "arr") return { k: "arr", items: s.items.map((x) => (x === HOLE ? x : flattened(x, g, depth + 1))) };
  return { k: "num", v: 2 };
}

/** `s` past 70 small objects in an array, with a field leading back to that array: past what a front cache copies. */
const pastRows = (s) => ({
  k: "arr",
  items: [...Array.from({ length: 70 }, (_, i) => ({ k: "obj", entries: [["i", { k: "num", v: i }]] })), { k: "obj", entries: [["up", { k: "cycle", depth: 1 }], ["v", s]] }],
});

async function again(seed) {
  const { next, g, realm, side } = await fuzzing(seed, "again-");
  // A few caches, each learning the shapes of many lists (a cache registered stays).
  const pool = Array.from({ length: 16 }, (_, i) => subject(`again-${seed}-${i}`, {}, []).f);
  const started = performance.now();
  for (let list = 0; list < 200 && performance.now() - started < MS_PER_SEED; list++) {
    const specs = Array.from({ length: 1 + (next() % 2) }, () => (g.chance(4) ? pastRows(g.spec()) : g.spec()));
    if (keyOf(specs, [], false) === null) continue;
    const f = pool[list % pool.length];
    const build = () => specs.map((x) => materialize(x, g, realm, side));
    const first = f(...build());
    for (let call = 0; call < 10; call++) {
      if (g.chance(2)) for (let i = 0; i < 3; i++) f(...specs.map((x) => materialize(flattened(x, g), g, realm, side)));
      const got = f(...build());
      check(got === first, `seed ${seed}, list ${list}, call ${call + 2} of ${specs.map(canon).join(" | ")}: run ${got.run}, not the first call's ${first.run}`);
    }
    f.clear();
  }
  // Gone with the test: later tests measure the registry's memory.
  side.clear();
}

/**
 * A spec `height` containers deep: each holds the one that leads on down and up to two
 * more parts, each a primitive, a reference to any container above, or a subtree from
 * `pool`, which other places in the value share.
 */
function deepSpec(g, next, height, pool, level = 0) {
  if (level === height) return g.primitive();
  const kids = [deepSpec(g, next, height, pool, level + 1)];
  for (let extra = next() % 3; extra > 0; extra--) {
    const r = next() % 4;
    const kid = r === 0 ? g.primitive() : r === 1 ? { k: "cycle", depth: next() % (level + 1) } : { k: "shared", spec: g.pick(pool) };
    kids.splice(next() % (kids.length + 1), 0, kid);
  }
  if (g.chance(2)) return { k: "arr", items: kids };
  const names = shuffled(NAMES, g);
  return { k: "obj", entries: kids.map((x, i) => [names[i], x]) };
}

/** What a deepSpec's containers hold besides each other: primitives, references up, shared subtrees. */
function partsOf(s, out = []) {
  if (s.k === "arr") for (const x of s.items) partsOf(x, out);
  else if (s.k === "obj") for (const [, x] of s.entries) partsOf(x, out);
  else out.push(s);
  return out;
}

/** A deepSpec with its part `part` replaced by `by`. */
function replaced(s, part, by) {
  if (s === part) return by;
  if (s.k === "arr") return { k: "arr", items: s.items.map((x) => replaced(x, part, by)) };
  if (s.k === "obj") return { k: "obj", entries: s.entries.map(([n, x]) => [n, replaced(x, part, by)]) };
  return s;
}

/** A spec of at most two levels of containers that has a key. */
function hashable(g) {
  for (;;) {
    const s = g.spec(2);
    if (canon(s) !== null) return s;
  }
}

async function deep(seed) {
  const { next, g, realm, side } = await fuzzing(seed, "deep-");
  const f = subject(`deep-${seed}`, {}, []).f;
  // Shared subtrees are made once per value; with `shared` null, each place gets a copy.
  const made = (s, shared = new Map()) => materialize(s, g, realm, side, [], shared);
  const started = performance.now();
  for (let i = 0; i < 40 && performance.now() - started < MS_PER_SEED; i++) {
    const pool = Array.from({ length: 3 }, () => hashable(g));
    const spec = deepSpec(g, next, 20 + (next() % 131), pool);
    const where = `seed ${seed}, value ${i}`;
    const first = f(made(spec));
    check(f(made(spec)) === first, `${where}: an equal value made again got another entry`);
    check(f(made(spec, null)) === first, `${where}: with its shared subtrees as copies it got another entry`);
    for (let m = 0; m < 4; m++) {
      const part = g.pick(partsOf(spec));
      const by = part.k === "cycle" ? { k: "cycle", depth: Math.max(0, part.depth - 1 - (next() % 3)) } : part.k === "shared" ? { k: "shared", spec: hashable(g) } : g.primitive();
      const other = replaced(spec, part, by);
      const same = canon(other) === canon(spec);
      const got = f(made(other));
      check((got === first) === same, `${where}, change ${m} (${part.k}): ${same ? "an equal value got another entry" : "a different value shared the entry"}`);
    }
  }
  side.clear();
  f.clear();
}

// ---- the same objects, changed in place between calls

const MUTATED_VALUES = [0, -0, 1, NaN, "", "a", "1", true, null, undefined];
const MUTATED_NAMES = ["a", "b", "id"];

/** The reference key of a live value built by mutated() below: sorted names, holes apart from undefined. */
function liveCanon(v) {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${Array.from(v, (_, i) => (i in v ? liveCanon(v[i]) : "hole")).join(",")}]`;
  const body = Object.keys(v).sort().map((n) => `${JSON.stringify(n)}:${liveCanon(v[n])}`).join(",");
  return `${v instanceof A ? "A" : ""}{${body}}`;
}

/**
 * Seeded rounds of calls whose arguments are the same objects, changed in place (a field
 * set or deleted, an element set, pushed or cut off) or put back to an earlier state as
 * fresh copies: each call must answer the value computed for the arguments as they are
 * now, never one an entry kept for what they were.
 */
async function mutated(seed) {
  const next = xorshift(seed);
  const pick = (xs) => xs[next() % xs.length];
  const value = (depth) => {
    const r = next() % 10;
    if (depth > 2 || r < 6) return pick(MUTATED_VALUES);
    return r < 8 ? container(depth + 1, false) : container(depth + 1, true);
  };
  const container = (depth, array) => {
    if (array) return Array.from({ length: next() % 3 }, () => value(depth));
    const o = next() % 8 === 0 ? new A([]) : {};
    for (let n = next() % 4; n > 0; n--) o[pick(MUTATED_NAMES)] = value(depth);
    return o;
  };
  const containers = (v, out) => {
    if (v !== null && typeof v === "object") {
      out.push(v);
      for (const n of Object.keys(v)) containers(v[n], out);
    }
    return out;
  };
  const copy = (v) => (v === null || typeof v !== "object" ? v : Array.isArray(v) ? Array.from(v, copy) : Object.assign(v instanceof A ? new A([]) : {}, Object.fromEntries(Object.entries(v).map(([n, x]) => [n, copy(x)]))));
  for (let round = 0; round < 12; round++) {
    const options = pick([{}, { maxEntries: 3 }, { maxEntries: 40 }]);
    const f = cacheResource((...args) => args.map(liveCanon).join(" | "), { key: `mutated ${seed} ${round}`, ...options });
    const args = Array.from({ length: 1 + (next() % 3) }, () => container(0, next() % 5 === 0));
    const states = [args.map(copy)];
    for (let step = 0; step < 200; step++) {
      const r = next() % 10;
      if (r < 5) {
        const c = pick(args.flatMap((a) => containers(a, [])));
        const op = next() % 4;
        if (!Array.isArray(c)) {
          if (op < 3) c[pick(MUTATED_NAMES)] = value(2);
          else delete c[pick(MUTATED_NAMES)];
        } else if (op === 0 && c.length > 0) c[next() % c.length] = value(2);
        else if (op === 1) c.push(value(2));
        else if (op === 2) c.pop();
        else c.length = next() % 3;
      } else if (r < 7) {
        const earlier = pick(states);
        for (let i = 0; i < args.length; i++) args[i] = copy(earlier[i]);
      } else if (r < 8) {
        states.push(args.map(copy));
      }
      const want = args.map(liveCanon).join(" | ");
      const got = f(...args);
      check(got === want, `seed ${seed}, round ${round}, step ${step}: ${got} for ${want}`);
    }
  }
}

function extraSeeds(range) {
  if (!range) return [];
  const [first, last = first] = range.split("-").map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first) throw new Error(`FUZZ_SEEDS: expected first-last, got ${range}`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export const tests = {
  async "differential: same entry exactly when the reference keys are equal"() {
    for (const seed of SEEDS) await run(seed);
  },

  // Calls of one argument list take different ways over time: walked, copied as read
  // (in part, past the copy's budget), or read by a finder the cache learned from other
  // lists of the same names. Each way must write the same key.
  async "differential: an argument list made again and again is one entry while the front cache learns"() {
    for (const seed of SEEDS) await again(seed);
  },

  // The walk searches the containers open above a value while up to 64 are, and asks a
  // Set past that, where closed ones may linger: references up reach any ancestor, and
  // shared subtrees are met again after they closed (a value, not a cycle).
  async "differential: values 20 to 150 containers deep, either side of the walk's Set"() {
    for (const seed of SEEDS) await deep(seed);
  },

  async "differential: the same objects, changed in place between calls, are keyed as they are now"() {
    for (const seed of SEEDS) await mutated(seed);
  },
};
