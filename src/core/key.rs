//! The canonical argument key: a type-tagged byte stream written by the JS encoder
//! (`src/js/encode.js`) and hashed here to 128 bits.
//!
//! Every value starts with a one-byte tag so that values of different types never share
//! bytes (`1`, `"1"`, `true` and `[1]` all differ). A plain object is written as its
//! *shape* (the [`shape_digest`] of its sorted property names) and then its values in
//! sorted-name order, so `{a, b}` and `{b, a}` write the same bytes: the encoder sorts each
//! shape once and remembers the order, and the names themselves are not written per call.
//! Maps and sets, whose items can be any values, are written in iteration order between
//! their tag and [`tag::END`]; [`key_of`] folds each item into an order-independent digest.
//! A stream with no map or set is hashed as it is, in one pass.

use xxhash_rust::{const_xxh3::const_custom_default_secret, xxh3::xxh3_128_with_secret};
use alloc::vec::Vec;

/// The one-byte type tags of the stream. Numbers are stable: they are part of every key.
pub mod tag {
    pub const UNDEFINED: u8 = 0x00;
    pub const NULL: u8 = 0x01;
    pub const FALSE: u8 = 0x02;
    pub const TRUE: u8 = 0x03;
    /// An IEEE-754 double, little-endian; `-0` keeps its sign bit. Never NaN (see [`NAN`]).
    pub const NUMBER: u8 = 0x04;
    /// NaN has many bit patterns; all of them are one value for a cache key.
    pub const NAN: u8 = 0x05;
    /// u32 byte length + UTF-8 bytes (a well-formed string).
    pub const STRING: u8 = 0x06;
    /// u32 unit count + UTF-16LE code units: a string with a lone surrogate, which UTF-8
    /// cannot hold (an encoder would turn it into U+FFFD and collide with a real U+FFFD).
    pub const STRING_UTF16: u8 = 0x07;
    /// u32 byte length + the value's hexadecimal digits, sign first.
    pub const BIGINT: u8 = 0x08;
    /// u32 count + that many values: the elements, where a long run of holes is one [`HOLES`].
    pub const ARRAY: u8 = 0x09;
    /// u32 property count + the 16-byte [`super::shape_digest`] of the sorted names + the
    /// values in sorted-name order.
    pub const OBJECT: u8 = 0x0A;
    pub const END: u8 = 0x0B;
    /// u32 distance up the stack of open containers: a cycle back to an ancestor.
    pub const BACKREF: u8 = 0x0C;
    /// An argument left out of the key (an underscore parameter).
    pub const SKIPPED: u8 = 0x0D;
    /// + a [`STRING`]: a registered symbol (`Symbol.for(key)`), by its key.
    pub const SYMBOL: u8 = 0x0E;
    /// An array hole, which is not `undefined` (`[,1]` vs `[undefined, 1]`).
    pub const HOLE: u8 = 0x0F;
    /// `(key, value)` pairs of values in any order, closed by [`END`].
    pub const MAP: u8 = 0x10;
    /// Values in any order, closed by [`END`].
    pub const SET: u8 = 0x11;
    /// + 8 bytes: the time value of a valid `Date`.
    pub const DATE: u8 = 0x12;
    pub const INVALID_DATE: u8 = 0x13;
    /// + source [`STRING`] + flags [`STRING`].
    pub const REGEXP: u8 = 0x14;
    /// + name [`STRING`] + message [`STRING`].
    pub const ERROR: u8 = 0x15;
    /// + one subtype byte (which view or buffer type) + u32 byte length + the raw bytes.
    pub const BYTES: u8 = 0x16;
    /// + name [`STRING`] + source [`STRING`]: a function, by its source text.
    pub const FUNCTION: u8 = 0x17;
    /// An instance of a user class: + constructor name [`STRING`] + constructor source
    /// digest ([`NUMBER`]) + its own fields as an [`OBJECT`].
    pub const INSTANCE: u8 = 0x18;
    /// + the primitive value: `new Number(1)`, `new String("a")`, ...
    pub const BOXED: u8 = 0x19;
    /// + the `hashFuncs` key ([`STRING`]) + the value the hash function returned.
    pub const HASHED: u8 = 0x1A;
    /// A platform object whose value is a text, such as a `URL` by its `href`: + class
    /// name [`STRING`] + text [`STRING`].
    pub const TEXT: u8 = 0x1B;
    /// u32 count: that many array holes in a row, written for the rest of a run longer
    /// than the encoder's `HOLE_RUN` (shorter runs are a [`HOLE`] each). An array's count
    /// is then of the values written, not its length.
    pub const HOLES: u8 = 0x1C;
    /// Written only by [`super::key_of`], never by the encoder: an unordered container
    /// reduced to u32 item count + its 16-byte order-independent digest.
    pub const MAP_DIGEST: u8 = 0x7E;
    pub const SET_DIGEST: u8 = 0x7D;
}

