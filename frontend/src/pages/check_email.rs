//! `/check-email`: shown after registering.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::state::use_app;

/// Tells the person to open the confirmation link sent by email.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Key::CheckEmailTitle />
            <p data-testid="check-email-text">{app.t(Key::CheckEmailText)}</p>
            <p>{app.t(Key::CheckEmailSpam)}</p>
            <p>
                <a href="/login">{app.t(Key::GoToLogin)}</a>
            </p>
        </div>
    }
}
