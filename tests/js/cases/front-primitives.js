// Calls whose arguments are all primitives take the front cache (src/js/front-primitives.js), which
// finds the entry without hashing from the second hit on. It must give exactly the
// answers of the full path.
import { cacheResource } from "cache-resource";
import { equal, is, isNot, ok } from "../assert.js";
import { xorshift } from "../random.js";

/**
 * The key a primitive argument list must have: type-tagged, -0 apart, NaN one value, and
 * trailing undefined arguments dropped unless the function `counts` its arguments.
 */
function referenceKey(args, counts = false) {
  let n = args.length;
  while (!counts && n > 0 && args[n - 1] === undefined) n--;
  return JSON.stringify(
    args.slice(0, n).map((v) => {
      if (typeof v === "number") return Object.is(v, -0) ? "n:-0" : `n:${v}`;
      if (typeof v === "bigint") return `b:${v}`;
      if (typeof v === "string") return `s:${v}`;
      return `${typeof v}:${v}`;
    }),
  );
}

/** The argument back from its reference key part. */
function fromReference(part) {
  const [type, text] = [part.slice(0, part.indexOf(":")), part.slice(part.indexOf(":") + 1)];
  if (type === "n") return text === "-0" ? -0 : Number(text);
  if (type === "b") return BigInt(text);
  if (type === "s") return text;
  return { boolean: text === "true", undefined: undefined, object: null }[type];
}

const LEAVES = [0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, "", "0", "1", "a", "-0", "NaN", "\uD800", "ü",
  true, false, null, undefined, 0n, 1n, -1n, "x".repeat(300), "x".repeat(4096), "x".repeat(4097)];

function randomArgs(next) {
  return Array.from({ length: next() % 4 }, () => LEAVES[next() % LEAVES.length]);
}

