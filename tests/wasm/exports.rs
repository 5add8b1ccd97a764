//! The wasm layer's tests, shared by tests/wasm_node.rs and tests/wasm_browser.rs. They
//! drive the exports the JS glue calls, through the key buffer.

use cache_resource::core::key::{shape_digest, tag, PINNED_OBJECT_KEY};
use cache_resource::wasm::*;
use wasm_bindgen_test::*;

/// `register` for a test function with no namespace, in foreground mode.
fn reg(name: &str, source: &str, max_entries: u32, ttl_ms: f64) -> u32 {
    let at = write_at(100, &[name.as_bytes(), source.as_bytes()].concat());
    register(at, name.len(), source.len(), 0, max_entries, ttl_ms, f64::NAN) as u32
}

/// Writes `bytes` at offset `at` of the key buffer, as the JS side writes texts.
fn write_at(at: usize, bytes: &[u8]) -> usize {
    let base = key_buffer(at + bytes.len());
    // SAFETY: key_buffer just made the region at least this long.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), base.add(at), bytes.len()) };
    at
}

/// Writes `stream` after the out slot and returns its length, as the JS encoder does.
fn write_stream(stream: &[u8]) -> usize {
    write_at(KEY_OUT_BYTES, stream);
    stream.len()
}

/// How many release records wait, read in place as JS reads it.
fn released_count() -> usize {
    // SAFETY: released_at points at two u32s the module keeps for as long as it lives.
    unsafe { *released_at() as usize }
}

/// The numbers an export reported (see `report_at`), read in place as JS reads them.
fn reported(count: usize) -> Vec<f64> {
    // SAFETY: report_at points at the last report's numbers until the next call.
    unsafe { std::slice::from_raw_parts(report_at(), count) }.to_vec()
}

/// Drains the release records as JS does: read in place, then marked read (a count of 0),
/// which the next export that reaches the registry takes as the records' end.
fn take_released() -> Vec<u32> {
    let queue = released_at();
    // SAFETY: the second u32 is the records' address, valid with as many u32 triples as
    // the first says until the next call.
    let records = unsafe {
        let n = *queue as usize;
        std::slice::from_raw_parts(*queue.add(1) as usize as *const u32, 3 * n).to_vec()
    };
    // SAFETY: as above; JS writes the count the same way.
    unsafe { *queue = 0 };
    records
}

fn out_slot() -> [u32; 4] {
    let base = key_buffer(0) as *const u32;
    // SAFETY: the region starts with the 16-byte, 8-aligned out slot.
    unsafe { [*base, *base.add(1), *base.add(2), *base.add(3)] }
}

/// `{a: 1, b: "x"}` as the encoder writes it: count, shape, values by sorted name.
fn object_a1_bx() -> Vec<u8> {
    let shape = shape_digest(br#"["a","b"]"#).to_le_bytes();
    let a = [&[tag::NUMBER][..], &1f64.to_le_bytes()].concat();
    let b = vec![tag::STRING, 1, 0, 0, 0, b'x'];
    [&[tag::OBJECT, 2, 0, 0, 0][..], &shape, &a, &b].concat()
}

#[wasm_bindgen_test]
fn keys_match_the_native_core() {
    let cache = reg("pinned", "() => 1", 0, f64::INFINITY);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, write_stream(&object_a1_bx()), true), MISS);
    let words = out_slot();
    let key = words.iter().rev().fold(0u128, |acc, &w| (acc << 32) | u128::from(w));
    assert_eq!(key, PINNED_OBJECT_KEY);
}

