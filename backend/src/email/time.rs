//! Dates and times in mails: in the town's time zone, with the zone named, as a resident reads
//! them ("7 décembre 2026 à 11:33 (heure de Paris)").

use jiff::Timestamp;
use jiff::tz::TimeZone;
use protocol::api::Language;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether `name` is a time zone of the IANA database (built into the binary).
pub fn is_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// The city a zone is named after (`Europe/Paris` → `Paris`, `America/Port_of_Spain` →
/// `Port of Spain`); `None` for UTC.
fn place(zone: &str) -> Option<String> {
    let city = zone.rsplit('/').next().unwrap_or(zone);
    (!matches!(city, "UTC" | "UCT" | "Universal" | "Zulu" | "GMT")).then(|| city.replace('_', " "))
}

/// Unix time `t` in `zone` (UTC if the name is unknown), in `lang`, with the zone named.
pub fn format(t: i64, lang: Language, zone: &str) -> String {
    let (tz, place) = match TimeZone::get(zone) {
        Ok(tz) => (tz, place(zone)),
        Err(_) => (TimeZone::UTC, None),
    };
    let Ok(at) = Timestamp::from_second(t) else {
        return t.to_string();
    };
    let at = at.to_zoned_datetime(tz);
    let (day, year, hour, minute) = (at.day(), at.year(), at.hour(), at.minute());
    let month = usize::try_from(at.month() - 1).unwrap_or(0);
    let zone = match (lang, place) {
        (_, None) => "UTC".to_owned(),
        (Language::Fr, Some(p)) => format!("heure de {p}"),
        (Language::En, Some(p)) => format!("{p} time"),
    };
    match lang {
        Language::Fr => {
            let day = if day == 1 {
                "1er".to_owned()
            } else {
                day.to_string()
            };
            format!(
                "{day} {} {year} à {hour:02}:{minute:02} ({zone})",
                MONTHS_FR[month]
            )
        }
        Language::En => format!(
            "{day} {} {year} at {hour:02}:{minute:02} ({zone})",
            MONTHS_EN[month]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07 10:33 UTC, in winter (Paris is UTC+1).
    const WINTER: i64 = 1_796_639_580;
    /// 2026-07-01 12:00 UTC, in summer (Paris is UTC+2).
    const SUMMER: i64 = 1_782_907_200;

    #[test]
    fn paris_time_follows_daylight_saving_and_is_named() {
        assert_eq!(
            format(WINTER, Language::Fr, "Europe/Paris"),
            "7 décembre 2026 à 11:33 (heure de Paris)"
        );
        assert_eq!(
            format(SUMMER, Language::Fr, "Europe/Paris"),
            "1er juillet 2026 à 14:00 (heure de Paris)"
        );
        assert_eq!(
            format(WINTER, Language::En, "Europe/Paris"),
            "7 December 2026 at 11:33 (Paris time)"
        );
    }

    #[test]
    fn other_zones_and_unknown_names() {
        assert_eq!(
            format(WINTER, Language::Fr, "America/Cayenne"),
            "7 décembre 2026 à 07:33 (heure de Cayenne)"
        );
        assert_eq!(
            format(WINTER, Language::En, "UTC"),
            "7 December 2026 at 10:33 (UTC)"
        );
        // A name that is not a zone falls back to UTC, and says so.
        assert_eq!(
            format(WINTER, Language::Fr, "Mars/Olympus"),
            "7 décembre 2026 à 10:33 (UTC)"
        );
        assert!(is_zone("Europe/Paris") && is_zone("America/Port_of_Spain"));
        assert!(!is_zone("Mars/Olympus") && !is_zone(""));
    }
}
