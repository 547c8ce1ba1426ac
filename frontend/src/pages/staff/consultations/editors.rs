//! The form's editors: questions and their answers (add, move, remove), eligibility, trustees.

use leptos::prelude::*;
use protocol::consultations::{OfficialInfo, QuestionKind, TrusteeMode, limits};

use crate::components::rows::{self, Removal, RowButtons, RowHandle};
use crate::components::{FormError, Msg, focus_by_id};
use crate::format::intern;
use crate::i18n::{Common, Key};
use crate::pages::requests::fields::error_for;
use crate::state::use_app;

use super::*;

/// One question: texts, kind, bounds, blank vote, answers, and its move / remove buttons.
#[component]
pub(super) fn QuestionEditor(
    question: QuestionDraft,
    state: SetupState,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let q = question;
    let id = q.id;
    let questions = state.questions;
    let position = rows::position(questions, id);
    let legend_id = qid(id, "legend");
    let kind_id = qid(id, "kind");
    let removal = Callback::new(move |()| Removal {
        field_prefix: format!("cq{id}-"),
        removed: Staff::QuestionRemoved.into(),
        focus: Box::new(|next| next.map_or("add-question", |n| qid(n, "text-fr"))),
    });
    let on_kind = move |ev: leptos::ev::Event| {
        if let Some(kind) = QuestionKind::parse(&event_target_value(&ev)) {
            q.kind.set(kind);
            if kind == QuestionKind::Multiple && q.max.with_untracked(String::is_empty) {
                q.max.set(q.answers.with_untracked(Vec::len).to_string());
            }
        }
    };
    let add_answer = move |_| {
        if q.answers.with_untracked(Vec::len) >= limits::MAX_ANSWERS {
            return;
        }
        let a = new_answer(state.counter, None);
        q.answers.update(|v| v.push(a));
        forget_errors(errors, |f| f == qid(id, "add-answer"));
        let n = q.answers.with_untracked(Vec::len);
        announce.set(Some(Msg::each(|lang| i18n::answer_added(lang, n))));
        request_animation_frame(move || focus_by_id(aid(id, a.id, "fr")));
    };
    let add_id = qid(id, "add-answer");
    let n = move || position.get() + 1;
    let label = Callback::new(move |(lang, action)| i18n::question_action(lang, action, n()));
    view! {
        <fieldset class="attribute" aria-labelledby=legend_id data-testid="question">
            <legend class="attribute__legend" id=legend_id>{move || i18n::question_n(app.lang.get(), n())}</legend>
            <div class="field-pair">
                <FormField id=qid(id, "text-fr") label=Setup::TextFrench value=q.text_fr errors=errors />
                <FormField id=qid(id, "text-en") label=Setup::TextEnglish value=q.text_en errors=errors />
            </div>
            <div class="field-pair">
                <div class="field">
                    <label for=kind_id class="field__label">{app.t(Setup::KindQuestion)}</label>
                    <select class="field__select" id=kind_id name=kind_id prop:value=move || q.kind.get().as_str() on:change=on_kind>
                        <option value="single" selected=move || q.kind.get() == QuestionKind::Single>
                            {app.t(Setup::OneChoice)}
                        </option>
                        <option value="multiple" selected=move || q.kind.get() == QuestionKind::Multiple>
                            {app.t(Setup::SeveralChoices)}
                        </option>
                    </select>
                </div>
                <Checkbox id=qid(id, "blank") label=Setup::BlankVoteAllowed value=q.blank />
            </div>
            <Show when=move || q.kind.get() == QuestionKind::Multiple>
                <div class="field-pair">
                    <FormField id=qid(id, "min") label=Setup::FewestChoices value=q.min errors=errors inputmode="numeric" />
                    <FormField id=qid(id, "max") label=Setup::MostChoices value=q.max errors=errors inputmode="numeric" />
                </div>
            </Show>
            <fieldset class="choices" class:field--error=move || error_for(errors, add_id).is_some()>
                <legend class="field__label">{app.t(Setup::Answers)}</legend>
                {move || error_for(errors, add_id).map(|msg| view! { <p class="field__error" id=format!("{add_id}-error")>{move || msg.render(app.lang.get())}</p> })}
                <ol class="choices__list">
                    <For
                        each=move || q.answers.get()
                        key=|a| a.id
                        children=move |a| view! { <AnswerEditor question=q answer=a position=position errors=errors announce=announce /> }
                    />
                </ol>
                <button
                    type="button"
                    id=add_id
                    class="button button--secondary button--small"
                    aria-label=move || i18n::add_answer_to(app.lang.get(), n())
                    data-testid="add-answer"
                    on:click=add_answer
                >
                    <span aria-hidden="true">"+\u{a0}"</span>
                    {app.t(Setup::AddAnswer)}
                </button>
            </fieldset>
            <div class="button-row attribute__actions">
                <RowButtons
                    row=RowHandle::new(questions, id)
                    ids=qid(id, "")
                    testid="question"
                    label=label
                    moved=i18n::question_moved
                    remove_text=Staff::RemoveQuestion.into()
                    removal=removal
                    errors=errors
                    announce=announce
                />
            </div>
        </fieldset>
    }
}

