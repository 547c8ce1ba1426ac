//! `/account/security`: set up (or, where allowed, turn off) the second factor.
//!
//! An account whose role requires a second factor that is not set up yet is sent here from
//! every other page ([`crate::TotpGuard`]), and its enrolment starts at once. The QR code comes
//! from the server as an `<svg>` element (no style attribute, so the strict Content Security
//! Policy holds); the secret is also shown as text for typing by hand.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::Loading;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::{DisableTotpRequest, TotpConfirmRequest, TotpEnrolment};

use crate::api;
use crate::components::{
    ErrorSummary, FormError, FormField, PageHeading, StatusMessage, focus_by_id,
};
use crate::i18n::{Account, Key};
use crate::state::{AppState, Session, use_app};
use crate::validate;

/// `(totp_enabled, totp_required)` of the signed-in account.
fn totp_state(app: AppState) -> Option<(bool, bool)> {
    app.session
        .with(|s| s.me().map(|me| (me.totp_enabled, me.totp_required)))
}

fn set_enabled(app: AppState, enabled: bool) {
    app.session.update(|s| {
        if let Session::SignedIn(me) = s {
            me.totp_enabled = enabled;
        }
    });
}

/// The second-factor page. Without a session, goes to `/login`.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let leaving = StoredValue::new(false);
    let enrolment = RwSignal::new(None::<TotpEnrolment>);
    let recovery_codes = RwSignal::new(None::<Vec<String>>);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let started = StoredValue::new(false);
    // Outlives the disable form, which disappears once the second factor is off.
    let disabled_notice = RwSignal::new(None::<Key>);
    let state = Memo::new(move |_| totp_state(app));

    crate::sign_in::require_session(app, Some(leaving));

    let start = move || {
        if pending.get_untracked() {
            return;
        }
        started.set_value(true);
        pending.set(true);
        errors.set(Vec::new());
        spawn_local(async move {
            let result = api::totp_enrol().await;
            pending.set(false);
            match result {
                Ok(e) => {
                    enrolment.set(Some(e));
                    request_animation_frame(|| focus_by_id("totp-scan-title"));
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };
    // A required second factor: start at once, there is nothing else to do here.
    Effect::new(move |_| {
        if state.get() == Some((false, true)) && !started.get_value() {
            start();
        }
    });

    let sign_out = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            spawn_local(async move {
                // Whatever the answer, the cookie is gone or useless: leave.
                let _ = api::logout().await;
                leaving.set_value(true);
                app.flash.set(Some(Account::FlashLoggedOut.into()));
                app.signed_out();
                navigate("/login", NavigateOptions::default());
            });
        }
    };

    view! {
        <div class="page">
            <StatusMessage message=disabled_notice testid="totp-disabled" />
            <PageHeading title=Account::SecurityTitle />
            <p>{app.t(Account::SecurityIntro)}</p>
            {move || {
                (state.get() == Some((false, true)))
                    .then(|| {
                        view! {
                            <div class="notice" data-testid="totp-required-notice">
                                <p>{app.t(Account::SecurityRequiredNotice)}</p>
                            </div>
                        }
                    })
            }}
            {move || {
                if recovery_codes.with(Option::is_some) {
                    view! { <RecoveryCodesSection codes=recovery_codes /> }.into_any()
                } else {
                    match state.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some((true, required)) => {
                            view! {
                                <p data-testid="totp-enabled">{app.t(Account::SecurityEnabled)}</p>
                                {(!required).then(|| view! { <DisableForm done=disabled_notice /> })}
                            }
                                .into_any()
                        }
                        Some((false, _)) => {
                            view! {
                                <ErrorSummary errors=errors id="totp-errors" />
                                {move || match enrolment.get() {
                                    Some(e) => {
                                        view! {
                                            <EnrolSection enrolment=e recovery_codes=recovery_codes />
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <p>{app.t(Account::SecurityNotEnabled)}</p>
                                            <p>
                                                <button
                                                    type="button"
                                                    class="button button--primary"
                                                    data-testid="totp-start"
                                                    on:click=move |_| start()
                                                >
                                                    {app.t(Account::SecurityStart)}
                                                </button>
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }}
                            }
                                .into_any()
                        }
                    }
                }
            }}
            {move || {
                let sign_out = sign_out.clone();
                (state.get() == Some((false, true)))
                    .then(move || {
                        view! {
                            <p>
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    data-testid="logout"
                                    on:click=sign_out
                                >
                                    {app.t(Account::Logout)}
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The QR code, the secret as text and the confirmation form.
#[component]
fn EnrolSection(
    enrolment: TotpEnrolment,
    recovery_codes: RwSignal<Option<Vec<String>>>,
) -> impl IntoView {
    let app = use_app();
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if let Some(k) = validate::totp_code(&code.get_untracked()) {
            errors.set(vec![FormError::field("totp_confirm_code", k)]);
            return;
        }
        errors.set(Vec::new());
        let body = TotpConfirmRequest {
            code: code.get_untracked().replace(' ', ""),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::totp_confirm(&body).await;
            pending.set(false);
            match result {
                Ok(codes) => {
                    recovery_codes.set(Some(codes.recovery_codes));
                    set_enabled(app, true);
                    request_animation_frame(|| focus_by_id("recovery-codes-title"));
                }
                Err(e) if e.code() == Some(ErrorCode::InvalidTotp) => {
                    code.set(String::new());
                    errors.set(vec![FormError::api(Some("totp_confirm_code"), e)]);
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <section class="section" aria-labelledby="totp-scan-title">
            <h2 id="totp-scan-title" tabindex="-1">{app.t(Account::SecurityScanTitle)}</h2>
            <p>{app.t(Account::SecurityScanText)}</p>
            <div
                class="qr-code"
                role="img"
                aria-label=app.t(Account::SecurityQrLabel)
                data-testid="totp-qr"
                inner_html=enrolment.qr_svg
            ></div>
            <p>
                <span id="totp-secret-label">{app.t(Account::SecuritySecretLabel)}</span>
                " "
                <code
                    class="secret-key"
                    aria-labelledby="totp-secret-label"
                    data-testid="totp-secret"
                >
                    {enrolment.secret}
                </code>
            </p>
        </section>
        <section class="section" aria-labelledby="totp-confirm-title">
            <h2 id="totp-confirm-title">{app.t(Account::SecurityConfirmTitle)}</h2>
            <ErrorSummary errors=errors id="totp-confirm-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="totp-confirm-form">
                <FormField
                    id="totp_confirm_code"
                    label=Account::FieldTotpCode
                    hint=Account::HintTotpCode
                    autocomplete="one-time-code"
                    inputmode="numeric"
                    value=code
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="totp-confirm">
                        {app.t(Account::SecurityConfirmSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The recovery codes, shown once right after confirmation.
#[component]
fn RecoveryCodesSection(codes: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let items = move || {
        codes
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|c| view! { <li>{c}</li> })
            .collect_view()
    };
    view! {
        <section class="section" aria-labelledby="recovery-codes-title">
            <h2 id="recovery-codes-title" tabindex="-1">{app.t(Account::SecurityCodesTitle)}</h2>
            <div class="notice notice--success">
                <p>{app.t(Account::SecurityCodesText)}</p>
            </div>
            <ol class="recovery-codes" data-testid="recovery-codes">{items}</ol>
            <p>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="totp-continue"
                    on:click=move |_| navigate("/account", NavigateOptions::default())
                >
                    {app.t(Account::SecurityContinue)}
                </button>
            </p>
        </section>
    }
}

/// Turn the second factor off (roles for which it is optional), with the password.
#[component]
fn DisableForm(done: RwSignal<Option<Key>>) -> impl IntoView {
    let app = use_app();
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        if let Some(k) = validate::existing_password(&password.get_untracked()) {
            errors.set(vec![FormError::field("totp_disable_password", k)]);
            return;
        }
        errors.set(Vec::new());
        let body = DisableTotpRequest {
            current_password: password.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::totp_disable(&body).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    password.set(String::new());
                    done.set(Some(Account::SecurityDisabledDone.into()));
                    set_enabled(app, false);
                }
                Err(e) if e.code() == Some(ErrorCode::InvalidCredentials) => {
                    errors.set(vec![FormError::field(
                        "totp_disable_password",
                        Account::ErrCurrentPasswordWrong,
                    )])
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };
    view! {
        <section class="section" aria-labelledby="totp-disable-title">
            <h2 id="totp-disable-title">{app.t(Account::SecurityDisableTitle)}</h2>
            <p>{app.t(Account::SecurityDisableText)}</p>
            <ErrorSummary errors=errors id="totp-disable-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="totp-disable-form">
                <FormField
                    id="totp_disable_password"
                    label=Account::FieldCurrentPassword
                    input_type="password"
                    autocomplete="current-password"
                    value=password
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--danger" data-testid="totp-disable">
                        {app.t(Account::SecurityDisableSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
