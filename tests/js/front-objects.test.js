// The object front cache's own bookkeeping (src/js/front-objects.js), driven directly:
// every recorded argument list is found again under its slot, through any number of
// entries and releases, and a key stream written from a finder's leaves is the walk's. tests/js/cases/front-objects.js checks its answers against the
// full path; this checks it answers at all, so a tree that loses entries shows up here
// and not only as slower hits.
import { test } from "node:test";
import { ok, strictEqual } from "node:assert/strict";
// Instantiates the wasm module, which digests the shapes' names.
import { cacheResource } from "cache-resource";
import { caches } from "../../pkg/caches.js";
import { capture, capturedByFinder, encodeCaptured, findObject, forgetObject, rememberObject, uncopiedHit } from "../../pkg/front-objects.js";
import { encodeArgs, hasUnordered, keyLength, streamStart } from "../../pkg/encode.js";
import { bytes } from "../../pkg/key-buffer.js";
import { xorshift } from "./random.js";

/**
 * Records `args` as the entry in `slot` the way the full path does: captured after a hit
 * found the full way, and twice, since an argument list's outline is recorded when met again.
 */
function record(id, args, n, skip, slot) {
  for (let i = 0; i < 2; i++) {
    uncopiedHit(id);
    rememberObject(id, capture(id, args, n, skip), n, slot);
  }
}

const VALUES = [0, -0, 1, 2, NaN, "a", "b", "", true, false, null, undefined, 3n];

/** One of four shapes, with leaves drawn from VALUES: many entries share most leaves. */
function randomArgs(next) {
  const v = () => VALUES[next() % VALUES.length];
  switch (next() % 4) {
    case 0:
      return [{ id: v(), name: v(), tls: { verify: v(), ca: v() } }];
    case 1:
      return [v(), [v(), v(), v()]];
    case 2:
      return [{ a: [v(), { b: v() }], c: v() }, v()];
    default: {
      const holes = [v(), , v()]; // eslint-disable-line no-sparse-arrays
      return [holes];
    }
  }
}

const keyOf = (args) => JSON.stringify(args, (_, x) => (Object.is(x, -0) ? "-0" : typeof x === "bigint" ? `${x}n` : x === undefined ? "undef" : Number.isNaN(x) ? "NaN" : x));

test("every recorded argument list is found under its slot, until its slot is released", () => {
  const next = xorshift(1234567);
  const id = 1_000_001; // a cache id no other test uses
  const slots = new Map(); // key -> [slot, args]
  for (let slot = 0; slots.size < 3000; slot++) {
    const args = randomArgs(next);
    const key = keyOf(args);
    if (slots.has(key)) continue;
    record(id, args, args.length, null, slot);
    slots.set(key, [slot, args]);
  }
  for (const [key, [slot, args]] of slots) strictEqual(findObject(id, structuredClone(args), args.length), slot, key);
  const released = new Set();
  for (const [key, [slot]] of slots) {
    if (next() % 2 === 0) {
      forgetObject(slot);
      released.add(key);
    }
  }
  for (const [key, [slot, args]] of slots) {
    strictEqual(findObject(id, structuredClone(args), args.length), released.has(key) ? -1 : slot, key);
  }
  for (const [, [slot]] of slots) forgetObject(slot);
  for (const [key, [, args]] of slots) strictEqual(findObject(id, args, args.length), -1, key);
});

// Leaves the key stream must tell apart: -0 and 0, NaN, holes and undefined, long and
// non-ASCII strings, lone surrogates, bigints.
const LEAVES = [0, -0, 1.5, NaN, -Infinity, "a", "", "ünï", "x\uD800", "😀", "q".repeat(60), "é".repeat(200), true, false, null, undefined, 3n, -(2n ** 70n)];

