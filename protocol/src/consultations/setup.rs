//! The rules of a consultation's set-up, written once for the server (which refuses the first
//! problem with a 422 naming its field) and for the staff's form (which shows every problem next
//! to its control, translated, before a round trip).
//!
//! Besides the form's rules, the set-up must make a valid Belenios election (`FORMAT.md`,
//! "Questions"): homomorphic questions with `0 ≤ min ≤ max ≤ answers`, and a blank vote only
//! with `min ≥ 1` (a blank ballot is how a voter chooses nothing).

use std::collections::HashSet;
use std::fmt;

use super::limits::{
    ANSWER_MAX_CHARS, DEFAULT_THRESHOLD, DESCRIPTION_MAX_CHARS, DISTRICT_MAX_CHARS, MAX_ANSWERS,
    MAX_BREAKDOWN_MIN_VOTERS, MAX_DISTRICTS, MAX_DURATION_SECONDS, MAX_QUESTIONS, MAX_TRUSTEES,
    QUESTION_MAX_CHARS, TITLE_MAX_CHARS,
};
use super::{ConsultationInput, Eligibility, QuestionInput, QuestionKind, TrusteeChoice};
use crate::text::Language;

/// Latest accepted time: the end of year 9999 (keeps arithmetic far from overflow).
pub const MAX_TIME: i64 = 253_402_300_799;

/// Where a problem is. Question and answer numbers are 0-based indexes into the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupField {
    /// The title, in this language.
    Title(Language),
    /// The description, in this language.
    Description(Language),
    /// The opening time.
    OpensAt,
    /// The closing time.
    ClosesAt,
    /// The list of questions as a whole (none, too many).
    Questions,
    /// The text of question `.0`, in this language.
    QuestionText(usize, Language),
    /// A question's list of answers as a whole (fewer than two, too many).
    QuestionAnswers(usize),
    /// The minimum of question `.0`.
    QuestionMin(usize),
    /// The maximum of question `.0`.
    QuestionMax(usize),
    /// Answer `.1` of question `.0`, in this language.
    Answer(usize, usize, Language),
    /// The districts of an eligibility by districts.
    Districts,
    /// The officials chosen as trustees.
    Officials,
    /// The number of officials needed to decrypt.
    Threshold,
    /// The smallest number of voters of a district shown in the results by district.
    BreakdownMinVoters,
}

impl SetupField {
    /// The field of the API's 422 (`ApiErrorBody::field`).
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Title(_) => "title",
            Self::Description(_) => "description",
            Self::OpensAt => "opens_at",
            Self::ClosesAt => "closes_at",
            Self::Questions
            | Self::QuestionText(..)
            | Self::QuestionAnswers(_)
            | Self::QuestionMin(_)
            | Self::QuestionMax(_)
            | Self::Answer(..) => "questions",
            Self::Districts => "eligibility.districts",
            Self::Officials => "trustees.officials",
            Self::Threshold => "trustees.threshold",
            Self::BreakdownMinVoters => "breakdown_min_voters",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupProblemKind {
    /// Empty (after trimming).
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    /// A control character (PostgreSQL refuses NUL; line breaks only in descriptions).
    ControlCharacter,
    /// A time before 1970 or after 9999, a threshold outside `1..=officials`, a district
    /// minimum outside `1..=MAX_BREAKDOWN_MIN_VOTERS`.
    OutOfRange,
    /// The closing time is not after the opening time.
    ClosesBeforeOpening,
    /// Open for longer than `MAX_DURATION_SECONDS`.
    OpenTooLong,
    /// None given, or for a question's answers fewer than two.
    TooFew,
    /// More than this many.
    TooMany(usize),
    /// The same district or official twice.
    Duplicate,
    /// A single-choice question with a minimum or maximum other than 1.
    SingleChoiceBounds,
    /// Not `1 ≤ max`, `min ≤ max ≤ answers` (this many answers).
    Bounds(usize),
    /// A blank vote allowed with a minimum of 0.
    BlankNeedsMin,
}

/// One problem of a set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetupProblem {
    /// Where the problem is.
    pub field: SetupField,
    /// What is wrong.
    pub kind: SetupProblemKind,
}

