//! Data access: one module per table family. Each function takes an open [`crate::db::Tx`]
//! so that callers compose several writes into one transaction.

pub mod api_keys;
pub mod audit;
pub mod auth_tokens;
pub mod ballot_pool;
pub mod categories;
pub mod consultations;
pub mod my_consultations;
pub mod requests;
pub mod residency;
pub mod sessions;
pub mod totp;
pub mod towns;
pub mod users;
