//! The module's globals. wasm32 without the atomics feature runs one thread, so a static
//! needs no synchronization; a busy flag still turns a re-entrant use into a trap rather
//! than two live `&mut`. No export calls into JS, so none happens. A RefCell would check
//! the same, but its panic message and the formatting code it pulls in cost 208 bytes of
//! the module gzipped, for a message no one reads.

use ::core::cell::{Cell, UnsafeCell};

pub(crate) struct Global<T> {
    busy: Cell<bool>,
    value: UnsafeCell<T>,
}

// SAFETY: wasm32-unknown-unknown without atomics has a single thread: no other thread can
// reach the value.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(value: T) -> Self {
        Global { busy: Cell::new(false), value: UnsafeCell::new(value) }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        if self.busy.replace(true) {
            ::core::arch::wasm32::unreachable();
        }
        // SAFETY: `busy` was false, so no other reference to the value is live, and it
        // stays true until this one is gone.
        let out = f(unsafe { &mut *self.value.get() });
        self.busy.set(false);
        out
    }
}
