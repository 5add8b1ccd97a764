// Change notifications for inspectors, devtools and view bindings. Nothing is emitted,
// and nothing costs, while no one listens: the hot path checks one boolean, which a
// listener to releases alone (a view binding) leaves false.

import { callReported } from "./errors.js";

const TYPES = ["insert", "hit", "settle", "release", "refresh", "refreshError", "session"];

/** Listener -> the event types it wants, or null for all. */
const listeners = new Map();

/** Whether anyone listens to more than releases (callers skip building event details when not). */
export let watching = false;
/** Whether anyone listens to releases. */
export let watchingReleases = false;

/**
 * Calls `listener({ type, ... })` after each change of the registry: "insert", "hit",
 * "settle", "release" (one per entry, with its `reason` and `value`), "refresh",
 * "refreshError", "session"; only those in `options.types` when given. Returns the
 * unsubscribe function.
 */
export function subscribe(listener, options) {
  if (typeof listener !== "function") {
    throw new TypeError(`cacheResource.subscribe: expected a function, got ${typeof listener}.`);
  }
  const types = options?.types;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => TYPES.includes(t)))) {
    throw new TypeError(`cacheResource.subscribe: \`types\` must be an array of ${TYPES.join(", ")}.`);
  }
  listeners.set(listener, types === undefined ? null : new Set(types));
  listened();
  return () => {
    listeners.delete(listener);
    listened();
  };
}

function listened() {
  watching = watchingReleases = false;
  for (const types of listeners.values()) {
    watching ||= types === null || [...types].some((t) => t !== "release");
    watchingReleases ||= types === null || types.has("release");
  }
}

export function emit(type, detail) {
  if (!(watching || (watchingReleases && type === "release"))) return;
  const event = { type, ...detail };
  for (const [listener, types] of [...listeners]) {
    if (types !== null && !types.has(type)) continue;
    // A broken listener must not break a cached call.
    callReported(listener, event, "a subscriber threw");
  }
}
