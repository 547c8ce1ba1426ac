//! `/register`: create an account.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::RegisterRequest;

use crate::api;
use crate::components::{ErrorSummary, FormError, FormField, LanguageField, PageHeading};
use crate::i18n::{Account, Common};
use crate::state::use_app;
use crate::validate;

/// The registration form: display name, email, password, language. On success the server
/// answers the same whether or not the address is known, and we go to `/check-email`.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let language = RwSignal::new(app.lang.get_untracked());
    // Follow the interface language until the person submits.
    Effect::new(move |_| language.set(app.lang.get()));
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut errs = Vec::new();
        if let Some(k) = validate::display_name(&display_name.get_untracked()) {
            errs.push(FormError::field("display_name", k));
        }
        if let Some(k) = validate::email(&email.get_untracked()) {
            errs.push(FormError::field("email", k));
        }
        if let Some(k) = validate::new_password(&password.get_untracked()) {
            errs.push(FormError::field("password", k));
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let body = RegisterRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: display_name.get_untracked().trim().to_owned(),
            language: language.get_untracked(),
        };
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::register(&body).await;
            pending.set(false);
            match result {
                Ok(_) => navigate("/check-email", Default::default()),
                Err(e) => {
                    let field = (e.code() == Some(ErrorCode::WeakPassword)).then_some("password");
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };

    view! {
        <div class="page">
            <PageHeading title=Account::RegisterTitle />
            <p>{app.t(Account::RegisterIntro)}</p>
            <ErrorSummary errors=errors id="register-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="register-form">
                <p class="form__note">{app.t(Common::RequiredFieldsNote)}</p>
                <FormField
                    id="display_name"
                    label=Account::FieldDisplayName
                    hint=Account::HintDisplayName
                    autocomplete="name"
                    value=display_name
                    errors=errors
                />
                <FormField
                    id="email"
                    label=Account::FieldEmail
                    hint=Account::HintEmail
                    input_type="email"
                    autocomplete="email"
                    value=email
                    errors=errors
                />
                <FormField
                    id="password"
                    label=Account::FieldPassword
                    hint=Account::HintNewPassword
                    input_type="password"
                    autocomplete="new-password"
                    value=password
                    errors=errors
                />
                <LanguageField id="language" value=language />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="register-submit">
                        {app.t(Account::RegisterSubmit)}
                    </button>
                </div>
            </form>
            <p class="aside-link">
                <a href="/login">{app.t(Account::AlreadyHaveAccount)}</a>
            </p>
        </div>
    }
}
