// The registry's notion of "now", refreshed at most once per synchronous turn. A clock read
// (performance.now) costs more than a whole cache hit in Node; within one turn of the event
// loop the difference is the turn's own running time, so one read serves every call in it.
// The queued microtask marks the reading stale as soon as the current turn ends.

import { set_now } from "./wasm/cache_resource.js";

let fresh = false;

function stale() {
  fresh = false;
}

/** Brings the registry's clock up to date unless it already is for this turn. */
export function refreshClock() {
  if (fresh) return;
  fresh = true;
  set_now(performance.now());
  queueMicrotask(stale);
}
