//! The module's globals. wasm32 without the atomics feature runs one thread, so a static
//! needs no synchronization; the RefCell still turns a re-entrant borrow into a trap
//! rather than two live `&mut`. No export calls into JS, so none happens.

use ::core::cell::RefCell;

pub(crate) struct Global<T>(RefCell<T>);

// SAFETY: wasm32-unknown-unknown without atomics has a single thread: no other thread can
// reach the value.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(value: T) -> Self {
        Global(RefCell::new(value))
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
}
