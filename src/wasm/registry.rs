//! Exports over the page's one [`Registry`]. Keys cross the boundary as four u32 words
//! (JS has no u128), slots and cache ids as u32.

use std::cell::{Cell, RefCell};
use std::num::NonZeroU32;
use wasm_bindgen::prelude::*;

use super::key_buffer::with_stream;
use super::timer::{self, performance_now};
use crate::core::duration::{parse_duration, ACCEPTED_FORMS};
use crate::core::key::{function_identity, key_of, shape_digest};
use crate::core::params::{parse_params, Param};
use crate::core::registry::{CacheOptions, Clock, Lookup, Registry, ReleaseCause};

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
    static REGISTRY: RefCell<Registry<TurnClock>> = const { RefCell::new(Registry::with_clock(TurnClock)) };
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
    // Only JS's clock calls this; anything else would corrupt every deadline.
    if ms.is_finite() {
        NOW.with(|n| n.set(ms));
    }
}

/// Installs the function the timer calls after it expired entries.
#[wasm_bindgen]
pub fn set_release_hook(hook: js_sys::Function) {
    RELEASE_HOOK.with(|h| *h.borrow_mut() = Some(hook));
}

/// Text parameters arrive as `JsValue`: wasm-bindgen's `&str` glue, handed a number,
/// frees a pointer it never allocated and traps the module. This checks instead.
fn text(value: &JsValue, what: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| JsError::new(&format!("{what} must be a string")))
}

/// A ttl string (`"1h"`, `"00:30:00"`, `"PT1H"`, ...) in seconds; the error says why not.
#[wasm_bindgen]
pub fn parse_ttl(value: &JsValue) -> Result<f64, String> {
    let text = value.as_string().ok_or("a ttl to parse must be a string")?;
    parse_duration(&text).map_err(|e| format!("{e}; accepted forms: {ACCEPTED_FORMS}"))
}

fn key_from_words(k0: u32, k1: u32, k2: u32, k3: u32) -> u128 {
    u128::from(k0) | u128::from(k1) << 32 | u128::from(k2) << 64 | u128::from(k3) << 96
}

/// Lookup result when the stream is malformed (only a broken encoder writes one).
pub const MALFORMED: i32 = -2;
/// Lookup result on a miss; the key is in the key slot of the buffer.
pub const MISS: i32 = -1;

/// The [`shape_digest`] of a plain object's sorted property names (as JSON array text),
/// as four u32 words, low first. The encoder calls it once per new shape.
#[wasm_bindgen]
pub fn shape_digest_words(sorted_names_json: &JsValue) -> Result<Vec<u32>, JsError> {
    let d = shape_digest(&text(sorted_names_json, "a shape")?);
    Ok((0..4).map(|i| (d >> (32 * i)) as u32).collect())
}

/// The parameters of a function's source, one string each: the name, `""` for a
/// destructured parameter, `"...name"` (or `"..."`) for a rest parameter.
#[wasm_bindgen]
pub fn param_names(source: &JsValue) -> Result<Vec<String>, JsError> {
    Ok(parse_params(&text(source, "a function's source")?)
        .into_iter()
        .map(|p| match p {
            Param::Named(n) => n,
            Param::Destructured => String::new(),
            Param::Rest(n) => format!("...{n}"),
            Param::RestDestructured => "...".to_string(),
        })
        .collect())
}

/// The cache of a wrapped function, by its name, source text and `key` namespace.
/// `max_entries == 0` means unbounded; a `ttl_ms` that is not finite and positive-or-zero
/// means no expiry; a finite non-negative `retry_ms` selects refresh mode "background"
/// (with a ttl only).
#[wasm_bindgen]
pub fn register(
    name: &JsValue,
    source: &JsValue,
    namespace: &JsValue,
    max_entries: u32,
    ttl_ms: f64,
    retry_ms: f64,
) -> Result<u32, JsError> {
    let identity = function_identity(&text(name, "name")?, &text(source, "source")?, &text(namespace, "namespace")?);
    let valid = |ms: f64| (ms.is_finite() && ms >= 0.0).then_some(ms);
    let ttl_ms = valid(ttl_ms);
    let options = CacheOptions {
        max_entries: NonZeroU32::new(max_entries),
        ttl_ms,
        background_retry_ms: ttl_ms.and(valid(retry_ms)),
    };
    Ok(with_registry_then_arm(|r| r.register(identity, options)))
}

