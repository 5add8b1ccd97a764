//! The registry against a reference model written the simplest way (vectors scanned
//! linearly), on thousands of random operation sequences with a fake clock: TTL, LRU,
//! pending entries, every clear, lazy and timer expiry must agree on every observable.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::num::NonZeroU32;

use cache_resource::core::registry::{CacheOptions, Lookup, ManualClock, Registry, ReleaseCause, SlotId};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Get(usize, u8),
    /// A lookup by slot, as the JS front cache makes for primitive arguments.
    GetBySlot(usize, u8),
    Insert(usize, u8),
    InsertPending(usize, u8),
    Settle(usize, u8),
    Advance(u8),
    ExpireDue,
    Remove(usize, u8),
    Clear(usize),
    ClearAll,
}

fn op() -> impl Strategy<Value = Op> {
    let cache = 0..2usize;
    let key = 0..6u8;
    prop_oneof![
        4 => (cache.clone(), key.clone()).prop_map(|(c, k)| Op::Get(c, k)),
        2 => (cache.clone(), key.clone()).prop_map(|(c, k)| Op::GetBySlot(c, k)),
        3 => (cache.clone(), key.clone()).prop_map(|(c, k)| Op::Insert(c, k)),
        1 => (cache.clone(), key.clone()).prop_map(|(c, k)| Op::InsertPending(c, k)),
        1 => (cache.clone(), key.clone()).prop_map(|(c, k)| Op::Settle(c, k)),
        2 => (0..40u8).prop_map(Op::Advance),
        1 => Just(Op::ExpireDue),
        1 => (cache.clone(), key).prop_map(|(c, k)| Op::Remove(c, k)),
        1 => cache.prop_map(Op::Clear),
        1 => Just(Op::ClearAll),
    ]
}

fn options() -> impl Strategy<Value = CacheOptions> {
    (prop::option::of(1..5u32), prop::option::of(1..60u32)).prop_map(|(max, ttl)| CacheOptions {
        max_entries: max.and_then(NonZeroU32::new),
        ttl_ms: ttl.map(f64::from),
        background_retry_ms: None,
    })
}

#[derive(Debug, Clone)]
struct ModelEntry {
    key: u8,
    deadline: Option<f64>,
    pending: bool,
}

/// One cache: entries most recently used first.
#[derive(Default)]
struct ModelCache {
    options: CacheOptions,
    entries: Vec<ModelEntry>,
}

struct Model {
    now: f64,
    caches: Vec<ModelCache>,
    released: Vec<(usize, u8, ReleaseCause)>,
}

impl Model {
    fn position(&self, c: usize, key: u8) -> Option<usize> {
        self.caches[c].entries.iter().position(|e| e.key == key)
    }

    fn release_at(&mut self, c: usize, i: usize, cause: ReleaseCause) {
        let e = self.caches[c].entries.remove(i);
        self.released.push((c, e.key, cause));
    }

    fn get(&mut self, c: usize, key: u8) -> bool {
        let Some(i) = self.position(c, key) else { return false };
        if self.caches[c].entries[i].deadline.is_some_and(|d| d <= self.now) {
            self.release_at(c, i, ReleaseCause::Expired);
            return false;
        }
        let e = self.caches[c].entries.remove(i);
        self.caches[c].entries.insert(0, e);
        true
    }

    fn insert(&mut self, c: usize, key: u8, pending: bool) {
        // Entries past their deadline (in every cache) leave first.
        self.expire_due();
        if let Some(i) = self.position(c, key) {
            self.release_at(c, i, ReleaseCause::Replaced);
        }
        let deadline = if pending { None } else { self.caches[c].options.ttl_ms.map(|t| self.now + t) };
        self.caches[c].entries.insert(0, ModelEntry { key, deadline, pending });
        if let Some(max) = self.caches[c].options.max_entries {
            while self.caches[c].entries.len() > max.get() as usize {
                let last = self.caches[c].entries.len() - 1;
                self.release_at(c, last, ReleaseCause::Evicted);
            }
        }
    }

    fn settle(&mut self, c: usize, key: u8) {
        if let Some(i) = self.position(c, key) {
            let ttl = self.caches[c].options.ttl_ms;
            let e = &mut self.caches[c].entries[i];
            if e.pending {
                e.pending = false;
                e.deadline = ttl.map(|t| self.now + t);
            }
        }
    }

    fn expire_due(&mut self) {
        // Earliest deadline first, ties in any order (compared as sets below).
        loop {
            let mut due: Option<(f64, usize, usize)> = None;
            for (c, cache) in self.caches.iter().enumerate() {
                for (i, e) in cache.entries.iter().enumerate() {
                    if let Some(d) = e.deadline.filter(|&d| d <= self.now) {
                        if due.is_none_or(|(best, _, _)| d < best) {
                            due = Some((d, c, i));
                        }
                    }
                }
            }
            let Some((_, c, i)) = due else { break };
            self.release_at(c, i, ReleaseCause::Expired);
        }
    }

