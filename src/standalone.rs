//! What std would provide to the no_std cdylib the npm package ships (feature
//! `standalone`): an allocator, and a panic handler. A panic is a bug (inputs from JS are
//! checked before use), and JS has no way to read its message: trapping is all it can do.

#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
