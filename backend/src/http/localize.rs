//! Rewrites error messages in the request's language (`Accept-Language`, French by default).
//! Error codes and statuses are untouched; only the human message changes.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use protocol::api::Language;

use crate::error::ErrorInfo;
use crate::i18n::language_of;

pub async fn localize(req: Request, next: Next) -> Response {
    let lang = language_of(req.headers());
    let response = next.run(req).await;
    if lang == Language::Fr {
        return response;
    }
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    let body = axum::Json(info.body(lang)).into_response().into_body();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}
