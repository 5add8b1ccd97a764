//! Exports over the page's one [`Registry`]. Keys cross the boundary as four u32 words
//! (JS has no u128), slots and cache ids as u32. Nothing here calls into JS: the one
//! timer lives in JS (src/js/timer.js), which asks [`next_deadline`] after every change
//! that can move it and calls [`expire_due`] when it fires.

use ::core::num::NonZeroU32;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::global::Global;
use super::key_buffer::{put_out, with_bytes, with_stream, words_of};
use super::used::take_used;
use crate::core::key::{function_identity, key_of};
use crate::core::registry::{CacheOptions, Clock, Lookup, Registry, ReleaseCause, Released};

/// The registry's clock: the time JS last reported with [`set_now`]. JS reports it on
/// every call of a function with a ttl, and at most once per turn otherwise; src/js/clock.js
/// says how it keeps that cheap.
struct TurnClock;

impl Clock for TurnClock {
    fn now_ms(&self) -> f64 {
        NOW.with(|now| *now)
    }
}

static NOW: Global<f64> = Global::new(0.0);
static REGISTRY: Global<Registry<TurnClock>> = Global::new(Registry::with_clock(TurnClock));

// How many release records are queued and where, kept where JS reads them without a call
// ([`released_at`]): every export that reaches the registry updates both. JS sets the
// count to 0 once it has read them, and the next export drops them.
static QUEUED: Global<[u32; 2]> = Global::new([0, 0]);

fn with_registry<R>(f: impl FnOnce(&mut Registry<TurnClock>) -> R) -> R {
    REGISTRY.with(|r| {
        QUEUED.with(|q| {
            if q[0] == 0 {
                r.clear_released();
            }
        });
        apply_used(r);
        let out = f(r);
        let released = r.released();
        // Addresses fit in a u32 on wasm32.
        let queued = [released.len() as u32, released.as_ptr() as usize as u32];
        QUEUED.with(|q| *q = queued);
        out
    })
}

// Out of line: inlined, it was copied into every export (0.9 KB gzipped).
#[inline(never)]
fn apply_used(r: &mut Registry<TurnClock>) {
    take_used(|slot| r.used(slot));
}

/// Applies the hits JS logged (src/wasm/used.rs) now, leaving the log empty: for a full log.
#[wasm_bindgen]
pub fn flush_used() {
    with_registry(|_| ());
}

/// The current time in `performance.now()` milliseconds, for ttl checks and deadlines.
#[wasm_bindgen]
pub fn set_now(ms: f64) {
    // Only JS's clock calls this; anything else would corrupt every deadline.
    if ms.is_finite() {
        NOW.with(|now| *now = ms);
    }
}

/// The earliest deadline of any entry (`performance.now()` milliseconds), or -1 when no
/// entry has one: when JS's timer must next fire.
#[wasm_bindgen]
pub fn next_deadline() -> f64 {
    with_registry(|r| r.next_deadline()).unwrap_or(-1.0)
}

/// Releases every entry whose deadline has passed (at the time last given to [`set_now`]);
/// returns how many, their release records queued for JS ([`released_at`]).
#[wasm_bindgen]
pub fn expire_due() -> u32 {
    with_registry(|r| r.expire_due()) as u32
}

fn key_from_words(k0: u32, k1: u32, k2: u32, k3: u32) -> u128 {
    u128::from(k0) | u128::from(k1) << 32 | u128::from(k2) << 64 | u128::from(k3) << 96
}

/// Lookup result when the stream is malformed (only a broken encoder writes one).
pub const MALFORMED: i32 = -2;
/// Lookup result on a miss; the key is in the out slot of the buffer.
pub const MISS: i32 = -1;
/// [`lookup_slot`] result when the slot is not a live entry of the cache.
pub const GONE: i32 = -3;
/// Answers from here down are stale hits (refresh mode "background"): `STALE_BASE - 2 *
/// slot`, minus one more when the caller must start the entry's refresh.
pub const STALE_BASE: i32 = -4;
/// [`cache_entries`] gives this many f64s per entry.
pub const ENTRY_RECORD: usize = 5;
/// A release record ([`released_at`]) is this many u32s.
pub const RELEASE_RECORD: usize = 3;
const _: () = assert!(::core::mem::size_of::<Released>() == 4 * RELEASE_RECORD);

