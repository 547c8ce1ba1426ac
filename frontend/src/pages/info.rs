//! Placeholder pages linked from the footer, until the town writes them.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Common;
use crate::state::use_app;

/// `/accessibilite`: the accessibility statement (placeholder).
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Common::AccessibilityTitle />
            <p>{app.t(Common::AccessibilityText)}</p>
        </div>
    }
}

/// `/mentions-legales`: the legal notice (placeholder).
#[component]
pub fn LegalPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Common::LegalTitle />
            <p>{app.t(Common::LegalText)}</p>
        </div>
    }
}
