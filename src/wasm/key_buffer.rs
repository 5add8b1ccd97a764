//! The persistent region of wasm memory the JS encoder writes argument streams into.
//! Passing a `&[u8]` through wasm-bindgen costs a malloc, a copy and a free per call;
//! writing in place costs nothing but the bytes.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Bytes before the stream: [`lookup`](super::lookup) writes the 128-bit key there so JS
/// can read it as four u32 words after a miss.
pub const KEY_OUT_BYTES: usize = 16;

thread_local! {
    // u64 words keep the region 8-byte aligned for JS's Uint32Array view of the key.
    // Empty until the first key_buffer call (JS makes it when it attaches).
    static BUFFER: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

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
        return std::ptr::null_mut();
    }
    BUFFER.with(|b| {
        let mut b = b.borrow_mut();
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
    BUFFER.with(|b| b.borrow().len() * 8)
}

/// Runs `f` over the stream (`len` bytes after the key slot) and stores the key it returns
/// in the key slot. `None` when `len` exceeds the region.
pub(crate) fn with_stream<R>(len: usize, f: impl FnOnce(&[u8]) -> Option<(u128, R)>) -> Option<R> {
    BUFFER.with(|b| {
        let mut words = b.borrow_mut();
        let bytes: &mut [u8] = bytemuck_bytes(&mut words);
        let stream = bytes.get(KEY_OUT_BYTES..KEY_OUT_BYTES.checked_add(len)?)?;
        let (key, out) = f(stream)?;
        bytes[..KEY_OUT_BYTES].copy_from_slice(&key.to_le_bytes());
        Some(out)
    })
}

fn bytemuck_bytes(words: &mut [u64]) -> &mut [u8] {
    let len = words.len() * 8;
    // SAFETY: u8 has no alignment or validity requirements and the length is in bounds of
    // the same allocation; the borrow of `words` keeps it alive and exclusive.
    unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr() as *mut u8, len) }
}
