//! `/check-email`: shown after registering.

use leptos::prelude::*;

use crate::components::PageHeading;
use crate::i18n::Account;
use crate::state::use_app;

/// Tells the person to open the confirmation link sent by email.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page">
            <PageHeading title=Account::CheckEmailTitle />
            <p data-testid="check-email-text">{app.t(Account::CheckEmailText)}</p>
            <p>{app.t(Account::CheckEmailSpam)}</p>
            <p>
                <a href="/login">{app.t(Account::GoToLogin)}</a>
            </p>
        </div>
    }
}
