//! The staff's consultation pages (`docs/consultations.md`):
//!
//! * `/staff/consultations`: every consultation of the town, drafts included, with its status;
//! * `/staff/consultations/new`: the set-up form of a new draft;
//! * `/staff/consultations/:id`: a draft's set-up form, its voter list upload, its deletion and
//!   freeze; once frozen, the lifecycle (key ceremony progress, open, close, count) with links
//!   to the public pages.
//!
//! Texts are French and English side by side ([`tr`]), kept here with the pages that use them.
//! Question and answer ids are stable for the life of the form (`cq<n>-…`, `cq<n>-a<m>-…`,
//! numbered in order of creation), so that moving a row keeps focus on the button that moved it.

use std::cell::Cell;

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::consultations::{
    CeremonyState, CeremonyStep, ConsultationDetail, ConsultationInput, ConsultationStatus,
    ConsultationSummary, ElectionGroup, Eligibility, OfficialInfo, QuestionInput, QuestionKind,
    TrusteeChoice, TrusteeMode, VoterListRejected, VoterListSummary, limits,
};
use protocol::requests::Localized;
use wasm_bindgen::JsValue;

use crate::api::ApiError;
use crate::api::staff_consultations::{self as api, VoterUpload};
use crate::components::{ErrorSummary, FormError, Msg, PageHeadingText, focus_by_id};
use crate::i18n::Key;
use crate::pages::consultations::ConsultationBadge;
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::requests::{char_count, format_date_time, intern, is_staff};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

/// A text in the interface language.
fn tr(lang: Language, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// A reactive text (follows the language switch).
fn tx(fr: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + 'static {
    let app = use_app();
    move || tr(app.lang.get(), fr, en)
}

/// A text built at run time, in both languages.
fn both(f: impl Fn(Language) -> String) -> Msg {
    Msg::Text {
        fr: f(Language::Fr),
        en: f(Language::En),
    }
}

thread_local! {
    /// Set when a draft was just created, for the notice on its page.
    static JUST_CREATED: Cell<bool> = const { Cell::new(false) };
}

// ---------------------------------------------------------------------------------------------
// Dates: `<input type="datetime-local">` values in the browser's time zone ↔ Unix seconds.

/// `YYYY-MM-DDTHH:MM` in local time.
fn to_local_input(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The fields of `YYYY-MM-DDTHH:MM` (seconds, if any, are ignored).
fn parse_local(value: &str) -> Option<(u32, u32, u32, u32, u32)> {
    let (date, time) = value.trim().split_once('T')?;
    let mut d = date.split('-');
    let y = d.next()?.parse().ok()?;
    let m = d.next()?.parse().ok()?;
    let day = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let h = t.next()?.parse().ok()?;
    let min = t.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&day) && h < 24 && min < 60)
        .then_some((y, m, day, h, min))
}

/// Unix seconds of a local `datetime-local` value.
fn from_local_input(value: &str) -> Option<i64> {
    let (y, m, d, h, min) = parse_local(value)?;
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        y,
        m as i32 - 1,
        d as i32,
        h as i32,
        min as i32,
    );
    let ms = date.get_time();
    (!ms.is_nan()).then(|| (ms / 1000.0).floor() as i64)
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

// ---------------------------------------------------------------------------------------------
// The list.

/// `/staff/consultations`
#[component]
pub fn StaffConsultationsPage() -> impl IntoView {
    let app = use_app();
    let heading = Signal::derive(move || {
        tr(
            app.lang.get(),
            "Consultations (gestion)",
            "Consultations (management)",
        )
        .to_owned()
    });
    view! {
        <div class="page page--wide staff-consultations">
            <PageHeadingText text=heading />
            <p class="lead">
                {tx(
                    "Préparez les consultations de la commune, suivez la création de la clé par les élus, ouvrez et fermez le scrutin, puis publiez le résultat.",
                    "Prepare the town's consultations, follow the officials' key ceremony, open and close voting, then publish the result.",
                )}
            </p>
            <RoleGate allow=is_staff>
                <ConsultationList />
            </RoleGate>
        </div>
    }
}