/// Nesting deeper than this is refused rather than risking the wasm stack.
pub const MAX_DEPTH: usize = 1000;

/// Why a stream could not be hashed. Only a broken encoder or a hostile caller of the raw
/// export can produce one: the JS encoder writes well-formed streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    Truncated,
    UnknownTag(u8),
    TooDeep,
}

impl ::core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self {
            KeyError::Truncated => write!(f, "key stream ends inside a value"),
            KeyError::UnknownTag(t) => write!(f, "key stream has unknown tag 0x{t:02x}"),
            KeyError::TooDeep => write!(f, "arguments nest deeper than {MAX_DEPTH} levels"),
        }
    }
}

/// The 128-bit key of an encoded argument list.
///
/// `has_unordered` tells whether the stream holds a [`tag::MAP`] or [`tag::SET`]; when it
/// does not, the bytes are already canonical and are hashed directly. Both paths give the
/// same key for the same stream.
///
/// ```
/// use cache_resource::core::key::{key_of, tag};
/// let (s, m, e) = (tag::STRING, tag::MAP, tag::END);
/// let ab = [m, s, 1, 0, 0, 0, b'a', tag::TRUE, s, 1, 0, 0, 0, b'b', tag::NULL, e];
/// let ba = [m, s, 1, 0, 0, 0, b'b', tag::NULL, s, 1, 0, 0, 0, b'a', tag::TRUE, e];
/// assert_eq!(key_of(&ab, true), key_of(&ba, true));
/// assert_eq!(key_of(&[tag::NULL], false), key_of(&[tag::NULL], true));
/// assert_ne!(key_of(&[tag::NULL], false), key_of(&[tag::UNDEFINED], false));
/// ```
pub fn key_of(stream: &[u8], has_unordered: bool) -> Result<u128, KeyError> {
    if !has_unordered {
        return Ok(hash128(stream));
    }
    let mut out = Vec::with_capacity(stream.len());
    let mut reader = Reader { bytes: stream, pos: 0 };
    while reader.pos < stream.len() {
        canonical_value(&mut reader, &mut out, 0)?;
    }
    Ok(hash128(&out))
}

/// xxh3's default secret (seed 0), as one static that both its short-input and long-input
/// paths read: `xxh3_128` names the crate's constant in each, and the module kept a copy
/// for each (192 bytes of random data: as many gzipped). The hash is `xxh3_128`'s.
static SECRET: [u8; 192] = const_custom_default_secret(0);

