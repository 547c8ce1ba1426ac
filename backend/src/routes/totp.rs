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

use crate::auth::{password, totp};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::session::{CurrentUser, SessionUser};
use crate::repo::totp as totp_repo;
use crate::time::now;

/// Start (or restart) enrolment: a new secret, not active until confirmed.
#[utoipa::path(post, path = "/api/v1/me/totp/enrol", tag = "me",
    responses((status = 200, body = TotpEnrolment), (status = 401, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<axum::Json<TotpEnrolment>, ApiError> {
    let secret = totp::generate_secret();
    let mut tx = state.db.begin().await?;
    // An active second factor is replaced only after removing it (password or administrator).
    if !totp_repo::set_pending(&mut tx, &current.user.id, &secret).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    tx.commit().await?;
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
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "me", request_body = TotpConfirmRequest,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
    ApiJson(body): ApiJson<TotpConfirmRequest>,
) -> Result<axum::Json<RecoveryCodes>, ApiError> {
    let user_id = &current.user.id;
    let mut tx = state.db.begin().await?;
    let pending = totp_repo::find(&mut tx, user_id)
        .await?
        .filter(|c| c.enabled_at.is_none())
        .ok_or_else(|| ApiError::code(ErrorCode::Conflict))?;
    let step = totp::verify(&pending.secret, &body.code, now(), None)
        .ok_or_else(|| ApiError::field(ErrorCode::InvalidTotp, "code"))?;
    // The confirming code's step counts as used: it cannot open a session afterwards.
    if !totp_repo::enable(&mut tx, user_id, step).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let codes = totp::generate_recovery_codes();
    let digests: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_digest(c)).collect();
    totp_repo::replace_recovery_codes(&mut tx, user_id, &digests).await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "second factor enabled");
    Ok(axum::Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}

/// Turn the second factor off (only for roles that do not require it), with the password.
#[utoipa::path(delete, path = "/api/v1/me/totp", tag = "me", request_body = DisableTotpRequest,
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
    let mut tx = state.db.begin().await?;
    totp_repo::remove(&mut tx, &current.user.id).await?;
    tx.commit().await?;
    tracing::info!(user = %current.user.id, "second factor disabled by its owner");
    Ok(StatusCode::NO_CONTENT)
}
