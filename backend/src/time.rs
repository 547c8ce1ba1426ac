//! Wall-clock time as Unix seconds, the only time representation stored in the database.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Nanoseconds since the Unix epoch: orders events of one second (never stored in clear).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Converts a duration to seconds for arithmetic on stored timestamps.
pub fn secs(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// Parses a W3C / ISO 8601 date-time with an offset (`2026-03-01T08:30:00+01:00`, `…Z`) or a
/// plain date (`2026-03-01`, read as midnight UTC) into Unix seconds. Open311 uses this format.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let date =
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// Unix seconds as `2026-03-01T07:30:00Z` (RFC 3339, UTC).
pub fn format_iso8601(secs: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The calendar year (UTC) of a Unix time, for tracking numbers.
pub fn year_of(secs: i64) -> i64 {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map(|t| i64::from(t.year()))
        .unwrap_or(1970)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_round_trips_and_accepts_offsets() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601("2010-04-14T06:37:38-08:00"),
            Some(1_271_255_858)
        );
        assert_eq!(parse_iso8601("2026-03-01"), Some(1_772_323_200));
        assert_eq!(format_iso8601(1_271_255_858), "2010-04-14T14:37:38Z");
        assert_eq!(parse_iso8601("yesterday"), None);
        assert_eq!(year_of(1_772_323_200), 2026);
    }
}
