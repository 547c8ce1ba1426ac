//! A consultation's set-up, checked by the rules of `protocol::consultations::setup` (the ones
//! the staff's form applies) and against the town's accounts, then cleaned for storage. Each
//! refusal is a 422 `validation` naming the field at fault (`questions`, `closes_at`,
//! `trustees.officials`…) with a short technical detail (e.g. `question 2: it needs 1 ≤ max,
//! min ≤ max ≤ 3 (the answers)`), so the SPA can point at the form field.

use protocol::ErrorCode;
use protocol::consultations::limits::DEFAULT_BREAKDOWN_MIN_VOTERS;
use protocol::consultations::setup::{self as rules, SetupProblem};
use protocol::consultations::{
    ConsultationInput, Eligibility, Question, QuestionInput, TrusteeChoice, TrusteeMode,
};
use protocol::requests::Localized;

use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, NewTrustee, Setup};
use crate::repo::towns::Town;

fn invalid(field: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::detail_field(ErrorCode::Validation, field, detail)
}

fn refusal(p: &SetupProblem) -> ApiError {
    invalid(p.field.api_name(), p.to_string())
}

/// Both languages, trimmed (the rules have accepted them).
fn trimmed(l: &Localized) -> Localized {
    Localized {
        fr: l.fr.trim().to_owned(),
        en: l.en.trim().to_owned(),
    }
}

/// One question, already checked, with its bounds resolved.
fn question(q: &QuestionInput) -> Question {
    let (min, max) = rules::bounds(q);
    Question {
        text: trimmed(&q.text),
        kind: q.kind,
        min,
        max,
        blank_allowed: q.blank_allowed,
        answers: q.answers.iter().map(trimmed).collect(),
    }
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

/// A whole set-up, checked against the rules and the town's accounts (trustees), ready to store.
pub async fn setup(tx: &mut Tx, town: &Town, input: &ConsultationInput) -> Result<Setup, ApiError> {
    if let Some(first) = rules::problems(input).first() {
        return Err(refusal(first));
    }
    let eligibility = match &input.eligibility {
        Eligibility::Districts { districts } => Eligibility::Districts {
            districts: districts.iter().map(|d| d.trim().to_owned()).collect(),
        },
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
        } => (
            TrusteeMode::Officials,
            Some(rules::threshold(*threshold, officials.len())),
            officials_exist(tx, town, officials).await?,
        ),
    };
    Ok(Setup {
        title: trimmed(&input.title),
        description: trimmed(&input.description),
        opens_at: input.opens_at,
        closes_at: input.closes_at,
        questions: input.questions.iter().map(question).collect(),
        eligibility,
        group: input.group,
        trustee_mode,
        threshold,
        trustees,
        breakdown_min_voters: input
            .breakdown_min_voters
            .unwrap_or(DEFAULT_BREAKDOWN_MIN_VOTERS),
    })
}