#[component]
fn ConsultationList() -> impl IntoView {
    let app = use_app();
    let data = RwSignal::new(None::<Result<Vec<ConsultationSummary>, ApiError>>);
    let load = move || {
        spawn_local(async move {
            data.set(Some(crate::api::consultations::list().await));
        });
    };
    load();
    let body = move || {
        let lang = app.lang.get();
        match data.get() {
            None => view! { <p>{app.t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <div class="notice notice--error" role="alert">
                    <p>{e.user_message(lang)}</p>
                    <p>
                        <button type="button" class="button button--secondary" on:click=move |_| load()>
                            {app.t(Key::Retry)}
                        </button>
                    </p>
                </div>
            }
            .into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="empty-state" data-testid="staff-consultations-empty">
                    {tr(lang, "Aucune consultation pour l’instant.", "No consultation yet.")}
                </p>
            }
            .into_any(),
            Some(Ok(list)) => {
                let rows = list
                    .into_iter()
                    .map(|c| {
                        let href = format!("/staff/consultations/{}", c.id);
                        let title = c.title.get(lang).to_owned();
                        view! {
                            <tr data-testid="staff-consultation-row" data-id=c.id.clone()>
                                <th scope="row"><a href=href>{title}</a></th>
                                <td data-label=tr(lang, "État", "Status")><ConsultationBadge status=c.status /></td>
                                <td data-label=tr(lang, "Ouverture", "Opens")>{format_date_time(c.opens_at, lang)}</td>
                                <td data-label=tr(lang, "Clôture", "Closes")>{format_date_time(c.closes_at, lang)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="staff-consultations-caption" tabindex="0">
                        <table class="table table--list table--stack" data-testid="staff-consultations-table">
                            <caption id="staff-consultations-caption">
                                {tr(lang, "Consultations de la commune, brouillons compris", "The town's consultations, drafts included")}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(lang, "Titre", "Title")}</th>
                                    <th scope="col">{tr(lang, "État", "Status")}</th>
                                    <th scope="col">{tr(lang, "Ouverture", "Opens")}</th>
                                    <th scope="col">{tr(lang, "Clôture", "Closes")}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="page-actions">
            <A href="/staff/consultations/new" attr:class="button button--primary" {..} data-testid="new-consultation">
                <span aria-hidden="true">"+\u{a0}"</span>
                {tx("Nouvelle consultation", "New consultation")}
            </A>
        </div>
        {body}
    }
}

// ---------------------------------------------------------------------------------------------
// The set-up form.

/// An answer, as edited.
#[derive(Debug, Clone, Copy)]
struct AnswerDraft {
    id: u32,
    fr: RwSignal<String>,
    en: RwSignal<String>,
}

/// A question, as edited.
#[derive(Debug, Clone, Copy)]
struct QuestionDraft {
    id: u32,
    text_fr: RwSignal<String>,
    text_en: RwSignal<String>,
    kind: RwSignal<QuestionKind>,
    min: RwSignal<String>,
    max: RwSignal<String>,
    blank: RwSignal<bool>,
    answers: RwSignal<Vec<AnswerDraft>>,
}

/// Hands out the numbers of questions and answers.
#[derive(Debug, Clone, Copy)]
struct Counter(StoredValue<u32>);

impl Counter {
    fn new() -> Self {
        Self(StoredValue::new(0))
    }

    fn next(self) -> u32 {
        let n = self.0.get_value();
        self.0.set_value(n + 1);
        n
    }
}

fn new_answer(counter: Counter, from: Option<&Localized>) -> AnswerDraft {
    AnswerDraft {
        id: counter.next(),
        fr: RwSignal::new(from.map(|a| a.fr.clone()).unwrap_or_default()),
        en: RwSignal::new(from.map(|a| a.en.clone()).unwrap_or_default()),
    }
}

fn new_question(
    counter: Counter,
    from: Option<&protocol::consultations::Question>,
) -> QuestionDraft {
    let answers = match from {
        Some(q) => q
            .answers
            .iter()
            .map(|a| new_answer(counter, Some(a)))
            .collect(),
        None => vec![new_answer(counter, None), new_answer(counter, None)],
    };
    let multiple = from.is_some_and(|q| q.kind == QuestionKind::Multiple);
    QuestionDraft {
        id: counter.next(),
        text_fr: RwSignal::new(from.map(|q| q.text.fr.clone()).unwrap_or_default()),
        text_en: RwSignal::new(from.map(|q| q.text.en.clone()).unwrap_or_default()),
        kind: RwSignal::new(from.map_or(QuestionKind::Single, |q| q.kind)),
        min: RwSignal::new(if multiple {
            from.map(|q| q.min.to_string()).unwrap_or_default()
        } else {
            "1".into()
        }),
        max: RwSignal::new(if multiple {
            from.map(|q| q.max.to_string()).unwrap_or_default()
        } else {
            String::new()
        }),
        blank: RwSignal::new(from.is_some_and(|q| q.blank_allowed)),
        answers: RwSignal::new(answers),
    }
}

/// An element id of a question: `cq3-text-fr`.
fn qid(question: u32, part: &str) -> &'static str {
    intern(format!("cq{question}-{part}"))
}

/// An element id of an answer: `cq3-a7-fr`.
fn aid(question: u32, answer: u32, part: &str) -> &'static str {
    intern(format!("cq{question}-a{answer}-{part}"))
}

/// Who may vote, as chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EligKind {
    All,
    Districts,
    List,
}

const QUESTIONS_ID: &str = "questions-title";
const ELIGIBILITY_ID: &str = "elig-all";
const BREAKDOWN_ID: &str = "c-breakdown";
const OFFICIALS_ID: &str = "officials-legend";
const TRUSTEES_ID: &str = "trustee-officials";

/// Drops the errors of fields that are gone.
fn forget_errors(errors: RwSignal<Vec<FormError>>, gone: impl Fn(&str) -> bool) {
    let matches = |e: &FormError| e.field.is_some_and(&gone);
    if errors.with_untracked(|errs| errs.iter().any(matches)) {
        errors.update(|errs| errs.retain(|e| !matches(e)));
    }
}

fn err(field: &'static str, fr: &str, en: &str) -> FormError {
    FormError {
        field: Some(field),
        msg: Msg::Text {
            fr: fr.to_owned(),
            en: en.to_owned(),
        },
    }
}

/// The server's rules (`backend/src/consultations/validate.rs`), checked before sending so
/// that each error points at its control.
fn validate(
    input: &ConsultationInput,
    drafts: &[(u32, Vec<u32>)],
    opens_ok: bool,
    closes_ok: bool,
) -> Vec<FormError> {
    let mut errs = Vec::new();
    for (value, id, fr, en) in [
        (
            &input.title.fr,
            "c-title-fr",
            "Titre en français",
            "French title",
        ),
        (
            &input.title.en,
            "c-title-en",
            "Titre en anglais",
            "English title",
        ),
    ] {
        if value.is_empty() {
            errs.push(err(
                id,
                &format!("{fr} : à remplir."),
                &format!("{en}: required."),
            ));
        } else if char_count(value) > limits::TITLE_MAX_CHARS {
            errs.push(err(
                id,
                &format!("{fr} : {} caractères au plus.", limits::TITLE_MAX_CHARS),
                &format!("{en}: at most {} characters.", limits::TITLE_MAX_CHARS),
            ));
        }
    }
    for (value, id) in [
        (&input.description.fr, "c-description-fr"),
        (&input.description.en, "c-description-en"),
    ] {
        if char_count(value) > limits::DESCRIPTION_MAX_CHARS {
            errs.push(err(id, "Description trop longue.", "Description too long."));
        }
    }
    if !opens_ok {
        errs.push(err(
            "c-opens",
            "Date et heure d’ouverture : à remplir.",
            "Opening date and time: required.",
        ));
    }
    if !closes_ok {
        errs.push(err(
            "c-closes",
            "Date et heure de clôture : à remplir.",
            "Closing date and time: required.",
        ));
    } else if opens_ok && input.closes_at <= input.opens_at {
        errs.push(err(
            "c-closes",
            "La clôture doit suivre l’ouverture.",
            "Voting must close after it opens.",
        ));
    } else if opens_ok && input.closes_at - input.opens_at > limits::MAX_DURATION_SECONDS {
        errs.push(err(
            "c-closes",
            "Une consultation reste ouverte un an au plus.",
            "A consultation stays open for a year at most.",
        ));
    }
    if input.questions.is_empty() {
        errs.push(err(
            QUESTIONS_ID,
            "Ajoutez au moins une question.",
            "Add at least one question.",
        ));
    }
    for (n, (q, (qn, answer_ids))) in input.questions.iter().zip(drafts).enumerate() {
        let p = n + 1;
        for (value, part, fr, en) in [
            (&q.text.fr, "text-fr", "texte en français", "French text"),
            (&q.text.en, "text-en", "texte en anglais", "English text"),
        ] {
            if value.is_empty() {
                errs.push(err(
                    qid(*qn, part),
                    &format!("Question {p} : {fr} à remplir."),
                    &format!("Question {p}: {en} required."),
                ));
            } else if char_count(value) > limits::QUESTION_MAX_CHARS {
                errs.push(err(
                    qid(*qn, part),
                    &format!("Question {p} : {fr} trop long."),
                    &format!("Question {p}: {en} too long."),
                ));
            }
        }
        let count = q.answers.len();
        if count < 2 {
            errs.push(err(
                qid(*qn, "add-answer"),
                &format!("Question {p} : deux réponses au moins."),
                &format!("Question {p}: at least two answers."),
            ));
        }
        if q.kind == QuestionKind::Multiple {
            let min = q.min.unwrap_or(1);
            let max = q.max.unwrap_or(count as u32);
            if q.min == Some(0) && q.blank_allowed {
                errs.push(err(
                    qid(*qn, "min"),
                    &format!("Question {p} : avec le vote blanc, le minimum est d’au moins 1."),
                    &format!("Question {p}: with blank votes, the minimum is at least 1."),
                ));
            }
            if max == 0 || min > max || max as usize > count {
                errs.push(err(
                    qid(*qn, "max"),
                    &format!("Question {p} : il faut 1 ≤ minimum ≤ maximum ≤ nombre de réponses ({count})."),
                    &format!("Question {p}: it needs 1 ≤ minimum ≤ maximum ≤ number of answers ({count})."),
                ));
            }
        }
        for (m, (a, an)) in q.answers.iter().zip(answer_ids).enumerate() {
            let r = m + 1;
            for (value, part, fr, en) in [
                (&a.fr, "fr", "en français", "in French"),
                (&a.en, "en", "en anglais", "in English"),
            ] {
                if value.is_empty() {
                    errs.push(err(
                        aid(*qn, *an, part),
                        &format!("Question {p}, réponse {r} : texte {fr} à remplir."),
                        &format!("Question {p}, answer {r}: text {en} required."),
                    ));
                } else if char_count(value) > limits::ANSWER_MAX_CHARS {
                    errs.push(err(
                        aid(*qn, *an, part),
                        &format!("Question {p}, réponse {r} : texte {fr} trop long."),
                        &format!("Question {p}, answer {r}: text {en} too long."),
                    ));
                }
            }
        }
    }
    if let Eligibility::Districts { districts } = &input.eligibility
        && (districts.is_empty() || districts.len() > limits::MAX_DISTRICTS)
    {
        errs.push(err(
            "c-districts",
            "Indiquez au moins un quartier.",
            "Give at least one district.",
        ));
    }
    if input
        .breakdown_min_voters
        .is_none_or(|k| !(1..=limits::MAX_BREAKDOWN_MIN_VOTERS).contains(&k))
    {
        errs.push(err(
            BREAKDOWN_ID,
            "Le nombre minimum de bulletins par quartier va de 1 à 100 000.",
            "The minimum number of ballots per district is between 1 and 100,000.",
        ));
    }
    if let TrusteeChoice::Officials {
        officials,
        threshold,
    } = &input.trustees
    {
        if officials.is_empty() || officials.len() > limits::MAX_TRUSTEES {
            errs.push(err(
                OFFICIALS_ID,
                "Choisissez de 1 à 10 élus détenteurs de la clé.",
                "Choose 1 to 10 officials to hold the key.",
            ));
        } else if threshold.is_none_or(|t| t < 1 || t as usize > officials.len()) {
            errs.push(err(
                "c-threshold",
                "Le seuil va de 1 au nombre d’élus choisis.",
                "The threshold is between 1 and the number of officials chosen.",
            ));
        }
    }
    errs
}

/// A refusal from the server, next to the control its `field` names, in both languages.
fn server_error(e: ApiError) -> FormError {
    let field = e.field().map(str::to_owned);
    let (target, fr, en): (Option<&'static str>, &str, &str) = match field.as_deref() {
        Some("title") => (Some("c-title-fr"), "Titre", "Title"),
        Some("description") => (Some("c-description-fr"), "Description", "Description"),
        Some("opens_at") => (Some("c-opens"), "Ouverture", "Opening"),
        Some("closes_at") => (Some("c-closes"), "Clôture", "Closing"),
        Some(f) if f.starts_with("questions") => (Some(QUESTIONS_ID), "Questions", "Questions"),
        Some(f) if f.starts_with("eligibility") => {
            (Some(ELIGIBILITY_ID), "Qui peut voter", "Who may vote")
        }
        Some("trustees.threshold") => (Some("c-threshold"), "Seuil", "Threshold"),
        Some("breakdown_min_voters") => (
            Some(BREAKDOWN_ID),
            "Bulletins par quartier",
            "Ballots per district",
        ),
        Some(f) if f.starts_with("trustees") => (Some(OFFICIALS_ID), "Élus", "Officials"),
        _ => (None, "", ""),
    };
    match (target, &e) {
        (Some(id), ApiError::Api { message, .. }) => FormError {
            field: Some(id),
            msg: both(|lang| match lang {
                Language::Fr => format!("{fr} : le serveur refuse ({message})."),
                Language::En => format!("{en}: the server refuses it ({message})."),
            }),
        },
        _ => FormError::api(None, e),
    }
}

/// The form's state for one consultation.
#[derive(Clone, Copy)]
struct SetupState {
    counter: Counter,
    title_fr: RwSignal<String>,
    title_en: RwSignal<String>,
    description_fr: RwSignal<String>,
    description_en: RwSignal<String>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    questions: RwSignal<Vec<QuestionDraft>>,
    elig: RwSignal<EligKind>,
    districts: RwSignal<String>,
    trustee_mode: RwSignal<TrusteeMode>,
    chosen: RwSignal<Vec<String>>,
    threshold: RwSignal<String>,
    /// Smallest number of counted ballots for a district's results to be published.
    breakdown_k: RwSignal<String>,
}

impl SetupState {
    fn new(initial: Option<&ConsultationDetail>) -> Self {
        let counter = Counter::new();
        let now = now_secs();
        let hour = now - now.rem_euclid(3600) + 3600;
        let text = |f: fn(&ConsultationDetail) -> &str| {
            RwSignal::new(initial.map(f).unwrap_or("").to_owned())
        };
        let questions = match initial {
            Some(d) => d
                .questions
                .iter()
                .map(|q| new_question(counter, Some(q)))
                .collect(),
            None => vec![new_question(counter, None)],
        };
        let (elig, districts) = match initial.map(|d| &d.eligibility) {
            Some(Eligibility::AllVerified) | None => (EligKind::All, String::new()),
            Some(Eligibility::Districts { districts }) => {
                (EligKind::Districts, districts.join("\n"))
            }
            Some(Eligibility::List) => (EligKind::List, String::new()),
        };
        let mode = initial.map_or(TrusteeMode::Officials, |d| d.trustees.mode);
        let chosen = initial
            .map(|d| {
                d.trustees
                    .trustees
                    .iter()
                    .filter_map(|t| t.user_id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let threshold = initial
            .and_then(|d| d.trustees.threshold)
            .unwrap_or(limits::DEFAULT_THRESHOLD);
        Self {
            counter,
            title_fr: text(|d| &d.title.fr),
            title_en: text(|d| &d.title.en),
            description_fr: text(|d| &d.description.fr),
            description_en: text(|d| &d.description.en),
            opens: RwSignal::new(to_local_input(initial.map_or(hour, |d| d.opens_at))),
            closes: RwSignal::new(to_local_input(
                initial.map_or(hour + 14 * 86_400, |d| d.closes_at),
            )),
            questions: RwSignal::new(questions),
            elig: RwSignal::new(elig),
            districts: RwSignal::new(districts),
            trustee_mode: RwSignal::new(mode),
            chosen: RwSignal::new(chosen),
            threshold: RwSignal::new(threshold.to_string()),
            breakdown_k: RwSignal::new(
                initial
                    .map_or(limits::DEFAULT_BREAKDOWN_MIN_VOTERS, |d| {
                        d.breakdown_min_voters
                    })
                    .to_string(),
            ),
        }
    }

    /// The set-up as sent, with the ids of its rows for [`validate`], and whether both times
    /// could be read.
    fn input(&self, group: ElectionGroup) -> (ConsultationInput, Vec<(u32, Vec<u32>)>, bool, bool) {
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let opens = from_local_input(&self.opens.get_untracked());
        let closes = from_local_input(&self.closes.get_untracked());
        let drafts = self.questions.get_untracked();
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let questions = drafts
            .iter()
            .map(|q| {
                let kind = q.kind.get_untracked();
                let multiple = kind == QuestionKind::Multiple;
                QuestionInput {
                    text: Localized {
                        fr: get(q.text_fr),
                        en: get(q.text_en),
                    },
                    kind,
                    min: if multiple { number(q.min) } else { None },
                    max: if multiple { number(q.max) } else { None },
                    blank_allowed: q.blank.get_untracked(),
                    answers: q
                        .answers
                        .get_untracked()
                        .iter()
                        .map(|a| Localized {
                            fr: get(a.fr),
                            en: get(a.en),
                        })
                        .collect(),
                }
            })
            .collect();
        let ids = drafts
            .iter()
            .map(|q| {
                (
                    q.id,
                    q.answers.get_untracked().iter().map(|a| a.id).collect(),
                )
            })
            .collect();
        let eligibility = match self.elig.get_untracked() {
            EligKind::All => Eligibility::AllVerified,
            EligKind::List => Eligibility::List,
            EligKind::Districts => {
                let mut districts: Vec<String> = Vec::new();
                for d in self.districts.get_untracked().split([',', '\n']) {
                    let d = d.trim();
                    if !d.is_empty() && !districts.iter().any(|x| x == d) {
                        districts.push(d.to_owned());
                    }
                }
                Eligibility::Districts { districts }
            }
        };
        let trustees = match self.trustee_mode.get_untracked() {
            TrusteeMode::ServerSingle => TrusteeChoice::ServerSingle,
            TrusteeMode::Officials => TrusteeChoice::Officials {
                officials: self.chosen.get_untracked(),
                threshold: number(self.threshold),
            },
        };
        let input = ConsultationInput {
            title: Localized {
                fr: get(self.title_fr),
                en: get(self.title_en),
            },
            description: Localized {
                fr: get(self.description_fr),
                en: get(self.description_en),
            },
            opens_at: opens.unwrap_or(0),
            closes_at: closes.unwrap_or(0),
            questions,
            eligibility,
            trustees,
            group,
            breakdown_min_voters: number(self.breakdown_k),
        };
        (input, ids, opens.is_some(), closes.is_some())
    }
}

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
            <RoleGate allow=is_staff>
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
fn SetupForm(
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
fn LabelledField(
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
fn Check(
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

/// Moves a row of `rows` by `delta`; returns its new place and the number of rows.
fn shift_row<T>(
    rows: RwSignal<Vec<T>>,
    is_it: impl Fn(&T) -> bool,
    delta: isize,
) -> Option<(usize, usize)>
where
    T: Send + Sync + 'static,
{
    let mut moved = None;
    rows.update(|v| {
        if let Some(i) = v.iter().position(&is_it)
            && let Some(j) = i.checked_add_signed(delta).filter(|j| *j < v.len())
        {
            v.swap(i, j);
            moved = Some((j, v.len()));
        }
    });
    moved
}

/// One question: texts, kind, bounds, blank vote, answers, and its move / remove buttons.
#[component]
fn QuestionEditor(
    question: QuestionDraft,
    state: SetupState,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let q = question;
    let id = q.id;
    let questions = state.questions;
    let position = Signal::derive(move || {
        questions
            .with(|v| v.iter().position(|x| x.id == id))
            .unwrap_or(0)
    });
    let total = move || questions.with(Vec::len);
    let legend_id = qid(id, "legend");
    let kind_id = qid(id, "kind");
    let up_id = qid(id, "up");
    let down_id = qid(id, "down");
    let shift = move |delta: isize, button: &'static str, other: &'static str| {
        if let Some((j, len)) = shift_row(questions, |x| x.id == id, delta) {
            announce.set(Some(both(|lang| match lang {
                Language::Fr => format!("Question déplacée en position {} sur {len}.", j + 1),
                Language::En => format!("Question moved to position {} of {len}.", j + 1),
            })));
            let at_end = (delta < 0 && j == 0) || (delta > 0 && j + 1 == len);
            let target = if at_end { other } else { button };
            request_animation_frame(move || focus_by_id(target));
        }
    };
    let remove = move |_| {
        let mut next = None;
        questions.update(|v| {
            if let Some(i) = v.iter().position(|x| x.id == id) {
                v.remove(i);
                next = v.get(i).or_else(|| v.last()).map(|x| x.id);
            }
        });
        let prefix = format!("cq{id}-");
        forget_errors(errors, |f| f.starts_with(&prefix));
        announce.set(Some(both(|lang| {
            tr(lang, "Question retirée.", "Question removed.").to_owned()
        })));
        request_animation_frame(move || match next {
            Some(n) => focus_by_id(qid(n, "text-fr")),
            None => focus_by_id("add-question"),
        });
    };
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
        announce.set(Some(both(|lang| {
            let n = q.answers.with_untracked(Vec::len);
            match lang {
                Language::Fr => format!("Réponse {n} ajoutée."),
                Language::En => format!("Answer {n} added."),
            }
        })));
        request_animation_frame(move || focus_by_id(aid(id, a.id, "fr")));
    };
    let add_id = qid(id, "add-answer");
    let n = move || position.get() + 1;
    let is_first = move || position.get() == 0;
    let is_last = move || position.get() + 1 >= total();
    let label = move |fr: &'static str, en: &'static str| {
        move || match app.lang.get() {
            Language::Fr => format!("{fr} la question {}", n()),
            Language::En => format!("{en} question {}", n()),
        }
    };
    view! {
        <fieldset class="attribute" aria-labelledby=legend_id data-testid="question">
            <legend class="attribute__legend" id=legend_id>{move || format!("Question {}", n())}</legend>
            <div class="field-pair">
                <LabelledField id=qid(id, "text-fr") fr="Texte (français)" en="Text (French)" value=q.text_fr errors=errors />
                <LabelledField id=qid(id, "text-en") fr="Texte (anglais)" en="Text (English)" value=q.text_en errors=errors />
            </div>
            <div class="field-pair">
                <div class="field">
                    <label for=kind_id class="field__label">{tx("Type de question", "Kind of question")}</label>
                    <select class="field__select" id=kind_id name=kind_id prop:value=move || q.kind.get().as_str() on:change=on_kind>
                        <option value="single" selected=move || q.kind.get() == QuestionKind::Single>
                            {tx("Un seul choix", "One choice")}
                        </option>
                        <option value="multiple" selected=move || q.kind.get() == QuestionKind::Multiple>
                            {tx("Plusieurs choix", "Several choices")}
                        </option>
                    </select>
                </div>
                <Check id=qid(id, "blank") fr="Vote blanc permis" en="Blank vote allowed" value=q.blank />
            </div>
            <Show when=move || q.kind.get() == QuestionKind::Multiple>
                <div class="field-pair">
                    <LabelledField id=qid(id, "min") fr="Nombre minimal de choix" en="Fewest choices" value=q.min errors=errors inputmode="numeric" />
                    <LabelledField id=qid(id, "max") fr="Nombre maximal de choix" en="Most choices" value=q.max errors=errors inputmode="numeric" />
                </div>
            </Show>
            <fieldset class="choices" class:field--error=move || error_for(errors, add_id).is_some()>
                <legend class="field__label">{tx("Réponses", "Answers")}</legend>
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
                    aria-label=label("Ajouter une réponse à", "Add an answer to")
                    data-testid="add-answer"
                    on:click=add_answer
                >
                    <span aria-hidden="true">"+\u{a0}"</span>
                    {tx("Ajouter une réponse", "Add an answer")}
                </button>
            </fieldset>
            <div class="button-row attribute__actions">
                <button
                    type="button"
                    id=up_id
                    class="button button--secondary button--small"
                    aria-label=label("Monter", "Move up")
                    aria-disabled=move || is_first().then_some("true")
                    data-testid="question-up"
                    on:click=move |_| shift(-1, up_id, down_id)
                >
                    <span aria-hidden="true">"↑\u{a0}"</span>
                    {tx("Monter", "Move up")}
                </button>
                <button
                    type="button"
                    id=down_id
                    class="button button--secondary button--small"
                    aria-label=label("Descendre", "Move down")
                    aria-disabled=move || is_last().then_some("true")
                    data-testid="question-down"
                    on:click=move |_| shift(1, down_id, up_id)
                >
                    <span aria-hidden="true">"↓\u{a0}"</span>
                    {tx("Descendre", "Move down")}
                </button>
                <button
                    type="button"
                    id=qid(id, "remove")
                    class="button button--link button--danger-link"
                    aria-label=label("Retirer", "Remove")
                    data-testid="question-remove"
                    on:click=remove
                >
                    {tx("Retirer la question", "Remove question")}
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn AnswerEditor(
    question: QuestionDraft,
    answer: AnswerDraft,
    position: Signal<usize>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let (q, a) = (question.id, answer.id);
    let answers = question.answers;
    let index = Signal::derive(move || {
        answers
            .with(|v| v.iter().position(|x| x.id == a))
            .unwrap_or(0)
    });
    let legend_id = aid(q, a, "legend");
    let up_id = aid(q, a, "up");
    let down_id = aid(q, a, "down");
    let shift = move |delta: isize, button: &'static str, other: &'static str| {
        if let Some((j, len)) = shift_row(answers, |x| x.id == a, delta) {
            announce.set(Some(both(|lang| match lang {
                Language::Fr => format!("Réponse déplacée en position {} sur {len}.", j + 1),
                Language::En => format!("Answer moved to position {} of {len}.", j + 1),
            })));
            let at_end = (delta < 0 && j == 0) || (delta > 0 && j + 1 == len);
            let target = if at_end { other } else { button };
            request_animation_frame(move || focus_by_id(target));
        }
    };
    let remove = move |_| {
        let mut next = None;
        answers.update(|v| {
            if let Some(i) = v.iter().position(|x| x.id == a) {
                v.remove(i);
                next = v.get(i).or_else(|| v.last()).map(|x| x.id);
            }
        });
        let prefix = format!("cq{q}-a{a}-");
        forget_errors(errors, |f| f.starts_with(&prefix));
        announce.set(Some(both(|lang| {
            tr(lang, "Réponse retirée.", "Answer removed.").to_owned()
        })));
        request_animation_frame(move || match next {
            Some(n) => focus_by_id(aid(q, n, "fr")),
            None => focus_by_id(qid(q, "add-answer")),
        });
    };
    let label = move |fr: &'static str, en: &'static str| {
        move || {
            let (r, p) = (index.get() + 1, position.get() + 1);
            match app.lang.get() {
                Language::Fr => format!("{fr} la réponse {r} de la question {p}"),
                Language::En => format!("{en} answer {r} of question {p}"),
            }
        }
    };
    let total = move || answers.with(Vec::len);
    view! {
        <li class="choice-row" data-testid="answer">
            <fieldset class="choice-row__set" aria-labelledby=legend_id>
                <legend class="choice-row__legend" id=legend_id>
                    {move || match app.lang.get() {
                        Language::Fr => format!("Réponse {}", index.get() + 1),
                        Language::En => format!("Answer {}", index.get() + 1),
                    }}
                </legend>
                <div class="choice-row__fields">
                    <LabelledField id=aid(q, a, "fr") fr="Texte (français)" en="Text (French)" value=answer.fr errors=errors />
                    <LabelledField id=aid(q, a, "en") fr="Texte (anglais)" en="Text (English)" value=answer.en errors=errors />
                    <div class="choice-row__remove button-row">
                        <button
                            type="button"
                            id=up_id
                            class="button button--secondary button--small"
                            aria-label=label("Monter", "Move up")
                            aria-disabled=move || (index.get() == 0).then_some("true")
                            on:click=move |_| shift(-1, up_id, down_id)
                        >
                            <span aria-hidden="true">"↑"</span>
                        </button>
                        <button
                            type="button"
                            id=down_id
                            class="button button--secondary button--small"
                            aria-label=label("Descendre", "Move down")
                            aria-disabled=move || (index.get() + 1 >= total()).then_some("true")
                            on:click=move |_| shift(1, down_id, up_id)
                        >
                            <span aria-hidden="true">"↓"</span>
                        </button>
                        <button
                            type="button"
                            id=aid(q, a, "remove")
                            class="button button--link button--danger-link"
                            aria-label=label("Retirer", "Remove")
                            data-testid="answer-remove"
                            on:click=remove
                        >
                            {tx("Retirer", "Remove")}
                        </button>
                    </div>
                </div>
            </fieldset>
        </li>
    }
}

/// A radio button with its label.
#[component]
fn Radio<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    name: &'static str,
    fr: &'static str,
    en: &'static str,
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
            <label for=id>{tx(fr, en)}</label>
        </div>
    }
}

#[component]
fn EligibilityFields(state: SetupState, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
    let app = use_app();
    let elig = state.elig;
    view! {
        <fieldset class="form-section choice" class:field--error=move || error_for(errors, ELIGIBILITY_ID).is_some()>
            <legend>{tx("Qui peut voter", "Who may vote")}</legend>
            {move || error_for(errors, ELIGIBILITY_ID).map(|msg| view! { <p class="field__error">{move || msg.render(app.lang.get())}</p> })}
            <Radio id="elig-all" name="eligibility" fr="Tous les habitants vérifiés" en="Every verified resident" value=elig this=EligKind::All />
            <Radio id="elig-districts" name="eligibility" fr="Les habitants vérifiés de certains quartiers" en="Verified residents of some districts" value=elig this=EligKind::Districts />
            <Radio id="elig-list" name="eligibility" fr="Une liste d’électeurs importée (fichier CSV)" en="An uploaded voter list (CSV file)" value=elig this=EligKind::List />
            <Show when=move || elig.get() == EligKind::Districts>
                <div class="field" class:field--error=move || error_for(errors, "c-districts").is_some()>
                    <label for="c-districts" class="field__label">
                        {tx("Quartiers (séparés par des virgules ou un par ligne)", "Districts (comma-separated or one per line)")}
                        " " <span class="field__required">{app.t(Key::RequiredMark)}</span>
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
                    {tx(
                        "Enregistrez le brouillon, puis importez la liste plus bas sur cette page.",
                        "Save the draft, then upload the list further down this page.",
                    )}
                </p>
            </Show>
        </fieldset>
    }
}

#[component]
fn TrusteeFields(
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
            <legend>{tx("Qui détient la clé de déchiffrement", "Who holds the decryption key")}</legend>
            <Radio id=TRUSTEES_ID name="trustee-mode" fr="Des élus (recommandé)" en="Elected officials (recommended)" value=mode this=TrusteeMode::Officials />
            <Radio id="trustee-server" name="trustee-mode" fr="Le serveur seul (essais uniquement)" en="The server alone (trials only)" value=mode this=TrusteeMode::ServerSingle />
            <Show when=move || mode.get() == TrusteeMode::ServerSingle>
                <div class="notice notice--warning" data-testid="server-single-warning">
                    <p><strong>{tx("Attention :", "Warning:")}</strong> " " {move || protocol::consultations::server_single_warning().get(app.lang.get()).to_owned()}</p>
                </div>
            </Show>
        </fieldset>
        <Show when=move || mode.get() == TrusteeMode::Officials>
            <fieldset class="form-section choice" class:field--error=move || officials_error().is_some()>
                <legend id=OFFICIALS_ID tabindex="-1">{tx("Élus détenteurs de la clé", "Officials holding the key")}</legend>
                <p class="field__hint">
                    {tx(
                        "Chaque élu choisi crée sa part de la clé dans son navigateur ; il suffit du seuil d’élus pour déchiffrer le résultat.",
                        "Each official chosen creates their share of the key in their browser; the threshold number of them is enough to decrypt the result.",
                    )}
                </p>
                {move || officials_error().map(|msg| view! { <p class="field__error">{move || msg.render(app.lang.get())}</p> })}
                {empty.then(|| view! { <p class="empty-state">{tx("Aucun compte d’élu dans la commune.", "No official's account in the town.")}</p> })}
                {boxes}
            </fieldset>
            <LabelledField
                id="c-threshold"
                fr="Seuil : nombre d’élus nécessaires au déchiffrement"
                en="Threshold: officials needed to decrypt"
                value=state.threshold
                errors=errors
                inputmode="numeric"
                hint=("Par défaut 2 (sur 3 élus).", "Default 2 (of 3 officials).")
            />
        </Show>
    }
}

// ---------------------------------------------------------------------------------------------
// One consultation: the draft's form and actions, or its lifecycle once frozen.

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Loading,
    Failed,
    Draft,
    Frozen,
}

/// A move the staff may make, confirmed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Delete,
    Freeze,
    Open,
    Close,
    Tally,
}

impl Action {
    fn route(self) -> &'static str {
        match self {
            Self::Delete => "",
            Self::Freeze => "key-ceremony",
            Self::Open => "open",
            Self::Close => "close",
            Self::Tally => "tally",
        }
    }

    fn button_id(self) -> &'static str {
        match self {
            Self::Delete => "action-delete",
            Self::Freeze => "action-freeze",
            Self::Open => "action-open",
            Self::Close => "action-close",
            Self::Tally => "action-tally",
        }
    }

    fn label(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(lang, "Supprimer le brouillon", "Delete the draft"),
            Self::Freeze => tr(
                lang,
                "Figer et lancer la création de la clé",
                "Freeze and start the key ceremony",
            ),
            Self::Open => tr(lang, "Ouvrir le scrutin", "Open voting"),
            Self::Close => tr(lang, "Clore le scrutin", "Close voting"),
            Self::Tally => tr(lang, "Dépouiller", "Count"),
        }
    }

    fn question(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(lang, "Supprimer ce brouillon ?", "Delete this draft?"),
            Self::Freeze => tr(lang, "Figer la consultation ?", "Freeze the consultation?"),
            Self::Open => tr(lang, "Ouvrir le scrutin ?", "Open voting?"),
            Self::Close => tr(lang, "Clore le scrutin ?", "Close voting?"),
            Self::Tally => tr(lang, "Dépouiller le scrutin ?", "Count the votes?"),
        }
    }

    fn consequence(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(
                lang,
                "Le brouillon et sa liste d’électeurs seront effacés. Cette action est définitive.",
                "The draft and its voter list will be erased. This cannot be undone.",
            ),
            Self::Freeze => tr(
                lang,
                "Les questions, les dates, les électeurs et les détenteurs de la clé ne pourront plus être modifiés. La consultation devient publique et les élus peuvent créer la clé.",
                "The questions, times, voters and key holders can no longer be changed. The consultation becomes public and the officials can create the key.",
            ),
            Self::Open => tr(
                lang,
                "Chaque électeur reçoit par courriel son code de vote. Il n’y a pas de retour en arrière.",
                "Each voter is sent their voting code by email. There is no way back.",
            ),
            Self::Close => tr(
                lang,
                "Plus aucun bulletin ne sera accepté, même avant l’heure de clôture prévue.",
                "No more ballots will be accepted, even before the planned closing time.",
            ),
            Self::Tally => tr(
                lang,
                "Le serveur déchiffre le total et publie le résultat ; chaque électeur en est averti.",
                "The server decrypts the total and publishes the result; every voter is told.",
            ),
        }
    }

    fn done(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(lang, "Brouillon supprimé.", "Draft deleted."),
            Self::Freeze => tr(
                lang,
                "Consultation figée : la création de la clé a commencé.",
                "Consultation frozen: the key ceremony has started.",
            ),
            Self::Open => tr(lang, "Le scrutin est ouvert.", "Voting is open."),
            Self::Close => tr(lang, "Le scrutin est clos.", "Voting is closed."),
            Self::Tally => tr(lang, "Dépouillement fait.", "Votes counted."),
        }
    }
}