/// The key of the `len`-byte argument stream in the key buffer, also left in the key slot
/// for [`insert`]; `None` when the stream is malformed or longer than the buffer.
fn stream_key(len: usize, has_unordered: bool) -> Option<u128> {
    with_stream(len, |s| key_of(s, has_unordered).ok().map(|k| (k, k)))
}

/// Hashes the `len`-byte argument stream in the key buffer and looks it up: the entry's
/// slot on a fresh hit; on a stale hit (refresh mode "background" only) `-3 - 2 * slot`,
/// or `-4 - 2 * slot` when the caller must start the entry's refresh (and report it with
/// [`refresh_done`]); [`MISS`] (key left in the key slot for [`insert`]) or [`MALFORMED`].
#[wasm_bindgen]
pub fn lookup(cache: u32, len: usize, has_unordered: bool) -> i32 {
    let Some(key) = stream_key(len, has_unordered) else { return MALFORMED };
    match with_registry(|r| r.lookup(cache, key)) {
        Lookup::Hit(slot) => slot as i32,
        Lookup::Stale { slot, refresh } => -3 - 2 * slot as i32 - i32::from(refresh),
        Lookup::Miss => {
            // A miss may have expired the entry it found: the deadline set changed.
            with_registry_then_arm(|_| ());
            MISS
        }
    }
}

/// The refresh of a stale entry settled: `ok` restarts its ttl; a failure starts the wait
/// before the next refresh.
#[wasm_bindgen]
pub fn refresh_done(slot: u32, ok: bool) {
    with_registry_then_arm(|r| r.refresh_done(slot, ok))
}

/// Releases an entry that `validate` rejected; false when it is no longer live.
#[wasm_bindgen]
pub fn invalidate(slot: u32) -> bool {
    with_registry_then_arm(|r| r.remove_slot(slot, ReleaseCause::Invalid))
}

/// Clears one entry by its slot (the inspector's per-row button); false when not live.
#[wasm_bindgen]
pub fn clear_slot(slot: u32) -> bool {
    with_registry_then_arm(|r| r.remove_slot(slot, ReleaseCause::Cleared))
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
    match stream_key(len, has_unordered) {
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

/// `[entries, hits, misses, evicted, cleared, expired, invalidated, staleHits, refreshes,
/// refreshFailures]` of one cached function; empty if unknown.
#[wasm_bindgen]
pub fn cache_stats(cache: u32) -> Vec<f64> {
    with_registry(|r| r.stats(cache)).map_or_else(Vec::new, |s| {
        let counters = [s.hits, s.misses, s.evicted, s.cleared, s.expired, s.invalidated, s.stale_hits, s.refreshes, s.refresh_failures];
        std::iter::once(f64::from(s.entries)).chain(counters.map(|n| n as f64)).collect()
    })
}

/// Milliseconds until the timer's next firing, or -1 when nothing has a ttl (for tests and
/// the inspector).
#[wasm_bindgen]
pub fn next_expiry_in() -> f64 {
    with_registry(|r| r.next_deadline()).map_or(-1.0, |d| (d - performance_now()).max(0.0))
}

/// The live entries of one cache for the inspector, most recently used first, as flat
/// `[slot, storedAt, deadline, staleAt, refreshing]` records (`performance.now()`
/// milliseconds; -1 where there is none).
#[wasm_bindgen]
pub fn cache_entries(cache: u32) -> Vec<f64> {
    with_registry(|r| r.entries(cache))
        .into_iter()
        .flat_map(|e| {
            [f64::from(e.slot), e.stored_at, e.deadline.unwrap_or(-1.0), e.stale_at.unwrap_or(-1.0), f64::from(u8::from(e.refreshing))]
        })
        .collect()
}
