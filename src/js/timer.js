// The registry's one expiry timer, armed for the earliest deadline only (never one per
// entry: per-entry timers are what makes memoizee and lru-cache slow at 100k entries and
// keep Node alive). wasm keeps the deadlines; every call that can move the earliest one
// (a store, a miss, a clear, a settle) is followed by `rearm()`.

import { core } from "./wasm.js";
import { clockLead, now, readClock } from "./clock.js";
import { releaseQueued } from "./slots.js";

// setTimeout's delay is a signed 32-bit count of ms: a longer one fires at once, so a far
// deadline is reached in steps of at most this.
const MAX_DELAY_MS = 2_147_483_647;

let handle = null;
// The clearTimeout of the setTimeout that set `handle` (fake timers may come or go meanwhile).
let cancel = null;
let armedFor = -1;
let armedLead = 0;

/** Makes the timer fire at the registry's earliest deadline; a no-op when it already does. */
export function rearm() {
  const next = core.next_deadline();
  if (next === armedFor && armedLead === clockLead()) return;
  if (handle !== null) cancel(handle);
  handle = null;
  armedFor = next;
  armedLead = clockLead();
  if (next < 0) return;
  cancel = clearTimeout;
  handle = setTimeout(fire, Math.min(Math.max(Math.ceil(next - now()), 0), MAX_DELAY_MS));
  // Node: a pending expiry must not keep the process alive. Browsers return a number.
  if (typeof handle === "object") handle.unref?.();
}

/**
 * After anything that can drop entries (a clear, a lookup that expired one): re-arms, then
 * releases what left, in that order, since onRelease may call back in.
 */
export function rearmAndRelease() {
  rearm();
  releaseQueued();
}

/** Releases now what the timer would: a clear, delete or stats meets no expired entry. */
export function expireDue() {
  readClock();
  core.expire_due();
  rearmAndRelease();
}

function fire() {
  handle = null;
  armedFor = -1;
  expireDue();
}
