//! The parameters of Open311 calls: query strings and `application/x-www-form-urlencoded`
//! filings, both untrusted. Pure functions (no storage), so that `fuzz/` can drive them.

use std::collections::BTreeMap;

use protocol::ErrorCode;
use protocol::requests::{AttributeAnswer, Location, NewRequest, RequestStatus};

use super::{DEFAULT_PAGE_SIZE, DEFAULT_WINDOW_SECS, MAX_PAGE, MAX_RESULTS};
use crate::domain::EmailAddress;
use crate::error::ApiError;
use crate::repo::requests::Filter;
use crate::requests::validate;
use crate::time::parse_iso8601;

fn invalid(field: &'static str) -> ApiError {
    ApiError::field(ErrorCode::Validation, field)
}

/// Decoded `key=value` pairs of a query string or form body, in order.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Never fails: invalid percent-escapes and UTF-8 decode lossily, as browsers do.
    pub fn parse(bytes: &[u8]) -> Self {
        Params(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// A parameter's trimmed value, empty meaning absent. A repeated key keeps the first.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A comma-delimited list; the key may also be repeated. Empty items are dropped.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// `attribute[CODE]` → (`CODE`, false); `attribute[CODE][]` → (`CODE`, true).
fn attribute_key(key: &str) -> Option<(&str, bool)> {
    let rest = key.strip_prefix("attribute[")?;
    if let Some(code) = rest.strip_suffix("][]") {
        return Some((code, true));
    }
    rest.strip_suffix(']').map(|code| (code, false))
}

/// The answers of a filing: `attribute[CODE]=v` is one value; `attribute[CODE][]=v`, or the
/// same key repeated, builds the list of a multi-value answer.
pub fn attributes_of(params: &Params) -> BTreeMap<String, AttributeAnswer> {
    let mut out: BTreeMap<String, AttributeAnswer> = BTreeMap::new();
    for (key, value) in &params.0 {
        let Some((code, many)) = attribute_key(key) else {
            continue;
        };
        let value = value.trim().to_owned();
        let entry = out.remove(code);
        let next = match (entry, many) {
            (None, false) => AttributeAnswer::One(value),
            (None, true) => AttributeAnswer::Many(vec![value]),
            (Some(AttributeAnswer::One(first)), _) => AttributeAnswer::Many(vec![first, value]),
            (Some(AttributeAnswer::Many(mut list)), _) => {
                list.push(value);
                AttributeAnswer::Many(list)
            }
        };
        out.insert(code.to_owned(), next);
    }
    for answer in out.values_mut() {
        if let AttributeAnswer::Many(list) = answer {
            list.retain(|v| !v.is_empty());
        }
    }
    out
}

fn coordinate(params: &Params, key: &'static str) -> Result<Option<f64>, ApiError> {
    params
        .get(key)
        .map(|v| v.parse::<f64>().map_err(|_| invalid(key)))
        .transpose()
}

/// The point of a filing: both `lat` and `long`, or neither.
pub fn location_of(params: &Params) -> Result<Option<Location>, ApiError> {
    match (coordinate(params, "lat")?, coordinate(params, "long")?) {
        (Some(lat), Some(lon)) => Ok(Some(Location { lat, lon })),
        (None, None) => Ok(None),
        (Some(_), None) => Err(invalid("long")),
        (None, Some(_)) => Err(invalid("lat")),
    }
}

/// `page_size` and `page` of `GET requests`: (limit, offset).
pub fn list_paging(params: &Params) -> Result<(i64, i64), ApiError> {
    let number = |key: &'static str, default: i64, max: i64| -> Result<i64, ApiError> {
        params.get(key).map_or(Ok(default), |v| {
            v.parse::<i64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| invalid(key))
        })
    };
    let size = number("page_size", DEFAULT_PAGE_SIZE, MAX_RESULTS)?;
    let page = number("page", 1, MAX_PAGE)?;
    Ok((size, (page - 1) * size))
}

