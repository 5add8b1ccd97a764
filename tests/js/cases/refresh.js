// refreshMode "background" with real timers: a stale hit is served at once while one
// refresh runs; failures keep the stale value. ttl 0.2 s: a call 250 ms after the write is
// stale, with 150 ms to spare for a timer that fires late on a loaded machine.
import { cacheResource } from "cache-resource";
import { equal, is, isNot, ok, throws, tick } from "../assert.js";

function token(key, options = {}, produce = (n) => ({ n })) {
  const released = [];
  let runs = 0;
  const fn = cacheResource(async (scope) => produce(++runs, scope), {
    key,
    ttl: 0.2,
    refreshMode: "background",
    onRelease: (v) => released.push(v),
    ...options,
  });
  return { fn, released, runs: () => runs };
}

export const tests = {
  "background mode needs a ttl, and says how to give one"() {
    throws(() => cacheResource(() => 1, { refreshMode: "background" }), /needs a `ttl`.*refreshMode: "background"/);
    throws(() => cacheResource(() => 1, { refreshMode: "later" }), /"foreground" or "background"/);
    throws(() => cacheResource(() => 1, { ttl: 1, refreshMode: "background", refreshRetry: -1 }), /refreshRetry/);
  },

  async "a stale hit returns the old value at once; the refreshed one replaces it"() {
    // The refresh waits for `open`: the stale hit can only resolve without it.
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    const { fn, released, runs } = token("refresh-basic", {}, async (n) => {
      if (n === 2) await gate;
      return { n };
    });
    const first = await fn("api");
    await tick(250); // stale: past the ttl, before 2×ttl
    const stale = await Promise.race([fn("api"), tick(1000).then(() => "still waiting for the refresh")]);
    is(stale, first, "the stale value, served while the refresh still waits");
    is(runs(), 2, "the refresh is running");
    open();
    await tick(20);
    const fresh = await fn("api");
    isNot(fresh, first, "the refresh landed");
    is(fresh.n, 2);
    is(runs(), 2);
    equal(released, [first], "the old value was released once it was replaced");
    const s = fn.stats();
    equal([s.staleHits, s.refreshes, s.refreshFailures, s.entries], [1, 1, 0, 1]);
  },

  async "concurrent stale hits share one refresh"() {
    // The refresh's landing is awaited, not timed: a fixed wait long enough for a late
    // timer could run past 2×ttl, where the entry is gone.
    let refreshed;
    const landed = new Promise((resolve) => (refreshed = resolve));
    const { fn, runs } = token("refresh-dedupe", {}, async (n) => {
      await tick(30);
      if (n === 2) setTimeout(refreshed);
      return { n };
    });
    const first = await fn("k");
    await tick(250);
    const hits = await Promise.all(Array.from({ length: 20 }, () => fn("k")));
    ok(hits.every((h) => h === first), "all served the stale value");
    await landed;
    is(runs(), 2, "one refresh for twenty stale hits");
    is((await fn("k")).n, 2);
  },

  async "a failed refresh keeps the stale value, warns, emits refreshError, and waits to retry"() {
    let fail = false;
    const events = [];
    const unsubscribe = cacheResource.subscribe((e) => e.type === "refreshError" && events.push(e));
    const warnings = [];
    const warn = console.warn;
    console.warn = (...a) => warnings.push(a.join(" "));
    try {
      const { fn, runs } = token("refresh-fails", { refreshRetry: 0.3 }, (n) => {
        if (fail) throw new Error("token endpoint down");
        return { n };
      });
      const first = await fn("t");
      fail = true;
      await tick(250);
      is(await fn("t"), first);
      await tick(10);
      is(await fn("t"), first, "still the stale value after the failure");
      is(runs(), 2, "no second refresh during the retry wait");
      is(fn.stats().refreshFailures, 1);
      is(events.length, 1);
      ok(events[0].error.message === "token endpoint down" && events[0].name === "anonymous");
      ok(warnings.some((w) => /refreshing 'anonymous' in the background failed/.test(w)), "a console.warn");
      await tick(160); // past 2×ttl: the entry is gone for good
      fail = false;
      const next = await fn("t");
      isNot(next, first, "past 2×ttl the call computes in the foreground");
    } finally {
      console.warn = warn;
      unsubscribe();
    }
  },

  async "validate still gates stale hits, and the entry it drops is not refreshed too"() {
    let valid = true;
    const { fn, runs, released } = token("refresh-validate", { validate: () => valid });
    const first = await fn("v");
    await tick(250);
    valid = false;
    const got = await fn("v");
    isNot(got, first, "a stale value that fails validate is not served");
    valid = true;
    await tick(50);
    is(runs(), 2, "computed once more, for the call: no refresh ran for the dropped entry");
    equal(released.map((v) => v.n), [1], "only the dropped value was released");
    is(await fn("v"), got);
  },

  async "clearing during a refresh discards (and releases) its result"() {
    const { fn, released } = token("refresh-clear", {}, async (n) => {
      await tick(40);
      return { n };
    });
    const first = await fn("c");
    await tick(250);
    is(await fn("c"), first); // starts the refresh
    fn.clear();
    await tick(200);
    is(released.length, 2, "the cleared value and the discarded refresh result");
    is(released[0], first);
    is(released[1].n, 2);
    is(fn.stats().entries, 0, "the refresh did not bring the entry back");
  },

  async "sync functions refresh in the background too"() {
    let version = 0;
    const f = cacheResource(() => ({ version: ++version }), { key: "refresh-sync", ttl: 0.2, refreshMode: "background" });
    const first = f();
    await tick(250);
    is(f(), first, "stale value returned synchronously");
    await tick(5);
    is(f().version, 2);
  },
};
