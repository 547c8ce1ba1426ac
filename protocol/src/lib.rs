//! Voix's shared protocol crate.
//!
//! Everything the server and the browser must agree on lives here: the JSON bodies of the HTTP
//! API ([`api`]) and the stable error codes the SPA matches on ([`error`]). The crate performs no
//! I/O and depends on no runtime, so it compiles both natively and to `wasm32-unknown-unknown`.
//! The Belenios 2.0-compatible voting cryptography lives in [`belenios`].

pub mod api;
pub mod belenios;
pub mod breakdown;
pub mod consultations;
pub mod error;
pub mod requests;

pub use error::{ApiErrorBody, ErrorCode};
