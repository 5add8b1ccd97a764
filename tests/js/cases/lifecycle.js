// validate, the spinner, sessions, re-entrancy and leaks: in Node and in headless Chromium.
// Every wrap gets its own `key`, since equal source text would otherwise share a cache.
import { cacheResource } from "cache-resource";
import { equal, is, isNot, ok, rejects, throws, tick } from "../assert.js";

const hasDom = typeof document !== "undefined";
const spinners = () => (hasDom ? [...document.querySelectorAll(".cache-resource-spinner")] : []);

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

export const tests = {
  // ---- validate
  "validate runs on every hit; falsy releases the entry and runs the function again"() {
    const released = [];
    let runs = 0;
    let healthy = true;
    const connect = cacheResource((url) => ({ url, n: ++runs }), {
      key: "validate-basic",
      validate: (conn) => healthy && conn.url === "db",
      onRelease: (c) => released.push(c),
    });
    const a = connect("db");
    is(connect("db"), a);
    healthy = false;
    const b = connect("db");
    isNot(b, a, "a failed validate gives a fresh value");
    equal(released, [a], "the rejected value was released once");
    healthy = true;
    is(connect("db"), b);
    const { hits, misses, invalidated } = connect.stats();
    equal({ hits, misses, invalidated }, { hits: 2, misses: 2, invalidated: 1 }, "a rejected hit counts as a miss only");
  },

  "a validate that throws surfaces as the call's error and drops the entry"() {
    const released = [];
    let boom = false;
    const f = cacheResource((x) => ({ x }), {
      key: "validate-throws",
      validate: () => {
        if (boom) throw new Error("health check failed");
        return true;
      },
      onRelease: (v) => released.push(v),
    });
    const a = f(1);
    boom = true;
    throws(() => f(1), /health check failed/);
    equal(released, [a]);
    boom = false;
    isNot(f(1), a, "the next call computes again");
    const { hits, misses } = f.stats();
    equal({ hits, misses }, { hits: 0, misses: 3 }, "the call whose validate threw counts as a miss");
  },

  "a validate that answers with a promise is refused, not taken as a yes"() {
    // An async check's promise is truthy: taken as an answer, no entry would ever be dropped.
    throws(() => cacheResource((x) => ({ x }), { key: "validate-async", validate: async (conn) => conn.alive }), /validate.*promise/);
    const released = [];
    const f = cacheResource((x) => ({ x }), { key: "validate-promise", validate: (conn) => Promise.resolve(false), onRelease: (v) => released.push(v) });
    const a = f(1);
    throws(() => f(1), (e) => e instanceof TypeError && /validate.*promise/.test(e.message));
    equal(released, [a], "the entry is dropped, as when validate throws");
    isNot(f(1), a);
  },

  async "validate sees what an async entry resolved to, also while it is in flight"() {
    const seen = [];
    let runs = 0;
    const gate = deferred();
    const load = cacheResource(async (name) => {
      runs++;
      if (runs === 1) await gate.promise;
      return { name, version: runs };
    }, { key: "validate-async", validate: (m) => (seen.push(m), m.version > 1) });
    const first = load("m");
    const second = load("m"); // in flight: validated once it resolves
    const third = load("m");
    gate.resolve();
    const got = await second;
    is((await first).version, 1, "the first caller gets the computation it started");
    ok(seen.length >= 1 && seen[0].version === 1, "validate saw the resolved value, not a promise");
    is(got.version, 2, "validation failed, so the second caller got a new computation");
    is(await third, got, "and the third shares it");
    is(runs, 2, "one new computation for both callers the failed validate turned away");
    is(await load("m"), got, "the new value is cached and valid");
  },

  "validate may call another cached function"() {
    const healthOf = cacheResource((id) => ({ id, healthy: id !== "bad" }), { key: "validate-inner" });
    const open = cacheResource((id) => ({ id }), { key: "validate-outer", validate: (c) => healthOf(c.id).healthy });
    const a = open("ok");
    is(open("ok"), a);
    const b = open("bad");
    isNot(open("bad"), b, "validate returned false through a cached call");
  },

  // ---- the spinner
  async "an async computation shows an accessible spinner until it settles"() {
    const gate = deferred();
    const loadModel = cacheResource(async function loadModel(name) {
      await gate.promise;
      return { name };
    }, { key: "spinner-default" });
    const p = loadModel("resnet");
    if (!hasDom) {
      gate.resolve();
      await p;
      return; // no DOM: nothing shown and nothing thrown
    }
    const [line] = spinners();
    ok(line, "a spinner line is in the page while the computation runs");
    is(line.getAttribute("role"), "status");
    is(line.getAttribute("aria-live"), "polite");
    is(line.textContent, "Running loadModel(...).");
    is(line.querySelector("code").textContent, "loadModel(...)", "the function name is set as code");
    is(loadModel("resnet"), p, "a concurrent caller shares the computation");
    is(spinners().length, 1, "and does not add a second line");
    gate.resolve();
    await p;
    await tick();
    is(spinners().length, 0, "gone after it resolved");
    loadModel("resnet");
    is(spinners().length, 0, "a hit shows nothing");
  },

  async "each computation has its own line, removed when it resolves or rejects"() {
    const gates = { a: deferred(), b: deferred() };
    const f = cacheResource(async function fetchPart(k) {
      return gates[k].promise;
    }, { key: "spinner-two" });
    const pa = f("a");
    const pb = f("b");
    is(spinners().length, hasDom ? 2 : 0);
    gates.b.reject(new Error("offline"));
    await rejects(pb, /offline/);
    await tick();
    is(spinners().length, hasDom ? 1 : 0, "the rejected one is gone, the other stays");
    gates.a.resolve(1);
    await pa;
    await tick();
    is(spinners().length, 0);
  },

  async "showSpinner text, false, showTime and spinnerContainer"() {
    const gate = deferred();
    const box = hasDom ? Object.assign(document.createElement("div"), { id: "spin-box" }) : null;
    if (box) document.body.append(box);
    const custom = cacheResource(async () => gate.promise, {
      key: "spinner-custom",
      showSpinner: "Loading the `tokenizer`…",
      showTime: true,
      spinnerContainer: "#spin-box",
    });
    const silent = cacheResource(async () => gate.promise, { key: "spinner-off", showSpinner: false });
    const p = custom();
    const q = silent();
    if (hasDom) {
      is(spinners().length, 1, "showSpinner: false shows none");
      const line = box.querySelector(".cache-resource-spinner");
      ok(line, "placed in the container");
      is(line.querySelector(".cache-resource-spinner__text").textContent, "Loading the tokenizer…");
      const first = line.querySelector(".cache-resource-spinner__time").textContent;
      ok(/^\(0\.\d s\)$/.test(first), `elapsed time shown: ${first}`);
      await tick(350);
      const later = line.querySelector(".cache-resource-spinner__time").textContent;
      ok(parseFloat(later.slice(1)) > parseFloat(first.slice(1)), `the time counts up: ${first} -> ${later}`);
    }
    gate.resolve();
    await Promise.all([p, q]);
    await tick();
    if (box) {
      is(box.childElementCount, 0);
      box.remove();
    }
  },

  async "the spinner is styled by classes and custom properties a page can override"() {
    if (!hasDom) return;
    const gate = deferred();
    const f = cacheResource(async function styled() {
      return gate.promise;
    }, { key: "spinner-style" });
    document.documentElement.style.setProperty("--cache-resource-spinner-color", "rgb(200, 0, 0)");
    const page = Object.assign(document.createElement("style"), { textContent: ".cache-resource-spinner { padding: 21px; }" });
    document.head.append(page);
    const p = f();
    const line = spinners()[0];
    is(getComputedStyle(line).color, "rgb(200, 0, 0)", "custom property applies");
    is(getComputedStyle(line).paddingTop, "21px", "a plain page rule wins over the built-in style");
    gate.resolve();
    await p;
    page.remove();
    document.documentElement.style.removeProperty("--cache-resource-spinner-color");
  },

  async "only the outermost cached call shows a spinner; sync functions show none"() {
    const gate = deferred();
    const inner = cacheResource(async function inner() {
      return gate.promise;
    }, { key: "spinner-inner" });
    const outer = cacheResource(async function outer() {
      return inner();
    }, { key: "spinner-outer" });
    cacheResource(() => 1, { key: "spinner-sync" })();
    const p = outer();
    is(spinners().length, hasDom ? 1 : 0);
    if (hasDom) is(spinners()[0].textContent, "Running outer().");
    gate.resolve(5);
    is(await p, 5);
  },

  "bad spinner options fail at wrap time"() {
    throws(() => cacheResource(() => 1, { showSpinner: 1 }), /showSpinner/);
    throws(() => cacheResource(() => 1, { showTime: "yes" }), /showTime/);
    throws(() => cacheResource(() => 1, { spinnerContainer: 5 }), /spinnerContainer/);
    throws(() => cacheResource(() => 1, { show_spinner: false }), /Did you mean `showSpinner`/);
  },

  // ---- sessions
  "session-scoped functions keep separate entries per session; close releases them"() {
    const released = [];
    const model = cacheResource((name) => ({ name }), {
      key: "session-basic",
      scope: "session",
      onRelease: (m) => released.push(m),
    });
    const appA = cacheResource.session("app A");
    const appB = cacheResource.session("app B");
    const a = appA.run(() => model("m"));
    const b = appB.run(() => model("m"));
    isNot(a, b, "each session computes its own");
    is(appA.run(() => model("m")), a, "and hits its own");
    appA.close();
    equal(released, [a], "closing A released A's entry only");
    is(appB.run(() => model("m")), b);
    throws(() => appA.run(() => model("m")), /app A is closed/);
    throws(() => model("m"), /outside a session/);
    appB.close();
    is(released.length, 2);
  },

  async "withSession binds a session across await"() {
    const load = cacheResource(async (name) => {
      await tick(1);
      return { name };
    }, { key: "session-await", scope: "session" });
    const s = cacheResource.session();
    const inS = load.withSession(s);
    const a = await inS("x");
    await tick(5);
    is(await inS("x"), a);
    is(await s.run(() => load("x")), a, "run and withSession see the same session cache");
    throws(() => cacheResource(() => 1, { key: "global-fn" }).withSession(s), /scope "global"/);
    throws(() => load.withSession({}), /cacheResource.session/);
    throws(() => cacheResource(() => 1, { scope: "tab" }), /scope/);
    s.close();
  },

  // ---- re-entrancy
  async "a signal left out is the first caller's: aborted, every waiter of that load rejects, and the next call loads again"() {
    let runs = 0;
    const load = cacheResource((url, _signal) => new Promise((resolve, reject) => {
      const run = ++runs;
      const timer = setTimeout(() => resolve(`${url} #${run}`), 20);
      _signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(_signal.reason);
      });
    }), { key: "lifecycle-abort", showSpinner: false });
    const first = new AbortController();
    const second = new AbortController();
    const a = load("model", first.signal);
    // StrictMode's order: the first effect's cleanup aborts, and the second effect calls at once.
    first.abort();
    const b = load("model", second.signal);
    is(b, a, "the second caller is handed the load in flight");
    await rejects(a, { name: "AbortError" });
    await rejects(b, { name: "AbortError" });
    equal(await load("model", second.signal), "model #2", "nothing was cached: the next call loads with its own signal");
    equal(runs, 2);
  },

  "a cached function may call another cached function and itself with other arguments"() {
    const leaf = cacheResource((n) => ({ leaf: n }), { key: "reenter-leaf" });
    const fib = cacheResource((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)), { key: "reenter-fib" });
    const tree = cacheResource((n) => ({ left: leaf(n), right: leaf(n + 1), fib: fib(20) }), { key: "reenter-tree" });
    const t = tree(1);
    is(t.fib, 6765);
    is(tree(1), t);
    is(t.left, leaf(1));
    is(fib.stats().misses, 21, "each n computed once");
  },

  "onRelease may call clear() and other cached functions"() {
    const log = [];
    const other = cacheResource((x) => ({ other: x }), { key: "reenter-other" });
    const f = cacheResource((x) => ({ x }), {
      key: "reenter-release",
      maxEntries: 1,
      onRelease: (v) => {
        log.push(v.x);
        other(v.x);
        f.clear(); // releases the entry that just evicted this one
        cacheResource.clear();
      },
    });
    f(1);
    f(2); // evicts 1; its onRelease clears everything, which releases 2
    equal(log.sort(), [1, 2]);
    is(f.stats().entries, 0);
    const fresh = f(3);
    is(f(3), fresh, "the cache still works");
  },

  "evictions from inside onRelease, chained across bounded caches: every value is released once"() {
    // An onRelease that calls a bounded cache evicts there while the first drain of
    // release records is being run: each drain must see its own records, once.
    const released = new Map(); // value -> times released
    const made = [];
    const note = (v) => released.set(v, (released.get(v) ?? 0) + 1);
    let calls = 0;
    const b = cacheResource((k) => (made.push({ b: k }), made.at(-1)), {
      key: "drain-b",
      maxEntries: 3,
      onRelease: (v) => {
        note(v);
        if (v.b % 5 === 0) a(`from-b-${v.b}`); // back into a, which may evict again
      },
    });
    const a = cacheResource((k) => (made.push({ a: k }), made.at(-1)), {
      key: "drain-a",
      maxEntries: 2,
      onRelease: (v) => {
        note(v);
        b(calls++);
        b(calls++);
      },
    });
    for (let i = 0; i < 200; i++) a(i % 7 === 0 ? i - 7 : i);
    for (const [v, times] of released) is(times, 1, `${JSON.stringify(v)} released once`);
    is(a.stats().entries, 2);
    is(b.stats().entries, 3);
    is(released.size, made.length - 5, "every value but the live ones was released");
    // Clearing a runs its onRelease, whose calls of b may reach back into a.
    a.clear();
    b.clear();
    const live = a.stats().entries + b.stats().entries;
    is(released.size, made.length - live, "and those on clear, but for what their onRelease made again");
    for (const [v, times] of released) is(times, 1, `${JSON.stringify(v)} released once`);
  },

  "a hash function may call clear() and cached functions"() {
    class Conn {
      constructor(id) {
        this.id = id;
      }
    }
    const side = cacheResource((x) => ({ side: x }), { key: "reenter-side" });
    const f = cacheResource((c, n) => ({ id: c.id, n }), {
      key: "reenter-hashfunc",
      hashFuncs: new Map([[Conn, (c) => (side(c.id), side.clear(), c.id)]]),
    });
    const a = f(new Conn("a"), 1);
    is(f(new Conn("a"), 1), a, "the key survived the hash function's own cache calls");
    isNot(f(new Conn("b"), 1), a);
  },

  // ---- leaks
  async "released values are garbage-collectable (10,000 entries, cleared and expired)"() {
    if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc (Node) or --js-flags=--expose-gc (Chromium)");
    let collected = 0;
    const registry = new FinalizationRegistry(() => collected++);
    const N = 10_000;
    const big = cacheResource((i) => ({ i, payload: new Array(16).fill(i) }), { key: "leak-clear" });
    const short = cacheResource((i) => ({ i }), { key: "leak-expire", ttl: 0.02 });
    // Filled in a function of its own, so no stack slot of this one still points at a value.
    (() => {
      for (let i = 0; i < N; i++) {
        registry.register(big(i), "cleared");
        if (i % 2 === 0) registry.register(short(i), "expired");
      }
    })();
    big.clear();
    await tick(250); // the expiry timer fires
    is(short.stats().entries, 0, "expired");
    const expected = N + N / 2;
    for (let round = 0; round < 50 && collected < expected; round++) {
      globalThis.gc();
      await tick(10); // finalizers run in a later task
    }
    is(collected, expected, `${collected} of ${expected} released values were collected`);
  },

  // ---- no panic from any input
  async "garbage into every wasm export is an error or a no-op, never a dead module"() {
    const { core } = await import(hasDom ? "/pkg/wasm.js" : "../../../pkg/wasm.js");
    const garbage = [undefined, null, -1, 0, 2 ** 32 + 5, -(2 ** 31), NaN, Infinity, 1.5, "", "x\uD800", {}, [], () => 1, 10n, Symbol("s"), true];
    let seed = 7;
    const pick = () => garbage[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % garbage.length];
    // Every export the package calls (wasm-bindgen's own start is not an entry point).
    const skip = new Set(["__wbindgen_start"]);
    const exports = Object.entries(core).filter(([n, f]) => typeof f === "function" && !skip.has(n));
    ok(exports.length > 15, `found the exports (${exports.length})`);
    for (let round = 0; round < 40; round++) {
      for (const [, fn] of exports) {
        try {
          fn(pick(), pick(), pick(), pick(), pick(), pick());
        } catch (e) {
          ok(!/unreachable|RuntimeError|already borrowed|recursive use/i.test(`${e && e.name} ${e && e.message}`), `a wasm trap: ${e}`);
        }
      }
    }
    // Garbage in every export leaves the module working.
    const f = cacheResource((x) => ({ x }), { key: "after-garbage", ttl: 60, maxEntries: 3 });
    const v = f({ a: [1, 2] });
    is(f({ a: [1, 2] }), v, "the module still works");
    cacheResource.clear();
    isNot(f({ a: [1, 2] }), v);
  },
};
