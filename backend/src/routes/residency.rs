//! Residency verification: the census import (administrators), a resident's request matched
//! against the census, and manual verification or revocation by staff (audit-logged).

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::{
    CensusImported, CensusRejected, CensusSummary, ManualResidencyRequest, ResidencyRequest,
    ResidencyStatus, RevokeResidencyRequest, Role, UserResidency,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

use crate::auth::throttle;
use crate::census::{self, Rejection};
use crate::csv_import;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::client_ip::ClientIp;
use crate::http::json::ApiJson;
use crate::http::query::ApiQuery;
use crate::http::session::CurrentUser;
use crate::i18n::{self, language_of};
use crate::repo::towns::Town;
use crate::residency::{self, CensusClaim};

/// Largest census file accepted.
pub const MAX_CENSUS_BYTES: usize = 10 * 1024 * 1024;

/// `?file_name=&town=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CensusParams {
    /// The uploaded file's name, kept with the import.
    pub file_name: Option<String>,
    /// Another town's slug (syndicate administrators only).
    pub town: Option<String>,
}

/// `?town=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TownParam {
    pub town: Option<String>,
}

/// `?email=&town=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupParams {
    pub email: String,
    pub town: Option<String>,
}

/// The town a staff member (or administrator) acts on.
async fn staff_town(
    state: &AppState,
    current: &CurrentUser,
    slug: Option<&str>,
) -> Result<Town, ApiError> {
    match current.user.role() {
        Role::Admin | Role::SyndicateAdmin => super::admin::target_town(state, current, slug).await,
        Role::Staff if slug.is_none_or(|s| s == current.town.slug) => Ok(current.town.clone()),
        _ => Err(ApiError::forbidden()),
    }
}

fn rejected_response(headers: &HeaderMap, rejections: &[Rejection]) -> Response {
    let lang = language_of(headers);
    let body = CensusRejected {
        error: ErrorCode::CensusInvalid,
        message: i18n::error_message(ErrorCode::CensusInvalid, lang).to_owned(),
        rejected: csv_import::rejected_rows(rejections, lang),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// Replace the town's census with a CSV file (body: the raw bytes, `Content-Type: text/csv`).
/// Every row must be valid: otherwise nothing changes and the answer lists every refused row.
#[utoipa::path(post, path = "/admin/census", tag = "residency", params(CensusParams),
    request_body(content = String, content_type = "text/csv",
                 description = "UTF-8 or Windows-1252 CSV, `;` or `,` separated, with a header line"),
    responses((status = 200, body = CensusImported),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 413, body = protocol::ApiErrorBody),
              (status = 415, body = protocol::ApiErrorBody),
              (status = 422, body = CensusRejected)))]
