//! Authentication building blocks: password hashing, random tokens, sessions, throttling and
//! the TOTP second factor.

pub mod password;
pub mod revoke;
pub mod throttle;
pub mod token;
pub mod totp;