/// The cache of a wrapped function, by its identity: the UTF-8 name, source text and
/// `key` namespace JS wrote one after another at `at`. `max_entries == 0` means unbounded;
/// a `ttl_ms` that is not finite and positive-or-zero means no expiry; a finite
/// non-negative `retry_ms` selects refresh mode "background" (with a ttl only). -1 when the
/// texts are not inside the key buffer.
#[wasm_bindgen]
pub fn register(
    at: usize,
    name_len: usize,
    source_len: usize,
    namespace_len: usize,
    max_entries: u32,
    ttl_ms: f64,
    retry_ms: f64,
) -> i32 {
    let len = name_len.saturating_add(source_len).saturating_add(namespace_len);
    // Checked splits: a panic's message and location would stay in the module's data.
    let identity = with_bytes(at, len, |texts| {
        let (name, rest) = texts.split_at_checked(name_len)?;
        let (source, namespace) = rest.split_at_checked(source_len)?;
        Some(function_identity(name, source, namespace))
    });
    let Some(identity) = identity.flatten() else { return -1 };
    let valid = |ms: f64| (ms.is_finite() && ms >= 0.0).then_some(ms);
    let ttl_ms = valid(ttl_ms);
    let options = CacheOptions {
        max_entries: NonZeroU32::new(max_entries),
        ttl_ms,
        background_retry_ms: ttl_ms.and(valid(retry_ms)),
    };
    // Ids count registrations: far below i32::MAX on any page.
    with_registry(|r| r.register(identity, options)) as i32
}

/// The key of the `len`-byte argument stream at offset `at` of the key buffer, also left in
/// the out slot for [`insert`]; `None` when the stream is malformed or outside the buffer.
fn stream_key(at: usize, len: usize, has_unordered: bool) -> Option<u128> {
    with_stream(at, len, |s| key_of(s, has_unordered).ok().map(|k| (k, k)))
}

/// Hashes the `len`-byte argument stream at offset `at` of the key buffer and looks it up: the entry's
/// slot on a fresh hit; on a stale hit (refresh mode "background" only) an answer from
/// [`STALE_BASE`] down, which also says whether the caller must start the entry's refresh
/// (and report it with [`refresh_done`]); [`MISS`] (key left in the out slot for
/// [`insert`]) or [`MALFORMED`].
#[wasm_bindgen]
pub fn lookup(cache: u32, at: usize, len: usize, has_unordered: bool) -> i32 {
    let Some(key) = stream_key(at, len, has_unordered) else { return MALFORMED };
    answer(with_registry(|r| r.lookup(cache, key)))
}

/// The slot of the live, unexpired entry for the `len`-byte argument stream at offset `at`
/// of the key buffer, counting nothing and leaving recency as it is; [`MISS`] when there is
/// none, or [`MALFORMED`]. Either way the key is left in the out slot, for [`insert`] (a
/// value stored under it replaces the entry).
#[wasm_bindgen]
pub fn peek(cache: u32, at: usize, len: usize, has_unordered: bool) -> i32 {
    let Some(key) = stream_key(at, len, has_unordered) else { return MALFORMED };
    with_registry(|r| r.peek(cache, key)).map_or(MISS, |slot| slot as i32)
}

/// Sets every cache's counters back to zero (`entries` stays the live count).
#[wasm_bindgen]
pub fn reset_stats() {
    with_registry(|r| r.reset_stats())
}

/// [`lookup`] for the entry a JS front cache found by its arguments (src/js/front-primitives.js,
/// src/js/front-objects.js):
/// the same answers, and on a [`MISS`] (the entry expired) its key is left in the key
/// slot for [`insert`]. [`GONE`] when `slot` is not a live entry of `cache`; JS then
/// takes the full lookup.
#[wasm_bindgen]
pub fn lookup_slot(cache: u32, slot: u32) -> i32 {
    let found = with_registry(|r| r.key_of_slot(slot).zip(r.lookup_slot(cache, slot)));
    let Some((key, lookup)) = found else { return GONE };
    if lookup == Lookup::Miss {
        put_out(words_of(key));
    }
    answer(lookup)
}

fn answer(lookup: Lookup) -> i32 {
    match lookup {
        Lookup::Hit(slot) => slot as i32,
        Lookup::Stale { slot, refresh } => STALE_BASE - 2 * slot as i32 - i32::from(refresh),
        // A miss may have expired the entry it found: JS asks for the next deadline.
        Lookup::Miss => MISS,
    }
}

/// The refresh of a stale entry settled: `ok` restarts its ttl; a failure starts the wait
/// before the next refresh.
#[wasm_bindgen]
pub fn refresh_done(slot: u32, ok: bool) {
    with_registry(|r| r.refresh_done(slot, ok))
}

/// Releases an entry that `validate` rejected, taking back its hit; false when it is no
/// longer live. `as_miss`: the caller will not look up again, so count its miss here.
#[wasm_bindgen]
pub fn invalidate(slot: u32, as_miss: bool) -> bool {
    with_registry(|r| r.invalidate(slot, as_miss))
}

