// cacheResource: the wrapper users call. Values and user callbacks live in JS (slots.js);
// entries, keys, LRU order, deadlines and counters live in the wasm registry
// (src/core/registry.rs).

import { core } from "./wasm.js";
import { GONE, MALFORMED, MISS, refreshDue, slotOf } from "./abi.js";
import { bounded, caches, expiring, frontHits, plain, releasers, timed } from "./caches.js";
import { addStats, emptyStats, entriesOf, inspect, pageStats, resets, resetStats, retire, statsOf } from "./stats.js";
import { refresh } from "./refresh.js";
import { now, readClock, readStartClock, refreshClock } from "./clock.js";
import { encodeArgs, hasUnordered, keyLength, lastLocal, streamStart, writeTexts } from "./encode.js";
import { attachMemory, memoryBytes, readKey } from "./key-buffer.js";
import { classes, classOf, isNativeSource } from "./function-source.js";
import { identityOf, siteOf, stackSite } from "./call-site.js";
import { HashFuncError, UnhashableParamError } from "./errors.js";
import { paramError, parameters } from "./params.js";
import { emit, subscribe, watching } from "./events.js";
import { ASYNC_VALIDATE, parseOptions, show } from "./options.js";
import { currentSession, Session } from "./session.js";
import {
  argsOf, collectReleased, deadlines, forget, PENDING, releaseQueued, reserve, resolvedValue, runReleases,
  settled, SYNC, thenOf, values,
} from "./slots.js";
import { showSpinner } from "./spinner.js";
import { used } from "./used.js";
import { expireDue, rearm, rearmAndRelease } from "./timer.js";
import { find, findFew, remember } from "./front-primitives.js";
import { capture, capturedByFinder, encodeCaptured, findObject, rememberObject, uncopiedHit } from "./front-objects.js";

export { HashFuncError, UnhashableParamError };


// Cached computations running synchronously right now: only the outermost shows a spinner.
let depth = 0;

/** Called once by the entry module with the instantiated wasm exports. */
export function attach(wasmExports) {
  attachMemory(wasmExports.memory);
}

const KEY_TEXT = Symbol.for("cache-resource.keyText");
// On a cacheData function: calls and looks that give the kept value itself, not a copy,
// for cache-resource/react, which copies once per component (a copy per render would be a
// new promise per render, which React's `use` cannot wait for).
const KEPT = Symbol.for("cache-resource.kept");

/**
 * Whether the front cache's `slot` answers a call of cache `id` without the registry (see
 * caches.js); if so, counts the hit, as the registry would.
 */
function frontHit(id, slot) {
  // Per cache, not per wrap: the latest wrap of this source may have given it a ttl.
  if (!(plain[id] || (expiring[id] ? now() < deadlines[slot] : bounded[id]))) return false;
  frontHits[id]++;
  if (bounded[id]) used(slot);
  return true;
}

const internalError = (what = "malformed key stream") => new Error(`cache-resource: internal error: ${what}`);

/**
 * The cached function of `fn`. `copier` (cacheData's, see data.js) keeps a copy of each
 * result and hands every caller a copy of its own; null for a resource, kept as it is.
 */
