// Hostile but legal inputs: each case is a class of input that once gave a wrong hit, a
// wrong error or a broken cache. A cached function must never hand back another argument
// list's value, and must stay usable after anything a caller passes.
import { cacheResource, UnhashableParamError } from "cache-resource";
import { equal, is, isNot, ok, throws } from "../assert.js";
import { otherRealm } from "../realm.js";

/** A cached function that counts its runs and returns a new object per run. */
function counted(options, name = "counted") {
  const runs = { n: 0 };
  const f = cacheResource({ [name]: (...args) => ({ run: ++runs.n, args }) }[name], { key: `hostile-${name}-${Math.random()}`, ...options });
  f.runs = runs;
  return f;
}

const busyWait = (ms) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

export const tests = {
  "a getter that calls a cached function mid-walk does not disturb the outer key"() {
    const getPool = cacheResource(function getPool(u) {
      return { u };
    }, { key: "hostile-pool" });
    const query = cacheResource(function query(c) {
      return `db=${c.db}`;
    }, { key: "hostile-query" });
    const cfg = (db) => ({ db, get pool() { return getPool({ host: "x", db }); } });
    is(query(cfg("alpha")), "db=alpha");
    is(query(cfg("beta")), "db=beta");
    is(query(cfg("alpha")), "db=alpha");
    // Unordered containers around the re-entrant read: wasm canonicalizes those.
    const nested = (db) => new Map([["cfg", new Set([cfg(db), db])]]);
    const viaMap = counted({}, "viaMap");
    const a = viaMap(nested("alpha"));
    const b = viaMap(nested("beta"));
    isNot(a, b);
    is(viaMap(nested("alpha")), a);
    is(viaMap(nested("beta")), b);
  },

  "a re-entrant call that grows wasm memory mid-walk leaves the outer key intact"() {
    const big = counted({}, "big");
    const f = counted({}, "outer");
    const arg = (tag) => ({
      before: tag,
      get grow() {
        big(new Float64Array(1 << 20).fill(Math.random())); // 8 MB through the key buffer
        cacheResource(() => 0, { key: `grow-${Math.random()}` })(); // a registration allocates too
        return 1;
      },
      after: tag,
    });
    const a = f(arg("a"));
    const b = f(arg("b"));
    isNot(a, b);
    is(f(arg("a")), a);
    is(f({ before: "b", grow: 1, after: "b" }), b);
  },

  "a re-entrant call that grows wasm memory past a long run of holes leaves the outer key intact"() {
    const big = counted({}, "bigger");
    const f = counted({}, "sparse-outer");
    const arg = (tag) => {
      const a = [tag];
      a.length = 5000;
      Object.defineProperty(a, 3000, {
        enumerable: true,
        get() {
          // 32 MB, more than any argument of the cases before: the key buffer moves.
          big(new Float64Array(1 << 22).fill(Math.random()));
          return tag;
        },
      });
      a[4000] = tag;
      return a;
    };
    const a = f(arg("a"));
    const b = f(arg("b"));
    isNot(a, b);
    is(f(arg("a")), a);
    const plain = [];
    plain.length = 5000;
    plain[0] = plain[3000] = plain[4000] = "b";
    is(f(plain), b);
  },

  "a hash function that calls cached functions does not disturb the key"() {
    class Conn {
      constructor(dsn) {
        this.dsn = dsn;
      }
    }
    const inner = counted({}, "inner");
    const f = counted({ hashFuncs: new Map([[Conn, (c) => (inner([c.dsn, new Set([c.dsn])]), c.dsn)]]) }, "hashed");
    const a = f([new Conn("a"), 1]);
    const b = f([new Conn("b"), 1]);
    isNot(a, b);
    is(f([new Conn("a"), 1]), a);
  },

  "a value read twice cannot make one argument list find another's entry"() {
    const f = counted({}, "twice");
    const one = f({ a: 1 });
    let n = 0;
    const shifty = { get a() { return n++ ? 2 : 1; } };
    const got = f(shifty);
    ok(got === one || got.args[0].a === 2, "the call answers for one of the values it read");
    const two = f({ a: 2 });
    isNot(two, one, "{a: 2} must not find {a: 1}'s entry");
    is(f({ a: 2 }), two);
    is(f({ a: 1 }), one);
  },

  "each property is read once per call, whether it misses, is recorded or hits"() {
    const f = counted({}, "reads");
    let reads = 0;
    const arg = { get a() { reads++; return 7; }, b: [1, { get c() { reads++; return "c"; } }] };
    for (let call = 1; call <= 4; call++) {
      f(arg);
      is(reads, 2 * call, `reads after call ${call}`);
    }
    // The same shape with other values: the finder reads, finds no entry, and the miss
    // is keyed from that same read.
    const other = { get a() { reads++; return 8; }, b: [1, { get c() { reads++; return "d"; } }] };
    const miss = f(other);
    is(reads, 10, "a miss of a known shape reads each property once");
    is(f({ a: 8, b: [1, { c: "d" }] }), miss);
    isNot(f({ a: 7, b: [1, { c: "c" }] }), miss);
    const traps = [];
    const proxy = new Proxy({ x: 1, y: { z: 2 } }, {
      get(t, k, r) {
        traps.push(k);
        return Reflect.get(t, k, r);
      },
    });
    const g = counted({}, "proxied");
    g(proxy);
    equal(traps.filter((k) => k === "x").length, 1, "x is read once on a miss");
  },

  "a getter of an object walked on every call is read once per call, before and after its reader is compiled"() {
    // 300 names: past what the object front cache records, so every call walks it; its
    // shape's reader is compiled after a few calls, and a few calls copy it as they read.
    const f = counted({}, "reads-walked");
    let reads = 0;
    const make = (v) => {
      const o = Object.fromEntries(Array.from({ length: 299 }, (_, i) => [`n${(i * 37) % 299}`, i]));
      return Object.defineProperty(o, "g", { get() { reads++; return v; }, enumerable: true });
    };
    const first = f(make(1));
    for (let call = 2; call <= 40; call++) {
      is(f(make(1)), first, `call ${call}`);
      is(reads, call, `reads after call ${call}`);
    }
    isNot(f(make(2)), first);
    is(reads, 41);
  },

  "parameter defaults with division are not regexes"() {
    /* eslint-disable no-undef */
    const cases = [
      cacheResource(function (a = i++ / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-1" }),
      cacheResource(function (a = i-- / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-2" }),
      cacheResource(function (a = o.in / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-3" }),
      cacheResource(function (a = o.of / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-4" }),
      cacheResource(function (a = (i) / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-5" }),
      cacheResource(function (a = of / 2, x = 1 / 2, _y) { return { x }; }, { key: "div-6" }),
      cacheResource((a = [1][0] / 2, x = `${1}` / 2, _y) => ({ x }), { key: "div-7" }),
    ];
    /* eslint-enable no-undef */
    for (const [i, f] of cases.entries()) {
      isNot(f(1, 1), f(1, 2), `case ${i + 1}: x is hashed`);
      is(f(1, 3, Symbol("not hashed")), f(1, 3, Symbol("other")), `case ${i + 1}: _y is left out`);
    }
  },

  "Symbol.toStringTag does not change how an instance is keyed"() {
    for (const tagName of ["Number", "Error", "Map", "Date", "Uint8Array", "Promise0", "Foo"]) {
      class Tagged {
        constructor(v) {
          this.v = v;
        }
        get [Symbol.toStringTag]() {
          return tagName;
        }
      }
      const f = counted({}, "tagged");
      const one = f(new Tagged(1));
      isNot(f(new Tagged(2)), one, `tag ${tagName}: other fields, other entry`);
      is(f(new Tagged(1)), one, `tag ${tagName}: equal fields, one entry`);
    }
    // A real built-in keeps its kind whatever tag is set on it.
    const m = new Map([[1, 2]]);
    Object.defineProperty(m, Symbol.toStringTag, { value: "Object" });
    const f = counted({}, "retagged");
    is(f(m), f(new Map([[1, 2]])));
    isNot(f(m), f(new Map([[1, 3]])));
  },

  "prototypes are part of an instance's key"() {
    const f = counted({}, "protos");
    const a = f(Object.create({ kind: "A" }));
    isNot(f(Object.create({ kind: "B" })), a);
    is(f(Object.create({ kind: "A" })), a);
    isNot(f({}), a, "an object with a prototype of its own is not a plain object");
    isNot(f(Object.create(Object.create({ kind: "A" }))), a, "the chain's length counts");
    is(f(Object.create(null)), f({}), "a null-prototype object is plain");
  },

  async "a plain object or array from another realm is the same key as a local one"() {
    const realm = await otherRealm();
    if (realm === null) return;
    const f = counted({}, "realms");
    const local = f({ a: 1, b: [1, 2] });
    const foreign = new realm.Object();
    foreign.a = 1;
    foreign.b = new realm.Array(1, 2);
    is(f(foreign), local);
    const map = new realm.Map([[1, 2]]);
    is(f(map), f(new Map([[1, 2]])));
    is(f(new realm.Date(5)), f(new Date(5)));
    isNot(f(new realm.Date(5)), f(new Date(6)));
  },

  "values nested deeper than the limit are refused as unhashable, never malformed"() {
    class Node {
      constructor(next) {
        this.next = next;
      }
    }
    const deepInstances = (n) => {
      let v = null;
      for (let i = 0; i < n; i++) v = new Node(v);
      return v;
    };
    const f = counted({}, "deep");
    throws(() => f(new Set([deepInstances(600)])), UnhashableParamError);
    throws(() => f(deepInstances(600)), UnhashableParamError);
    const g = counted({ hashFuncs: new Map([[Node, (n) => [n.next]]]) }, "deepHashed");
    throws(() => g(new Set([deepInstances(500)])), UnhashableParamError);
    let arrays = 1;
    for (let i = 0; i < 850; i++) arrays = [arrays];
    const a = f(new Set([arrays]));
    is(f(new Set([arrays])), a, "just under the limit works, in an unordered container too");
    is(f(1).run, f(1).run, "the cache still works");
  },

  // Walked hole by hole, the longest of these was refused (its key would pass 512 MB) and
  // one of 10^8 took seconds.
  "a sparse array costs its elements, not its length"() {
    const f = counted({}, "sparse");
    const sparse = (length, at, value = "x") => {
      const a = [];
      a.length = length;
      for (const i of at) a[i] = value;
      return a;
    };
    for (const length of [2 ** 32 - 1, 2 ** 30, 1e8]) {
      // Past 64 K holes scanned, the next elements are looked up among the array's indexes.
      const at = [7, 70_000, 70_001, 140_000, length - 1];
      const first = f(sparse(length, at));
      is(f(sparse(length, at)), first, `length ${length}: an equal copy is a hit`);
      is(f(new Proxy(sparse(length, at), { ownKeys: (t) => Reflect.ownKeys(t).reverse() })), first, "so is a proxy listing its indexes backwards");
      isNot(f(sparse(length, [8, ...at.slice(1)])), first, "an element moved is another key");
      isNot(f(sparse(length, [7, 70_000, 70_002, 140_000, length - 1])), first, "so is one moved past where the walk looks elements up");
      isNot(f(sparse(length, [7, 70_000, 140_000, length - 1])), first, "an element taken away is another key");
      isNot(f(sparse(length, [7, 70_000, 70_001, 140_000])), first, "so is the last one");
      isNot(f(sparse(length, at, null)), first, "so is another value");
      isNot(f(sparse(length - 1, [7, length - 2])), f(sparse(length - 1, [7, length - 3])), "a trailing hole is part of the key");
    }
    is(f(sparse(2 ** 32 - 1, [5e9 % 2 ** 32])), f(Object.assign(sparse(2 ** 32 - 1, [5e9 % 2 ** 32]), { "1e5": 1, "4294967295": 2, "-1": 3 })), "named fields, even ones that read as numbers, are not");
    // About where a run of holes starts to be written as one count: runs of one length
    // apart are other keys, and a hole is never undefined.
    const keys = new Set();
    for (let run = 1020; run <= 1030; run++) {
      for (const tail of [0, 1, 1500]) {
        const a = sparse(run + 2 + tail, [0, run + 1]);
        const b = Array.from({ length: a.length }, (_, i) => (i in a ? a[i] : undefined));
        is(f(a), f(sparse(a.length, [0, run + 1])), `run ${run}, tail ${tail}: equal copies are one entry`);
        keys.add(f(a)).add(f(b));
      }
    }
    is(keys.size, 11 * 3 * 2, "every length and every hole-for-undefined swap is its own key");
    // Elements before, at and past where the walk stops scanning a run and looks the next
    // one up among the array's indexes (past 64 K holes scanned).
    const far = new Set();
    for (const at of [[], [65_000], [66_600], [66_601], [140_000], [66_601, 140_000]]) {
      const a = sparse(200_000, [0, 1, ...at]);
      const dense = Array.from({ length: 200_000 }, (_, i) => (i in a ? a[i] : undefined));
      for (let i = 0; i < 200_000; i++) if (!(i in a)) delete dense[i];
      is(f(dense), f(a), `elements at ${at}: built apart, one entry`);
      far.add(f(a));
    }
    is(far.size, 6, "each of those is its own key");
    is(f([1, 2]), f([1, 2]), "the cache still works");
  },

  "options are own properties: inherited names are no options"() {
    throws(() => cacheResource(() => 1, { constructor: 5 }), /unknown option `constructor`/);
    throws(() => cacheResource(() => 1, { valueOf: 1 }), /unknown option `valueOf`/);
    throws(() => cacheResource(() => 1, { toString: 1 }), /unknown option `toString`/);
    throws(() => cacheResource(() => 1, { ttl: { seconds: 0.05, constructor: 0 } }), /unknown field `constructor`/);
    throws(() => cacheResource(() => 1, { ttl: { hasOwnProperty: 1 } }), /unknown field/);
    const inherited = Object.assign(Object.create({ ttl: 0.001 }), { key: "inherited-ttl" });
    const f = cacheResource(() => ({}), inherited);
    const first = f();
    busyWait(5);
    is(f(), first, "an inherited ttl is no ttl");
  },

  "a subscriber that clears on a hit does not take the call's value away"() {
    const f = counted({}, "cleared-on-hit");
    const first = f(1);
    const stop = cacheResource.subscribe((e) => {
      if (e.type === "hit") f.clear();
    });
    try {
      is(f(1), first, "the hit returns its value");
      isNot(f(1), first, "and the entry is gone after");
    } finally {
      stop();
    }
    const v = counted({ validate: () => true }, "validated-cleared-on-hit");
    const one = v(1);
    const stop2 = cacheResource.subscribe((e) => {
      if (e.type === "hit") v.clear();
    });
    try {
      is(v(1), one);
    } finally {
      stop2();
    }
  },

  "thousands of primitive arguments hit like a few"() {
    const f = counted({}, "many-args");
    const args = Array.from({ length: 20_000 }, (_, i) => i);
    const first = f(...args);
    is(f(...args), first);
    is(f(...args), first);
    const strings = args.map(String);
    is(f(...strings), f(...strings));
  },

  async "a thenable whose then() throws is not cached, and evictions it causes are released"() {
    const released = [];
    let broken = false;
    const f = cacheResource(function load(x) {
      if (!broken) return { x };
      return { then() { throw new Error("then broke"); } };
    }, { key: "broken-then", maxEntries: 1, onRelease: (v) => released.push(v) });
    const kept = f(1);
    broken = true;
    throws(() => f(2), /then broke/);
    equal(released, [kept], "the entry the insert evicted was released");
    broken = false;
    const again = f(2);
    equal(again, { x: 2 }, "the broken thenable was not cached");
    // A then getter read once: a thenable that stops being one is still the entry it was.
    let reads = 0;
    const g = cacheResource(() => ({ get then() { return reads++ === 0 ? (ok) => ok(5) : undefined; } }), { key: "then-getter" });
    const p = g();
    is(g(), p);
    is(reads, 1);
    await Promise.resolve();
  },

  "closed sessions leave nothing behind, and their counts stay in the totals"() {
    const f = cacheResource(function perSession(x) {
      return { x };
    }, { scope: "session", key: "session-leak" });
    const cycle = () => {
      const s = cacheResource.session();
      s.run(() => {
        f(1);
        f(1);
      });
      s.close();
    };
    for (let i = 0; i < 200; i++) cycle();
    const before = cacheResource.stats();
    const rows = cacheResource.inspect().length;
    for (let i = 0; i < 5000; i++) cycle();
    const after = cacheResource.stats();
    is(after.memoryBytes, before.memoryBytes, "wasm memory does not grow");
    is(cacheResource.inspect().length, rows, "no cache is left listed");
    is(after.hits - before.hits, 5000, "the closed sessions' hits stay counted");
    is(after.misses - before.misses, 5000);
    is(f.stats().hits >= 5200, true, "the function's own counters keep them too");
  },

  "no global key reaches a session's entries"() {
    const source = (x) => ({ x, from: "fn" });
    const scoped = cacheResource(source, { scope: "session" });
    const s = cacheResource.session();
    const inSession = s.run(() => scoped(1));
    for (const key of ["", `\u0000session ${s.id}`, `s${s.id}`, `s${s.id}\u0000`, `${s.id}`, "\u0000"]) {
      const global = cacheResource(source, { key });
      isNot(global(1), inSession, `key ${JSON.stringify(key)}`);
    }
    s.close();
  },

  "a revoked proxy is refused as unhashable"() {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const f = counted({}, "revoked");
    throws(() => f(proxy), UnhashableParamError);
    throws(() => f({ nested: [proxy] }), UnhashableParamError);
    const stop = cacheResource.subscribe(() => {});
    try {
      throws(() => f(proxy), UnhashableParamError, "also while an inspector records labels");
    } finally {
      stop();
    }
    is(f(1), f(1));
  },

  "built-in functions are keyed by identity, in every engine's way of printing them"() {
    const f = counted({}, "natives");
    isNot(f(Map.prototype.get), f(WeakMap.prototype.get), "two built-ins of one name");
    is(f(Math.max), f(Math.max));
    isNot(f(Math.max), f(Math.min));
    throws(() => f(((x) => x).bind(null)), UnhashableParamError, "a bound function must be refused");
    throws(() => cacheResource(Math.max), /native or bound/);
  },

  async "Math, JSON, Reflect and Intl are each keyed as themselves, never as an empty object"() {
    const f = counted({}, "namespaces");
    // Calls with empty objects first, so that the front cache knows their shapes.
    for (let i = 0; i < 3; i++) f({}), f({ helpers: {}, x: 1 }), f([{}]);
    const namespaces = [Math, JSON, Reflect, Intl];
    for (const ns of namespaces) {
      isNot(f(ns), f({}), "a namespace is not {}");
      isNot(f({ helpers: ns, x: 1 }), f({ helpers: {}, x: 1 }), "nor inside an object");
      isNot(f([ns]), f([{}]), "nor inside an array");
      is(f(ns), f(ns));
      is(f({ helpers: ns, x: 1 }), f({ helpers: ns, x: 1 }));
    }
    isNot(f(Math), f(JSON), "two namespaces");
    isNot(f({ helpers: Math, x: 1 }), f({ helpers: JSON, x: 1 }));
    const realm = await otherRealm();
    if (realm !== null) isNot(f(realm.Math), f(Math), "another realm's Math is another object");
    is(f({ [Symbol.toStringTag]: "Settings" }), f({}), "a literal's tag is a symbol-keyed field, left out of the key");
  },

  async "a URL is keyed by its text, whatever its tag, fields, class or realm"() {
    const f = counted({}, "urls");
    const href = "https://models.example/v2/model.onnx?rev=3";
    const url = f(new URL(href));
    is(f(new URL("model.onnx?rev=3", "https://models.example/v2/")), url);
    const moved = new URL(href);
    moved.pathname = "/v3/model.onnx";
    isNot(f(moved), url, "a URL changed in place keys by its new text");
    const retagged = new URL(href);
    Object.defineProperty(retagged, Symbol.toStringTag, { value: "Date" });
    is(f(retagged), url, "its tag does not make it a Date");
    const tagged = Object.assign(new URL(href), { purpose: "a" });
    isNot(f(tagged), url, "its own fields are part of the key");
    is(f(Object.assign(new URL(href), { purpose: "a" })), f(tagged));
    isNot(f(Object.assign(new URL(href), { purpose: "b" })), f(tagged));
    class Asset extends URL {}
    isNot(f(new Asset(href)), url, "a subclass is not the URL itself");
    is(f(new Asset(href)), f(new Asset(href)));
    isNot(f(new Asset(href)), f(new Asset(`${href}0`)));
    // A class of the same name is what it is: an instance with fields, not a URL.
    const Fake = { URL: class { constructor(h) { this.href = h; } } }.URL;
    isNot(f(new Fake(href)), url);
    is(f(new Fake(href)), f(new Fake(href)));
    throws(() => f(Object.create(URL.prototype)), UnhashableParamError, "a URL's prototype with no URL inside");
    throws(() => f(Object.create(URLSearchParams.prototype)), UnhashableParamError);
    const query = f(new URLSearchParams("q=a&page=2"));
    is(f(new URLSearchParams([["q", "a"], ["page", "2"]])), query);
    isNot(f(new URLSearchParams("q=b&page=2")), query);
    const realm = await otherRealm();
    if (realm?.URL) is(f(new realm.URL(href)), url, "a URL from another realm");
  },

  "an object that only inherits from a built-in is refused, and the message says so"() {
    const f = counted({}, "hollow");
    for (const Kind of [Array, Map, Set, Date, RegExp, Uint8Array, ArrayBuffer, Number]) {
      const e = throws(() => f(Object.create(Kind.prototype)), UnhashableParamError, Kind.name);
      ok(e.message.includes(`not a real ${Kind.name}: it only inherits from one`), e.message);
      // A Proxy of an array is an array (Array.isArray says so); of the others, no slots.
      if (Kind === Array) continue;
      const proxied = throws(() => f(new Proxy(new Kind(), {})), UnhashableParamError, `a Proxy of a ${Kind.name}`);
      ok(proxied.message.includes("or is a Proxy of one"), proxied.message);
    }
    if (typeof document !== "undefined") {
      const e = throws(() => f(document.createElement("div")), UnhashableParamError);
      ok(e.message.includes("platform object"), e.message);
    }
  },

  "platform objects are refused alike in browsers and in Node, which writes its own in JS"() {
    // Node's AbortSignal, TextEncoder, Request... are JS classes whose prototypes hold
    // accessors: walked, they threw ("Value of this must be of type AbortSignal") or keyed
    // two different signals as one.
    const f = counted({}, "platform");
    class Store extends EventTarget {
      constructor() {
        super();
        this.items = [];
      }
    }
    const kinds = [
      () => new AbortController().signal, () => new TextEncoder(), () => new EventTarget(), () => new Store(),
      () => new DOMException("gone", "AbortError"),
      ...[["Blob", (B) => new B(["x"])], ["Headers", (H) => new H({ a: "1" })], ["Request", (R) => new R("https://example.com/")]]
        .filter(([name]) => typeof globalThis[name] === "function").map(([name, make]) => () => make(globalThis[name])),
    ];
    for (const make of kinds) {
      const value = make();
      const e = throws(() => f({ signal: value }), UnhashableParamError, value.constructor.name);
      ok(e.message.includes("platform object"), e.message);
      equal(e.path, ".signal");
    }
    // Inheriting from one without being one: the same words as for a built-in.
    const hollow = throws(() => f(Object.create(URL.prototype)), UnhashableParamError);
    ok(hollow.message.includes("not a real URL"), hollow.message);
  },

  "a class that carries its name as a read-only tag is a platform class, global or not"() {
    // As jsdom writes its DOM (a test's window, not the global): the state is out of sight,
    // under a non-enumerable symbol, and the prototype holds methods only. Keyed by its
    // class alone, every such Headers was one entry.
    const impl = Symbol("impl");
    const Headers = class Headers {
      constructor(init) {
        Object.defineProperty(this, impl, { value: new Map(Object.entries(init)) });
      }
      get(name) {
        return this[impl].get(name);
      }
    };
    Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });
    class Signed extends Headers {}
    const f = counted({}, "webidl");
    for (const value of [new Headers({ a: "1" }), new Signed({ a: "2" }), [{ h: new Headers({}) }]]) {
      const e = throws(() => f(value), UnhashableParamError);
      ok(e.message.includes("platform object"), e.message);
    }
    // Any function may stand as a prototype's constructor, one without a prototype too.
    const arrow = () => f(Object.create({ constructor: () => {}, kind: "a" }));
    is(arrow(), arrow());
    for (const constructor of [Math.max, function () {}.bind(null)]) {
      const e = throws(() => f(Object.create({ constructor, kind: "a" })), UnhashableParamError);
      ok(e.message.includes("platform object"), e.message);
    }
    // A library's own tag, assigned as decimal.js assigns it, names no platform class.
    function Decimal(s) {
      this.s = s;
    }
    Decimal.prototype[Symbol.toStringTag] = "Decimal";
    const a = f(new Decimal("1.5"));
    is(f(new Decimal("1.5")), a);
    isNot(f(new Decimal("2.5")), a);
  },

  "an ES5-style class is keyed by its methods too, and hits as often as it is called"() {
    const make = (get) => {
      function Client(url) {
        this.url = url;
      }
      Client.prototype.get = get;
      Client.prototype.close = function close() {};
      return Client;
    };
    const A = make(function get(path) {
      return this.url + path;
    });
    const B = make(function get(path) {
      return path;
    });
    const f = counted({}, "es5");
    const a = f(new A("db"));
    is(f(new A("db")), a);
    isNot(f(new B("db")), a, "same name and constructor, another method");
    isNot(f(new A("cache")), a);
    for (let i = 0; i < 50; i++) f(new A("db"));
    equal(f.runs.n, 3);
  },

  async "binary data is keyed by its own bytes, whatever its buffer and length claim"() {
    const f = counted({}, "bytes");
    const shared = new ArrayBuffer(4);
    const claims = (view, props) => {
      for (const [name, value] of Object.entries(props)) Object.defineProperty(view, name, { value });
      return view;
    };
    class Short extends Uint8Array {
      get byteLength() {
        return 1;
      }
      get byteOffset() {
        return 0;
      }
    }
    const apart = [
      [claims(new Uint8Array([1, 2]), { buffer: shared }), claims(new Uint8Array([1, 3]), { buffer: shared }), "an own buffer"],
      [claims(new Uint8Array([1, 2]), { byteLength: 1 }), claims(new Uint8Array([1, 3]), { byteLength: 1 }), "an own byteLength"],
      [claims(new Float64Array([1, 2]), { byteOffset: 0, length: 1 }), claims(new Float64Array([1, 3]), { byteOffset: 0, length: 1 }), "an own byteOffset"],
      [new Short([1, 2]), new Short([1, 3]), "a subclass's getters"],
      [claims(new DataView(new Uint8Array([1, 2]).buffer), { byteLength: 1 }), claims(new DataView(new Uint8Array([1, 3]).buffer), { byteLength: 1 }), "a DataView's own byteLength"],
    ];
    for (const [a, b, what] of apart) isNot(f(a), f(b), what);
    const bytes = f(new Uint8Array([7, 8]));
    const realm = await otherRealm();
    if (realm !== null) is(f(new realm.Uint8Array([7, 8])), bytes, "a typed array from another realm");
    if (typeof structuredClone === "function") {
      const sent = new Uint8Array([7, 8]);
      structuredClone(sent.buffer, { transfer: [sent.buffer] });
      const e = throws(() => f(sent), UnhashableParamError, "a view of a transferred buffer");
      ok(e.message.includes("detached"), e.message);
      is(f(new Uint8Array([7, 8])), bytes, "the cache is still usable");
    }
  },

  "state an instance keeps under symbols is part of its key; a plain object's symbols are not"() {
    const kState = Symbol("state");
    const kOther = Symbol("other");
    const kShared = Symbol.for("cache-resource-test.shared");
    class Store {
      constructor(state, other, reversed = false) {
        if (reversed) this[kOther] = other;
        this[kState] = state;
        if (!reversed) this[kOther] = other;
      }
    }
    const f = counted({}, "symbolState");
    isNot(f(new Store({ rows: 1 }, 0)), f(new Store({ rows: 2 }, 0)), "under a symbol of its own");
    is(f(new Store({ rows: 1 }, 0)), f(new Store({ rows: 1 }, 0, true)), "in any order");
    isNot(f(new Store(1, 2)), f(new Store(2, 1)), "each symbol keeps its own value");
    const shared = (v) => Object.assign(new Store(0, 0), { [kShared]: v });
    isNot(f(shared("a")), f(shared("b")), "under a registered symbol");
    const hidden = (v) => Object.defineProperty(new Store(0, 0), kShared, { value: v, enumerable: false });
    is(f(hidden("a")), f(hidden("b")), "a non-enumerable one is not, as for names");
    is(f({ [kState]: 1, a: 1 }), f({ [kState]: 2, a: 1 }), "a plain object's symbols are not part of its key");
    const e = throws(() => f(new Store(Symbol("unregistered"), 0)), UnhashableParamError, "its values are walked");
    ok(e.message.includes("registered symbols"), e.message);
  },

  "a prototype chain changed after its first call is keyed as it is now"() {
    class Shape {
      constructor(size) {
        this.size = size;
      }
    }
    class Square extends Shape {}
    class Circle {
      constructor(size) {
        this.size = size;
      }
    }
    const f = counted({}, "chain");
    const before = f(new Square(2));
    is(f(new Square(2)), before);
    Object.setPrototypeOf(Square.prototype, Circle.prototype);
    isNot(f(new Square(2)), before, "its base is another class now");
    is(f(new Square(2)), f(new Square(2)));
    // From a class to an array: the same prototype, another built-in below it.
    const Base = function Base() {};
    const list = Object.setPrototypeOf([1, 2], Base.prototype);
    const listKey = f(list);
    is(f(Object.setPrototypeOf([1, 2], Base.prototype)), listKey);
    isNot(f(Object.setPrototypeOf([1, 3], Base.prototype)), listKey);
    Object.setPrototypeOf(Base.prototype, Array.prototype);
    is(f(Object.setPrototypeOf([1, 2], Base.prototype)), f(Object.setPrototypeOf([1, 2], Base.prototype)));
    throws(() => f(new Base()), UnhashableParamError, "an object that only inherits from Array, through Base");
  },

  "class instances found by the object front cache are keyed as the full walk keys them"() {
    class Point {
      constructor(x, y) {
        this.x = x;
        this.y = y;
      }
    }
    class Labeled extends Point {
      set label(v) {
        throw new Error("a setter on the prototype is not the instance's field");
      }
    }
    const f = counted({}, "instancesFront");
    const learned = (make) => {
      const first = f(make());
      for (let i = 0; i < 6; i++) is(f(make()), first, "an equal instance, once the front cache knows its class");
      return first;
    };
    const p12 = learned(() => new Point(1, 2));
    isNot(f(new Point(1, 3)), p12);
    isNot(f({ x: 1, y: 2 }), p12, "a plain object of the same fields");
    const labeled = learned(() => Object.defineProperty(new Labeled(1, 2), "label", { value: "a", enumerable: true }));
    isNot(labeled, p12);
    // What the key also holds, changed after the front cache learned the class:
    const kState = Symbol("state");
    isNot(f(Object.assign(new Point(1, 2), { [kState]: 1 })), p12, "a symbol-keyed field");
    const hidden = () => Object.defineProperty(new Point(1, 2), kState, { value: {} });
    is(f(hidden()), p12, "a non-enumerable symbol-keyed field is no part of the key");
    for (let i = 0; i < 6; i++) is(f(hidden()), p12);
    isNot(f(Reflect.construct(Date, [5], Point)), f(Reflect.construct(Date, [6], Point)), "a built-in's state under the class");
    Point.prototype.unit = "px";
    const withUnit = f(new Point(1, 2));
    isNot(withUnit, p12, "an enumerable field on its prototype");
    is(f(new Point(1, 2)), withUnit);
    delete Point.prototype.unit;
    is(f(new Point(1, 2)), p12, "and without it again");
    class Origin {}
    Object.setPrototypeOf(Point.prototype, Origin.prototype);
    const moved = f(new Point(1, 2));
    isNot(moved, p12, "another class below it");
    for (let i = 0; i < 6; i++) is(f(new Point(1, 2)), moved);
  },

  "iterators and generators are refused, never one entry for them all"() {
    // An iterator's prototypes name no class and it has no fields of its own: keyed as an
    // instance, [1].values() and [2].values() were one entry. Its state is where it is in
    // what it iterates, which reading would move.
    const f = counted({}, "iterators");
    const kinds = {
      "array values()": () => [1, 2].values(),
      "map entries()": () => new Map([[1, 2]]).entries(),
      "set values()": () => new Set([1]).values(),
      "string iterator": () => "ab"[Symbol.iterator](),
      matchAll: () => "ab".matchAll(/a/g),
      generator: () => (function* () {})(),
      "async generator": () => (async function* () {})(),
    };
    if (typeof Iterator === "function" && typeof Iterator.prototype.map === "function") kinds["iterator helper"] = () => [1].values().map((x) => x);
    if (typeof Intl.Segmenter === "function") kinds["segments iterator"] = () => new Intl.Segmenter().segment("ab")[Symbol.iterator]();
    for (const [kind, make] of Object.entries(kinds)) {
      const e = throws(() => f(make()), UnhashableParamError, kind);
      ok(e.message.includes("consume"), `${kind}: ${e.message}`);
      throws(() => f({ rows: [make()] }), UnhashableParamError, `${kind}, nested`);
    }
  },

  "private fields compiled for older engines are refused too, however they were compiled"() {
    // Compiled for an engine without #fields, a class keeps them in a WeakMap keyed by the
    // instance, out of the walk's sight: keyed as its public fields, two accounts of
    // different balances were one entry. As TypeScript emits it (target ES2020), minified
    // or not, as esbuild, Babel and Rolldown emit it, minified (each helper renamed) or
    // not, and as written by hand before #fields.
    const balances = new WeakMap();
    const __classPrivateFieldGet = (o, map) => map.get(o);
    const __privateAdd = (o, map, v) => map.set(o, v);
    const __privateGet = (o, map) => map.get(o);
    const _classPrivateFieldInitSpec = (o, map, v) => map.set(o, v);
    const _classPrivateFieldGet2 = (map, o) => map.get(o);
    const [c, o, t, i, u] = [__privateAdd, __privateGet, _classPrivateFieldInitSpec, _classPrivateFieldGet2, (o, map, v) => map.set(o, v)];
    const [e, r] = [balances, balances];
    const kinds = {
      typescript: class Account {
        constructor(owner, balance) {
          this.owner = owner;
          balances.set(this, void 0);
          balances.set(this, balance);
        }
        get balance() {
          return __classPrivateFieldGet(this, balances, "f");
        }
      },
      minified: class Account{constructor(e,t){this.owner=e,balances.set(this,void 0),balances.set(this,t)}},
      esbuild: class Account {
        constructor(owner, balance) {
          this.owner = owner;
          __privateAdd(this, balances, balance);
        }
        get balance() {
          return __privateGet(this, balances);
        }
      },
      "esbuild minified": class f{constructor(r,s){c(this,e);u(this,e,s),this.owner=r}get balance(){return o(this,e)}},
      babel: class Account {
        constructor(owner, balance) {
          this.owner = owner;
          _classPrivateFieldInitSpec(this, balances, balance);
        }
        get balance() {
          return _classPrivateFieldGet2(balances, this);
        }
      },
      "rolldown minified": class{constructor(e,n){t(this,r,void 0),u(this,r,n),this.owner=e}get balance(){return i(r,this)}},
      byHand: function Account(owner, balance) {
        this.owner = owner;
        balances.set(this, { balance });
      },
    };
    const f = counted({}, "compiled-private");
    for (const [kind, Account] of Object.entries(kinds)) {
      const e = throws(() => f(new Account("ann", 1)), UnhashableParamError, kind);
      ok(/private/.test(e.message), `${kind}: ${e.message}`);
    }
    // What such a helper call looks like but is not: a value the class names elsewhere
    // (its own name, a parameter), passed once, never right after `this` (a function
    // handed to Node's nextTick), a literal, or `arguments`.
    function check(self, what) {
      return what;
    }
    const later = () => {};
    const defaults = { a: 1 };
    const lookalikes = {
      "Babel's class check": function Point(x) {
        check(this, Point);
        check(this, Point);
        this.x = x;
      },
      "a parameter": class Point{constructor(x,o){check(this,o),check(this,o),this.x=x}},
      "passed once": class Point{constructor(x){check(this,defaults),this.x=x}},
      "a function for nextTick": class Point{constructor(x){check(later,this),check(later,this),this.x=x}},
      "literals": class Point{constructor(x){check(this,null),check(this,null),check(this,this),check(this,this),check(this,1),check(this,1),this.x=x}},
      "arguments": function Point(x) {
        check.apply(this, arguments);
        check.apply(this, arguments);
        this.x = x;
      },
    };
    for (const [kind, Point] of Object.entries(lookalikes)) {
      const p1 = f(new Point(1));
      is(f(new Point(1)), p1, kind);
      isNot(f(new Point(2)), p1, kind);
    }
    // A map keyed by a field, or a Map method's name in a string, is no private state.
    const index = new Map();
    class Indexed {
      constructor(id) {
        this.id = id;
        index.set(this.id, this);
      }
      describe() {
        return "index.set(this, x) in a string";
      }
    }
    const a = f(new Indexed(1));
    is(f(new Indexed(1)), a);
    isNot(f(new Indexed(2)), a);
  },

  "a class with private fields is refused, not hashed as empty"() {
    class Secret {
      #token;
      constructor(t) {
        this.#token = t;
      }
    }
    const f = counted({}, "private");
    const e = throws(() => f(new Secret("a")), UnhashableParamError);
    ok(/private/.test(e.message), e.message);
    const g = counted({ hashFuncs: new Map([[Secret, () => "all the same"]]) }, "private-hashed");
    is(g(new Secret("a")), g(new Secret("b")), "a hashFuncs entry makes it hashable");
    class Colors {
      constructor(c) {
        this.c = c;
      }
      hex() {
        return "#fff"; // a # in a string is no private name
      }
    }
    isNot(f(new Colors(1)), f(new Colors(2)));
  },

  "the ttl counts from when the value is stored, however long the function ran"() {
    const f = cacheResource(function slow(x) {
      busyWait(250);
      return { x };
    }, { ttl: 0.3, key: "slow-ttl" });
    const first = f(1);
    busyWait(100); // 350 ms into the turn, 100 ms after the value was stored
    is(f(1), first, "still within its ttl");
  },

  "no entry is served past its deadline in a long synchronous turn"() {
    const f = counted({ ttl: 0.06 }, "busy-ttl");
    const first = f({ id: 1 });
    is(f({ id: 1 }), first);
    busyWait(70);
    isNot(f({ id: 1 }), first, "expired inside the turn");
    const g = counted({ ttl: 0.06 }, "busy-ttl-primitive");
    const p = g(1);
    is(g(1), p);
    busyWait(70);
    isNot(g(1), p);
  },

  "a function that counts its arguments tells a trailing undefined from a missing one"() {
    const join = cacheResource((...parts) => parts.join("/"), { key: "hostile-join" });
    equal([join("a"), join("a", undefined), join("a", undefined, undefined), join("a", undefined, undefined, undefined)], ["a", "a/", "a//", "a///"]);
    equal([join({ p: 1 }), join({ p: 1 }, undefined)].map((s) => s.split("/").length), [1, 2], "objects take the other path");
    ok(join.has("a", undefined) && !join.has("a", undefined, undefined, undefined, undefined));
    const tail = cacheResource((head, ...rest) => rest.length, { key: "hostile-tail" });
    equal([tail(), tail(undefined), tail(undefined, undefined), tail(1, undefined)], [0, 0, 1, 1], "before the rest parameter, undefined is still no argument");
    const counts = cacheResource(function counts(a, b) {
      return arguments.length;
    }, { key: "hostile-arguments" });
    equal([counts(1), counts(1, undefined), counts(1, undefined, undefined)], [1, 2, 3]);
    let runs = 0;
    const ignored = cacheResource((a, ..._rest) => ++runs, { key: "hostile-ignored-rest" });
    equal([ignored(1), ignored(1, undefined), ignored(1, 2)], [1, 1, 1], "an underscore rest parameter is still left out");
  },

  async "a built-in's subclass and its own fields are part of its key"() {
    class HttpError extends Error {
      constructor(message, status) {
        super(message);
        this.status = status;
      }
    }
    class Stamp extends Date {}
    class Bytes extends Uint8Array {}
    class Registry extends Map {
      constructor(entries, owner) {
        super(entries);
        this.owner = owner;
      }
    }
    const f = counted({}, "builtInFields");
    const apart = [
      [new HttpError("down", 404), new HttpError("down", 500), "an Error subclass's field"],
      [Object.assign(new Error("down"), { code: "ECONNRESET" }), Object.assign(new Error("down"), { code: "EPIPE" }), "an Error's own field"],
      [new HttpError("down"), new Error("down"), "an Error subclass and Error"],
      [new Registry([[1, 2]], "a"), new Registry([[1, 2]], "b"), "a Map subclass's field"],
      [new Registry([[1, 2]]), new Map([[1, 2]]), "a Map subclass and Map"],
      [Object.assign(new Set([1]), { tag: 1 }), new Set([1]), "a Set's own field"],
      [Object.assign(new Date(5), { zone: "UTC" }), Object.assign(new Date(5), { zone: "CET" }), "a Date's own field"],
      [new Stamp(5), new Date(5), "a Date subclass and Date"],
      [Object.assign(/a/, { label: 1 }), /a/, "a RegExp's own field"],
      [new Bytes([1]), new Uint8Array([1]), "a typed array subclass and its base"],
    ];
    for (const [a, b, what] of apart) isNot(f(a), f(b), what);
    const alike = [
      [() => new HttpError("down", 404), "an Error subclass"],
      [() => Object.assign(new Error("down"), { code: "EPIPE" }), "an Error with a field"],
      [() => new Registry([[1, 2], [3, 4]], "a"), "a Map subclass"],
      [() => new Stamp(5), "a Date subclass"],
      [() => new Bytes([1, 2]), "a typed array subclass"],
    ];
    for (const [make, what] of alike) is(f(make()), f(make()), `${what}: equal state and fields, one entry`);
    const realm = await otherRealm();
    if (realm !== null) is(f(Object.assign(new realm.Date(5), { zone: "UTC" })), f(Object.assign(new Date(5), { zone: "UTC" })), "across realms");
  },
};
