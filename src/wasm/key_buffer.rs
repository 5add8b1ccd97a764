//! The persistent region of wasm memory JS writes into: argument streams, and the texts
//! (function sources, ttl strings, shape names) the other exports read. Passing a `&[u8]`
//! or a `&str` through wasm-bindgen costs a malloc, a copy, a free and their glue per call;
//! writing in place costs nothing but the bytes.
//!
//! The region starts with the 16-byte *out slot*, where exports leave results for JS to
//! read as four u32 words: the key after a missed lookup, a shape digest, a ttl error.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::global::Global;

/// Bytes before the stream: the out slot.
pub const KEY_OUT_BYTES: usize = 16;

// u64 words keep the region 8-byte aligned for JS's Uint32Array view of the out slot.
// Empty until the first key_buffer call (JS makes it when it attaches).
static BUFFER: Global<Vec<u64>> = Global::new(Vec::new());

/// The largest argument stream accepted. Past it, growing would abort the module on a
/// failed allocation; JS reports the argument as too large instead.
pub const MAX_STREAM_BYTES: usize = 512 << 20;

/// Grows the region to hold at least `min_bytes` (contents kept) and returns its address,
/// or null when `min_bytes` exceeds [`MAX_STREAM_BYTES`]. JS calls it once at start-up and
/// whenever a stream outgrows the region; any growth of wasm memory detaches JS views, so
/// JS re-creates them after every call that allocates.
#[wasm_bindgen]
pub fn key_buffer(min_bytes: usize) -> *mut u8 {
    if min_bytes > MAX_STREAM_BYTES {
        return ::core::ptr::null_mut();
    }
    BUFFER.with(|b| {
        let words = min_bytes.div_ceil(8);
        if b.len() < words {
            let target = words.max(b.len() * 2).min(MAX_STREAM_BYTES / 8);
            b.resize(target, 0);
        }
        b.as_mut_ptr() as *mut u8
    })
}

/// The region's size in bytes.
#[wasm_bindgen]
pub fn key_buffer_len() -> usize {
    BUFFER.with(|b| b.len() * 8)
}

/// Runs `f` over the `len` bytes at offset `at` of the region, past the out slot. `None`
/// when the range is not inside the region or starts in the out slot.
pub(crate) fn with_bytes<R>(at: usize, len: usize, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    BUFFER.with(|words| {
        if at < KEY_OUT_BYTES {
            return None;
        }
        let input = bytemuck_bytes(words).get(at..at.checked_add(len)?)?;
        Some(f(input))
    })
}

/// Leaves four words in the out slot, for JS to read.
pub(crate) fn put_out(out: [u32; 4]) {
    BUFFER.with(|words| {
        let bytes = bytemuck_bytes(words);
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(out) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
    })
}

/// Runs `f` over the argument stream (`len` bytes at offset `at`, which is past the out
/// slot, or past an unfinished stream when a getter made a cached call mid-walk) and
/// leaves the key it returns in the out slot.
pub(crate) fn with_stream<R>(at: usize, len: usize, f: impl FnOnce(&[u8]) -> Option<(u128, R)>) -> Option<R> {
    let (key, r) = with_bytes(at, len, f)??;
    put_out(words_of(key));
    Some(r)
}

/// A 128-bit value as four u32 words, low first (JS has no u128).
pub(crate) fn words_of(v: u128) -> [u32; 4] {
    [v as u32, (v >> 32) as u32, (v >> 64) as u32, (v >> 96) as u32]
}

fn bytemuck_bytes(words: &mut [u64]) -> &mut [u8] {
    let len = words.len() * 8;
    // SAFETY: u8 has no alignment or validity requirements and the length is in bounds of
    // the same allocation; the borrow of `words` keeps it alive and exclusive.
    unsafe { ::core::slice::from_raw_parts_mut(words.as_mut_ptr() as *mut u8, len) }
}
