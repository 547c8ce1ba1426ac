//! The "skip to main content" link, first focusable element of every page.

use leptos::prelude::*;

use crate::components::focus_by_id;
use crate::i18n::Common;
use crate::state::use_app;

/// Id of the `<main>` element the skip link jumps to.
pub const MAIN_ID: &str = "main-content";

/// A link, visible when focused, that moves focus to `<main>`.
///
/// The click is handled here (focus moved by script) so that the router does not treat the
/// `#main-content` fragment as a navigation.
#[component]
pub fn SkipLink() -> impl IntoView {
    let app = use_app();
    view! {
        <a
            class="skip-link"
            href=format!("#{MAIN_ID}")
            data-testid="skip-link"
            on:click=move |ev| {
                ev.prevent_default();
                focus_by_id(MAIN_ID);
            }
        >
            {app.t(Common::SkipToContent)}
        </a>
    }
}
