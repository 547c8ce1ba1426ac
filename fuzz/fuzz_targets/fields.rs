//! The small text fields parsed at the edge of the API and its files ("parse, don't
//! validate"): email addresses, passwords, display names, slugs, colours, `Host` names, path
//! ids, ISO 8601 times and census dates. Any string gives `Ok` or a 4xx error, never a panic,
//! and what is accepted is already in its normal form (parsing it again changes nothing).
#![no_main]
use libfuzzer_sys::fuzz_target;
use voix::census::parse_date;
use voix::consultations::parse_id;
use voix::domain::{DisplayName, EmailAddress, NewPassword, normalize_host, parse_color, parse_slug};
use voix::time::{format_iso8601, parse_iso8601};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(email) = EmailAddress::parse(s) {
        assert_eq!(EmailAddress::parse(email.as_str()).ok(), Some(email.clone()));
        assert_eq!(email.as_str().matches('@').count(), 1);
    }
    if let Ok(password) = NewPassword::parse(s) {
        let n = password.expose().chars().count();
        assert!((NewPassword::MIN_CHARS..=NewPassword::MAX_CHARS).contains(&n));
    }
    if let Ok(name) = DisplayName::parse(s) {
        assert_eq!(DisplayName::parse(name.as_str()).ok(), Some(name.clone()));
    }
    if let Ok(slug) = parse_slug(s) {
        assert_eq!(parse_slug(&slug).ok(), Some(slug.clone()));
    }
    if let Ok(color) = parse_color(s) {
        assert_eq!(parse_color(&color).ok(), Some(color.clone()));
    }
    let host = normalize_host(s);
    assert!(!host.chars().any(|c| c.is_ascii_uppercase()));
    if let Ok(id) = parse_id(s) {
        assert_eq!(parse_id(&id).ok(), Some(id.clone()));
    }
    if let Some(t) = parse_iso8601(s) {
        // Times past year 9999 once moved to UTC have no RFC 3339 form; nothing stores them.
        let formatted = format_iso8601(t);
        if !formatted.is_empty() {
            assert_eq!(parse_iso8601(&formatted), Some(t));
        }
    }
    if let Some(date) = parse_date(s) {
        assert_eq!(parse_date(&date).as_ref(), Some(&date));
    }
});
