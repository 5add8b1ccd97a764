// ttl in every form, the one timer, LRU maxEntries and onRelease, with real timers. Margins
// are wide (tens of ms) because timers are late under load; nothing asserts a duration.
import { cacheResource } from "cache-resource";
import { equal, is, isNot, ok, throws, tick } from "../assert.js";
import { withMovedDate } from "../moved-date.js";

function tracked(options, make = (x) => ({ x })) {
  const released = [];
  let runs = 0;
  const fn = cacheResource(
    (x) => {
      runs++;
      return make(x);
    },
    { ...options, onRelease: (v) => released.push(v) },
  );
  return { fn, released, runs: () => runs };
}

export const tests = {
  async "an entry expires after its ttl and the timer releases it without a call"() {
    const { fn, released } = tracked({ ttl: 0.06 });
    const a = fn("k");
    is(fn("k"), a);
    await tick(200);
    is(released.length, 1, "onRelease ran from the timer, with no call in between");
    is(released[0], a);
    isNot(fn("k"), a, "a call after expiry runs the function again");
    equal(fn.stats().expired, 1);
  },

  async "an expired entry is never served, even before the timer fires (throttled tab)"() {
    const { fn, released } = tracked({ ttl: 0.05 });
    const a = fn("lazy");
    const until = performance.now() + 120;
    while (performance.now() < until); // block: no timer can fire
    await Promise.resolve(); // a new microtask turn, still before any timer task
    is(released.length, 0, "the timer has not run");
    isNot(fn("lazy"), a, "the lookup itself saw the deadline");
    is(released.length, 1, "and released the expired value");
  },

  "an entry is never served past its ttl, even within the millisecond it was stored in"() {
    // Date.now() shows whole milliseconds: within one, the clock's bound of the time may
    // run up to 1 ms ahead, and a ttl counted from it would end late.
    const { fn, runs } = tracked({ ttl: 0.0003, key: "expiry-sub-millisecond" });
    for (let i = 0; i < 200; i++) {
      const stored = fn(i);
      const at = performance.now();
      while (performance.now() - at < 0.5);
      isNot(fn(i), stored, `call ${i}: 0.5 ms after it was stored, its 0.3 ms ttl has run out`);
    }
    equal(runs(), 400);
  },

  async "a Date moved forward between turns expires entries, as a test's fake timers move it"() {
    const { fn } = tracked({ ttl: "90m" });
    await withMovedDate(async (advance) => {
      const a = fn("model");
      advance(3_600_000);
      await tick();
      is(fn("model"), a, "an hour on: still fresh");
      advance(3_600_000);
      await tick();
      isNot(fn("model"), a, "two hours on, over two turns: expired");
      const b = fn("model");
      advance(-7_200_000);
      await tick();
      is(fn("model"), b, "the Date set back: the clock does not go back");
      // The timer armed before a jump would fire an hour late: it is set again.
      const hour = tracked({ ttl: "1h", key: "armed before" });
      hour.fn(1);
      advance(7_200_000);
      await tick();
      const short = tracked({ ttl: 0.05, key: "after the jump" });
      short.fn(1);
      await tick(150);
      equal([hour.released.length, short.released.length], [1, 1], "both released by the timer");
    });
  },

  "before the timer fires, an expired entry is gone for delete, clear, stats, entries and the inspector, and leaves as expired"() {
    withMovedDate((advance) => {
      const reasons = [];
      const stop = cacheResource.subscribe((e) => e.type === "release" && e.name.startsWith("expiredUntouched") && reasons.push(e.reason));
      const expiredUntouched = (x) => ({ x });
      const drops = ["delete", "clear one", "clear all", "stats", "entries", "the inspector's clear"];
      for (const drop of drops) {
        const name = `expiredUntouched, ${drop}`;
        const { fn, released } = tracked({ ttl: 60, key: `expired, then ${drop}`, name }, expiredUntouched);
        const a = fn(1);
        fn(2);
        const row = cacheResource.inspect().find((c) => c.name === name);
        advance(61_000); // no turn passes: the timer cannot have fired
        if (drop === "delete") is(fn.delete(1), false, "delete finds no entry to drop");
        if (drop === "clear one") fn.clear(1);
        if (drop === "clear all") fn.clear();
        if (drop === "stats") is(fn.stats().entries, 0, "stats counts no expired entry");
        if (drop === "entries") equal(fn.entries(), [], "entries lists none");
        if (drop === "the inspector's clear") row.clear();
        ok(released.includes(a) && released.length === 2, `${drop}: both released once, got ${released.length}`);
        const { expired, cleared } = fn.stats();
        equal({ expired, cleared }, { expired: 2, cleared: 0 }, `${drop}: counted as expired`);
      }
      stop();
      ok(reasons.length === 2 * drops.length && reasons.every((r) => r === "ttl"), `every release says ttl: ${reasons}`);
    });
  },

  "under maxEntries, an expired entry leaves before a live one is evicted for room"() {
    withMovedDate((advance) => {
      const { fn, released } = tracked({ ttl: 10, maxEntries: 2, key: "expired before evicted" });
      const old = fn("old");
      advance(6_000);
      const live = fn("live");
      is(fn("old"), old, "the most recently used");
      advance(6_000); // "old" is past its deadline, "live" is not
      fn("new");
      equal(released.map((v) => v.x), ["old"], "the expired entry left, not the least recently used live one");
      is(fn("live"), live, "the live entry is still served");
      const { expired, evicted } = fn.stats();
      equal({ expired, evicted }, { expired: 1, evicted: 0 });
    });
  },

  async "ttl strings, objects and numbers mean the same duration"() {
    for (const ttl of ["60ms", "0.06s", { milliseconds: 60 }, 0.06, "PT0.06S", "00:00:00.06"]) {
      const { fn, released } = tracked({ ttl, key: JSON.stringify(ttl) });
      const a = fn(1);
      is(fn(1), a, `hit before the ttl (${JSON.stringify(ttl)})`);
      await tick(200);
      is(released.length, 1, `expired (${JSON.stringify(ttl)})`);
    }
  },

  async "reads do not extend the ttl"() {
    // ttl 0.4 s: the read at 200 ms has 200 ms to spare for a late timer, and the check at
    // 550 ms comes 150 ms after the timer is due.
    const { fn, released } = tracked({ ttl: 0.4 });
    const a = fn("r");
    await tick(200);
    is(fn("r"), a, "still cached halfway");
    await tick(350); // 550 ms after the write; a read-extended ttl would last until 600
    is(released.length, 1);
    isNot(fn("r"), a);
  },

  async "a long ttl does not fire early (setTimeout's 24.8-day limit)"() {
    const { fn, released } = tracked({ ttl: "30 days" });
    const a = fn("far");
    await tick(50);
    is(released.length, 0);
    is(fn("far"), a);
    fn.clear();
    is(released.length, 1);
  },

  async "an async entry's ttl starts when it resolves"() {
    const released = [];
    const slow = cacheResource(
      async (x) => {
        await new Promise((r) => setTimeout(r, 150));
        return { x };
      },
      { ttl: 0.1, onRelease: (v) => released.push(v) },
    );
    const p = slow(1);
    await p; // resolved at ~150 ms, longer than the ttl
    is(slow(1), p, "still cached right after resolving");
    await tick(250);
    is(released.length, 1);
    is(released[0], await p, "onRelease gets the resolved value, not the promise");
  },

  async "onRelease says whether an entry left the cache while its promise was pending"() {
    const released = [];
    let finish;
    const gate = new Promise((r) => (finish = r));
    const open = cacheResource(
      async (x) => {
        await gate;
        return { x };
      },
      { key: "release-in-flight", maxEntries: 1, onRelease: (v, inFlight) => released.push([v.x, inFlight]) },
    );
    const a = open("a");
    open.clear(); // pending: the caller still gets its value
    const b = open("b");
    open("c"); // evicts b, pending too
    finish();
    is((await a).x, "a");
    is((await b).x, "b");
    await tick(0);
    equal(released.sort(), [["a", true], ["b", true]]);
    open.clear(); // c had resolved in the cache
    equal(released.at(-1), ["c", false]);
  },

  "maxEntries evicts the least recently used entry, reads refresh recency"() {
    const { fn, released } = tracked({ maxEntries: 2 });
    const a = fn("a");
    const b = fn("b");
    is(fn("a"), a); // a is now more recent than b
    const c = fn("c"); // evicts b
    equal(released, [b]);
    is(fn("a"), a);
    is(fn("c"), c);
    isNot(fn("b"), b);
    equal(fn.stats().evicted, 2, "b, then a when b came back");
  },

  "onRelease runs exactly once per removal, for every kind of clear"() {
    const { fn, released } = tracked({});
    const [a, b, c] = [fn(1), fn(2), fn(3)];
    fn.clear(2);
    equal(released, [b]);
    fn.clear(2);
    equal(released, [b], "clearing a missing entry releases nothing");
    fn.clear();
    is(released.length, 3);
    ok(released.includes(a) && released.includes(c));
    const d = fn(4);
    cacheResource.clear();
    is(released.length, 4);
    is(released[3], d);
  },

  "onRelease may call back into the cache"() {
    const events = [];
    const other = cacheResource((x) => ({ other: x }));
    const conn = cacheResource((id) => ({ id }), {
      maxEntries: 1,
      onRelease: (v) => {
        events.push(v.id);
        other.clear(); // another function's cache
        other(v.id); // a cached call from inside onRelease
        if (v.id === "a") conn.clear(); // this very cache, while it is releasing
      },
    });
    conn("a");
    const b = conn("b"); // evicts a; a's onRelease clears b as well
    equal(events, ["a", "b"]);
    is(conn.stats().entries, 0);
    const b2 = conn("b");
    isNot(b2, b, "b was really cleared");
    is(conn("b"), b2);
    conn("c"); // evicts b2
    equal(events, ["a", "b", "b"]);
    is(conn("c"), conn("c"));
  },

  "a throwing onRelease is reported and does not stop the others"() {
    const reported = [];
    const saved = { reportError: globalThis.reportError, error: console.error };
    globalThis.reportError = (e) => reported.push(e);
    console.error = (...a) => reported.push(a);
    try {
      const seen = [];
      const fn = cacheResource((x) => ({ x }), {
        onRelease: (v) => {
          seen.push(v.x);
          if (v.x === 1) throw new Error("dispose failed");
        },
      });
      fn(1);
      fn(2);
      fn.clear();
      equal(seen.sort(), [1, 2]);
      is(reported.length, 1);
      is(fn(3), fn(3));
    } finally {
      globalThis.reportError = saved.reportError;
      console.error = saved.error;
    }
  },

  async "an async onRelease that rejects is reported, not left unhandled"() {
    const reported = [];
    const saved = { reportError: globalThis.reportError, error: console.error };
    globalThis.reportError = (e) => reported.push(e);
    console.error = (...a) => reported.push(a);
    try {
      const fn = cacheResource((x) => ({ x }), {
        key: "async-release-rejects",
        onRelease: async (v) => {
          await null;
          throw new Error(`close of ${v.x} failed`);
        },
      });
      fn(1);
      fn.clear();
      for (let i = 0; i < 5 && reported.length === 0; i++) await tick();
      is(reported.length, 1);
      ok(/close of 1 failed/.test(String(reported[0]?.message ?? reported[0]?.[1]?.message)));
    } finally {
      globalThis.reportError = saved.reportError;
      console.error = saved.error;
    }
  },

  "wrapping the same source with another ttl starts a fresh cache"() {
    const wrapHere = (ttl) => cacheResource((x) => ({ x, tag: "reconfig" }), { ttl, onRelease: (v) => released.push(v) });
    const released = [];
    // A script run again with its ttl edited: one place wraps each time.
    const values = [];
    for (const ttl of [null, "1h"]) values.push(wrapHere(ttl)(1));
    equal(released, [values[0]], "the old entries were released");
    isNot(values[1], values[0]);
  },

  "bad ttl values fail at wrap time, quoting the value and the accepted forms"() {
    const f = () => 1;
    throws(() => cacheResource(f, { ttl: "soon" }), /`ttl` "soon" is not a duration.*Accepted: .*"PT1H30M"/);
    throws(() => cacheResource(f, { ttl: "soon" }), RangeError);
    throws(() => cacheResource(f, { ttl: "30" }), /"30s"/);
    throws(() => cacheResource(f, { ttl: "2 months" }), /"months" \(months or years\) has no fixed length/);
    // The unit is named by its place in the string, past multi-byte text before it.
    throws(() => cacheResource(f, { ttl: "1 µs 2 fortnights" }), /: "fortnights" is not a unit\./);
    throws(() => cacheResource(f, { ttl: "1h 2 😀x" }), /: "😀x" is not a unit\./);
    throws(() => cacheResource(f, { ttl: -1 }), RangeError);
    throws(() => cacheResource(f, { ttl: NaN }), /NaN/);
    throws(() => cacheResource(f, { ttl: true }), TypeError);
    throws(() => cacheResource(f, { ttl: [1] }), TypeError);
    throws(() => cacheResource(f, { ttl: { hour: 1 } }), /unknown field `hour`/);
    throws(() => cacheResource(f, { ttl: { hours: "1" } }), /ttl.hours/);
    throws(() => cacheResource(f, { ttl: { hours: -1 } }), RangeError);
  },

  "bad maxEntries values fail at wrap time"() {
    const f = () => 2;
    throws(() => cacheResource(f, { maxEntries: 0 }), RangeError);
    throws(() => cacheResource(f, { maxEntries: 1.5 }), /whole number/);
    throws(() => cacheResource(f, { maxEntries: "3" }), TypeError);
    throws(() => cacheResource(f, { onRelease: "close" }), TypeError);
    cacheResource(f, { maxEntries: null, ttl: null, onRelease: null }); // explicit "none"
  },

  "global stats add up every function"() {
    const before = cacheResource.stats();
    const f = cacheResource((x) => ({ gs: x }));
    f(1);
    f(1);
    const after = cacheResource.stats();
    is(after.hits - before.hits, 1);
    is(after.misses - before.misses, 1);
    ok(after.functions.length >= before.functions.length);
  },
};