/// Clears one entry by its slot (the inspector's per-row button); false when not live.
#[wasm_bindgen]
pub fn clear_slot(slot: u32) -> bool {
    with_registry(|r| r.remove_slot(slot, ReleaseCause::Cleared))
}

/// Stores an entry under the key a missed [`lookup`] left; returns its slot, or -1 for an
/// unknown cache. Evictions it causes are queued for JS ([`released_at`]). A `pending` entry
/// (a promise) starts its ttl at [`settle`].
#[wasm_bindgen]
pub fn insert(cache: u32, k0: u32, k1: u32, k2: u32, k3: u32, pending: bool) -> i32 {
    let key = key_from_words(k0, k1, k2, k3);
    let slot = with_registry(|r| if pending { r.insert_pending(cache, key) } else { r.insert(cache, key) });
    slot.map_or(-1, |slot| slot as i32)
}

/// A pending entry's promise resolved: its ttl starts now.
#[wasm_bindgen]
pub fn settle(slot: u32) {
    with_registry(|r| r.settle(slot))
}

/// When a live entry expires, or -1 when it has no deadline (no ttl, still pending, not
/// live). JS checks it on a hit of a cache whose only option is a ttl, without calling in.
#[wasm_bindgen]
pub fn deadline_of(slot: u32) -> f64 {
    with_registry(|r| r.deadline_of(slot)).unwrap_or(-1.0)
}

/// Drops an entry whose computation failed (no release record). False if not live.
#[wasm_bindgen]
pub fn discard(slot: u32) -> bool {
    with_registry(|r| r.discard(slot))
}

/// Clears the entry for the `len`-byte argument stream at offset `at` of the key buffer.
/// -1 for a malformed stream, else 1 when there was an entry and 0 when there was none.
#[wasm_bindgen]
pub fn clear_key(cache: u32, at: usize, len: usize, has_unordered: bool) -> i32 {
    match stream_key(at, len, has_unordered) {
        None => -1,
        Some(key) => i32::from(with_registry(|r| r.remove(cache, key, ReleaseCause::Cleared))),
    }
}

/// Clears every entry of one cached function.
#[wasm_bindgen]
pub fn clear_cache(cache: u32) {
    with_registry(|r| r.clear(cache))
}

/// Drops a closed session's cache: its entries are released, its id may be reused.
#[wasm_bindgen]
pub fn drop_cache(cache: u32) {
    with_registry(|r| r.drop_cache(cache))
}

/// The address of two u32s: how many release records are waiting, and their address (as
/// many `[slot, cache, cause]` u32 triples), valid until the next call into the module. JS
/// reads them in place after each call that may release, and then sets the count to 0:
/// a drain costs no call, and allocates, copies and frees nothing.
#[wasm_bindgen]
pub fn released_at() -> *mut u32 {
    QUEUED.with(|q| q.as_mut_ptr())
}

// The last report (cache_stats, cache_entries), kept for JS to read in place
// ([`report_at`]): no vector is handed over, so no glue allocates or frees one.
static REPORT: Global<Vec<f64>> = Global::new(Vec::new());

fn report(numbers: impl Iterator<Item = f64>) -> usize {
    REPORT.with(|out| {
        out.clear();
        out.extend(numbers);
        out.len()
    })
}

/// The address of the last report's numbers, valid until the next call into the module.
#[wasm_bindgen]
pub fn report_at() -> *const f64 {
    REPORT.with(|out| out.as_ptr())
}

/// Reports the counters of one cached function, in
/// [`STAT_NAMES`](crate::core::registry::STAT_NAMES) order, and returns how many there are:
/// none if the cache is unknown.
#[wasm_bindgen]
pub fn cache_stats(cache: u32) -> usize {
    let counters = with_registry(|r| r.stats(cache)).map(|s| s.counters());
    report(counters.into_iter().flatten().map(|n| n as f64))
}

/// Reports the live entries of one cache for the inspector, most recently used first, as
/// flat `[slot, storedAt, deadline, staleAt, refreshing]` records (`performance.now()`
/// milliseconds; -1 where there is none), and returns how many numbers that is.
#[wasm_bindgen]
pub fn cache_entries(cache: u32) -> usize {
    let entries = with_registry(|r| r.entries(cache));
    report(entries.into_iter().flat_map(|e| -> [f64; ENTRY_RECORD] {
        [f64::from(e.slot), e.stored_at, e.deadline.unwrap_or(-1.0), e.stale_at.unwrap_or(-1.0), f64::from(u8::from(e.refreshing))]
    }))
}