// Argument lists of one shape each, and which arguments are left out (underscore names).
const SHAPES = [
  [(v) => [{ z: v(), a: v(), m: { y: v(), b: v() } }], null],
  [(v) => [v(), [v(), , v(), [v(), v()]], { ü: v(), "a b": v() }], null], // eslint-disable-line no-sparse-arrays
  [(v) => [Object.assign(Object.create(null), { k: v(), j: v() }), "fixed"], null],
  [(v) => [[], {}, [[v()]], { a: { b: { c: { d: v() } } } }], null],
  [(v) => [v(), { secret: v() }, { q: [v(), v()] }], [false, true, false]],
];

// Where a shape has a primitive, a call may pass anything: these are walked as read.
const cyclic = { name: "loop" };
cyclic.self = cyclic;
const OTHERS = [{ x: 1, y: [2, , 3] }, [1, [2, "é"]], new Map([[2, "b"], [1, "a"]]), new Set(["y", "x"]), "z".repeat(5000), Symbol.for("s"), new Date(0), cyclic, 2n ** 200n]; // eslint-disable-line no-sparse-arrays

test("a key stream written from what a finder read is the bytes the walk writes", () => {
  const next = xorshift(98765);
  const v = () => LEAVES[next() % LEAVES.length];
  const any = () => (next() % 4 === 0 ? OTHERS[next() % OTHERS.length] : v());
  let compared = 0;
  for (const [s, [make, skip]] of SHAPES.entries()) {
    const id = 1_000_100 + s;
    const first = make(v);
    const n = keyLength(first, skip, Infinity);
    record(id, first, n, skip, 500_000 + s);
    for (let round = 0; round < 600; round++) {
      const args = make(round % 2 ? v : any);
      if (keyLength(args, skip, Infinity) !== n || findObject(id, args, n) !== -1) continue;
      const captured = capturedByFinder(args);
      if (captured === null) continue;
      const shaped = streamBytes(encodeCaptured(captured, args));
      const shapedUnordered = hasUnordered();
      const walked = streamBytes(encodeArgs(args, skip));
      strictEqual(Buffer.from(shaped).toString("hex"), Buffer.from(walked).toString("hex"), `shape ${s}, round ${round}`);
      strictEqual(shapedUnordered, hasUnordered(), "both say whether wasm must order a Map or Set");
      compared++;
    }
    forgetObject(500_000 + s);
  }
  ok(compared > 1800, `compared ${compared} streams`);
});

test("a leaf that fails to hash fails as the walk's would: same argument, same reason", () => {
  const id = 1_000_200;
  const first = [1, { a: 1, b: "x" }];
  record(id, first, 2, null, 600_000);
  const failing = [
    { get boom() { throw new RangeError("no"); } },
    new WeakMap(),
    Symbol("unregistered"),
    function bound() {}.bind(null),
  ];
  for (const bad of failing) {
    const args = [2, { a: 2, b: bad }];
    strictEqual(findObject(id, args, 2), -1);
    const captured = capturedByFinder(args);
    // An object where the shape has a value takes the full path: only the walk writes it.
    strictEqual(captured === null, typeof bad === "object", String(bad));
    const writes = [() => encodeArgs(args)];
    if (captured !== null) writes.push(() => encodeCaptured(captured, args));
    const [walked, shaped = walked] = writes.map((write) => {
      try {
        write();
      } catch (e) {
        return `${e.constructor.name} ${e.index} ${e.typeName} ${e.reason}`;
      }
      return "no error";
    });
    strictEqual(shaped, walked);
    ok(walked.startsWith("Unhashable 1"), walked);
  }
  forgetObject(600_000);
});

test("a cache copies the objects it reads once a call found its entry the full way, and records an outline met twice", () => {
  const f = cacheResource(function lazyCopy(o) {
    return { o };
  }, { key: "lazy-copy" });
  const id = [...caches].find(([, c]) => c.name === "lazyCopy")[0];
  const recorded = (a) => findObject(id, [{ a }], 1) >= 0;
  // Misses alone copy nothing, so they record nothing either.
  for (let a = 0; a < 3; a++) f({ a });
  strictEqual(recorded(0), false);
  // Found the full way, walked uncopied: not recorded, but the next call copies.
  f({ a: 0 });
  strictEqual(recorded(0), false);
  // Found the full way from its copy: its outline is noted, not recorded.
  f({ a: 0 });
  strictEqual(recorded(0), false);
  // Uncopied again, then copied with an outline met before: recorded.
  f({ a: 0 });
  f({ a: 0 });
  strictEqual(recorded(0), true);
  // From then on the shape's finder reads, and records at the first hit found the full way.
  f({ a: 1 });
  strictEqual(recorded(1), true);
  strictEqual(recorded(2), false);
});

