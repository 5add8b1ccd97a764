// What subscribers see, change by change: the event types in order and the function they
// name, and the fields of cacheResource.inspect()'s entries.
import { cacheResource } from "cache-resource";
import { equal, is, ok, throws, tick } from "../assert.js";

/** Runs `fn` while recording events; returns them as "type name" strings. */
async function events(fn) {
  const seen = [];
  const stop = cacheResource.subscribe((e) => seen.push([e.type, e.name, e.reason].filter(Boolean).join(" ")));
  try {
    await fn();
  } finally {
    stop();
  }
  return seen;
}

export const tests = {
  async "a miss inserts, a hit is a hit, a clear releases"() {
    const f = cacheResource(function evSync(x) {
      return { x };
    }, { key: "events-sync" });
    equal(await events(() => f(1)), ["insert evSync"]);
    equal(await events(() => f(1)), ["hit evSync"]);
    equal(await events(() => f.clear(1)), ["release evSync clear"]);
    equal(await events(() => f.clear()), [], "nothing left to release: no event");
  },

  async "an eviction releases before the insert that caused it"() {
    const f = cacheResource(function evLru(x) {
      return { x };
    }, { key: "events-lru", maxEntries: 1 });
    f(1);
    equal(await events(() => f(2)), ["release evLru lru", "insert evLru"]);
  },

  async "an async call inserts at once and settles when it resolves, or rejects"() {
    const f = cacheResource(async function evAsync(x) {
      await tick();
      if (x < 0) throw new Error("no");
      return { x };
    }, { key: "events-async", showSpinner: false });
    equal(await events(() => f(1)), ["insert evAsync", "settle evAsync"]);
    const seen = [];
    const stop = cacheResource.subscribe((e) => seen.push(e));
    await f(-1).catch(() => {});
    stop();
    equal(seen.map((e) => [e.type, e.rejected ?? false]), [["insert", false], ["settle", true]]);
  },

  async "a failed validate releases and inserts again, without a hit"() {
    let good = true;
    const f = cacheResource(function evValidate(x) {
      return { x };
    }, { key: "events-validate", validate: () => good });
    f(1);
    good = false;
    equal(await events(() => f(1)), ["release evValidate validate", "insert evValidate"]);
  },

  async "closing a session releases its entries, then says so"() {
    const f = cacheResource(function evSession(x) {
      return { x };
    }, { key: "events-session", scope: "session" });
    const s = cacheResource.session("events");
    s.run(() => f(1));
    const seen = [];
    const stop = cacheResource.subscribe((e) => seen.push(e));
    s.close();
    stop();
    equal(seen.map((e) => [e.type, e.reason ?? null]), [["release", "session"], ["session", null]]);
    equal(seen[0].name, "evSession");
    equal([seen[1].session, seen[1].closed], ["events", true]);
  },

  async "each release says which entry left and why: ttl, rewrap, refresh, a whole clear"() {
    const released = [];
    const stop = cacheResource.subscribe((e) => e.type === "release" && released.push(e));
    try {
      const short = cacheResource(function evTtl(x) {
        return { x };
      }, { key: "events-ttl", ttl: 0.02 });
      const v = short(1);
      await tick(200);
      equal(released.map((e) => [e.name, e.reason]), [["evTtl", "ttl"]]);
      is(released[0].value, v, "the released value itself");
      released.length = 0;

      const make = () => function evRewrap(x) {
        return { x };
      };
      cacheResource(make(), { key: "events-rewrap", maxEntries: 5 })(1);
      cacheResource(make(), { key: "events-rewrap", maxEntries: 6 });
      equal(released.map((e) => [e.name, e.reason]), [["evRewrap", "rewrap"]]);
      released.length = 0;

      let version = 0;
      const fresh = cacheResource(function evRefresh() {
        return { version: ++version };
      }, { key: "events-refresh", ttl: 0.2, refreshMode: "background" });
      const old = fresh();
      await tick(250);
      fresh(); // stale: served, refreshed behind
      await tick(5);
      equal(released.map((e) => [e.name, e.reason]), [["evRefresh", "refresh"]]);
      is(released[0].value, old);
      released.length = 0;

      const a = cacheResource(function evAllA(x) {
        return { x };
      }, { key: "events-all-a" });
      const b = cacheResource(function evAllB(x) {
        return { x };
      }, { key: "events-all-b" });
      a(1);
      b(1);
      b(2);
      fresh.clear();
      cacheResource.clear();
      const ours = released.filter((e) => /^ev(All|Refresh)/.test(e.name));
      equal(ours.map((e) => `${e.name} ${e.reason}`).sort(), ["evAllA clear", "evAllB clear", "evAllB clear", "evRefresh clear"]);
    } finally {
      stop();
    }
  },

  async "a subscriber that throws, or whose promise rejects, is reported and the call goes on"() {
    const reported = [];
    const saved = { reportError: globalThis.reportError, error: console.error };
    globalThis.reportError = (e) => reported.push(e);
    console.error = (...a) => reported.push(a[1]);
    const stops = [
      cacheResource.subscribe(() => {
        throw new Error("listener threw");
      }),
      cacheResource.subscribe(async () => {
        throw new Error("listener rejected");
      }),
    ];
    try {
      const f = cacheResource((x) => ({ x }), { key: "events-broken-listeners" });
      is(f(1).x, 1);
      for (let i = 0; i < 5 && reported.length < 2; i++) await tick();
      equal(reported.map((e) => e.message).sort(), ["listener rejected", "listener threw"]);
    } finally {
      for (const stop of stops) stop();
      globalThis.reportError = saved.reportError;
      console.error = saved.error;
    }
  },

  async "a listener to some types gets only those, and one to releases leaves hits unwatched"() {
    const f = cacheResource(function evTypes(x) {
      return { x };
    }, { key: "events-types" });
    const seen = [];
    const stop = cacheResource.subscribe((e) => seen.push(e.type), { types: ["release"] });
    f(1);
    f(1);
    f.clear();
    equal(seen, ["release"]);
    equal(f.stats().hits, 1, "the hit was counted all the same");
    stop();
    throws(() => cacheResource.subscribe(() => {}, { types: ["released"] }), /`types` must be an array of insert, hit/);
  },

  async "a stale hit announces its refresh, then is served, then the refresh settles"() {
    let version = 0;
    const f = cacheResource(function evStale() {
      return { version: ++version };
    }, { key: "events-stale", ttl: 0.2, refreshMode: "background" });
    f();
    await tick(250);
    const seen = [];
    const stop = cacheResource.subscribe((e) => seen.push(e));
    f();
    await tick(10);
    stop();
    // The refresh starts before validate runs on the stale value, which may drop the entry.
    equal(seen.map((e) => [e.type, e.stale ?? e.refreshed ?? e.reason ?? false]), [["refresh", false], ["hit", true], ["release", "refresh"], ["settle", true]]);
  },

  async "inspect() gives each entry's label, ages, deadlines and state"() {
    let release;
    const f = cacheResource(async function evInspect(x) {
      if (x === "slow") await new Promise((r) => (release = r));
      return { x };
    }, { key: "events-inspect", ttl: 60, showSpinner: false });
    const stop = cacheResource.subscribe(() => {}); // labels are recorded while someone listens
    await f("done");
    const pending = f("slow");
    stop();
    const cache = cacheResource.inspect().find((c) => c.name === "evInspect");
    equal([cache.ttlMs, cache.maxEntries, cache.refreshMode, cache.session], [60_000, null, "foreground", null]);
    const [slow, done] = cache.entries; // most recently used first
    equal([slow.label, slow.pending, slow.expiresInMs, slow.staleInMs, slow.refreshing], ['"slow"', true, null, null, false]);
    equal([done.label, done.pending, done.refreshing, done.staleInMs], ['"done"', false, false, null]);
    ok(done.expiresInMs > 59_000 && done.expiresInMs <= 60_000, `expiresInMs ${done.expiresInMs}`);
    ok(done.ageMs >= 0 && done.ageMs < 1_000, `ageMs ${done.ageMs}`);
    done.clear();
    is(cacheResource.inspect().find((c) => c.name === "evInspect").entries.length, 1, "an entry's clear() drops it");
    release();
    await pending;
  },
};
