//! Typed calls to the staff's category and moderation routes and to the administrators' audit
//! log (`docs/requests.md`).

use gloo_net::http::Request;
use protocol::requests::{AuditPage, Category, CategoryInput, FlagInfo};

use super::{ApiError, BASE, get_json, json, post_empty, post_json, prepare, send};

fn enc(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// Entries per page of the audit log (fixed by the server).
pub const AUDIT_PER_PAGE: u32 = 100;

/// `GET /api/v1/staff/categories`: every category, retired ones included.
pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get_json("/staff/categories").await
}

/// `POST /api/v1/staff/categories`
pub async fn create_category(body: &CategoryInput) -> Result<Category, ApiError> {
    post_json("/staff/categories", body).await
}

/// `PUT /api/v1/staff/categories/{code}`
pub async fn update_category(code: &str, body: &CategoryInput) -> Result<Category, ApiError> {
    let url = format!("{BASE}/staff/categories/{}", enc(code));
    let response = send(prepare(Request::put(&url)).json(body)).await?;
    json(response).await
}

/// `GET /api/v1/staff/flags`: the flags waiting for review.
pub async fn flags() -> Result<Vec<FlagInfo>, ApiError> {
    get_json("/staff/flags").await
}

/// `POST /api/v1/staff/flags/{id}/resolve`
pub async fn resolve_flag(id: &str) -> Result<(), ApiError> {
    post_empty(&format!("/staff/flags/{}/resolve", enc(id))).await
}

/// `GET /api/v1/admin/audit?page=`
pub async fn audit(page: u32) -> Result<AuditPage, ApiError> {
    get_json(&format!("/admin/audit?page={page}")).await
}
