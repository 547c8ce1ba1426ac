//! The set-up form of a draft (`/staff/consultations/new`, and a draft's page).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ElectionGroup, OfficialInfo, limits,
};

use crate::api::ApiError;
use crate::api::staff_consultations::{self as api};
use crate::components::{ErrorSummary, FormError, Load, Loader, Msg, PageHeadingText, focus_by_id};
use crate::i18n::{Common, Staff};
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

use super::*;

/// `/staff/consultations/new`
#[component]
pub fn NewConsultationPage() -> impl IntoView {
    let app = use_app();
    let heading = Signal::derive(move || Setup::NewConsultation.text(app.lang.get()).to_owned());
    let officials: Loader<Result<Vec<OfficialInfo>, ApiError>> =
        Loader::new(|| (), |()| api::officials());
    view! {
        <div class="page page--wide staff-consultation">
            <p class="breadcrumb"><a href="/staff/consultations">{app.t(Setup::AllConsultations)}</a></p>
            <PageHeadingText text=heading />
            <RoleGate allow={protocol::api::Role::is_staff}>
                <Load loader=officials let:loaded>{match loaded {
                    Err(e) => view! { <p class="notice notice--error" role="alert">{e.user_message(app.lang.get())}</p> }.into_any(),
                    Ok(list) => {
                        view! { <SetupForm initial=None officials=list on_saved=Callback::new(|_| ()) /> }.into_any()
                    }
                }}</Load>
            </RoleGate>
        </div>
    }
}

