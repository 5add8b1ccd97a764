//! Exports over texts JS writes into the key buffer: function sources and shape names. Results that point into a text are UTF-16 offsets, so JS slices its own
//! string instead of wasm-bindgen copying strings out (and carrying the glue for it).

use wasm_bindgen::prelude::*;
use alloc::vec::Vec;

use super::key_buffer::{put_out, with_bytes, words_of};
use crate::core::key::shape_digest;
use crate::core::params::{parse_params, Param};

/// The UTF-16 length of well-formed UTF-8: one unit per code point, two from U+10000 on.
fn utf16_len(utf8: &[u8]) -> u32 {
    utf8.iter().map(|&b| match b {
        0x80..=0xbf => 0,
        0xf0..=0xff => 2,
        _ => 1,
    }).sum()
}

/// Where `part` (a slice of `whole`) starts and ends in `whole`, in UTF-16 units.
fn utf16_span(whole: &str, part: &str) -> [u32; 2] {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    let start16 = utf16_len(&whole.as_bytes()[..start]);
    [start16, start16 + utf16_len(part.as_bytes())]
}

/// [`param_spans`] kinds: a name, a destructured parameter, a rest parameter's name, a
/// destructured rest parameter.
pub const PARAM_NAMED: u32 = 0;
pub const PARAM_DESTRUCTURED: u32 = 1;
pub const PARAM_REST: u32 = 2;
pub const PARAM_REST_DESTRUCTURED: u32 = 3;

/// The parameters of the UTF-8 function source at `at`, as `[kind, start, end]` triples
/// (UTF-16 span of the name): kind 0 a name, 1 destructured, 2 a rest parameter's name,
/// 3 a destructured rest parameter.
#[wasm_bindgen]
pub fn param_spans(at: usize, len: usize) -> Vec<u32> {
    with_bytes(at, len, |bytes| {
        let Ok(source) = ::core::str::from_utf8(bytes) else { return Vec::new() };
        let spans = parse_params(source).into_iter().flat_map(|p| {
            let (kind, name) = match p {
                Param::Named(n) => (PARAM_NAMED, n),
                Param::Destructured => (PARAM_DESTRUCTURED, ""),
                Param::Rest(n) => (PARAM_REST, n),
                Param::RestDestructured => (PARAM_REST_DESTRUCTURED, ""),
            };
            let [start, end] = if name.is_empty() { [0, 0] } else { utf16_span(source, name) };
            [kind, start, end]
        });
        spans.collect()
    })
    .unwrap_or_default()
}

/// Leaves the [`shape_digest`] of the UTF-8 JSON text at `at` in the out slot; false when
/// the range is outside the region. The encoder calls it once per new object shape.
#[wasm_bindgen]
pub fn shape_digest_at(at: usize, len: usize) -> bool {
    with_bytes(at, len, shape_digest).map(|digest| put_out(words_of(digest))).is_some()
}
