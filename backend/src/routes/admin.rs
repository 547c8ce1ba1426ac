//! `/api/v1/admin/*`: account and town management.
//!
//! A town administrator manages the accounts of their own town only. A syndicate administrator
//! manages every town: the `town` query parameter selects another town than the request's.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use protocol::api::{
    CreateTownRequest, Role, TotpResetRequest, TownAdmin, UpdateUserRequest, UserSummary,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::administration;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::query::ApiQuery;
use crate::http::session::CurrentUser;
use crate::repo::towns::Town;
use crate::towns;

/// `?town=slug&limit=&offset=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Another town's slug (syndicate administrators only).
    pub town: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// `?town=slug`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TownParam {
    pub town: Option<String>,
}

/// The town an administrator acts on.
pub(crate) async fn target_town(
    state: &AppState,
    current: &CurrentUser,
    slug: Option<&str>,
) -> Result<Town, ApiError> {
    let role = current.user.role();
    if !role.is_admin() {
        return Err(ApiError::forbidden());
    }
    match slug {
        None => Ok(current.town.clone()),
        Some(slug) if slug == current.town.slug => Ok(current.town.clone()),
        Some(slug) => {
            if role != Role::SyndicateAdmin {
                return Err(ApiError::forbidden());
            }
            towns::by_slug(&state.db, slug)
                .await?
                .ok_or_else(ApiError::not_found)
        }
    }
}

/// List the accounts of a town.
#[utoipa::path(get, path = "/admin/users", tag = "admin", params(ListParams),
    responses((status = 200, body = Vec<UserSummary>), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<axum::Json<Vec<UserSummary>>, ApiError> {
    let town = target_town(&state, &current, params.town.as_deref()).await?;
    let limit = params.limit.unwrap_or(50).clamp(1, 500);
    let offset = params.offset.unwrap_or(0).max(0);
    Ok(axum::Json(
        administration::list(&state.db, &town.id, limit, offset).await?,
    ))
}

/// Change an account's role or disable it (disabling ends its sessions).
#[utoipa::path(patch, path = "/admin/users/{id}", tag = "admin", request_body = UpdateUserRequest,
    params(("id" = String, Path), TownParam),
    responses((status = 200, body = UserSummary), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<TownParam>,
    ApiJson(body): ApiJson<UpdateUserRequest>,
) -> Result<axum::Json<UserSummary>, ApiError> {
    let town = target_town(&state, &current, params.town.as_deref()).await?;
    let updated = administration::update(
        &state.db,
        &town.id,
        &current.user,
        &id,
        body.role,
        body.disabled,
    )
    .await?;
    Ok(axum::Json(updated))
}

/// Remove an account's second factor (lost phone and recovery codes). The account's sessions
/// end; if its role requires TOTP, its next login leads to enrolment again. The reason is kept
/// in the audit log with the administrator's identity.
#[utoipa::path(post, path = "/admin/users/{id}/totp-reset", tag = "admin",
    request_body = TotpResetRequest, params(("id" = String, Path), TownParam),
    responses((status = 204), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn reset_totp(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<TownParam>,
    ApiJson(body): ApiJson<TotpResetRequest>,
) -> Result<StatusCode, ApiError> {
    let town = target_town(&state, &current, params.town.as_deref()).await?;
    administration::reset_second_factor(&state.db, &town.id, &current.user, &id, &body.reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn require_syndicate(current: &CurrentUser) -> Result<(), ApiError> {
    if current.user.role() == Role::SyndicateAdmin {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Every town of the installation (syndicate administrators).
#[utoipa::path(get, path = "/admin/towns", tag = "admin",
    responses((status = 200, body = Vec<TownAdmin>), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn list_towns(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<axum::Json<Vec<TownAdmin>>, ApiError> {
    require_syndicate(&current)?;
    let out = towns::list(&state.db, &state.settings).await?;
    Ok(axum::Json(out))
}

/// Add a town (syndicate administrators).
#[utoipa::path(post, path = "/admin/towns", tag = "admin", request_body = CreateTownRequest,
    responses((status = 201, body = TownAdmin), (status = 409, body = protocol::ApiErrorBody)))]
pub async fn create_town(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<CreateTownRequest>,
) -> Result<(StatusCode, axum::Json<TownAdmin>), ApiError> {
    require_syndicate(&current)?;
    let town = towns::create_town_with_hosts(
        &state.db,
        &state.settings,
        &body.slug,
        &body.name,
        &body.hosts,
        body.public_url.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(town)))
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(update_user))
        .routes(routes!(reset_totp))
        .routes(routes!(list_towns, create_town))
}
