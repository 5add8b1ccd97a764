//! Exports over the page's one [`Registry`]. Keys cross the boundary as four u32 words
//! (JS has no u128), slots and cache ids as u32.

use std::cell::{Cell, RefCell};
use std::num::NonZeroU32;
use wasm_bindgen::prelude::*;

use super::key_buffer::with_stream;
use super::timer::{self, performance_now};
use crate::core::duration::{parse_duration, ACCEPTED_FORMS};
use crate::core::key::{function_identity, key_of};
use crate::core::params::{parse_params, Param};
use crate::core::registry::{CacheOptions, Clock, Registry, ReleaseCause};

/// The registry's clock: the time JS last reported with [`set_now`] (or the timer read).
/// Reading `performance.now()` costs ~55 ns in Node, more than a whole hit, so JS reads it
/// at most once per synchronous turn and only for functions with a ttl (src/js/clock.js).
struct TurnClock;

impl Clock for TurnClock {
    fn now_ms(&self) -> f64 {
        NOW.with(Cell::get)
    }
}

thread_local! {
    static NOW: Cell<f64> = const { Cell::new(0.0) };
    static REGISTRY: RefCell<Registry<TurnClock>> = RefCell::new(Registry::with_clock(TurnClock));
    /// JS's `() => drain released entries`, called when the timer expired some.
    static RELEASE_HOOK: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

fn with_registry<R>(f: impl FnOnce(&mut Registry<TurnClock>) -> R) -> R {
    REGISTRY.with(|r| f(&mut r.borrow_mut()))
}

/// Like [`with_registry`], for operations that may move the earliest deadline: re-arms the
/// timer afterwards, once the registry is no longer borrowed.
fn with_registry_then_arm<R>(f: impl FnOnce(&mut Registry<TurnClock>) -> R) -> R {
    let (out, next) = with_registry(|r| {
        let out = f(r);
        (out, r.next_deadline())
    });
    timer::arm(next, on_timer);
    out
}

fn on_timer() {
    timer::disarmed();
    NOW.with(|n| n.set(performance_now()));
    let (expired, next) = with_registry(|r| (r.expire_due(), r.next_deadline()));
    timer::arm(next, on_timer);
    if expired > 0 {
        // No borrow is held here: the hook runs user `onRelease` code, which may call in.
        let hook = RELEASE_HOOK.with(|h| h.borrow().clone());
        if let Some(hook) = hook {
            let _ = hook.call0(&JsValue::UNDEFINED);
        }
    }
}

/// The current time in `performance.now()` milliseconds, for ttl checks and deadlines.
#[wasm_bindgen]
pub fn set_now(ms: f64) {
    NOW.with(|n| n.set(ms));
}

/// Installs the function the timer calls after it expired entries.
#[wasm_bindgen]
pub fn set_release_hook(hook: js_sys::Function) {
    RELEASE_HOOK.with(|h| *h.borrow_mut() = Some(hook));
}

/// A ttl string (`"1h"`, `"00:30:00"`, `"PT1H"`, ...) in seconds; the error says why not.
#[wasm_bindgen]
pub fn parse_ttl(text: &str) -> Result<f64, String> {
    parse_duration(text).map_err(|e| format!("{e}; accepted forms: {ACCEPTED_FORMS}"))
}

fn key_from_words(k0: u32, k1: u32, k2: u32, k3: u32) -> u128 {
    u128::from(k0) | u128::from(k1) << 32 | u128::from(k2) << 64 | u128::from(k3) << 96
}

/// Lookup result when the stream is malformed (only a broken encoder writes one).
pub const MALFORMED: i32 = -2;
/// Lookup result on a miss; the key is in the key slot of the buffer.
pub const MISS: i32 = -1;

/// The parameters of a function's source, one string each: the name, `""` for a
/// destructured parameter, `"...name"` (or `"..."`) for a rest parameter.
#[wasm_bindgen]
pub fn param_names(source: &str) -> Vec<String> {
    parse_params(source)
        .into_iter()
        .map(|p| match p {
            Param::Named(n) => n,
            Param::Destructured => String::new(),
            Param::Rest(n) => format!("...{n}"),
            Param::RestDestructured => "...".to_string(),
        })
        .collect()
}

/// The cache of a wrapped function, by its name, source text and `key` namespace.
/// `max_entries == 0` means unbounded; a `ttl_ms` that is not finite and positive-or-zero
/// means no expiry.
#[wasm_bindgen]
pub fn register(name: &str, source: &str, namespace: &str, max_entries: u32, ttl_ms: f64) -> u32 {
    let options = CacheOptions {
        max_entries: NonZeroU32::new(max_entries),
        ttl_ms: (ttl_ms.is_finite() && ttl_ms >= 0.0).then_some(ttl_ms),
    };
    with_registry_then_arm(|r| r.register(function_identity(name, source, namespace), options))
}

/// Hashes the `len`-byte argument stream in the key buffer and looks it up: the entry's
/// slot on a hit, [`MISS`] (key left in the key slot for [`insert`]) or [`MALFORMED`].
#[wasm_bindgen]
pub fn lookup(cache: u32, len: usize, has_unordered: bool) -> i32 {
    let found = with_stream(len, |s| key_of(s, has_unordered).ok().map(|k| (k, k)));
    let Some(key) = found else { return MALFORMED };
    match with_registry(|r| r.get(cache, key)) {
        Some(slot) => slot as i32,
        None => {
            // A miss may have expired the entry it found: the deadline set changed.
            with_registry_then_arm(|_| ());
            MISS
        }
    }
}

/// Stores an entry under the key a missed [`lookup`] left; returns its slot, or -1 for an
/// unknown cache. Evictions it causes are queued for [`take_released`]. A `pending` entry
/// (a promise) starts its ttl at [`settle`].
#[wasm_bindgen]
pub fn insert(cache: u32, k0: u32, k1: u32, k2: u32, k3: u32, pending: bool) -> i32 {
    let key = key_from_words(k0, k1, k2, k3);
    let slot = with_registry_then_arm(|r| if pending { r.insert_pending(cache, key) } else { r.insert(cache, key) });
    slot.map_or(-1, |slot| slot as i32)
}

/// A pending entry's promise resolved: its ttl starts now.
#[wasm_bindgen]
pub fn settle(slot: u32) {
    with_registry_then_arm(|r| r.settle(slot))
}

/// Drops an entry whose computation failed (no release record). False if not live.
#[wasm_bindgen]
pub fn discard(slot: u32) -> bool {
    with_registry_then_arm(|r| r.discard(slot))
}

/// Clears the entry for the `len`-byte argument stream in the key buffer. -1 for a
/// malformed stream, else 1 when there was an entry and 0 when there was none.
#[wasm_bindgen]
pub fn clear_key(cache: u32, len: usize, has_unordered: bool) -> i32 {
    match with_stream(len, |s| key_of(s, has_unordered).ok().map(|k| (k, k))) {
        None => -1,
        Some(key) => i32::from(with_registry_then_arm(|r| r.remove(cache, key, ReleaseCause::Cleared))),
    }
}

/// Clears every entry of one cached function.
#[wasm_bindgen]
pub fn clear_cache(cache: u32) {
    with_registry_then_arm(|r| r.clear(cache))
}

/// Clears every entry of every cached function.
#[wasm_bindgen]
pub fn clear_all() {
    with_registry_then_arm(|r| r.clear_all())
}

/// Whether release records wait: a cheap check before [`take_released`].
#[wasm_bindgen]
pub fn released_pending() -> bool {
    with_registry(|r| r.has_released())
}

/// Drains the release records as flat `[slot, cache, cause]` triples.
#[wasm_bindgen]
pub fn take_released() -> Vec<u32> {
    with_registry(|r| r.take_released())
        .into_iter()
        .flat_map(|rel| [rel.slot, rel.cache, rel.cause as u32])
        .collect()
}

/// `[entries, hits, misses, evicted, cleared, expired]` of one cached function; empty if
/// unknown.
#[wasm_bindgen]
pub fn cache_stats(cache: u32) -> Vec<f64> {
    with_registry(|r| r.stats(cache)).map_or_else(Vec::new, |s| {
        vec![s.entries as f64, s.hits as f64, s.misses as f64, s.evicted as f64, s.cleared as f64, s.expired as f64]
    })
}

/// Milliseconds until the timer's next firing, or -1 when nothing has a ttl (for tests and
/// the inspector).
#[wasm_bindgen]
pub fn next_expiry_in() -> f64 {
    with_registry(|r| r.next_deadline()).map_or(-1.0, |d| (d - performance_now()).max(0.0))
}