/// The set-up form of a draft: creates it (`initial` is `None`) or replaces its set-up.
#[component]
pub(super) fn SetupForm(
    initial: Option<ConsultationDetail>,
    officials: Vec<OfficialInfo>,
    /// Called with the saved draft (updates only; a creation navigates to its page).
    on_saved: Callback<ConsultationDetail>,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let state = SetupState::new(initial.as_ref());
    let id = initial.as_ref().map(|d| d.id.clone());
    let group = initial
        .as_ref()
        .map_or(ElectionGroup::default(), |d| d.group);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let announce = RwSignal::new(None::<Msg>);

    // The key of the last creation sent, with its set-up (see the submission below).
    let create_key = StoredValue::new(None::<(ConsultationInput, String)>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved.set(false);
        let (input, ids, opens_ok, closes_ok) = state.input(group);
        let errs = validate(&input, &ids, opens_ok, closes_ok);
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        let id = id.clone();
        let navigate = navigate.clone();
        // A creation sent again with the same set-up (after a network error) is the same draft.
        let key = create_key
            .with_value(|k| k.clone())
            .filter(|(sent, _)| *sent == input)
            .map_or_else(crate::api::requests::new_idempotency_key, |(_, k)| k);
        create_key.set_value(Some((input.clone(), key.clone())));
        spawn_local(async move {
            let result = match &id {
                None => api::create(&input, &key).await,
                Some(id) => api::update(id, &input).await,
            };
            pending.set(false);
            match result {
                Ok(detail) if id.is_none() => {
                    JUST_CREATED.with(|c| c.set(true));
                    navigate(
                        &format!("/staff/consultations/{}", detail.id),
                        Default::default(),
                    );
                }
                Ok(detail) => {
                    saved.set(true);
                    on_saved.run(detail);
                }
                Err(e) => errors.set(vec![server_error(e)]),
            }
        });
    };

    let add_question = move |_| {
        if state.questions.with_untracked(Vec::len) >= limits::MAX_QUESTIONS {
            return;
        }
        let q = new_question(state.counter, None);
        state.questions.update(|v| v.push(q));
        forget_errors(errors, |f| f == QUESTIONS_ID);
        let n = state.questions.with_untracked(Vec::len);
        announce.set(Some(Msg::each(|lang| i18n::question_added(lang, n))));
        request_animation_frame(move || focus_by_id(qid(q.id, "text-fr")));
    };
    let questions_error = move || error_for(errors, QUESTIONS_ID);
    let full = move || state.questions.with(Vec::len) >= limits::MAX_QUESTIONS;

    view! {
        <section class="consultation-form" aria-labelledby="setup-title">
            <h2 id="setup-title" tabindex="-1">{app.t(Setup::SetUp)}</h2>
            <p>{app.t(Common::RequiredFieldsNote)}</p>
            <ErrorSummary errors=errors id="consultation-errors" />
            <div role="status" class="status-region">
                <Show when=move || saved.get()>
                    <p class="notice notice--success" data-testid="consultation-saved">
                        {app.t(Setup::DraftSaved)}
                    </p>
                </Show>
            </div>
            <form class="form" novalidate on:submit=on_submit data-testid="consultation-form">
                <fieldset class="form-section">
                    <legend>{app.t(Setup::TitleDescription)}</legend>
                    <div class="field-pair">
                        <FormField id="c-title-fr" label=Setup::TitleFrench value=state.title_fr errors=errors />
                        <FormField id="c-title-en" label=Setup::TitleEnglish value=state.title_en errors=errors />
                    </div>
                    <TextAreaField
                        id="c-description-fr"
                        label=Staff::FieldDescriptionFr
                        value=state.description_fr
                        errors=errors
                        max=limits::DESCRIPTION_MAX_CHARS
                        required=false
                        rows=4
                    />
                    <TextAreaField
                        id="c-description-en"
                        label=Staff::FieldDescriptionEn
                        value=state.description_en
                        errors=errors
                        max=limits::DESCRIPTION_MAX_CHARS
                        required=false
                        rows=4
                    />
                </fieldset>
                <fieldset class="form-section">
                    <legend>{app.t(Consultations::ConsultationPeriod)}</legend>
                    <p class="field__hint">{app.t(Setup::HintLocalTime)}</p>
                    <div class="field-pair">
                        <FormField id="c-opens" label=Setup::OpensDateTime value=state.opens errors=errors input_type="datetime-local" />
                        <FormField id="c-closes" label=Setup::ClosesDateTime value=state.closes errors=errors input_type="datetime-local" />
                    </div>
                </fieldset>

                <section class="questions-editor" class:field--error=move || questions_error().is_some() aria-labelledby=QUESTIONS_ID>
                    <h3 id=QUESTIONS_ID tabindex="-1">{app.t(Staff::ColQuestions)}</h3>
                    <p class="field__hint">
                        {app.t(Setup::QuestionsHint)}
                    </p>
                    {move || questions_error().map(|msg| view! { <p class="field__error" id="questions-title-error">{move || msg.render(app.lang.get())}</p> })}
                    <div role="status" class="visually-hidden" data-testid="questions-announce">
                        {move || announce.get().map(|m| m.render(app.lang.get()))}
                    </div>
                    <ol class="attribute-list">
                        <For
                            each=move || state.questions.get()
                            key=|q| q.id
                            children=move |q| {
                                view! {
                                    <li class="attribute-list__item">
                                        <QuestionEditor question=q state=state errors=errors announce=announce />
                                    </li>
                                }
                            }
                        />
                    </ol>
                    <button
                        type="button"
                        id="add-question"
                        class="button button--secondary"
                        data-testid="add-question"
                        aria-disabled=move || full().then_some("true")
                        on:click=add_question
                    >
                        <span aria-hidden="true">"+\u{a0}"</span>
                        {app.t(Staff::AddAttribute)}
                    </button>
                </section>

                <EligibilityFields state=state errors=errors />
                <FormField
                    id=BREAKDOWN_ID
                    label=Setup::FieldDistrictMinimum
                    value=state.breakdown_k
                    errors=errors
                    inputmode="numeric"
                    hint=Setup::HintDistrictMinimum
                />
                <TrusteeFields state=state officials=officials errors=errors />

                <div class="form__actions button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="consultation-save"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {app.t(Setup::SaveDraft)}
                    </button>
                </div>
            </form>
        </section>
    }
}
