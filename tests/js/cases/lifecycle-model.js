// A seeded model of an entry's life: random calls, clears, deletes, sets, looks (has, peek,
// entries, stats), broken values and moves of the time, against caches with a ttl,
// maxEntries and validate in every combination, with arguments of each kind the front
// caches answer (primitives, fresh objects in either name order, both mixed) and with a
// cacheKey that picks the key. After every step the cache must answer as a model written
// from the documented rules: expired entries go first, the least recently used next; a hit
// is the stored value, never a released one; every value leaves once, with onRelease, only
// when the rules say it left, and is counted in stats under the reason it left for. The
// same steps drive cacheData's copies, async functions, background refresh and sessions.
import { cacheData, cacheResource } from "cache-resource";
import { xorshift } from "../random.js";
import { withMovedDate } from "../moved-date.js";

const STEPS = 1500;
const KEYS = 6;
// The time moves in whole seconds and a ttl ends half-way through one: a deadline is always
// half a second from any time a call sees (the test's own running time is far below that),
// so the model never has to guess which side of it a call falls on. A ttl of 0 keeps
// nothing: its deadline is the time it was stored.
const SECOND = 1000;
const TTLS = [null, 0, 3.5, 10.5];
const BOUNDS = [null, 1, 2, 4];

// Argument lists of each kind, for key k; `flip` gives an object's names in another order.
// In `chosen`, a cacheKey (FORM_OPTIONS) picks the key, and the rest differs on every call.
let calls = 0;
const FORMS = {
  number: (k) => [k],
  string: (k) => [`key-${k}`],
  object: (k, flip) => [flip ? { tag: "t", id: k } : { id: k, tag: "t" }],
  nested: (k, flip) => [flip ? { opts: { lang: k % 2 ? "en" : "de" }, user: k } : { user: k, opts: { lang: k % 2 ? "en" : "de" } }],
  mixed: (k, flip) => ["db", flip ? { page: 1, q: `q${k}` } : { q: `q${k}`, page: 1 }, k % 3],
  chosen: (k) => [{ id: k, call: ++calls }],
};
const FORM_OPTIONS = { chosen: { cacheKey: (request) => request.id } };

function check(ok, message) {
  if (!ok) throw new Error(message);
}

/** What the documented rules say a cache with `ttl` (seconds) and `bound` (maxEntries) keeps. */
class Model {
  constructor(ttl, bound) {
    this.ttl = ttl;
    this.bound = bound;
    // key -> { value, deadline, stored }, least recently used first.
    this.entries = new Map();
    this.stores = 0;
    this.deadlines = new Map(); // value -> its deadline: once past, it may leave at any time
    this.gone = new Set(); // values that left
    this.due = []; // values that left since the last check, released at once unless expired
    this.counts = { hits: 0, misses: 0, evicted: 0, cleared: 0, expired: 0, invalidated: 0 };
  }

  live(key) {
    const e = this.entries.get(key);
    return e !== undefined && e.deadline > Date.now();
  }

  /** Drops every entry past its deadline, as every lookup, store, clear and look does first. */
  expire() {
    for (const [key, e] of this.entries) if (!(e.deadline > Date.now())) this.remove(key, "expired");
  }

  /** Takes `key`'s entry out, counted under `reason` (null: counted nowhere); its value, or undefined. */
  remove(key, reason) {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    this.entries.delete(key);
    this.gone.add(e.value);
    this.due.push(e.value);
    if (reason !== null) this.counts[reason]++;
    return e.value;
  }

  /** Every entry leaves: the expired ones as expired, the others under `reason`. */
  clear(reason) {
    this.expire();
    for (const key of [...this.entries.keys()]) this.remove(key, reason);
  }

