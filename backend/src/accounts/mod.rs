//! Accounts: what registration, sign-in, sessions, the second factor, passwords, directory
//! accounts, the account page and the administrators do to storage and mail. The routes
//! (`routes/auth.rs`, `routes/me.rs`, `routes/totp.rs`, `routes/admin.rs`) and the session
//! extractor (`http/session.rs`) keep HTTP: parsing, throttles, cookies and answers.

pub mod administration;
pub mod directory;
pub mod password;
pub mod profile;
pub mod registration;
pub mod second_factor;
pub mod sessions;
pub mod sign_in;
