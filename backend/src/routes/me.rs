//! `/api/v1/me*`: the signed-in account — read, update, change password, export, delete.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::{ChangePasswordRequest, DataExport, Me, UpdateMeRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::{self, profile};
use crate::auth::password;
use crate::domain::{DisplayName, NewPassword};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::session::{self, CurrentUser, SessionUser};

/// The signed-in account. Also answers a session restricted to second-factor enrolment, whose
/// `totp_required && !totp_enabled` tells the SPA to go to enrolment.
#[utoipa::path(get, path = "/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn get_me(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> axum::Json<Me> {
    axum::Json(profile::me(&current.user, &current.town, &state.settings))
}

/// Change the display name or the language.
#[utoipa::path(patch, path = "/me", tag = "me", request_body = UpdateMeRequest,
    responses((status = 200, body = Me), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<UpdateMeRequest>,
) -> Result<axum::Json<Me>, ApiError> {
    let name = body
        .display_name
        .as_deref()
        .map(DisplayName::parse)
        .transpose()?;
    let user = profile::update(
        &state.db,
        &current.town,
        &current.user.id,
        name.as_ref(),
        body.language,
    )
    .await?;
    Ok(axum::Json(profile::me(
        &user,
        &current.town,
        &state.settings,
    )))
}

/// Change the password; every other session is ended and the owner is notified by email.
#[utoipa::path(post, path = "/me/password", tag = "me", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    if current.user.is_directory_managed() {
        return Err(ApiError::detail(
            ErrorCode::Forbidden,
            "this account's password is managed by the town hall's directory",
        ));
    }
    let new_password = NewPassword::parse(&body.new_password)?;
    if !password::verify(body.current_password, current.user.password_hash.clone()).await? {
        return Err(ApiError::field(
            ErrorCode::InvalidCredentials,
            "current_password",
        ));
    }
    let hash = password::hash(new_password.expose().to_owned()).await?;
    accounts::password::change(
        &state.db,
        &state.settings,
        &current.town,
        &current.user,
        &current.session,
        &hash,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Download everything Voix holds about the signed-in person, as JSON (GDPR art. 15 and 20).
#[utoipa::path(get, path = "/me/export", tag = "me",
    responses((status = 200, body = DataExport), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, ApiError> {
    let export = profile::export(&state.db, &state.settings, &current.town, &current.user).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"voix-mes-donnees.json\"",
        )],
        axum::Json(export),
    )
        .into_response())
}

/// Delete the account and its personal data (see docs/privacy.md for what is kept).
#[utoipa::path(delete, path = "/me", tag = "me",
    responses((status = 204), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn delete_me(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, ApiError> {
    profile::delete(&state.db, &current.user.id).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, update_me, delete_me))
        .routes(routes!(change_password))
        .routes(routes!(export))
}
