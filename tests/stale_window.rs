//! Background refresh mode in the core, on a fake clock: the stale window between ttl and
//! 2×ttl, one refresh per entry, the retry wait after a failure, and clears mid-refresh.

use cache_resource::core::registry::{CacheOptions, Lookup, ManualClock, Registry, ReleaseCause};

const TTL: f64 = 1_000.0;
const RETRY: f64 = 60_000.0;

fn background() -> (ManualClock, Registry, u32) {
    let clock = ManualClock::default();
    let mut reg = Registry::with_clock(clock.clone());
    let f = reg.register(1, CacheOptions { ttl_ms: Some(TTL), background_retry_ms: Some(RETRY), ..Default::default() });
    (clock, reg, f)
}

#[test]
fn fresh_until_ttl_then_stale_until_twice_ttl() {
    let (clock, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL - 1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Hit(slot));
    clock.advance(1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: true });
    // The timer is armed for the hard deadline, not the stale time.
    assert_eq!(reg.next_deadline(), Some(2.0 * TTL));
    clock.advance(TTL - 1.0);
    assert!(matches!(reg.lookup(f, 1), Lookup::Stale { .. }));
    clock.advance(1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Miss);
    assert_eq!(reg.take_released()[0].cause, ReleaseCause::Expired);
}

#[test]
fn concurrent_stale_hits_ask_for_one_refresh() {
    let (clock, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL);
    let asked = (0..50).filter(|_| matches!(reg.lookup(f, 1), Lookup::Stale { refresh: true, .. })).count();
    assert_eq!(asked, 1);
    let stats = reg.stats(f).unwrap();
    assert_eq!((stats.hits, stats.stale_hits, stats.refreshes), (50, 50, 1));
    reg.refresh_done(slot, true);
    assert_eq!(reg.lookup(f, 1), Lookup::Hit(slot));
}

#[test]
fn a_successful_refresh_restarts_both_deadlines() {
    let (clock, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(1.5 * TTL);
    reg.lookup(f, 1);
    clock.advance(100.0); // the refresh takes a while
    reg.refresh_done(slot, true);
    let now = 1.5 * TTL + 100.0;
    assert_eq!(reg.next_deadline(), Some(now + 2.0 * TTL));
    clock.advance(TTL - 1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Hit(slot));
    clock.advance(1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: true });
}

#[test]
fn a_failed_refresh_waits_before_the_next() {
    let (clock, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: true });
    reg.refresh_done(slot, false);
    assert_eq!(reg.stats(f).unwrap().refresh_failures, 1);
    // Still served stale, but not refreshed again during the wait.
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: false });
    clock.advance(TTL / 2.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: false });
    // The entry itself is gone at 2×ttl, wait or not.
    clock.advance(TTL / 2.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Miss);
}

#[test]
fn the_retry_wait_ends() {
    let clock = ManualClock::default();
    let mut reg = Registry::with_clock(clock.clone());
    let f = reg.register(1, CacheOptions { ttl_ms: Some(TTL), background_retry_ms: Some(200.0), ..Default::default() });
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL);
    reg.lookup(f, 1);
    reg.refresh_done(slot, false);
    clock.advance(199.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: false });
    clock.advance(1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Stale { slot, refresh: true });
}

#[test]
fn clearing_during_a_refresh_makes_its_outcome_a_no_op() {
    let (clock, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL);
    reg.lookup(f, 1);
    reg.clear(f);
    reg.refresh_done(slot, true);
    assert_eq!(reg.next_deadline(), None);
    assert_eq!(reg.lookup(f, 1), Lookup::Miss);
    // A refresh outcome for a slot reused by another entry does not touch it.
    let other = reg.insert(f, 2).unwrap();
    assert_eq!(other, slot);
    reg.refresh_done(other, true);
    assert_eq!(reg.next_deadline(), Some(TTL + 2.0 * TTL)); // its own, untouched
}

#[test]
fn foreground_mode_has_no_stale_window() {
    let clock = ManualClock::default();
    let mut reg = Registry::with_clock(clock.clone());
    let f = reg.register(1, CacheOptions { ttl_ms: Some(TTL), ..Default::default() });
    let slot = reg.insert(f, 1).unwrap();
    clock.advance(TTL - 1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Hit(slot));
    clock.advance(1.0);
    assert_eq!(reg.lookup(f, 1), Lookup::Miss);
}

#[test]
fn an_invalid_entry_is_released_once_and_counted() {
    let (_, mut reg, f) = background();
    let slot = reg.insert(f, 1).unwrap();
    assert!(reg.invalidate(slot, false));
    assert!(!reg.invalidate(slot, false));
    let released = reg.take_released();
    assert_eq!(released.len(), 1);
    assert_eq!(released[0].cause, ReleaseCause::Invalid);
    assert_eq!(reg.stats(f).unwrap().invalidated, 1);
    assert_eq!(reg.lookup(f, 1), Lookup::Miss);
}