#[component]
pub(super) fn AnswerEditor(
    question: QuestionDraft,
    answer: AnswerDraft,
    position: Signal<usize>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let (q, a) = (question.id, answer.id);
    let answers = question.answers;
    let index = rows::position(answers, a);
    let legend_id = aid(q, a, "legend");
    let removal = Callback::new(move |()| Removal {
        field_prefix: format!("cq{q}-a{a}-"),
        removed: Setup::AnswerRemoved.into(),
        focus: Box::new(move |next| next.map_or(qid(q, "add-answer"), |n| aid(q, n, "fr"))),
    });
    let label = Callback::new(move |(lang, action)| {
        i18n::answer_action(lang, action, index.get() + 1, position.get() + 1)
    });
    view! {
        <li class="choice-row" data-testid="answer">
            <fieldset class="choice-row__set" aria-labelledby=legend_id>
                <legend class="choice-row__legend" id=legend_id>
                    {move || i18n::answer_n(app.lang.get(), index.get() + 1)}
                </legend>
                <div class="choice-row__fields">
                    <FormField id=aid(q, a, "fr") label=Setup::TextFrench value=answer.fr errors=errors />
                    <FormField id=aid(q, a, "en") label=Setup::TextEnglish value=answer.en errors=errors />
                    <div class="choice-row__remove button-row">
                        <RowButtons
                            row=RowHandle::new(answers, a)
                            ids=aid(q, a, "")
                            testid="answer"
                            label=label
                            moved=i18n::answer_moved
                            remove_text=Common::Remove.into()
                            removal=removal
                            errors=errors
                            announce=announce
                            arrows_only=true
                        />
                    </div>
                </div>
            </fieldset>
        </li>
    }
}

/// A radio button with its label.
#[component]
pub(super) fn Radio<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Key,
    value: RwSignal<T>,
    this: T,
) -> impl IntoView {
    view! {
        <div class="choice__option">
            <input
                type="radio"
                id=id
                name=name
                value=id
                prop:checked=move || value.get() == this
                on:change=move |_| value.set(this)
            />
            <label for=id>{use_app().t(label)}</label>
        </div>
    }
}

