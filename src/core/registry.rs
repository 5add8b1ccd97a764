//! The registry: every cached function's entries, their LRU order and counters.
//!
//! Values never enter Rust. An entry is a *slot* number; the JS layer keeps the value in
//! an array at that index. When an entry leaves the cache the registry queues a
//! [`Released`] record, and the JS layer drains the queue to drop its reference and call
//! `onRelease`. Slots are reused, so JS compares values, not slot numbers, when a late
//! settlement asks "is this entry still mine?".
//!
//! Expiry: every entry with a ttl has a deadline in one min-heap for the whole registry
//! ([`Deadlines`](super::deadlines)), so the earliest is found in O(log n) and one timer can serve every function
//! ([`Registry::next_deadline`], [`Registry::expire_due`]). Lookups also check the deadline
//! of the entry they find, so an entry is never served late even when the timer is.

use ::core::cell::Cell;
use ::core::num::NonZeroU32;

use alloc::vec::Vec;

use super::deadlines::Deadlines;
use super::key_map::KeyMap;
use super::table::Table;

/// Index of a cached function in the registry, stable for the page's lifetime.
pub type CacheId = u32;
/// Index of an entry in the shared slot table; JS stores the value under the same index.
pub type SlotId = u32;

const NIL: SlotId = SlotId::MAX;

/// Why an entry left the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ReleaseCause {
    /// `f.clear(...)`, `f.clear()` or `cacheResource.clear()`.
    Cleared = 0,
    /// Pushed out by `maxEntries`, least recently used first.
    Evicted = 1,
    /// The function was wrapped again with other options: Streamlit starts a new cache then.
    Reconfigured = 2,
    /// A new value was stored under a key that still had one.
    Replaced = 3,
    /// Its ttl ran out.
    Expired = 4,
    /// `validate` returned a falsy value (or threw) on a hit.
    Invalid = 5,
}

/// Where the registry reads the time, in milliseconds from any fixed origin. The wasm layer
/// reads `performance.now()` (`Instant::now()` traps on wasm32); tests use [`ManualClock`].
pub trait Clock {
    fn now_ms(&self) -> f64;
}

/// A clock that moves only when told to: for tests, and for any host that owns its time.
///
/// ```
/// use cache_resource::core::registry::{Clock, ManualClock};
/// let clock = ManualClock::default();
/// clock.advance(1_500.0);
/// assert_eq!(clock.now_ms(), 1_500.0);
/// ```
#[derive(Clone, Default)]
pub struct ManualClock(alloc::rc::Rc<Cell<f64>>);

impl ManualClock {
    pub fn advance(&self, ms: f64) {
        self.0.set(self.0.get() + ms);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
}

/// One entry that left the cache; the JS layer releases `slot`'s value. Three u32s
/// (`repr(C)`), so the wasm layer can let JS read the queue in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Released {
    pub slot: SlotId,
    pub cache: CacheId,
    pub cause: ReleaseCause,
}

/// Options that shape a function's cache. Two wraps of one source share a cache only
/// while these are equal, as in Streamlit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CacheOptions {
    /// At most this many entries; `None` is unbounded (Streamlit's default).
    pub max_entries: Option<NonZeroU32>,
    /// Entries expire this many milliseconds after they are stored (reads do not extend
    /// it, as in cachetools' `TTLCache`); `None` never expires.
    pub ttl_ms: Option<f64>,
    /// `Some(retry_ms)`: refresh mode "background" (needs a ttl). An entry is stale from
    /// ttl to 2×ttl after it is stored; a stale hit still returns it and asks for one
    /// refresh; a failed refresh is not retried for `retry_ms`. `None`: foreground.
    pub background_retry_ms: Option<f64>,
}

/// Counters of one cached function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub entries: u32,
    pub hits: u64,
    pub misses: u64,
    pub evicted: u64,
    pub cleared: u64,
    pub expired: u64,
    /// Entries dropped because `validate` rejected them.
    pub invalidated: u64,
    /// Hits on a stale entry (background mode); also counted in `hits`.
    pub stale_hits: u64,
    /// Background refreshes started, and those that failed.
    pub refreshes: u64,
    pub refresh_failures: u64,
}

/// The counters' names, in the order [`Stats::counters`] gives them: the order the wasm
/// layer hands them to JS (src/js/abi.js, checked against this by tests/js/abi.test.js).
pub const STAT_NAMES: [&str; 10] =
    ["entries", "hits", "misses", "evicted", "cleared", "expired", "invalidated", "staleHits", "refreshes", "refreshFailures"];

impl Stats {
    /// Every counter, in [`STAT_NAMES`] order.
    pub fn counters(&self) -> [u64; 10] {
        [
            u64::from(self.entries),
            self.hits,
            self.misses,
            self.evicted,
            self.cleared,
            self.expired,
            self.invalidated,
            self.stale_hits,
            self.refreshes,
            self.refresh_failures,
        ]
    }
}

