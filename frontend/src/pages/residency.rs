//! Residency verification: `/account/residency` (a resident's request, matched against the
//! census), `/admin/census` (administrators import the census file) and `/admin/residency`
//! (staff verify or revoke an account by hand).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::components::Loading;
use leptos::task::spawn_local;
use protocol::ErrorCode;
use protocol::api::{
    CensusSummary, Language, ManualResidencyRequest, RejectedRow, ResidencyMethod,
    ResidencyRequest, ResidencyStatus, RevokeResidencyRequest, Role, UserResidency,
};
use wasm_bindgen::JsValue;

use crate::api::{self, CensusUpload};
use crate::components::{
    ErrorSummary, FormError, FormField, Loader, PageHeading, RejectedRowsTable, focus_by_id,
};
use crate::i18n::{self, Account, Common, Key, Staff, Text, locale};
use crate::state::{AppState, use_app};

fn format_date(secs: i64, lang: Language) -> String {
    #[allow(clippy::cast_precision_loss)] // Seconds since 1970 fit f64 exactly.
    let millis = secs as f64 * 1000.0;
    js_sys::Date::new(&JsValue::from_f64(millis))
        .to_locale_date_string(locale(lang), &JsValue::UNDEFINED)
        .into()
}

/// Whether the signed-in account's residency is verified, asked while `ask()` holds, again on
/// each visit (staff may have verified it meanwhile); `None` until known or when not asked.
pub fn residency_verified(ask: impl Fn() -> bool + 'static) -> Loader<Option<bool>> {
    let app = use_app();
    Loader::when(
        move || app.account_key().filter(|_| ask()),
        |_| async { api::my_residency().await.ok().map(|s| s.verified) },
    )
}

/// The signed-in account's role, once known.
fn role(app: AppState) -> Option<Role> {
    app.session.with(|s| s.me().map(|me| me.role))
}

/// A birth date as the server accepts it: `DD/MM/YYYY` or `YYYY-MM-DD`, a real date.
fn valid_birth_date(value: &str) -> bool {
    let v = value.trim();
    let parts: Vec<&str> = if v.contains('/') {
        let p: Vec<&str> = v.split('/').collect();
        if p.len() != 3 {
            return false;
        }
        vec![p[2], p[1], p[0]]
    } else {
        v.split('-').collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4..=4), num(m, 1..=2), num(d, 1..=2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1850..=2199).contains(&y) && (1..=days).contains(&d)
}

/// One sentence describing a residency status.
fn status_text(status: &ResidencyStatus, lang: Language) -> String {
    if !status.verified {
        return Account::ResidencyNotVerified.text(lang).to_owned();
    }
    let mut text = i18n::residency_verified(lang, status.district.as_deref().unwrap_or(""));
    if let Some(method) = status.method {
        let how = match method {
            ResidencyMethod::Census => Account::ResidencyMethodCensus,
            ResidencyMethod::Manual => Account::ResidencyMethodManual,
        };
        text = format!("{} ({})", text.trim_end_matches('.'), how.text(lang));
        text.push('.');
    }
    if let Some(expires) = status.expires_at {
        text.push(' ');
        text.push_str(&i18n::residency_valid_until(
            lang,
            &format_date(expires, lang),
        ));
    }
    text
}

