//! The pure core: no JS types, so it is tested natively with `cargo test`.

pub(crate) mod deadlines;
pub mod key;
mod key_map;
pub mod registry;
mod table;
