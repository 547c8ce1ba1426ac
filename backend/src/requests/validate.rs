//! Validation of what residents, staff and Open311 clients send, before anything is stored.
//! Each failure names the field at fault so that a form can point at it.

use std::collections::BTreeMap;

use protocol::ErrorCode;
use protocol::requests::limits::{ADDRESS_MAX_CHARS, DESCRIPTION_MAX_CHARS, REASON_MAX_CHARS};
use protocol::requests::{AttributeAnswer, AttributeDef, AttributeType, CategoryInput, Location};

use crate::error::ApiError;

/// Trims `text` and checks it is non-empty, at most `max` characters and free of control
/// characters other than newlines and tabs.
pub fn text(value: &str, max: usize, field: &'static str) -> Result<String, ApiError> {
    let t = value.trim();
    if t.is_empty()
        || t.chars().count() > max
        || t.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(ApiError::field(ErrorCode::Validation, field));
    }
    Ok(t.replace("\r\n", "\n"))
}

/// An optional text: empty means absent.
pub fn optional_text(
    value: Option<&str>,
    max: usize,
    field: &'static str,
) -> Result<Option<String>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => text(v, max, field).map(Some),
        None => Ok(None),
    }
}

pub fn reason(value: &str) -> Result<String, ApiError> {
    text(value, REASON_MAX_CHARS, "reason")
}

pub fn description(value: &str) -> Result<String, ApiError> {
    text(value, DESCRIPTION_MAX_CHARS, "description")
}

pub fn address(value: Option<&str>) -> Result<Option<String>, ApiError> {
    optional_text(value, ADDRESS_MAX_CHARS, "address")
}

/// WGS 84 degrees → millionths of a degree, refusing out-of-range or non-finite values.
pub fn location(loc: Option<Location>) -> Result<Option<(i64, i64)>, ApiError> {
    let Some(Location { lat, lon }) = loc else {
        return Ok(None);
    };
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(ApiError::field(ErrorCode::Validation, "lat"));
    }
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        return Err(ApiError::field(ErrorCode::Validation, "lon"));
    }
    Ok(Some((
        (lat * 1e6).round() as i64,
        (lon * 1e6).round() as i64,
    )))
}

/// Millionths of a degree back to degrees.
pub fn degrees(e6: i64) -> f64 {
    e6 as f64 / 1e6
}

fn is_code(s: &str, max: usize, extra: char) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == extra)
}

/// Checks a category definition from staff.
pub fn category(input: &CategoryInput) -> Result<(), ApiError> {
    if !is_code(&input.code, 40, '-') {
        return Err(ApiError::field(ErrorCode::Validation, "code"));
    }
    text(&input.name.fr, 100, "name")?;
    text(&input.name.en, 100, "name")?;
    for d in [&input.description.fr, &input.description.en] {
        if d.chars().count() > 1000 {
            return Err(ApiError::field(ErrorCode::Validation, "description"));
        }
    }
    if input.group.chars().count() > 100 || input.keywords.chars().count() > 300 {
        return Err(ApiError::field(ErrorCode::Validation, "group"));
    }
    let mut codes = std::collections::HashSet::new();
    if input.attributes.len() > 20 {
        return Err(ApiError::field(ErrorCode::Validation, "attributes"));
    }
    for a in &input.attributes {
        if !is_code(&a.code, 40, '_') || !codes.insert(a.code.as_str()) {
            return Err(ApiError::field(ErrorCode::Validation, "attributes"));
        }
        text(&a.label.fr, 200, "attributes")?;
        text(&a.label.en, 200, "attributes")?;
        let keys: std::collections::HashSet<&str> =
            a.values.iter().map(|v| v.key.as_str()).collect();
        let list_ok = if a.datatype.is_list() {
            !a.values.is_empty()
                && keys.len() == a.values.len()
                && a.values.iter().all(|v| {
                    is_code(&v.key, 40, '-')
                        && !v.name.fr.trim().is_empty()
                        && !v.name.en.trim().is_empty()
                })
        } else {
            a.values.is_empty()
        };
        if !list_ok {
            return Err(ApiError::field(ErrorCode::Validation, "attributes"));
        }
    }
    Ok(())
}

