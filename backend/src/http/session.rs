//! Session cookies and the [`CurrentUser`] extractor.
//!
//! The cookie holds a 256-bit random token (HttpOnly, SameSite=Lax, Secure on https); what a
//! session is and how long it lives is [`crate::accounts::sessions`]'s.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use protocol::ErrorCode;

use super::AppState;
use super::town::CurrentTown;
use crate::accounts::sessions;
use crate::config::Settings;
use crate::error::ApiError;
use crate::repo::towns::Town;
use crate::repo::users::User;

pub const COOKIE_NAME: &str = "voix_session";

/// The session token in the request's cookies, if any.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(settings: &Settings, token: &str) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if settings.is_https() { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        settings.session_absolute.as_secs()
    );
    (
        SET_COOKIE,
        HeaderValue::from_str(&value).expect("token is URL-safe ASCII"),
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(settings: &Settings) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if settings.is_https() { "; Secure" } else { "" };
    let value = format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}");
    (
        SET_COOKIE,
        HeaderValue::from_str(&value).expect("static ASCII"),
    )
}

/// Extractor: the signed-in account of the request's town; 401 `unauthenticated` otherwise.
///
/// An account whose role requires a second factor that it has not set up yet is refused with
/// 403 `totp_enrolment_required`: every route taking `CurrentUser` is closed to it by default.
/// The few routes such a session may use (`GET /me`, TOTP enrolment, logout) take
/// [`SessionUser`] instead.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub town: Town,
    /// SHA-256 of this session's token.
    pub session: Vec<u8>,
}

impl CurrentUser {
    /// True when the role requires a second factor and none is set up.
    pub fn needs_totp_enrolment(&self, settings: &Settings) -> bool {
        settings.totp_required(self.user.role()) && !self.user.totp_enabled()
    }
}

/// A signed-in member of the town's services (staff or an administrator, see
/// [`Role::is_staff`](protocol::api::Role::is_staff)): anyone else is refused with 403 before
/// the handler runs.
#[derive(Debug, Clone)]
pub struct StaffUser(pub CurrentUser);

impl FromRequestParts<AppState> for StaffUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        if current.user.role().is_staff() {
            Ok(Self(current))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SessionUser(current) = SessionUser::from_request_parts(parts, state).await?;
        if current.needs_totp_enrolment(&state.settings) {
            return Err(ApiError::code(ErrorCode::TotpEnrolmentRequired));
        }
        Ok(current)
    }
}

/// Extractor: any valid session, including one restricted to second-factor enrolment. Only for
/// the routes such a session may reach: `GET /me`, the TOTP enrolment routes and logout.
#[derive(Debug, Clone)]
pub struct SessionUser(pub CurrentUser);

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let CurrentTown(town) = CurrentTown::from_request_parts(parts, state).await?;
        let token = token_from_headers(&parts.headers).ok_or_else(ApiError::unauthenticated)?;
        let (user, hash) = sessions::resolve(&state.db, &state.settings, &town, &token)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        Ok(Self(CurrentUser {
            user,
            town,
            session: hash,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; voix_session=abc_-; b=2"),
        );
        assert_eq!(token_from_headers(&h).as_deref(), Some("abc_-"));
        h.insert(COOKIE, HeaderValue::from_static("voix_session="));
        assert_eq!(token_from_headers(&h), None);
    }
}

/// Extractor: the signed-in account when there is a usable session, `None` otherwise (for
/// pages that anyone may read but that show more to some readers).
#[derive(Debug, Clone)]
pub struct OptionalUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for OptionalUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match CurrentUser::from_request_parts(parts, state).await {
            Ok(user) => Ok(Self(Some(user))),
            Err(ApiError::Client { .. }) => Ok(Self(None)),
            Err(other) => Err(other),
        }
    }
}
