//! The set-up form's state: question and answer drafts with stable ids, the checks run
//! before sending, and the mapping of the server's refusals to fields.

use leptos::prelude::*;
use protocol::api::Language;
use protocol::consultations::setup::{self, SetupField, SetupProblem, SetupProblemKind};
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ElectionGroup, Eligibility, QuestionInput, QuestionKind,
    TrusteeChoice, TrusteeMode, limits,
};
use protocol::requests::Localized;

use crate::api::ApiError;
use crate::components::rows::Row;
pub(super) use crate::components::rows::forget_errors;
use crate::components::{FormError, Msg};
use crate::format::intern;

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

impl Row for AnswerDraft {
    fn row_id(&self) -> u32 {
        self.id
    }
}

impl Row for QuestionDraft {
    fn row_id(&self) -> u32 {
        self.id
    }
}

/// Hands out the numbers of questions and their choices or answers.
pub(super) use crate::components::rows::RowNumbers as Counter;

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

/// The set-up rules (`protocol::consultations::setup`, the server's own), checked before
/// sending so that each problem points at its control. `drafts` gives the ids of each
/// question's and answer's controls; `opens_ok`, `closes_ok`, a district minimum and a
/// threshold that do not parse are the form's own refusals.
pub(super) fn validate(
    input: &ConsultationInput,
    drafts: &[(u32, Vec<u32>)],
    opens_ok: bool,
    closes_ok: bool,
) -> Vec<FormError> {
    let mut errs = Vec::new();
    let mut push = |field: &'static str, problem: SetupProblem| {
        errs.push(FormError {
            field: Some(field),
            msg: Msg::each(|lang| i18n::setup_problem(lang, &problem)),
        });
    };
    let dates_ok = opens_ok && closes_ok;
    let unparsed = |field| SetupProblem {
        field,
        kind: SetupProblemKind::Required,
    };
    if !opens_ok {
        push("c-opens", unparsed(SetupField::OpensAt));
    }
    if !closes_ok {
        push("c-closes", unparsed(SetupField::ClosesAt));
    }
    for problem in setup::problems(input) {
        let control = match problem.field {
            SetupField::OpensAt | SetupField::ClosesAt if !dates_ok => continue,
            f => control_id(f, drafts),
        };
        push(control, problem);
    }
    let out_of_range = |field| SetupProblem {
        field,
        kind: SetupProblemKind::OutOfRange,
    };
    if input.breakdown_min_voters.is_none() {
        push(BREAKDOWN_ID, out_of_range(SetupField::BreakdownMinVoters));
    }
    if let TrusteeChoice::Officials {
        officials,
        threshold: None,
    } = &input.trustees
        && (1..=limits::MAX_TRUSTEES).contains(&officials.len())
    {
        push("c-threshold", out_of_range(SetupField::Threshold));
    }
    errs
}

/// The id of the control a problem is about.
fn control_id(field: SetupField, drafts: &[(u32, Vec<u32>)]) -> &'static str {
    let part = |lang: Language, fr, en| if lang == Language::Fr { fr } else { en };
    let question = |i: usize| drafts.get(i).map_or(0, |(q, _)| *q);
    let answer = |i: usize, j: usize| {
        drafts
            .get(i)
            .and_then(|(_, answers)| answers.get(j).copied())
            .unwrap_or(0)
    };
    match field {
        SetupField::Title(lang) => part(lang, "c-title-fr", "c-title-en"),
        SetupField::Description(lang) => part(lang, "c-description-fr", "c-description-en"),
        SetupField::OpensAt => "c-opens",
        SetupField::ClosesAt => "c-closes",
        SetupField::Questions => QUESTIONS_ID,
        SetupField::QuestionText(i, lang) => qid(question(i), part(lang, "text-fr", "text-en")),
        SetupField::QuestionAnswers(i) => qid(question(i), "add-answer"),
        SetupField::QuestionMin(i) => qid(question(i), "min"),
        SetupField::QuestionMax(i) => qid(question(i), "max"),
        SetupField::Answer(i, j, lang) => aid(question(i), answer(i, j), lang.as_str()),
        SetupField::Districts => "c-districts",
        SetupField::Officials => OFFICIALS_ID,
        SetupField::Threshold => "c-threshold",
        SetupField::BreakdownMinVoters => BREAKDOWN_ID,
    }
}

/// A refusal from the server, next to the control its `field` names, in both languages.
pub(super) fn server_error(e: ApiError) -> FormError {
    let field = e.field().map(str::to_owned);
    let target: Option<(&'static str, Key)> = match field.as_deref() {
        Some("title") => Some(("c-title-fr", Setup::WhatTitle.into())),
        Some("description") => Some(("c-description-fr", Requests::FieldDescription.into())),
        Some("opens_at") => Some(("c-opens", Setup::WhatOpening.into())),
        Some("closes_at") => Some(("c-closes", Setup::WhatClosing.into())),
        Some(f) if f.starts_with("questions") => Some((QUESTIONS_ID, Staff::ColQuestions.into())),
        Some(f) if f.starts_with("eligibility") => {
            Some((ELIGIBILITY_ID, Consultations::ConsultationWhoVotes.into()))
        }
        Some("trustees.threshold") => Some(("c-threshold", Setup::WhatThreshold.into())),
        Some("breakdown_min_voters") => Some((BREAKDOWN_ID, Setup::WhatBreakdown.into())),
        Some(f) if f.starts_with("trustees") => Some((OFFICIALS_ID, Setup::WhatOfficials.into())),
        _ => None,
    };
    match (target, &e) {
        (Some((id, what)), ApiError::Api { message, .. }) => FormError {
            field: Some(id),
            msg: Msg::each(|lang| i18n::server_refuses(lang, what, message)),
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
