// The registry's notion of "now", in performance.now() milliseconds, read on every call
// of a cache with a ttl: no entry may be served past its deadline, however long a turn
// runs. performance.now() is read once per turn and Date.now(), a third of its cost in a
// page, bounds the rest of the turn from above (+1 ms for its rounding), and a ttl starts
// from that bound less 1 ms (readStartClock): an entry may expire up to 2 ms early, never
// late. Where Date has moved further since the last turn
// (a machine woken from sleep, a test's fake Date), the clock follows and keeps that
// lead; Date set back or replaced is no move. docs/design.md, "Time", has the figures.

import { core } from "./wasm.js";

// Real turns and time, whatever fake timers replace later.
const perfNow = performance.now.bind(performance);
const microtask = queueMicrotask;

// A Date that falls behind performance.now() by more than this was set back.
const SET_BACK_MS = 1000;

let fresh = false;
// The lead; Date.now() - performance.now() at its highest since the reference (only its
// rises count: rounding adds 1 ms at most); the Date.now it is of.
let lead = 0;
let skew = 0;
let dateNow = null;
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
  if (!fresh || Date.now !== dateNow) {
    fresh = true;
    microtask(stale);
    const p = perfNow();
    const s = date - p;
    if (Date.now !== dateNow || s < skew - SET_BACK_MS) {
      dateNow = Date.now;
      skew = s;
      // Goes on from where it stood: else a Date moved in the last turn holds it still.
      if (last - p > lead) lead = last - p;
    } else if (s > skew) {
      lead += s - skew;
      skew = s;
    }
    turnDate = date;
    t = turnStart = p + lead;
  } else {
    // Date.now() floors: no more than (date - turnDate) + 1 ms have passed since the turn's
    // read, also while it shows the same millisecond.
    t = turnStart + (date - turnDate) + 1;
  }
  return (last = t > last ? t : last);
}

/** How far the clock has run ahead of performance.now(): a timer set before it grew is late. */
export const clockLead = () => lead;

/** Brings the registry's clock to now. */
export function readClock() {
  core.set_now(now());
}

/**
 * Brings the registry's clock to a moment just before now, for a ttl that starts now: now()
 * may run up to 1 ms ahead of the real time, and a deadline counted from it would let an
 * entry be served up to 1 ms past its ttl. Counted from this, it may only end early.
 */
export function readStartClock() {
  core.set_now(now() - 1);
}

/** Brings the registry's clock up to date unless it already is for this turn. */
export function refreshClock() {
  if (!fresh) readClock();
}
