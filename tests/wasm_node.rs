//! The wasm layer in Node: `wasm-pack test --node`, or
//! `cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

#[path = "wasm/exports.rs"]
mod exports;
