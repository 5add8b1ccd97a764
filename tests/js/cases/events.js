// What subscribers see, change by change: the event types in order and the function they
// name, and the fields of cacheResource.inspect()'s entries.
import { cacheResource } from "cache-resource";
import { equal, is, ok, tick } from "../assert.js";

/** Runs `fn` while recording events; returns them as "type name" strings. */
async function events(fn) {
  const seen = [];
  const stop = cacheResource.subscribe((e) => seen.push(e.name ? `${e.type} ${e.name}` : e.type));
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
    equal(await events(() => f.clear(1)), ["release"]);
    equal(await events(() => f.clear()), [], "nothing left to release: no event");
  },

  async "an eviction releases before the insert that caused it"() {
    const f = cacheResource(function evLru(x) {
      return { x };
    }, { key: "events-lru", maxEntries: 1 });
    f(1);
    equal(await events(() => f(2)), ["release", "insert evLru"]);
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
    equal(await events(() => f(1)), ["release", "insert evValidate"]);
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
    equal(seen.map((e) => e.type), ["release", "session"]);
    equal([seen[1].session, seen[1].closed], ["events", true]);
  },

  async "a stale hit announces its refresh, then is served, then the refresh settles"() {
    let version = 0;
    const f = cacheResource(function evStale() {
      return { version: ++version };
    }, { key: "events-stale", ttl: 0.05, refreshMode: "background" });
    f();
    await tick(70);
    const seen = [];
    const stop = cacheResource.subscribe((e) => seen.push(e));
    f();
    await tick(10);
    stop();
    // The refresh starts before validate runs on the stale value, which may drop the entry.
    equal(seen.map((e) => [e.type, e.stale ?? e.refreshed ?? false]), [["refresh", false], ["hit", true], ["settle", true]]);
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
