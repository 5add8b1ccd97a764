//! Exports over the page's one [`Registry`]. Keys cross the boundary as four u32 words
//! (JS has no u128), slots and cache ids as u32.

use std::cell::RefCell;
use std::num::NonZeroU32;
use wasm_bindgen::prelude::*;

use super::key_buffer::with_stream;
use crate::core::key::{function_identity, key_of};
use crate::core::registry::{CacheOptions, Registry, ReleaseCause};

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    REGISTRY.with(|r| f(&mut r.borrow_mut()))
}

fn key_from_words(k0: u32, k1: u32, k2: u32, k3: u32) -> u128 {
    u128::from(k0) | u128::from(k1) << 32 | u128::from(k2) << 64 | u128::from(k3) << 96
}

/// Lookup result when the stream is malformed (only a broken encoder writes one).
pub const MALFORMED: i32 = -2;
/// Lookup result on a miss; the key is in the key slot of the buffer.
pub const MISS: i32 = -1;

/// The cache of a wrapped function, by its name, source text and `key` namespace.
/// `max_entries == 0` means unbounded.
#[wasm_bindgen]
pub fn register(name: &str, source: &str, namespace: &str, max_entries: u32) -> u32 {
    let options = CacheOptions { max_entries: NonZeroU32::new(max_entries) };
    with_registry(|r| r.register(function_identity(name, source, namespace), options))
}

/// Hashes the `len`-byte argument stream in the key buffer and looks it up: the entry's
/// slot on a hit, [`MISS`] (key left in the key slot for [`insert`]) or [`MALFORMED`].
#[wasm_bindgen]
pub fn lookup(cache: u32, len: usize, has_unordered: bool) -> i32 {
    let found = with_stream(len, |s| key_of(s, has_unordered).ok().map(|k| (k, k)));
    match found {
        None => MALFORMED,
        Some(key) => with_registry(|r| r.get(cache, key)).map_or(MISS, |slot| slot as i32),
    }
}

/// Stores an entry under the key a missed [`lookup`] left; returns its slot, or -1 for an
/// unknown cache. Evictions it causes are queued for [`take_released`].
#[wasm_bindgen]
pub fn insert(cache: u32, k0: u32, k1: u32, k2: u32, k3: u32) -> i32 {
    let key = key_from_words(k0, k1, k2, k3);
    with_registry(|r| r.insert(cache, key)).map_or(-1, |slot| slot as i32)
}

/// Drops an entry whose computation failed (no release record). False if not live.
#[wasm_bindgen]
pub fn discard(slot: u32) -> bool {
    with_registry(|r| r.discard(slot))
}

/// Clears the entry for the `len`-byte argument stream in the key buffer. -1 for a
/// malformed stream, else 1 when there was an entry and 0 when there was none.
#[wasm_bindgen]
pub fn clear_key(cache: u32, len: usize, has_unordered: bool) -> i32 {
    match with_stream(len, |s| key_of(s, has_unordered).ok().map(|k| (k, k))) {
        None => -1,
        Some(key) => i32::from(with_registry(|r| r.remove(cache, key, ReleaseCause::Cleared))),
    }
}

/// Clears every entry of one cached function.
#[wasm_bindgen]
pub fn clear_cache(cache: u32) {
    with_registry(|r| r.clear(cache))
}

/// Clears every entry of every cached function.
#[wasm_bindgen]
pub fn clear_all() {
    with_registry(|r| r.clear_all())
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

/// `[entries, hits, misses, evicted, cleared]` of one cached function; empty if unknown.
#[wasm_bindgen]
pub fn cache_stats(cache: u32) -> Vec<f64> {
    with_registry(|r| r.stats(cache)).map_or_else(Vec::new, |s| {
        vec![s.entries as f64, s.hits as f64, s.misses as f64, s.evicted as f64, s.cleared as f64]
    })
}