export function wrap(fn, opts, copier = null) {
  if (typeof fn !== "function") {
    throw new TypeError(`cacheResource: expected a function to cache, got ${show(fn)}.`);
  }
  const name = opts.name ?? (fn.name || "anonymous");
  const source = Function.prototype.toString.call(fn);
  if (opts.key === "" && isNativeSource(source)) {
    throw new TypeError(
      `cacheResource: '${name}' is a native or bound function, whose source text ("${source}") ` +
        "does not tell it apart: wrap it in an ordinary function, or give it a `key`.",
    );
  }
  // Every caller would get the one generator, spent by the first that iterated it.
  if (/GeneratorF/.test(fn[Symbol.toStringTag])) {
    throw new TypeError(`cacheResource: '${name}' is a generator function: a generator can be read once. Cache a function returning its items.`);
  }
  // A class cannot be called without `new`, so every call would throw. Its source is
  // `class {`, `class Name` or `class extends`; a method's is `class(…) {`, `classify(…) {`.
  if (/^class(\s*\{|\s+[^\s(])/.test(source)) {
    throw new TypeError(`cacheResource: '${name}' is a class. Cache a function returning one: (...a) => new ${name}(...a).`);
  }
  const hasTtl = opts.ttl !== Infinity;
  const background = opts.refreshMode === "background";
  // What a background refresh stores: the result, or for data the copy the cache keeps.
  const refreshed = copier === null ? fn : function () {
    return copier.keep(fn.apply(this, arguments), name);
  };
  const validate = opts.validate;
  const scoped = opts.scope === "session";
  const cacheKey = opts.cacheKey;
  const params = parameters(source, opts);
  const { skip, skipFrom, keepFrom } = params;
  const hashFuncs = opts.hashFuncs;
  // Whether a call's key is its arguments as they are, none ignored, and primitives its own
  // (see call0).
  const few = !hashFuncs?.primitive && skip === null && skipFrom === Infinity;
  // Arguments call0 takes as they come: up to three, fewer where trailing undefined ones count.
  const fewUpTo = Math.min(3, keepFrom);
  // Every cache of this wrap: the global one, or one per session it was called in.
  const own = new Set();

  function open(session) {
    if (hasTtl) readClock();
    // The first character keeps every session's namespace apart from any `key` a global
    // wrap can be given.
    // A data function's caches are apart from a resource's of the same source.
    const namespace = (session === null ? "g" : `s${session.id}\u0000`) + (copier === null ? "" : "data\u0000") + identityOf(opts);
    const [at, nameLen, sourceLen, namespaceLen] = writeTexts([name, source, namespace]);
    const id = core.register(at, nameLen, sourceLen, namespaceLen, opts.maxEntries, opts.ttl, background ? opts.refreshRetry : NaN);
    if (id < 0) throw internalError("register");
    frontHits[id] ??= 0;
    plain[id] = !hasTtl && opts.maxEntries === 0;
    timed[id] = hasTtl;
    expiring[id] = hasTtl && !background;
    bounded[id] = opts.maxEntries > 0 && !background;
    // Registering again with other options may have dropped entries (and their deadlines).
    rearm();
    const reconfigured = collectReleased();
    releasers[id] = opts.onRelease;
    caches.set(id, {
      name,
      kind: copier === null ? "resource" : "data",
      session,
      options: opts,
      clear() {
        expireDue();
        core.clear_cache(id);
        rearmAndRelease();
      },
    });
    own.add(id);
    runReleases(reconfigured);
    return id;
  }

  const globalId = scoped ? -1 : open(null);
  const sessionIds = new WeakMap();

  function idIn(session) {
    if (session === null) {
      throw new Error(
        `cacheResource: '${name}' has scope "session" and was called outside a session: call it in ` +
          `session.run(() => ...), or bind one with ${name}.withSession(session).`,
      );
    }
    session.check();
    let id = sessionIds.get(session);
    if (id === undefined) {
      id = open(session);
      sessionIds.set(session, id);
      session.caches.set(id, () => {
        own.delete(id);
        addStats(retiredStats(), retire(id));
      });
    }
    return id;
  }
  // Counters of this function's closed sessions, since the counters were last reset.
  let retired = emptyStats();
  let retiredSince = resets;
  function retiredStats() {
    if (retiredSince !== resets) [retired, retiredSince] = [emptyStats(), resets];
    return retired;
  }

  /**
   * Writes the key stream of `keys` (see encodeArgs) and returns its length; from what
   * front-objects.js `captured` of them when it did (a copy, or what a finder read).
   */
  function keyStreamOf(keys, captured = null) {
    try {
      if (captured === null) return encodeArgs(keys, skip, skipFrom, hashFuncs, keepFrom);
      return captured.copy === null ? encodeCaptured(captured, keys) : encodeArgs(captured.copy, skip, skipFrom, hashFuncs, keepFrom, captured.copies);
    } catch (e) {
      throw paramError(e, name, params);
    }
  }

  /** What the key is made of: the arguments, or what cacheKey returns for them. */
  function keysOf(self, args) {
    return cacheKey === null ? args : [cacheKey.apply(self, args)];
  }

  function call(id, self, args) {
    const keys = keysOf(self, args);
    if (hashFuncs?.primitive) return answer(id, self, args, keys, -1, -1);
    const n = keyLength(keys, skip, skipFrom, keepFrom);
    // Objects have their own front cache, asked when the primitive one has no path; its
    // finders know no hash functions.
    const known = find(id, keys, n, skip);
    return answer(id, self, args, keys, n, known < 0 && n > 0 && hashFuncs === null ? findObject(id, keys, n, skip) : known);
  }

  /**
   * A call, once the front cache was asked about its `keys` (the arguments, or what
   * cacheKey made of them): `n` is the key's length (-1 when the front cache does not
   * apply), `known` the slot it found or -1.
   */
  function answer(id, self, args, keys, n, known) {
    if (known >= 0 && frontHit(id, known)) return served(id, known, self, args, false);
    if (timed[id]) readClock();
    else if (!plain[id]) refreshClock();
    // GONE until the front cache (or the registry) says otherwise: take the full lookup.
    const slot = known >= 0 ? core.lookup_slot(id, known) : GONE;
    return looked(id, self, args, keys, n, slot);
  }

  /** The call once the front cache's slot, if any, was looked up in the registry. */
  function looked(id, self, args, keys, n, slot) {
    if (slot === GONE) {
      // Objects among the arguments are read once: when their shape's finder read them
      // just now, hashed and recorded from what it read; else walked as they are, or, once
      // the cache copies (see capture), copied as read, hashed from the copy and recorded
      // from it.
      let captured = null;
      if (n > 0 && hashFuncs === null) {
        try {
          captured = capturedByFinder(keys) ?? capture(id, keys, n, skip);
        } catch (e) {
          throw paramError(e, name, params);
        }
      }
      const len = keyStreamOf(keys, captured);
      slot = core.lookup(id, streamStart(), len, hasUnordered());
      if (slot === MALFORMED) throw internalError();
      // Found the full way: from the next call on, found in the front cache (objects
      // walked uncopied: from a later one). Recording only entries hit twice keeps
      // one-off calls (and their memory) out of it.
      if (slot !== MISS && n >= 0) {
        const at = slotOf(slot);
        if (!remember(id, keys, n, skip, at)) {
          if (captured !== null) rememberObject(id, captured, n, at);
          else if (n > 0) uncopiedHit(id);
        }
      }
    }
    if (slot === MISS) return miss(id, self, args);
    if (slot >= 0) return served(id, slot, self, args, false);
    // A stale hit (background mode).
    const stale = slotOf(slot);
    if (refreshDue(slot)) refresh(refreshed, name, opts.refreshRetry, id, stale, self, args);
    return served(id, stale, self, args, true);
  }

  /**
   * A hit's value, through validate; its event comes after the value is taken, since a
   * listener may clear the entry.
   */
  function served(id, slot, self, args, stale) {
    if (validate !== null) return checked(id, slot, self, args, stale);
    const value = values[slot];
    if (watching) hit(stale);
    return value;
  }

  function hit(stale) {
    emit("hit", stale ? { name, stale: true } : { name });
  }

  /** A hit gated by `validate`: a falsy result (or a throw) drops the entry. */
  function checked(id, slot, self, args, stale) {
    const stored = values[slot];
    const resolved = resolvedValue(slot);
    if (resolved === PENDING) {
      // Still in flight: validate what it resolves to.
      if (watching) hit(stale);
      return Promise.resolve(stored).then((v) => (passes(slot, stored, v) ? v : call(id, self, args)));
    }
    if (!passes(slot, stored, resolved)) return call(id, self, args);
    if (watching) hit(stale);
    return stored;
  }

  function passes(slot, stored, resolved) {
    let ok;
    try {
      ok = validate(resolved);
      if (thenOf(ok) !== null) throw new TypeError(ASYNC_VALIDATE);
    } catch (e) {
      drop(slot, stored, true);
      throw e;
    }
    // A falsy answer computes anew, and that lookup counts the miss.
    if (!ok) drop(slot, stored, false);
    return Boolean(ok);
  }

  function drop(slot, stored, asMiss) {
    // validate is user code: it may have cleared the entry, and the slot been reused.
    if (values[slot] === stored && core.invalidate(slot, asMiss)) rearm();
    releaseQueued();
  }

  function miss(id, self, args) {
    const key = readKey();
    // Read before releases run user code, which may write other streams.
    const local = copier !== null && lastLocal;
    // The lookup may have expired the entry it found (only a ttl's deadline can have
    // moved); release it even if `fn` throws.
    if (timed[id]) rearm();
    releaseQueued();
    let result;
    depth++;
    try {
      // A throw here leaves nothing cached.
      result = copier === null ? fn.apply(self, args) : copier.miss(key, () => fn.apply(self, args), name, local);
    } finally {
      depth--;
    }
    return store(id, key, result, args);
  }

  /** Stores `result` under `key` (the four words readKey gave) for `args`, and returns it. */
  function store(id, key, result, args) {
    // A `then` getter that throws leaves nothing cached.
    const then = thenOf(result);
    // The ttl counts from when the value is stored, however long `fn` ran.
    if (timed[id]) readStartClock();
    // Indexed, not destructured: destructuring took a sixth of a miss (the iterator protocol).
    const stored = core.insert(id, key[0], key[1], key[2], key[3], then !== null);
    // Only an entry with a ttl moves the earliest deadline.
    if (timed[id]) rearm();
    const released = collectReleased();
    reserve(stored);
    values[stored] = result;
    argsOf[stored] = args;
    if (then === null) {
      settled[stored] = SYNC;
      if (expiring[id]) deadlines[stored] = core.deadline_of(stored);
      runReleases(released);
    } else {
      storePending(id, stored, result, then, args, released);
    }
    if (watching) emit("insert", { name });
    return result;
  }

  // Apart from miss(), whose common sync case then stays small enough for V8 to inline
  // what it calls (measured: 40 ns of a miss with LRU eviction).
  function storePending(id, stored, result, then, args, released) {
    settled[stored] = PENDING;
    try {
      track(id, stored, result, then, args);
    } finally {
      // Evicted entries are released even when the result's then() threw.
      runReleases(released);
    }
  }

  // The promise is cached at once, so concurrent callers share one computation. Its ttl
  // starts when it resolves; a rejection takes it back out. Either way only if the slot
  // still holds this promise in flight (it may have been cleared and reused, and a
  // thenable may call back more than once).
  function track(id, stored, result, then, args) {
    const spinner = opts.showSpinner !== false && depth === 0 ? showSpinner(spinnerText(args), opts.showTime, opts.spinnerContainer) : null;
    const inFlight = () => values[stored] === result && settled[stored] === PENDING;
    const fail = () => {
      spinner?.done();
      if (inFlight() && core.discard(stored)) {
        forget(stored);
        rearm();
      }
    };
    try {
      then.call(
        result,
        (v) => {
          spinner?.done();
          if (!inFlight()) return;
          settled[stored] = v;
          readStartClock();
          core.settle(stored);
          if (expiring[id]) deadlines[stored] = core.deadline_of(stored);
          rearm();
          emit("settle", { name });
        },
        () => {
          fail();
          emit("settle", { name, rejected: true });
        },
      );
    } catch (e) {
      // A then() that throws is a result that can never settle: nothing stays cached.
      fail();
      throw e;
    }
  }

  function spinnerText(args) {
    if (typeof opts.showSpinner === "string") return opts.showSpinner;
    return `Running \`${name}(${args.length === 0 ? "" : "..."})\`.`;
  }

  // Wrappers are methods (`{ [name]() {} }[name]`), which are no constructors: `new` on a
  // function would answer its fresh `this`, empty, on every hit. So named, they carry the
  // cached function's name into stack traces.
  /** A call of the global cache, its arguments in an array. */
  const callGlobal = {
    [name](...args) {
      return call(globalId, this, args);
    },
  }[name];
  const call0 = scoped
    ? {
        [name](...args) {
          return call(idIn(currentSession()), this, args);
        },
      }[name]
    : cacheKey !== null || !few
    ? callGlobal
    : params.none
    ? {
        [name]() {
          // A function of no parameters is called with none: a wrapper of none takes such a
          // call without V8 padding three parameters (no-argument hits 8 ns, against 10).
          if (arguments.length !== 0) return callGlobal.apply(this, arguments);
          const known = findFew(globalId);
          if (known >= 0 && validate === null && !watching && frontHit(globalId, known)) return values[known];
          return callFew(this, 0, known);
        },
      }[name]
    : {
        [name](a0, a1, a2) {
          // The commonest hit, answered here so V8 can inline all of it: no validate,
          // hashFuncs of a primitive type, cacheKey or listeners, arguments seen before. Up
          // to three arguments arrive as parameters: where V8 does not inline this function
          // (a call site that calls many), a rest array cost 11 of a 37 ns hit in Chromium.
          // apply() passes `arguments` on without making it an object.
          const count = arguments.length;
          if (count > fewUpTo && (count > 3 || arguments[count - 1] === undefined)) return callGlobal.apply(this, arguments);
          const known = findFew(globalId, a0, a1, a2);
          if (known >= 0 && validate === null && !watching && frontHit(globalId, known)) return values[known];
          return callFew(this, count, known, a0, a1, a2);
        },
      }[name];

  /**
   * call0 past the primitive front cache, which found `known` (or -1, and then the object
   * front cache is asked, as call0 asked the primitive one).
   */
  function callFew(self, count, known, a0, a1, a2) {
    const args = count === 0 ? [] : count === 1 ? [a0] : count === 2 ? [a0, a1] : [a0, a1, a2];
    const n = keyLength(args, null, Infinity);
    if (known < 0 && n > 0 && hashFuncs === null) {
      known = findObject(globalId, args, n);
      if (known >= 0 && validate === null && !watching && frontHit(globalId, known)) return values[known];
    }
    return answer(globalId, self, args, args, n, known);
  }
  const cached = copier === null ? call0 : {
    [name](...args) {
      return copier.copy(call0.apply(this, args));
    },
  }[name];

  /** `f.clear()` empties this function's caches; `f.clear(...args)` drops that entry. */
  cached.clear = function clear(...args) {
    expireDue();
    if (args.length === 0) {
      for (const id of own) core.clear_cache(id);
    } else {
      const len = argsStream(args);
      const at = streamStart();
      const unordered = hasUnordered();
      for (const id of own) {
        if (core.clear_key(id, at, len, unordered) < 0) throw internalError();
      }
    }
    rearmAndRelease();
  };

  /** The cache a call would use now: the global one, or the current session's. */
  const cacheNow = () => (scoped ? idIn(currentSession()) : globalId);

  /** Writes the key stream of `args` as a call would (cacheKey included) and returns its length. */
  const argsStream = (args) => keyStreamOf(keysOf(undefined, args));

  /** The slot of the live entry a call with `args` would find in cache `id`, or MISS; looks only. */
  function peekSlot(id, args) {
    const len = argsStream(args);
    if (timed[id]) readClock();
    const slot = core.peek(id, streamStart(), len, hasUnordered());
    if (slot === MALFORMED) throw internalError();
    return slot;
  }

  /** Whether a call with these arguments would be a hit; counts nothing, changes no recency. */
  cached.has = (...args) => peekSlot(cacheNow(), args) >= 0;

  /** What the cache keeps for these arguments (for cacheData, not a copy), or undefined. */
  function peekKept(...args) {
    const slot = peekSlot(cacheNow(), args);
    return slot < 0 ? undefined : values[slot];
  }

  /** The value a call with these arguments would return from the cache, or undefined; counts nothing. */
  cached.peek = (...args) => {
    const kept = peekKept(...args);
    return copier === null || kept === undefined ? kept : copier.copy(kept);
  };

  /** Stores `value` as the result for `args` (an array), releasing a value already there. */
  cached.set = (args, value) => {
    if (!Array.isArray(args)) {
      throw new TypeError(`${name}.set: expected the arguments as an array, like ${name}.set(["x"], value), got ${show(args)}.`);
    }
    const id = cacheNow();
    peekSlot(id, args);
    store(id, readKey(), copier === null ? value : copier.keep(value, name), [...args]);
  };

  /** Drops the entry a call with these arguments would find; true when there was one. */
  cached.delete = (...args) => {
    expireDue();
    const id = cacheNow();
    const len = argsStream(args);
    const found = core.clear_key(id, streamStart(), len, hasUnordered());
    if (found < 0) throw internalError();
    rearmAndRelease();
    return found === 1;
  };

  // The key of `args` in the cache a call would use now, as text: cache-resource/react
  // remembers a rejection under it while React retries the render that saw it.
  cached[KEY_TEXT] = (...args) => {
    const id = cacheNow();
    peekSlot(id, args);
    return `${id} ${readKey().join(" ")}`;
  };

  if (copier !== null) {
    cached[KEPT] = { call: call0, peek: peekKept };
  }

  /** `[args, value]` for each live entry a call could find, in entriesOf's order. */
  cached.entries = () => {
    const list = entriesOf(cacheNow());
    if (copier !== null) for (const entry of list) entry[1] = copier.copy(entry[1]);
    return list;
  };

  /** Counters of this function's caches (summed over sessions for a session scope). */
  cached.stats = () => {
    expireDue();
    const total = { ...retiredStats() };
    for (const id of own) addStats(total, statsOf(id));
    return total;
  };

  /** This function bound to `session`: for session-scoped calls that cross an `await`. */
  cached.withSession = (session) => {
    if (!(session instanceof Session)) {
      throw new TypeError(`${name}.withSession: expected a session from cacheResource.session(), got ${show(session)}.`);
    }
    if (!scoped) throw new TypeError(`${name}.withSession: '${name}' has scope "global"; pass { scope: "session" } when wrapping it.`);
    return {
      [name](...args) {
        const result = call(idIn(session), this, args);
        return copier === null ? result : copier.copy(result);
      },
    }[name];
  };

  Object.defineProperty(cached, "length", { value: fn.length });
  // As an argument, keyed as the function it caches: its own text is every cached one's.
  classes.set(cached, classOf(fn));
  return cached;
}


/**
 * Wraps `fn` so calls with equal arguments share one result. Also usable as a decorator
 * factory, `cacheResource(options)(fn)`, and as a TC39 method decorator,
 * `@cacheResource(options)`.
 */
export function cacheResource(fnOrOptions, options, descriptor) {
  return entered("cacheResource", fnOrOptions, options, parseOptions, (fn, opts, site) => wrap(fn, { ...opts, site }), descriptor);
}

/**
 * A public wrapper's two forms, for `label` (cacheResource, cacheData): `make(fn,
 * parse(options), site)` for a function, or for options a function that takes one, also a
 * TC39 method decorator; `site` is where the app first wrapped `fn` (see call-site.js).
 * `parse` checks the options, at once in either form.
 */
export function entered(label, fnOrOptions, options, parse, make, descriptor) {
  // A bare `@cacheResource` is given the method and the decorator's context, or, as one of
  // TypeScript's experimentalDecorators, the prototype, the method's name and its descriptor.
  if (descriptor !== undefined || typeof options?.addInitializer === "function") {
    return entered(label, undefined, undefined, parse, make)(fnOrOptions, options, descriptor);
  }
  if (typeof fnOrOptions === "function") {
    const parsed = parse(options);
    // A `key` stands in for the call site, which costs a stack trace (13 µs in Node) to read.
    return make(fnOrOptions, parsed, parsed.key === "" ? siteOf(fnOrOptions, 2) : "");
  }
  // A promise (`cacheResource(loadModel("x"))`, a common slip) or an array is no options
  // object: say so now, not when the decorator it would return is called.
  if (fnOrOptions !== undefined && fnOrOptions !== null && (typeof fnOrOptions !== "object" || Array.isArray(fnOrOptions) || thenOf(fnOrOptions) !== null)) {
    const slip = thenOf(fnOrOptions) !== null ? ` Pass the function itself: ${label}(loadModel), not ${label}(loadModel(...)).` : "";
    throw new TypeError(`${label}: expected a function, or an options object for ${label}(options)(fn), got ${show(fnOrOptions)}.${slip}`);
  }
  if (options !== undefined) {
    throw new TypeError(`${label}(options) takes one argument; pass the function to the function it returns.`);
  }
  const parsed = parse(fnOrOptions);
  // (fn) or (fn, an options object over these: the build plugin's names) for the factory form;
  // (method, context) as a TC39 decorator; (prototype, name, descriptor) under
  // TypeScript's experimentalDecorators.
  return (fn, context, descriptor) => {
    const legacy = typeof context === "string" && descriptor?.value;
    const called = !(context?.kind || descriptor);
    if (!legacy && !called && context?.kind !== "method") {
      throw new TypeError(`@${label} decorates methods and functions, not a ${context?.kind ?? "property"}.`);
    }
    const p = called && context != null ? parse(context === Object(context) ? { ...fnOrOptions, ...context } : context) : parsed;
    const cached = make(legacy ? descriptor.value : fn, p, p.key === "" ? (called ? siteOf(fn, 1) : stackSite()) : "");
    return legacy ? { ...descriptor, value: cached } : cached;
  };
}

/** Empties every function of one kind on the page ("resource" or "data"). */
export function clearKind(kind) {
  expireDue();
  for (const [id, c] of caches) if (c.kind === kind) core.clear_cache(id);
  rearmAndRelease();
}

/** Empties every function on the page cached with cacheResource (cacheData.clear() the others). */
cacheResource.clear = () => clearKind("resource");

/** Counters of every cache, by function (and session), plus their totals. */
cacheResource.stats = () => ({ ...pageStats(), memoryBytes: memoryBytes() });

cacheResource.inspect = inspect;

/** Sets every counter back to zero (`entries` stays the live count). */
cacheResource.resetStats = resetStats;

/** A new session for session-scoped functions: `session.run(fn)`, `session.close()`. */
cacheResource.session = (name) => new Session(name);

cacheResource.subscribe = subscribe;