    fn clear(&mut self, c: usize) {
        while let Some(last) = self.caches[c].entries.len().checked_sub(1) {
            self.release_at(c, last, ReleaseCause::Cleared);
        }
    }

    fn next_deadline(&self) -> Option<f64> {
        self.caches.iter().flat_map(|c| c.entries.iter().filter_map(|e| e.deadline)).reduce(f64::min)
    }
}

fn sorted(mut v: Vec<(usize, u8, ReleaseCause)>) -> Vec<(usize, u8, u32)> {
    let mut out: Vec<_> = v.drain(..).map(|(c, k, cause)| (c, k, cause as u32)).collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn registry_matches_the_reference_model(opts in [options(), options()], ops in prop::collection::vec(op(), 1..120)) {
        let clock = ManualClock::default();
        let mut reg = Registry::with_clock(clock.clone());
        let ids = [reg.register(100, opts[0]), reg.register(200, opts[1])];
        let mut model = Model {
            now: 0.0,
            caches: opts.iter().map(|&o| ModelCache { options: o, entries: vec![] }).collect(),
            released: vec![],
        };
        // The registry answers in slots; this maps them back to keys for comparison.
        let mut owner: HashMap<SlotId, (usize, u8)> = HashMap::new();
        let mut slot_of: HashMap<(usize, u8), SlotId> = HashMap::new();

        for op in ops {
            match op.clone() {
                Op::Get(c, k) => {
                    let got = reg.get(ids[c], u128::from(k));
                    prop_assert_eq!(got.is_some(), model.get(c, k), "{:?}", op);
                    if let Some(slot) = got {
                        prop_assert_eq!(owner.get(&slot), Some(&(c, k)));
                    }
                }
                Op::GetBySlot(c, k) => {
                    // The front cache knows the slot only of a live entry; otherwise it
                    // falls back to the lookup by key.
                    if let Some(&slot) = slot_of.get(&(c, k)) {
                        prop_assert_eq!(reg.lookup_slot(ids[1 - c], slot), None, "another cache's slot");
                        let got = reg.lookup_slot(ids[c], slot).expect("a live entry");
                        prop_assert_eq!(!matches!(got, Lookup::Miss), model.get(c, k), "{:?}", op);
                    } else {
                        prop_assert!(reg.get(ids[c], u128::from(k)).is_none(), "{:?}", op);
                        prop_assert!(!model.get(c, k));
                    }
                }
                Op::Insert(c, k) | Op::InsertPending(c, k) => {
                    let pending = matches!(op, Op::InsertPending(..));
                    let slot = if pending { reg.insert_pending(ids[c], u128::from(k)) } else { reg.insert(ids[c], u128::from(k)) };
                    model.insert(c, k, pending);
                    // Release records name slots that may be reused by this very insert:
                    // resolve them before recording the new owner.
                    let records = reg.take_released();
                    let got: Vec<_> = records.iter().map(|r| {
                        let (oc, ok) = owner.remove(&r.slot).expect("released slot had an owner");
                        slot_of.remove(&(oc, ok));
                        (oc, ok, r.cause)
                    }).collect();
                    prop_assert_eq!(sorted(got), sorted(std::mem::take(&mut model.released)), "{:?}", op);
                    let slot = slot.unwrap();
                    owner.insert(slot, (c, k));
                    slot_of.insert((c, k), slot);
                    continue;
                }
                Op::Settle(c, k) => {
                    if let Some(&slot) = slot_of.get(&(c, k)) {
                        reg.settle(slot);
                    }
                    model.settle(c, k);
                }
                Op::Advance(ms) => {
                    clock.advance(f64::from(ms));
                    model.now += f64::from(ms);
                }
                Op::ExpireDue => {
                    reg.expire_due();
                    model.expire_due();
                }
                Op::Remove(c, k) => {
                    let had = reg.remove(ids[c], u128::from(k), ReleaseCause::Cleared);
                    let i = model.position(c, k);
                    prop_assert_eq!(had, i.is_some());
                    if let Some(i) = i {
                        model.release_at(c, i, ReleaseCause::Cleared);
                    }
                }
                Op::Clear(c) => {
                    reg.clear(ids[c]);
                    model.clear(c);
                }
                Op::ClearAll => {
                    // As JS clears every function of a kind: each cache in turn.
                    reg.clear(ids[0]);
                    reg.clear(ids[1]);
                    model.clear(0);
                    model.clear(1);
                }
            }
            let got: Vec<_> = reg.take_released().iter().map(|r| {
                let (oc, ok) = owner.remove(&r.slot).expect("released slot had an owner");
                slot_of.remove(&(oc, ok));
                (oc, ok, r.cause)
            }).collect();
            prop_assert_eq!(sorted(got), sorted(std::mem::take(&mut model.released)), "{:?}", op);
            for (id, cache) in ids.iter().zip(&model.caches) {
                prop_assert_eq!(reg.stats(*id).unwrap().entries as usize, cache.entries.len());
            }
            prop_assert_eq!(reg.next_deadline(), model.next_deadline());
        }
    }
}
