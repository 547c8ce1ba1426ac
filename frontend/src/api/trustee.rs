//! Typed calls to the key holders' routes (`docs/consultations.md`, "The officials' key
//! ceremony"). Only public messages travel: the key file never leaves the browser.

use protocol::consultations::{CeremonyState, TrusteeConsultation, TrusteeMessage, TrusteeWork};

use super::{ApiError, get_json, post_json};

fn segment(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// `GET /api/v1/trustee/consultations`: the consultations of which the official holds a key.
pub async fn list() -> Result<Vec<TrusteeConsultation>, ApiError> {
    get_json("/trustee/consultations").await
}

/// `GET /api/v1/trustee/consultations/{id}`: the current task and its inputs.
pub async fn work(id: &str) -> Result<TrusteeWork, ApiError> {
    get_json(&format!("/trustee/consultations/{}", segment(id))).await
}

/// `GET /api/v1/consultations/{id}/ceremony`: who has done what.
pub async fn ceremony(id: &str) -> Result<CeremonyState, ApiError> {
    get_json(&format!("/consultations/{}/ceremony", segment(id))).await
}

/// `POST …/ceremony` (certificate, polynomial, voutput) or `…/decryption`.
pub async fn send(id: &str, msg: &TrusteeMessage) -> Result<TrusteeWork, ApiError> {
    let route = if msg.kind == protocol::consultations::TrusteeTask::Decrypt {
        "decryption"
    } else {
        "ceremony"
    };
    post_json(
        &format!("/trustee/consultations/{}/{route}", segment(id)),
        msg,
    )
    .await
}
