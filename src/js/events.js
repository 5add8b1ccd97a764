// Change notifications for inspectors and devtools. Nothing is emitted, and nothing costs,
// while no one listens: the hot path checks one boolean.

import { report } from "./errors.js";

const listeners = new Set();

/** Whether anyone listens (callers skip building event details when not). */
export let watching = false;

/**
 * Calls `listener({ type, ... })` after each change of the registry: "insert", "hit",
 * "settle", "release" (one per entry, with its `reason` and `value`), "refresh",
 * "refreshError", "session". Returns the unsubscribe function.
 */
export function subscribe(listener) {
  if (typeof listener !== "function") {
    throw new TypeError(`cacheResource.subscribe: expected a function, got ${typeof listener}.`);
  }
  listeners.add(listener);
  watching = true;
  return () => {
    listeners.delete(listener);
    watching = listeners.size > 0;
  };
}

export function emit(type, detail) {
  if (!watching) return;
  const event = { type, ...detail };
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (e) {
      // A broken listener must not break a cached call.
      report(e, "a subscriber threw");
    }
  }
}
