//! `/login`: sign in, with the second factor when the account has one. When the town offers
//! it, staff and officials choose to sign in with their town hall (directory) account instead
//! of an email address.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use protocol::ErrorCode;
use protocol::api::{DirectoryLoginRequest, LoginRequest};

use crate::api;
use crate::components::{
    ErrorSummary, FormError, FormField, PageHeading, StatusMessage, focus_by_id,
};
use crate::i18n::{Account, Common};
use crate::state::use_app;
use crate::validate;

/// Where the sign-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Email and password.
    Password,
    /// The server answered `totp_required`: the app's 6-digit code is asked too.
    Code,
    /// As `Code`, with one of the recovery codes instead.
    Recovery,
}

/// Which kind of account signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Email address and Voix password.
    Resident,
    /// The town hall's directory account (LDAP / Active Directory).
    Directory,
}

/// Where a fresh session goes: enrolment when the role requires a second factor not set up
/// yet, else the page that sent the visitor here (`next`, a path of this site), else `/account`.
pub fn landing_page(me: &protocol::api::Me, next: Option<&str>) -> String {
    if me.totp_required && !me.totp_enabled {
        "/account/security".to_owned()
    } else {
        next.and_then(crate::sign_in::safe_next)
            .unwrap_or("/account")
            .to_owned()
    }
}