/// The server's detail of a 422, in English (the SPA translates the typed problem instead).
impl fmt::Display for SetupProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SetupField as F;
        use SetupProblemKind as K;
        let lang = |l: Language| l.as_str();
        match self.field {
            F::Title(l) => write!(f, "title ({})", lang(l))?,
            F::Description(l) => write!(f, "description ({})", lang(l))?,
            F::OpensAt => f.write_str("opening time")?,
            F::ClosesAt => f.write_str("closing time")?,
            F::Questions => f.write_str("questions")?,
            F::QuestionText(q, l) => write!(f, "question {} ({})", q + 1, lang(l))?,
            F::QuestionAnswers(q) => write!(f, "question {}: answers", q + 1)?,
            F::QuestionMin(q) | F::QuestionMax(q) => write!(f, "question {}", q + 1)?,
            F::Answer(q, a, l) => write!(f, "question {}, answer {} ({})", q + 1, a + 1, lang(l))?,
            F::Districts => f.write_str("districts")?,
            F::Officials => f.write_str("officials")?,
            F::Threshold => f.write_str("threshold")?,
            F::BreakdownMinVoters => f.write_str("minimum ballots per district")?,
        }
        match self.kind {
            K::Required => f.write_str(" is empty"),
            K::TooLong(max) => write!(f, " is longer than {max} characters"),
            K::ControlCharacter => f.write_str(" contains a control character"),
            K::OutOfRange => f.write_str(" is out of range"),
            K::ClosesBeforeOpening => f.write_str(" must follow the opening time"),
            K::OpenTooLong => f.write_str(": a consultation stays open one year at most"),
            K::TooFew => f.write_str(": too few"),
            K::TooMany(max) => write!(f, ": more than {max}"),
            K::Duplicate => f.write_str(": listed twice"),
            K::SingleChoiceBounds => f.write_str(": a single-choice question has min = max = 1"),
            K::Bounds(n) => write!(f, ": it needs 1 ≤ max, min ≤ max ≤ {n} (the answers)"),
            K::BlankNeedsMin => f.write_str(": with a blank vote allowed, min must be at least 1"),
        }
    }
}

/// A one-line text (title, question, answer, district): non-empty once trimmed, at most `max`
/// characters, no control character.
pub fn line(raw: &str, max: usize) -> Result<&str, SetupProblemKind> {
    let v = raw.trim();
    if v.is_empty() {
        Err(SetupProblemKind::Required)
    } else if v.chars().count() > max {
        Err(SetupProblemKind::TooLong(max))
    } else if v.chars().any(char::is_control) {
        Err(SetupProblemKind::ControlCharacter)
    } else {
        Ok(v)
    }
}

/// A multi-line text that may be empty (descriptions): line breaks and tabs allowed.
pub fn block(raw: &str, max: usize) -> Result<&str, SetupProblemKind> {
    let v = raw.trim();
    if v.chars().count() > max {
        Err(SetupProblemKind::TooLong(max))
    } else if v
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err(SetupProblemKind::ControlCharacter)
    } else {
        Ok(v)
    }
}

/// A question's `(min, max)`: 1 and 1 for a single choice; for several, 1 and the number of
/// answers unless given.
pub fn bounds(q: &QuestionInput) -> (u32, u32) {
    match q.kind {
        QuestionKind::Single => (1, 1),
        QuestionKind::Multiple => (
            q.min.unwrap_or(1),
            q.max
                .unwrap_or(u32::try_from(q.answers.len()).unwrap_or(u32::MAX)),
        ),
    }
}

/// The threshold of `officials` key holders: the one given, else 2 (or 1 with one official).
pub fn threshold(given: Option<u32>, officials: usize) -> u32 {
    let n = u32::try_from(officials).unwrap_or(u32::MAX);
    given.unwrap_or(DEFAULT_THRESHOLD.min(n))
}

