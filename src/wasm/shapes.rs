//! The digest of an object shape's names, which JS writes into the key buffer.

use wasm_bindgen::prelude::*;

use super::key_buffer::{put_out, with_bytes, words_of};
use crate::core::key::shape_digest;

/// Leaves the [`shape_digest`] of the UTF-8 JSON text at `at` in the out slot; false when
/// the range is outside the region. The encoder calls it once per new object shape.
#[wasm_bindgen]
pub fn shape_digest_at(at: usize, len: usize) -> bool {
    with_bytes(at, len, shape_digest).map(|digest| put_out(words_of(digest))).is_some()
}
