//! A `Vec` indexed by the registry's `u32` ids.
//!
//! An id out of range is a broken invariant, and traps. Indexing a `Vec` directly keeps a
//! panic location (file, line, column) in the module's data for every index expression;
//! here they all share one.

use ::core::ops::{Deref, DerefMut, Index, IndexMut};

use alloc::vec::Vec;

pub(crate) struct Table<T>(Vec<T>);

impl<T> Table<T> {
    pub(crate) const fn new() -> Self {
        Table(Vec::new())
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

impl<T> Deref for Table<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Table<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> Index<u32> for Table<T> {
    type Output = T;
    #[inline]
    fn index(&self, id: u32) -> &T {
        match self.0.get(id as usize) {
            Some(item) => item,
            None => out_of_range(),
        }
    }
}

impl<T> IndexMut<u32> for Table<T> {
    #[inline]
    fn index_mut(&mut self, id: u32) -> &mut T {
        match self.0.get_mut(id as usize) {
            Some(item) => item,
            None => out_of_range(),
        }
    }
}

#[cold]
#[inline(never)]
fn out_of_range() -> ! {
    // The shipped module's panic handler only traps (src/standalone.rs): a panic here
    // would keep a message and a location in its data that nothing reads.
    #[cfg(target_arch = "wasm32")]
    ::core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("registry id out of range")
}
