//! The page for unknown paths.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Common;
use crate::state::use_app;

/// "Page not found", with a way back home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Common::NotFoundTitle />
            <p>{app.t(Common::NotFoundText)}</p>
            <p>
                <a href="/" data-testid="back-home">{app.t(Common::BackHome)}</a>
            </p>
        </div>
    }
}