/// Every problem of `input`, in the order of the form. Empty: the set-up can be stored.
pub fn problems(input: &ConsultationInput) -> Vec<SetupProblem> {
    let mut out = Vec::new();
    let mut push = |field, kind| out.push(SetupProblem { field, kind });
    for lang in [Language::Fr, Language::En] {
        if let Err(kind) = line(input.title.get(lang), TITLE_MAX_CHARS) {
            push(SetupField::Title(lang), kind);
        }
    }
    for lang in [Language::Fr, Language::En] {
        if let Err(kind) = block(input.description.get(lang), DESCRIPTION_MAX_CHARS) {
            push(SetupField::Description(lang), kind);
        }
    }
    let opens_ok = (0..=MAX_TIME).contains(&input.opens_at);
    let closes_ok = (0..=MAX_TIME).contains(&input.closes_at);
    if !opens_ok {
        push(SetupField::OpensAt, SetupProblemKind::OutOfRange);
    }
    if !closes_ok {
        push(SetupField::ClosesAt, SetupProblemKind::OutOfRange);
    } else if opens_ok && input.closes_at <= input.opens_at {
        push(SetupField::ClosesAt, SetupProblemKind::ClosesBeforeOpening);
    } else if opens_ok && input.closes_at - input.opens_at > MAX_DURATION_SECONDS {
        push(SetupField::ClosesAt, SetupProblemKind::OpenTooLong);
    }
    if input.questions.is_empty() {
        push(SetupField::Questions, SetupProblemKind::TooFew);
    } else if input.questions.len() > MAX_QUESTIONS {
        push(
            SetupField::Questions,
            SetupProblemKind::TooMany(MAX_QUESTIONS),
        );
    }
    for (i, q) in input.questions.iter().enumerate() {
        question(i, q, &mut push);
    }
    if let Eligibility::Districts { districts } = &input.eligibility {
        districts_problems(districts, &mut push);
    }
    if let TrusteeChoice::Officials {
        officials,
        threshold: given,
    } = &input.trustees
    {
        let mut seen = HashSet::new();
        if officials.is_empty() {
            push(SetupField::Officials, SetupProblemKind::TooFew);
        } else if officials.len() > MAX_TRUSTEES {
            push(
                SetupField::Officials,
                SetupProblemKind::TooMany(MAX_TRUSTEES),
            );
        } else if !officials.iter().all(|o| seen.insert(o)) {
            push(SetupField::Officials, SetupProblemKind::Duplicate);
        } else {
            let t = threshold(*given, officials.len());
            if t == 0 || t as usize > officials.len() {
                push(SetupField::Threshold, SetupProblemKind::OutOfRange);
            }
        }
    }
    if input
        .breakdown_min_voters
        .is_some_and(|k| !(1..=MAX_BREAKDOWN_MIN_VOTERS).contains(&k))
    {
        push(SetupField::BreakdownMinVoters, SetupProblemKind::OutOfRange);
    }
    out
}

/// The problems of question `i`: its text, its answers, its bounds.
fn question(i: usize, q: &QuestionInput, push: &mut impl FnMut(SetupField, SetupProblemKind)) {
    for lang in [Language::Fr, Language::En] {
        if let Err(kind) = line(q.text.get(lang), QUESTION_MAX_CHARS) {
            push(SetupField::QuestionText(i, lang), kind);
        }
    }
    let count = q.answers.len();
    if count < 2 {
        push(SetupField::QuestionAnswers(i), SetupProblemKind::TooFew);
    } else if count > MAX_ANSWERS {
        push(
            SetupField::QuestionAnswers(i),
            SetupProblemKind::TooMany(MAX_ANSWERS),
        );
    }
    match q.kind {
        QuestionKind::Single if q.min.is_some_and(|m| m != 1) || q.max.is_some_and(|m| m != 1) => {
            push(
                SetupField::QuestionMax(i),
                SetupProblemKind::SingleChoiceBounds,
            );
        }
        QuestionKind::Single => {}
        QuestionKind::Multiple => {
            let (min, max) = bounds(q);
            if q.blank_allowed && min == 0 {
                push(SetupField::QuestionMin(i), SetupProblemKind::BlankNeedsMin);
            }
            if max == 0 || min > max || max as usize > count {
                push(SetupField::QuestionMax(i), SetupProblemKind::Bounds(count));
            }
        }
    }
    for (j, a) in q.answers.iter().enumerate() {
        for lang in [Language::Fr, Language::En] {
            if let Err(kind) = line(a.get(lang), ANSWER_MAX_CHARS) {
                push(SetupField::Answer(i, j, lang), kind);
            }
        }
    }
}