test("after a hit found the full way, a cache copies a few argument lists, not every one that follows", () => {
  const f = cacheResource(function fewCopies(o) {
    return { o };
  }, { key: "few-copies", maxEntries: 10 });
  const id = [...caches].find(([, c]) => c.name === "fewCopies")[0];
  // A miss, then a hit found the full way uncopied: the calls after it are copied.
  f({ "id:0": true });
  f({ "id:0": true });
  ok(capture(id, [{ probe: 1 }], 1, null) !== null);
  // Only a hit records, and stops the copying: calls that all miss stop it too, soon.
  for (let i = 1; i < 50; i++) f({ [`id:${i}`]: true });
  strictEqual(capture(id, [{ probe: 1 }], 1, null), null);
});

test("a cache that met names that are ids still records a shape that keeps coming back", () => {
  const f = cacheResource(function idsThenConfig(o) {
    return { o };
  }, { key: "ids-then-config", maxEntries: 1000 });
  const id = [...caches].find(([, c]) => c.name === "idsThenConfig")[0];
  // Each id key a miss and a hit: every outline is new, and the cache copies less often.
  for (let i = 0; i < 300; i++) for (let call = 0; call < 2; call++) f({ [`id:${i}`]: true });
  for (let call = 0; call < 60; call++) f({ host: "db", port: 5432 });
  ok(findObject(id, [{ host: "db", port: 5432 }], 1) >= 0);
});

test("argument lists whose names change from key to key get no finder compiled", () => {
  const f = cacheResource(function dictionary(o) {
    return { o };
  }, { key: "dictionary", maxEntries: 10 });
  const Native = globalThis.Function;
  let finders = 0;
  globalThis.Function = function (...parts) {
    if (parts.at(-1).includes("function find")) finders++;
    return Native(...parts);
  };
  try {
    for (let i = 0; i < 200; i++) for (let call = 0; call < 3; call++) f({ [`user:${i}`]: true, tls: { verify: i % 2 === 0 } });
  } finally {
    globalThis.Function = Native;
  }
  strictEqual(finders, 0);
});

test("one cache's keys whose names are ids do not keep another cache's shape from being recorded", () => {
  const steady = cacheResource(function steady(o) {
    return { o };
  }, { key: "steady" });
  const flood = cacheResource(function flood(o) {
    return { o };
  }, { key: "flood", maxEntries: 10 });
  const id = [...caches].find(([, c]) => c.name === "steady")[0];
  let k = 0;
  // Each key called three times: each notes an outline of its own, never met again.
  const floodOnce = () => {
    for (let i = 0; i < 300; i++, k++) for (let call = 0; call < 3; call++) flood({ [`id:${k}`]: true });
  };
  for (let call = 0; call < 6; call++) {
    steady({ host: "db", port: 5432 });
    floodOnce();
  }
  ok(findObject(id, [{ host: "db", port: 5432 }], 1) >= 0);
});

/** The `len` bytes of the stream just written. */
function streamBytes(len) {
  return bytes.slice(streamStart(), streamStart() + len);
}

test("after a hit whose arguments were too big to record, the next hits are not copied", () => {
  const id = 1_000_300;
  const rows = [Array.from({ length: 300 }, (_, i) => ({ i }))];
  uncopiedHit(id);
  const partial = capture(id, rows, 1, null);
  ok(partial !== null && !partial.complete, "past MAX_NODES parts the copy is partial");
  rememberObject(id, partial, 1, 0);
  // Each of these hits would have copied 256 parts again, to record nothing.
  for (let i = 0; i < 16; i++) {
    uncopiedHit(id);
    strictEqual(capture(id, rows, 1, null), null, `hit ${i + 1} after it`);
  }
  uncopiedHit(id);
  ok(capture(id, [{ small: true }], 1, null)?.complete, "then copying starts again, for argument lists that fit");
});

