//! An inbound email (a reply to a notification): parsing, token extraction and quote
//! trimming accept any bytes without panicking, and the comment text never keeps control
//! characters other than newlines and tabs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voix::email::inbound::parse::{ReplyPattern, analyze};
use voix::email::inbound::text::{html_to_text, trim_reply};

fuzz_target!(|data: &[u8]| {
    let pattern = ReplyPattern::new("voix+{token}@mairie.example.fr").expect("valid pattern");
    let _ = analyze(data, &pattern);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = trim_reply(text);
        let _ = html_to_text(text);
    }
});
