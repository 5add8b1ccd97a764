//! The wasm-bindgen layer: integer-and-buffer exports over the pure core. Values, user
//! callbacks and the expiry timer stay in JS (`src/js/`); this layer never calls into JS,
//! so a user callback that calls back in cannot find the registry borrowed.

mod global;
mod key_buffer;
mod registry;
mod shapes;
mod used;

pub use key_buffer::*;
pub use registry::*;
pub use shapes::*;
pub use used::*;
