//! The set-up form of a draft (`/staff/consultations/new`, and a draft's page).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::api::Language;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ElectionGroup, OfficialInfo, limits,
};

use crate::api::ApiError;
use crate::api::staff_consultations::{self as api};
use crate::components::{ErrorSummary, FormError, Msg, PageHeadingText, focus_by_id};
use crate::i18n::Key;
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

use super::*;

/// `/staff/consultations/new`
#[component]
pub fn NewConsultationPage() -> impl IntoView {
    let app = use_app();
    let heading = Signal::derive(move || {
        tr(app.lang.get(), "Nouvelle consultation", "New consultation").to_owned()
    });
    let officials = RwSignal::new(None::<Result<Vec<OfficialInfo>, ApiError>>);
    spawn_local(async move { officials.set(Some(api::officials().await)) });
    view! {
        <div class="page page--wide staff-consultation">
            <p class="breadcrumb"><a href="/staff/consultations">{tx("← Toutes les consultations", "← All consultations")}</a></p>
            <PageHeadingText text=heading />
            <RoleGate allow={protocol::api::Role::is_staff}>
                {move || match officials.get() {
                    None => view! { <p>{app.t(Key::Loading)}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="notice notice--error" role="alert">{e.user_message(app.lang.get())}</p> }.into_any(),
                    Some(Ok(list)) => {
                        view! { <SetupForm initial=None officials=list on_saved=Callback::new(|_| ()) /> }.into_any()
                    }
                }}
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
        announce.set(Some(both(|lang| {
            let n = state.questions.with_untracked(Vec::len);
            match lang {
                Language::Fr => format!("Question {n} ajoutée."),
                Language::En => format!("Question {n} added."),
            }
        })));
        request_animation_frame(move || focus_by_id(qid(q.id, "text-fr")));
    };
    let questions_error = move || error_for(errors, QUESTIONS_ID);
    let full = move || state.questions.with(Vec::len) >= limits::MAX_QUESTIONS;

    view! {
        <section class="consultation-form" aria-labelledby="setup-title">
            <h2 id="setup-title" tabindex="-1">{tx("Préparation", "Set-up")}</h2>
            <p>{app.t(Key::RequiredFieldsNote)}</p>
            <ErrorSummary errors=errors id="consultation-errors" />
            <div role="status" class="status-region">
                <Show when=move || saved.get()>
                    <p class="notice notice--success" data-testid="consultation-saved">
                        {tx("Brouillon enregistré.", "Draft saved.")}
                    </p>
                </Show>
            </div>
            <form class="form" novalidate on:submit=on_submit data-testid="consultation-form">
                <fieldset class="form-section">
                    <legend>{tx("Titre et présentation", "Title and description")}</legend>
                    <div class="field-pair">
                        <LabelledField id="c-title-fr" fr="Titre (français)" en="Title (French)" value=state.title_fr errors=errors />
                        <LabelledField id="c-title-en" fr="Titre (anglais)" en="Title (English)" value=state.title_en errors=errors />
                    </div>
                    <TextAreaField
                        id="c-description-fr"
                        label=Key::FieldDescriptionFr
                        value=state.description_fr
                        errors=errors
                        max=limits::DESCRIPTION_MAX_CHARS
                        required=false
                        rows=4
                    />
                    <TextAreaField
                        id="c-description-en"
                        label=Key::FieldDescriptionEn
                        value=state.description_en
                        errors=errors
                        max=limits::DESCRIPTION_MAX_CHARS
                        required=false
                        rows=4
                    />
                </fieldset>
                <fieldset class="form-section">
                    <legend>{tx("Période de vote", "Voting period")}</legend>
                    <p class="field__hint">{tx("Heure locale de votre ordinateur.", "Your computer's local time.")}</p>
                    <div class="field-pair">
                        <LabelledField id="c-opens" fr="Ouverture (date et heure)" en="Opens (date and time)" value=state.opens errors=errors input_type="datetime-local" />
                        <LabelledField id="c-closes" fr="Clôture (date et heure)" en="Closes (date and time)" value=state.closes errors=errors input_type="datetime-local" />
                    </div>
                </fieldset>

                <section class="questions-editor" class:field--error=move || questions_error().is_some() aria-labelledby=QUESTIONS_ID>
                    <h3 id=QUESTIONS_ID tabindex="-1">{tx("Questions", "Questions")}</h3>
                    <p class="field__hint">
                        {tx(
                            "Chaque question a au moins deux réponses, en français et en anglais. Les boutons déplacent ou retirent une question ou une réponse.",
                            "Each question has at least two answers, in French and English. The buttons move or remove a question or an answer.",
                        )}
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
                        {tx("Ajouter une question", "Add a question")}
                    </button>
                </section>

                <EligibilityFields state=state errors=errors />
                <LabelledField
                    id=BREAKDOWN_ID
                    fr="Résultats par quartier : nombre minimum de bulletins comptés"
                    en="Results by district: minimum number of counted ballots"
                    value=state.breakdown_k
                    errors=errors
                    inputmode="numeric"
                    hint=(
                        "Un quartier qui a moins de bulletins comptés n’a aucun résultat publié, pour protéger le secret du vote. Par défaut 10.",
                        "A district with fewer counted ballots gets no published result, to protect the secrecy of the vote. Default 10.",
                    )
                />
                <TrusteeFields state=state officials=officials errors=errors />

                <div class="form__actions button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="consultation-save"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {tx("Enregistrer le brouillon", "Save draft")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// A [`FormField`]-like input whose label is given as two texts.
#[component]
pub(super) fn LabelledField(
    id: &'static str,
    fr: &'static str,
    en: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FormError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = true)] required: bool,
    #[prop(optional)] hint: Option<(&'static str, &'static str)>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_error = move || errors.with(|errs| errs.iter().any(|e| e.field == Some(id)));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=has_error>
            <label for=id class="field__label">
                {tx(fr, en)}
                {required.then(|| view! { " " <span class="field__required">{app.t(Key::RequiredMark)}</span> })}
            </label>
            {hint.map(|(fr, en)| view! { <p class="field__hint" id=hint_id>{tx(fr, en)}</p> })}
            {move || {
                error_for(errors, id)
                    .map(|msg| view! { <p class="field__error" id=error_id.clone()>{move || msg.render(app.lang.get())}</p> })
            }}
            <input
                class="field__input"
                id=id
                name=id
                type=input_type
                inputmode=inputmode
                required=required
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
        </div>
    }
}

/// A checkbox with its label.
#[component]
pub(super) fn Check(
    id: &'static str,
    fr: &'static str,
    en: &'static str,
    value: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="field field--checkbox">
            <div class="choice__option">
                <input
                    type="checkbox"
                    id=id
                    name=id
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                <label for=id>{tx(fr, en)}</label>
            </div>
        </div>
    }
}
