// The core promise of cacheResource, as a user relies on it.
import { cacheData, cacheResource } from "cache-resource";
import { equal, is, isNot, ok, rejects, throws, tick } from "../assert.js";

// Two evaluations of one function expression: equal source text, distinct closures, as
// when a module is evaluated again by hot reload.
function makeLoader(counter) {
  return function loadConnection(url, options) {
    counter.runs++;
    return { url, options, id: Math.random() };
  };
}

export const tests = {
  "equal arguments return the identical object and run the function once"() {
    let runs = 0;
    const get = cacheResource((url, opts) => {
      runs++;
      return { url, opts };
    });
    const a = get("db://one", { pool: 4, tags: ["a", "b"] });
    const b = get("db://one", { pool: 4, tags: ["a", "b"] }); // a fresh but equal object
    is(a, b);
    is(runs, 1);
  },

  "different arguments run the function again"() {
    let runs = 0;
    const get = cacheResource((x) => ({ x, n: ++runs }));
    const a = get({ pool: 4 });
    const b = get({ pool: 5 });
    isNot(a, b);
    is(runs, 2);
    is(get({ pool: 4 }), a);
  },

  "object key order does not matter, nested too"() {
    let runs = 0;
    const get = cacheResource((cfg) => ({ cfg, n: ++runs }));
    const a = get({ host: "h", tls: { verify: true, ca: "x" }, port: 5432 });
    const b = get({ port: 5432, tls: { ca: "x", verify: true }, host: "h" });
    is(a, b);
    is(runs, 1);
  },

  "values of different types never share an entry"() {
    let runs = 0;
    const get = cacheResource((v) => ({ v, n: ++runs }));
    const args = [1, "1", true, [1], { 0: 1 }, null, undefined, NaN, 0, -0, Infinity, -Infinity, 1n, "", [], {}];
    const results = args.map((v) => get(v));
    is(new Set(results).size, args.length, "each argument gets its own entry");
    args.forEach((v, i) => is(get(v), results[i], `hit for argument #${i}`));
    is(runs, args.length);
  },

  "a trailing undefined argument is the same call as a missing one"() {
    const get = cacheResource((a, b) => ({ a, b }));
    is(get(1), get(1, undefined));
    isNot(get(1), get(1, null));
  },

  "editing the function's source is a different cache"() {
    const before = cacheResource(function loadModel(name) {
      return { name, version: 1 };
    });
    const after = cacheResource(function loadModel(name) {
      return { name, version: 2 };
    });
    isNot(before("m"), after("m"));
    is(after("m").version, 2);
  },

  async "a module evaluated again keeps its caches (hot reload)"() {
    const first = await import("./modules/hot.js?t=1");
    const second = await import("./modules/hot.js?t=2");
    isNot(first.connect, second.connect, "two evaluations of the module");
    is(first.connect("db://x"), second.connect("db://x"));
  },

  "one function wrapped at two places is one cache"() {
    const counter = { runs: 0 };
    const load = makeLoader(counter);
    const here = cacheResource(load);
    const there = cacheResource(load);
    is(here("db://x"), there("db://x"));
    is(counter.runs, 1);
  },

  "wrapping again at the same place shares entries"() {
    const counter = { runs: 0 };
    // A function that wraps a new closure each time, called again from one place, as a
    // script run again calls it.
    const wrapHere = () => cacheResource(makeLoader(counter));
    const results = [];
    for (let run = 0; run < 2; run++) results.push(wrapHere()("db://x", { ro: true }));
    is(results[0], results[1]);
    is(counter.runs, 1);
    // Called from two places, it is two: what it wraps may be defined at each (an app's
    // helper, `memo((id) => client.get(id))`), even where a bundle put both in one file.
    isNot(wrapHere()("db://x", { ro: true }), wrapHere()("db://x", { ro: true }));
  },

  async "equal source wrapped in two modules is two caches"() {
    const [a, b] = await Promise.all([import("./modules/twin-a.js"), import("./modules/twin-b.js")]);
    equal([a.get(1), b.get(1), a.get(1)], ["a:1", "b:1", "a:1"]);
    equal([a.getData(1), b.getData(1), a.getData(1)], ["a:1", "b:1", "a:1"], "cacheData too");
    equal([a.viaHelper(1), b.viaHelper(1), a.viaHelper(1)], ["a:1", "b:1", "a:1"], "wrapped by one helper of the app's");
    const [cdnA, cdnB] = await Promise.all([import("./modules/cdn/a@1.0.0/index.js"), import("./modules/cdn/b@1.0.0/index.js")]);
    equal([cdnA.get(1), cdnB.get(1), cdnA.get(1)], ["a:1", "b:1", "a:1"], "URLs that differ before an @");
    const counter = { runs: 0 };
    isNot(cacheResource(makeLoader(counter))("db://x"), cacheResource(makeLoader(counter))("db://x"), "two places in one module");
  },

  "with no stack to read the call site from, equal source wrapped at two places is still two caches"() {
    const counter = { runs: 0 };
    const Native = globalThis.Error;
    const limit = Native.stackTraceLimit;
    const twice = () => {
      const fn = makeLoader(counter);
      const here = cacheResource(fn);
      const there = cacheResource(makeLoader(counter));
      isNot(here("db://x"), there("db://x"));
      // One function wrapped again is still one cache.
      is(cacheResource(fn)("db://x"), here("db://x"));
    };
    try {
      // V8 and JavaScriptCore: an app may cut stacks short, here to no frame at all.
      if (typeof limit === "number") {
        Native.stackTraceLimit = 0;
        twice();
        Native.stackTraceLimit = 2;
        twice();
        Native.stackTraceLimit = limit;
      }
      // Any engine: a stack with no frames in it (an app's own prepareStackTrace, say).
      globalThis.Error = function Error(...args) {
        return Object.defineProperty(new Native(...args), "stack", { value: "Error" });
      };
      twice();
    } finally {
      globalThis.Error = Native;
      if (typeof limit === "number") Native.stackTraceLimit = limit;
    }
    is(counter.runs, typeof limit === "number" ? 6 : 2);
  },

  "the key option separates closures whose source is equal"() {
    const counter = { runs: 0 };
    const tenantA = cacheResource(makeLoader(counter), { key: "tenant-a" });
    const tenantB = cacheResource(makeLoader(counter), { key: "tenant-b" });
    isNot(tenantA("db://x"), tenantB("db://x"));
    is(tenantA("db://x"), tenantA("db://x"));
  },

  "a key stands in for the call site: wraps at two places share a cache, and no stack is read"() {
    const counter = { runs: 0 };
    const Native = globalThis.Error;
    let traces = 0;
    // The call site is read from `new Error().stack`: count the errors made while wrapping.
    globalThis.Error = function Error(...args) {
      traces++;
      return new Native(...args);
    };
    let one, two;
    try {
      one = cacheResource(makeLoader(counter), { key: "one-cache-two-places" });
      two = cacheResource(makeLoader(counter), { key: "one-cache-two-places" });
    } finally {
      globalThis.Error = Native;
    }
    is(traces, 0, "no stack was read");
    is(one("db://x"), two("db://x"));
    is(counter.runs, 1);
  },

  async "concurrent async calls share one promise and one computation"() {
    let runs = 0;
    const connect = cacheResource(async (url) => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return { url, socket: Symbol("socket") };
    });
    const calls = Array.from({ length: 50 }, () => connect("ws://a"));
    ok(calls.every((p) => p === calls[0]), "every caller gets the same promise");
    const values = await Promise.all(calls);
    ok(values.every((v) => v === values[0]));
    is(runs, 1);
    is(await connect("ws://a"), values[0], "a later call gets the resolved value");
  },

  "a throwing call leaves nothing cached"() {
    let runs = 0;
    const get = cacheResource((x) => {
      runs++;
      if (runs === 1) throw new Error("boom");
      return { x };
    });
    throws(() => get(1), /boom/);
    const v = get(1);
    is(get(1), v);
    is(runs, 2);
    is(get.stats().entries, 1);
  },

  async "a rejected promise leaves nothing cached"() {
    let runs = 0;
    const get = cacheResource(async (x) => {
      runs++;
      if (runs === 1) throw new Error("network down");
      return { x };
    });
    await rejects(get(1), /network down/);
    const v = await get(1);
    is(await get(1), v);
    is(runs, 2);
  },

  "f.clear(...args) drops one entry"() {
    let runs = 0;
    const get = cacheResource((x, o) => ({ x, o, n: ++runs }));
    const a = get(1, { k: [1] });
    const b = get(2);
    get.clear(1, { k: [1] });
    isNot(get(1, { k: [1] }), a);
    is(get(2), b);
    is(runs, 3);
  },

  "f.clear() drops every entry of that function only"() {
    const f = cacheResource((x) => ({ f: x }));
    const g = cacheResource((x) => ({ g: x }));
    const f1 = f(1);
    const f2 = f(2);
    const g1 = g(1);
    f.clear();
    isNot(f(1), f1);
    isNot(f(2), f2);
    is(g(1), g1);
  },

  "cacheResource.clear() drops every entry of every function"() {
    const f = cacheResource((x) => ({ ff: x }));
    const g = cacheResource((x) => ({ gg: x }));
    const f1 = f(1);
    const g1 = g(1);
    cacheResource.clear();
    isNot(f(1), f1);
    isNot(g(1), g1);
  },

  async "clearing an entry in flight keeps its result out of the cache"() {
    let runs = 0;
    const slow = cacheResource(async (x) => {
      const n = ++runs;
      await new Promise((r) => setTimeout(r, 10));
      return { x, n };
    });
    const first = slow("k");
    slow.clear("k");
    const second = slow("k");
    isNot(first, second);
    is((await first).n, 1);
    is((await second).n, 2);
    is(await slow("k"), await second);
  },

  "decorator-factory form cacheResource(options)(fn)"() {
    let runs = 0;
    const get = cacheResource({ maxEntries: 10 })((x) => ({ x, n: ++runs }));
    is(get(1), get(1));
    is(runs, 1);
    is(typeof get.clear, "function");
  },

  "unknown option names are a TypeError listing the valid ones"() {
    throws(() => cacheResource(() => 1, { ttll: 5 }), TypeError);
    throws(() => cacheResource(() => 1, { ttll: 5 }), /unknown option `ttll`.*Valid options: .*maxEntries/);
    throws(() => cacheResource(() => 1, { max_entries: 5 }), /Did you mean `maxEntries`/);
    throws(() => cacheResource({ bogus: 1 }), TypeError);
  },

  "a misspelt option name suggests the option it most likely meant"() {
    const meant = {
      maxEntry: "maxEntries", onrelease: "onRelease", "max-entries": "maxEntries", TTL: "ttl", ttll: "ttl",
      validator: "validate", showspinner: "showSpinner", cachekey: "cacheKey", hash: "hashFuncs",
      // Streamlit's spellings, and a longer name that starts with a whole option's.
      max_entries: "maxEntries", on_release: "onRelease", hash_funcs: "hashFuncs", show_spinner: "showSpinner",
      show_time: "showTime", refresh_mode: "refreshMode", ttl_seconds: "ttl", ttlMs: "ttl",
    };
    for (const [typed, option] of Object.entries(meant)) {
      throws(() => cacheResource(() => 1, { [typed]: 1 }), new RegExp(`unknown option \`${typed}\`. Did you mean \`${option}\`\?`));
    }
    for (const typed of ["bogus", "timeout", "sessionScope"]) {
      let message = "";
      try {
        cacheResource(() => 1, { [typed]: 1 });
      } catch (e) {
        message = e.message;
      }
      ok(message.includes(`unknown option \`${typed}\``) && !message.includes("Did you mean"), `no guess for ${typed}: ${message}`);
    }
  },

  "experimental_allow_widgets is rejected with an explanation, in any spelling"() {
    for (const name of ["experimental_allow_widgets", "experimentalAllowWidgets", "experimental-allow-widgets"]) {
      throws(() => cacheResource(() => 1, { [name]: true }), new RegExp(`option \`${name}\` is not supported: it was removed from Streamlit`));
    }
  },

  "bad input to cacheResource itself is a clear TypeError"() {
    throws(() => cacheResource(42), /expected a function/);
    throws(() => cacheResource("f"), TypeError);
    throws(() => cacheResource(() => 1, "opts"), /options must be an object/);
    throws(() => cacheResource({})(null), /expected a function to cache, got null/);
  },

  "a bound or native function needs a key, since its source says nothing"() {
    function load(x) {
      return { x, self: this };
    }
    throws(() => cacheResource(load.bind({})), /native or bound function/);
    throws(() => cacheResource(Math.max), /or give it a `key`/);
    const bound = cacheResource(load.bind({ who: "me" }), { key: "load-bound" });
    is(bound(1), bound(1));
    is(bound(1).self.who, "me");
  },

  async "a generator function is refused: its one generator would be shared, and spent by the first caller"() {
    const refused = /is a generator function: a generator can be read once\. Cache a function returning its items/;
    function* rows() {
      yield 1;
    }
    async function* pages() {
      yield 1;
    }
    class Feed {
      static *items() {}
      async *updates() {}
    }
    const methods = { *ids() {} };
    throws(() => cacheResource(rows), refused);
    throws(() => cacheResource(pages), refused);
    throws(() => cacheResource(Feed.items), /'items' is a generator function/);
    throws(() => cacheResource(Feed.prototype.updates), /'updates' is a generator function/);
    throws(() => cacheResource(methods.ids), /'ids' is a generator function/);
    throws(() => cacheResource(rows.bind(null), { key: "rows-bound" }), refused, "bound, its prototype says it");
    throws(() => cacheResource(new Proxy(pages, {}), { key: "pages-proxy" }), refused);
    throws(() => cacheResource({ ttl: 60 })(pages), refused);
    throws(() => cacheData(pages), refused);
    // What they should be instead, and what merely resembles them, still caches.
    const collected = cacheResource(async function collect() {
      const out = [];
      for await (const x of pages()) out.push(x);
      return out;
    });
    equal(await collected(), [1]);
    const returnsIterator = cacheResource(function iterate() {
      return [1, 2][Symbol.iterator]();
    });
    is(returnsIterator(), returnsIterator(), "a plain function returning an iterator is the caller's choice");
    const tagged = cacheResource(Object.assign(() => ({}), { [Symbol.toStringTag]: "Function" }), { key: "tagged" });
    is(tagged(), tagged());
  },

  "a class is refused when wrapped, with the factory to cache instead; what only looks like one caches"() {
    class Db {
      constructor(url) {
        this.url = url;
      }
    }
    class Replica extends Db {}
    throws(() => cacheResource(Db), { name: "TypeError", message: /^cacheResource: 'Db' is a class\. Cache a function returning one: \(\.\.\.a\) => new Db\(\.\.\.a\)\.$/ });
    throws(() => cacheResource(Replica), /'Replica' is a class/);
    throws(() => cacheResource(class{}), /'anonymous' is a class/);
    throws(() => cacheResource({ ttl: 60 })(Db), /'Db' is a class/);
    throws(() => cacheData(class Rows {}), /'Rows' is a class/);
    // The factory the message offers caches instances.
    const open = cacheResource((...a) => new Db(...a));
    is(open("db://a"), open("db://a"));
    ok(open("db://a") instanceof Db);
    // A method named `class`, a name that starts with it, a parameter named so: functions.
    const methods = { class(kind) { return { kind }; }, classify(x) { return { x }; } };
    const byMethod = cacheResource(methods.class);
    is(byMethod("a"), byMethod("a"));
    const spaced = cacheResource({ class (kind) { return { kind }; } }.class, { key: "spaced class method" });
    is(spaced("a"), spaced("a"));
    const classify = cacheResource(methods.classify);
    is(classify(1), classify(1));
    const arrow = cacheResource((klass) => ({ klass }));
    is(arrow(Db), arrow(Db));
  },

  "new on a cached function throws a TypeError and runs nothing, in every form of wrapper"() {
    // An ES5 constructor: were `new` allowed, a hit would answer the fresh, empty `this`.
    let runs = 0;
    function Db(url) {
      runs++;
      this.url = url;
    }
    const made = (url) => (runs++, { url });
    const session = cacheResource.session();
    const scoped = cacheResource((url) => made(url), { scope: "session" });
    const forms = {
      "one argument": cacheResource((url) => made(url)),
      "no parameters": cacheResource(() => made()),
      "a cacheKey": cacheResource((url) => made(url), { cacheKey: (url) => url }),
      "an underscore parameter": cacheResource((url, _pool) => made(url)),
      "session scope": scoped,
      "withSession": scoped.withSession(session),
      "cacheData": cacheData((url) => made(url)),
      "an ES5 constructor": cacheResource(Db),
    };
    // Inside a session, where the session-scoped forms could run.
    for (const [form, f] of Object.entries(forms)) {
      throws(() => session.run(() => new f("db://a")), TypeError, form);
      throws(() => session.run(() => Reflect.construct(f, ["db://a"])), TypeError, form);
    }
    equal(runs, 0);
    session.close();
    // The factory form caches the instances.
    const open = cacheResource((url) => new Db(url));
    is(open("db://a"), open("db://a"));
    equal(open("db://a").url, "db://a");
    equal(runs, 1);
  },

  "the wrapper keeps the function's name and passes this through"() {
    const obj = {
      base: 10,
      add: cacheResource(function addBase(x) {
        return { sum: this.base + x };
      }),
    };
    is(obj.add.name, "addBase");
    is(obj.add(5).sum, 15);
    // A stack through a cached call names it where the caller called it: the wrapper's
    // frame, as well as the function's own (V8 `at addBase (`, Firefox `addBase@`).
    const failing = cacheResource(function openReplica() {
      throw new Error("down");
    });
    const { stack } = throws(() => failing(), /down/);
    ok(stack.match(/openReplica\b/g).length >= 2, stack);
    is(failing.name, "openReplica");
    is(cacheResource((a, b) => a + b, { name: "sum" }).name, "sum");
  },

  "stats count hits, misses and entries"() {
    const get = cacheResource((x) => ({ statsProbe: x }));
    get(1);
    get(1);
    get(2);
    equal(get.stats(), {
      entries: 2, hits: 1, misses: 2, evicted: 0, cleared: 0, expired: 0, invalidated: 0, staleHits: 0, refreshes: 0,
      refreshFailures: 0,
    });
    const all = cacheResource.stats();
    ok(all.functions.some((f) => f.entries === 2 && f.hits === 1), "visible in the global stats");
  },

  "a TC39 method decorator caches the method; `this` is passed through, not hashed"() {
    // What TypeScript 5 / Babel emit for `@cacheResource({ maxEntries: 2 }) load(name) {...}`.
    const decorator = cacheResource({ key: "decorated-method", maxEntries: 2 });
    let runs = 0;
    const load = decorator(function load(name) {
      runs++;
      return { name, by: this.id };
    }, { kind: "method", name: "load", static: false, private: false });
    const api = { id: "api", load };
    const a = api.load("m");
    is(api.load("m"), a);
    is(a.by, "api", "the method saw its `this`");
    is(runs, 1);
    throws(() => decorator(class {}, { kind: "class", name: "C" }), /decorates methods/);
    // Bare `@cacheResource`: the method and a context, which is no options object.
    const context = (kind) => ({ kind, name: "find", static: false, private: false, addInitializer() {} });
    const find = cacheResource(function find(id) {
      runs++;
      return { id };
    }, context("method"));
    is(find(1), find(1));
    is(runs, 2);
    throws(() => cacheResource(() => 1, context("field")), /@cacheResource decorates methods and functions, not a field/);
    // experimentalDecorators: (prototype, name, descriptor), answered with a descriptor.
    const proto = {};
    const method = (id) => ({ id, run: ++runs });
    const descriptor = { value: method, writable: true, enumerable: false, configurable: true };
    const legacy = cacheResource({ maxEntries: 2 })(proto, "find", descriptor);
    equal([legacy.writable, legacy.enumerable, legacy.configurable], [true, false, true]);
    is(legacy.value(3), legacy.value(3));
    is(runs, 3);
    // Bare, as one of experimentalDecorators: (prototype, name, descriptor) given to it.
    const bare = cacheResource(proto, "count", { ...descriptor, value: (id) => ({ id, run: ++runs }) });
    is(bare.value(4), bare.value(4));
    is(runs, 4);
    const getter = { get() {}, enumerable: false, configurable: true };
    throws(() => cacheResource()(proto, "size", getter), /not a property/);
    throws(() => cacheResource(proto, "size", getter), /not a property/);
  },

  "a factory kept in a variable takes options with each function, over its own"() {
    const hourly = cacheResource({ ttl: "1h", maxEntries: 4 });
    let runs = 0;
    // What the build plugin writes for `hourly((url, _onProgress) => …)` once minified.
    const load = hourly((e, t) => ({ url: e, run: ++runs }), { name: "loadHourly", params: ["url", "_onProgress"] });
    is(load("a", () => 1), load("a", () => 2), "the underscore parameter is left out");
    is(load.name, "loadHourly");
    is(runs, 1);
    const open = hourly((url) => ({ url, run: ++runs }), { maxEntries: 1 });
    open("x");
    open("y");
    is(open.stats().entries, 1, "the function's own maxEntries wins");
    is(cacheResource.inspect().find((c) => c.name === "loadHourly").ttlMs, 3_600_000, "the factory's ttl stays");
    throws(() => hourly(() => 1, { ttll: 1 }), /unknown option `ttll`/);
    throws(() => hourly(() => 1, { ttl: -1 }), /must not be negative/);
    // A second argument that is no options object (a ttl given as the factory's own) is refused, not dropped.
    for (const slip of [60, "1h", true]) throws(() => hourly(() => 1, slip), /options must be an object/);
    // Two functions of equal source given to one factory in two places are two caches.
    const [a, b] = [hourly((id) => ({ id }), {}), hourly((id) => ({ id }), {})];
    isNot(a(1), b(1));
    // Array#map passes an index and the array: no options, no method.
    throws(() => [() => 1].map(hourly), /not a property/);
  },

  "a promise or an array where the function belongs fails at once, saying so"() {
    const e = throws(() => cacheResource(Promise.resolve(1)), TypeError);
    ok(/got a promise.*Pass the function itself/.test(e.message), e.message);
    throws(() => cacheResource([() => 1]), /got an array/);
    throws(() => cacheResource({ then() {} }), /got a promise/);
  },

  "a cached function keeps the function's name and length"() {
    const f = cacheResource(function load(url, size, _onProgress) {
      return { url, size };
    }, { key: "keeps-length" });
    is(f.name, "load");
    is(f.length, 3);
  },

  "background refresh needs a ttl above 0"() {
    throws(() => cacheResource(() => 1, { ttl: 0, refreshMode: "background" }), /needs a `ttl` above 0/);
  },

  async "ttl 0 keeps nothing: every call runs the function, as in Streamlit"() {
    let runs = 0;
    const f = cacheResource(() => ({ run: ++runs }), { ttl: 0, key: "ttl-zero" });
    isNot(f(), f(), "not even within one turn");
    is(runs, 2);
    await tick(20);
    is(f.stats().entries, 0, "the timer released what it stored");
  },
};