export const tests = {
  "random primitive argument lists: one entry per key, as the full path gives"() {
    // A rest parameter counts trailing undefined arguments; three declared ones do not.
    const variants = [
      ["front-differential-rest", (...args) => ({ args }), true],
      ["front-differential-fixed", (a, b, c) => ({ args: [a, b, c] }), false],
    ];
    for (const [key, fn, counts] of variants) {
      const next = xorshift(2463534242);
      const f = cacheResource(fn, { key });
      const seen = new Map();
      for (let i = 0; i < 3000; i++) {
        const args = randomArgs(next);
        const ref = referenceKey(args, counts);
        const got = f(...args);
        is(referenceKey(got.args, counts), ref, `${key}: the entry answers for these arguments`);
        const before = seen.get(ref);
        if (before === undefined) {
          for (const [k, v] of seen) ok(v !== got, `${key}: ${ref} was served the entry of ${k}`);
          seen.set(ref, got);
        } else {
          is(got, before, `${key}: ${ref} is one entry`);
        }
      }
      ok(seen.size > 300, `many distinct keys (${seen.size})`);
      // Clear every other key: the rest must still be found, the cleared ones computed anew.
      // (Not the no-argument key: f.clear() with no arguments empties the whole cache.)
      const all = [...seen].filter(([ref]) => ref !== "[]");
      const argsOf = (ref) => JSON.parse(ref).map(fromReference);
      all.forEach(([ref], i) => i % 2 === 0 && f.clear(...argsOf(ref)));
      all.forEach(([ref, before], i) => {
        const got = f(...argsOf(ref));
        is(got && referenceKey(got.args, counts), ref, `${key}: the entry answers for these arguments`);
        if (i % 2 === 0) isNot(got, before, `${key}: ${ref} was cleared`);
        else is(got, before, `${key}: ${ref} survived the clearing of its neighbours`);
      });
    }
  },

  "0 to 5 arguments, primitives and objects mixed, in every kind of cache: one entry per key, `this` passed on"() {
    // Up to three arguments take the wrapper's parameters, more take an array: the two
    // ways, and the boundary between them, must key alike.
    const next = xorshift(88172645);
    const pick = () => {
      const r = next() % 10;
      if (r < 7) return LEAVES[next() % LEAVES.length];
      return r < 9 ? { id: next() % 3, tag: LEAVES[next() % 5] } : [next() % 2, "x"];
    };
    const reference = (args, counts) => {
      let n = args.length;
      while (!counts && n > 0 && args[n - 1] === undefined) n--;
      return args.slice(0, n).map((v) => (typeof v === "object" && v !== null ? `${Array.isArray(v) ? "a" : "o"}:${referenceKey(Object.values(v))}` : referenceKey([v], true))).join("|");
    };
    const kinds = [["plain", {}], ["maxEntries", { maxEntries: 100_000 }], ["ttl", { ttl: 3600 }], ["ttl and maxEntries", { ttl: 3600, maxEntries: 100_000 }]];
    const variants = [
      ["rest", function (...args) { return { args, self: this }; }, true],
      ["fixed", function (a, b, c, d, e) { return { args: [a, b, c, d, e], self: this }; }, false],
    ];
    for (const [kind, opts] of kinds) for (const [params, fn, counts] of variants) {
      const f = cacheResource(fn, { key: `front-arity-${kind}-${params}`, ...opts });
      const where = `${kind}, ${params} parameters`;
      const seen = new Map();
      const self = { me: kind };
      for (let i = 0; i < 2000; i++) {
        const args = Array.from({ length: next() % 6 }, pick);
        const key = reference(args, counts);
        const got = f.apply(self, args);
        is(reference(got.args, counts), key, `${where}: the entry answers for these arguments`);
        const before = seen.get(key);
        if (before === undefined) {
          is(got.self, self, `${where}: \`this\` reaches the function`);
          seen.set(key, got);
        } else {
          is(got, before, `${where}: ${key} is one entry`);
        }
      }
      ok(seen.size > 200, `${where}: many distinct keys (${seen.size})`);
      is(f.stats().entries, seen.size, `${where}: one entry per key`);
    }
  },

  "a function that declares no parameters still keys by the arguments it is passed"() {
    // Its wrapper takes none: arguments go the general way, and must key as they do there.
    let runs = 0;
    const f = cacheResource(function () {
      return { args: [...arguments], self: this, run: ++runs };
    }, { key: "front-no-params" });
    const none = f();
    is(f(), none, "no arguments: one entry");
    isNot(f(undefined), none, "it reads `arguments`: a trailing undefined is an argument");
    const one = f(1);
    isNot(one, none);
    is(f(1), one);
    isNot(f(2), one);
    const obj = f({ a: 1 }, "x", 3, 4);
    is(f({ a: 1 }, "x", 3, 4), obj, "objects and more than three arguments");
    const self = { me: 1 };
    is(f.call(self, "t").self, self, "`this` reaches the function");
    is(runs, 6);
  },

  "a cleared entry's slot, reused by other arguments, is never served for the old ones"() {
    let runs = 0;
    const f = cacheResource((a, b) => ({ a, b, run: ++runs }), { key: "front-reuse" });
    const first = f(1, "x");
    is(f(1, "x"), first);
    f.clear(1, "x");
    const other = f(2, "y"); // likely reuses the freed slot
    const again = f(1, "x");
    isNot(again, first, "the cleared entry is gone");
    isNot(again, other, "and its old path does not lead to the new entry");
    is(f(2, "y"), other);
    is(runs, 3);
    cacheResource.clear();
    const afterAll = f(2, "y");
    isNot(afterAll, other, "a global clear empties the front cache too");
  },

  "front hits count in stats, and a hot-reloaded wrap shares them"() {
    const make = () => cacheResource(function pick(a, b) { return { a, b }; }, { key: "front-stats" });
    const f = make();
    const a = f("p", 1);
    f("p", 1);
    f("p", 1);
    const g = make(); // the same source: the same cache
    is(g("p", 1), a);
    equal(
      [f.stats().hits, f.stats().misses, f.stats().entries],
      [3, 1, 1],
    );
    ok(cacheResource.stats().hits >= 3, "the global stats include them");
  },

  "underscore and trailing undefined arguments are left out on the front path too"() {
    let runs = 0;
    const f = cacheResource((id, _conn, mode) => ({ id, mode, run: ++runs }), { key: "front-skip" });
    const a = f(7, "conn-1");
    is(f(7, "conn-2"), a, "_conn is not part of the key");
    is(f(7, undefined, undefined), a, "trailing undefined is a missing argument");
    isNot(f(7, "conn-1", "rw"), a);
    isNot(f(-0, "conn-1"), f(0, "conn-1"), "-0 and 0 stay apart");
    is(runs, 4);
  },

  "validate runs on front hits and can drop the entry"() {
    let healthy = true;
    const f = cacheResource((n) => ({ n }), { key: "front-validate", validate: () => healthy });
    const a = f(1);
    is(f(1), a);
    healthy = false;
    const b = f(1);
    isNot(b, a, "a failed validate recomputes");
    healthy = true;
    is(f(1), b, "and the new entry is found on the front path");
  },

  async "with a ttl, an expired entry is not served by the front cache, even before the timer fires"() {
    const f = cacheResource((k) => ({ k }), { key: "front-ttl", ttl: 0.05 });
    const a = f("k");
    is(f("k"), a); // found the full way, recorded
    is(f("k"), a); // a front hit
    const until = performance.now() + 120;
    while (performance.now() < until); // block: no timer can fire
    await Promise.resolve(); // a new turn, so the clock is read again
    const b = f("k");
    isNot(b, a, "the lookup by slot saw the deadline");
    is(f("k"), b);
    equal([f.stats().expired, f.stats().misses], [1, 2]);
  },

  "with maxEntries, front hits keep their entries recent"() {
    const released = [];
    const f = cacheResource((k) => ({ k }), { key: "front-lru", maxEntries: 2, onRelease: (v) => released.push(v.k) });
    f("a");
    f("b");
    f("a"); // found the full way, and recorded in the front cache
    f("b"); // the same: "a" is now the least recently used
    f("a"); // a front hit: "b" is now the least recently used
    f("c");
    equal(released, ["b"], "the front hit counted as a use");
    equal(f.stats().hits, 3);
  },

  "front hits past the length of the log of uses keep the LRU order exact"() {
    // The front cache logs its hits for the registry, which applies the log at its next
    // call; a full log is applied at once. Either way evictions follow every use, in order.
    const released = [];
    const f = cacheResource((k) => ({ k }), { key: "front-lru-log", maxEntries: 3, onRelease: (v) => released.push(v.k) });
    for (const k of ["a", "b", "c", "a", "b", "c"]) f(k); // all three recorded in the front cache
    const order = ["c", "b", "a"]; // least recently used first
    const next = xorshift(4711);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 300 + 97 * round; i++) {
        const k = "abc"[next() % 3];
        f(k);
        order.splice(order.indexOf(k), 1);
        order.push(k);
      }
      equal(f.entries().map(([[k]]) => k), order.slice().reverse(), "entries() lists the most recent first");
    }
    const hits = f.stats().hits;
    f("d");
    equal(released, [order[0]], "the least recently used was evicted");
    is(f.stats().hits, hits, "hits counted once each");
    // One use, then more than a log's worth of others: that first use still counts.
    const g = cacheResource((k) => ({ k }), { key: "front-lru-log-full", maxEntries: 3, onRelease: (v) => released.push(v.k) });
    for (const k of ["a", "b", "c", "a", "b", "c"]) g(k);
    g("a");
    for (let i = 0; i < 1000; i++) g("c");
    g("d");
    equal(released.slice(1), ["b"], "the use of a before a full log kept it");
  },

  "with a ttl and maxEntries, front hits keep entries recent and never serve an expired one"() {
    const released = [];
    const f = cacheResource((k) => ({ k }), { key: "front-lru-ttl", ttl: 60, maxEntries: 2, onRelease: (v) => released.push(v.k) });
    f("a");
    f("b");
    f("a");
    f("b");
    f("a"); // a front hit: "b" is now the least recently used
    f("c");
    equal(released, ["b"]);
    const g = cacheResource((k) => ({ k, at: performance.now() }), { key: "front-lru-ttl-short", ttl: 0.05, maxEntries: 5 });
    const first = g("x");
    is(g("x"), first);
    is(g("x"), first, "a front hit inside the ttl");
    const until = performance.now() + 80;
    while (performance.now() < until); // past the ttl, in the same turn
    isNot(g("x"), first, "past its deadline, the entry is computed again");
  },
};
