// cacheData: keyed, expiring, bounded and cleared as cacheResource is, but every caller
// gets a copy of its own of what the function returned, and what cannot be copied is an
// error naming the function.
import { cacheData, cacheResource, UnserializableReturnValueError } from "cache-resource";
import { equal, is, isNot, ok, rejects, throws, tick } from "../assert.js";

function query(key, options) {
  let runs = 0;
  const f = cacheData(function dataQuery(sql, _conn) {
    runs++;
    return { sql, rows: [[1, "a"], [2, "b"]], at: new Date(0), tags: new Set(["x"]), index: new Map([["a", 1]]) };
  }, { key, ...options });
  return { f, runs: () => runs };
}

export const tests = {
  async "each caller gets its own copy: mutating a result never changes the next one"() {
    const { f, runs } = query("data-copies");
    const first = f("select 1", "connection a");
    first.rows.push([3, "c"]);
    first.tags.add("mutated");
    first.at.setFullYear(2000);
    const second = f("select 1", "connection b");
    is(runs(), 1, "one computation");
    isNot(second, first);
    equal(second.rows, [[1, "a"], [2, "b"]]);
    equal([...second.tags], ["x"]);
    is(second.at.getTime(), 0);
    ok(second.index instanceof Map && second.index.get("a") === 1, "a Map stays a Map");
    equal(f.stats().hits, 1);
  },

  async "the function's own result is not the kept copy either"() {
    const shared = { n: 1 };
    const f = cacheData(function dataShared() {
      return shared;
    }, { key: "data-shared" });
    const got = f();
    isNot(got, shared);
    shared.n = 2;
    is(f().n, 1, "changing what the function returned later changes nothing kept");
  },

  async "an async function: every caller gets a promise of its own copy"() {
    let runs = 0;
    const f = cacheData(async function dataAsync(id) {
      runs++;
      await tick();
      return { id, items: [1, 2] };
    }, { key: "data-async", showSpinner: false });
    const [a, b] = await Promise.all([f(1), f(1)]);
    is(runs, 1, "concurrent callers share one computation");
    isNot(a, b);
    a.items.push(3);
    equal((await f(1)).items, [1, 2]);
  },

  async "a result's then is read once, as for a resource"() {
    let reads = 0;
    const f = cacheData(function dataThenOnce() {
      return {
        get then() {
          reads++;
          return (resolve) => resolve({ ok: true });
        },
      };
    }, { key: "data-then-once", showSpinner: false });
    equal(await f(), { ok: true });
    equal(await f(), { ok: true });
    is(reads, 1);
  },

  "built-ins a copy keeps as they are are kept: their elements are not fields of their own"() {
    const values = [new TypeError("t"), new Uint8Array([1, 2]), new String("ab"), new Date(5), /a/g, new Map([[1, new Set([2])]]), new DataView(new ArrayBuffer(2))];
    for (const [i, v] of values.entries()) {
      const f = cacheData(() => v, { key: `data-kept-built-in-${i}` });
      const copy = f();
      ok(copy !== v && Object.getPrototypeOf(copy) === Object.getPrototypeOf(v), `${Object.prototype.toString.call(v)} is copied as itself`);
    }
  },

  async "what cannot be copied is an error naming the function, and nothing is kept"() {
    class Model {
      predict() {}
    }
    const cases = [
      [() => ({ run() {} }), /the value\.run is a function/],
      [() => new Model(), /instance of Model/],
      [() => [1, { deep: Symbol("s") }], /the value\.1\.deep is a symbol/],
      [() => new WeakMap(), /WeakMap/],
      // A copy would be the built-in, without the subclass's methods.
      [() => new (class Registry extends Map {})([[1, 2]]), /instance of Registry, which a copy would turn into a Map/],
      [() => new (class HttpError extends Error {})("down"), /instance of HttpError, which a copy would turn into an Error/],
      [() => new (class Bytes extends Uint8Array {})(2), /instance of Bytes, which a copy would turn into a typed array/],
      // A copy keeps a built-in's state, not fields of its own.
      [() => Object.assign(new Error("reset"), { code: "ECONNRESET" }), /field of its own, "code", which a copy of an Error drops/],
      [() => ({ rows: Object.assign(new Map(), { total: 2 }) }), /the value\.rows has a field of its own, "total"/],
    ];
    for (const [i, [body, message]] of cases.entries()) {
      let runs = 0;
      const f = cacheData(function unclonable() {
        runs++;
        return body();
      }, { key: `data-unclonable-${i}` });
      throws(() => f(), (e) => e instanceof UnserializableReturnValueError && e instanceof TypeError && /'unclonable'/.test(e.message) && message.test(e.message));
      throws(() => f(), UnserializableReturnValueError);
      is(runs, 2, "not kept: the next call runs again");
      is(f.stats().entries, 0);
    }
    const later = cacheData(async function unclonableLater() {
      return () => 1;
    }, { key: "data-unclonable-async", showSpinner: false });
    await rejects(later(), (e) => e instanceof UnserializableReturnValueError && /unclonableLater/.test(e.message));
    is(later.stats().entries, 0);
  },

  async "ttl, maxEntries, clear and stats work as for resources"() {
    const { f, runs } = query("data-bounds", { ttl: 0.2, maxEntries: 2 });
    f("a");
    f("b");
    f("c"); // evicts a
    is(runs(), 3);
    f("a");
    is(runs(), 4, "evicted under maxEntries");
    f.clear("a");
    f("a");
    is(runs(), 5, "cleared");
    await tick(300);
    f("a");
    is(runs(), 6, "expired");
    equal(f.stats().evicted >= 1 && f.stats().expired >= 1, true);
  },

  async "cacheData.clear() empties data functions only, cacheResource.clear() resources only"() {
    const { f: data, runs } = query("data-clear-kinds");
    let resourceRuns = 0;
    const resource = cacheResource(() => ({ run: ++resourceRuns }), { key: "data-clear-kinds-resource" });
    data("q");
    const kept = resource();
    cacheData.clear();
    is(resource(), kept, "the resource stays");
    data("q");
    is(runs(), 2, "the data function ran again");
    cacheResource.clear();
    data("q");
    is(runs(), 2, "the data entry stays");
    isNot(resource(), kept);
  },

  async "a function cached both ways keeps two caches apart"() {
    function both(x) {
      return { x };
    }
    const asResource = cacheResource(both, { key: "data-both" });
    const asData = cacheData(both, { key: "data-both" });
    const r = asResource(1);
    is(asResource(1), r);
    isNot(asData(1), r, "the data function has its own entry, and hands out copies");
    equal(asData(1), { x: 1 });
  },

  async "a session-scoped data function hands out copies, bound with withSession too"() {
    const f = cacheData(function dataPerSession(x) {
      return { x, items: [] };
    }, { key: "data-session", scope: "session" });
    const s = cacheResource.session("data session");
    const inS = f.withSession(s);
    const first = inS(1);
    first.items.push("mutated");
    equal(inS(1).items, [], "withSession's calls get copies");
    equal(s.run(() => f(1)).items, [], "and run's");
    s.close();
  },

  async "peek, set and entries hand out copies too"() {
    const { f } = query("data-everyday");
    const primed = { sql: "primed", rows: [] };
    f.set(["primed"], primed);
    primed.rows.push("changed after set");
    equal(f.peek("primed").rows, [], "set kept a copy");
    isNot(f.peek("primed"), f.peek("primed"));
    const [[args, value]] = f.entries();
    equal(args, ["primed"]);
    value.rows.push(1);
    equal(f("primed").rows, []);
  },

  async "the inspector and stats say which kind each function is"() {
    const { f } = query("data-kind");
    f("k");
    const row = cacheResource.inspect().find((c) => c.name === "dataQuery" && c.entries.some((e) => e.label.includes('"k"')));
    is(row?.kind, "data");
    ok(cacheResource.stats().functions.some((s) => s.name === "dataQuery" && s.kind === "data"));
  },

  async "options only a resource has are refused; persist is \"disk\", true, false or null"() {
    for (const name of ["validate", "onRelease"]) {
      throws(() => cacheData(() => 1, { [name]: undefined }), new RegExp(`\`${name}\` is for cacheResource`));
    }
    throws(() => cacheData(() => 1, { persist: "memory" }), /`persist` must be "disk"/);
    throws(() => cacheData(() => 1, { persist: "disk", scope: "session" }), /use scope "global"/);
    throws(() => cacheData(() => 1, { persist: "disk", ttl: 60, refreshMode: "background" }), /`persist` and `refreshMode: "background"` cannot be combined/);
    throws(() => cacheData(() => 1, { refreshMode: "background" }), /needs a `ttl`/);
    cacheData(() => 1, { persist: false });
    throws(() => cacheData(Promise.resolve(1)), /expected a function/);
    const decorated = cacheData({ ttl: 60 })(function dataDecorated(x) {
      return [x];
    });
    equal(decorated(2), [2]);
  },

  async "a background refresh keeps a copy of the new result, and every caller still gets its own"() {
    let runs = 0;
    const warn = console.warn;
    const warned = [];
    console.warn = (...a) => warned.push(a.join(" "));
    try {
      const report = cacheData(async function backgroundReport(month) {
        runs++;
        if (runs === 3) return { month, run: runs, handler: () => {} }; // cannot be copied
        return { month, run: runs, rows: [runs] };
      }, { key: "data-background", ttl: 0.2, refreshMode: "background", refreshRetry: 0.05 });
      const first = await report("may");
      first.rows.push("mutated");
      await tick(250); // stale: past the ttl, before 2×ttl, with room for a slow timer
      const stale = await report("may");
      equal(stale, { month: "may", run: 1, rows: [1] }, "the stale copy, untouched by the caller's mutation");
      await tick(20);
      const fresh = await report("may");
      equal(fresh, { month: "may", run: 2, rows: [2] }, "a copy of the refreshed result");
      fresh.rows.length = 0;
      equal((await report("may")).rows, [2], "the kept refresh result is a copy of its own");
      await tick(250); // stale again: this refresh's result cannot be copied
      equal((await report("may")).run, 2);
      await tick(20);
      equal((await report("may")).run, 2, "a failed refresh keeps the stale copy");
      ok(warned.some((w) => /refresh/.test(w)), "and says so");
      report.clear(); // no timer of this case fires during the next ones
    } finally {
      console.warn = warn;
    }
  },

  "cacheData's two forms fail as cacheResource's do, in its own name"() {
    throws(() => cacheData(Promise.resolve(1)), /Pass the function itself: cacheData\(loadModel\), not cacheData\(loadModel\(\.\.\.\)\)/);
    throws(() => cacheData([]), /cacheData: expected a function, or an options object for cacheData\(options\)\(fn\), got an array/);
    throws(() => cacheData({}, {}), /cacheData\(options\) takes one argument/);
    throws(() => cacheData({ ttl: "soon" }), /`ttl` "soon" is not a duration/);
    throws(() => cacheData({ persist: "memory" }), /`persist` must be "disk"/);
    throws(() => cacheData({})(class {}, { kind: "class", name: "C" }), /@cacheData decorates methods and functions, not a class/);
    throws(() => cacheData({})(() => 1, { onRelease() {} }), /`onRelease` is for cacheResource/);
  },

  "a cacheData factory kept in a variable takes names with each function"() {
    const daily = cacheData({ ttl: "1d" });
    let runs = 0;
    const rows = daily((e, t) => [e, ++runs], { name: "rows", params: ["sql", "_db"] });
    equal(rows("q", { a: 1 }), rows("q", { b: 2 }));
    equal(runs, 1);
    equal(rows.name, "rows");
  },
};