/// The problems of a list of districts: one to `MAX_DISTRICTS`, each a valid line, none twice.
fn districts_problems(districts: &[String], push: &mut impl FnMut(SetupField, SetupProblemKind)) {
    if districts.is_empty() {
        return push(SetupField::Districts, SetupProblemKind::TooFew);
    }
    if districts.len() > MAX_DISTRICTS {
        return push(
            SetupField::Districts,
            SetupProblemKind::TooMany(MAX_DISTRICTS),
        );
    }
    let mut seen = HashSet::new();
    for d in districts {
        match line(d, DISTRICT_MAX_CHARS) {
            Err(kind) => return push(SetupField::Districts, kind),
            Ok(d) if !seen.insert(d) => {
                return push(SetupField::Districts, SetupProblemKind::Duplicate);
            }
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultations::{ElectionGroup, TrusteeChoice};
    use crate::text::Localized;

    fn loc(s: &str) -> Localized {
        Localized {
            fr: s.to_owned(),
            en: s.to_owned(),
        }
    }

    fn q(
        kind: QuestionKind,
        min: Option<u32>,
        max: Option<u32>,
        blank: bool,
        n: usize,
    ) -> QuestionInput {
        QuestionInput {
            text: loc("Question ?"),
            kind,
            min,
            max,
            blank_allowed: blank,
            answers: (0..n).map(|i| loc(&format!("Réponse {i}"))).collect(),
        }
    }

    fn input(questions: Vec<QuestionInput>) -> ConsultationInput {
        ConsultationInput {
            title: loc("Place"),
            description: loc("Deux\nlignes"),
            opens_at: 1_000,
            closes_at: 2_000,
            questions,
            eligibility: Eligibility::AllVerified,
            trustees: TrusteeChoice::ServerSingle,
            group: ElectionGroup::default(),
            breakdown_min_voters: None,
        }
    }

    fn kinds(i: &ConsultationInput) -> Vec<(SetupField, SetupProblemKind)> {
        problems(i).into_iter().map(|p| (p.field, p.kind)).collect()
    }

    #[test]
    fn a_valid_set_up_has_no_problem() {
        let ok = input(vec![
            q(QuestionKind::Single, None, None, true, 2),
            q(QuestionKind::Multiple, Some(0), Some(2), false, 4),
        ]);
        assert_eq!(kinds(&ok), []);
    }

    #[test]
    fn bounds_are_checked_where_the_form_sets_them() {
        use SetupProblemKind::*;
        for (bad, field, kind) in [
            (
                q(QuestionKind::Multiple, Some(3), Some(2), false, 4),
                SetupField::QuestionMax(0),
                Bounds(4),
            ),
            (
                q(QuestionKind::Multiple, Some(1), Some(5), false, 4),
                SetupField::QuestionMax(0),
                Bounds(4),
            ),
            (
                q(QuestionKind::Multiple, Some(0), Some(2), true, 4),
                SetupField::QuestionMin(0),
                BlankNeedsMin,
            ),
            (
                q(QuestionKind::Single, Some(2), None, false, 4),
                SetupField::QuestionMax(0),
                SingleChoiceBounds,
            ),
            (
                q(QuestionKind::Single, None, None, false, 1),
                SetupField::QuestionAnswers(0),
                TooFew,
            ),
        ] {
            assert_eq!(kinds(&input(vec![bad])), [(field, kind)]);
        }
        assert_eq!(
            bounds(&q(QuestionKind::Multiple, None, None, false, 4)),
            (1, 4)
        );
        assert_eq!(
            bounds(&q(QuestionKind::Single, None, None, true, 3)),
            (1, 1)
        );
    }

    #[test]
    fn texts_refuse_control_characters_and_empty_translations() {
        assert_eq!(line("a\0b", 10), Err(SetupProblemKind::ControlCharacter));
        assert_eq!(line("  ", 10), Err(SetupProblemKind::Required));
        assert_eq!(line(" ok ", 10), Ok("ok"));
        assert_eq!(line("onze lettres", 10), Err(SetupProblemKind::TooLong(10)));
        assert_eq!(block("deux\nlignes", 100), Ok("deux\nlignes"));
        assert_eq!(
            block("bip\u{7}", 100),
            Err(SetupProblemKind::ControlCharacter)
        );
        let mut half = q(QuestionKind::Single, None, None, false, 2);
        half.answers[1].en = String::new();
        assert_eq!(
            kinds(&input(vec![half])),
            [(
                SetupField::Answer(0, 1, Language::En),
                SetupProblemKind::Required
            )]
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_api_field() {
        let mut bad = input(vec![]);
        bad.title.fr = " ".into();
        bad.closes_at = bad.opens_at;
        bad.eligibility = Eligibility::Districts {
            districts: vec!["Gare".into(), " Gare ".into()],
        };
        bad.trustees = TrusteeChoice::Officials {
            officials: vec!["a".into(), "b".into()],
            threshold: Some(3),
        };
        bad.breakdown_min_voters = Some(0);
        let fields: Vec<_> = problems(&bad).iter().map(|p| p.field.api_name()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "closes_at",
                "questions",
                "eligibility.districts",
                "trustees.threshold",
                "breakdown_min_voters"
            ]
        );
        assert_eq!(
            problems(&bad)[3].to_string(),
            "districts: listed twice",
            "the server's detail"
        );
    }

    #[test]
    fn the_default_threshold_is_two_or_one() {
        assert_eq!(threshold(None, 3), 2);
        assert_eq!(threshold(None, 1), 1);
        assert_eq!(threshold(Some(3), 5), 3);
    }
}