/// `/account/residency`: the resident's own verification.
#[component]
pub fn ResidencyPage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let query = leptos_router::hooks::use_query_map();
    let reason = query
        .with_untracked(|q| q.get("for"))
        .and_then(|r| match r.as_str() {
            "filing" => Some(Account::ResidencyForFiling),
            "voting" => Some(Account::ResidencyForVoting),
            _ => None,
        });
    let for_filing = reason == Some(Account::ResidencyForFiling);
    let status = RwSignal::new(None::<ResidencyStatus>);
    let last_name = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);

    Effect::new(move |_| {
        if app.session.with(|s| s.me().is_some()) {
            spawn_local(async move {
                match api::my_residency().await {
                    Ok(s) => status.set(Some(s)),
                    Err(e) => errors.set(vec![FormError::api(None, e)]),
                }
            });
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut errs = Vec::new();
        if last_name.get_untracked().trim().is_empty() {
            errs.push(FormError::field("last_name", Account::ErrLastNameRequired));
        }
        if first_name.get_untracked().trim().is_empty() {
            errs.push(FormError::field(
                "first_name",
                Account::ErrFirstNameRequired,
            ));
        }
        let date = birth_date.get_untracked().trim().to_owned();
        let reference_value = reference.get_untracked().trim().to_owned();
        if date.is_empty() && reference_value.is_empty() {
            errs.push(FormError::field(
                "birth_date",
                Account::ErrBirthDateOrReference,
            ));
        } else if !date.is_empty() && !valid_birth_date(&date) {
            errs.push(FormError::field("birth_date", Account::ErrBirthDateInvalid));
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        let body = ResidencyRequest {
            last_name: last_name.get_untracked(),
            first_name: first_name.get_untracked(),
            birth_date: (!date.is_empty()).then_some(date),
            reference: (!reference_value.is_empty()).then_some(reference_value),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::request_residency(&body).await;
            pending.set(false);
            match result {
                Ok(s) => {
                    status.set(Some(s));
                    request_animation_frame(|| focus_by_id("residency-status-title"));
                }
                Err(e) => {
                    let field = match e.code() {
                        Some(ErrorCode::Validation) => Some("birth_date"),
                        _ => None,
                    };
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };

    let verified = move || status.with(|s| s.as_ref().is_some_and(|s| s.verified));
    view! {
        <div class="page">
            <PageHeading title=Account::ResidencyTitle />
            {reason
                .map(|r| {
                    view! {
                        <p class="notice" data-testid="residency-reason">{app.t(r)}</p>
                    }
                })}
            <section class="section" aria-labelledby="residency-status-title">
                <h2 id="residency-status-title" tabindex="-1">{app.t(Account::AccountResidencyTitle)}</h2>
                <div role="status">
                    {move || {
                        status
                            .get()
                            .map(|s| {
                                let class = if s.verified {
                                    "notice notice--success"
                                } else {
                                    "notice"
                                };
                                let verified = s.verified;
                                view! {
                                    <p class=class data-testid="residency-status">
                                        {move || status_text(&s, app.lang.get())}
                                    </p>
                                    {(verified && for_filing)
                                        .then(|| {
                                            view! {
                                                <p>
                                                    <a href="/requests/new" class="button button--primary" data-testid="residency-back-to-filing">
                                                        {app.t(Account::ResidencyBackToFiling)}
                                                    </a>
                                                </p>
                                            }
                                        })}
                                }
                            })
                    }}
                </div>
            </section>
            <Show when=move || !verified()>
                <section class="section" aria-labelledby="residency-form-title">
                    <h2 id="residency-form-title">{app.t(Account::ResidencySubmit)}</h2>
                    <p>{app.t(Account::ResidencyIntro)}</p>
                    <p>{app.t(Common::RequiredFieldsNote)}</p>
                    <ErrorSummary errors=errors id="residency-errors" />
                    <form class="form" novalidate on:submit=on_submit data-testid="residency-form">
                        <FormField
                            id="last_name"
                            label=Account::FieldLastName
                            autocomplete="family-name"
                            value=last_name
                            errors=errors
                        />
                        <FormField
                            id="first_name"
                            label=Account::FieldFirstName
                            autocomplete="given-name"
                            value=first_name
                            errors=errors
                        />
                        <FormField
                            id="birth_date"
                            label=Account::FieldBirthDate
                            hint=Account::HintBirthDate
                            autocomplete="bday"
                            inputmode="numeric"
                            required=false
                            value=birth_date
                            errors=errors
                        />
                        <FormField
                            id="reference"
                            label=Account::FieldReference
                            hint=Account::HintReference
                            autocomplete="off"
                            required=false
                            value=reference
                            errors=errors
                        />
                        <div class="form__actions">
                            <button
                                type="submit"
                                class="button button--primary"
                                data-testid="residency-submit"
                                aria-disabled=move || pending.get().then_some("true")
                            >
                                {app.t(Account::ResidencySubmit)}
                            </button>
                        </div>
                    </form>
                </section>
            </Show>
        </div>
    }
}

/// The "Residency" section of `/account`: status and the way to the request page, plus links
/// to the staff pages for staff and administrators.
#[component]
pub fn AccountResidencySection() -> impl IntoView {
    let app = use_app();
    let status = RwSignal::new(None::<ResidencyStatus>);
    spawn_local(async move {
        if let Ok(s) = api::my_residency().await {
            status.set(Some(s));
        }
    });
    let staff = move || {
        role(app).is_some_and(|r| matches!(r, Role::Staff | Role::Admin | Role::SyndicateAdmin))
    };
    let admin = move || role(app).is_some_and(Role::is_admin);
    view! {
        <section class="section" aria-labelledby="account-residency-title">
            <h2 id="account-residency-title">{app.t(Account::AccountResidencyTitle)}</h2>
            <p data-testid="account-residency-status">
                {move || status.get().map(|s| status_text(&s, app.lang.get()))}
            </p>
            <p>
                <a href="/account/residency" data-testid="account-residency-link">
                    {app.t(Account::AccountResidencyLink)}
                </a>
            </p>
            <Show when=staff>
                <h3>{app.t(Account::AccountStaffTitle)}</h3>
                <ul>
                    <li>
                        <a href="/admin/residency" data-testid="staff-residency-link">
                            {app.t(Staff::ManualTitle)}
                        </a>
                    </li>
                    <Show when=admin>
                        <li>
                            <a href="/admin/census" data-testid="admin-census-link">
                                {app.t(Staff::CensusTitle)}
                            </a>
                        </li>
                    </Show>
                </ul>
            </Show>
        </section>
    }
}

/// A notice for a page the account's role does not open.
fn forbidden_notice(app: AppState) -> impl IntoView {
    view! {
        <div class="notice notice--error" role="alert" data-testid="forbidden">
            <p>{app.t(ErrorCode::Forbidden)}</p>
        </div>
    }
}

/// `/admin/census`: import the census file (administrators).
#[component]
pub fn CensusPage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let summary = RwSignal::new(None::<CensusSummary>);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let rejected = RwSignal::new(None::<Vec<RejectedRow>>);
    let imported = RwSignal::new(None::<u64>);
    let pending = RwSignal::new(false);
    let file_input = NodeRef::<html::Input>::new();
    let allowed = move || role(app).map(Role::is_admin);

    let load_summary = move || {
        spawn_local(async move {
            match api::census_summary().await {
                Ok(s) => summary.set(Some(s)),
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };
    Effect::new(move |_| {
        if allowed() == Some(true) {
            load_summary();
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        imported.set(None);
        rejected.set(None);
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            errors.set(vec![FormError::field(
                "census_file",
                Staff::ErrFileRequired,
            )]);
            return;
        };
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            let result = api::upload_census(&file).await;
            pending.set(false);
            match result {
                Ok(CensusUpload::Imported(done)) => {
                    imported.set(Some(done.rows_imported));
                    load_summary();
                }
                Ok(CensusUpload::Rejected(body)) => {
                    rejected.set(Some(body.rejected));
                    request_animation_frame(|| focus_by_id("census-rejected-title"));
                }
                Err(e) => errors.set(vec![FormError::api(Some("census_file"), e)]),
            }
        });
    };

    let summary_text = move || {
        let lang = app.lang.get();
        summary.get().map(|s| match s.last_import {
            Some(last) => i18n::census_summary(
                lang,
                s.entries,
                &last.file_name,
                &format_date(last.imported_at, lang),
            ),
            None => Staff::CensusNone.text(lang).to_owned(),
        })
    };

    view! {
        <div class="page">
            <PageHeading title=Staff::CensusTitle />
            {move || match allowed() {
                None => view! { <Loading /> }.into_any(),
                Some(false) => forbidden_notice(app).into_any(),
                Some(true) => {
                    view! {
                        <p>{app.t(Staff::CensusIntro)}</p>
                        <p data-testid="census-summary">{summary_text}</p>
                        <div role="status">
                            {move || {
                                imported
                                    .get()
                                    .map(|n| {
                                        view! {
                                            <p class="notice notice--success" data-testid="census-imported">
                                                {move || i18n::census_imported(app.lang.get(), n)}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                        <ErrorSummary errors=errors id="census-errors" />
                        <form class="form" novalidate on:submit=on_submit data-testid="census-form">
                            <CensusFileField errors=errors node=file_input />
                            <div class="form__actions">
                                <button
                                    type="submit"
                                    class="button button--primary"
                                    data-testid="census-submit"
                                    aria-disabled=move || pending.get().then_some("true")
                                >
                                    {app.t(Staff::CensusSubmit)}
                                </button>
                            </div>
                        </form>
                        {move || rejected.get().map(|rows| view! { <RejectedRows rows=rows /> })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The labelled file input of the census form, with its hint and error.
#[component]
fn CensusFileField(errors: RwSignal<Vec<FormError>>, node: NodeRef<html::Input>) -> impl IntoView {
    let app = use_app();
    let error = move || {
        errors.with(|errs| {
            errs.iter()
                .find(|e| e.field == Some("census_file"))
                .map(|e| e.msg.clone())
        })
    };
    let described_by = move || {
        if error().is_some() {
            "census_file-hint census_file-error"
        } else {
            "census_file-hint"
        }
    };
    view! {
        <div class="field" class:field--error=move || error().is_some()>
            <label for="census_file" class="field__label">
                {app.t(Staff::FieldCensusFile)}
            </label>
            <p class="field__hint" id="census_file-hint">
                {app.t(Staff::HintCensusFile)}
            </p>
            {move || {
                error()
                    .map(|msg| {
                        view! {
                            <p class="field__error" id="census_file-error">
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <input
                class="field__input"
                id="census_file"
                name="census_file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described_by
                node_ref=node
            />
        </div>
    }
}

/// The census's refused rows.
#[component]
fn RejectedRows(rows: Vec<RejectedRow>) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="section" aria-labelledby="census-rejected-title" data-testid="census-rejected">
            <h2 id="census-rejected-title" tabindex="-1">{app.t(Staff::CensusRejectedTitle)}</h2>
            <p>{app.t(Staff::CensusRejectedIntro)}</p>
            <RejectedRowsTable rows=rows />
        </section>
    }
}

/// `/admin/residency`: staff verify or revoke an account's residency by hand.
#[component]
pub fn ManualResidencyPage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let allowed =
        move || role(app).map(|r| matches!(r, Role::Staff | Role::Admin | Role::SyndicateAdmin));
    let email = RwSignal::new(String::new());
    let search_errors = RwSignal::new(Vec::<FormError>::new());
    let found = RwSignal::new(None::<UserResidency>);
    let district = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let done = RwSignal::new(None::<Key>);
    let pending = RwSignal::new(false);

    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        found.set(None);
        let value = email.get_untracked().trim().to_owned();
        if let Some(k) = crate::validate::email(&value) {
            search_errors.set(vec![FormError::field("lookup_email", k)]);
            return;
        }
        search_errors.set(Vec::new());
        spawn_local(async move {
            match api::residency_lookup(&value).await {
                Ok(u) => {
                    found.set(Some(u));
                    request_animation_frame(|| focus_by_id("manual-account-title"));
                }
                Err(e) if e.code() == Some(ErrorCode::NotFound) => {
                    search_errors.set(vec![FormError::field(
                        "lookup_email",
                        Staff::ErrAccountNotFound,
                    )])
                }
                Err(e) => search_errors.set(vec![FormError::api(None, e)]),
            }
        });
    };

    let act = move |revoke: bool| {
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        let Some(user) = found.get_untracked() else {
            return;
        };
        let mut errs = Vec::new();
        if !revoke && district.get_untracked().trim().is_empty() {
            errs.push(FormError::field("district", Staff::ErrDistrictRequired));
        }
        if reason.get_untracked().trim().is_empty() {
            errs.push(FormError::field("reason", Staff::ErrReasonRequired));
        }
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            let reason_value = reason.get_untracked().trim().to_owned();
            let result = if revoke {
                api::revoke_residency(
                    &user.user_id,
                    &RevokeResidencyRequest {
                        reason: reason_value,
                    },
                )
                .await
                .map(|()| ResidencyStatus::unverified())
            } else {
                api::verify_residency(
                    &user.user_id,
                    &ManualResidencyRequest {
                        district: district.get_untracked().trim().to_owned(),
                        reason: reason_value,
                    },
                )
                .await
            };
            pending.set(false);
            match result {
                Ok(status) => {
                    found.update(|f| {
                        if let Some(f) = f {
                            f.residency = status;
                        }
                    });
                    reason.set(String::new());
                    done.set(Some(if revoke {
                        Staff::ManualRevoked.into()
                    } else {
                        Staff::ManualVerified.into()
                    }));
                }
                Err(e) => errors.set(vec![FormError::api(None, e)]),
            }
        });
    };
    let on_verify = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(false);
    };

    view! {
        <div class="page">
            <PageHeading title=Staff::ManualTitle />
            {move || match allowed() {
                None => view! { <Loading /> }.into_any(),
                Some(false) => forbidden_notice(app).into_any(),
                Some(true) => {
                    view! {
                        <p>{app.t(Staff::ManualIntro)}</p>
                        <ErrorSummary errors=search_errors id="lookup-errors" />
                        <form class="form" novalidate on:submit=on_search data-testid="lookup-form">
                            <FormField
                                id="lookup_email"
                                label=Account::FieldEmail
                                input_type="email"
                                autocomplete="off"
                                value=email
                                errors=search_errors
                            />
                            <div class="form__actions">
                                <button type="submit" class="button button--secondary" data-testid="lookup-submit">
                                    {app.t(Staff::ManualSearchSubmit)}
                                </button>
                            </div>
                        </form>
                        <div role="status">
                            {move || {
                                done.get()
                                    .map(|k| {
                                        view! {
                                            <p class="notice notice--success" data-testid="manual-done">
                                                {app.t(k)}
                                            </p>
                                        }
                                    })
                            }}
                        </div>
                        {move || {
                            found
                                .get()
                                .map(|u| {
                                    let verified = u.residency.verified;
                                    let status = u.residency.clone();
                                    view! {
                                        <section class="section" aria-labelledby="manual-account-title">
                                            <h2 id="manual-account-title" tabindex="-1">
                                                {app.t(Staff::ManualAccountTitle)}
                                            </h2>
                                            <p data-testid="manual-account">
                                                {format!("{} — {}", u.display_name, u.email)}
                                            </p>
                                            <p data-testid="manual-status">
                                                {move || status_text(&status, app.lang.get())}
                                            </p>
                                            <ErrorSummary errors=errors id="manual-errors" />
                                            <form class="form" novalidate on:submit=on_verify data-testid="manual-form">
                                                <FormField
                                                    id="district"
                                                    label=Staff::FieldDistrict
                                                    value=district
                                                    errors=errors
                                                />
                                                <FormField
                                                    id="reason"
                                                    label=Staff::FieldReason
                                                    hint=Staff::HintReason
                                                    value=reason
                                                    errors=errors
                                                />
                                                <div class="form__actions">
                                                    <button type="submit" class="button button--primary" data-testid="manual-submit">
                                                        {app.t(Staff::ManualSubmit)}
                                                    </button>
                                                    {verified
                                                        .then(|| {
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="button button--secondary"
                                                                    data-testid="manual-revoke"
                                                                    on:click=move |_| act(true)
                                                                >
                                                                    {app.t(Staff::ManualRevokeSubmit)}
                                                                </button>
                                                            }
                                                        })}
                                                </div>
                                            </form>
                                        </section>
                                    }
                                })
                        }}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::valid_birth_date;

    #[test]
    fn birth_dates_mirror_the_server() {
        assert!(valid_birth_date("03/04/1971"));
        assert!(valid_birth_date("1971-04-03"));
        assert!(valid_birth_date("29/02/2000"));
        assert!(!valid_birth_date("31/02/1990"));
        assert!(!valid_birth_date("1/1/90"));
        assert!(!valid_birth_date("abc"));
    }
}