  /** A hit: `key` becomes the most recently used. */
  use(key) {
    const e = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, e);
    this.counts.hits++;
  }

  /** Stores `value` under `key`; a pending one (a promise's) gets its deadline when it settles. */
  store(key, value, pending = false) {
    this.remove(key, null);
    const deadline = pending ? Infinity : this.deadlineFromNow();
    this.deadlines.set(value, deadline);
    this.entries.set(key, { value, deadline, stored: ++this.stores });
    if (this.bound !== null && this.entries.size > this.bound) this.remove(this.entries.keys().next().value, "evicted");
  }

  deadlineFromNow() {
    return this.ttl === null ? Infinity : Date.now() + this.ttl * SECOND;
  }

  /** The ttl of `key`'s pending entry starts now. */
  settle(key) {
    const e = this.entries.get(key);
    e.deadline = this.deadlineFromNow();
    this.deadlines.set(e.value, e.deadline);
  }

  /** The values kept, as entries() lists them: most recently used first, or without a bound (which keeps no order of use) most recently stored first. */
  listed() {
    const kept = [...this.entries.values()];
    return (this.bound === null ? kept.sort((a, b) => b.stored - a.stored) : kept.reverse()).map((e) => e.value);
  }

  /** Whether `value` may have been released by now: it left, or its deadline passed (the timer or any lookup may release it). */
  mayBeReleased(value) {
    return this.gone.has(value) || this.deadlines.get(value) <= Date.now();
  }
}

/**
 * The steps of a run: each draws a key and a number `r` below 100; at `r` below 8 the time
 * moves on 1 to 4 s, and every other step is yielded as `{ k, at, r }`.
 */
function* steps(next, where, count, advance) {
  for (let step = 0; step < count; step++) {
    const k = next() % KEYS;
    const at = `${where}, step ${step}, key ${k}`;
    const r = next() % 100;
    if (r < 8) advance(SECOND * (1 + (next() % 4)));
    else yield { k, at, r };
  }
}

/** Lets promise callbacks run: a settled computation's, and a refresh's. */
async function flush() {
  for (let i = 0; i < 8; i++) await null;
}

/** A step that clears (`r` from 8 to 13): one key's entry, its delete, or every entry; the model follows. */
function clearingStep(r, f, model, args, k, at) {
  if (r < 11) {
    f.clear(...args(k));
    model.expire();
    model.remove(k, "cleared");
  } else if (r < 13) {
    const answer = f.delete(...args(k));
    model.expire();
    check(answer === model.entries.has(k), `${at}: delete answered ${answer}`);
    model.remove(k, "cleared");
  } else {
    f.clear();
    model.clear("cleared");
  }
}

/** An onRelease that records each value: `released` (value -> times) and `lately` (since the last check). */
function releaseLog() {
  const log = { released: new Map(), lately: [] };
  log.onRelease = (v) => {
    log.released.set(v, (log.released.get(v) ?? 0) + 1);
    log.lately.push(v);
  };
  return log;
}

/**
 * Checks the values released since the last step (`lately`, taken) against `models`: each
 * released once, and only after it left or expired; and that each value that left is
 * released at once, unless it expired (the timer or any lookup may release it later).
 */
function checkReleases(at, models, { released, lately }) {
  for (const v of lately.splice(0)) {
    check(released.get(v) === 1, `${at}: value ${v.made} was released ${released.get(v)} times`);
    check(models.some((m) => m.mayBeReleased(v)), `${at}: value ${v.made} was released before it left`);
  }
  for (const model of models) {
    for (const v of model.due.splice(0)) check(released.has(v) || model.deadlines.get(v) <= Date.now(), `${at}: value ${v.made} left without onRelease`);
  }
}

/**
 * One cache through the steps. With `data`, it is cacheData's: each call, peek and entry
 * is a copy of what the function returned (told by the `made` it carries), and nothing is
 * validated or released.
 */
