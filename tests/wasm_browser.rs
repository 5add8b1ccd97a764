//! The wasm layer in a browser: `wasm-pack test --headless --chrome` (or `--firefox`), or
//! `cargo test --target wasm32-unknown-unknown --test wasm_browser` with CHROMEDRIVER or
//! GECKODRIVER set. Configured for browsers, so wasm-pack's browser runs do not skip it.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm/exports.rs"]
mod exports;