test("an instance of an ES5-style class is found under its slot while its prototypes keep their fields", () => {
  const id = 1_000_400;
  function Base(url) {
    this.url = url;
  }
  Base.prototype.get = function get(path) {
    return this.url + path;
  };
  function Client(url) {
    Base.call(this, url);
    this.retries = 2;
  }
  Client.prototype = Object.assign(Object.create(Base.prototype), { constructor: Client, kind: "http" });
  Client.prototype.close = function close() {};
  record(id, [new Client("db")], 1, null, 7);
  strictEqual(findObject(id, [new Client("db")], 1), 7, "its methods are checked, not walked: it is found");
  strictEqual(findObject(id, [new Client("cache")], 1), -1, "another instance is not");
  Base.prototype.get = function get() {};
  ok(findObject(id, [new Client("db")], 1) < 0, "a method replaced up the chain: not found");
  forgetObject(7);
});

test("past four shapes, each of forty is found under its slot, in any name order, and a shape whose names hash alike is not", () => {
  const id = 1_000_500;
  const next = xorshift(424242);
  // Query objects that share their first names; "Aa" and "BB" hash alike (namesOf).
  const query = (s, k) => ({ kind: `q${s}`, page: k, [`filter${s}`]: s, [s % 2 ? "Aa" : `sort${s}`]: "asc" });
  // Slots no other test records under (an entry is kept per slot, whatever the cache).
  const slotOf = (s, k) => 500_000 + 40 * k + s;
  const slots = [];
  for (let s = 0; s < 40; s++) for (let k = 0; k < 3; k++) {
    record(id, [query(s, k)], 1, null, slotOf(s, k));
    slots.push([query(s, k), slotOf(s, k)]);
  }
  const reordered = (o) => Object.fromEntries(Object.entries(o).sort(() => (next() & 1) - 0.5));
  for (let round = 0; round < 3; round++) {
    for (const [args, slot] of slots) strictEqual(findObject(id, [round === 0 ? structuredClone(args) : reordered(args)], 1), slot, JSON.stringify(args));
  }
  // The same names but "BB" for "Aa": another shape, never recorded, met between calls of the recorded one.
  const alike = (s, k) => {
    const { Aa, ...rest } = query(s, k);
    return { ...rest, BB: Aa };
  };
  for (let round = 0; round < 3; round++) {
    strictEqual(findObject(id, [alike(1, 0)], 1), -1, "its names hash as the recorded shape's: not found");
    strictEqual(findObject(id, [query(1, 0)], 1), slotOf(1, 0), "and the recorded shape is still found");
  }
  // Met before it was recorded, a shape is found once it is.
  strictEqual(findObject(id, [query(40, 0)], 1), -1, "a shape not recorded yet is not found");
  record(id, [query(40, 0)], 1, null, slotOf(40, 3));
  strictEqual(findObject(id, [query(40, 0)], 1), slotOf(40, 3), "recorded, it is");
  forgetObject(slotOf(40, 3));
  // A shape whose entries are all released is dropped; the others are still found.
  for (let k = 0; k < 3; k++) forgetObject(slotOf(7, k));
  strictEqual(findObject(id, [query(7, 1)], 1), -1, "a dropped shape's argument list is not found");
  record(id, [query(7, 1)], 1, null, slotOf(7, 3));
  strictEqual(findObject(id, [query(7, 1)], 1), slotOf(7, 3), "recorded again, it is found again");
  forgetObject(slotOf(7, 3));
  for (const [args, slot] of slots) if (args.kind !== "q7") strictEqual(findObject(id, [structuredClone(args)], 1), slot, JSON.stringify(args));
  for (const [, slot] of slots) forgetObject(slot);
});