function run(seed, ttl, bound, validating, form, advance, data = false) {
  const next = xorshift(seed);
  const where = `${data ? "cacheData, " : ""}seed ${seed}, ttl ${ttl}, maxEntries ${bound}, validate ${validating}, ${form}`;
  // What was stored, as a call, peek or entry gives it back: itself, or for data a copy.
  const same = (got, stored) => (data ? got !== stored && got?.made === stored.made : got === stored);
  const log = releaseLog();
  const { released } = log;
  let runs = 0;
  let made = 0; // values the function returned or `set` stored
  const f = (data ? cacheData : cacheResource)((...args) => ({ run: ++runs, made: ++made, args }), {
    key: `lifecycle-model-${where}`,
    ttl,
    maxEntries: bound,
    ...FORM_OPTIONS[form],
    ...(data ? {} : {
      validate: validating ? (v) => !v.broken : undefined,
      onRelease: log.onRelease,
    }),
  });
  const model = new Model(ttl, bound);
  const args = (k) => FORMS[form](k, next() % 2 === 0);

  for (const { k, at, r } of steps(next, where, STEPS, advance)) {
    if (r < 14) {
      clearingStep(r, f, model, args, k, at);
    } else if (r < 17) {
      // Looks: none computes, counts or changes the order of use.
      const look = next() % 4;
      if (look === 0) check(f.has(...args(k)) === model.live(k), `${at}: has answered ${!model.live(k)}`);
      if (look === 1) {
        const peeked = f.peek(...args(k));
        check(model.live(k) ? same(peeked, model.entries.get(k).value) : peeked === undefined, `${at}: peek answered another value`);
      }
      if (look === 2) {
        const listed = f.entries().map(([, v]) => v.made);
        model.expire();
        check(listed.join() === model.listed().map((v) => v.made).join(), `${at}: entries() listed ${listed}, the model keeps ${model.listed().map((v) => v.made)}`);
      }
      if (look === 3) {
        const { entries } = f.stats();
        model.expire();
        check(entries === model.entries.size, `${at}: stats counts ${entries} entries, the model ${model.entries.size}`);
      }
    } else if (r < 19) {
      // A value stored as if the function had returned it, replacing any there.
      const value = { run: null, made: ++made, args: args(k) };
      f.set(value.args, value);
      model.expire();
      model.store(k, value);
    } else if (r < 24 && validating) {
      if (model.live(k)) model.entries.get(k).value.broken = true;
      continue;
    } else {
      const before = runs;
      const got = f(...args(k));
      model.expire();
      const e = model.entries.get(k);
      if (e !== undefined && !e.value.broken) {
        check(same(got, e.value), `${at}: expected the stored value ${e.value.made}, got ${got.made}`);
        model.use(k);
      } else {
        check(runs === before + 1 && got.run === runs, `${at}: ${e === undefined ? "no entry" : "a broken entry"}: the function must run (got ${got.made})`);
        model.remove(k, "invalidated");
        model.counts.misses++;
        model.store(k, data ? { made: got.made } : got);
      }
    }
    if (data) model.due.length = 0; // copies of data have nothing to release
    checkReleases(at, [model], log);
  }
  f.clear();
  model.clear("cleared");
  const { entries, hits, misses, evicted, cleared, expired, invalidated } = f.stats();
  const counted = JSON.stringify({ hits, misses, evicted, cleared, expired, invalidated });
  check(counted === JSON.stringify(model.counts), `${where}: stats count ${counted}, the model ${JSON.stringify(model.counts)}`);
  check(entries === 0, `${where}: entries left after clear()`);
  check(data || released.size === made, `${where}: ${released.size} of ${made} values released after clear()`);
  for (const [v, times] of released) check(times === 1, `${where}: value ${v.made} was released ${times} times`);
}

/**
 * The same for an async function: its promise is the entry from the call that started it,
 * and each computation is settled by the test at a random step. A pending entry has no
 * deadline yet; a rejection drops it, and nothing is released for it; a value whose entry
 * left while it was pending is released once it resolves, with `inFlight` true. A
 * computation that settles after its entry left never touches the entry now under its key.
 */