/// What a lookup found: [`Registry::lookup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Miss,
    Hit(SlotId),
    /// A stale entry (background mode): serve it; when `refresh` is true the caller starts
    /// the one refresh for it and reports the outcome with [`Registry::refresh_done`].
    Stale { slot: SlotId, refresh: bool },
}


struct Cache {
    /// The function identity it was registered under.
    identity: u128,
    options: CacheOptions,
    entries: KeyMap,
    /// Most recently used end of the intrusive list through `Slot::prev/next`.
    head: SlotId,
    tail: SlotId,
    stats: Stats,
}

#[derive(Clone, Copy)]
struct Slot {
    cache: CacheId,
    key: u128,
    prev: SlotId,
    next: SlotId,
    live: bool,
    /// Has a record in `Registry::deadlines` while `Some`.
    deadline: Option<f64>,
    /// Background mode: when the entry turns stale.
    stale_at: Option<f64>,
    /// Background mode: a refresh is running, or none may start before `retry_at`.
    refreshing: bool,
    retry_at: f64,
    /// When the entry was stored (or last refreshed), for the inspector.
    stored_at: f64,
}

/// One live entry as the inspector shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EntryInfo {
    pub slot: SlotId,
    /// When it was stored or last refreshed.
    pub stored_at: f64,
    /// When it expires (2×ttl in background mode); `None` while pending or without ttl.
    pub deadline: Option<f64>,
    /// When it turns stale (background mode only).
    pub stale_at: Option<f64>,
    pub refreshing: bool,
}

/// The deadline of the entry in `slot`, while it is live and has one.
fn live_deadline(slots: &Table<Slot>, slot: SlotId) -> Option<f64> {
    let s = &slots[slot];
    if s.live {
        s.deadline
    } else {
        None
    }
}

/// All cached functions of a page.
///
/// ```
/// use cache_resource::core::registry::{CacheOptions, Registry};
/// let mut reg: Registry = Registry::default();
/// let f = reg.register(0xF00D, CacheOptions::default());
/// assert_eq!(reg.get(f, 42), None);          // a miss: JS runs the function...
/// let slot = reg.insert(f, 42).unwrap();     // ...and stores the value at `slot`
/// assert_eq!(reg.get(f, 42), Some(slot));    // a hit
/// assert_eq!(reg.register(0xF00D, CacheOptions::default()), f); // same source, same cache
/// ```
#[derive(Default)]
pub struct Registry<C: Clock = ManualClock> {
    caches: Table<Cache>,
    /// Each function identity's cache (identities are xxh3 digests, as keys are).
    by_identity: KeyMap,
    slots: Table<Slot>,
    free: Vec<SlotId>,
    /// Ids of dropped caches, for the next registrations.
    free_caches: Vec<CacheId>,
    released: Vec<Released>,
    deadlines: Deadlines,
    clock: C,
}

impl<C: Clock> Registry<C> {
    /// An empty registry that reads the time from `clock`. `const`, so the wasm layer's
    /// static needs no lazy-initialization code.
    pub const fn with_clock(clock: C) -> Self {
        Registry {
            caches: Table::new(),
            by_identity: KeyMap::new(),
            slots: Table::new(),
            free: Vec::new(),
            free_caches: Vec::new(),
            released: Vec::new(),
            deadlines: Deadlines::new(),
            clock,
        }
    }

    /// The cache of the function with this identity (see
    /// [`function_identity`](crate::core::key::function_identity)), created on first use.
    /// Registering again with other options empties the cache and adopts the new options.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Registry};
    /// use std::num::NonZeroU32;
    /// let mut reg: Registry = Registry::default();
    /// let f = reg.register(7, CacheOptions::default());
    /// reg.insert(f, 1);
    /// let bounded = CacheOptions { max_entries: NonZeroU32::new(3), ..Default::default() };
    /// assert_eq!(reg.register(7, bounded), f);
    /// assert_eq!(reg.stats(f).unwrap().entries, 0);
    /// assert_eq!(reg.take_released().len(), 1);
    /// ```
    pub fn register(&mut self, identity: u128, options: CacheOptions) -> CacheId {
        if let Some(id) = self.by_identity.get(identity) {
            if self.caches[id].options != options {
                self.remove_all(id, ReleaseCause::Reconfigured);
                self.caches[id].options = options;
            }
            return id;
        }
        let cache = Cache { identity, options, entries: KeyMap::default(), head: NIL, tail: NIL, stats: Stats::default() };
        let id = match self.free_caches.pop() {
            Some(id) => {
                self.caches[id] = cache;
                id
            }
            None => {
                self.caches.push(cache);
                (self.caches.len() - 1) as CacheId
            }
        };
        self.by_identity.insert(identity, id);
        id
    }