/// The sign-in form. When the account has a second factor, the server answers the password
/// with `totp_required`; the form then keeps the email and password and adds the code field
/// (or a recovery-code field), focused. On success the session cookie is set, the account's
/// language becomes the interface language and we go to `/account` (or to enrolment).
#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let next = use_query_map().with_untracked(|q| q.get("next"));
    let flash = app.take_flash();
    let email = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let mode = RwSignal::new(Mode::Resident);
    let directory_offered = move || {
        app.town
            .with(|t| t.as_ref().is_some_and(|t| t.directory_login))
    };
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let recovery = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Password);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let step_notice = Signal::derive(move || match step.get() {
        Step::Password => None,
        Step::Code => Some(Account::LoginTotpIntro.into()),
        Step::Recovery => Some(Account::LoginRecoveryIntro.into()),
    });

    let show_step = move |next: Step| {
        step.set(next);
        errors.set(Vec::new());
        let id = if next == Step::Recovery {
            "recovery_code"
        } else {
            "totp_code"
        };
        request_animation_frame(move || focus_by_id(id));
    };
    let switch_mode = move |next: Mode| {
        mode.set(next);
        step.set(Step::Password);
        errors.set(Vec::new());
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let current = step.get_untracked();
        let current_mode = mode.get_untracked();
        let mut errs = Vec::new();
        match current_mode {
            Mode::Resident => {
                if let Some(k) = validate::email(&email.get_untracked()) {
                    errs.push(FormError::field("email", k));
                }
            }
            Mode::Directory => {
                if login.get_untracked().trim().is_empty() {
                    errs.push(FormError::field(
                        "login",
                        Account::ErrDirectoryLoginRequired,
                    ));
                }
            }
        }
        if let Some(k) = validate::existing_password(&password.get_untracked()) {
            errs.push(FormError::field("password", k));
        }
        match current {
            Step::Password => {}
            Step::Code => {
                if let Some(k) = validate::totp_code(&code.get_untracked()) {
                    errs.push(FormError::field("totp_code", k));
                }
            }
            Step::Recovery => {
                if let Some(k) = validate::recovery_code(&recovery.get_untracked()) {
                    errs.push(FormError::field("recovery_code", k));
                }
            }
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let totp_code = (current == Step::Code).then(|| code.get_untracked().replace(' ', ""));
        let recovery_code = (current == Step::Recovery).then(|| recovery.get_untracked());
        let body = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            totp_code: totp_code.clone(),
            recovery_code: recovery_code.clone(),
        };
        let directory_body = DirectoryLoginRequest {
            login: login.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            totp_code,
            recovery_code,
        };
        pending.set(true);
        let navigate = navigate.clone();
        let next = next.clone();
        spawn_local(async move {
            let result = match current_mode {
                Mode::Resident => api::login(&body).await,
                Mode::Directory => api::directory_login(&directory_body).await,
            };
            pending.set(false);
            match result {
                Ok(me) => {
                    let target = landing_page(&me, next.as_deref());
                    app.signed_in(me);
                    navigate(&target, Default::default());
                }
                Err(e) if e.code() == Some(ErrorCode::TotpRequired) => show_step(Step::Code),
                Err(e) if e.code() == Some(ErrorCode::InvalidTotp) => {
                    let field = if current == Step::Recovery {
                        "recovery_code"
                    } else {
                        "totp_code"
                    };
                    code.set(String::new());
                    errors.set(vec![FormError::api(Some(field), e)]);
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <div class="page">
            <StatusMessage message=Signal::stored(flash) testid="flash" />
            <PageHeading title=Account::LoginTitle />
            <ErrorSummary errors=errors id="login-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="login-form">
                <p class="form__note">{app.t(Common::RequiredFieldsNote)}</p>
                <Show when=directory_offered>
                    <fieldset class="choice" data-testid="login-mode">
                        <legend class="field__label">{app.t(Account::LoginModeLegend)}</legend>
                        <div class="choice__option">
                            <input
                                type="radio"
                                id="login-mode-resident"
                                name="login_mode"
                                value="resident"
                                prop:checked=move || mode.get() == Mode::Resident
                                on:change=move |_| switch_mode(Mode::Resident)
                            />
                            <label for="login-mode-resident">
                                {app.t(Account::LoginModeResident)}
                            </label>
                        </div>
                        <div class="choice__option">
                            <input
                                type="radio"
                                id="login-mode-directory"
                                name="login_mode"
                                value="directory"
                                data-testid="login-mode-directory"
                                prop:checked=move || mode.get() == Mode::Directory
                                on:change=move |_| switch_mode(Mode::Directory)
                            />
                            <label for="login-mode-directory">
                                {app.t(Account::LoginModeDirectory)}
                            </label>
                        </div>
                    </fieldset>
                </Show>
                <Show
                    when=move || mode.get() == Mode::Resident
                    fallback=move || {
                        view! {
                            <FormField
                                id="login"
                                label=Account::FieldDirectoryLogin
                                hint=Account::HintDirectoryLogin
                                autocomplete="username"
                                value=login
                                errors=errors
                            />
                        }
                    }
                >
                    <FormField
                        id="email"
                        label=Account::FieldEmail
                        hint=Account::HintEmail
                        input_type="email"
                        autocomplete="email"
                        value=email
                        errors=errors
                    />
                </Show>
                <FormField
                    id="password"
                    label=Account::FieldPassword
                    input_type="password"
                    autocomplete="current-password"
                    value=password
                    errors=errors
                />
                <StatusMessage message=step_notice testid="totp-notice" />
                <Show when=move || step.get() == Step::Code>
                    <FormField
                        id="totp_code"
                        label=Account::FieldTotpCode
                        hint=Account::HintTotpCode
                        autocomplete="one-time-code"
                        inputmode="numeric"
                        value=code
                        errors=errors
                    />
                    <p>
                        <button
                            type="button"
                            class="button button--link"
                            data-testid="use-recovery-code"
                            on:click=move |_| show_step(Step::Recovery)
                        >
                            {app.t(Account::UseRecoveryCode)}
                        </button>
                    </p>
                </Show>
                <Show when=move || step.get() == Step::Recovery>
                    <FormField
                        id="recovery_code"
                        label=Account::FieldRecoveryCode
                        hint=Account::HintRecoveryCode
                        autocomplete="off"
                        value=recovery
                        errors=errors
                    />
                    <p>
                        <button
                            type="button"
                            class="button button--link"
                            data-testid="use-totp-code"
                            on:click=move |_| show_step(Step::Code)
                        >
                            {app.t(Account::UseTotpCode)}
                        </button>
                    </p>
                </Show>
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="login-submit">
                        {app.t(Account::LoginSubmit)}
                    </button>
                </div>
            </form>
            <Show
                when=move || mode.get() == Mode::Resident
                fallback=move || {
                    view! {
                        <p class="form__note" data-testid="directory-password-note">
                            {app.t(Account::DirectoryPasswordNote)}
                        </p>
                    }
                }
            >
                <ul class="aside-links">
                    <li>
                        <a href="/forgot-password" data-testid="forgot-password-link">
                            {app.t(Account::ForgotPasswordLink)}
                        </a>
                    </li>
                    <li>
                        <a href="/register">{app.t(Account::NoAccountYet)}</a>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
