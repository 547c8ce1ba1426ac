//! Sending a visitor to sign in and back: pages that need a session send anonymous visitors to
//! `/login?next=<the page>`, and the login page returns there afterwards. `next` comes from
//! the address bar, so only a path of this site is followed (no open redirect, ASVS V5.1.5).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::i18n::Account;
use crate::state::{AppState, Session};

/// `/login` with `next` set to `path` (encoded).
pub fn login_href(path: &str) -> String {
    let mut out = String::from("/login?next=");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `next` when it is a path of this site other than the login page; `None` otherwise:
/// absolute or scheme-relative URLs, backslashes, control characters, and any empty, `.` or
/// `..` segment (also as `%2e`) — the browser would resolve `/..//host` to `//host`, another
/// origin, which the router's `pushState` refuses.
pub fn safe_next(next: &str) -> Option<&str> {
    let path = next.split(['?', '#']).next().unwrap_or("");
    let segments_ok = path == "/"
        || path.split('/').skip(1).all(|segment| {
            let dots = segment.to_ascii_lowercase().replace("%2e", ".");
            !segment.is_empty() && dots != "." && dots != ".."
        });
    let local = next.starts_with('/')
        && segments_ok
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && path != "/login";
    local.then_some(next)
}

/// The current page (path and query), for `next`.
pub fn current_page() -> String {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.trim_start_matches('?'))
    }
}

/// Sends an anonymous visitor to `/login` (with a notice saying why), to come back here.
/// `leaving` is set by pages that sign out themselves, so that leaving is not a redirect.
pub fn require_session(app: AppState, leaving: Option<StoredValue<bool>>) {
    let navigate = use_navigate();
    let back_to = current_page();
    Effect::new(move |_| {
        let anonymous = app.session.with(|s| matches!(s, Session::Anonymous));
        if anonymous && !leaving.is_some_and(|l| l.get_value()) {
            app.flash.set(Some(Account::FlashLoginRequired.into()));
            navigate(
                &login_href(&back_to),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in [
            "/account",
            "/consultations/3f2a/vote",
            "/requests/mine?page=2",
        ] {
            assert_eq!(safe_next(ok), Some(ok));
        }
        for bad in [
            "",
            "account",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/login",
            "/login?next=/login",
            "/a\nb",
            "javascript:alert(1)",
            "/..//evil.example",
            "/.//evil.example",
            "/%2e%2e//evil.example",
            "/%2E//evil.example",
            "/account//evil.example",
            "/a/../b",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_return_path_is_encoded() {
        assert_eq!(login_href("/account"), "/login?next=/account");
        assert_eq!(
            login_href("/requests/mine?page=2&x=é"),
            "/login?next=/requests/mine%3Fpage%3D2%26x%3D%C3%A9"
        );
    }
}
