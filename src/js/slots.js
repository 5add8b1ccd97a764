// The JS half of every entry: the value (or promise) stored under the slot number wasm
// hands out, and the releasing of values that left the cache. Entries, keys, LRU order and
// counters live in the wasm registry (src/core/registry.rs).

import { core } from "./wasm.js";
import { RELEASE_REASONS, RELEASE_RECORD } from "./abi.js";
import { caches, releasers } from "./caches.js";
import { memoryWords } from "./key-buffer.js";
import { callReported } from "./errors.js";
import { emit, watchingReleases } from "./events.js";
import { forgetSlot, primitivePaths } from "./front-primitives.js";
import { forgetObject, objectEntries } from "./front-objects.js";

/** Slot -> the cached value: a sync result, or the promise of an async one. */
export const values = [];
/** Slot -> what an async entry resolved to, once it has; `PENDING` before; `SYNC` for a sync entry. */
export const settled = [];
/** Slot -> when its entry expires, for caches whose hits JS answers alone (api.js `expiring`). */
export const deadlines = [];
/** Slot -> the arguments it was stored for, for `entries()` and the inspector; kept as long as the entry. */
export const argsOf = [];

// Every array indexed by slot. V8 turns an array written far past its end into a dictionary
// (slots reach the tens of thousands when one cache holds that many entries, and some of
// these are written for some slots only): recording and releasing an object entry then
// cost 260 ns, against 95.
const bySlot = [values, settled, deadlines, argsOf, primitivePaths, objectEntries];

/** Makes every array indexed by slot reach `slot`, a slot wasm just handed out. */
export function reserve(slot) {
  if (slot < values.length) return;
  for (const a of bySlot) while (a.length <= slot) a.push(undefined);
}

export const PENDING = Symbol("pending");
export const SYNC = Symbol("sync");


/**
 * The `then` method of a thenable, or null. Read once per result: a getter may answer
 * differently the next time, and the entry must be what the first answer said.
 */
export function thenOf(v) {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return null;
  const then = v.then;
  return typeof then === "function" ? then : null;
}

/**
 * The value a validate or an onRelease sees: what the entry resolved to. `PENDING` while an
 * async entry is in flight.
 */
export function resolvedValue(slot) {
  const s = settled[slot];
  return s === SYNC ? values[slot] : s;
}

/** Drops everything JS holds for a slot that left the cache. */
export function forget(slot) {
  values[slot] = settled[slot] = deadlines[slot] = argsOf[slot] = undefined;
  forgetSlot(slot);
  forgetObject(slot);
}

// Where wasm keeps the number of waiting release records and their address (a word
// index): read in place, so the common answer, none, costs no call, and neither does a
// drain.
let queueAt = -1;

// Releasing takes two steps so no user code runs while the slot table is half updated:
// first the released values are taken out of `values`, then (after the caller has stored
// what it stores) their onRelease callbacks run, and may call back into the cache.
export function collectReleased() {
  if (queueAt < 0) queueAt = core.released_at() >>> 2;
  const words = memoryWords();
  const count = words[queueAt];
  if (count === 0) return null;
  const at = words[queueAt + 1] >>> 2;
  // Null while no one is told of a release: an eviction under a bound then allocates nothing.
  let out = null;
  // Only JS runs until the count is set to 0: the records stay where they are.
  for (let i = at; i < at + RELEASE_RECORD * count; i += RELEASE_RECORD) {
    const slot = words[i];
    const id = words[i + 1];
    // The onRelease of the wrap that stored it: a rewrap may be about to replace it.
    const onRelease = releasers[id];
    if (onRelease || watchingReleases) {
      // A sync entry is released with its value, a settled async one with what it resolved
      // to, a pending one (its promise) once it resolves.
      const state = settled[slot];
      (out ??= []).push(state === SYNC || state === PENDING ? values[slot] : state, onRelease, id, words[i + 2], state === PENDING);
    }
    forget(slot);
  }
  // Read: the registry drops them at the start of its next call.
  words[queueAt] = 0;
  return out;
}

export function runReleases(list) {
  if (list === null) return;
  for (let i = 0; i < list.length; i += 5) {
    const value = list[i];
    const onRelease = list[i + 1];
    if (watchingReleases) {
      const cache = caches.get(list[i + 2]);
      // A closed session's caches are cleared; the user sees the session's end.
      const reason = cache?.session?.closed ? "session" : RELEASE_REASONS[list[i + 3]];
      emit("release", { name: cache?.name ?? null, reason, value });
    }
    if (!onRelease) continue;
    if (list[i + 4]) {
      // Released in flight: freed with what it resolves to; a rejection has nothing to free.
      // Promise.resolve turns a thenable whose then() throws into a rejection.
      Promise.resolve(value).then((v) => callRelease(onRelease, v, true), () => {});
    } else {
      callRelease(onRelease, value);
    }
  }
}

/** Drains and runs every queued release: for callers with nothing to store in between. */
export function releaseQueued() {
  runReleases(collectReleased());
}

export function callRelease(onRelease, value, inFlight = false) {
  // One failing onRelease must not stop the others or break the cache.
  if (onRelease) callReported(onRelease, value, "onRelease threw", inFlight);
}