/// Builds the filter of `GET requests`. `service_request_id` overrides every other parameter;
/// without it and without dates, the last 90 days are searched.
pub fn list_filter(params: &Params, now: i64) -> Result<Filter, ApiError> {
    let numbers = params.list("service_request_id");
    if !numbers.is_empty() {
        if numbers.len() > usize::try_from(MAX_RESULTS).unwrap_or(usize::MAX) {
            return Err(ApiError::detail_field(
                ErrorCode::Validation,
                "service_request_id",
                format!("at most {MAX_RESULTS} ids"),
            ));
        }
        return Ok(Filter {
            numbers,
            ..Filter::default()
        });
    }
    let date = |key: &'static str| -> Result<Option<i64>, ApiError> {
        params
            .get(key)
            .map(|v| parse_iso8601(v).ok_or_else(|| invalid(key)))
            .transpose()
    };
    let start = date("start_date")?;
    let end = date("end_date")?;
    let mut open = false;
    let mut closed = false;
    for s in params.list("status") {
        match s.to_ascii_lowercase().as_str() {
            "open" => open = true,
            "closed" => closed = true,
            _ => return Err(invalid("status")),
        }
    }
    let statuses = if open == closed {
        Vec::new()
    } else {
        RequestStatus::ALL
            .into_iter()
            .filter(|s| s.is_final() == closed)
            .collect()
    };
    Ok(Filter {
        statuses,
        category_codes: params.list("service_code"),
        created_after: match (start, end) {
            (None, None) => Some(now.saturating_sub(DEFAULT_WINDOW_SECS)),
            (start, _) => start,
        },
        created_before: end,
        ..Filter::default()
    })
}

/// The reporter's name from `first_name` and `last_name`, if any.
pub fn contact_name(params: &Params) -> Result<Option<String>, ApiError> {
    let joined = [params.get("first_name"), params.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    validate::optional_text(Some(&joined), 100, "first_name")
}

/// A filing's form, decoded: the request as the web form would send it, and the reporter's
/// optional contact. The request still goes through `requests::check` against its category.
#[derive(Debug)]
pub struct Filing {
    pub request: NewRequest,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// Decodes the fields of `POST requests` (the key is checked apart, before anything else).
pub fn filing_of(form: &Params) -> Result<Filing, ApiError> {
    let request = NewRequest {
        category: form.get("service_code").unwrap_or("").to_owned(),
        description: form.get("description").unwrap_or("").to_owned(),
        address: form.get("address_string").map(str::to_owned),
        location: location_of(form)?,
        attributes: attributes_of(form),
    };
    let email = form
        .get("email")
        .map(EmailAddress::parse)
        .transpose()?
        .map(|e| e.as_str().to_owned());
    Ok(Filing {
        request,
        email,
        name: contact_name(form)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_accept_single_and_list_forms() {
        let p = Params::parse(
            b"attribute[depth]=12&attribute[sides][]=left&attribute[sides][]=right\
              &attribute[x]=a&attribute[x]=b&attribute[e][]=&service_code=p",
        );
        let a = attributes_of(&p);
        assert_eq!(a["depth"], AttributeAnswer::One("12".into()));
        assert_eq!(
            a["sides"],
            AttributeAnswer::Many(vec!["left".into(), "right".into()])
        );
        assert_eq!(a["x"], AttributeAnswer::Many(vec!["a".into(), "b".into()]));
        assert_eq!(a["e"], AttributeAnswer::Many(vec![]));
        assert_eq!(a.len(), 4);
    }

    #[test]
    fn list_filter_defaults_to_ninety_days_and_ids_override() {
        let f = list_filter(&Params::parse(b""), 1_000_000_000).unwrap();
        assert_eq!(f.created_after, Some(1_000_000_000 - DEFAULT_WINDOW_SECS));
        let f = list_filter(
            &Params::parse(b"service_request_id=2026-000001,2026-000002&status=open"),
            0,
        )
        .unwrap();
        assert_eq!(f.numbers.len(), 2);
        assert!(f.statuses.is_empty() && f.created_after.is_none());
        let f = list_filter(&Params::parse(b"status=closed&service_code=a,b"), 0).unwrap();
        assert!(f.statuses.iter().all(|s| s.is_final()) && f.statuses.len() == 4);
        assert_eq!(f.category_codes, vec!["a", "b"]);
        let f = list_filter(&Params::parse(b"status=open,closed"), 0).unwrap();
        assert!(f.statuses.is_empty());
        assert!(list_filter(&Params::parse(b"status=pending"), 0).is_err());
        assert!(list_filter(&Params::parse(b"start_date=yesterday"), 0).is_err());
        assert_eq!(list_paging(&Params::parse(b"")).ok(), Some((50, 0)));
        assert_eq!(
            list_paging(&Params::parse(b"page_size=200&page=3")).ok(),
            Some((200, 400))
        );
        for bad in [&b"page_size=0"[..], b"page_size=201", b"page=0", b"page=x"] {
            assert!(list_paging(&Params::parse(bad)).is_err());
        }
        let f = list_filter(&Params::parse(b"end_date=2026-03-01T00:00:00Z"), 0).unwrap();
        assert_eq!(
            (f.created_after, f.created_before),
            (None, Some(1_772_323_200))
        );
    }
}
