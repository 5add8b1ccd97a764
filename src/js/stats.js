// Counters and snapshots: each cache's stats (wasm's counters plus the hits the front
// cache answered in JS), the page's totals (closed sessions included), and inspect().

import { core } from "./wasm.js";
import { ENTRY_RECORD, STAT_NAMES } from "./abi.js";
import { caches, forgetCache, frontHits } from "./caches.js";
import { now } from "./clock.js";
import { takeReport } from "./key-buffer.js";
import { argsOf, PENDING, settled, values } from "./slots.js";
import { show } from "./options.js";
import { expireDue, rearmAndRelease } from "./timer.js";

export function emptyStats() {
  return Object.fromEntries(STAT_NAMES.map((n) => [n, 0]));
}

export function addStats(total, s) {
  for (const n of STAT_NAMES) total[n] += s[n];
}

/** Counters of every closed session's caches: they stay in the page's totals. */
let retiredTotal = emptyStats();
/** How many times the counters were reset: counters kept elsewhere compare it to theirs. */
export let resets = 0;

/** Sets every counter back to zero; `entries` stays the live count. */
export function resetStats() {
  core.reset_stats();
  for (const id of caches.keys()) frontHits[id] = 0;
  retiredTotal = emptyStats();
  resets++;
}

/**
 * Retires a closed session's cache: its counters go into the page's totals and are
 * returned, then the cache is forgotten.
 */
export function retire(id) {
  const stats = statsOf(id);
  forgetCache(id);
  addStats(retiredTotal, stats);
  return stats;
}

/** Cache `id`'s counters; its caller releases what is due first, once for all the caches it asks. */
export function statsOf(id) {
  const raw = takeReport(core.cache_stats(id));
  const stats = Object.fromEntries(STAT_NAMES.map((n, i) => [n, raw[i] ?? 0]));
  stats.hits += frontHits[id];
  return stats;
}

/** Counters of every cache, by function (and session), plus their totals. */
export function pageStats() {
  expireDue();
  const functions = [];
  const total = { ...retiredTotal };
  for (const [id, c] of caches) {
    if (c.session?.closed) continue;
    const s = statsOf(id);
    functions.push({ name: c.name, kind: c.kind, ...(c.session ? { session: c.session.name } : {}), ...s });
    addStats(total, s);
  }
  return { ...total, functions };
}

/** A short rendering of the arguments for the inspector. */
function labelOf(args) {
  const text = args.map(show).join(", ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * `[args, value]` of each live entry of cache `id`, most recently used first; without
 * maxEntries, which alone keeps an order of use, most recently stored first.
 */
export function entriesOf(id) {
  expireDue();
  const raw = takeReport(core.cache_entries(id));
  const out = [];
  for (let i = 0; i < raw.length; i += ENTRY_RECORD) out.push([argsOf[raw[i]], values[raw[i]]]);
  return out;
}

/**
 * A snapshot of every cache and its entries, for inspectors: ages and time left in
 * milliseconds, `pending` while a computation runs.
 */
export function inspect() {
  expireDue();
  const time = now();
  const out = [];
  for (const [id, c] of caches) {
    if (c.session?.closed) continue;
    const raw = takeReport(core.cache_entries(id));
    const entries = [];
    for (let i = 0; i < raw.length; i += ENTRY_RECORD) {
      const slot = raw[i];
      const value = values[slot];
      entries.push({
        label: labelOf(argsOf[slot] ?? []),
        ageMs: Math.max(0, time - raw[i + 1]),
        expiresInMs: raw[i + 2] < 0 ? null : Math.max(0, raw[i + 2] - time),
        staleInMs: raw[i + 3] < 0 ? null : Math.max(0, raw[i + 3] - time),
        pending: settled[slot] === PENDING,
        refreshing: raw[i + 4] === 1,
        clear() {
          if (values[slot] === value && core.clear_slot(slot)) {
            rearmAndRelease();
          }
        },
      });
    }
    const o = c.options;
    out.push({
      name: c.name,
      kind: c.kind,
      session: c.session?.name ?? null,
      ttlMs: o.ttl === Infinity ? null : o.ttl,
      maxEntries: o.maxEntries === 0 ? null : o.maxEntries,
      refreshMode: o.refreshMode,
      stats: statsOf(id),
      entries,
      clear: c.clear,
    });
  }
  return out;
}
