//! `/login`: sign in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::api::LoginRequest;

use crate::api;
use crate::components::{ErrorSummary, FormError, FormField, PageHeading, StatusMessage};
use crate::i18n::Key;
use crate::state::use_app;
use crate::validate;

/// The sign-in form. On success the session cookie is set, the account's language becomes
/// the interface language and we go to `/account`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let flash = app.take_flash();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut errs = Vec::new();
        if let Some(k) = validate::email(&email.get_untracked()) {
            errs.push(FormError::field("email", k));
        }
        if let Some(k) = validate::existing_password(&password.get_untracked()) {
            errs.push(FormError::field("password", k));
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let body = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::login(&body).await;
            pending.set(false);
            match result {
                Ok(me) => {
                    app.signed_in(me);
                    navigate("/account", Default::default());
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <div class="page">
            <StatusMessage message=Signal::stored(flash) testid="flash" />
            <PageHeading title=Key::LoginTitle />
            <ErrorSummary errors=errors id="login-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="login-form">
                <p class="form__note">{app.t(Key::RequiredFieldsNote)}</p>
                <FormField
                    id="email"
                    label=Key::FieldEmail
                    hint=Key::HintEmail
                    input_type="email"
                    autocomplete="email"
                    value=email
                    errors=errors
                />
                <FormField
                    id="password"
                    label=Key::FieldPassword
                    input_type="password"
                    autocomplete="current-password"
                    value=password
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="login-submit">
                        {app.t(Key::LoginSubmit)}
                    </button>
                </div>
            </form>
            <ul class="aside-links">
                <li>
                    <a href="/forgot-password" data-testid="forgot-password-link">
                        {app.t(Key::ForgotPasswordLink)}
                    </a>
                </li>
                <li>
                    <a href="/register">{app.t(Key::NoAccountYet)}</a>
                </li>
            </ul>
        </div>
    }
}
