//! The page for unknown paths.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::state::use_app;

/// "Page not found", with a way back home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Key::NotFoundTitle />
            <p>{app.t(Key::NotFoundText)}</p>
            <p>
                <a href="/" data-testid="back-home">{app.t(Key::BackHome)}</a>
            </p>
        </div>
    }
}
