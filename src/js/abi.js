// The numbers the package's JS and its wasm module must agree on, in one place. The Rust
// side is the source: tests/js/abi.test.js reads each constant there and fails when one
// here differs.

// Type tags of the key stream (src/core/key.rs, module `tag`): one constant each, which a
// minifier inlines where an object's names would stay in the bundle.
export const UNDEFINED = 0x00, NULL = 0x01, FALSE = 0x02, TRUE = 0x03, NUMBER = 0x04, NAN = 0x05, STRING = 0x06,
  STRING_UTF16 = 0x07, BIGINT = 0x08, ARRAY = 0x09, OBJECT = 0x0a, END = 0x0b, BACKREF = 0x0c, SKIPPED = 0x0d, SYMBOL = 0x0e,
  HOLE = 0x0f, MAP = 0x10, SET = 0x11, DATE = 0x12, INVALID_DATE = 0x13, REGEXP = 0x14, ERROR = 0x15, BYTES = 0x16,
  FUNCTION = 0x17, INSTANCE = 0x18, BOXED = 0x19, HASHED = 0x1a, TEXT = 0x1b, HOLES = 0x1c;
/** Bytes of the out slot before the streams (src/wasm/key_buffer.rs, KEY_OUT_BYTES). */
export const OUT_SLOT_BYTES = 16;
/** How deep wasm canonicalizes a stream (src/core/key.rs, MAX_DEPTH); the encoder stops below it. */
export const MAX_STREAM_DEPTH = 1000;

// Answers of lookup and lookup_slot (src/wasm/registry.rs): a slot (>= 0), or one of these.
export const MISS = -1;
export const MALFORMED = -2;
export const GONE = -3;
/** Answers from here down are stale hits: STALE_BASE - 2 * slot, one less when a refresh is due. */
export const STALE_BASE = -4;

/** The slot of a hit, fresh or stale. */
export const slotOf = (answer) => (answer >= 0 ? answer : (STALE_BASE - answer) >>> 1);
/** Whether a stale hit asks the caller to start the entry's refresh. */
export const refreshDue = (answer) => ((STALE_BASE - answer) & 1) === 1;

/** cache_stats' counters, in order (src/core/registry.rs, STAT_NAMES). */
export const STAT_NAMES = ["entries", "hits", "misses", "evicted", "cleared", "expired", "invalidated", "staleHits", "refreshes", "refreshFailures"];
/** f64s per entry of cache_entries: slot, stored at, deadline, stale at, refreshing. */
export const ENTRY_RECORD = 5;
/** Slots the log of hits answered in JS holds (src/wasm/used.rs, USED_LOG). */
export const USED_LOG = 256;
/** u32s per release record: slot, cache, cause. */
export const RELEASE_RECORD = 3;
/**
 * The `reason` of a release event, by the record's cause (src/core/registry.rs,
 * ReleaseCause, in order). JS adds "session" (a closed session's clear) and "refresh".
 */
export const RELEASE_REASONS = ["clear", "lru", "rewrap", "replace", "ttl", "validate"];