#[component]
pub(super) fn EligibilityFields(
    state: SetupState,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let app = use_app();
    let elig = state.elig;
    view! {
        <fieldset class="form-section choice" class:field--error=move || error_for(errors, ELIGIBILITY_ID).is_some()>
            <legend>{app.t(Consultations::ConsultationWhoVotes)}</legend>
            {move || error_for(errors, ELIGIBILITY_ID).map(|msg| view! { <p class="field__error">{move || msg.render(app.lang.get())}</p> })}
            <Radio id="elig-all" name="eligibility" label=Setup::EligibilityAll value=elig this=EligKind::All />
            <Radio id="elig-districts" name="eligibility" label=Setup::EligibilitySomeDistricts value=elig this=EligKind::Districts />
            <Radio id="elig-list" name="eligibility" label=Setup::EligibilityUploadedList value=elig this=EligKind::List />
            <Show when=move || elig.get() == EligKind::Districts>
                <div class="field" class:field--error=move || error_for(errors, "c-districts").is_some()>
                    <label for="c-districts" class="field__label">
                        {app.t(Setup::FieldDistricts)}
                        " " <span class="field__required">{app.t(Common::RequiredMark)}</span>
                    </label>
                    {move || error_for(errors, "c-districts").map(|msg| view! { <p class="field__error" id="c-districts-error">{move || msg.render(app.lang.get())}</p> })}
                    <textarea
                        class="field__input field__textarea"
                        id="c-districts"
                        name="c-districts"
                        rows="4"
                        aria-invalid=move || error_for(errors, "c-districts").is_some().then_some("true")
                        aria-describedby=move || error_for(errors, "c-districts").is_some().then_some("c-districts-error")
                        prop:value=move || state.districts.get()
                        on:input=move |ev| state.districts.set(event_target_value(&ev))
                    ></textarea>
                </div>
            </Show>
            <Show when=move || elig.get() == EligKind::List>
                <p class="field__hint">
                    {app.t(Setup::VoterListLater)}
                </p>
            </Show>
        </fieldset>
    }
}

#[component]
pub(super) fn TrusteeFields(
    state: SetupState,
    officials: Vec<OfficialInfo>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let app = use_app();
    let mode = state.trustee_mode;
    let chosen = state.chosen;
    let empty = officials.is_empty();
    let officials = StoredValue::new(officials);
    let boxes = move || {
        officials.get_value()
        .into_iter()
        .map(|o| {
            let box_id = intern(format!("official-{}", o.id));
            let oid = o.id.clone();
            let checked = {
                let oid = oid.clone();
                move || chosen.with(|c| c.contains(&oid))
            };
            view! {
                <div class="choice__option">
                    <input
                        type="checkbox"
                        id=box_id
                        name="officials"
                        value=o.id.clone()
                        data-testid="official-checkbox"
                        prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != oid);
                                if on {
                                    c.push(oid.clone());
                                }
                            });
                        }
                    />
                    <label for=box_id>{o.display_name.clone()} " (" {o.email.clone()} ")"</label>
                </div>
            }
        })
        .collect_view()
    };
    let officials_error = move || error_for(errors, OFFICIALS_ID);
    view! {
        <fieldset class="form-section choice">
            <legend>{app.t(Setup::WhoHoldsKey)}</legend>
            <Radio id=TRUSTEES_ID name="trustee-mode" label=Setup::TrusteesOfficials value=mode this=TrusteeMode::Officials />
            <Radio id="trustee-server" name="trustee-mode" label=Setup::TrusteesServerAlone value=mode this=TrusteeMode::ServerSingle />
            <Show when=move || mode.get() == TrusteeMode::ServerSingle>
                <div class="notice notice--warning" data-testid="server-single-warning">
                    <p><strong>{app.t(Setup::Warning)}</strong> " " {move || protocol::consultations::server_single_warning().get(app.lang.get()).to_owned()}</p>
                </div>
            </Show>
        </fieldset>
        <Show when=move || mode.get() == TrusteeMode::Officials>
            <fieldset class="form-section choice" class:field--error=move || officials_error().is_some()>
                <legend id=OFFICIALS_ID tabindex="-1">{app.t(Setup::OfficialsHoldingKey)}</legend>
                <p class="field__hint">
                    {app.t(Setup::OfficialsHint)}
                </p>
                {move || officials_error().map(|msg| view! { <p class="field__error">{move || msg.render(app.lang.get())}</p> })}
                {empty.then(|| view! { <p class="empty-state">{app.t(Setup::NoOfficials)}</p> })}
                {boxes}
            </fieldset>
            <FormField
                id="c-threshold"
                label=Setup::FieldThreshold
                value=state.threshold
                errors=errors
                inputmode="numeric"
                hint=Setup::HintThreshold
            />
        </Show>
    }
}
