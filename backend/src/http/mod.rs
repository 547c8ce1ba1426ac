//! HTTP plumbing shared by the routes: application state, extractors and middleware.

pub mod client_ip;
pub mod csrf;
pub mod headers;
pub mod idempotency;
pub mod in_flight;
pub mod json;
pub mod linger;
pub mod localize;
pub mod panics;
pub mod query;
pub mod request_id;
pub mod session;
pub mod state;
pub mod town;

pub use state::AppState;
