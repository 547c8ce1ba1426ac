//! `/account`: my account.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::components::Loading;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::{ChangePasswordRequest, Language, Me, UpdateMeRequest};
use wasm_bindgen::JsValue;

use crate::api::{self, ApiError};
use crate::components::{
    ErrorSummary, FormError, FormField, LanguageField, PageHeading, StatusMessage, focus_by_id,
};
use crate::i18n::{Account, Common, Key, Text, language_key, locale, role_key};
use crate::pages::residency::AccountResidencySection;
use crate::state::{AppState, Session, use_app};
use crate::validate;

/// What the page can show, derived from the session (changes of the account's details do not
/// re-create the forms).
#[derive(Debug, Clone, PartialEq, Eq)]
enum View {
    Loading,
    Failed(ApiError),
    Ready,
}

/// The account page: details, profile form, password form, data export, sign-out buttons and
/// account deletion (with a confirmation step). Without a session, goes to `/login`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    // Set when this page itself ends the session (sign-out, deletion), so that the redirect to
    // the login page below does not replace the notice chosen by that action.
    let leaving = StoredValue::new(false);

    let view_state = Memo::new(move |_| {
        app.session.with(|s| match s {
            Session::Unknown | Session::Anonymous => View::Loading,
            Session::Failed(e) => View::Failed(e.clone()),
            Session::SignedIn(_) => View::Ready,
        })
    });
    crate::sign_in::require_session(app, Some(leaving));

    view! {
        <div class="page">
            <PageHeading title=Account::AccountTitle />
            {move || match view_state.get() {
                View::Loading => view! { <Loading /> }.into_any(),
                View::Failed(err) => {
                    view! {
                        <div role="alert" class="notice notice--error" data-testid="account-error">
                            <p>{app.t(Account::AccountLoadFailed)} " " {move || err.user_message(app.lang.get())}</p>
                        </div>
                        <p>
                            <button
                                type="button"
                                class="button button--secondary"
                                on:click=move |_| app.refresh_session()
                            >
                                {app.t(Common::Retry)}
                            </button>
                        </p>
                    }
                        .into_any()
                }
                View::Ready => {
                    let navigate = navigate.clone();
                    view! {
                        <AccountDetails />
                        <ProfileForm />
                        // A town hall (directory) account's password is changed in the
                        // directory, not here.
                        <Show
                            when=move || {
                                !app.session.with(|s| s.me().is_some_and(|me| me.directory_managed))
                            }
                            fallback=move || {
                                view! {
                                    <p class="form__note" data-testid="directory-password-note">
                                        {app.t(Account::DirectoryPasswordNote)}
                                    </p>
                                }
                            }
                        >
                            <PasswordForm />
                        </Show>
                        <SecuritySection />
                        <AccountResidencySection />
                        <DataSection />
                        <SessionsSection leaving=leaving navigate=navigate.clone() />
                        <DeleteSection leaving=leaving navigate=navigate />
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Reads one value of the signed-in account (reactively).
fn me_field<T: 'static>(app: AppState, f: impl Fn(&Me) -> T + 'static) -> impl Fn() -> Option<T> {
    move || app.session.with(|s| s.me().map(&f))
}

fn format_date(secs: i64, lang: Language) -> String {
    #[allow(clippy::cast_precision_loss)] // Seconds since 1970 fit f64 exactly for ages.
    let millis = secs as f64 * 1000.0;
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    date.to_locale_date_string(locale(lang), &JsValue::UNDEFINED)
        .into()
}

/// "My details": name, email, role, language, creation date.
#[component]
fn AccountDetails() -> impl IntoView {
    let app = use_app();
    let name = me_field(app, |me| me.display_name.clone());
    let email = me_field(app, |me| me.email.clone());
    let role = me_field(app, |me| me.role);
    let language = me_field(app, |me| me.language);
    let created = me_field(app, |me| me.created_at);
    view! {
        <section class="section" aria-labelledby="account-info-title">
            <h2 id="account-info-title">{app.t(Account::AccountInfoTitle)}</h2>
            <dl class="details" data-testid="account-details">
                <div class="details__row">
                    <dt>{app.t(Account::FieldDisplayName)}</dt>
                    <dd data-testid="account-display-name">{name}</dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Account::FieldEmail)}</dt>
                    <dd data-testid="account-email">{email}</dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Account::FieldRole)}</dt>
                    <dd data-testid="account-role">
                        {move || role().map(|r| role_key(r).text(app.lang.get()))}
                    </dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Common::FieldLanguage)}</dt>
                    <dd data-testid="account-language">
                        {move || language().map(|l| language_key(l).text(app.lang.get()))}
                    </dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Account::MemberSince)}</dt>
                    <dd>{move || created().map(|c| format_date(c, app.lang.get()))}</dd>
                </div>
            </dl>
        </section>
    }
}