#[wasm_bindgen_test]
fn miss_insert_hit_and_clear_through_the_buffer() {
    let cache = reg("roundtrip", "(x) => x", 0, f64::INFINITY);
    let len = write_stream(&object_a1_bx());
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, true), MISS);
    let [k0, k1, k2, k3] = out_slot();
    let slot = insert(cache, k0, k1, k2, k3, false);
    assert!(slot >= 0);
    // The same stream again is the same entry (key order is the encoder's job).
    let len = write_stream(&object_a1_bx());
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, true), slot);
    assert_eq!(clear_key(cache, KEY_OUT_BYTES, len, true), 1);
    assert_eq!(take_released(), vec![slot as u32, cache, 0]);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, true), MISS);
    assert_eq!(reported(cache_stats(cache)), vec![0.0, 1.0, 2.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
}

#[wasm_bindgen_test]
fn eviction_is_reported_for_release() {
    let cache = reg("bounded", "(x) => x", 1, f64::INFINITY);
    let mut slots = vec![];
    for n in 0..3u8 {
        let len = write_stream(&[tag::STRING, 1, 0, 0, 0, b'0' + n]);
        assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
        let [k0, k1, k2, k3] = out_slot();
        slots.push(insert(cache, k0, k1, k2, k3, false) as u32);
    }
    assert_eq!(released_count(), 2, "records JS has not read wait across calls");
    let released = take_released();
    assert_eq!(released.len(), 6, "two evictions");
    assert_eq!(released[2], 1, "cause: evicted");
    assert_eq!(released_count(), 0);
    // Records marked read are gone at the next call: only its own wait then.
    let len = write_stream(&[tag::STRING, 1, 0, 0, 0, b'9']);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    assert_eq!(released_count(), 0, "the lookup evicted nothing");
    let [k0, k1, k2, k3] = out_slot();
    insert(cache, k0, k1, k2, k3, false);
    assert_eq!(take_released(), vec![slots[2], cache, 1], "the one eviction of this insert");
}

/// Logs hits as JS's front caches do: in place, without a call.
fn log_used(slots: &[u32]) {
    // SAFETY: used_log_at points at a count and USED_LOG slots the module keeps for its lifetime.
    let log = unsafe { std::slice::from_raw_parts_mut(used_log_at(), USED_LOG + 1) };
    let n = log[0] as usize;
    log[1 + n..1 + n + slots.len()].copy_from_slice(slots);
    log[0] = (n + slots.len()) as u32;
}

#[wasm_bindgen_test]
fn logged_uses_count_for_recency_at_the_next_call() {
    let cache = reg("logged", "(x) => x", 2, f64::INFINITY);
    let mut slots = vec![];
    for n in 0..2u8 {
        let len = write_stream(&[tag::STRING, 1, 0, 0, 0, b'a' + n]);
        assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
        let [k0, k1, k2, k3] = out_slot();
        slots.push(insert(cache, k0, k1, k2, k3, false) as u32);
    }
    // "a" was used after "b" (and a slot that is no entry is ignored): "b" is evicted.
    log_used(&[slots[0], 9999]);
    let len = write_stream(&[tag::STRING, 1, 0, 0, 0, b'c']);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    let [k0, k1, k2, k3] = out_slot();
    insert(cache, k0, k1, k2, k3, false);
    assert_eq!(take_released(), vec![slots[1], cache, 1]);
    // A full log is applied by flush_used, and left empty.
    log_used(&vec![slots[0]; USED_LOG]);
    flush_used();
    // SAFETY: as in log_used.
    assert_eq!(unsafe { *used_log_at() }, 0);
}

#[wasm_bindgen_test]
fn the_buffer_keeps_its_contents_when_it_grows() {
    let len = write_stream(&[tag::STRING, 3, 0, 0, 0, b'a', b'b', b'c']);
    let before = key_buffer_len();
    key_buffer(before * 4);
    assert!(key_buffer_len() >= before * 4);
    let cache = reg("grow", "(s) => s", 0, f64::INFINITY);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    let first = out_slot();
    assert_eq!(lookup(cache, KEY_OUT_BYTES, write_stream(&[tag::STRING, 3, 0, 0, 0, b'a', b'b', b'c']), false), MISS);
    assert_eq!(out_slot(), first);
}

/// A cached call made from a getter mid-walk writes its stream past the unfinished one:
/// the same bytes at another offset are the same key.
#[wasm_bindgen_test]
fn a_stream_past_another_is_the_same_key() {
    let cache = reg("nested", "(x) => x", 0, f64::INFINITY);
    let stream = [tag::ARRAY, 1, 0, 0, 0, tag::TRUE];
    let len = write_stream(&stream);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    let [k0, k1, k2, k3] = out_slot();
    let slot = insert(cache, k0, k1, k2, k3, false);
    let at = write_at(KEY_OUT_BYTES + 200, &stream);
    assert_eq!(lookup(cache, at, len, false), slot);
    assert_eq!(clear_key(cache, at, len, false), 1);
}

#[wasm_bindgen_test]
fn bad_input_from_js_is_an_error_code_not_a_panic() {
    let cache = reg("garbage", "() => 0", 0, f64::INFINITY);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, write_stream(&[0x42, 1, 2]), true), MALFORMED);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, usize::MAX, true), MALFORMED);
    assert_eq!(lookup(cache, 4, 1, false), MALFORMED, "a stream may not start in the out slot");
    assert_eq!(lookup(cache, usize::MAX, 1, false), MALFORMED);
    assert_eq!(lookup(9999, KEY_OUT_BYTES, write_stream(&[tag::NULL]), false), MISS);
    assert_eq!(insert(9999, 1, 2, 3, 4, false), -1);
    assert_eq!(clear_key(cache, KEY_OUT_BYTES, write_stream(&[tag::OBJECT]), true), -1);
    assert!(!discard(123_456));
    clear_cache(9999);
    assert_eq!(cache_stats(9999), 0);
    // Still fully working afterwards.
    assert_eq!(lookup(cache, KEY_OUT_BYTES, write_stream(&[tag::NULL]), false), MISS);
}

