//! The published result, question by question and district by district.

use super::*;

/// The published result; before publication nobody sees anything (409).
pub async fn results(tx: &mut Tx, town: &Town, id: &str) -> Result<ConsultationResults, ApiError> {
    let row = load_public(tx, town, id).await?;
    if status_of(&row) != ConsultationStatus::Published {
        return Err(ApiError::code(ErrorCode::ResultsNotPublished));
    }
    let data = election_of(tx, &row).await?;
    let tally = repo::tally(tx, id)
        .await?
        .ok_or_else(|| internal("no tally"))?;
    let raw = tally.result.ok_or_else(|| internal("no result"))?;
    let questions: Vec<_> = repo::questions(tx, id)
        .await?
        .iter()
        .map(repo::QuestionRow::to_wire)
        .collect();
    let out = question_results(&questions, &raw)?;
    // The breakdown: only the decrypted district tallies (each had at least k counted
    // ballots at the close); the other districts are only counted.
    let district_tallies = repo::district_tallies(tx, id).await?;
    let tallied = u64::try_from(district_tallies.len()).unwrap_or(0);
    let mut breakdown = Vec::new();
    for (district, t) in district_tallies {
        if let Some(raw) = &t.result {
            breakdown.push(DistrictResult {
                district,
                voters: u64::try_from(t.num_tallied).unwrap_or(0),
                questions: question_results(&questions, raw)?,
            });
        }
    }
    let suppressed_districts = u64::try_from(repo::credential_district_count(tx, id).await?)
        .unwrap_or(0)
        .saturating_sub(tallied);
    let (electorate, electorate_weight) = repo::electorate(tx, id).await?;
    Ok(ConsultationResults {
        election_uuid: row.election_uuid.clone(),
        fingerprint: data.fingerprint,
        published_at: row.published_at.unwrap_or(0),
        questions: out,
        turnout: Turnout {
            electorate: u64::try_from(electorate).unwrap_or(0),
            electorate_weight: u64::try_from(electorate_weight).unwrap_or(0),
            voted: u64::try_from(tally.num_tallied).unwrap_or(0),
            voted_weight: u64::try_from(tally.total_weight).unwrap_or(0),
        },
        raw,
        breakdown,
        suppressed_districts,
    })
}

/// The counts of a Belenios result, question by question (the blank slot first when allowed).
pub(super) fn question_results(
    questions: &[protocol::consultations::Question],
    raw: &str,
) -> Result<Vec<QuestionResult>, ApiError> {
    let parsed: ElectionResult = serde_json::from_str(raw).map_err(internal)?;
    let counts = parsed.counts();
    let mut out = Vec::with_capacity(questions.len());
    for (q, c) in questions.iter().zip(&counts) {
        let (blank, answers) = if q.blank_allowed {
            (c.first().copied(), c.get(1..).unwrap_or_default())
        } else {
            (None, c.as_slice())
        };
        out.push(QuestionResult {
            question: q.text.clone(),
            answers: q
                .answers
                .iter()
                .zip(answers)
                .map(|(a, n)| AnswerResult {
                    answer: a.clone(),
                    count: *n,
                })
                .collect(),
            blank,
        });
    }
    Ok(out)
}
