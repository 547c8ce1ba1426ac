//! Typed calls to the consultation routes (`docs/consultations.md`).

use protocol::consultations::{ConsultationDetail, ConsultationSummary};

use super::{ApiError, get_json};

/// `GET /api/v1/consultations`: the town's consultations (staff also get drafts).
pub async fn list() -> Result<Vec<ConsultationSummary>, ApiError> {
    get_json("/consultations").await
}

/// `GET /api/v1/consultations/{id}`
pub async fn get(id: &str) -> Result<ConsultationDetail, ApiError> {
    get_json(&format!(
        "/consultations/{}",
        String::from(js_sys::encode_uri_component(id))
    ))
    .await
}
