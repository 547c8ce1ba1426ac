//! Typed calls to the consultation routes (`docs/consultations.md`).

use protocol::consultations::{
    BallotReceipt, Board, CastBallot, ConsultationDetail, ConsultationResults, ConsultationSummary,
    ElectionDocument, ReceiptCheck,
};

use super::{ApiError, get_json, post_json};

fn segment(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// `GET /api/v1/consultations`: the town's consultations (staff also get drafts).
pub async fn list() -> Result<Vec<ConsultationSummary>, ApiError> {
    get_json("/consultations").await
}

/// `GET /api/v1/consultations/{id}`
pub async fn get(id: &str) -> Result<ConsultationDetail, ApiError> {
    get_json(&format!("/consultations/{}", segment(id))).await
}

/// `GET /api/v1/consultations/{id}/board`: the public bulletin board, with the election JSON
/// the browser encrypts ballots for (409 `consultation_not_open` before the opening).
pub async fn board(id: &str) -> Result<Board, ApiError> {
    get_json(&format!("/consultations/{}/board", segment(id))).await
}

/// `GET /api/v1/consultations/{id}/election`: the election ballots are made for.
pub async fn election(id: &str) -> Result<ElectionDocument, ApiError> {
    get_json(&format!("/consultations/{}/election", segment(id))).await
}

/// `POST /api/v1/consultations/{id}/ballots`: the signed receipt (201, or 200 when that exact
/// ballot was already on the board).
pub async fn cast(id: &str, ballot: String) -> Result<BallotReceipt, ApiError> {
    post_json(
        &format!("/consultations/{}/ballots", segment(id)),
        &CastBallot { ballot },
    )
    .await
}

/// `POST /api/v1/consultations/{id}/receipts/verify`
pub async fn verify_receipt(id: &str, receipt: &BallotReceipt) -> Result<ReceiptCheck, ApiError> {
    post_json(
        &format!("/consultations/{}/receipts/verify", segment(id)),
        receipt,
    )
    .await
}

/// `GET /api/v1/consultations/{id}/results` (409 `results_not_published` before publication).
pub async fn results(id: &str) -> Result<ConsultationResults, ApiError> {
    get_json(&format!("/consultations/{}/results", segment(id))).await
}

/// Where the browser downloads the election's `<uuid>.bel` archive (a plain link).
pub fn archive_url(id: &str) -> String {
    format!("/api/v1/consultations/{}/archive", segment(id))
}
