//! Validation of a consultation's set-up. Each refusal is a 422 `validation` naming the field
//! at fault (`questions`, `closes_at`, `trustees.officials`…) with a short technical detail
//! (e.g. `question 2: min > max`), so the SPA can point at the form field.
//!
//! Besides the form's rules, the set-up must make a valid Belenios election: homomorphic
//! questions with `0 ≤ min ≤ max ≤ answers`, and a blank vote only with `min ≥ 1` (a blank
//! ballot is how a voter chooses nothing).

use std::collections::HashSet;

use protocol::ErrorCode;
use protocol::consultations::limits::{
    ANSWER_MAX_CHARS, DEFAULT_BREAKDOWN_MIN_VOTERS, DEFAULT_THRESHOLD, DESCRIPTION_MAX_CHARS,
    DISTRICT_MAX_CHARS, MAX_ANSWERS, MAX_BREAKDOWN_MIN_VOTERS, MAX_DISTRICTS, MAX_DURATION_SECONDS,
    MAX_QUESTIONS, MAX_TRUSTEES, QUESTION_MAX_CHARS, TITLE_MAX_CHARS,
};
use protocol::consultations::{
    ConsultationInput, Eligibility, Question, QuestionInput, QuestionKind, TrusteeChoice,
    TrusteeMode,
};
use protocol::requests::Localized;

use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, NewTrustee, Setup};
use crate::repo::towns::Town;

/// Latest accepted time: the end of year 9999 (keeps arithmetic far from overflow).
const MAX_TIME: i64 = 253_402_300_799;

fn invalid(field: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::detail_field(ErrorCode::Validation, field, detail)
}

/// A one-line text (title, question, answer, district): trimmed, non-empty, no control
/// characters (PostgreSQL refuses NUL), at most `max` characters.
fn line(raw: &str, max: usize, field: &'static str, what: &str) -> Result<String, ApiError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(invalid(field, format!("{what} is empty")));
    }
    if v.chars().count() > max {
        return Err(invalid(
            field,
            format!("{what} is longer than {max} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(invalid(
            field,
            format!("{what} contains a control character"),
        ));
    }
    Ok(v.to_owned())
}

/// Both languages of a one-line text.
fn localized_line(
    raw: &Localized,
    max: usize,
    field: &'static str,
    what: &str,
) -> Result<Localized, ApiError> {
    Ok(Localized {
        fr: line(&raw.fr, max, field, &format!("{what} (fr)"))?,
        en: line(&raw.en, max, field, &format!("{what} (en)"))?,
    })
}

/// A multi-line text that may be empty (descriptions): line breaks and tabs allowed.
fn block(raw: &str, max: usize, field: &'static str) -> Result<String, ApiError> {
    let v = raw.trim();
    if v.chars().count() > max {
        return Err(invalid(field, format!("longer than {max} characters")));
    }
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(invalid(field, "contains a control character"));
    }
    Ok(v.to_owned())
}

