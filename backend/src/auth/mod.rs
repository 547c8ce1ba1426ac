//! Authentication building blocks: password hashing, random tokens, sessions and throttling.

pub mod password;
pub mod throttle;
pub mod token;
