//! `ApiQuery<T>`: axum's query-string extractor with Voix's error contract. A missing,
//! unknown or malformed parameter is a 400 `validation` in JSON with the parser's explanation,
//! like every other refusal — not axum's plain-text rejection.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use protocol::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::detail(
                ErrorCode::Validation,
                rejection.body_text(),
            )),
        }
    }
}