/// One question, with its bounds resolved; `n` is its 1-based number for messages.
pub fn question(q: &QuestionInput, n: usize) -> Result<Question, ApiError> {
    const F: &str = "questions";
    let text = localized_line(&q.text, QUESTION_MAX_CHARS, F, &format!("question {n}"))?;
    if q.answers.len() < 2 {
        return Err(invalid(
            F,
            format!("question {n}: at least two answers are needed"),
        ));
    }
    if q.answers.len() > MAX_ANSWERS {
        return Err(invalid(
            F,
            format!("question {n}: more than {MAX_ANSWERS} answers"),
        ));
    }
    let answers = q
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            localized_line(
                a,
                ANSWER_MAX_CHARS,
                F,
                &format!("question {n}, answer {}", i + 1),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let count = u32::try_from(answers.len()).unwrap_or(u32::MAX);
    let (min, max) = match q.kind {
        QuestionKind::Single => {
            if q.min.is_some_and(|m| m != 1) || q.max.is_some_and(|m| m != 1) {
                return Err(invalid(
                    F,
                    format!("question {n}: a single-choice question has min = max = 1"),
                ));
            }
            (1, 1)
        }
        QuestionKind::Multiple => (q.min.unwrap_or(1), q.max.unwrap_or(count)),
    };
    if min > max {
        return Err(invalid(F, format!("question {n}: min > max")));
    }
    if max == 0 || max > count {
        return Err(invalid(
            F,
            format!("question {n}: max must be between 1 and the number of answers"),
        ));
    }
    if q.blank_allowed && min == 0 {
        return Err(invalid(
            F,
            format!("question {n}: with a blank vote allowed, min must be at least 1"),
        ));
    }
    Ok(Question {
        text,
        kind: q.kind,
        min,
        max,
        blank_allowed: q.blank_allowed,
        answers,
    })
}

/// The officials `ids` (account ids) of the town, in the same order, with their names; 422
/// on `trustees.officials` when one is not an enabled `official` account of this town.
pub async fn officials_exist(
    tx: &mut Tx,
    town: &Town,
    ids: &[String],
) -> Result<Vec<NewTrustee>, ApiError> {
    let known = repo::officials(tx, &town.id).await?;
    ids.iter()
        .map(|id| {
            known
                .iter()
                .find(|o| &o.id == id)
                .map(|o| NewTrustee {
                    user_id: Some(o.id.clone()),
                    display_name: o.display_name.clone(),
                })
                .ok_or_else(|| {
                    invalid(
                        "trustees.officials",
                        format!(
                            "{} is not an official of this town",
                            id.chars().take(64).collect::<String>()
                        ),
                    )
                })
        })
        .collect()
}

/// A whole set-up, checked against the town's accounts (trustees) and ready to store.
pub async fn setup(tx: &mut Tx, town: &Town, input: &ConsultationInput) -> Result<Setup, ApiError> {
    let title = localized_line(&input.title, TITLE_MAX_CHARS, "title", "title")?;
    let description = Localized {
        fr: block(&input.description.fr, DESCRIPTION_MAX_CHARS, "description")?,
        en: block(&input.description.en, DESCRIPTION_MAX_CHARS, "description")?,
    };
    if !(0..=MAX_TIME).contains(&input.opens_at) {
        return Err(invalid("opens_at", "out of range"));
    }
    if !(0..=MAX_TIME).contains(&input.closes_at) {
        return Err(invalid("closes_at", "out of range"));
    }
    if input.closes_at <= input.opens_at {
        return Err(invalid(
            "closes_at",
            "the closing time must follow the opening time",
        ));
    }
    if input.closes_at - input.opens_at > MAX_DURATION_SECONDS {
        return Err(invalid(
            "closes_at",
            "a consultation stays open one year at most",
        ));
    }
    if input.questions.is_empty() {
        return Err(invalid("questions", "at least one question is needed"));
    }
    if input.questions.len() > MAX_QUESTIONS {
        return Err(invalid(
            "questions",
            format!("more than {MAX_QUESTIONS} questions"),
        ));
    }
    let questions = input
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| question(q, i + 1))
        .collect::<Result<Vec<_>, _>>()?;
    let eligibility = match &input.eligibility {
        Eligibility::Districts { districts } => {
            const F: &str = "eligibility.districts";
            if districts.is_empty() {
                return Err(invalid(F, "at least one district is needed"));
            }
            if districts.len() > MAX_DISTRICTS {
                return Err(invalid(F, format!("more than {MAX_DISTRICTS} districts")));
            }
            let mut seen = HashSet::new();
            let mut clean = Vec::with_capacity(districts.len());
            for d in districts {
                let d = line(d, DISTRICT_MAX_CHARS, F, "district")?;
                if !seen.insert(d.clone()) {
                    return Err(invalid(F, "a district is listed twice"));
                }
                clean.push(d);
            }
            Eligibility::Districts { districts: clean }
        }
        other => other.clone(),
    };
    let (trustee_mode, threshold, trustees) = match &input.trustees {
        TrusteeChoice::ServerSingle => (
            TrusteeMode::ServerSingle,
            None,
            vec![NewTrustee {
                user_id: None,
                display_name: "Voix".to_owned(),
            }],
        ),
        TrusteeChoice::Officials {
            officials,
            threshold,
        } => {
            if officials.is_empty() {
                return Err(invalid(
                    "trustees.officials",
                    "choose at least one official",
                ));
            }
            if officials.len() > MAX_TRUSTEES {
                return Err(invalid(
                    "trustees.officials",
                    format!("more than {MAX_TRUSTEES} officials"),
                ));
            }
            let mut seen = HashSet::new();
            if !officials.iter().all(|o| seen.insert(o)) {
                return Err(invalid("trustees.officials", "an official is listed twice"));
            }
            let n = u32::try_from(officials.len()).unwrap_or(u32::MAX);
            let t = threshold.unwrap_or(DEFAULT_THRESHOLD.min(n));
            if t == 0 || t > n {
                return Err(invalid(
                    "trustees.threshold",
                    format!("the threshold must be between 1 and the number of officials ({n})"),
                ));
            }
            let trustees = officials_exist(tx, town, officials).await?;
            (TrusteeMode::Officials, Some(t), trustees)
        }
    };
    let breakdown_min_voters = input
        .breakdown_min_voters
        .unwrap_or(DEFAULT_BREAKDOWN_MIN_VOTERS);
    if !(1..=MAX_BREAKDOWN_MIN_VOTERS).contains(&breakdown_min_voters) {
        return Err(invalid(
            "breakdown_min_voters",
            format!("between 1 and {MAX_BREAKDOWN_MIN_VOTERS}"),
        ));
    }
    Ok(Setup {
        title,
        description,
        opens_at: input.opens_at,
        closes_at: input.closes_at,
        questions,
        eligibility,
        group: input.group,
        trustee_mode,
        threshold,
        trustees,
        breakdown_min_voters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn field(e: ApiError) -> Option<&'static str> {
        match e {
            ApiError::Client { field, .. } => field,
            _ => None,
        }
    }

    #[test]
    fn bounds_are_resolved_and_checked() {
        let single = question(&q(QuestionKind::Single, None, None, true, 3), 1).unwrap();
        assert_eq!((single.min, single.max), (1, 1));
        let multi = question(&q(QuestionKind::Multiple, None, None, false, 4), 1).unwrap();
        assert_eq!((multi.min, multi.max), (1, 4));
        let approval = question(&q(QuestionKind::Multiple, Some(0), Some(2), false, 4), 1).unwrap();
        assert_eq!((approval.min, approval.max), (0, 2));
        for bad in [
            q(QuestionKind::Multiple, Some(3), Some(2), false, 4),
            q(QuestionKind::Multiple, Some(1), Some(5), false, 4),
            q(QuestionKind::Multiple, Some(0), Some(2), true, 4),
            q(QuestionKind::Single, Some(2), None, false, 4),
            q(QuestionKind::Single, None, None, false, 1),
            q(QuestionKind::Single, None, None, false, 0),
        ] {
            assert_eq!(field(question(&bad, 1).unwrap_err()), Some("questions"));
        }
    }

    #[test]
    fn texts_refuse_control_characters_and_empty_translations() {
        assert!(line("a\0b", 10, "title", "title").is_err());
        assert!(line("  ", 10, "title", "title").is_err());
        assert_eq!(line(" ok ", 10, "title", "title").unwrap(), "ok");
        assert!(block("deux\nlignes", 100, "description").is_ok());
        assert!(block("bip\u{7}", 100, "description").is_err());
        let mut half = q(QuestionKind::Single, None, None, false, 2);
        half.answers[1].en = String::new();
        assert!(question(&half, 1).is_err());
    }
}
