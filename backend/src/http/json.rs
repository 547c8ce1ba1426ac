//! `ApiJson<T>`: axum's JSON extractor with Voix's error contract. Malformed JSON, unknown
//! fields and wrong types are a 400 `invalid_body`, a missing content type a 415, an oversized
//! body a 413 — never a 500.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use protocol::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(map_rejection(&rejection)),
        }
    }
}

fn map_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::code(ErrorCode::UnsupportedMediaType),
        JsonRejection::JsonDataError(e) => ApiError::detail(ErrorCode::InvalidBody, e.body_text()),
        JsonRejection::JsonSyntaxError(e) => {
            ApiError::detail(ErrorCode::InvalidBody, e.body_text())
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::code(ErrorCode::PayloadTooLarge)
        }
        other => ApiError::detail(ErrorCode::InvalidBody, other.body_text()),
    }
}
