//! The outbound email bridge.
//!
//! A change that must notify someone writes its message into the `outbox` table in the same
//! transaction ([`outbox::enqueue`]); the [`worker`] delivers it through a [`transport`] with
//! retries, so a mail server that is down loses nothing. [`messages`] holds the localized texts
//! and [`render`] turns them into multipart text + HTML with the town's branding.

pub mod consultation_messages;
pub mod inbound;
pub mod messages;
pub mod outbox;
pub mod render;
pub mod request_messages;
pub mod time;
pub mod transport;
pub mod worker;
