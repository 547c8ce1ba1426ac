//! Residency verification: the census import (administrators), a resident's request matched
//! against the census, and manual verification or revocation by staff (audit-logged).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};

use crate::http::query::ApiQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::{
    CensusImported, CensusRejected, CensusSummary, ManualResidencyRequest, ResidencyMethod,
    ResidencyRequest, ResidencyStatus, RevokeResidencyRequest, Role, UserResidency,
};
use serde::Deserialize;

use crate::auth::throttle;
use crate::census::{self, Rejection};
use crate::csv_import;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::client_ip::ClientIp;
use crate::http::json::ApiJson;
use crate::http::session::CurrentUser;
use crate::i18n::{self, language_of};
use crate::repo::towns::Town;
use crate::repo::{audit, residency, users};
use crate::time::{now, secs};

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
#[utoipa::path(post, path = "/api/v1/admin/census", tag = "residency", params(CensusParams),
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
    let mut tx = state.db.begin().await?;
    let import_id = residency::replace_census(
        &mut tx,
        &town.id,
        Some(&current.user.id),
        &file_name,
        &rows,
        now(),
    )
    .await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&current.user.id),
            action: "census.import",
            target: &import_id,
            reason: &format!("{file_name} ({} rows)", rows.len()),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(admin = %current.user.id, rows = rows.len(), "census imported");
    Ok(axum::Json(CensusImported {
        rows_imported: rows.len() as u64,
    })
    .into_response())
}

/// The census in force.
#[utoipa::path(get, path = "/api/v1/admin/census", tag = "residency", params(TownParam),
    responses((status = 200, body = CensusSummary), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn census_summary(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<TownParam>,
) -> Result<axum::Json<CensusSummary>, ApiError> {
    let town = super::admin::target_town(&state, &current, params.town.as_deref()).await?;
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        residency::census_summary(&mut tx, &town.id).await?,
    ))
}

/// The signed-in account's residency.
#[utoipa::path(get, path = "/api/v1/me/residency", tag = "residency",
    responses((status = 200, body = ResidencyStatus), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn my_residency(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<axum::Json<ResidencyStatus>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        residency::status(&mut tx, &current.user.id, now()).await?,
    ))
}

fn name_field(value: &str, field: &'static str) -> Result<String, ApiError> {
    let n = census::normalize_name(value);
    if n.is_empty() || value.chars().count() > 100 || value.chars().any(char::is_control) {
        return Err(ApiError::field(ErrorCode::Validation, field));
    }
    Ok(n)
}

/// Verify the signed-in account against the census: last name, first name and a birth date or
/// the reference the town sent. Case, accents and spaces do not matter. Every attempt counts
/// against a per-account limit (the census must not become a guessing oracle).
#[utoipa::path(post, path = "/api/v1/me/residency", tag = "residency", request_body = ResidencyRequest,
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
    let last_name = name_field(&body.last_name, "last_name")?;
    let first_name = name_field(&body.first_name, "first_name")?;
    let birth_date = match body.birth_date.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => Some(
            census::parse_date(raw)
                .ok_or_else(|| ApiError::field(ErrorCode::Validation, "birth_date"))?,
        ),
        _ => None,
    };
    let reference = body
        .reference
        .as_deref()
        .map(census::normalize_reference)
        .filter(|r| !r.is_empty());
    if reference
        .as_ref()
        .is_some_and(|r| r.chars().count() > 50 || r.chars().any(char::is_control))
    {
        return Err(ApiError::field(ErrorCode::Validation, "reference"));
    }
    if birth_date.is_none() && reference.is_none() {
        return Err(ApiError::field(ErrorCode::Validation, "birth_date"));
    }
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
    let mut tx = state.db.begin().await?;
    if residency::is_revoked(&mut tx, &current.user.id).await? {
        // Staff revoked this account's verification: only they can verify it again.
        return Err(ApiError::field(ErrorCode::Forbidden, "residency"));
    }
    let found = residency::find_in_census(
        &mut tx,
        &current.town.id,
        &last_name,
        &first_name,
        birth_date.as_deref(),
        reference.as_deref(),
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::ResidencyNotFound))?;
    let now = now();
    // One census person verifies one account: another account's live claim wins (the person
    // must see the town hall); an expired claim is released.
    let census_key = found.key();
    if let Some((holder, expires_at)) =
        residency::holder_of(&mut tx, &current.town.id, &census_key).await?
        && holder != current.user.id
    {
        if expires_at > now {
            return Err(ApiError::field(ErrorCode::Conflict, "census"));
        }
        residency::remove(&mut tx, &holder).await?;
    }
    residency::upsert(
        &mut tx,
        &residency::Verification {
            user_id: &current.user.id,
            town_id: &current.town.id,
            district: &found.district,
            method: ResidencyMethod::Census,
            census_reference: found.reference.as_deref(),
            census_key: Some(&census_key),
            verified_by: None,
            reason: None,
            verified_at: now,
            expires_at: now.saturating_add(secs(state.settings.residency_valid)),
        },
    )
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e, "residency_town_census_key") {
            ApiError::field(ErrorCode::Conflict, "census")
        } else {
            e.into()
        }
    })?;
    let status = residency::status(&mut tx, &current.user.id, now).await?;
    tx.commit().await?;
    Ok(axum::Json(status))
}

