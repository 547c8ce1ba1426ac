//! What a voter chose, checked against the question's rules and turned into the Belenios
//! plaintext the protocol encrypts (one 0/1 per choice, the blank slot first when allowed).
//! Pure functions, tested natively.

use protocol::consultations::{Question, QuestionKind};

/// A voter's choice on one question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// One flag per answer, in ballot order.
    pub answers: Vec<bool>,
    /// The blank vote (only offered when the question allows it).
    pub blank: bool,
}

impl Choice {
    /// Nothing chosen yet, for a question of `n` answers.
    pub fn empty(n: usize) -> Self {
        Self {
            answers: vec![false; n],
            blank: false,
        }
    }

    fn selected(&self) -> u32 {
        u32::try_from(self.answers.iter().filter(|a| **a).count()).unwrap_or(u32::MAX)
    }
}

/// Why a choice cannot be cast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceError {
    /// A single-answer question with nothing chosen.
    Required,
    /// Fewer answers than `min` (and no blank vote).
    TooFew { min: u32 },
    /// More answers than `max`.
    TooMany { max: u32 },
    /// A blank vote together with answers.
    BlankAndAnswers,
}

/// Checks `choice` against `q`'s rules.
pub fn check(q: &Question, choice: &Choice) -> Result<(), ChoiceError> {
    let n = choice.selected();
    if choice.blank {
        return if !q.blank_allowed {
            Err(ChoiceError::Required)
        } else if n > 0 {
            Err(ChoiceError::BlankAndAnswers)
        } else {
            Ok(())
        };
    }
    if n > q.max {
        return Err(ChoiceError::TooMany { max: q.max });
    }
    if n < q.min {
        return Err(match q.kind {
            QuestionKind::Single => ChoiceError::Required,
            QuestionKind::Multiple if n == 0 => ChoiceError::Required,
            QuestionKind::Multiple => ChoiceError::TooFew { min: q.min },
        });
    }
    Ok(())
}

/// The Belenios plaintext of valid choices: per question, the blank slot (when allowed) then
/// one 0/1 per answer.
pub fn plaintext(questions: &[Question], choices: &[Choice]) -> Vec<Vec<u32>> {
    questions
        .iter()
        .zip(choices)
        .map(|(q, c)| {
            let mut row = Vec::with_capacity(q.answers.len() + 1);
            if q.blank_allowed {
                row.push(u32::from(c.blank));
            }
            row.extend(c.answers.iter().map(|a| u32::from(*a && !c.blank)));
            row
        })
        .collect()
}

/// The credential carried by a page address's fragment (`#credential=XXX-…`), if any. The
/// fragment never reaches the server, so the credential stays out of its logs.
pub fn credential_from_fragment(hash: &str) -> Option<String> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.split('&')
        .find_map(|pair| pair.strip_prefix("credential="))
        .map(|v| v.replace("%2D", "-").replace("%2d", "-").trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::requests::Localized;

    fn loc(s: &str) -> Localized {
        Localized {
            fr: s.into(),
            en: s.into(),
        }
    }

    fn question(kind: QuestionKind, min: u32, max: u32, blank: bool, n: usize) -> Question {
        Question {
            text: loc("q"),
            kind,
            min,
            max,
            blank_allowed: blank,
            answers: (0..n).map(|i| loc(&i.to_string())).collect(),
        }
    }

    fn choice(answers: &[bool], blank: bool) -> Choice {
        Choice {
            answers: answers.to_vec(),
            blank,
        }
    }

    #[test]
    fn single_questions_need_one_answer_or_a_blank_vote() {
        let q = question(QuestionKind::Single, 1, 1, true, 2);
        assert_eq!(
            check(&q, &choice(&[false, false], false)),
            Err(ChoiceError::Required)
        );
        assert_eq!(check(&q, &choice(&[true, false], false)), Ok(()));
        assert_eq!(check(&q, &choice(&[false, false], true)), Ok(()));
        assert_eq!(
            check(&q, &choice(&[true, false], true)),
            Err(ChoiceError::BlankAndAnswers)
        );
        let no_blank = question(QuestionKind::Single, 1, 1, false, 2);
        assert_eq!(
            check(&no_blank, &choice(&[false, false], true)),
            Err(ChoiceError::Required)
        );
    }

    #[test]
    fn multiple_questions_respect_min_and_max() {
        let q = question(QuestionKind::Multiple, 2, 3, false, 4);
        assert_eq!(
            check(&q, &choice(&[false; 4], false)),
            Err(ChoiceError::Required)
        );
        assert_eq!(
            check(&q, &choice(&[true, false, false, false], false)),
            Err(ChoiceError::TooFew { min: 2 })
        );
        assert_eq!(
            check(&q, &choice(&[true, true, false, false], false)),
            Ok(())
        );
        assert_eq!(
            check(&q, &choice(&[true; 4], false)),
            Err(ChoiceError::TooMany { max: 3 })
        );
        let optional = question(QuestionKind::Multiple, 0, 2, false, 3);
        assert_eq!(check(&optional, &choice(&[false; 3], false)), Ok(()));
    }

    #[test]
    fn plaintext_puts_the_blank_slot_first() {
        let qs = vec![
            question(QuestionKind::Single, 1, 1, true, 2),
            question(QuestionKind::Multiple, 1, 2, false, 3),
        ];
        let cs = vec![
            choice(&[false, true], false),
            choice(&[true, false, true], false),
        ];
        assert_eq!(plaintext(&qs, &cs), vec![vec![0, 0, 1], vec![1, 0, 1]]);
        let blank = vec![
            choice(&[false, false], true),
            choice(&[false, true, false], false),
        ];
        assert_eq!(plaintext(&qs, &blank), vec![vec![1, 0, 0], vec![0, 1, 0]]);
    }

    #[test]
    fn the_credential_comes_from_the_fragment() {
        assert_eq!(
            credential_from_fragment("#credential=abc-def"),
            Some("abc-def".to_owned())
        );
        assert_eq!(
            credential_from_fragment("#x=1&credential=abc%2Ddef"),
            Some("abc-def".to_owned())
        );
        assert_eq!(credential_from_fragment("#credential="), None);
        assert_eq!(credential_from_fragment(""), None);
    }
}
