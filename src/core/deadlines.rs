//! Expiry order: one min-heap of `(deadline, slot)` records for the whole registry, with
//! lazy deletion. An entry that leaves early (cleared, evicted, refreshed) leaves its
//! record behind, and a record counts only while its slot's live deadline is the one it
//! holds; the heap is rebuilt when records left behind outnumber the live ones, so it stays
//! within twice their number. A `BTreeSet`, deleted from exactly, costs about 5 KB more wasm.

use ::core::cmp::Reverse;
use alloc::collections::BinaryHeap;

use super::registry::SlotId;

#[derive(Default)]
pub(crate) struct Deadlines {
    heap: BinaryHeap<Reverse<(u64, SlotId)>>,
    /// Slots with a live deadline.
    live: usize,
}

/// Deadlines are non-negative, and the bits of non-negative floats sort as the floats do.
fn key(deadline: f64) -> u64 {
    deadline.max(0.0).to_bits()
}

/// Whether a record is the live deadline of its slot; `current(slot)` answers that deadline.
fn is_current((bits, slot): (u64, SlotId), current: &impl Fn(SlotId) -> Option<f64>) -> bool {
    current(slot).is_some_and(|d| key(d) == bits)
}

impl Deadlines {
    /// `const`, so the wasm layer's static registry needs no lazy initialization.
    pub const fn new() -> Self {
        Deadlines {
            heap: BinaryHeap::new(),
            live: 0,
        }
    }

    /// Records `slot`'s new deadline, which `current` must already answer for it.
    pub fn add(&mut self, deadline: f64, slot: SlotId, current: impl Fn(SlotId) -> Option<f64>) {
        self.live += 1;
        self.heap.push(Reverse((key(deadline), slot)));
        if self.heap.len() > 2 * self.live + 64 {
            let mut records = ::core::mem::take(&mut self.heap).into_vec();
            records.retain(|&Reverse(record)| is_current(record, &current));
            self.heap = records.into();
        }
    }

    /// A slot's live deadline is gone (its entry left, or its ttl restarts); the record
    /// stays until it surfaces or the heap is rebuilt.
    pub fn removed(&mut self) {
        self.live -= 1;
    }

    /// The earliest live deadline and its slot, dropping the records left behind above it.
    pub fn first(&mut self, current: impl Fn(SlotId) -> Option<f64>) -> Option<(f64, SlotId)> {
        while let Some(&Reverse(record)) = self.heap.peek() {
            if is_current(record, &current) {
                return Some((f64::from_bits(record.0), record.1));
            }
            self.heap.pop();
        }
        None
    }

    /// Records held, live or left behind.
    #[cfg(test)]
    pub fn records(&self) -> usize {
        self.heap.len()
    }

    #[cfg(test)]
    pub fn live(&self) -> usize {
        self.live
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_live_deadline_skips_records_left_behind_and_the_heap_stays_bounded() {
        let mut live = vec![None; 1000];
        let mut d = Deadlines::new();
        for slot in 0..1000u32 {
            // Each slot gets a deadline, then a later one: the first record is left behind.
            for deadline in [slot as f64, 5000.0 - slot as f64] {
                if live[slot as usize].is_some() {
                    d.removed();
                }
                live[slot as usize] = Some(deadline);
                d.add(deadline, slot, |i| live[i as usize]);
            }
            assert!(d.records() <= 2 * d.live() + 65);
        }
        assert_eq!(d.first(|i| live[i as usize]), Some((4001.0, 999)));
        live[999] = None;
        d.removed();
        assert_eq!(d.first(|i| live[i as usize]), Some((4002.0, 998)));
    }
}