async function runAsync(seed, ttl, bound, form, advance) {
  const next = xorshift(seed);
  const where = `async, seed ${seed}, ttl ${ttl}, maxEntries ${bound}, ${form}`;
  const computations = []; // in the order they started; `made` counts from 1
  const released = new Map(); // computation -> times released
  const lately = []; // [computation, inFlight] released since the last step's checks
  const f = cacheResource((...args) => {
    const c = { made: computations.length + 1, state: "pending", leftPending: false };
    c.promise = new Promise((resolve, reject) => Object.assign(c, { resolve, reject }));
    c.promise.catch(() => {});
    computations.push(c);
    return c.promise;
  }, {
    key: `lifecycle-model-${where}`,
    ttl,
    maxEntries: bound,
    onRelease: (v, inFlight) => {
      const c = computations[v.made - 1];
      released.set(c, (released.get(c) ?? 0) + 1);
      lately.push([c, inFlight]);
    },
  });
  const model = new Model(ttl, bound);
  const keyOf = new Map(); // computation -> its key
  const args = (k) => FORMS[form](k, next() % 2 === 0);

  for (const { k, at, r } of steps(next, where, STEPS / 2, advance)) {
    if (r < 14) {
      clearingStep(r, f, model, args, k, at);
    } else if (r < 34) {
      const pending = computations.filter((c) => c.state === "pending");
      if (pending.length === 0) continue;
      const c = pending[next() % pending.length];
      const key = keyOf.get(c);
      const cached = model.entries.get(key)?.value === c;
      if (next() % 4 === 0) {
        c.state = "rejected";
        c.reject(new Error(`computation ${c.made} failed`));
        // Dropped with no release: there is no resource to release.
        if (cached) model.entries.delete(key);
      } else {
        c.state = "resolved";
        c.resolve({ made: c.made });
        if (cached) model.settle(key);
        else model.due.push(c); // it left while pending: released now
      }
      await flush();
    } else {
      const before = computations.length;
      const got = f(...args(k));
      got.catch(() => {});
      model.expire();
      const e = model.entries.get(k);
      if (e !== undefined) {
        check(got === e.value.promise, `${at}: expected the promise of computation ${e.value.made}`);
        model.use(k);
      } else {
        const c = computations[before];
        check(computations.length === before + 1 && got === c.promise, `${at}: no entry: the function must run, and its promise be returned`);
        keyOf.set(c, k);
        model.counts.misses++;
        model.store(k, c, true);
      }
    }
    for (const [c, inFlight] of lately.splice(0)) {
      check(released.get(c) === 1, `${at}: computation ${c.made} was released ${released.get(c)} times`);
      check(c.state === "resolved", `${at}: computation ${c.made} was released, but it is ${c.state}`);
      check(model.mayBeReleased(c), `${at}: computation ${c.made} was released before it left`);
      check(inFlight === Boolean(c.leftPending), `${at}: computation ${c.made} released with inFlight ${inFlight}`);
    }
    for (const c of model.due.splice(0)) {
      // A pending one is checked again as it resolves; a rejected one has nothing to release.
      if (c.state === "pending") c.leftPending = true;
      if (c.state === "resolved") check(released.has(c) || model.deadlines.get(c) <= Date.now(), `${at}: computation ${c.made} left without onRelease`);
    }
  }
  for (const c of computations) {
    if (c.state === "pending") {
      c.state = "resolved";
      c.resolve({ made: c.made });
    }
  }
  await flush();
  f.clear();
  await flush();
  const resolved = computations.filter((c) => c.state === "resolved");
  check(resolved.every((c) => released.get(c) === 1), `${where}: every resolved value released once after clear()`);
  check(computations.every((c) => c.state === "resolved" || !released.has(c)), `${where}: a rejected computation was released`);
  const { entries, hits, misses } = f.stats();
  check(entries === 0, `${where}: entries left after clear()`);
  check(hits === model.counts.hits && misses === model.counts.misses, `${where}: stats count ${hits} hits and ${misses} misses, the model ${model.counts.hits} and ${model.counts.misses}`);
}

/**
 * The same for refreshMode "background" (a sync function, ttl 3.25 s, refreshRetry 1.5 s):
 * an entry is fresh for a ttl, then stale until twice the ttl, then gone. A stale hit
 * returns the stale value and starts one refresh, unless one runs or a failed one's retry
 * wait has not passed; the refresh runs after the call returns. Its value replaces the old
 * one (released) and restarts the ttl; a failure keeps the stale value. An entry cleared
 * before its refresh runs (and perhaps computed anew) is not refreshed: the function does
 * not run for it. The function fails, in calls and refreshes alike, while `failing` is set.
 */
