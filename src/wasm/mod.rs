//! The wasm-bindgen layer: integer-and-buffer exports over the pure core. Values and user
//! callbacks stay in JS (`src/js/api.js`); this layer never calls into JS while it holds
//! the registry borrowed, so a user callback that calls back in cannot trip the `RefCell`.

mod key_buffer;
mod registry;
mod timer;

pub use key_buffer::*;
pub use registry::*;
