//! A map from 128-bit keys to `u32` ids: a cache's entries by key, the caches by function
//! identity.
//!
//! The keys are already uniform hashes (xxh3-128), so their low bits are the home bucket
//! and nothing is hashed again. Open addressing with linear probing, at most three
//! quarters full; a removal shifts the entries after it back, so there are no tombstones
//! and a probe ends at the first empty bucket. A general-purpose map spends most of its
//! code on what these keys do not need (hashing, groups of control bytes, tombstone
//! cleanup). Reads and writes go through `get`, never indexing: an index that can fail
//! keeps a panic location in the module.

use alloc::vec;
use alloc::vec::Vec;

/// The id of an empty bucket; no cache or slot id reaches it (it is the registry's NIL).
const EMPTY: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Bucket {
    key: u128,
    id: u32,
}

const FREE: Bucket = Bucket { key: 0, id: EMPTY };

#[derive(Default)]
pub(crate) struct KeyMap {
    buckets: Vec<Bucket>,
    len: usize,
}

impl KeyMap {
    pub(crate) const fn new() -> Self {
        KeyMap { buckets: Vec::new(), len: 0 }
    }

    /// The id stored under `key`.
    // On every lookup: inlined whatever the build's inline threshold (scripts/build.sh).
    #[inline(always)]
    pub(crate) fn get(&self, key: u128) -> Option<u32> {
        let at = self.find(key)?;
        self.buckets.get(at).map(|s| s.id)
    }

    /// Stores `id` under `key`, replacing what was there.
    pub(crate) fn insert(&mut self, key: u128, id: u32) {
        debug_assert!(id != EMPTY);
        if (self.len + 1) * 4 > self.buckets.len() * 3 {
            self.grow();
        }
        let mask = self.buckets.len() - 1;
        let mut at = key as usize & mask;
        while let Some(bucket) = self.buckets.get_mut(at) {
            if bucket.id == EMPTY {
                self.len += 1;
            } else if bucket.key != key {
                at = (at + 1) & mask;
                continue;
            }
            *bucket = Bucket { key, id };
            return;
        }
    }

    /// Removes `key`, returning its id.
    pub(crate) fn remove(&mut self, key: u128) -> Option<u32> {
        let mut hole = self.find(key)?;
        let id = self.buckets.get(hole)?.id;
        let mask = self.buckets.len() - 1;
        // Each entry after the hole, up to the next empty bucket, moves into it unless the
        // hole lies before its home bucket (it would then never be probed for there).
        let mut at = hole;
        loop {
            at = (at + 1) & mask;
            let Some(&next) = self.buckets.get(at).filter(|s| s.id != EMPTY) else { break };
            let home = next.key as usize & mask;
            let stays = if hole <= at { hole < home && home <= at } else { hole < home || home <= at };
            if !stays {
                self.put(hole, next);
                hole = at;
            }
        }
        self.put(hole, FREE);
        self.len -= 1;
        Some(id)
    }

    /// The bucket holding `key`, if any.
    fn find(&self, key: u128) -> Option<usize> {
        let mask = self.buckets.len().checked_sub(1)?;
        let mut at = key as usize & mask;
        loop {
            let bucket = self.buckets.get(at)?;
            if bucket.id == EMPTY {
                return None;
            }
            if bucket.key == key {
                return Some(at);
            }
            at = (at + 1) & mask;
        }
    }

    fn put(&mut self, at: usize, bucket: Bucket) {
        if let Some(s) = self.buckets.get_mut(at) {
            *s = bucket;
        }
    }

    /// Doubles the table (8 buckets at first) and puts every entry back.
    fn grow(&mut self) {
        let size = (self.buckets.len() * 2).max(8);
        let old = ::core::mem::replace(&mut self.buckets, vec![FREE; size]);
        let mask = size - 1;
        for bucket in old.into_iter().filter(|s| s.id != EMPTY) {
            let mut at = bucket.key as usize & mask;
            while self.buckets.get(at).is_some_and(|s| s.id != EMPTY) {
                at = (at + 1) & mask;
            }
            self.put(at, bucket);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    /// Keys whose low bits collide, so probes run long and removals shift across the end.
    fn colliding(i: u64) -> u128 {
        (u128::from(i) << 64) | u128::from(i % 3) | 0xf0
    }

    #[test]
    fn agrees_with_a_btree_map_through_inserts_replacements_and_removals() {
        let mut map = KeyMap::default();
        let mut model = BTreeMap::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..20_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = if x % 2 == 0 { colliding(x % 64) } else { u128::from(x % 512) };
            if x % 5 < 3 {
                map.insert(key, step);
                model.insert(key, step);
            } else {
                assert_eq!(map.remove(key), model.remove(&key));
            }
            assert_eq!(map.len, model.len());
            for probe in [key, colliding(x % 64), u128::from(x % 512)] {
                assert_eq!(map.get(probe), model.get(&probe).copied());
            }
        }
        for (&key, &id) in &model {
            assert_eq!(map.get(key), Some(id));
        }
    }

    #[test]
    fn an_empty_map_finds_nothing_and_removes_nothing() {
        let mut map = KeyMap::default();
        assert_eq!(map.get(0), None);
        assert_eq!(map.remove(0), None);
        map.insert(0, 7);
        assert_eq!(map.get(0), Some(7));
        assert_eq!(map.remove(0), Some(7));
        assert_eq!(map.get(0), None);
    }
}
