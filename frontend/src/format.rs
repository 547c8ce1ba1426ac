//! Formatting shared by the pages: dates and times in the interface language (the browser's
//! `Intl`), character counts as the server makes them, and static ids for fields built at run
//! time.

use std::cell::RefCell;
use std::collections::HashSet;

use protocol::api::Language;
use wasm_bindgen::JsValue;

use crate::i18n::locale;

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
    fn interned_ids_are_shared() {
        let a = intern("attr-size".to_owned());
        let b = intern("attr-size".to_owned());
        assert!(std::ptr::eq(a, b));
    }
}
