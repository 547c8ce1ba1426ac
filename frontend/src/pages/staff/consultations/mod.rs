//! The staff's consultation pages (`docs/consultations.md`):
//!
//! * `/staff/consultations`: every consultation of the town, drafts included, with its status;
//! * `/staff/consultations/new`: the set-up form of a new draft;
//! * `/staff/consultations/:id`: a draft's set-up form, its voter list upload, its deletion and
//!   freeze; once frozen, the lifecycle (key ceremony progress, open, close, count) with links
//!   to the public pages.
//!
//! Texts are in `i18n::setup`.
//! Question and answer ids are stable for the life of the form (`cq<n>-…`, `cq<n>-a<m>-…`,
//! numbered in order of creation), so that moving a row keeps focus on the button that moved it.

mod actions;
mod detail;
mod editors;
mod form;
mod form_state;
mod lifecycle;
mod list;
mod voter_list;

use actions::*;
pub use detail::StaffConsultationPage;
use detail::*;
use editors::*;
pub use form::NewConsultationPage;
use form::*;
use form_state::*;
use lifecycle::*;
pub use list::StaffConsultationsPage;
use voter_list::*;

use std::cell::Cell;

use wasm_bindgen::JsValue;

use crate::components::{Checkbox, FormField};
use crate::i18n::{self, Consultations, Key, Requests, Setup, Staff, Text};

/// The consultation a staff page shows, as loaded and then changed by the page's actions.
type Detail = crate::components::Loader<
    Result<protocol::consultations::ConsultationDetail, crate::api::ApiError>,
>;

thread_local! {
    /// Set when a draft was just created, for the notice on its page.
    static JUST_CREATED: Cell<bool> = const { Cell::new(false) };
}

// Dates: `<input type="datetime-local">` values in the browser's time zone ↔ Unix seconds.

/// `YYYY-MM-DDTHH:MM` in local time.
pub(super) fn to_local_input(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The fields of `YYYY-MM-DDTHH:MM` (seconds, if any, are ignored).
pub(super) fn parse_local(value: &str) -> Option<(u32, u32, u32, u32, u32)> {
    let (date, time) = value.trim().split_once('T')?;
    let mut d = date.split('-');
    let y = d.next()?.parse().ok()?;
    let m = d.next()?.parse().ok()?;
    let day = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let h = t.next()?.parse().ok()?;
    let min = t.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&day) && h < 24 && min < 60)
        .then_some((y, m, day, h, min))
}

/// Unix seconds of a local `datetime-local` value.
pub(super) fn from_local_input(value: &str) -> Option<i64> {
    let (y, m, d, h, min) = parse_local(value)?;
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        y,
        m as i32 - 1,
        d as i32,
        h as i32,
        min as i32,
    );
    let ms = date.get_time();
    (!ms.is_nan()).then(|| (ms / 1000.0).floor() as i64)
}

pub(super) fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_parsed() {
        assert_eq!(parse_local("2026-03-14T09:30"), Some((2026, 3, 14, 9, 30)));
        assert_eq!(
            parse_local("2026-03-14T09:30:15"),
            Some((2026, 3, 14, 9, 30))
        );
        assert_eq!(parse_local("2026-13-14T09:30"), None);
        assert_eq!(parse_local(""), None);
    }
}
