//! What std would provide to the no_std cdylib the npm package ships (feature
//! `standalone`): an allocator, and a panic handler. A panic is a bug (inputs from JS are
//! checked before use), and JS has no way to read its message: trapping is all it can do.

use core::alloc::{GlobalAlloc, Layout};

/// The allocator, trapping where it would return null. alloc answers a null with its error
/// handler, which formats "memory allocation of {size} bytes failed" for a panic handler
/// that only traps: with a null ruled out here, LLVM drops that path after the allocations
/// it can see into (45 bytes of the module). A `Vec`'s growth still reaches the handler.
struct TrapOnNull<A>(A);

// SAFETY: forwards to `A`, and returns only what `A` returned (never null).
unsafe impl<A: GlobalAlloc> GlobalAlloc for TrapOnNull<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { self.0.alloc(layout) };
        if p.is_null() {
            ::core::arch::wasm32::unreachable()
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { self.0.dealloc(ptr, layout) }
    }
}

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
#[global_allocator]
static ALLOCATOR: TrapOnNull<lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator>> =
    TrapOnNull(unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) });

#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
