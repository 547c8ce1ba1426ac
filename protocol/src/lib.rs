//! Voix's shared protocol crate: everything the server and the browser must agree on.
//!
//! - the JSON bodies of the HTTP API: accounts and towns ([`api`]), service requests
//!   ([`requests`]), consultations ([`consultations`], with the key holders' side of the key
//!   ceremony in [`consultations::trustee`]), and the stable error codes the SPA matches on
//!   ([`error`]);
//! - the rules both sides apply: account fields ([`account`]), the limits of a consultation's
//!   set-up ([`consultations::limits`]), which district results may be published
//!   ([`breakdown`]);
//! - the Belenios-compatible voting cryptography ([`belenios`]): ballots made in the browser,
//!   verified by the server and by `voix verify`.
//!
//! The crate performs no I/O and depends on no runtime, so it compiles both natively and to
//! `wasm32-unknown-unknown`.

#![warn(missing_docs)]

pub mod account;
pub mod api;
pub mod belenios;
pub mod breakdown;
pub mod consultations;
pub mod error;
pub mod requests;
pub mod text;

pub use error::{ApiErrorBody, ErrorCode};
