//! Cross-site request forgery defence by origin check.
//!
//! A state-changing request (not GET/HEAD/OPTIONS) to the API that carries a session cookie,
//! and every login or register request, must have an `Origin` header equal to the origin the
//! request was addressed to: the public URL's scheme with the request's host when that host is
//! the public URL's or a town's, the public URL's origin otherwise. Browsers always send
//! `Origin` on such requests; a forged cross-site request carries the attacker's origin.
//! SameSite=Lax cookies are a second layer, not the only one.
//!
//! Open311 (`/open311/v2/…`) is outside `/api/` and deliberately unchecked: its clients are
//! servers that send no `Origin`, and it authenticates by `api_key`, never by cookie, so a
//! forged cross-site request gains nothing.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::ORIGIN;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;

use super::AppState;
use super::session::token_from_headers;
use crate::domain::normalize_host;
use crate::error::ApiError;
use crate::repo::towns;

/// Paths that need an origin check even without a session cookie (login CSRF).
const ALWAYS_CHECKED: [&str; 3] = [
    "/api/v1/auth/login",
    "/api/v1/auth/directory-login",
    "/api/v1/auth/register",
];

pub async fn check_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = req.uri().path();
    let needs_check = !safe
        && path.starts_with("/api/")
        && (token_from_headers(req.headers()).is_some() || ALWAYS_CHECKED.contains(&path));
    if !needs_check {
        return next.run(req).await;
    }
    let origin = req
        .headers()
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let host = req
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_owned()));
    match expected_origin(&state, host.as_deref()).await {
        Ok(expected)
            if origin
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&expected)) =>
        {
            next.run(req).await
        }
        Ok(expected) => {
            tracing::warn!(origin = ?origin, expected = %expected, "request refused by CSRF check");
            ApiError::code(ErrorCode::Csrf).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The origin a browser on `host` sends: the request's own host (with its port) under the
/// scheme of the public address of the town that host selects — a town's own public URL, or
/// the global one. A host no town claims gets the default town's public origin, so a request
/// addressed by IP or a stray name must come from the page residents actually use.
async fn expected_origin(state: &AppState, host: Option<&str>) -> Result<String, ApiError> {
    let settings = &state.settings;
    let bare = host.map(normalize_host).unwrap_or_default();
    let mut tx = state.db.read().await?;
    let town = towns::for_host(&mut tx, &bare).await?;
    let claimed = !bare.is_empty() && towns::host_exists(&mut tx, &bare).await?;
    drop(tx);
    let base = match &town {
        Some(town) => town.public_base(settings),
        None => settings.public_base(),
    };
    let public = url::Url::parse(&base).unwrap_or_else(|_| settings.public_url.clone());
    let global_host = settings
        .public_url
        .host_str()
        .is_some_and(|h| h.eq_ignore_ascii_case(&bare));
    Ok(match host {
        Some(host) if claimed || global_host => {
            format!("{}://{}", public.scheme(), host.to_ascii_lowercase())
        }
        _ => public.origin().ascii_serialization(),
    })
}
