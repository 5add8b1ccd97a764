//! cache-resource: Streamlit's `st.cache_resource` for JavaScript, in Rust compiled to
//! WebAssembly. The pure [`core`] holds the registry and key hashing; the `wasm` module is
//! the thin binding the npm package's JS glue calls.

#![cfg_attr(all(feature = "standalone", target_arch = "wasm32"), no_std)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(feature = "standalone", target_arch = "wasm32"))]
mod standalone;
