//! `/reset-password?token=…`: choose a new password from an emailed link.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use protocol::ErrorCode;
use protocol::api::PasswordResetConfirm;

use crate::api;
use crate::components::{ErrorSummary, FormError, FormField, Msg, PageHeading};
use crate::i18n::Account;
use crate::state::use_app;
use crate::validate;

/// The new-password form. On success we go to `/login` with a confirmation notice.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .filter(|t| !t.is_empty());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    if token.is_none() {
        errors.set(vec![FormError {
            field: None,
            msg: Msg::Key(Account::ResetMissingToken.into()),
        }]);
    }

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(token) = token.clone() else {
            errors.set(vec![FormError {
                field: None,
                msg: Msg::Key(Account::ResetMissingToken.into()),
            }]);
            return;
        };
        if let Some(k) = validate::new_password(&password.get_untracked()) {
            errors.set(vec![FormError::field("password", k)]);
            return;
        }
        let body = PasswordResetConfirm {
            token,
            password: password.get_untracked(),
        };
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::confirm_password_reset(&body).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    app.flash.set(Some(Account::FlashPasswordReset.into()));
                    navigate("/login", Default::default());
                }
                Err(e) => {
                    let field = (e.code() == Some(ErrorCode::WeakPassword)).then_some("password");
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };

    view! {
        <div class="page">
            <PageHeading title=Account::ResetTitle />
            <p>{app.t(Account::ResetIntro)}</p>
            <ErrorSummary errors=errors id="reset-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="reset-form">
                <FormField
                    id="password"
                    label=Account::FieldNewPassword
                    hint=Account::HintNewPassword
                    input_type="password"
                    autocomplete="new-password"
                    value=password
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="reset-submit">
                        {app.t(Account::ResetSubmit)}
                    </button>
                </div>
            </form>
            <p class="aside-link">
                <a href="/forgot-password">{app.t(Account::RequestNewLink)}</a>
            </p>
        </div>
    }
}