/// xxh3-128, kept out of line: inlined, its short-input paths were copied into each of
/// the five places that hash (2 KB of the gzipped module), and the call costs no time the
/// benchmarks can see.
#[inline(never)]
fn hash128(bytes: &[u8]) -> u128 {
    xxh3_128_with_secret(bytes, &SECRET)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], KeyError> {
        let end = self.pos.checked_add(n).ok_or(KeyError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(KeyError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    /// The bytes read since `start`. `get`, not indexing: a slice index that can fail
    /// keeps core's slice-index panic and its number formatting in the module (0.17 KB
    /// gzipped), though `start` is never past `pos`.
    fn since(&self, start: usize) -> &'a [u8] {
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    fn byte(&mut self) -> Result<u8, KeyError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, KeyError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Copies one value from `r` to `out`, replacing each map and set by its
/// order-independent digest. Everything else is copied byte for byte, which is what makes
/// the canonical form of a stream without maps or sets the stream itself.
fn canonical_value(r: &mut Reader, out: &mut Vec<u8>, depth: usize) -> Result<(), KeyError> {
    if depth > MAX_DEPTH {
        return Err(KeyError::TooDeep);
    }
    let start = r.pos;
    let t = r.byte()?;
    match t {
        tag::UNDEFINED | tag::NULL | tag::FALSE | tag::TRUE | tag::NAN | tag::SKIPPED | tag::HOLE
        | tag::INVALID_DATE => {}
        tag::NUMBER | tag::DATE => {
            r.take(8)?;
        }
        tag::BYTES => {
            r.take(1)?;
            let n = r.u32()? as usize;
            r.take(n)?;
        }
        // Prefix tags: the tag, then a fixed number of values, each canonicalized.
        tag::SYMBOL | tag::BOXED | tag::REGEXP | tag::ERROR | tag::FUNCTION | tag::HASHED | tag::INSTANCE | tag::TEXT => {
            out.push(t);
            let parts = match t {
                tag::SYMBOL | tag::BOXED => 1,
                tag::INSTANCE => 3,
                _ => 2,
            };
            for _ in 0..parts {
                canonical_value(r, out, depth + 1)?;
            }
            return Ok(());
        }
        tag::BACKREF | tag::HOLES => {
            r.u32()?;
        }
        tag::STRING | tag::BIGINT => {
            let n = r.u32()? as usize;
            r.take(n)?;
        }
        tag::STRING_UTF16 => {
            let n = r.u32()? as usize;
            r.take(n.checked_mul(2).ok_or(KeyError::Truncated)?)?;
        }
        tag::ARRAY | tag::OBJECT => {
            let n = r.u32()?;
            if t == tag::OBJECT {
                r.take(16)?;
            }
            out.extend_from_slice(r.since(start));
            for _ in 0..n {
                canonical_value(r, out, depth + 1)?;
            }
            return Ok(());
        }
        tag::MAP => return canonical_unordered(r, out, depth, 2, tag::MAP_DIGEST),
        tag::SET => return canonical_unordered(r, out, depth, 1, tag::SET_DIGEST),
        other => return Err(KeyError::UnknownTag(other)),
    }
    out.extend_from_slice(r.since(start));
    Ok(())
}

/// An unordered container: items of `values_per_item` values each (2 for pairs), up to
/// [`tag::END`], reduced to `digest_tag` + count + digest.
fn canonical_unordered(
    r: &mut Reader,
    out: &mut Vec<u8>,
    depth: usize,
    values_per_item: usize,
    digest_tag: u8,
) -> Result<(), KeyError> {
    // Items are hashed one by one in the tail of `out` and summed: addition is commutative,
    // so enumeration order cannot change the digest.
    let mark = out.len();
    let mut sum: u128 = 0;
    let mut count: u32 = 0;
    loop {
        if r.bytes.get(r.pos) == Some(&tag::END) {
            r.pos += 1;
            break;
        }
        for _ in 0..values_per_item {
            canonical_value(r, out, depth + 1)?;
        }
        sum = sum.wrapping_add(hash128(out.get(mark..).unwrap_or_default()));
        out.truncate(mark);
        count = count.wrapping_add(1);
    }
    out.push(digest_tag);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(())
}

/// The shape of a plain object: a digest of its property names, sorted, given as the
/// JSON array text the encoder makes of them (unambiguous, and it escapes lone surrogates).
///
/// ```
/// use cache_resource::core::key::shape_digest;
/// assert_ne!(shape_digest(br#"["a","b"]"#), shape_digest(br#"["ab"]"#));
/// ```
pub fn shape_digest(sorted_names_json: &[u8]) -> u128 {
    let mut bytes = Vec::with_capacity(sorted_names_json.len() + 6);
    bytes.extend_from_slice(b"shape\0");
    bytes.extend_from_slice(sorted_names_json);
    hash128(&bytes)
}

/// The identity of a cached function: its name, its source text and the user's `key`
/// namespace. Equal identities share one cache, which is how a cache survives a module
/// being evaluated again (hot reload) and is dropped when the source changes.
///
/// ```
/// use cache_resource::core::key::function_identity;
/// let a = function_identity(b"load", b"async (n) => fetch(n)", b"");
/// assert_eq!(a, function_identity(b"load", b"async (n) => fetch(n)", b""));
/// assert_ne!(a, function_identity(b"load", b"async (n) => fetch(n + 1)", b""));
/// assert_ne!(a, function_identity(b"load", b"async (n) => fetch(n)", b"tenant-2"));
/// ```
pub fn function_identity(name: &[u8], source: &[u8], namespace: &[u8]) -> u128 {
    // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    let mut bytes = Vec::with_capacity(name.len() + source.len() + namespace.len() + 12);
    for part in [name, source, namespace] {
        bytes.extend_from_slice(&(part.len() as u32).to_le_bytes());
        bytes.extend_from_slice(part);
    }
    hash128(&bytes)
}

/// `key_of` of the stream for `{a: 1, b: "x"}`; see the `keys_are_pinned` tests.
#[doc(hidden)]
pub const PINNED_OBJECT_KEY: u128 = 126074396484826388446857741200909946661;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_xxh3_128_at_every_length() {
        // Each of xxh3's paths: up to 16 bytes, 17-128, 129-240, and the long (striped) one.
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 31 + 7) as u8).collect();
        for len in (0..=300).chain([1023, 1024, 1025, 4999]) {
            assert_eq!(hash128(&bytes[..len]), xxhash_rust::xxh3::xxh3_128(&bytes[..len]), "length {len}");
        }
    }

    fn string(s: &str) -> Vec<u8> {
        let mut v = vec![tag::STRING];
        v.extend_from_slice(&(s.len() as u32).to_le_bytes());
        v.extend_from_slice(s.as_bytes());
        v
    }

    /// An object as the encoder writes it: shape digest, then values by sorted name.
    fn object(pairs: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut sorted: Vec<_> = pairs.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let names: Vec<String> = sorted.iter().map(|(n, _)| format!("{n:?}")).collect();
        let mut v = vec![tag::OBJECT];
        v.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
        v.extend_from_slice(&shape_digest(format!("[{}]", names.join(",")).as_bytes()).to_le_bytes());
        for (_, value) in sorted {
            v.extend_from_slice(value);
        }
        v
    }

    fn number(x: f64) -> Vec<u8> {
        let mut v = vec![tag::NUMBER];
        v.extend_from_slice(&x.to_le_bytes());
        v
    }

    #[test]
    fn maps_inside_objects_are_canonicalized() {
        let map = |rev: bool| {
            let (a, b) = ([string("a"), number(1.0)].concat(), [string("b"), vec![tag::NULL]].concat());
            let items = if rev { [b, a].concat() } else { [a, b].concat() };
            [&[tag::MAP][..], &items, &[tag::END]].concat()
        };
        let one = object(&[("m", map(false)), ("z", vec![tag::NULL])]);
        let two = object(&[("m", map(true)), ("z", vec![tag::NULL])]);
        assert_eq!(key_of(&one, true), key_of(&two, true));
        assert_ne!(key_of(&one, true), key_of(&object(&[("m", map(false))]), true));
    }

    #[test]
    fn an_object_with_other_names_differs() {
        let ab = object(&[("a", number(1.0)), ("b", number(2.0))]);
        let ac = object(&[("a", number(1.0)), ("c", number(2.0))]);
        assert_ne!(key_of(&ab, false).unwrap(), key_of(&ac, false).unwrap());
    }

    #[test]
    fn sets_and_maps_ignore_order_and_differ_from_objects() {
        let set_ab = [&[tag::SET][..], &string("a"), &number(2.0), &[tag::END]].concat();
        let set_ba = [&[tag::SET][..], &number(2.0), &string("a"), &[tag::END]].concat();
        assert_eq!(key_of(&set_ab, true), key_of(&set_ba, true));
        let map = [&[tag::MAP][..], &string("a"), &number(1.0), &[tag::END]].concat();
        let obj = object(&[("a", number(1.0))]);
        assert_ne!(key_of(&map, true).unwrap(), key_of(&obj, true).unwrap());
        let set_pair = [&[tag::SET][..], &string("a"), &number(1.0), &[tag::END]].concat();
        assert_ne!(key_of(&map, true).unwrap(), key_of(&set_pair, true).unwrap());
    }

    #[test]
    fn unordered_containers_inside_prefix_tags_are_canonicalized() {
        let body = |rev: bool| {
            let mut items = [number(1.0), number(2.0)];
            if rev {
                items.reverse();
            }
            [&[tag::SET][..], &items.concat(), &[tag::END]].concat()
        };
        let inst = |rev| [&[tag::INSTANCE][..], &string("Point"), &number(7.0), &body(rev)].concat();
        assert_eq!(key_of(&inst(false), true), key_of(&inst(true), true));
        let plain = body(false);
        assert_ne!(key_of(&inst(false), true).unwrap(), key_of(&plain, true).unwrap());
    }

    #[test]
    fn a_text_value_is_two_strings_and_no_other_pair() {
        let url = |tag| [&[tag][..], &string("URL"), &string("https://a.example/")].concat();
        assert_eq!(key_of(&url(tag::TEXT), true), key_of(&url(tag::TEXT), false));
        assert_ne!(key_of(&url(tag::TEXT), true).unwrap(), key_of(&url(tag::ERROR), true).unwrap());
        assert_ne!(key_of(&url(tag::TEXT), true).unwrap(), key_of(&string("https://a.example/"), true).unwrap());
        assert_eq!(key_of(&[&[tag::TEXT][..], &string("URL")].concat(), true), Err(KeyError::Truncated));
    }

    #[test]
    fn moving_a_value_between_names_changes_the_key() {
        let one = object(&[("a", number(1.0)), ("b", number(2.0))]);
        let two = object(&[("a", number(2.0)), ("b", number(1.0))]);
        assert_ne!(key_of(&one, true).unwrap(), key_of(&two, true).unwrap());
    }

    #[test]
    fn an_object_differs_from_its_pairs_spelled_as_an_array() {
        let obj = object(&[("a", number(1.0))]);
        let mut arr = vec![tag::ARRAY, 2, 0, 0, 0];
        arr.extend(string("a"));
        arr.extend(number(1.0));
        assert_ne!(key_of(&obj, true).unwrap(), key_of(&arr, false).unwrap());
    }

    #[test]
    fn empty_object_differs_from_empty_array_and_nothing() {
        let obj = object(&[]);
        let arr = vec![tag::ARRAY, 0, 0, 0, 0];
        let keys = [key_of(&obj, true).unwrap(), key_of(&arr, false).unwrap(), key_of(&[], false).unwrap()];
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_ne!(keys[1], keys[2]);
    }

    #[test]
    fn streams_without_maps_or_sets_hash_the_same_on_both_paths() {
        let mut s = vec![tag::ARRAY, 3, 0, 0, 0];
        s.extend(number(-0.0));
        s.extend(string("héllo"));
        s.extend([tag::BACKREF, 1, 0, 0, 0]);
        assert_eq!(key_of(&s, false), key_of(&s, true));
    }

    #[test]
    fn a_run_of_holes_is_one_value_with_its_length() {
        let array = |values: &[&[u8]]| {
            let mut v = vec![tag::ARRAY];
            v.extend_from_slice(&(values.len() as u32).to_le_bytes());
            values.iter().for_each(|x| v.extend_from_slice(x));
            v
        };
        let holes = |n: u32| [&[tag::HOLES][..], &n.to_le_bytes()].concat();
        let one = number(1.0);
        let keys = [
            array(&[&holes(2000), &one]),
            array(&[&holes(2001), &one]),
            array(&[&one, &holes(2000)]),
            array(&[&holes(2000), &one, &[tag::HOLE]]),
        ]
        .map(|s| key_of(&s, true).unwrap());
        for i in 0..keys.len() {
            for j in 0..i {
                assert_ne!(keys[i], keys[j], "streams {j} and {i}");
            }
        }
    }

    #[test]
    fn malformed_streams_are_errors_not_panics() {
        assert_eq!(key_of(&[tag::NUMBER, 1, 2], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::STRING, 0xff, 0xff, 0xff, 0xff], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::STRING_UTF16, 0xff, 0xff, 0xff, 0xff], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[0x42], true), Err(KeyError::UnknownTag(0x42)));
        assert_eq!(key_of(&[tag::OBJECT, 1, 0, 0, 0, 7, 7], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::MAP_DIGEST], true), Err(KeyError::UnknownTag(tag::MAP_DIGEST)));
        assert_eq!(key_of(&[tag::BYTES, 9, 5, 0, 0, 0, 1], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::INSTANCE, tag::NULL], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::SET, tag::NULL], true), Err(KeyError::Truncated));
        assert_eq!(key_of(&[tag::ARRAY, 1, 0, 0, 0, tag::HOLES, 9, 0], true), Err(KeyError::Truncated));
        let deep: Vec<u8> = std::iter::repeat_n([tag::ARRAY, 1, 0, 0, 0], MAX_DEPTH + 2).flatten().collect();
        assert_eq!(key_of(&deep, true), Err(KeyError::TooDeep));
    }

    /// The same stream must give the same key natively and on wasm32 (tests/wasm.rs pins
    /// the same constant), or keys computed in the browser would not match the core's.
    #[test]
    fn keys_are_pinned() {
        let stream = object(&[("a", number(1.0)), ("b", string("x"))]);
        assert_eq!(key_of(&stream, true).unwrap(), PINNED_OBJECT_KEY);
    }

    #[test]
    fn random_bytes_never_panic() {
        // A small deterministic generator: the property is "no panic, no hang" on any input.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let len = (state % 64) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state % 16) as u8
                })
                .collect();
            let _ = key_of(&bytes, true);
        }
    }
}
