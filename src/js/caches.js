// The per-cache table: what JS keeps for each cache id wasm hands out (one per wrapped
// function, and one per session for session-scoped ones). Per id, not per wrap: wraps of
// one source share the cache, and the latest registration's options.

import { core } from "./wasm.js";
import { forgetShapes } from "./front-objects.js";
import { forgetPaths } from "./front-primitives.js";

/** Cache id -> hits served by the front cache without a call into wasm (see `call`). */
export const frontHits = [];
/**
 * Cache id -> whether its latest registration has neither a ttl nor a size bound. A hit
 * then changes nothing in the registry but its counter, so the front cache answers alone.
 * Per id, not per wrap: wraps of one source share the cache and the latest options.
 */
export const plain = [];
/** Cache id -> whether its latest registration has a ttl: its calls read the clock. */
export const timed = [];
/**
 * Cache id -> whether its latest registration has a ttl and refreshes in the foreground: a
 * hit then changes nothing in the registry but its counter and recency, so the front
 * cache answers alone once the entry's deadline (`deadlines`) is checked here.
 */
export const expiring = [];
/**
 * Cache id -> whether its latest registration has a size bound and refreshes in the
 * foreground: the front cache answers a hit alone and logs it as used (used.js).
 */
export const bounded = [];

/** Cache id -> onRelease of the latest wrap of that function. */
export const releasers = [];

/** Cache id -> { name, session, options, clear }: every cache, for stats and the inspector. */
export const caches = new Map();

/**
 * Forgets a closed session's cache (its entries were released): wasm drops it and may
 * reuse its id, so nothing here may outlive it.
 */
export function forgetCache(id) {
  core.drop_cache(id);
  caches.delete(id);
  frontHits[id] = plain[id] = timed[id] = expiring[id] = bounded[id] = releasers[id] = undefined;
  forgetPaths(id);
  forgetShapes(id);
}
