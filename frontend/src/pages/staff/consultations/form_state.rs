//! The set-up form's state: question and answer drafts with stable ids, the checks run
//! before sending, and the mapping of the server's refusals to fields.

use leptos::prelude::*;
use protocol::api::Language;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ElectionGroup, Eligibility, QuestionInput, QuestionKind,
    TrusteeChoice, TrusteeMode, limits,
};
use protocol::requests::Localized;

use crate::api::ApiError;
use crate::components::{FormError, Msg};
use crate::pages::requests::{char_count, intern};

use super::*;

/// An answer, as edited.
#[derive(Debug, Clone, Copy)]
pub(super) struct AnswerDraft {
    pub(super) id: u32,
    pub(super) fr: RwSignal<String>,
    pub(super) en: RwSignal<String>,
}

/// A question, as edited.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuestionDraft {
    pub(super) id: u32,
    pub(super) text_fr: RwSignal<String>,
    pub(super) text_en: RwSignal<String>,
    pub(super) kind: RwSignal<QuestionKind>,
    pub(super) min: RwSignal<String>,
    pub(super) max: RwSignal<String>,
    pub(super) blank: RwSignal<bool>,
    pub(super) answers: RwSignal<Vec<AnswerDraft>>,
}

/// Hands out the numbers of questions and answers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counter(StoredValue<u32>);

impl Counter {
    pub(super) fn new() -> Self {
        Self(StoredValue::new(0))
    }

    pub(super) fn next(self) -> u32 {
        let n = self.0.get_value();
        self.0.set_value(n + 1);
        n
    }
}

pub(super) fn new_answer(counter: Counter, from: Option<&Localized>) -> AnswerDraft {
    AnswerDraft {
        id: counter.next(),
        fr: RwSignal::new(from.map(|a| a.fr.clone()).unwrap_or_default()),
        en: RwSignal::new(from.map(|a| a.en.clone()).unwrap_or_default()),
    }
}

pub(super) fn new_question(
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
pub(super) fn qid(question: u32, part: &str) -> &'static str {
    intern(format!("cq{question}-{part}"))
}

/// An element id of an answer: `cq3-a7-fr`.
pub(super) fn aid(question: u32, answer: u32, part: &str) -> &'static str {
    intern(format!("cq{question}-a{answer}-{part}"))
}

/// Who may vote, as chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EligKind {
    All,
    Districts,
    List,
}

pub(super) const QUESTIONS_ID: &str = "questions-title";
pub(super) const ELIGIBILITY_ID: &str = "elig-all";
pub(super) const BREAKDOWN_ID: &str = "c-breakdown";
pub(super) const OFFICIALS_ID: &str = "officials-legend";
pub(super) const TRUSTEES_ID: &str = "trustee-officials";

/// Drops the errors of fields that are gone.
pub(super) fn forget_errors(errors: RwSignal<Vec<FormError>>, gone: impl Fn(&str) -> bool) {
    let matches = |e: &FormError| e.field.is_some_and(&gone);
    if errors.with_untracked(|errs| errs.iter().any(matches)) {
        errors.update(|errs| errs.retain(|e| !matches(e)));
    }
}

pub(super) fn err(field: &'static str, fr: &str, en: &str) -> FormError {
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
pub(super) fn validate(
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
pub(super) fn server_error(e: ApiError) -> FormError {
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
pub(super) struct SetupState {
    pub(super) counter: Counter,
    pub(super) title_fr: RwSignal<String>,
    pub(super) title_en: RwSignal<String>,
    pub(super) description_fr: RwSignal<String>,
    pub(super) description_en: RwSignal<String>,
    pub(super) opens: RwSignal<String>,
    pub(super) closes: RwSignal<String>,
    pub(super) questions: RwSignal<Vec<QuestionDraft>>,
    pub(super) elig: RwSignal<EligKind>,
    pub(super) districts: RwSignal<String>,
    pub(super) trustee_mode: RwSignal<TrusteeMode>,
    pub(super) chosen: RwSignal<Vec<String>>,
    pub(super) threshold: RwSignal<String>,
    /// Smallest number of counted ballots for a district's results to be published.
    pub(super) breakdown_k: RwSignal<String>,
}

impl SetupState {
    pub(super) fn new(initial: Option<&ConsultationDetail>) -> Self {
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
    pub(super) fn input(
        &self,
        group: ElectionGroup,
    ) -> (ConsultationInput, Vec<(u32, Vec<u32>)>, bool, bool) {
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
