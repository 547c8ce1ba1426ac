//! Typed calls to the staff's consultation routes (`docs/consultations.md`, "API"): set-up of a
//! draft, its voter list, and the lifecycle moves (freeze, open, close, tally).

use gloo_net::http::Request;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, OfficialInfo, VoterListRejected, VoterListSummary,
};

use super::{ApiError, BASE, error_from, get_json, json, post_json_once, prepare, send};

fn segment(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// `GET /api/v1/staff/officials`: the accounts that may hold a key.
pub async fn officials() -> Result<Vec<OfficialInfo>, ApiError> {
    get_json("/staff/officials").await
}

/// `POST /api/v1/staff/consultations`: a new draft.
pub async fn create(
    body: &ConsultationInput,
    idempotency_key: &str,
) -> Result<ConsultationDetail, ApiError> {
    post_json_once("/staff/consultations", body, idempotency_key).await
}

/// `PUT /api/v1/staff/consultations/{id}`: replaces the draft's set-up.
pub async fn update(id: &str, body: &ConsultationInput) -> Result<ConsultationDetail, ApiError> {
    let url = format!("{BASE}/staff/consultations/{}", segment(id));
    let response = send(prepare(Request::put(&url)).json(body)).await?;
    json(response).await
}

/// `DELETE /api/v1/staff/consultations/{id}` (drafts only).
pub async fn delete(id: &str) -> Result<(), ApiError> {
    let url = format!("{BASE}/staff/consultations/{}", segment(id));
    send(prepare(Request::delete(&url)).build()).await?;
    Ok(())
}

/// A lifecycle move: `key-ceremony`, `open`, `close` or `tally`. The answer's body is not
/// needed: the page reloads the consultation.
pub async fn transition(id: &str, action: &str) -> Result<(), ApiError> {
    let url = format!("{BASE}/staff/consultations/{}/{action}", segment(id));
    send(prepare(Request::post(&url)).build()).await?;
    Ok(())
}

/// What a voter list upload led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoterUpload {
    Stored(VoterListSummary),
    /// Nothing was stored; every refused row is listed.
    Rejected(VoterListRejected),
}

/// `PUT /api/v1/staff/consultations/{id}/voters`: the file's raw bytes, as `text/csv`.
pub async fn upload_voters(id: &str, file: &web_sys::File) -> Result<VoterUpload, ApiError> {
    let url = format!("{BASE}/staff/consultations/{}/voters", segment(id));
    let request = prepare(Request::put(&url))
        .header("Content-Type", "text/csv")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    let request = request.map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return json(response).await.map(VoterUpload::Stored);
    }
    if response.status() == 422 {
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|_| ApiError::Unexpected { status })?;
        if let Ok(rejected) = serde_json::from_str::<VoterListRejected>(&text) {
            return Ok(VoterUpload::Rejected(rejected));
        }
        return match serde_json::from_str::<protocol::ApiErrorBody>(&text) {
            Ok(body) => Err(ApiError::Api {
                status,
                code: body.error,
                message: body.message,
                retry_after: None,
                field: body.field,
            }),
            Err(_) => Err(ApiError::Unexpected { status }),
        };
    }
    Err(error_from(response).await)
}
