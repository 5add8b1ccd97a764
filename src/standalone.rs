//! What std would provide to the no_std cdylib the npm package ships (feature
//! `standalone`): an allocator, and a panic handler. A panic is a bug (inputs from JS are
//! checked before use), and JS has no way to read its message: trapping is all it can do.

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
