//! `/verify-email?token=…`: confirm an email address from the emailed link.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use protocol::api::TokenRequest;

use crate::api;
use crate::components::{Msg, PageHeading};
use crate::i18n::Account;
use crate::state::use_app;

/// Where the verification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verification {
    Pending,
    Done,
    Failed(Msg),
}

/// Posts the link's token as soon as the page opens, then shows the outcome.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let app = use_app();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .filter(|t| !t.is_empty());
    let state = RwSignal::new(Verification::Pending);
    match token {
        Some(token) => spawn_local(async move {
            let outcome = match api::verify_email(&TokenRequest { token }).await {
                Ok(_) => Verification::Done,
                Err(e) => Verification::Failed(Msg::Api(e)),
            };
            state.set(outcome);
        }),
        None => state.set(Verification::Failed(Msg::Key(
            Account::VerifyMissingToken.into(),
        ))),
    }

    view! {
        <div class="page">
            <PageHeading title=Account::VerifyTitle />
            <div role="status" class="status-region">
                {move || match state.get() {
                    Verification::Pending => {
                        Some(view! { <p data-testid="verify-pending">{app.t(Account::VerifyInProgress)}</p> }.into_any())
                    }
                    Verification::Done => {
                        Some(
                            view! {
                                <p class="notice notice--success" data-testid="verify-success">
                                    {app.t(Account::VerifySuccess)}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                    Verification::Failed(_) => None,
                }}
            </div>
            <div role="alert" class="error-summary-region">
                {move || match state.get() {
                    Verification::Failed(msg) => {
                        Some(
                            view! {
                                <p class="notice notice--error" data-testid="verify-error">
                                    {move || msg.render(app.lang.get())}
                                </p>
                            },
                        )
                    }
                    _ => None,
                }}
            </div>
            {move || {
                (state.get() != Verification::Pending)
                    .then(|| {
                        view! {
                            <p>
                                <a href="/login" class="button button--primary" data-testid="verify-go-login">
                                    {app.t(Account::GoToLogin)}
                                </a>
                            </p>
                        }
                    })
            }}
        </div>
    }
}