    /// Drops a cache no function will call again (a closed session's): its entries are
    /// released as cleared, and its identity, counters and memory go; a later registration
    /// may reuse its id. Unknown or already dropped caches are left alone.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Registry};
    /// let mut reg: Registry = Registry::default();
    /// let f = reg.register(7, CacheOptions::default());
    /// reg.insert(f, 1);
    /// reg.drop_cache(f);
    /// assert_eq!(reg.take_released().len(), 1);
    /// assert_eq!(reg.stats(f), None);
    /// let g = reg.register(8, CacheOptions::default());
    /// assert_eq!(g, f);
    /// assert_eq!(reg.stats(g).unwrap().misses, 0);
    /// ```
    pub fn drop_cache(&mut self, cache: CacheId) {
        let Some(c) = self.caches.get(cache as usize) else { return };
        if self.by_identity.get(c.identity) != Some(cache) {
            return;
        }
        self.remove_all(cache, ReleaseCause::Cleared);
        let c = &mut self.caches[cache];
        self.by_identity.remove(c.identity);
        c.entries = KeyMap::default();
        self.free_caches.push(cache);
    }

    /// Looks `key` up, counting a hit or a miss; a hit becomes the most recently used entry.
    /// Unknown caches miss without counting.
    ///
    /// An entry past its deadline is released as expired and the lookup misses, whether or
    /// not the timer has fired (background tabs throttle timers).
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(1_000.0), ..Default::default() });
    /// reg.insert(f, 7);
    /// clock.advance(999.0);
    /// assert!(reg.get(f, 7).is_some());
    /// clock.advance(1.0);
    /// assert!(reg.get(f, 7).is_none());
    /// ```
    pub fn get(&mut self, cache: CacheId, key: u128) -> Option<SlotId> {
        match self.lookup(cache, key) {
            Lookup::Miss => None,
            Lookup::Hit(slot) | Lookup::Stale { slot, .. } => Some(slot),
        }
    }

    /// Like [`get`](Self::get), and tells a stale hit (background mode) from a fresh one.
    /// At most one refresh per entry is asked for at a time, and none during the retry
    /// wait after a failed one.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Lookup, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let opts = CacheOptions { ttl_ms: Some(100.0), background_retry_ms: Some(60_000.0), ..Default::default() };
    /// let f = reg.register(1, opts);
    /// let slot = reg.insert(f, 7).unwrap();
    /// clock.advance(150.0);
    /// assert_eq!(reg.lookup(f, 7), Lookup::Stale { slot, refresh: true });
    /// assert_eq!(reg.lookup(f, 7), Lookup::Stale { slot, refresh: false }); // one refresh
    /// reg.refresh_done(slot, true);
    /// assert_eq!(reg.lookup(f, 7), Lookup::Hit(slot));
    /// clock.advance(200.0);                                                  // past 2×ttl
    /// assert_eq!(reg.lookup(f, 7), Lookup::Miss);
    /// ```
    pub fn lookup(&mut self, cache: CacheId, key: u128) -> Lookup {
        let Some(c) = self.caches.get_mut(cache as usize) else { return Lookup::Miss };
        match c.entries.get(key) {
            Some(slot) => self.found(slot),
            None => {
                c.stats.misses += 1;
                Lookup::Miss
            }
        }
    }

    /// [`lookup`](Self::lookup) for a caller that already knows the entry's slot (the JS
    /// front cache of primitive arguments): the same counting, recency, expiry and stale
    /// handling, without the key. `None`, counting nothing, when `slot` is not a live entry
    /// of `cache`.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Lookup, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(10.0), ..Default::default() });
    /// let slot = reg.insert(f, 7).unwrap();
    /// assert_eq!(reg.lookup_slot(f, slot), Some(Lookup::Hit(slot)));
    /// clock.advance(10.0);
    /// assert_eq!(reg.lookup_slot(f, slot), Some(Lookup::Miss)); // expired now
    /// assert_eq!(reg.lookup_slot(f, slot), None);               // and gone
    /// assert_eq!(reg.stats(f).unwrap().hits, 1);
    /// ```
    pub fn lookup_slot(&mut self, cache: CacheId, slot: SlotId) -> Option<Lookup> {
        let live_here = self.slots.get(slot as usize).is_some_and(|s| s.live && s.cache == cache);
        live_here.then(|| self.found(slot))
    }

    /// The key of a live entry.
    /// The live entry under `key`, if it has not expired, without counting a hit or a miss
    /// and without touching its recency: for `has` and `peek`, which only look.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(10.0), max_entries: std::num::NonZeroU32::new(2), ..Default::default() });
    /// let one = reg.insert(f, 1).unwrap();
    /// reg.insert(f, 2);
    /// assert_eq!(reg.peek(f, 1), Some(one));
    /// reg.insert(f, 3);                          // the peek did not make 1 recent: evicted
    /// assert_eq!(reg.peek(f, 1), None);
    /// assert_eq!(reg.stats(f).unwrap().hits, 0);
    /// clock.advance(10.0);
    /// assert_eq!(reg.peek(f, 3), None);          // past its deadline, before the timer
    /// ```
    pub fn peek(&self, cache: CacheId, key: u128) -> Option<SlotId> {
        let slot = self.caches.get(cache as usize)?.entries.get(key)?;
        let now = self.clock.now_ms();
        self.slots[slot].deadline.is_none_or(|d| d > now).then_some(slot)
    }

    /// Sets every cache's counters back to zero; `entries` stays the live count.
    pub fn reset_stats(&mut self) {
        for c in self.caches.iter_mut() {
            c.stats = Stats { entries: c.stats.entries, ..Stats::default() };
        }
    }

    pub fn key_of_slot(&self, slot: SlotId) -> Option<u128> {
        self.slots.get(slot as usize).filter(|s| s.live).map(|s| s.key)
    }

    /// A lookup that found the live entry `slot`: a hit, a stale hit, or its expiry.
    fn found(&mut self, slot: SlotId) -> Lookup {
        let s = self.slots[slot];
        let now = self.clock.now_ms();
        let c = &mut self.caches[s.cache];
        if s.deadline.is_some_and(|d| d <= now) {
            c.stats.misses += 1;
            self.release(slot, ReleaseCause::Expired);
            return Lookup::Miss;
        }
        c.stats.hits += 1;
        // Recency only decides evictions: unbounded caches skip the relinking.
        if c.options.max_entries.is_some() {
            self.touch(slot);
        }
        match s.stale_at {
            Some(at) if at <= now => self.stale_hit(slot, now),
            _ => Lookup::Hit(slot),
        }
    }

    fn stale_hit(&mut self, slot: SlotId, now: f64) -> Lookup {
        let s = &mut self.slots[slot];
        let refresh = !s.refreshing && s.retry_at <= now;
        s.refreshing |= refresh;
        let stats = &mut self.caches[s.cache].stats;
        stats.stale_hits += 1;
        stats.refreshes += u64::from(refresh);
        Lookup::Stale { slot, refresh }
    }

    /// The refresh a stale [`lookup`](Self::lookup) asked for has settled. On success the
    /// entry is fresh again (its ttl restarts now, and the caller releases the old value);
    /// on failure it stays stale and no refresh is asked for during the retry wait. No
    /// effect on a slot that is no longer live: the caller then releases the new value.
    pub fn refresh_done(&mut self, slot: SlotId, ok: bool) {
        if !self.is_live(slot) || !self.slots[slot].refreshing {
            return;
        }
        let now = self.clock.now_ms();
        let cache = self.slots[slot].cache;
        let options = self.caches[cache].options;
        let s = &mut self.slots[slot];
        s.refreshing = false;
        if ok {
            if s.deadline.take().is_some() {
                self.deadlines.removed();
            }
            self.start_ttl(slot, options);
        } else {
            s.retry_at = now + options.background_retry_ms.unwrap_or(0.0);
            self.caches[cache].stats.refresh_failures += 1;
        }
    }

    /// Releases the entry a lookup just found and `validate` rejected; false when the slot
    /// is no longer live. The lookup counted a hit, but the caller got no cached value: the
    /// hit is taken back. `as_miss` counts the call as a miss here, for a caller that will
    /// not look up again (validate threw); one that computes anew counts its own miss.
    pub fn invalidate(&mut self, slot: SlotId, as_miss: bool) -> bool {
        if !self.is_live(slot) {
            return false;
        }
        let stats = &mut self.caches[self.slots[slot].cache].stats;
        stats.hits = stats.hits.saturating_sub(1);
        stats.misses += u64::from(as_miss);
        self.release(slot, ReleaseCause::Invalid);
        true
    }

    /// Releases the live entry in `slot` (one the inspector clears); false when the slot
    /// is not live.
    pub fn remove_slot(&mut self, slot: SlotId, cause: ReleaseCause) -> bool {
        if !self.is_live(slot) {
            return false;
        }
        self.release(slot, cause);
        true
    }

    /// Stores a new entry for `key` and returns its slot: first releases every entry past
    /// its deadline (see [`expire_due`](Self::expire_due)), then evicts least recently used
    /// entries past `max_entries`. An entry already under `key` is released as replaced.
    /// `None` only for an unknown cache.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Registry, ReleaseCause};
    /// use std::num::NonZeroU32;
    /// let mut reg: Registry = Registry::default();
    /// let f = reg.register(1, CacheOptions { max_entries: NonZeroU32::new(2), ..Default::default() });
    /// let a = reg.insert(f, 10).unwrap();
    /// reg.insert(f, 20);
    /// reg.get(f, 10);                 // 10 is now more recent than 20
    /// reg.insert(f, 30);              // so 20 goes
    /// assert_eq!(reg.get(f, 20), None);
    /// assert_eq!(reg.get(f, 10), Some(a));
    /// assert_eq!(reg.take_released()[0].cause, ReleaseCause::Evicted);
    /// ```
    pub fn insert(&mut self, cache: CacheId, key: u128) -> Option<SlotId> {
        let slot = self.insert_pending(cache, key)?;
        self.settle(slot);
        Some(slot)
    }

    /// Like [`insert`](Self::insert), for a value still being computed (a pending
    /// promise): its ttl starts at [`settle`](Self::settle), so a computation slower than
    /// the ttl is not dropped while it runs.
    pub fn insert_pending(&mut self, cache: CacheId, key: u128) -> Option<SlotId> {
        self.caches.get(cache as usize)?;
        // Entries past their deadline leave first, as in cachetools' TTLCache: no live entry
        // is evicted for room while the timer has yet to release one.
        self.expire_due();
        if let Some(old) = self.caches[cache].entries.get(key) {
            self.release(old, ReleaseCause::Replaced);
        }
        let slot = self.allocate(cache, key);
        let c = &mut self.caches[cache];
        c.entries.insert(key, slot);
        c.stats.entries += 1;
        self.push_front(slot);
        if let Some(max) = self.caches[cache].options.max_entries {
            while self.caches[cache].stats.entries > max.get() {
                let lru = self.caches[cache].tail;
                self.release(lru, ReleaseCause::Evicted);
            }
        }
        Some(slot)
    }

    /// Starts the ttl of a pending entry. No effect on a settled or dead slot, or when the
    /// function has no ttl.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(100.0), ..Default::default() });
    /// let slot = reg.insert_pending(f, 1).unwrap();
    /// clock.advance(500.0);                   // a slow computation
    /// assert_eq!(reg.next_deadline(), None);  // no ttl runs while it is pending
    /// reg.settle(slot);
    /// assert_eq!(reg.next_deadline(), Some(600.0));
    /// ```
    pub fn settle(&mut self, slot: SlotId) {
        if !self.is_live(slot) || self.slots[slot].deadline.is_some() {
            return;
        }
        let cache = self.slots[slot].cache;
        self.start_ttl(slot, self.caches[cache].options);
    }

    /// Sets the deadline (and, in background mode, the stale time) from now.
    fn start_ttl(&mut self, slot: SlotId, options: CacheOptions) {
        let Some(ttl) = options.ttl_ms else { return };
        let now = self.clock.now_ms();
        let background = options.background_retry_ms.is_some();
        // Background mode keeps a stale entry until 2×ttl, so the timer fires then.
        let deadline = now + if background { 2.0 * ttl } else { ttl };
        let s = &mut self.slots[slot];
        s.deadline = Some(deadline);
        s.stale_at = background.then_some(now + ttl);
        s.stored_at = now;
        let slots = &self.slots;
        self.deadlines.add(deadline, slot, |i| live_deadline(slots, i));
    }

    /// The earliest deadline of any entry and its slot.
    fn first_deadline(&mut self) -> Option<(f64, SlotId)> {
        let slots = &self.slots;
        self.deadlines.first(|i| live_deadline(slots, i))
    }

    /// The earliest deadline of any entry, for the one timer.
    pub fn next_deadline(&mut self) -> Option<f64> {
        self.first_deadline().map(|(deadline, _)| deadline)
    }

    /// Releases every entry whose deadline has passed; returns how many.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry, ReleaseCause};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let short = reg.register(1, CacheOptions { ttl_ms: Some(10.0), ..Default::default() });
    /// let long = reg.register(2, CacheOptions { ttl_ms: Some(50.0), ..Default::default() });
    /// reg.insert(short, 1);
    /// reg.insert(long, 1);
    /// clock.advance(20.0);
    /// assert_eq!(reg.expire_due(), 1);
    /// assert_eq!(reg.take_released()[0].cause, ReleaseCause::Expired);
    /// assert_eq!(reg.next_deadline(), Some(50.0));
    /// ```
    pub fn expire_due(&mut self) -> usize {
        let now = self.clock.now_ms();
        let mut count = 0;
        while let Some((deadline, slot)) = self.first_deadline() {
            if deadline > now {
                break;
            }
            self.release(slot, ReleaseCause::Expired);
            count += 1;
        }
        count
    }

    /// Releases the entry under `key`, if any; true when there was one.
    pub fn remove(&mut self, cache: CacheId, key: u128, cause: ReleaseCause) -> bool {
        let slot = match self.caches.get(cache as usize).and_then(|c| c.entries.get(key)) {
            Some(slot) => slot,
            None => return false,
        };
        self.release(slot, cause);
        true
    }

    /// Drops the entry in `slot` without a release record: its computation failed, so
    /// there is no resource to release. False when the slot is not live.
    pub fn discard(&mut self, slot: SlotId) -> bool {
        if !self.is_live(slot) {
            return false;
        }
        self.unlink(slot);
        true
    }

    /// Releases every entry of one cache.
    pub fn clear(&mut self, cache: CacheId) {
        if (cache as usize) < self.caches.len() {
            self.remove_all(cache, ReleaseCause::Cleared);
        }
    }

    /// The release records queued since the last call, oldest first.
    pub fn take_released(&mut self) -> Vec<Released> {
        ::core::mem::take(&mut self.released)
    }

    /// The waiting release records, oldest first, without taking them
    /// ([`clear_released`](Self::clear_released) does).
    pub fn released(&self) -> &[Released] {
        &self.released
    }

    /// Drops the waiting release records, keeping their storage for the next ones.
    pub fn clear_released(&mut self) {
        self.released.clear();
    }

    /// When a live entry expires (twice its ttl in background mode); `None` without a ttl,
    /// while pending, or when `slot` is not live.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(1_000.0), ..Default::default() });
    /// clock.advance(5.0);
    /// let slot = reg.insert(f, 7).unwrap();
    /// assert_eq!(reg.deadline_of(slot), Some(1_005.0));
    /// let pending = reg.insert_pending(f, 8).unwrap();
    /// assert_eq!(reg.deadline_of(pending), None);
    /// ```
    pub fn deadline_of(&self, slot: SlotId) -> Option<f64> {
        self.slots.get(slot as usize).filter(|s| s.live).and_then(|s| s.deadline)
    }

    pub fn stats(&self, cache: CacheId) -> Option<Stats> {
        self.caches.get(cache as usize).filter(|c| self.by_identity.get(c.identity) == Some(cache)).map(|c| c.stats)
    }

    /// The live entries of one cache, most recently used first.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, ManualClock, Registry};
    /// let clock = ManualClock::default();
    /// let mut reg = Registry::with_clock(clock.clone());
    /// let f = reg.register(1, CacheOptions { ttl_ms: Some(1_000.0), ..Default::default() });
    /// reg.insert(f, 1);
    /// clock.advance(10.0);
    /// let pending = reg.insert_pending(f, 2).unwrap();
    /// let e = reg.entries(f);
    /// assert_eq!((e[0].slot, e[0].deadline), (pending, None)); // no ttl runs while pending
    /// assert_eq!((e[1].stored_at, e[1].deadline), (0.0, Some(1_000.0)));
    /// ```
    pub fn entries(&self, cache: CacheId) -> Vec<EntryInfo> {
        let mut out = Vec::new();
        let Some(c) = self.caches.get(cache as usize) else { return out };
        let mut slot = c.head;
        while slot != NIL {
            let s = &self.slots[slot];
            out.push(EntryInfo { slot, stored_at: s.stored_at, deadline: s.deadline, stale_at: s.stale_at, refreshing: s.refreshing });
            slot = s.next;
        }
        out
    }

    fn is_live(&self, slot: SlotId) -> bool {
        self.slots.get(slot as usize).is_some_and(|s| s.live)
    }

    #[inline(never)]
    fn remove_all(&mut self, cache: CacheId, cause: ReleaseCause) {
        // Oldest first (least recently used first when `max_entries` keeps recency).
        while self.caches[cache].tail != NIL {
            let slot = self.caches[cache].tail;
            self.release(slot, cause);
        }
    }

    #[inline(never)]
    fn release(&mut self, slot: SlotId, cause: ReleaseCause) {
        let cache = self.slots[slot].cache;
        self.unlink(slot);
        let stats = &mut self.caches[cache].stats;
        match cause {
            ReleaseCause::Evicted => stats.evicted += 1,
            ReleaseCause::Cleared => stats.cleared += 1,
            ReleaseCause::Expired => stats.expired += 1,
            ReleaseCause::Invalid => stats.invalidated += 1,
            ReleaseCause::Reconfigured | ReleaseCause::Replaced => {}
        }
        self.released.push(Released { slot, cache, cause });
    }

    /// Takes a live slot out of its cache's map and list and frees it.
    fn unlink(&mut self, slot: SlotId) {
        let s = self.slots[slot];
        let c = &mut self.caches[s.cache];
        c.entries.remove(s.key);
        c.stats.entries -= 1;
        if s.deadline.is_some() {
            self.deadlines.removed();
        }
        self.detach(slot);
        self.slots[slot].live = false;
        self.free.push(slot);
    }

    fn allocate(&mut self, cache: CacheId, key: u128) -> SlotId {
        let fresh = Slot {
            cache,
            key,
            prev: NIL,
            next: NIL,
            live: true,
            deadline: None,
            stale_at: None,
            refreshing: false,
            retry_at: f64::NEG_INFINITY,
            stored_at: self.clock.now_ms(),
        };
        match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = fresh;
                slot
            }
            None => {
                self.slots.push(fresh);
                (self.slots.len() - 1) as SlotId
            }
        }
    }

    /// Makes a live entry of a bounded cache the most recently used, for a hit answered
    /// outside the registry (and counted there); anything else is left alone.
    ///
    /// ```
    /// use cache_resource::core::registry::{CacheOptions, Registry};
    /// let mut reg: Registry = Registry::default();
    /// let f = reg.register(1, CacheOptions { max_entries: std::num::NonZeroU32::new(2), ..Default::default() });
    /// let one = reg.insert(f, 1).unwrap();
    /// reg.insert(f, 2);
    /// reg.used(one);
    /// reg.insert(f, 3);                  // evicts 2, the least recently used
    /// assert_eq!(reg.peek(f, 1), Some(one));
    /// assert_eq!(reg.peek(f, 2), None);
    /// reg.used(99);                      // not a slot: nothing happens
    /// ```
    pub fn used(&mut self, slot: SlotId) {
        let Some(s) = self.slots.get(slot as usize) else { return };
        if s.live && self.caches[s.cache].options.max_entries.is_some() {
            self.touch(slot);
        }
    }

    fn touch(&mut self, slot: SlotId) {
        let cache = self.slots[slot].cache;
        if self.caches[cache].head != slot {
            self.detach(slot);
            self.push_front(slot);
        }
    }

    // The LRU list's two steps, on every insert, eviction and use: inlined whatever the
    // build's inline threshold (scripts/build.sh).
    #[inline(always)]
    fn detach(&mut self, slot: SlotId) {
        let Slot { cache, prev, next, .. } = self.slots[slot];
        let c = &mut self.caches[cache];
        if prev == NIL { c.head = next } else { self.slots[prev].next = next }
        if next == NIL { c.tail = prev } else { self.slots[next].prev = prev }
        let s = &mut self.slots[slot];
        s.prev = NIL;
        s.next = NIL;
    }

    #[inline(always)]
    fn push_front(&mut self, slot: SlotId) {
        let cache = self.slots[slot].cache;
        let old_head = self.caches[cache].head;
        self.slots[slot].next = old_head;
        self.slots[slot].prev = NIL;
        if old_head == NIL {
            self.caches[cache].tail = slot;
        } else {
            self.slots[old_head].prev = slot;
        }
        self.caches[cache].head = slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_hit_counts_as_a_miss_only() {
        let mut reg: Registry = Registry::default();
        let f = reg.register(1, CacheOptions::default());
        let slot = reg.insert(f, 7).unwrap();
        assert_eq!(reg.lookup(f, 7), Lookup::Hit(slot));
        assert!(reg.invalidate(slot, false));
        let s = reg.stats(f).unwrap();
        assert_eq!((s.hits, s.misses, s.invalidated), (0, 0, 1), "the caller's own lookup counts the miss");
        assert_eq!(reg.lookup(f, 7), Lookup::Miss);
        let slot = reg.insert(f, 7).unwrap();
        assert_eq!(reg.lookup(f, 7), Lookup::Hit(slot));
        assert!(reg.invalidate(slot, true));
        let s = reg.stats(f).unwrap();
        assert_eq!((s.hits, s.misses, s.invalidated), (0, 2, 2));
        assert!(!reg.invalidate(slot, true), "no longer live");
        assert_eq!(reg.stats(f).unwrap().misses, 2);
    }

    #[test]
    fn distinct_identities_are_distinct_caches() {
        let mut reg: Registry = Registry::default();
        let a = reg.register(1, CacheOptions::default());
        let b = reg.register(2, CacheOptions::default());
        assert_ne!(a, b);
        reg.insert(a, 5);
        assert_eq!(reg.get(b, 5), None);
    }

    #[test]
    fn deadlines_left_behind_never_expire_a_reused_slot_and_stay_bounded() {
        let clock = ManualClock::default();
        let mut reg = Registry::with_clock(clock.clone());
        let f = reg.register(1, CacheOptions { ttl_ms: Some(100.0), ..Default::default() });
        let keep = reg.insert(f, 0).unwrap();
        // Churn: each entry is cleared early and its slot reused, leaving a record behind.
        for key in 1..10_000u128 {
            clock.advance(0.01);
            reg.insert(f, key).unwrap();
            assert!(reg.remove(f, key, ReleaseCause::Cleared));
        }
        let (records, live) = (reg.deadlines.records(), reg.deadlines.live());
        assert!(records <= 2 * live + 65, "{records} records for {live} entries");
        assert_eq!(reg.next_deadline(), Some(100.0), "the one live entry's");
        // A slot reused by a later entry is not expired at the old entry's deadline.
        let later = reg.insert(f, 42).unwrap();
        clock.advance(0.02);
        reg.take_released();
        assert_eq!(reg.expire_due(), 1);
        assert_eq!(reg.take_released()[0].slot, keep);
        assert_eq!(reg.get(f, 42), Some(later));
        assert!(reg.next_deadline().is_some_and(|d| d > 100.0));
    }

    #[test]
    fn clear_releases_each_entry_once_and_counts() {
        let mut reg: Registry = Registry::default();
        let f = reg.register(1, CacheOptions::default());
        let slots: Vec<_> = (0..3).map(|k| reg.insert(f, k).unwrap()).collect();
        reg.clear(f);
        let released = reg.take_released();
        assert_eq!(released.len(), 3);
        let mut got: Vec<_> = released.iter().map(|r| r.slot).collect();
        got.sort();
        assert_eq!(got, slots);
        assert!(released.iter().all(|r| r.cause == ReleaseCause::Cleared));
        assert_eq!(reg.stats(f).unwrap(), Stats { cleared: 3, ..Stats::default() });
        reg.clear(f);
        assert!(reg.take_released().is_empty());
    }

    #[test]
    fn discard_leaves_no_release_record_and_frees_the_key() {
        let mut reg: Registry = Registry::default();
        let f = reg.register(1, CacheOptions::default());
        let slot = reg.insert(f, 9).unwrap();
        assert!(reg.discard(slot));
        assert!(!reg.discard(slot));
        assert!(reg.take_released().is_empty());
        assert_eq!(reg.get(f, 9), None);
    }

    #[test]
    fn clear_is_per_cache_and_remove_is_per_key() {
        let mut reg: Registry = Registry::default();
        let f = reg.register(1, CacheOptions::default());
        let g = reg.register(2, CacheOptions::default());
        reg.insert(f, 1);
        reg.insert(f, 2);
        reg.insert(g, 1);
        assert!(reg.remove(f, 2, ReleaseCause::Cleared));
        assert!(!reg.remove(f, 2, ReleaseCause::Cleared));
        assert!(reg.get(f, 1).is_some());
        reg.clear(f);
        assert_eq!(reg.get(f, 1), None);
        assert!(reg.get(g, 1).is_some(), "another cache keeps its entries");
        reg.clear(g);
        assert_eq!(reg.get(g, 1), None);
        assert_eq!(reg.take_released().len(), 3);
    }

    #[test]
    fn entries_past_their_deadline_leave_before_a_live_one_is_evicted() {
        let clock = ManualClock::default();
        let mut reg = Registry::with_clock(clock.clone());
        let f = reg.register(1, CacheOptions { ttl_ms: Some(10.0), max_entries: NonZeroU32::new(2), ..Default::default() });
        reg.insert(f, 1);
        clock.advance(6.0);
        let live = reg.insert(f, 2).unwrap();
        reg.get(f, 1); // the most recently used, but past its deadline below
        clock.advance(6.0);
        reg.insert(f, 3);
        assert_eq!(reg.get(f, 2), Some(live), "the live entry stays");
        let causes: Vec<_> = reg.take_released().iter().map(|r| r.cause).collect();
        assert_eq!(causes, [ReleaseCause::Expired]);
    }

    #[test]
    fn counters_come_in_stat_names_order() {
        let s = Stats {
            entries: 1, hits: 2, misses: 3, evicted: 4, cleared: 5, expired: 6, invalidated: 7, stale_hits: 8, refreshes: 9,
            refresh_failures: 10,
        };
        let by_name: Vec<_> = STAT_NAMES.iter().zip(s.counters()).collect();
        assert_eq!(by_name[1], (&"hits", 2));
        assert_eq!(by_name[7], (&"staleHits", 8));
        assert_eq!(by_name[9], (&"refreshFailures", 10));
        assert_eq!(s.counters(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }

    #[test]
    fn unknown_ids_never_panic() {
        let mut reg: Registry = Registry::default();
        assert_eq!(reg.get(3, 1), None);
        assert_eq!(reg.insert(3, 1), None);
        assert!(!reg.remove(3, 1, ReleaseCause::Cleared));
        assert!(!reg.discard(77));
        reg.clear(3);
        assert_eq!(reg.stats(3), None);
        assert_eq!(reg.key_of_slot(0), None);
    }

    #[test]
    fn slots_are_reused_after_release() {
        let mut reg: Registry = Registry::default();
        let f = reg.register(1, CacheOptions { max_entries: NonZeroU32::new(1), ..Default::default() });
        let first = reg.insert(f, 1).unwrap();
        let second = reg.insert(f, 2).unwrap();
        assert_ne!(first, second);
        reg.take_released();
        let third = reg.insert(f, 3).unwrap();
        assert_eq!(third, first);
        assert_eq!(reg.key_of_slot(third), Some(3));
        assert_eq!(reg.get(f, 3), Some(third));
    }
}
