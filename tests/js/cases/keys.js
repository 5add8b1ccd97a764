// Every value type the key covers: pairs that must share an entry and pairs that must not.
// `same(a, b)` asks the cache itself: a probe function returns one object per key.
import { cacheData, cacheResource, HashFuncError, UnhashableParamError } from "cache-resource";
import { equal, is, isNot, ok, throws } from "../assert.js";
import { xorshift } from "../random.js";
import { checkTemporal } from "../temporal-checks.js";

const probe = cacheResource((value) => ({ value }), { key: "keys-probe" });
const same = (a, b) => probe(a) === probe(b);

class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
class Vector {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
const PointAgain = (() =>
  class Point {
    constructor(x, y) {
      this.x = x;
      this.y = y;
      this.z = 0;
    }
  })();

// Subclasses of built-ins whose own names list their elements, keeping state of their own
// beside them.
class Matrix extends Array {
  constructor(rows, cols) {
    super();
    for (let i = 0; i < rows * cols; i++) this.push(0);
    this.rows = rows;
    this.cols = cols;
  }
}
class Label extends String {
  constructor(text, lang) {
    super(text);
    this.lang = lang;
  }
}
class Amount extends Number {}

const cyclic = () => {
  const a = { name: "a" };
  a.self = a;
  return a;
};
const cyclicArray = () => {
  const a = [1];
  a.push(a);
  return a;
};
const lone = "\uD800"; // a lone surrogate: UTF-8 would turn it into U+FFFD
const sparse = () => {
  const a = [1, , 3]; // eslint-disable-line no-sparse-arrays
  return a;
};
const f64 = (n, fill) => new Float64Array(n).fill(fill);

// [description, a, b]: the cache must treat a and b as one key.
const EQUAL = [
  ["numbers", 1, 1],
  ["1 and 1.0", 1, 1.0],
  ["NaN and NaN", NaN, NaN],
  ["NaN from arithmetic", NaN, 0 / 0],
  ["Infinity", Infinity, Infinity],
  ["bigint", 10n ** 30n, 10n ** 30n],
  ["strings", "héllo wörld ✓ 🎉", "héllo wörld ✓ 🎉"],
  ["long strings", "x".repeat(5000), "x".repeat(5000)],
  ["lone surrogates", lone, "\uD800"],
  ["registered symbols", Symbol.for("app.key"), Symbol.for("app.key")],
  ["arrays", [1, [2, "3"]], [1, [2, "3"]]],
  ["plain objects, key order", { a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }],
  ["null-prototype object and plain object", Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
  ["Map contents, insertion order", new Map([["a", 1], [2, { b: 2 }]]), new Map([[2, { b: 2 }], ["a", 1]])],
  ["Map with object keys by value", new Map([[{ k: 1 }, "v"]]), new Map([[{ k: 1 }, "v"]])],
  ["Set contents, insertion order", new Set([1, "two", [3]]), new Set([[3], "two", 1])],
  ["Date by time", new Date(86_400_000), new Date(86_400_000)],
  ["invalid Dates", new Date(NaN), new Date("nope")],
  ["RegExp by source and flags", /a+b/gi, new RegExp("a+b", "gi")],
  ["Error by name and message", new TypeError("bad"), new TypeError("bad")],
  ["URL by href", new URL("https://a.example/m.bin?v=1"), new URL("../m.bin?v=1", "https://a.example/x/y")],
  ["URLSearchParams by text", new URLSearchParams("a=1&b=2"), new URLSearchParams({ a: "1", b: "2" })],
  ["Float64Array by bytes", f64(8, 1.5), f64(8, 1.5)],
  ["Uint8Array", new Uint8Array([1, 2, 3]), Uint8Array.from([1, 2, 3])],
  ["subarray views by their bytes", new Uint8Array([9, 1, 2]).subarray(1), new Uint8Array([1, 2])],
  ["ArrayBuffer", new Uint8Array([5, 6]).buffer, new Uint8Array([5, 6]).buffer],
  ["DataView", new DataView(new Uint8Array([7]).buffer), new DataView(new Uint8Array([7]).buffer)],
  ["functions by source", (x) => x + 1, (x) => x + 1],
  ["class instances by class and fields", new Point(1, 2), new Point(1, 2)],
  ["an Array subclass by class, elements and fields", new Matrix(2, 3), new Matrix(2, 3)],
  ["a String subclass by class, text and fields", new Label("ok", "en"), new Label("ok", "en")],
  ["cycles", cyclic(), cyclic()],
  ["cyclic arrays", cyclicArray(), cyclicArray()],
  ["shared (non-cyclic) references by value", (() => { const s = { v: 1 }; return [s, s]; })(), [{ v: 1 }, { v: 1 }]],
  ["boxed primitives", new Number(3), new Number(3)],
  ["sparse arrays", sparse(), sparse()],
  ["symbol-keyed properties are ignored", { a: 1, [Symbol("s")]: 2 }, { a: 1 }],
];

// [description, a, b]: the cache must keep a and b apart.
const DIFFERENT = [
  ["NaN vs null", NaN, null],
  ["-0 vs 0", -0, 0],
  ["Infinity vs null", Infinity, null],
  ["Infinity vs -Infinity", Infinity, -Infinity],
  ["1 vs '1'", 1, "1"],
  ["1 vs 1n", 1, 1n],
  ["1n vs '1'", 1n, "1"],
  ["-1n vs 1n", -1n, 1n],
  ["true vs 1", true, 1],
  ["null vs undefined", null, undefined],
  ["'' vs undefined", "", undefined],
  ["lone surrogate vs U+FFFD", lone, "\uFFFD"],
  ["two registered symbols", Symbol.for("a"), Symbol.for("b")],
  ["symbol vs its key", Symbol.for("a"), "a"],
  ["[1] vs 1", [1], 1],
  ["[1, 2] vs [2, 1]", [1, 2], [2, 1]],
  ["[[1], 2] vs [1, [2]]", [[1], 2], [1, [2]]],
  ["hole vs undefined", sparse(), [1, undefined, 3]],
  ["{} vs []", {}, []],
  ["{a: undefined} vs {}", { a: undefined }, {}],
  ["{a: 1} vs {a: '1'}", { a: 1 }, { a: "1" }],
  ["{a: 1, b: 2} vs {a: 2, b: 1}", { a: 1, b: 2 }, { a: 2, b: 1 }],
  ["{'0': 1} vs [1]", { 0: 1 }, [1]],
  ["Map vs object with the same entries", new Map([["a", 1]]), { a: 1 }],
  ["Map vs Set", new Map([["a", 1]]), new Set(["a", 1])],
  ["Map contents", new Map([["a", 1]]), new Map([["a", 2]])],
  ["Set contents", new Set([1, 2]), new Set([1, 3])],
  ["Set vs array", new Set([1]), [1]],
  ["{} vs new Map()", {}, new Map()],
  ["Date vs its time", new Date(5), 5],
  ["two Dates", new Date(5), new Date(6)],
  ["RegExp flags", /a/g, /a/i],
  ["RegExp vs its source", /a/, "a"],
  ["Error messages", new Error("a"), new Error("b")],
  ["Error types", new TypeError("a"), new RangeError("a")],
  ["two URLs", new URL("https://a.example/1"), new URL("https://a.example/2")],
  ["URL vs its href", new URL("https://a.example/"), "https://a.example/"],
  ["URL vs its href boxed", new URL("https://a.example/"), new String("https://a.example/")],
  ["URLSearchParams in another order", new URLSearchParams("a=1&b=2"), new URLSearchParams("b=2&a=1")],
  ["URLSearchParams vs its text", new URLSearchParams("a=1"), "a=1"],
  ["Float64Array contents", f64(8, 1.5), f64(8, 2.5)],
  ["Int32Array vs Float32Array with equal bytes", new Int32Array([0]), new Float32Array([0])],
  ["Uint8Array vs ArrayBuffer", new Uint8Array([1]), new Uint8Array([1]).buffer],
  ["Uint8Array vs array", new Uint8Array([1]), [1]],
  ["functions by source", (x) => x + 1, (x) => x + 2],
  ["function vs its source", (x) => x, "(x) => x"],
  ["instances of different classes", new Point(1, 2), new Vector(1, 2)],
  ["same-named classes with other source", new Point(1, 2), new PointAgain(1, 2)],
  ["instance vs plain object", new Point(1, 2), { x: 1, y: 2 }],
  ["instance fields", new Point(1, 2), new Point(2, 1)],
  ["an Array subclass's fields beside equal elements", new Matrix(2, 3), new Matrix(3, 2)],
  ["an Array subclass vs its elements", new Matrix(1, 2), [0, 0]],
  ["a String subclass's fields beside equal text", new Label("ok", "en"), new Label("ok", "de")],
  ["an Array subclass's field named past the last index", Object.assign(new Matrix(1, 1), { 4294967295: "a" }), Object.assign(new Matrix(1, 1), { 4294967295: "b" })],
  ["a String subclass's field named as an index past its text", Object.assign(new Label("ok", "en"), { 5: "a" }), Object.assign(new Label("ok", "en"), { 5: "b" })],
  ["a Number subclass's field named as an index", Object.assign(new Amount(1), { 0: "a" }), Object.assign(new Amount(1), { 0: "b" })],
  ["cycle vs unrolled", cyclic(), { name: "a", self: { name: "a" } }],
  ["boxed vs primitive", new Number(3), 3],
  ["strings that differ in the last char", "x".repeat(5000) + "a", "x".repeat(5000) + "b"],
];

export const tests = {
  "equal values share an entry, for every covered type"() {
    for (const [what, a, b] of EQUAL) ok(same(a, b), `${what} should share an entry`);
  },

  "different values never share an entry"() {
    for (const [what, a, b] of DIFFERENT) ok(!same(a, b), `${what} should be different entries`);
  },

  "every value in the tables has its own entry unless EQUAL says so"() {
    // A stronger check than pairs: all table values at once, collisions anywhere fail.
    const values = [...EQUAL.map(([, a]) => a), ...DIFFERENT.flatMap(([, a, b]) => [a, b])];
    const entries = new Map();
    for (const v of values) entries.set(probe(v), v);
    ok(entries.size > 60, `only ${entries.size} distinct entries`);
  },

  "shared memory is keyed by which memory and window it is, not by what it holds"() {
    // Where the page is not cross-origin isolated, the SharedArrayBuffer constructor is
    // gone, but shared wasm memory may still give one.
    const shared = (bytes) => {
      if (typeof SharedArrayBuffer === "function") return new SharedArrayBuffer(bytes);
      try {
        return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer;
      } catch {
        return null;
      }
    };
    const a = shared(65536);
    if (a === null) return;
    const b = shared(65536);
    // Two fresh ones hold equal zeros: one pool of workers per memory, not one for both.
    ok(!same(a, b), "two shared memories");
    ok(!same(new Int32Array(a), new Int32Array(b)), "views of two shared memories");
    ok(!same({ memory: new Uint8Array(a) }, { memory: new Uint8Array(b) }), "inside objects");
    const before = probe(new Int32Array(a));
    new Int32Array(a)[0] = 7;
    is(probe(new Int32Array(a)), before, "a write by another thread keeps the entry");
    ok(same(a, a), "one memory");
    ok(same(new DataView(a, 8, 4), new DataView(a, 8, 4)), "one window of it");
    ok(!same(new Uint8Array(a, 0, 4), new Uint8Array(a, 4, 4)), "another offset");
    ok(!same(new Uint8Array(a, 0, 4), new Uint8Array(a, 0, 8)), "another length");
    ok(!same(new Uint8Array(a), new Int8Array(a)), "another type");
    ok(!same(a, new Uint8Array(a)), "the memory and a view of it");
    ok(!same(new Uint8Array(a, 0, 4), new Uint8Array(4)), "a shared view and an unshared one of equal bytes");
  },

  "an object met often (read by a compiled reader) keys as it did the first time"() {
    const often = cacheResource((o) => ({ o }), { key: "keys-compiled-reader" });
    // Names a generated reader must quote exactly: quotes, backslashes, a lone surrogate,
    // an own "__proto__" (JSON.parse makes one), digits, the empty name.
    const make = () => JSON.parse('{"__proto__": 1, "a\\"b": 2, "\\ud800": 3, "0": 4, "": 5, "x\\\\y": [6]}');
    const first = often(make());
    for (let i = 0; i < 30; i++) is(often(make()), first, `call ${i}`);
    const changed = make();
    changed["\ud800"] = 33;
    isNot(often(changed), first);
    const renamed = make();
    delete renamed[""];
    renamed[" "] = 5;
    isNot(often(renamed), first);
  },

  "a big object met often keys by every one of its values, read by a reader or not"() {
    // Past 64 names, up to V8's 1,020 in fast mode and past it into its dictionaries, and
    // from JSON.parse: the reader compiled after a few calls reads the values in sorted-name
    // order, which here differs from the order the names came in.
    const big = cacheResource((o) => ({ o }), { key: "keys-big-objects" });
    // The last two: too much reader code (long names; many names), so read without one.
    for (const [n, pad] of [[65, ""], [1000, ""], [1024, ""], [1025, ""], [80, "x".repeat(1000)], [4000, ""]]) {
      const names = Array.from({ length: n }, (_, i) => `f${(i * 7919) % n}${pad}`);
      const make = (change = -1, order = names) => Object.fromEntries(order.map((name) => [name, name === names[change] ? "changed" : name.length]));
      const first = big(make());
      for (let i = 0; i < 12; i++) is(big(i % 2 ? make() : JSON.parse(JSON.stringify(make()))), first, `${n} names, call ${i}`);
      is(big(make(-1, names.toReversed())), first, `${n} names reversed`);
      for (const at of [0, 1, n >> 1, n - 1]) isNot(big(make(at)), first, `${n} names, value ${at} changed`);
    }
    big.clear();
  },

  "objects of more shapes than the encoder remembers still key by value"() {
    // Dictionaries keyed by ids make a new shape per call: past the encoder's shape
    // memory (4,096 shapes, 32 per first name) shapes are re-derived, never confused.
    const byId = cacheResource((o) => ({ o }), { key: "keys-many-shapes" });
    const first = Array.from({ length: 40 }, (_, i) => byId({ a: 0, [`id${i}`]: i }));
    for (let i = 0; i < 5000; i++) byId({ [`k${i}`]: i, [`j${i}`]: -i });
    for (let i = 0; i < 40; i++) {
      is(byId({ [`id${i}`]: i, a: 0 }), first[i], `shape ${i} re-derived`);
      isNot(byId({ a: 0, [`id${i}`]: i + 1 }), first[i]);
      isNot(byId({ a: 0, [`id${i + 1}`]: i }), first[i]);
    }
    byId.clear();
  },

  "an object's names in any order make one key, whether its shape is new, recent or kept"() {
    // The digest is of the sorted names: every order must give it, whether the shape is
    // digested anew, found among the recent ones, or kept.
    const byNames = cacheResource((o) => ({ o }), { key: "keys-name-orders" });
    const next = xorshift(7);
    const pool = ["a", "B", "b", "é", "\ud800", "\u{1F600}", "10", "9", "", "__proto__", "a b", "ab", "A"];
    for (const n of [2, 3, 5, 16, 17, 40]) {
      const names = Array.from({ length: n }, (_, i) => pool[i % pool.length] + (i < pool.length ? "" : i));
      const inOrder = (order, valueOf = (name) => name) => {
        const o = {};
        for (const name of order) Object.defineProperty(o, name, { value: valueOf(name), enumerable: true, writable: true, configurable: true });
        return o;
      };
      const zero = () => 0;
      const shuffled = () => {
        const order = [...names];
        for (let i = order.length - 1; i > 0; i--) {
          const j = next() % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        return order;
      };
      const first = byNames(inOrder(names));
      const zeros = byNames(inOrder(names, zero));
      for (let round = 0; round < 4; round++) {
        for (let k = 0; k < 6; k++) is(byNames(inOrder(shuffled())), first, `${n} names, round ${round}`);
        const changed = names[round % n];
        isNot(byNames(inOrder(shuffled(), (name) => (name === changed ? "changed" : name))), first, `${n} names, a value changed`);
        // Equal values: only the shape tells these apart. The same first name and count,
        // another last name: another shape.
        is(byNames(inOrder(shuffled(), zero)), zeros, `${n} names, all 0, round ${round}`);
        isNot(byNames(inOrder([...names.slice(0, -1), "zz"], zero)), zeros, `${n} names, one renamed`);
        // One-off shapes in between push this one out of the recent ones.
        for (let i = 0; i < 600; i++) byNames({ [`f${n}:${round}:${i}`]: i });
      }
    }
    byNames.clear();
  },

  "a mutated argument is a different key (no identity caching)"() {
    const arg = { n: 1 };
    const before = probe(arg);
    arg.n = 2;
    isNot(probe(arg), before);
    is(probe({ n: 1 }), before);
  },

  "a resizable ArrayBuffer is keyed by the bytes it holds now, and so is a view that tracks its length"() {
    if (typeof ArrayBuffer.prototype.resize !== "function") return;
    const buffer = new ArrayBuffer(4, { maxByteLength: 16 });
    const tracking = new Uint8Array(buffer);
    const [whole, view] = [probe(buffer), probe(tracking)];
    buffer.resize(8);
    isNot(probe(buffer), whole, "grown, another key");
    isNot(probe(tracking), view, "its length-tracking view grew with it");
    is(probe(new ArrayBuffer(8)), probe(buffer), "a fixed buffer of the same bytes is the same key");
  },

  "a cached function passed as an argument is keyed as the function it caches"() {
    // Every cached function is a wrapper of one text: by that text, any two were one key.
    const apply = cacheResource((f, x) => ({ out: f(x) }), { key: "apply a cached function" });
    const double = cacheResource((x) => x * 2);
    const triple = cacheResource((x) => x * 3);
    const rows = cacheData(function rows(x) { return [x]; });
    const cols = cacheData(function cols(x) { return [x, x]; });
    equal(apply(double, 5).out, 10);
    equal(apply(triple, 5).out, 15);
    equal(apply(rows, 5).out, [5]);
    equal(apply(cols, 5).out, [5, 5]);
    is(apply(double, 5), apply(double, 5));
    is(apply(cacheResource((x) => x * 2), 5), apply(double, 5), "a wrap of equal source is the same function, as a plain one would be");
  },

  "unhashable values raise UnhashableParamError naming function, parameter and type"() {
    const connect = cacheResource(function connect(url, socket) {
      return { url, socket };
    });
    const cases = [
      [new WeakMap(), "WeakMap"],
      [new WeakSet(), "WeakSet"],
      [new WeakRef({}), "WeakRef"],
      [Promise.resolve(1), "Promise"],
      [Symbol("local"), "symbol"],
      [((x) => x).bind(null), "Function"],
    ];
    if (typeof document !== "undefined") cases.push([document.createElement("div"), "HTMLDivElement"]);
    if (typeof MessageChannel !== "undefined") cases.push([new MessageChannel().port1, "MessagePort"]);
    for (const [value, type] of cases) {
      const e = throws(() => connect("db://x", value), UnhashableParamError, `${type} must be refused`);
      ok(e instanceof TypeError, "a TypeError subclass");
      is(e.name, "UnhashableParamError");
      is(e.functionName, "connect");
      is(e.parameter, "'socket'");
      is(e.typeName, type);
      ok(e.message.startsWith(`Cannot hash argument 'socket' (of type \`${type}\`) in 'connect'`), e.message);
      ok(e.message.includes("_socket"), "suggests the underscore prefix");
      ok(e.message.includes("hashFuncs"), "mentions hashFuncs");
    }
  },

  "an unhashable value deep inside an argument is refused too"() {
    const f = cacheResource((config) => config);
    const e = throws(() => f({ pool: { lock: new WeakMap() } }), UnhashableParamError);
    is(e.parameter, "'config'");
    const g = cacheResource((...items) => items);
    is(throws(() => g(1, 2, Promise.resolve()), UnhashableParamError).parameter, "'items[2]'");
  },

  "the error says where inside an argument the unhashable part is"() {
    const connect = cacheResource(function connect(config, ...rest) {
      return config;
    });
    const at = (arg, ...more) => throws(() => connect(arg, ...more), UnhashableParamError);
    const lock = new WeakMap();
    // The argument itself: no path.
    is(at(lock).path, "");
    ok(!at(lock).message.includes("It is at"), "no path for the argument itself");
    const e = at({ pool: { "max size": [1, { lock }] } });
    is(e.path, '.pool["max size"][1].lock');
    ok(e.message.includes("It is at `config.pool[\"max size\"][1].lock`."), e.message);
    is(e.typeName, "WeakMap");
    is(at(new Map([["db", { lock }]])).path, '.get("db").lock');
    is(at(new Map([[{ lock }, 1]])).path, " (a key).lock");
    is(at({ members: new Set([Promise.resolve()]) }).path, ".members (a member)");
    is(at({ tag: Symbol("local") }).path, ".tag");
    const kState = Symbol("kState");
    class Store {
      constructor() {
        this[kState] = { ready: Promise.resolve() };
      }
    }
    is(at(new Store()).path, "[Symbol(kState)].ready");
    // A field on the prototype, as the key reads it.
    const shared = Object.create({ defaults: { lock } });
    is(at(shared).path, ".defaults.lock");
    // A getter's value is not read again: the path stops at the object it is on.
    const withGetter = { outer: { get inner() { return { lock }; } } };
    is(at(withGetter).path, ".outer…");
    // A throwing getter: the path leads to the object whose getter threw.
    const e2 = at({ a: [{ get boom() { throw new Error("no access"); } }] });
    is(e2.path, ".a[0]");
    is(e2.cause.message, "no access");
    // A rest parameter's element is named as such.
    ok(at(1, 2, { p: Promise.resolve() }).message.includes("It is at `rest[1].p`."));
    // Very deep: the middle of the path is left out.
    let deep = { lock };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    is(at(deep).path, `${".next".repeat(6)}…${".next".repeat(5)}.lock`);
  },

  "a path names the part a hashFuncs entry threw for, and unnamed arguments by position"() {
    class Secret {}
    const f = cacheResource((opts) => opts, {
      hashFuncs: new Map([[Secret, () => { throw new Error("sealed"); }]]),
    });
    const e = throws(() => f({ auth: [new Secret()] }), HashFuncError);
    is(e.path, ".auth[0]");
    ok(e.message.includes("It is at `opts.auth[0]`."), e.message);
    const g = cacheResource(({ a }) => a);
    ok(throws(() => g({ a: { p: Promise.resolve() } }), UnhashableParamError).message.includes("It is at `.a.p` in that argument."));
  },

  "an argument the front cache copies names the same path"() {
    // Called with the shape before, so the cache copies what it reads (front-objects.js).
    const f = cacheResource((config) => ({ config }));
    for (let i = 0; i < 4; i++) f({ a: { b: 1 } });
    const e = throws(() => f({ a: { b: Promise.resolve() } }), UnhashableParamError);
    is(e.typeName, "Promise");
    is(e.path, ".a.b");
    // A hit found the full way makes the next calls copy what they read: a getter that
    // throws while the copy reads it gives the path to its object.
    const g = cacheResource((config) => ({ config }));
    g({ a: { b: 1 } });
    g({ a: { b: 1 } });
    const e2 = throws(() => g({ a: { get b() { throw new Error("no access"); } } }), UnhashableParamError);
    is(e2.cause.message, "no access");
    is(e2.path, ".a");
    // And a class with private fields met by the copy.
    class Sealed {
      #v = 1;
    }
    is(throws(() => g({ a: { b: new Sealed() } }), UnhashableParamError).path, ".a.b");
  },

  "a getter that throws while hashing is an UnhashableParamError with the cause"() {
    const f = cacheResource((thing) => thing);
    const bad = {
      get boom() {
        throw new Error("no access");
      },
    };
    const e = throws(() => f(bad), UnhashableParamError);
    ok(/no access/.test(e.message), e.message);
    is(e.cause.message, "no access");
  },

  "underscore parameters are left out of the key"() {
    let runs = 0;
    const load = cacheResource(function load(name, _progress, options) {
      runs++;
      return { name, options };
    });
    const a = load("resnet", () => 1, { fp16: true });
    const b = load("resnet", new WeakMap(), { fp16: true }); // unhashable, but ignored
    is(a, b);
    is(runs, 1);
    isNot(load("resnet", null, { fp16: false }), a);
  },

  "a trailing underscore argument may be passed or not"() {
    const get = cacheResource((url, _conn) => ({ url }));
    is(get("x"), get("x", new WeakMap()));
  },

  "an underscore rest parameter leaves out every remaining argument"() {
    const f = cacheResource((a, ..._rest) => ({ a }));
    is(f(1, 2, 3), f(1, Promise.resolve(), {}));
    const g = cacheResource(async (_session, { id }) => ({ id }));
    ok(g(new WeakMap(), { id: 1 }) === g(Promise.resolve(), { id: 1 }), "destructured parameters are hashed");
    ok(g(null, { id: 1 }) !== g(null, { id: 2 }));
  },

  "underscore parameters work for every function form"() {
    const forms = [
      function (a, _b) {
        return { a };
      },
      (a, _b) => ({ a }),
      async (a, _b) => ({ a }),
      { m(a, _b) { return { a }; } }.m,
      { async g(a, _b) { return { a }; } }.g,
      function (a, _b = [1, 2], c) {
        return { a };
      },
    ];
    for (const fn of forms) {
      const cached = cacheResource(fn);
      is(cached(1, new WeakMap()), cached(1, Promise.resolve()), String(fn));
    }
  },

  "hashFuncs replace how a type is hashed, at any depth, by class or by name"() {
    class Connection {
      constructor(url) {
        this.url = url;
        this.socket = new WeakMap(); // unhashable on its own
      }
    }
    let runs = 0;
    const query = cacheResource(
      (conn, sql) => {
        runs++;
        return { sql };
      },
      { hashFuncs: new Map([[Connection, (c) => c.url]]) },
    );
    const a = query(new Connection("db://one"), "select 1");
    is(query(new Connection("db://one"), "select 1"), a, "hashed by url");
    isNot(query(new Connection("db://two"), "select 1"), a);
    const nested = cacheResource((cfg) => ({ cfg }), { hashFuncs: { Connection: (c) => c.url } });
    is(nested({ pool: [new Connection("x")] }), nested({ pool: [new Connection("x")] }), "by type name, nested");
    const byPrimitive = cacheResource((s) => ({ s }), { hashFuncs: { string: (s) => s.toLowerCase() } });
    is(byPrimitive("ABC"), byPrimitive("abc"), "primitive type names");
    is(runs, 2);
  },

  "Temporal's dates, times and durations are keyed by their text, where the engine has Temporal"() {
    // Without one (Node 20), tests/js/temporal.test.js runs the same checks on the polyfill.
    if (typeof Temporal === "object") checkTemporal(Temporal);
  },

  "a hash function runs on every call that meets its type, however often the call repeats"() {
    // A hash function may read state beyond the value (which database a connection is on
    // now): a call repeated until a front cache could answer it must still run it.
    class Conn {
      constructor(url) {
        this.url = url;
      }
    }
    let salt = "a";
    let runs = 0;
    const made = (...args) => (runs++, { args });
    const cases = [
      [cacheResource(made, { hashFuncs: { number: (n) => n + salt } }), () => [1, "x"]],
      [cacheResource(made, { hashFuncs: { string: (s) => s + salt } }), () => ["x", true]],
      [cacheResource(made, { hashFuncs: { object: () => salt } }), () => [null, 2]],
      [cacheResource(made, { hashFuncs: new Map([[Conn, (c) => c.url + salt]]) }), () => [new Conn("db"), "select 1"]],
      [cacheResource(made, { hashFuncs: { Conn: (c) => c.url + salt } }), () => [{ pool: [new Conn("db")], size: 2 }]],
    ];
    for (const [f, args] of cases) {
      salt = "a";
      runs = 0;
      const first = f(...args());
      for (let i = 0; i < 6; i++) is(f(...args()), first, `${f.name}: a hit while the hash is the same`);
      salt = "b";
      isNot(f(...args()), first, "the hash function's new answer is a new key");
      is(runs, 2);
    }
    // A hash function for a class takes over no primitive: such calls hit as usual.
    const primitives = cacheResource(made, { hashFuncs: new Map([[Conn, (c) => c.url]]) });
    runs = 0;
    const first = primitives(1, "x", null);
    for (let i = 0; i < 6; i++) is(primitives(1, "x", null), first);
    isNot(primitives(2, "x", null), first);
    is(primitives(-0, "x", null), primitives(-0, "x", null));
    isNot(primitives(-0, "x", null), primitives(0, "x", null));
    is(runs, 4);
  },

  "a hashFuncs result of the same type is hashed by value, not hashed again"() {
    const f = cacheResource((x) => ({ x }), { hashFuncs: { Array: (a) => [...a].sort() } });
    is(f([3, 1, 2]), f([1, 2, 3]));
  },

  "a hash function that throws gives a HashFuncError naming it"() {
    const connect = cacheResource((conn) => conn, {
      hashFuncs: {
        Object: function hashConn() {
          throw new Error("conn closed");
        },
      },
    });
    const e = throws(() => connect({ a: 1 }), HashFuncError);
    ok(/hashFuncs entry for `Object` \(function hashConn\) threw while hashing argument 'conn'/.test(e.message), e.message);
    is(e.cause.message, "conn closed");
  },

  "a hash function may call back into the cache"() {
    const inner = cacheResource((x) => ({ inner: x }));
    const outer = cacheResource((a, cfg, b) => ({ a, cfg, b }), {
      hashFuncs: {
        Object: (o) => {
          inner.clear(); // encodes nothing, but runs user code mid-walk
          return [inner(o.id).inner, "tagged"]; // a cached call encodes into the same buffer
        },
      },
    });
    const first = outer("left", { id: 7 }, "right");
    is(outer("left", { id: 7 }, "right"), first, "the outer key survived the inner calls");
    isNot(outer("left", { id: 8 }, "right"), first);
  },

  "bad hashFuncs fail at wrap time"() {
    throws(() => cacheResource((x) => x, { hashFuncs: [1] }), TypeError);
    throws(() => cacheResource((x) => x, { hashFuncs: { Foo: "bar" } }), /must map to a function/);
    throws(() => cacheResource((x) => x, { hashFuncs: new Map([[42, () => 1]]) }), /classes or type names/);
  },

  "random nested values equal by structure share a key, with cycles, and never hang"() {
    // A seeded generator: the same cases run in Node and in the browser.
    let seed = 0x2f6b5a1d;
    const rand = (n) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const leaves = [0, -0, 1.5, NaN, Infinity, "", "s", "ünï", lone, true, false, null, undefined, 7n];
    // Builds the same random value twice: once as given, once with every unordered
    // container's insertion order reversed. Cycles point back at an ancestor.
    function build(depth, pathA, pathB) {
      const kind = depth > 4 ? 0 : rand(7);
      if (kind === 0 || kind === 1) {
        const leaf = leaves[rand(leaves.length)];
        return [leaf, leaf];
      }
      if (kind === 2 && pathA.length > 0) {
        const up = rand(pathA.length);
        return [pathA[up], pathB[up]];
      }
      const n = rand(4);
      if (kind === 3) {
        const a = [];
        const b = [];
        for (let i = 0; i < n; i++) {
          const [x, y] = build(depth + 1, [...pathA, a], [...pathB, b]);
          a.push(x);
          b.push(y);
        }
        return [a, b];
      }
      const keys = Array.from({ length: n }, (_, i) => `k${rand(100)}_${i}`);
      if (kind === 4 || kind === 2) {
        const a = {};
        const b = {};
        const vals = keys.map(() => build(depth + 1, [...pathA, a], [...pathB, b]));
        keys.forEach((k, i) => (a[k] = vals[i][0]));
        [...keys].reverse().forEach((k) => (b[k] = vals[keys.indexOf(k)][1]));
        return [a, b];
      }
      if (kind === 5) {
        const a = new Map();
        const b = new Map();
        const vals = keys.map(() => build(depth + 1, [...pathA, a], [...pathB, b]));
        keys.forEach((k, i) => a.set(k, vals[i][0]));
        keys.map((k, i) => [k, vals[i][1]]).reverse().forEach(([k, v]) => b.set(k, v));
        return [a, b];
      }
      return [new Set(keys), new Set([...keys].reverse())];
    }
    const f = cacheResource((v) => ({ v }), { key: "random-values" });
    for (let i = 0; i < 400; i++) {
      const [a, b] = build(0, [], []);
      ok(f(a) === f(b), `case ${i}: structurally equal values must share an entry`);
    }
  },

  "an 800 KB Float64Array argument is hashed by its bytes"() {
    const big = new Float64Array(100_000).map((_, i) => i * 0.5);
    const copy = new Float64Array(big);
    is(probe(big), probe(copy));
    copy[99_999] = -1;
    isNot(probe(big), probe(copy));
  },

  "equal arguments with a cycle through what is not copied share one entry, call after call"() {
    // Calls alternate between walking the arguments and walking a copy made as they are
    // read (the object front cache's), which leaves a Map, a class instance or whatever
    // lies past its budget uncopied: a cycle back out of those must be the same key.
    class Child {
      constructor(parent) {
        this.parent = parent;
      }
    }
    const makers = {
      "a Map holding its parent": () => {
        const o = { x: 1 };
        o.m = new Map([["self", o]]);
        return o;
      },
      "an instance holding its parent": () => {
        const o = { x: 1 };
        o.child = new Child(o);
        return o;
      },
      "a lasso of 100 nodes": () => {
        const nodes = Array.from({ length: 100 }, (_, i) => ({ i, next: null }));
        nodes.forEach((n, i) => (n.next = nodes[i + 1] ?? nodes[40]));
        return nodes[0];
      },
    };
    for (const [what, make] of Object.entries(makers)) {
      const f = cacheResource((o) => ({ o }), { key: `keys-cycles-${what}` });
      const first = f(make());
      for (let i = 0; i < 12; i++) is(f(make()), first, `${what}, call ${i + 2}`);
    }
  },

  "an object where earlier calls had a value, with a cycle back to the argument, is one key"() {
    // The front cache knows {a} with a value at `a` from the first calls; later calls have
    // an object there, which leads back to the argument itself.
    const f = cacheResource((o) => ({ o }), { key: "keys-cycle-at-a-leaf" });
    for (let i = 0; i < 10; i++) f({ a: i % 2 });
    const make = () => {
      const o = { a: null };
      o.a = { parent: o };
      return o;
    };
    const first = f(make());
    for (let i = 0; i < 12; i++) is(f(make()), first, `call ${i + 2}`);
    const g = cacheResource((o) => ({ o }), { key: "keys-cycle-at-a-leaf-fresh" });
    const before = g(make());
    for (let i = 0; i < 10; i++) g({ a: i % 2 });
    is(g(make()), before, "the same key before and after the front cache knew {a}");
  },

  "deep nesting is refused with a clear error, not a crash"() {
    let deep = [];
    for (let i = 0; i < 5000; i++) deep = [deep];
    const e = throws(() => probe(deep), UnhashableParamError);
    ok(/nests deeper than/.test(e.message), e.message);
    equal(probe([1]).value, [1], "the cache still works");
  },
};