/// Checks answers against the category's attributes: every required one present, no unknown
/// code, each value of its type. Returns the answers normalised (trimmed, empty ones dropped).
pub fn answers(
    defs: &[AttributeDef],
    given: &BTreeMap<String, AttributeAnswer>,
) -> Result<BTreeMap<String, AttributeAnswer>, ApiError> {
    const FIELD: &str = "attributes";
    let bad = || ApiError::field(ErrorCode::Validation, FIELD);
    if given.keys().any(|k| !defs.iter().any(|d| &d.code == k)) {
        return Err(ApiError::detail_field(
            ErrorCode::Validation,
            FIELD,
            "unknown attribute",
        ));
    }
    let mut out = BTreeMap::new();
    for def in defs {
        let answer = given.get(&def.code).and_then(|a| match a {
            AttributeAnswer::One(s) if s.trim().is_empty() => None,
            AttributeAnswer::Many(v) if v.is_empty() => None,
            other => Some(other.clone()),
        });
        let Some(answer) = answer else {
            if def.required {
                return Err(ApiError::detail_field(
                    ErrorCode::Validation,
                    FIELD,
                    format!("missing required attribute {}", def.code),
                ));
            }
            continue;
        };
        let is_key = |k: &str| def.values.iter().any(|v| v.key == k);
        let normalised = match (def.datatype, answer) {
            (AttributeType::String, AttributeAnswer::One(s)) => {
                AttributeAnswer::One(text(&s, 300, FIELD)?)
            }
            (AttributeType::Text, AttributeAnswer::One(s)) => {
                AttributeAnswer::One(text(&s, 5000, FIELD)?)
            }
            (AttributeType::Number, AttributeAnswer::One(s)) => {
                let t = s.trim().replace(',', ".");
                match t.parse::<f64>() {
                    Ok(n) if n.is_finite() && t.len() <= 30 => AttributeAnswer::One(t),
                    _ => return Err(bad()),
                }
            }
            (AttributeType::Datetime, AttributeAnswer::One(s)) => {
                let t = s.trim().to_owned();
                if crate::time::parse_iso8601(&t).is_none() {
                    return Err(bad());
                }
                AttributeAnswer::One(t)
            }
            (AttributeType::Singlevaluelist, AttributeAnswer::One(s)) if is_key(s.trim()) => {
                AttributeAnswer::One(s.trim().to_owned())
            }
            (AttributeType::Multivaluelist, AttributeAnswer::Many(v))
                if v.iter().all(|k| is_key(k)) =>
            {
                let mut v = v;
                v.sort();
                v.dedup();
                AttributeAnswer::Many(v)
            }
            (AttributeType::Multivaluelist, AttributeAnswer::One(s)) if is_key(s.trim()) => {
                AttributeAnswer::Many(vec![s.trim().to_owned()])
            }
            _ => return Err(bad()),
        };
        out.insert(def.code.clone(), normalised);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::requests::{AttributeChoice, Localized};

    fn loc(s: &str) -> Localized {
        Localized {
            fr: s.into(),
            en: s.into(),
        }
    }

    fn defs() -> Vec<AttributeDef> {
        vec![
            AttributeDef {
                code: "depth".into(),
                datatype: AttributeType::Number,
                required: true,
                label: loc("Depth"),
                help: Localized::default(),
                values: vec![],
            },
            AttributeDef {
                code: "side".into(),
                datatype: AttributeType::Singlevaluelist,
                required: false,
                label: loc("Side"),
                help: Localized::default(),
                values: vec![
                    AttributeChoice {
                        key: "left".into(),
                        name: loc("Left"),
                    },
                    AttributeChoice {
                        key: "right".into(),
                        name: loc("Right"),
                    },
                ],
            },
        ]
    }

    fn answer(pairs: &[(&str, &str)]) -> BTreeMap<String, AttributeAnswer> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), AttributeAnswer::One((*v).to_owned())))
            .collect()
    }

    #[test]
    fn answers_are_checked_against_their_definition() {
        let ok = answers(&defs(), &answer(&[("depth", " 12,5 "), ("side", "left")])).unwrap();
        assert_eq!(ok["depth"], AttributeAnswer::One("12.5".into()));
        assert!(
            answers(&defs(), &answer(&[("side", "left")])).is_err(),
            "required"
        );
        assert!(
            answers(&defs(), &answer(&[("depth", "deep")])).is_err(),
            "number"
        );
        assert!(answers(&defs(), &answer(&[("depth", "1"), ("side", "up")])).is_err());
        assert!(answers(&defs(), &answer(&[("depth", "1"), ("colour", "red")])).is_err());
    }

    #[test]
    fn coordinates_must_be_on_earth() {
        assert_eq!(
            location(Some(Location {
                lat: 48.8566,
                lon: 2.3522
            }))
            .unwrap(),
            Some((48_856_600, 2_352_200))
        );
        assert!(
            location(Some(Location {
                lat: 91.0,
                lon: 0.0
            }))
            .is_err()
        );
        assert!(
            location(Some(Location {
                lat: 0.0,
                lon: -180.5
            }))
            .is_err()
        );
        assert!(
            location(Some(Location {
                lat: f64::NAN,
                lon: 0.0
            }))
            .is_err()
        );
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(
            text("  a hole \r\n here ", 50, "x").unwrap(),
            "a hole \n here"
        );
        assert!(text("   ", 50, "x").is_err());
        assert!(text("a\u{0}b", 50, "x").is_err());
        assert!(text(&"é".repeat(51), 50, "x").is_err());
    }
}