/// `/staff/consultations/:id`
#[component]
pub fn StaffConsultationPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let detail = RwSignal::new(None::<Result<ConsultationDetail, ApiError>>);
    let officials = RwSignal::new(None::<Vec<OfficialInfo>>);
    let notice = RwSignal::new(None::<Msg>);
    if JUST_CREATED.with(|c| c.replace(false)) {
        notice.set(Some(both(|lang| {
            tr(lang, "Brouillon créé.", "Draft created.").to_owned()
        })));
    }
    let reload = move || {
        let id = id.get_untracked();
        spawn_local(async move {
            detail.set(Some(crate::api::consultations::get(&id).await));
        });
    };
    Effect::new(move |_| {
        id.track();
        reload();
    });
    spawn_local(async move {
        officials.set(Some(api::officials().await.unwrap_or_default()));
    });
    let phase = Memo::new(move |_| {
        detail.with(|d| match d {
            None => Phase::Loading,
            Some(Err(_)) => Phase::Failed,
            Some(Ok(d)) if d.status == ConsultationStatus::Draft => {
                if officials.with(Option::is_some) {
                    Phase::Draft
                } else {
                    Phase::Loading
                }
            }
            Some(Ok(_)) => Phase::Frozen,
        })
    });
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        detail.with(|d| match d {
            Some(Ok(d)) => d.title.get(lang).to_owned(),
            _ => tr(lang, "Consultation", "Consultation").to_owned(),
        })
    });
    view! {
        <div class="page page--wide staff-consultation">
            <p class="breadcrumb"><a href="/staff/consultations">{tx("← Toutes les consultations", "← All consultations")}</a></p>
            <PageHeadingText text=heading />
            <RoleGate allow=is_staff>
                <div role="status" class="status-region" id="consultation-notice" tabindex="-1" data-testid="consultation-notice">
                    {move || notice.get().map(|m| view! { <p class="notice notice--success">{m.render(app.lang.get())}</p> })}
                </div>
                {move || match phase.get() {
                    Phase::Loading => view! { <p>{app.t(Key::Loading)}</p> }.into_any(),
                    Phase::Failed => {
                        let msg = detail.with_untracked(|d| match d {
                            Some(Err(e)) => e.user_message(app.lang.get_untracked()),
                            _ => String::new(),
                        });
                        view! { <p class="notice notice--error" role="alert">{msg}</p> }.into_any()
                    }
                    Phase::Draft => {
                        let d = detail.with_untracked(|d| d.clone().and_then(Result::ok));
                        let list = officials.get_untracked().unwrap_or_default();
                        match d {
                            Some(d) => view! { <DraftView detail=d officials=list state=detail notice=notice reload=Callback::new(move |_| reload()) /> }.into_any(),
                            None => ().into_any(),
                        }
                    }
                    Phase::Frozen => view! { <LifecycleView detail=detail notice=notice reload=Callback::new(move |_| reload()) /> }.into_any(),
                }}
            </RoleGate>
        </div>
    }
}