/// Change the display name and language (`PATCH /api/v1/me`).
#[component]
fn ProfileForm() -> impl IntoView {
    let app = use_app();
    let (initial_name, initial_lang) = app.session.with_untracked(|s| {
        s.me()
            .map(|me| (me.display_name.clone(), me.language))
            .unwrap_or_default()
    });
    let display_name = RwSignal::new(initial_name);
    let language = RwSignal::new(initial_lang);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let saved = RwSignal::new(None::<Key>);
    let pending = RwSignal::new(false);
    // The header's language switch also changes the account's language: follow it.
    Effect::new(move |_| {
        if let Some(lang) = app.session.with(|s| s.me().map(|me| me.language)) {
            language.set(lang);
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved.set(None);
        if let Some(k) = validate::display_name(&display_name.get_untracked()) {
            errors.set(vec![FormError::field("display_name", k)]);
            return;
        }
        errors.set(Vec::new());
        let body = UpdateMeRequest {
            display_name: Some(display_name.get_untracked().trim().to_owned()),
            language: Some(language.get_untracked()),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::update_me(&body).await;
            pending.set(false);
            match result {
                Ok(me) => {
                    display_name.set(me.display_name.clone());
                    app.adopt_language(me.language);
                    app.session.set(Session::SignedIn(Box::new(me)));
                    saved.set(Some(Account::AccountProfileSaved.into()));
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <section class="section" aria-labelledby="account-profile-title">
            <h2 id="account-profile-title">{app.t(Account::AccountProfileTitle)}</h2>
            <StatusMessage message=saved testid="profile-saved" />
            <ErrorSummary errors=errors id="profile-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="profile-form">
                <FormField
                    id="display_name"
                    label=Account::FieldDisplayName
                    hint=Account::HintDisplayName
                    autocomplete="name"
                    value=display_name
                    errors=errors
                />
                <LanguageField id="language" value=language />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="profile-submit">
                        {app.t(Account::AccountProfileSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Change the password (`POST /api/v1/me/password`).
#[component]
fn PasswordForm() -> impl IntoView {
    let app = use_app();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let changed = RwSignal::new(None::<Key>);
    let pending = RwSignal::new(false);
    let email = me_field(app, |me| me.email.clone());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        changed.set(None);
        let mut errs = Vec::new();
        if let Some(k) = validate::existing_password(&current.get_untracked()) {
            errs.push(FormError::field("current_password", k));
        }
        if let Some(k) = validate::new_password(&new.get_untracked()) {
            errs.push(FormError::field("new_password", k));
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        let body = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::change_password(&body).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    changed.set(Some(Account::AccountPasswordChanged.into()));
                }
                Err(e) => errors.set(vec![match e.code() {
                    Some(ErrorCode::InvalidCredentials) => {
                        FormError::field("current_password", Account::ErrCurrentPasswordWrong)
                    }
                    Some(ErrorCode::WeakPassword) => FormError::api(Some("new_password"), e),
                    _ => FormError::api(None, e),
                }]),
            }
        });
    };

    view! {
        <section class="section" aria-labelledby="account-password-title">
            <h2 id="account-password-title">{app.t(Account::AccountPasswordTitle)}</h2>
            <StatusMessage message=changed testid="password-changed" />
            <ErrorSummary errors=errors id="password-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="password-form">
                // Lets password managers know which account the new password belongs to.
                <input
                    type="text"
                    hidden
                    name="username"
                    autocomplete="username"
                    readonly
                    prop:value=move || email().unwrap_or_default()
                />
                <FormField
                    id="current_password"
                    label=Account::FieldCurrentPassword
                    input_type="password"
                    autocomplete="current-password"
                    value=current
                    errors=errors
                />
                <FormField
                    id="new_password"
                    label=Account::FieldNewPassword
                    hint=Account::HintNewPassword
                    input_type="password"
                    autocomplete="new-password"
                    value=new
                    errors=errors
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" data-testid="password-submit">
                        {app.t(Account::AccountPasswordSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Whether a second factor protects the account, and the way to the page that manages it.
#[component]
fn SecuritySection() -> impl IntoView {
    let app = use_app();
    let enabled = me_field(app, |me| me.totp_enabled);
    view! {
        <section class="section" aria-labelledby="account-security-title">
            <h2 id="account-security-title">{app.t(Account::AccountSecurityTitle)}</h2>
            <p data-testid="account-totp-status">
                {move || {
                    if enabled().unwrap_or(false) {
                        app.t(Account::SecurityEnabled)()
                    } else {
                        app.t(Account::SecurityNotEnabled)()
                    }
                }}
            </p>
            <p>
                <a href="/account/security" data-testid="account-security-link">
                    {app.t(Account::AccountSecurityLink)}
                </a>
            </p>
        </section>
    }
}

/// Download everything Voix holds about me (a plain download link).
#[component]
fn DataSection() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="section" aria-labelledby="account-data-title">
            <h2 id="account-data-title">{app.t(Account::AccountDataTitle)}</h2>
            <p>{app.t(Account::AccountDataText)}</p>
            <p>
                <a
                    href=api::EXPORT_URL
                    download="voix-donnees.json"
                    class="button button--secondary"
                    data-testid="export-data"
                >
                    {app.t(Account::AccountDataDownload)}
                </a>
            </p>
        </section>
    }
}

/// Sign out here, or everywhere.
#[component]
fn SessionsSection<N>(leaving: StoredValue<bool>, navigate: N) -> impl IntoView
where
    N: Fn(&str, NavigateOptions) + Clone + 'static,
{
    let app = use_app();
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let sign_out = move |everywhere: bool| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        errors.set(Vec::new());
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = if everywhere {
                api::logout_all().await
            } else {
                api::logout().await
            };
            pending.set(false);
            match result {
                // Already signed out (expired session): the outcome is the same.
                Ok(()) => {}
                Err(e) if e.code() == Some(ErrorCode::Unauthenticated) => {}
                Err(e) => {
                    errors.set(vec![FormError::api(None, e)]);
                    return;
                }
            }
            leaving.set_value(true);
            app.flash.set(Some(if everywhere {
                Account::FlashLoggedOutAll.into()
            } else {
                Account::FlashLoggedOut.into()
            }));
            app.signed_out();
            navigate("/login", NavigateOptions::default());
        });
    };
    let sign_out_all = sign_out.clone();
    view! {
        <section class="section" aria-labelledby="account-sessions-title">
            <h2 id="account-sessions-title">{app.t(Account::AccountSessionsTitle)}</h2>
            <p>{app.t(Account::AccountSessionsText)}</p>
            <ErrorSummary errors=errors id="sessions-errors" />
            <div class="button-row">
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="logout"
                    on:click=move |_| sign_out(false)
                >
                    {app.t(Account::Logout)}
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="logout-all"
                    on:click=move |_| sign_out_all(true)
                >
                    {app.t(Account::LogoutAll)}
                </button>
            </div>
        </section>
    }
}

/// Delete the account, after an explicit confirmation step in the page.
#[component]
fn DeleteSection<N>(leaving: StoredValue<bool>, navigate: N) -> impl IntoView
where
    N: Fn(&str, NavigateOptions) + Clone + 'static,
{
    let app = use_app();
    let confirming = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let confirm_heading = NodeRef::<html::H3>::new();

    let open = move |_| {
        confirming.set(true);
        request_animation_frame(move || {
            if let Some(h) = confirm_heading.get_untracked() {
                let _ = h.focus();
            }
        });
    };
    let cancel = move |_| {
        confirming.set(false);
        errors.set(Vec::new());
        request_animation_frame(|| focus_by_id("delete-account"));
    };
    let confirm = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        errors.set(Vec::new());
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::delete_me().await;
            pending.set(false);
            match result {
                Ok(()) => {
                    leaving.set_value(true);
                    app.flash.set(Some(Account::FlashAccountDeleted.into()));
                    app.signed_out();
                    navigate("/", NavigateOptions::default());
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    view! {
        <section class="section section--danger" aria-labelledby="account-delete-title">
            <h2 id="account-delete-title">{app.t(Account::AccountDeleteTitle)}</h2>
            <p>{app.t(Account::AccountDeleteText)}</p>
            <p>
                <button
                    type="button"
                    id="delete-account"
                    class="button button--danger"
                    data-testid="delete-account"
                    aria-expanded=move || if confirming.get() { "true" } else { "false" }
                    aria-controls="delete-confirm"
                    on:click=open
                >
                    {app.t(Account::AccountDeleteButton)}
                </button>
            </p>
            <div id="delete-confirm" class="confirm-panel" hidden=move || !confirming.get()>
                <h3 tabindex="-1" node_ref=confirm_heading>
                    {app.t(Account::AccountDeleteConfirmTitle)}
                </h3>
                <p>{app.t(Account::AccountDeleteConfirmText)}</p>
                <ErrorSummary errors=errors id="delete-errors" />
                <div class="button-row">
                    <button
                        type="button"
                        class="button button--danger"
                        data-testid="confirm-delete"
                        on:click=confirm
                    >
                        {app.t(Account::AccountDeleteConfirmButton)}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="cancel-delete"
                        on:click=cancel
                    >
                        {app.t(Common::Cancel)}
                    </button>
                </div>
            </div>
        </section>
    }
}
