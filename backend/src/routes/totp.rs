//! `/api/v1/me/totp*`: setting up and removing the second factor (TOTP, RFC 6238).
//!
//! Enrolment is two steps so that a typo while scanning never locks anyone out: `enrol` stores
//! a pending secret and shows it; `confirm` activates it only once the app produced a valid
//! code, and hands out the recovery codes, once. Both accept a session restricted to enrolment
//! ([`SessionUser`]), since that is what such a session is for.

use axum::extract::State;
use axum::http::StatusCode;
use protocol::ErrorCode;
use protocol::api::{DisableTotpRequest, RecoveryCodes, TotpConfirmRequest, TotpEnrolment};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::second_factor;
use crate::auth::{password, totp};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::session::{CurrentUser, SessionUser};

/// Start (or restart) enrolment: a new secret, not active until confirmed.
#[utoipa::path(post, path = "/me/totp/enrol", tag = "me",
    responses((status = 200, body = TotpEnrolment), (status = 401, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<axum::Json<TotpEnrolment>, ApiError> {
    let secret = totp::generate_secret();
    second_factor::start(&state.db, &current.user.id, &secret).await?;
    let issuer = format!("Voix — {}", current.town.name);
    let otpauth_uri = totp::otpauth_uri(&secret, &issuer, &current.user.email);
    let qr_svg = totp::qr_svg(&otpauth_uri)?;
    Ok(axum::Json(TotpEnrolment {
        secret: totp::encode_secret(&secret),
        otpauth_uri,
        qr_svg,
    }))
}

/// Activate the pending secret with a code from the app; returns the recovery codes, once.
#[utoipa::path(post, path = "/me/totp/confirm", tag = "me", request_body = TotpConfirmRequest,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
    ApiJson(body): ApiJson<TotpConfirmRequest>,
) -> Result<axum::Json<RecoveryCodes>, ApiError> {
    let codes = second_factor::confirm(&state.db, &current.user.id, &body.code).await?;
    Ok(axum::Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turn the second factor off (only for roles that do not require it), with the password.
#[utoipa::path(delete, path = "/me/totp", tag = "me", request_body = DisableTotpRequest,
    responses((status = 204), (status = 401, body = protocol::ApiErrorBody),
              (status = 403, body = protocol::ApiErrorBody)))]
pub async fn disable(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<DisableTotpRequest>,
) -> Result<StatusCode, ApiError> {
    if state.settings.totp_required(current.user.role()) {
        return Err(ApiError::forbidden());
    }
    if !password::verify(body.current_password, current.user.password_hash.clone()).await? {
        return Err(ApiError::field(
            ErrorCode::InvalidCredentials,
            "current_password",
        ));
    }
    second_factor::remove(&state.db, &current.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(enrol))
        .routes(routes!(confirm))
        .routes(routes!(disable))
}
