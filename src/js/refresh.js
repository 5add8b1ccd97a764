// Background refresh (refreshMode "background"): a stale entry is served at once and
// refreshed behind the caller's back.

import { core } from "./wasm.js";
import { readClock, readStartClock } from "./clock.js";
import { emit } from "./events.js";
import { releasers } from "./caches.js";
import { callRelease, resolvedValue, settled, SYNC, values } from "./slots.js";
import { rearm } from "./timer.js";

/**
 * Refreshes the stale entry in `slot` of cache `id` by calling `fn` (named `name`) with
 * the stale hit's `self` and `args`: once per stale entry, started after the current call
 * returns so the stale value is served at once, without a spinner. The new value replaces
 * the old (released with onRelease) and restarts the ttl; a failure keeps the stale value,
 * and the next refresh waits `retryMs`.
 */
export function refresh(fn, name, retryMs, id, slot, self, args) {
  const old = values[slot];
  emit("refresh", { name });
  Promise.resolve()
    .then(() => {
      // Gone by now (its validate said no, or a clear): no refresh to run.
      if (values[slot] !== old) throw 0;
      return fn.apply(self, args);
    })
    .then(
      (v) => {
        const onRelease = releasers[id];
        if (values[slot] !== old) {
          // Cleared (or replaced) while refreshing: the new value has no entry to join.
          callRelease(onRelease, v);
          return;
        }
        readStartClock();
        core.refresh_done(slot, true);
        rearm();
        const previous = resolvedValue(slot);
        const async = settled[slot] !== SYNC;
        values[slot] = async ? Promise.resolve(v) : v;
        settled[slot] = async ? v : SYNC;
        emit("release", { name, reason: "refresh", value: previous });
        callRelease(onRelease, previous);
        emit("settle", { name, refreshed: true });
      },
      (e) => {
        if (values[slot] !== old) return;
        readClock();
        core.refresh_done(slot, false);
        rearm();
        console.warn(
          `cache-resource: refreshing '${name}' in the background failed; the stale value stays ` +
            `until twice its ttl, and the next refresh waits ${retryMs / 1000} s.`,
          e,
        );
        emit("refreshError", { name, error: e });
      },
    );
}
