// The everyday cache API on a cached function: has, peek, set, delete, entries; and
// resetting the counters. Looking never computes, counts, or changes what is evicted next.
import { cacheResource } from "cache-resource";
import { equal, is, isNot, ok, throws, tick } from "../assert.js";

function counted(opts, key) {
  let calls = 0;
  const f = cacheResource(function everyday(x, _conn) {
    calls++;
    return { x };
  }, { key, ...opts });
  return { f, calls: () => calls };
}

export const tests = {
  async "has and peek look without computing, counting or touching recency"() {
    const { f, calls } = counted({ maxEntries: 2 }, "everyday-look");
    is(f.has(1), false);
    is(f.peek(1), undefined);
    is(calls(), 0, "looking computes nothing");
    const one = f(1);
    f(2);
    is(f.has(1), true);
    is(f.peek(1), one, "the value a call would return");
    is(f.has(1, "another connection"), true, "underscore parameters are left out, as in a call");
    equal([f.stats().hits, f.stats().misses], [0, 2], "looking counts no hit or miss");
    f(3); // 1 is the least recently used: peeking did not make it recent
    is(f.has(1), false, "evicted as if never looked at");
    is(f.has(3), true);
  },

  async "has is false once the ttl has run out, before the timer releases it"() {
    const { f } = counted({ ttl: 0.03 }, "everyday-ttl");
    f("x");
    is(f.has("x"), true);
    const until = performance.now() + 60;
    while (performance.now() < until); // no timer can fire
    is(f.has("x"), false);
    is(f.peek("x"), undefined);
    equal(f.entries(), [], "nor is it listed");
  },

  async "a pending async entry is there, and peek gives its promise"() {
    let resolve;
    const f = cacheResource(async function everydayAsync(x) {
      await new Promise((r) => (resolve = r));
      return { x };
    }, { key: "everyday-async", showSpinner: false });
    const p = f(1);
    is(f.has(1), true);
    is(f.peek(1), p);
    resolve();
    const v = await p;
    is(await f.peek(1), v);
  },

  async "set primes an entry, and replaces one with onRelease for the old value"() {
    const released = [];
    const reasons = [];
    const stop = cacheResource.subscribe((e) => e.type === "release" && e.name === "everyday" && reasons.push(e.reason));
    const { f, calls } = counted({ onRelease: (v) => released.push(v) }, "everyday-set");
    const server = { x: "from the server" };
    f.set(["a"], server);
    is(f("a"), server, "a call finds the primed value");
    is(calls(), 0);
    const other = { x: "newer" };
    f.set(["a"], other);
    equal(released, [server]);
    equal(reasons, ["replace"]);
    is(f("a"), other);
    stop();
    throws(() => f.set("a", 1), /everyday\.set: expected the arguments as an array/);
  },

  async "set with a promise stores it as an async entry"() {
    const f = cacheResource(async function everydaySetAsync(x) {
      return { computed: x };
    }, { key: "everyday-set-async", showSpinner: false });
    const primed = Promise.resolve({ primed: true });
    f.set([1], primed);
    is(f(1), primed);
    equal(await f(1), { primed: true });
  },

  async "delete drops one entry and says whether there was one"() {
    const released = [];
    const { f, calls } = counted({ onRelease: (v) => released.push(v) }, "everyday-delete");
    const a = f("a");
    f("b");
    is(f.delete("a"), true);
    equal(released, [a]);
    is(f.delete("a"), false, "gone already");
    is(f.has("b"), true, "the others stay");
    isNot(f("a"), a);
    is(calls(), 3);
  },

  async "entries lists each live entry's arguments and value, most recent first"() {
    const { f } = counted({ maxEntries: 10 }, "everyday-entries");
    const a = f("a", "conn");
    const b = f({ nested: [1] });
    f("a");
    const list = f.entries();
    equal(list.map(([args]) => args), [["a", "conn"], [{ nested: [1] }]]);
    is(list[0][1], a);
    is(list[1][1], b);
    f.clear();
    equal(f.entries(), []);
  },

  async "session-scoped: each method addresses the current session's cache"() {
    const f = cacheResource(function everydaySession(x) {
      return { x };
    }, { key: "everyday-session", scope: "session" });
    const s1 = cacheResource.session("one");
    const s2 = cacheResource.session("two");
    const v = s1.run(() => f(1));
    is(s1.run(() => f.peek(1)), v);
    is(s2.run(() => f.has(1)), false);
    s2.run(() => f.set([1], "two's"));
    is(s2.run(() => f(1)), "two's");
    is(s1.run(() => f(1)), v);
    throws(() => f.has(1), /called outside a session/);
    s1.close();
    s2.close();
  },

  async "resetStats zeroes every counter but the live entries"() {
    const { f } = counted({}, "everyday-reset");
    f(1);
    f(1);
    f(2);
    equal([f.stats().hits, f.stats().misses, f.stats().entries], [1, 2, 2]);
    cacheResource.resetStats();
    equal([f.stats().hits, f.stats().misses, f.stats().entries], [0, 0, 2]);
    is(cacheResource.stats().hits, 0);
    f(1);
    is(f.stats().hits, 1, "counting goes on");
  },

  async "a session's counts stay in the totals after it closes, until a reset"() {
    const f = cacheResource(function everydayClosed(x) {
      return { x };
    }, { key: "everyday-closed", scope: "session" });
    cacheResource.resetStats();
    const s = cacheResource.session("closing");
    s.run(() => (f(1), f(1)));
    s.close();
    equal([f.stats().hits, f.stats().misses], [1, 1], "the function's own counts");
    equal([cacheResource.stats().hits, cacheResource.stats().misses], [1, 1], "the page's totals");
    cacheResource.resetStats();
    equal([f.stats().hits, cacheResource.stats().hits], [0, 0]);
  },

  async "the inspector shows the arguments of entries stored before anyone listened"() {
    const { f } = counted({}, "everyday-labels");
    f("stored before", 42);
    await tick();
    const cache = cacheResource.inspect().find((c) => c.name === "everyday" && c.entries.some((e) => e.label.includes("stored before")));
    ok(cache, "found by its label");
  },
};
