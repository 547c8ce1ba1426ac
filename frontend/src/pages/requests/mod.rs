//! Service requests: filing (`/requests/new`), the resident's list (`/requests/mine`), a
//! request's page (`/requests/:number`, with the staff view and actions for staff) and the staff
//! queue (`/staff/requests`). Shared pieces live here.

pub mod detail;
pub mod fields;
pub mod map;
pub mod my_requests;
pub mod new_request;
pub mod pagination;
pub mod staff_actions;
pub mod staff_queue;

use std::cell::RefCell;
use std::collections::HashSet;

use leptos::prelude::*;
use protocol::api::{Language, Role};
use protocol::requests::{EventKind, RequestStatus};
use wasm_bindgen::JsValue;

use crate::i18n::{Requests, locale};
use crate::state::AppState;

pub use detail::RequestPage;
pub use my_requests::MyRequestsPage;
pub use new_request::NewRequestPage;
pub use staff_queue::StaffQueuePage;

/// The signed-in account's role, once known.
pub fn role(app: AppState) -> Option<Role> {
    app.session.with(|s| s.me().map(|me| me.role))
}

/// The label of a status.
pub fn status_key(status: RequestStatus) -> Requests {
    match status {
        RequestStatus::Submitted => Requests::StatusSubmitted,
        RequestStatus::Acknowledged => Requests::StatusAcknowledged,
        RequestStatus::InProgress => Requests::StatusInProgress,
        RequestStatus::Resolved => Requests::StatusResolved,
        RequestStatus::Closed => Requests::StatusClosed,
        RequestStatus::Rejected => Requests::StatusRejected,
        RequestStatus::Duplicate => Requests::StatusDuplicate,
    }
}

/// The label of a timeline entry's kind.
pub fn event_kind_key(kind: EventKind) -> Requests {
    match kind {
        EventKind::Submitted => Requests::EventSubmitted,
        EventKind::Status => Requests::EventStatus,
        EventKind::PublicUpdate => Requests::EventPublicUpdate,
        EventKind::InternalNote => Requests::EventInternalNote,
        EventKind::Comment => Requests::EventComment,
        EventKind::Assignment => Requests::EventAssignment,
        EventKind::Reopened => Requests::EventReopened,
    }
}

/// A status as a badge: the text says it, the colour only repeats it.
#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let app = crate::state::use_app();
    let class = format!("status-badge status-badge--{}", status.as_str());
    view! {
        <span class=class data-status=status.as_str()>
            {app.t(status_key(status))}
        </span>
    }
}

fn js_date(secs: i64) -> js_sys::Date {
    #[allow(clippy::cast_precision_loss)] // Seconds since 1970 fit f64 exactly.
    let millis = secs as f64 * 1000.0;
    js_sys::Date::new(&JsValue::from_f64(millis))
}

/// A date, e.g. "14/03/2026" or "14/03/2026".
pub fn format_date(secs: i64, lang: Language) -> String {
    js_date(secs)
        .to_locale_date_string(locale(lang), &JsValue::UNDEFINED)
        .into()
}

/// A date and time, e.g. "14/03/2026 09:30".
pub fn format_date_time(secs: i64, lang: Language) -> String {
    let options = js_sys::Object::new();
    for (k, v) in [
        ("day", "2-digit"),
        ("month", "2-digit"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    js_date(secs)
        .to_locale_string(locale(lang), &options)
        .into()
}

/// The machine-readable form of a timestamp, for `<time datetime>`.
pub fn iso(secs: i64) -> String {
    js_date(secs).to_iso_string().into()
}

/// An age as shown in the queue: short ("3 j", "5 h", "12 min") and spelled out for screen
/// readers ("3 jours").
pub fn age_text(seconds: i64, lang: Language) -> (String, String) {
    let s = seconds.max(0);
    let (n, unit) = if s >= 86_400 {
        (s / 86_400, 'd')
    } else if s >= 3_600 {
        (s / 3_600, 'h')
    } else {
        ((s / 60).max(1), 'm')
    };
    let plural = n > 1;
    let (short, long) = match (lang, unit) {
        (Language::Fr, 'd') => ("j", if plural { "jours" } else { "jour" }),
        (Language::En, 'd') => ("d", if plural { "days" } else { "day" }),
        (Language::Fr, 'h') => ("h", if plural { "heures" } else { "heure" }),
        (Language::En, 'h') => ("h", if plural { "hours" } else { "hour" }),
        (Language::Fr, _) => ("min", if plural { "minutes" } else { "minute" }),
        (Language::En, _) => ("min", if plural { "minutes" } else { "minute" }),
    };
    (format!("{n}\u{a0}{short}"), format!("{n} {long}"))
}

thread_local! {
    static INTERNED: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

/// A `&'static str` for an element id built at run time (form errors refer to fields by
/// static ids). Each distinct id is kept once for the life of the page, so this stays small:
/// ids come from category attribute codes and request content ids.
pub fn intern(id: String) -> &'static str {
    INTERNED.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(found) = set.get(id.as_str()) {
            return *found;
        }
        let leaked: &'static str = Box::leak(id.into_boxed_str());
        set.insert(leaked);
        leaked
    })
}

/// The number of characters of a text, as the server counts them.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_short_and_spelled_out() {
        assert_eq!(age_text(3 * 86_400 + 5, Language::Fr).0, "3\u{a0}j");
        assert_eq!(age_text(3 * 86_400 + 5, Language::Fr).1, "3 jours");
        assert_eq!(age_text(5 * 3_600, Language::En).1, "5 hours");
        assert_eq!(age_text(10, Language::Fr).0, "1\u{a0}min");
        assert_eq!(age_text(86_400, Language::En).1, "1 day");
    }

    #[test]
    fn interned_ids_are_shared() {
        let a = intern("attr-size".to_owned());
        let b = intern("attr-size".to_owned());
        assert!(std::ptr::eq(a, b));
    }
}
