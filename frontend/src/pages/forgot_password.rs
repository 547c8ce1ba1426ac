//! `/forgot-password`: ask for a password reset link.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::PasswordResetRequest;

use crate::api;
use crate::components::{ErrorSummary, FormError, FormField, PageHeading, StatusMessage};
use crate::i18n::{Account, Key};
use crate::state::use_app;
use crate::validate;

/// The reset request form. The server answers the same whether or not the address is known;
/// so does this page.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let app = use_app();
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let sent = RwSignal::new(None::<Key>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if let Some(k) = validate::email(&email.get_untracked()) {
            errors.set(vec![FormError::field("email", k)]);
            return;
        }
        let body = PasswordResetRequest {
            email: email.get_untracked().trim().to_owned(),
        };
        pending.set(true);
        errors.set(Vec::new());
        sent.set(None);
        spawn_local(async move {
            let result = api::request_password_reset(&body).await;
            pending.set(false);
            match result {
                Ok(_) => sent.set(Some(Account::ForgotSent.into())),
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <div class="page">
            <PageHeading title=Account::ForgotTitle />
            <p>{app.t(Account::ForgotIntro)}</p>
            <StatusMessage message=sent testid="forgot-sent" />
            <ErrorSummary errors=errors id="forgot-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="forgot-form">
                <FormField
                    id="email"
                    label=Account::FieldEmail
                    hint=Account::HintEmail
                    input_type="email"
                    autocomplete="email"
                    value=email
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="forgot-submit">
                        {app.t(Account::ForgotSubmit)}
                    </button>
                </div>
            </form>
            <p class="aside-link">
                <a href="/login">{app.t(Account::GoToLogin)}</a>
            </p>
        </div>
    }
}
