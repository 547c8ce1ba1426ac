//! The town of a request, found from its `Host` header (each town has its own domain); an
//! unknown host gets the default town, so a single municipality never configures anything.

use axum::extract::FromRequestParts;
use axum::http::header::HOST;
use axum::http::request::Parts;

use super::AppState;
use crate::domain::normalize_host;
use crate::error::ApiError;
use crate::repo::towns::{self, Town};

/// Extractor: the request's town.
#[derive(Debug, Clone)]
pub struct CurrentTown(pub Town);

/// The raw `Host` header (with port), or the URI authority for HTTP/2.
pub fn host_header(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.as_str().to_owned()))
}

impl FromRequestParts<AppState> for CurrentTown {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(town) = parts.extensions.get::<CurrentTown>() {
            return Ok(town.clone());
        }
        let host = host_header(parts)
            .map(|h| normalize_host(&h))
            .unwrap_or_default();
        let mut tx = state.db.read().await?;
        let town = towns::for_host(&mut tx, &host)
            .await?
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no default town")))?;
        let found = CurrentTown(town);
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}