async function runBackground(seed, bound, form, advance) {
  // Neither the ttl nor twice it ends on a whole second (see SECOND).
  const TTL = 3.25 * SECOND;
  const RETRY = 1.5 * SECOND;
  const next = xorshift(seed);
  const where = `background, seed ${seed}, maxEntries ${bound}, ${form}`;
  const log = releaseLog();
  const { released } = log;
  const values = []; // what the function returned, in order
  let failing = false;
  const f = cacheResource((...args) => {
    if (failing) throw new Error("the backend is down");
    values.push({ made: values.length + 1, args });
    return values[values.length - 1];
  }, {
    key: `lifecycle-model-${where}`,
    ttl: TTL / SECOND,
    refreshMode: "background",
    refreshRetry: RETRY / SECOND,
    maxEntries: bound,
    onRelease: log.onRelease,
  });
  // The entries live until twice the ttl: the model's deadline.
  const model = new Model(2 * TTL / SECOND, bound);
  const counts = { staleHits: 0, refreshes: 0, refreshFailures: 0 };
  const retryAt = new Map(); // key -> when a refresh may start again after a failure
  const args = (k) => FORMS[form](k, next() % 2 === 0);

  for (const { k, at, r } of steps(next, where, STEPS / 2, advance)) {
    if (r < 14) {
      clearingStep(r, f, model, args, k, at);
    } else if (r < 18) {
      failing = !failing && next() % 3 === 0;
      continue;
    } else {
      const before = values.length;
      let got;
      let threw = false;
      try {
        got = f(...args(k));
      } catch {
        threw = true;
      }
      model.expire();
      const e = model.entries.get(k);
      if (e === undefined) {
        model.counts.misses++;
        check(threw === failing, `${at}: a miss ${threw ? "threw" : "returned"} while the function ${failing ? "fails" : "works"}`);
        if (!failing) {
          check(got.made === before + 1, `${at}: a miss must run the function`);
          model.store(k, got);
          retryAt.delete(k);
        }
      } else {
        check(!threw && got === e.value, `${at}: expected the stored value ${e.value.made}, got ${threw ? "a throw" : got.made}`);
        model.use(k);
        const stale = Date.now() >= e.deadline - TTL;
        if (stale) counts.staleHits++;
        if (stale && !e.refreshing && !(Date.now() < (retryAt.get(k) ?? 0))) {
          // A refresh starts once this call returns.
          counts.refreshes++;
          e.refreshing = true;
          const meddle = next() % 6;
          let fresh = null;
          if (meddle === 0 || meddle === 1) {
            f.clear(...args(k));
            model.remove(k, "cleared");
          }
          if (meddle === 1 && !failing) {
            fresh = f(...args(k));
            model.counts.misses++;
            model.store(k, fresh);
          }
          const made0 = values.length;
          await flush();
          if (model.entries.get(k) !== e) {
            // Cleared before the refresh began: it runs nothing.
            check(values.length === made0, `${at}: the refresh of a cleared entry ran the function`);
          } else if (failing) {
            counts.refreshFailures++;
            retryAt.set(k, Date.now() + RETRY);
          } else {
            // The old value leaves, the new one takes its place with a fresh ttl.
            check(values.length === made0 + 1, `${at}: the refresh must run the function once`);
            const value = values[made0];
            model.remove(k, null);
            model.store(k, value);
            retryAt.delete(k);
            check(f.peek(...args(k)) === value, `${at}: the refreshed value is not the one served`);
          }
          e.refreshing = false;
          if (fresh !== null) check(f.peek(...args(k)) === fresh, `${at}: the entry computed during a refresh was replaced`);
        }
      }
    }
    checkReleases(at, [model], log);
  }
  f.clear();
  model.clear("cleared");
  const { entries, hits, misses, staleHits, refreshes, refreshFailures } = f.stats();
  const counted = JSON.stringify({ misses, staleHits, refreshes, refreshFailures });
  const expected = JSON.stringify({ misses: model.counts.misses, ...counts });
  check(counted === expected && hits === model.counts.hits, `${where}: stats count ${counted} and ${hits} hits, the model ${expected} and ${model.counts.hits}`);
  check(entries === 0, `${where}: entries left after clear()`);
  check(released.size === values.length, `${where}: ${released.size} of ${values.length} values released after clear()`);
}

/**
 * The same for `scope: "session"`: two sessions at a time, each with a cache of its own
 * (its own bound and order of use). A call, a delete or a look addresses the session it
 * runs in; `f.clear(...args)` and `f.clear()` every session's; closing a session releases
 * its entries (counted as cleared, or as expired when past their deadline), and a new
 * session takes its place. Counters add up every session's, closed ones included.
 */
