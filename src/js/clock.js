// The registry's notion of "now". A cache with a ttl reads the clock on every call: an
// entry must never be served past its deadline, and a synchronous turn can run for any
// time (a slow function, a busy loop, a whole Python script). Caches without a ttl only
// need the time for the inspector's ages, so they read it at most once per turn: a clock
// read (performance.now) costs about as much as a whole cache hit in Node.

import { set_now } from "./wasm/cache_resource.js";

let fresh = false;

function stale() {
  fresh = false;
}

/** Brings the registry's clock to now. */
export function readClock() {
  set_now(performance.now());
}

/** Brings the registry's clock up to date unless it already is for this turn. */
export function refreshClock() {
  if (fresh) return;
  fresh = true;
  readClock();
  queueMicrotask(stale);
}
