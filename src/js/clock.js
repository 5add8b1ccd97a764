// The registry's notion of "now", in performance.now() milliseconds. A cache with a ttl
// needs it on every call: an entry must never be served past its deadline, and a
// synchronous turn can run for any time (a slow function, a busy loop, a whole Python
// script). performance.now() is read once per turn; later in the turn, Date.now()'s
// whole-millisecond steps bound the time that has passed, from above with 1 ms for its
// rounding, at a third of the cost in a page (about 45 ns against 145 in Chromium). So
// an entry may expire up to 2 ms early, never late (unless the wall clock is set back in
// the middle of a turn). Caches without a ttl only need the time for the inspector's ages.

import { core } from "./wasm.js";

let fresh = false;
let turnStart = 0;
let turnDate = 0;
let last = 0;

function stale() {
  fresh = false;
}

/** Now, never behind the real time by a millisecond or more, and never going back. */
export function now() {
  const date = Date.now();
  let t;
  if (!fresh) {
    fresh = true;
    queueMicrotask(stale);
    turnDate = date;
    t = turnStart = performance.now();
  } else {
    t = date === turnDate ? turnStart : turnStart + (date - turnDate) + 1;
  }
  return (last = t > last ? t : last);
}

/** Brings the registry's clock to now. */
export function readClock() {
  core.set_now(now());
}

/** Brings the registry's clock up to date unless it already is for this turn. */
export function refreshClock() {
  if (!fresh) readClock();
}