/// Find an account by email with its residency (staff).
#[utoipa::path(get, path = "/api/v1/admin/residency", tag = "residency", params(LookupParams),
    responses((status = 200, body = UserResidency), (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<LookupParams>,
) -> Result<axum::Json<UserResidency>, ApiError> {
    let town = staff_town(&state, &current, params.town.as_deref()).await?;
    let email = crate::domain::EmailAddress::parse(&params.email)?;
    let email = email.as_str();
    let mut tx = state.db.read().await?;
    let user = users::by_email(&mut tx, &town.id, email)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let residency = residency::status(&mut tx, &user.id, now()).await?;
    Ok(axum::Json(UserResidency {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        residency,
    }))
}

fn reason_field(reason: &str) -> Result<&str, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        return Err(ApiError::field(ErrorCode::Validation, "reason"));
    }
    Ok(reason)
}

/// Verify an account by hand (staff), with a district and a reason kept in the audit log.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/residency", tag = "residency",
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
    let reason = reason_field(&body.reason)?;
    let district = body.district.trim();
    if district.is_empty()
        || district.chars().count() > 100
        || district.chars().any(char::is_control)
    {
        return Err(ApiError::field(ErrorCode::Validation, "district"));
    }
    if id == current.user.id {
        // Nobody verifies their own residency.
        return Err(ApiError::forbidden());
    }
    let mut tx = state.db.begin().await?;
    let target = users::by_id(&mut tx, &town.id, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let now = now();
    residency::upsert(
        &mut tx,
        &residency::Verification {
            user_id: &target.id,
            town_id: &town.id,
            district,
            method: ResidencyMethod::Manual,
            census_reference: None,
            census_key: None,
            verified_by: Some(&current.user.id),
            reason: Some(reason),
            verified_at: now,
            expires_at: now.saturating_add(secs(state.settings.residency_valid)),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&current.user.id),
            action: "residency.verify",
            target: &target.id,
            reason: &format!("{reason} [district: {district}]"),
        },
    )
    .await?;
    let status = residency::status(&mut tx, &target.id, now).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, user = %target.id, "residency verified by hand");
    Ok(axum::Json(status))
}

/// Revoke an account's verification (staff), with a reason kept in the audit log.
#[utoipa::path(delete, path = "/api/v1/admin/users/{id}/residency", tag = "residency",
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
    let reason = reason_field(&body.reason)?;
    let mut tx = state.db.begin().await?;
    let target = users::by_id(&mut tx, &town.id, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !residency::revoke(&mut tx, &target.id).await? {
        return Err(ApiError::not_found());
    }
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&current.user.id),
            action: "residency.revoke",
            target: &target.id,
            reason,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, user = %target.id, "residency revoked");
    Ok(StatusCode::NO_CONTENT)
}