#[wasm_bindgen_test]
fn texts_are_read_from_the_buffer() {
    let names = br#"["a","b"]"#;
    assert!(shape_digest_at(write_at(64, names), names.len()));
    let words = out_slot();
    assert_eq!(words.iter().rev().fold(0u128, |acc, &w| (acc << 32) | u128::from(w)), shape_digest(names));
    // Ranges outside the buffer (or over the out slot) are refused, not a trap.
    assert!(!shape_digest_at(key_buffer_len(), 1));
    assert_eq!(register(key_buffer_len(), 1, 1, 1, 0, f64::NAN, f64::NAN), -1);
}

#[wasm_bindgen_test]
fn a_ttl_entry_sets_the_next_deadline_and_a_clear_removes_it() {
    set_now(1_000.0);
    let cache = reg("ttl", "(x) => x", 0, 60_000.0);
    let len = write_stream(&[tag::NULL]);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    let [k0, k1, k2, k3] = out_slot();
    let slot = insert(cache, k0, k1, k2, k3, true);
    assert_eq!(next_deadline(), -1.0, "a pending entry has no deadline yet");
    settle(slot as u32);
    assert_eq!(next_deadline(), 61_000.0);
    set_now(60_999.0);
    assert_eq!(expire_due(), 0);
    set_now(61_000.0);
    assert_eq!(expire_due(), 1);
    assert_eq!(take_released(), vec![slot as u32, cache, 4], "cause: expired");
    assert_eq!(next_deadline(), -1.0);
}

#[wasm_bindgen_test]
fn a_lookup_by_slot_answers_as_the_lookup_by_key_and_leaves_the_key_on_expiry() {
    set_now(5_000.0);
    let cache = reg("by-slot", "(k) => k", 0, 1_000.0);
    let other = reg("by-slot-other", "(k) => k", 0, f64::INFINITY);
    let len = write_stream(&[tag::TRUE]);
    assert_eq!(lookup(cache, KEY_OUT_BYTES, len, false), MISS);
    let key = out_slot();
    let [k0, k1, k2, k3] = key;
    let slot = insert(cache, k0, k1, k2, k3, false);
    assert_eq!(lookup_slot(cache, slot as u32), slot);
    assert_eq!(lookup_slot(other, slot as u32), GONE, "not an entry of that cache");
    assert_eq!(lookup_slot(cache, 999_999), GONE);
    assert_eq!(lookup(other, KEY_OUT_BYTES, write_stream(&[tag::NULL]), false), MISS);
    assert_ne!(out_slot(), key, "the out slot now holds another key");
    set_now(6_000.0);
    assert_eq!(lookup_slot(cache, slot as u32), MISS, "expired");
    assert_eq!(out_slot(), key, "its key is left for the insert that follows");
    assert_eq!(lookup_slot(cache, slot as u32), GONE);
    take_released();
}