#[component]
fn StatusLine(detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>) -> impl IntoView {
    move || {
        detail.with(|d| {
            d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| {
                let status = d.status;
                view! {
                    <p class="consultation-status" data-testid="consultation-status" data-status=status.as_str()>
                        {tx("État : ", "Status: ")} <ConsultationBadge status=status />
                    </p>
                }
            })
        })
    }
}

#[component]
fn DraftView(
    detail: ConsultationDetail,
    officials: Vec<OfficialInfo>,
    state: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let id = detail.id.clone();
    let on_saved = Callback::new(move |d: ConsultationDetail| {
        notice.set(None);
        state.update_untracked(|s| *s = Some(Ok(d)));
        state.notify();
    });
    view! {
        <StatusLine detail=state />
        <SetupForm initial=Some(detail) officials=officials on_saved=on_saved />
        <VoterListSection id=id.clone() detail=state />
        <Actions id=id detail=state notice=notice reload=reload />
    }
}

/// The voter list upload (CSV), with the server's row-by-row report when it refuses the file.
#[component]
fn VoterListSection(
    id: String,
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
) -> impl IntoView {
    let app = use_app();
    let input = NodeRef::<html::Input>::new();
    let pending = RwSignal::new(false);
    let stored = RwSignal::new(None::<VoterListSummary>);
    let rejected = RwSignal::new(None::<VoterListRejected>);
    let error = RwSignal::new(None::<Msg>);
    let current = move || {
        detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.as_ref().ok())
                .and_then(|d| d.voter_list.clone())
        })
    };
    let upload = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            error.set(Some(both(|lang| {
                tr(
                    lang,
                    "Choisissez d’abord un fichier CSV.",
                    "Choose a CSV file first.",
                )
                .to_owned()
            })));
            request_animation_frame(|| focus_by_id("voter-file"));
            return;
        };
        error.set(None);
        rejected.set(None);
        stored.set(None);
        pending.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::upload_voters(&id, &file).await;
            pending.set(false);
            match result {
                Ok(VoterUpload::Stored(summary)) => {
                    stored.set(Some(summary.clone()));
                    detail.update(|d| {
                        if let Some(Ok(d)) = d {
                            d.voter_list = Some(summary);
                        }
                    });
                }
                Ok(VoterUpload::Rejected(r)) => {
                    rejected.set(Some(r));
                    request_animation_frame(|| focus_by_id("voters-rejected-title"));
                }
                Err(e) => error.set(Some(Msg::Api(e))),
            }
        });
    };
    // French takes the singular for 0 and 1 ("0 électeur"), English only for 1.
    let summary_text = move |s: &VoterListSummary, lang: Language| match (lang, s.voters) {
        (Language::Fr, 0 | 1) => format!("{} électeur, poids total {}.", s.voters, s.total_weight),
        (Language::Fr, n) => format!("{n} électeurs, poids total {}.", s.total_weight),
        (Language::En, 1) => format!("1 voter, total weight {}.", s.total_weight),
        (Language::En, n) => format!("{n} voters, total weight {}.", s.total_weight),
    };
    view! {
        <section class="section voter-list" aria-labelledby="voters-title">
            <h2 id="voters-title">{tx("Liste d’électeurs", "Voter list")}</h2>
            <p>
                {tx(
                    "Pour une consultation sur liste : un fichier CSV, une adresse électronique par ligne, suivie éventuellement d’un poids (« courriel;poids », 1 par défaut). Un nouveau fichier remplace la liste.",
                    "For a list consultation: a CSV file, one email address per line, optionally followed by a weight (\"email;weight\", 1 by default). A new file replaces the list.",
                )}
            </p>
            <p data-testid="voters-current">
                {move || {
                    let lang = app.lang.get();
                    match current() {
                        Some(s) => format!("{} {}", tr(lang, "Liste actuelle :", "Current list:"), summary_text(&s, lang)),
                        None => tr(lang, "Aucune liste importée.", "No list uploaded.").to_owned(),
                    }
                }}
            </p>
            <form class="form" novalidate on:submit=upload data-testid="voters-form">
                <div class="field" class:field--error=move || error.with(Option::is_some)>
                    <label for="voter-file" class="field__label">{tx("Fichier CSV des électeurs", "Voters' CSV file")}</label>
                    <div role="alert">
                        {move || error.get().map(|m| view! { <p class="field__error" id="voter-file-error">{m.render(app.lang.get())}</p> })}
                    </div>
                    <input
                        type="file"
                        id="voter-file"
                        name="voter-file"
                        accept=".csv,text/csv,text/plain"
                        class="field__file"
                        node_ref=input
                        aria-describedby=move || error.with(Option::is_some).then_some("voter-file-error")
                    />
                </div>
                <button type="submit" class="button button--secondary" data-testid="voters-upload" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { tx("Envoi…", "Uploading…")() } else { tx("Importer la liste", "Upload the list")() }}
                </button>
            </form>
            <div role="status" class="status-region">
                {move || stored.get().map(|s| view! {
                    <p class="notice notice--success" data-testid="voters-stored">
                        {move || format!("{} {}", tr(app.lang.get(), "Liste importée :", "List uploaded:"), summary_text(&s, app.lang.get()))}
                    </p>
                })}
            </div>
            {move || rejected.get().map(|r| {
                let rows = r.rejected.iter().map(|row| {
                    let line = if row.line == 0 { "—".to_owned() } else { row.line.to_string() };
                    view! {
                        <tr>
                            <td>{line}</td>
                            <td>{row.column.clone().unwrap_or_default()}</td>
                            <td>{row.message.clone()}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <div class="notice notice--error" data-testid="voters-rejected">
                        <h3 id="voters-rejected-title" tabindex="-1">{tx("Fichier refusé : rien n’a été enregistré", "File refused: nothing was stored")}</h3>
                        <p>{r.message.clone()}</p>
                        <div class="table-wrap">
                            <table class="table">
                                <caption>{tx("Lignes refusées", "Refused rows")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{tx("Ligne", "Line")}</th>
                                        <th scope="col">{tx("Colonne", "Column")}</th>
                                        <th scope="col">{tx("Problème", "Problem")}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// The lifecycle buttons of the current status, each confirmed first.
#[component]
fn Actions(
    id: String,
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let confirming = RwSignal::new(None::<Action>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Msg>);
    let ceremony_done = RwSignal::new(false);
    let info = move || {
        detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.as_ref().ok())
                .map(|d| (d.status, d.trustees.mode))
        })
    };
    // The ceremony's end (officials), to offer "open".
    let id_for_state = id.clone();
    Effect::new(move |_| {
        if let Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials)) = info() {
            let id = id_for_state.clone();
            spawn_local(async move {
                if let Ok(s) = crate::api::trustee::ceremony(&id).await {
                    ceremony_done.set(s.step == CeremonyStep::Done);
                }
            });
        }
    });
    let available = move || -> Vec<Action> {
        match info() {
            Some((ConsultationStatus::Draft, _)) => vec![Action::Freeze, Action::Delete],
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::ServerSingle)) => {
                vec![Action::Open]
            }
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials)) => {
                if ceremony_done.get() {
                    vec![Action::Open]
                } else {
                    vec![]
                }
            }
            Some((ConsultationStatus::Open, _)) => vec![Action::Close],
            Some((ConsultationStatus::Closed, TrusteeMode::ServerSingle)) => vec![Action::Tally],
            _ => vec![],
        }
    };
    let run = {
        let id = id.clone();
        move |action: Action| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            error.set(None);
            let id = id.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = match action {
                    Action::Delete => api::delete(&id).await,
                    other => api::transition(&id, other.route()).await,
                };
                pending.set(false);
                confirming.set(None);
                match result {
                    Ok(()) if action == Action::Delete => {
                        navigate("/staff/consultations", Default::default())
                    }
                    Ok(()) => {
                        notice.set(Some(both(|lang| action.done(lang).to_owned())));
                        reload.run(());
                        request_animation_frame(|| focus_by_id("consultation-notice"));
                    }
                    Err(e) => {
                        let field_msg = match (e.code(), e.field()) {
                            (Some(ErrorCode::Validation), Some(f)) => Some(f.to_owned()),
                            _ => None,
                        };
                        error.set(Some(match (field_msg, &e) {
                            (Some(f), ApiError::Api { message, .. }) => {
                                let m = message.clone();
                                both(move |lang| match lang {
                                    Language::Fr => {
                                        format!("Refusé par le serveur (champ « {f} ») : {m}")
                                    }
                                    Language::En => {
                                        format!("Refused by the server (field \"{f}\"): {m}")
                                    }
                                })
                            }
                            _ => Msg::Api(e),
                        }));
                        request_animation_frame(|| focus_by_id("action-error"));
                    }
                }
            });
        }
    };
    let buttons = move || {
        let lang = app.lang.get();
        available()
            .into_iter()
            .map(|a| {
                let class = if a == Action::Delete {
                    "button button--secondary button--danger"
                } else {
                    "button button--primary"
                };
                view! {
                    <button
                        type="button"
                        id=a.button_id()
                        class=class
                        data-testid=a.button_id()
                        aria-expanded=move || (confirming.get() == Some(a)).to_string()
                        on:click=move |_| {
                            error.set(None);
                            confirming.set(Some(a));
                            request_animation_frame(|| focus_by_id("confirm-title"));
                        }
                    >
                        {a.label(lang)}
                    </button>
                }
            })
            .collect_view()
    };
    let next_step = move || {
        let lang = app.lang.get();
        match info() {
            Some((ConsultationStatus::Draft, _)) => tr(
                lang,
                "Une fois la préparation terminée, figez la consultation pour lancer la création de la clé.",
                "Once the set-up is complete, freeze the consultation to start the key ceremony.",
            ),
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials))
                if !ceremony_done.get() =>
            {
                tr(
                    lang,
                    "En attente des élus : le scrutin pourra être ouvert quand la clé sera prête.",
                    "Waiting for the officials: voting can be opened once the key is ready.",
                )
            }
            Some((ConsultationStatus::KeyCeremony, _)) => tr(
                lang,
                "Ouvrir le scrutin envoie leur code de vote aux électeurs.",
                "Opening voting sends the voters their voting codes.",
            ),
            Some((ConsultationStatus::Open, _)) => tr(
                lang,
                "Le scrutin est ouvert. Il sera clos automatiquement à l’heure de clôture ; « Clore le scrutin » ne sert qu’à l’arrêter plus tôt.",
                "Voting is open. It closes automatically at the closing time; “Close voting” only ends it early.",
            ),
            Some((ConsultationStatus::Closed, TrusteeMode::ServerSingle)) => tr(
                lang,
                "Le scrutin est clos : il reste à dépouiller.",
                "Voting is closed: the votes remain to be counted.",
            ),
            Some((ConsultationStatus::Closed | ConsultationStatus::Tallying, _)) => tr(
                lang,
                "En attente des déchiffrements des élus : le résultat sera publié dès que le seuil sera atteint.",
                "Waiting for the officials' decryptions: the result is published as soon as the threshold is reached.",
            ),
            Some((ConsultationStatus::Published, _)) => tr(
                lang,
                "Terminé : le résultat est publié.",
                "Done: the result is published.",
            ),
            None => "",
        }
    };
    let run_confirm = run.clone();
    view! {
        <section class="section consultation-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{tx("Étapes de la consultation", "Consultation steps")}</h2>
            <p data-testid="next-step">{next_step}</p>
            <div class="button-row">{buttons}</div>
            <div id="action-error" tabindex="-1" role="alert" class="status-region">
                {move || error.get().map(|m| view! { <p class="notice notice--error" data-testid="action-error">{m.render(app.lang.get())}</p> })}
            </div>
            {move || confirming.get().map(|a| {
                let lang = app.lang.get();
                let run = run_confirm.clone();
                view! {
                    <div class="confirm-panel" id="confirm-panel" role="group" aria-labelledby="confirm-title" data-testid="confirm-panel">
                        <h3 id="confirm-title" tabindex="-1">{a.question(lang)}</h3>
                        <p>{a.consequence(lang)}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button button--primary"
                                data-testid="confirm-action"
                                aria-disabled=move || pending.get().then_some("true")
                                on:click=move |_| run(a)
                            >
                                {a.label(lang)}
                            </button>
                            <button
                                type="button"
                                class="button button--secondary"
                                data-testid="confirm-cancel"
                                on:click=move |_| {
                                    confirming.set(None);
                                    request_animation_frame(move || focus_by_id(a.button_id()));
                                }
                            >
                                {app.t(Key::Cancel)}
                            </button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// A frozen consultation: its state, the ceremony's progress, the moves and the public links.
#[component]
fn LifecycleView(
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let d = detail.with_untracked(|d| d.clone().and_then(Result::ok));
    let Some(d) = d else {
        return ().into_any();
    };
    let id = d.id.clone();
    let current = move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned());
    let facts = move || {
        let lang = app.lang.get();
        current().map(|d| {
            let frozen = d.frozen_at.map(|t| format_date_time(t, lang));
            let fingerprint = d.fingerprint.clone();
            let trustees = match d.trustees.mode {
                TrusteeMode::ServerSingle => tr(lang, "le serveur seul", "the server alone").to_owned(),
                TrusteeMode::Officials => {
                    let names: Vec<_> = d.trustees.trustees.iter().map(|t| t.display_name.clone()).collect();
                    match lang {
                        Language::Fr => format!("{} élus sur {} ({})", d.trustees.threshold.unwrap_or(0), names.len(), names.join(", ")),
                        Language::En => format!("{} of {} officials ({})", d.trustees.threshold.unwrap_or(0), names.len(), names.join(", ")),
                    }
                }
            };
            let warning = d.trustees.warning.as_ref().map(|w| w.get(lang).to_owned());
            let voters = d.voter_list.as_ref().map(|v| v.voters);
            view! {
                {frozen.map(|t| view! {
                    <div class="notice notice--info" data-testid="frozen-notice">
                        <p>{tr(lang, "Préparation figée le ", "Set-up frozen on ")} {t} "."
                        " " {tr(lang, "Elle ne peut plus être modifiée.", "It can no longer be changed.")}</p>
                    </div>
                })}
                {warning.map(|w| view! { <div class="notice notice--warning"><p><strong>{tr(lang, "Attention :", "Warning:")}</strong> " " {w}</p></div> })}
                <dl class="facts">
                    <dt>{tr(lang, "Période de vote", "Voting period")}</dt>
                    <dd>{format_date_time(d.opens_at, lang)} " – " {format_date_time(d.closes_at, lang)}</dd>
                    <dt>{tr(lang, "Questions", "Questions")}</dt>
                    <dd>{d.questions.len()}</dd>
                    <dt>{tr(lang, "Clé de déchiffrement", "Decryption key")}</dt>
                    <dd>{trustees}</dd>
                    {voters.map(|v| view! { <dt>{tr(lang, "Liste d’électeurs", "Voter list")}</dt><dd>{v}</dd> })}
                    <dt>{tr(lang, "Empreinte de l’élection", "Election fingerprint")}</dt>
                    <dd>
                        {match fingerprint {
                            Some(f) => view! { <code class="code fingerprint" data-testid="consultation-fingerprint">{f}</code> }.into_any(),
                            None => view! { <span data-testid="fingerprint-pending">{tr(lang, "connue à l’ouverture du scrutin", "known once voting opens")}</span> }.into_any(),
                        }}
                    </dd>
                </dl>
            }
        })
    };
    let links = {
        let id = id.clone();
        move || {
            let lang = app.lang.get();
            let status = current().map(|d| d.status)?;
            let public = format!("/consultations/{id}");
            let board = format!("/consultations/{id}/board");
            let results = format!("/consultations/{id}/results");
            let voting = status >= ConsultationStatus::Open;
            Some(view! {
                <ul class="link-list" data-testid="public-links">
                    <li><a href=public>{tr(lang, "Page publique", "Public page")}</a></li>
                    {voting.then(|| view! { <li><a href=board data-testid="link-board">{tr(lang, "Urne (bulletins reçus)", "Ballot box (board)")}</a></li> })}
                    {(status == ConsultationStatus::Published).then(|| view! { <li><a href=results data-testid="link-results">{tr(lang, "Résultats", "Results")}</a></li> })}
                </ul>
            })
        }
    };
    let is_officials = d.trustees.mode == TrusteeMode::Officials;
    view! {
        <StatusLine detail=detail />
        {facts}
        {is_officials.then(|| view! { <CeremonyProgress id=id.clone() detail=detail /> })}
        <Actions id=id.clone() detail=detail notice=notice reload=reload />
        <section class="section" aria-labelledby="links-title">
            <h2 id="links-title">{tx("Pages publiques", "Public pages")}</h2>
            {links}
        </section>
    }
    .into_any()
}

/// Who has done which step of the key ceremony (and, after the close, who has decrypted).
#[component]
fn CeremonyProgress(
    id: String,
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
) -> impl IntoView {
    let app = use_app();
    let state = RwSignal::new(None::<Result<CeremonyState, ApiError>>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move { state.set(Some(crate::api::trustee::ceremony(&id).await)) });
        }
    };
    let load_effect = load.clone();
    Effect::new(move |_| {
        detail.track();
        load_effect();
    });
    let body = move || {
        let lang = app.lang.get();
        match state.get() {
            None => view! { <p>{app.t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="notice notice--error">{e.user_message(lang)}</p> }.into_any()
            }
            Some(Ok(s)) => {
                let step = match s.step {
                    CeremonyStep::Certificates => tr(
                        lang,
                        "Étape 1 sur 3 : chaque élu crée sa clé.",
                        "Step 1 of 3: each official creates their key.",
                    ),
                    CeremonyStep::Polynomials => tr(
                        lang,
                        "Étape 2 sur 3 : chaque élu envoie ses parts.",
                        "Step 2 of 3: each official sends their shares.",
                    ),
                    CeremonyStep::Voutputs => tr(
                        lang,
                        "Étape 3 sur 3 : chaque élu vérifie ses parts.",
                        "Step 3 of 3: each official checks their shares.",
                    ),
                    CeremonyStep::Done if s.status == ConsultationStatus::KeyCeremony => tr(
                        lang,
                        "La clé de l’élection est prête : le scrutin peut être ouvert.",
                        "The election key is ready: voting can be opened.",
                    ),
                    CeremonyStep::Done => tr(
                        lang,
                        "La clé de l’élection est prête.",
                        "The election key is ready.",
                    ),
                };
                let decrypting = s.status >= ConsultationStatus::Closed;
                let rows = s.trustees.iter().map(|t| {
                    let posted = if s.step == CeremonyStep::Done {
                        tr(lang, "Terminé", "Done")
                    } else if t.posted {
                        tr(lang, "Fait", "Done")
                    } else {
                        tr(lang, "En attente", "Waiting")
                    };
                    let decrypted = if t.decrypted { tr(lang, "Envoyé", "Sent") } else { tr(lang, "Pas encore", "Not yet") };
                    view! {
                        <tr data-testid="ceremony-row">
                            <th scope="row">{t.display_name.clone()}</th>
                            <td data-label=tr(lang, "Étape en cours", "Current step")>{posted}</td>
                            {decrypting.then(|| view! { <td data-label=tr(lang, "Déchiffrement", "Decryption")>{decrypted}</td> })}
                        </tr>
                    }
                }).collect_view();
                let summary = match lang {
                    Language::Fr => format!(
                        "Déchiffrements reçus : {} (il en faut {}).",
                        s.decryptions, s.threshold
                    ),
                    Language::En => format!(
                        "Decryptions received: {} ({} needed).",
                        s.decryptions, s.threshold
                    ),
                };
                view! {
                    <p data-testid="ceremony-step" data-step=format!("{:?}", s.step).to_lowercase()>{step}</p>
                    <div class="table-wrap">
                        <table class="table table--stack" data-testid="ceremony-progress">
                            <caption>{tr(lang, "Avancement par élu", "Progress per official")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(lang, "Élu", "Official")}</th>
                                    <th scope="col">{tr(lang, "Étape en cours", "Current step")}</th>
                                    {decrypting.then(|| view! { <th scope="col">{tr(lang, "Déchiffrement", "Decryption")}</th> })}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {decrypting.then(|| view! { <p data-testid="decryptions">{summary}</p> })}
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="section ceremony" aria-labelledby="ceremony-title">
            <h2 id="ceremony-title">{tx("Clé des élus", "Officials' key")}</h2>
            {body}
            <button type="button" class="button button--secondary button--small" data-testid="ceremony-refresh" on:click=move |_| load()>
                {tx("Actualiser l’avancement", "Refresh progress")}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_parsed() {
        assert_eq!(parse_local("2026-03-14T09:30"), Some((2026, 3, 14, 9, 30)));
        assert_eq!(
            parse_local("2026-03-14T09:30:15"),
            Some((2026, 3, 14, 9, 30))
        );
        assert_eq!(parse_local("2026-13-14T09:30"), None);
        assert_eq!(parse_local(""), None);
    }
}