pub async fn import_census(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<CensusParams>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let town = super::admin::target_town(&state, &current, params.town.as_deref()).await?;
    if !super::is_csv_type(&headers) {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
    }
    let bytes = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::code(ErrorCode::PayloadTooLarge));
        }
        Err(e) => return Err(ApiError::detail(ErrorCode::InvalidBody, e.body_text())),
    };
    let file_name: String = params
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("census.csv")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let parsed = tokio::task::spawn_blocking(move || census::parse(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let rows = match parsed {
        Ok(rows) => rows,
        Err(rejections) => return Ok(rejected_response(&headers, &rejections)),
    };
    let rows_imported =
        residency::import_census(&state.db, &town.id, &current.user.id, &file_name, &rows).await?;
    Ok(axum::Json(CensusImported { rows_imported }).into_response())
}

/// The census in force.
#[utoipa::path(get, path = "/admin/census", tag = "residency", params(TownParam),
    responses((status = 200, body = CensusSummary), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn census_summary(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<TownParam>,
) -> Result<axum::Json<CensusSummary>, ApiError> {
    let town = super::admin::target_town(&state, &current, params.town.as_deref()).await?;
    Ok(axum::Json(
        residency::census_summary(&state.db, &town.id).await?,
    ))
}

/// The signed-in account's residency.
#[utoipa::path(get, path = "/me/residency", tag = "residency",
    responses((status = 200, body = ResidencyStatus), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn my_residency(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<axum::Json<ResidencyStatus>, ApiError> {
    Ok(axum::Json(
        residency::status(&state.db, &current.user.id).await?,
    ))
}

/// Verify the signed-in account against the census: last name, first name and a birth date or
/// the reference the town sent. Case, accents and spaces do not matter. Every attempt counts
/// against a per-account limit (the census must not become a guessing oracle).
#[utoipa::path(post, path = "/me/residency", tag = "residency", request_body = ResidencyRequest,
    responses((status = 200, body = ResidencyStatus),
              (status = 409, body = protocol::ApiErrorBody, description = "`conflict`: this census person already verified another account"),
              (status = 422, body = protocol::ApiErrorBody, description = "`residency_not_found` or `validation`"),
              (status = 429, body = protocol::ApiErrorBody)))]
pub async fn request_residency(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    current: CurrentUser,
    ApiJson(body): ApiJson<ResidencyRequest>,
) -> Result<axum::Json<ResidencyStatus>, ApiError> {
    let claim = CensusClaim::parse(
        &body.last_name,
        &body.first_name,
        body.birth_date.as_deref(),
        body.reference.as_deref(),
    )?;
    // The attempt is counted in its own transaction, committed whatever the outcome.
    {
        let mut tx = state.db.begin().await?;
        let limit = state.settings.throttle.residency_per_account;
        // Per account and per client address: several accounts do not multiply the guesses.
        let mut outcome =
            throttle::hit(&mut tx, &format!("residency:{}", current.user.id), limit).await;
        let by_ip = throttle::hit(&mut tx, &format!("residency:ip:{ip}"), limit.times(4)).await;
        outcome = outcome.and(by_ip);
        tx.commit().await?;
        outcome?;
    }
    let status = residency::verify_from_census(
        &state.db,
        &current.town.id,
        &current.user.id,
        &claim,
        state.settings.residency_valid,
    )
    .await?;
    Ok(axum::Json(status))
}

/// Find an account by email with its residency (staff).
#[utoipa::path(get, path = "/admin/residency", tag = "residency", params(LookupParams),
    responses((status = 200, body = UserResidency), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<LookupParams>,
) -> Result<axum::Json<UserResidency>, ApiError> {
    let town = staff_town(&state, &current, params.town.as_deref()).await?;
    Ok(axum::Json(
        residency::lookup(&state.db, &town.id, &params.email).await?,
    ))
}

/// Verify an account by hand (staff), with a district and a reason kept in the audit log.
#[utoipa::path(post, path = "/admin/users/{id}/residency", tag = "residency",
    request_body = ManualResidencyRequest, params(("id" = String, Path), TownParam),
    responses((status = 200, body = ResidencyStatus), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn verify_manually(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<TownParam>,
    ApiJson(body): ApiJson<ManualResidencyRequest>,
) -> Result<axum::Json<ResidencyStatus>, ApiError> {
    let town = staff_town(&state, &current, params.town.as_deref()).await?;
    let status = residency::verify_manually(
        &state.db,
        &town.id,
        &current.user.id,
        &id,
        &body.district,
        &body.reason,
        state.settings.residency_valid,
    )
    .await?;
    Ok(axum::Json(status))
}

/// Revoke an account's verification (staff), with a reason kept in the audit log.
#[utoipa::path(delete, path = "/admin/users/{id}/residency", tag = "residency",
    request_body = RevokeResidencyRequest, params(("id" = String, Path), TownParam),
    responses((status = 204), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<TownParam>,
    ApiJson(body): ApiJson<RevokeResidencyRequest>,
) -> Result<StatusCode, ApiError> {
    let town = staff_town(&state, &current, params.town.as_deref()).await?;
    residency::revoke(&state.db, &town.id, &current.user.id, &id, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_census).layer(DefaultBodyLimit::max(MAX_CENSUS_BYTES)))
        .routes(routes!(census_summary))
        .routes(routes!(my_residency, request_residency))
        .routes(routes!(lookup))
        .routes(routes!(verify_manually, revoke))
}