function runSessions(seed, ttl, bound, form, advance) {
  const next = xorshift(seed);
  const where = `sessions, seed ${seed}, ttl ${ttl}, maxEntries ${bound}, ${form}`;
  const log = releaseLog();
  const { released } = log;
  const values = [];
  const f = cacheResource((...args) => {
    values.push({ made: values.length + 1, args });
    return values[values.length - 1];
  }, {
    key: `lifecycle-model-${where}`,
    scope: "session",
    ttl,
    maxEntries: bound,
    onRelease: log.onRelease,
  });
  let opened = 0;
  const open = () => ({ session: cacheResource.session(`${where} #${++opened}`), model: new Model(ttl, bound) });
  const live = [open(), open()];
  const models = [...live.map((s) => s.model)]; // every session's, closed ones too
  const args = (k) => FORMS[form](k, next() % 2 === 0);

  for (const { k, at, r } of steps(next, where, STEPS / 2, advance)) {
    const s = live[next() % 2];
    if (r < 11) {
      f.clear(...args(k));
      for (const { model } of live) {
        model.expire();
        model.remove(k, "cleared");
      }
    } else if (r < 13) {
      const answer = s.session.run(() => f.delete(...args(k)));
      s.model.expire();
      check(answer === s.model.entries.has(k), `${at}: delete answered ${answer}`);
      s.model.remove(k, "cleared");
    } else if (r < 14) {
      f.clear();
      for (const { model } of live) model.clear("cleared");
    } else if (r < 16) {
      s.session.close();
      s.model.clear("cleared");
      const fresh = open();
      live[live.indexOf(s)] = fresh;
      models.push(fresh.model);
    } else if (r < 19) {
      const listed = s.session.run(() => f.entries()).map(([, v]) => v.made);
      s.model.expire();
      check(listed.join() === s.model.listed().map((v) => v.made).join(), `${at}: entries() listed ${listed}, the model keeps ${s.model.listed().map((v) => v.made)}`);
    } else {
      const before = values.length;
      const got = s.session.run(() => f(...args(k)));
      s.model.expire();
      const e = s.model.entries.get(k);
      if (e !== undefined) {
        check(got === e.value, `${at}: expected the stored value ${e.value.made}, got ${got.made}`);
        s.model.use(k);
      } else {
        check(values.length === before + 1 && got === values[before], `${at}: no entry in this session: the function must run (got ${got.made})`);
        s.model.counts.misses++;
        s.model.store(k, got);
      }
    }
    checkReleases(at, models, log);
  }
  f.clear();
  for (const { model } of live) model.clear("cleared");
  const total = { hits: 0, misses: 0, evicted: 0, cleared: 0, expired: 0 };
  for (const model of models) for (const name of Object.keys(total)) total[name] += model.counts[name];
  const { entries, hits, misses, evicted, cleared, expired } = f.stats();
  const counted = JSON.stringify({ hits, misses, evicted, cleared, expired });
  check(counted === JSON.stringify(total), `${where}: stats count ${counted}, the model ${JSON.stringify(total)}`);
  check(entries === 0, `${where}: entries left after clear()`);
  check(released.size === values.length, `${where}: ${released.size} of ${values.length} values released after clear()`);
  for (const { session } of live) session.close();
}

export const tests = {
  "random calls, clears, sets, looks and moves of the time under ttl, maxEntries and validate: the cache answers as a model of the rules"() {
    // Each run moves a Date of its own: the clock goes on from where the last one left it.
    let seed = 1;
    for (const ttl of TTLS) {
      for (const bound of BOUNDS) {
        for (const validating of [false, true]) {
          for (const form of Object.keys(FORMS)) withMovedDate((advance) => run(seed++ * 7919, ttl, bound, validating, form, advance));
        }
      }
    }
  },

  "cacheData: random calls, clears, sets, looks and moves of the time under ttl and maxEntries: the cache answers as a model of the rules"() {
    let seed = 1;
    for (const ttl of TTLS) {
      for (const bound of BOUNDS) {
        for (const form of Object.keys(FORMS)) withMovedDate((advance) => run(seed++ * 49979687, ttl, bound, false, form, advance, true));
      }
    }
  },

  async "async: random calls, settles, clears and moves of the time under ttl and maxEntries: the cache answers as a model of the rules"() {
    let seed = 1;
    for (const ttl of TTLS) {
      for (const bound of BOUNDS) {
        for (const form of ["number", "object", "mixed"]) await withMovedDate((advance) => runAsync(seed++ * 104729, ttl, bound, form, advance));
      }
    }
  },

  async "background refresh: random calls, failures, clears mid-refresh and moves of the time: the cache answers as a model of the rules"() {
    const warn = console.warn;
    console.warn = () => {}; // each failed refresh warns: expected here
    let seed = 1;
    try {
      for (const bound of BOUNDS) {
        for (const form of ["number", "object", "mixed"]) await withMovedDate((advance) => runBackground(seed++ * 15485863, bound, form, advance));
      }
    } finally {
      console.warn = warn;
    }
  },

  "sessions: random calls, clears, closes and moves of the time in two sessions at a time: the cache answers as a model of the rules"() {
    let seed = 1;
    for (const ttl of TTLS) {
      for (const bound of BOUNDS) {
        for (const form of ["number", "object", "mixed"]) withMovedDate((advance) => runSessions(seed++ * 32452843, ttl, bound, form, advance));
      }
    }
  },
};
