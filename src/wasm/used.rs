//! Recency that JS reports without a call: the slots of bounded caches' entries its front
//! caches served, which it writes into a log in wasm memory. The registry applies the log
//! at the start of its next call, before anything reads or changes the LRU order, so the
//! order is what one call per hit would have made it.

use ::core::cell::UnsafeCell;
use wasm_bindgen::prelude::*;

/// How many hits the log holds; JS calls `flush_used` when it is full.
pub const USED_LOG: usize = 256;

struct Log(UnsafeCell<[u32; USED_LOG + 1]>);

// SAFETY: wasm32-unknown-unknown without atomics runs one thread, and JS writes the log
// only between calls into the module.
unsafe impl Sync for Log {}

static USED: Log = Log(UnsafeCell::new([0; USED_LOG + 1]));

/// The log's address: a u32 count, then that many slots, oldest first.
#[wasm_bindgen]
pub fn used_log_at() -> *mut u32 {
    USED.0.get().cast()
}

/// Hands each logged slot to `each`, oldest first, and empties the log.
pub(crate) fn take_used(mut each: impl FnMut(u32)) {
    // SAFETY: JS does not run while this does, and no reference into the log outlives it.
    let log = unsafe { &mut *USED.0.get() };
    let count = (log[0] as usize).min(USED_LOG);
    for &slot in &log[1..=count] {
        each(slot);
    }
    log[0] = 0;
}
