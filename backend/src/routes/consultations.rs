//! Consultations over HTTP: the public list and detail (drafts only for staff), and the staff
//! set-up of a draft — create, update, delete, voter-list upload, officials to choose as
//! trustees, and the start of the key ceremony that freezes the set-up. Every staff change is
//! audit-logged by [`crate::consultations`].

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ConsultationSummary, OfficialInfo, VoterListRejected,
    VoterListRejectedRow, VoterListSummary,
};

use crate::consultations::voter_list::{self, Rejection};
use crate::consultations::{self as service, is_staff};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::session::{CurrentUser, OptionalUser};
use crate::http::town::CurrentTown;
use crate::i18n::{self, language_of};
use crate::repo::consultations as repo;
use crate::repo::towns::Town;
use crate::time::now;

/// Largest voter list accepted (100,000 rows of a long address and a weight fit).
pub const MAX_VOTER_LIST_BYTES: usize = 10 * 1024 * 1024;

/// Refuses anyone but the town's services.
fn require_staff(current: &CurrentUser) -> Result<(), ApiError> {
    if is_staff(current.user.role()) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

fn reader_is_staff(reader: &OptionalUser) -> bool {
    reader.0.as_ref().is_some_and(|c| is_staff(c.user.role()))
}

/// The consultation as `staff` (or not) may see it, read in a fresh transaction.
async fn detail_of(
    state: &AppState,
    town: &Town,
    id: &str,
    staff: bool,
) -> Result<ConsultationDetail, ApiError> {
    let mut tx = state.db.read().await?;
    let row = service::load_visible(&mut tx, town, id, staff).await?;
    service::detail(&mut tx, &row, staff).await
}

/// The town's consultations that are not drafts (staff also see drafts), newest first.
#[utoipa::path(get, path = "/api/v1/consultations", tag = "consultations",
    responses((status = 200, body = [ConsultationSummary])))]
pub async fn list(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    reader: OptionalUser,
) -> Result<axum::Json<Vec<ConsultationSummary>>, ApiError> {
    let mut tx = state.db.read().await?;
    let rows = repo::list(&mut tx, &town.id, reader_is_staff(&reader)).await?;
    Ok(axum::Json(rows.iter().map(service::summary).collect()))
}

/// A consultation: its set-up, trustees and, once the key ceremony is over, its fingerprint.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    reader: OptionalUser,
    Path(id): Path<String>,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let id = service::parse_id(&id)?;
    let staff = reader_is_staff(&reader);
    Ok(axum::Json(detail_of(&state, &town, &id, staff).await?))
}

/// Create a draft consultation.
#[utoipa::path(post, path = "/api/v1/staff/consultations", tag = "consultations",
    request_body = ConsultationInput,
    responses((status = 201, body = ConsultationDetail),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 422, body = protocol::ApiErrorBody, description = "`validation`, with the `field` at fault")))]
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<ConsultationInput>,
) -> Result<Response, ApiError> {
    require_staff(&current)?;
    let mut tx = state.db.begin().await?;
    let id = service::create(&mut tx, &current.town, &current.user, &body, now()).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation created");
    let detail = detail_of(&state, &current.town, &id, true).await?;
    Ok((StatusCode::CREATED, axum::Json(detail)).into_response())
}

/// Replace a draft's set-up (the uploaded voter list is kept).
#[utoipa::path(put, path = "/api/v1/staff/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)), request_body = ConsultationInput,
    responses((status = 200, body = ConsultationDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`")))]
pub async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ConsultationInput>,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    require_staff(&current)?;
    let id = service::parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    service::update(&mut tx, &current.town, &current.user, &id, &body, now()).await?;
    tx.commit().await?;
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// Delete a draft.
#[utoipa::path(delete, path = "/api/v1/staff/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`")))]
pub async fn delete(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    require_staff(&current)?;
    let id = service::parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    service::delete(&mut tx, &current.town, &current.user, &id, now()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn is_csv_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        mime.as_str(),
        "text/csv" | "application/csv" | "text/plain" | "application/vnd.ms-excel"
    )
}

fn rejected_response(headers: &HeaderMap, rejections: &[Rejection]) -> Response {
    let lang = language_of(headers);
    let body = VoterListRejected {
        error: ErrorCode::VoterListInvalid,
        message: i18n::error_message(ErrorCode::VoterListInvalid, lang).to_owned(),
        rejected: rejections
            .iter()
            .map(|r| VoterListRejectedRow {
                line: r.line,
                column: r.column.map(|c| c.as_str().to_owned()),
                reason: r.reason.code().to_owned(),
                message: r.reason.message(lang),
            })
            .collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// Replace a draft's voter list (eligibility `list`) with a CSV file of `email;weight` rows
/// (raw body, `Content-Type: text/csv`). Every row must be valid: otherwise nothing changes
/// and the answer lists every refused row.
#[utoipa::path(put, path = "/api/v1/staff/consultations/{id}/voters", tag = "consultations",
    params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv",
                 description = "UTF-8 (with or without BOM) CSV of `email;weight` rows, optional header"),
    responses((status = 200, body = VoterListSummary),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`"),
              (status = 413, body = protocol::ApiErrorBody),
              (status = 415, body = protocol::ApiErrorBody),
              (status = 422, body = VoterListRejected)))]
pub async fn upload_voters(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require_staff(&current)?;
    let id = service::parse_id(&id)?;
    if !is_csv_type(&headers) {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
    }
    let bytes = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::code(ErrorCode::PayloadTooLarge));
        }
        Err(e) => return Err(ApiError::detail(ErrorCode::InvalidBody, e.body_text())),
    };
    let parsed = tokio::task::spawn_blocking(move || voter_list::parse(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let rows = match parsed {
        Ok(rows) => rows,
        Err(rejections) => {
            // A list for another town's (or a missing) consultation is a 404 first.
            let mut tx = state.db.read().await?;
            repo::by_id(&mut tx, &current.town.id, &id)
                .await?
                .ok_or_else(ApiError::not_found)?;
            return Ok(rejected_response(&headers, &rejections));
        }
    };
    let mut tx = state.db.begin().await?;
    let summary =
        service::replace_voter_list(&mut tx, &current.town, &current.user, &id, &rows, now())
            .await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, rows = rows.len(), "voter list uploaded");
    Ok(axum::Json(summary).into_response())
}

/// Freeze the set-up and start the key ceremony (draft → key_ceremony).
#[utoipa::path(post, path = "/api/v1/staff/consultations/{id}/key-ceremony", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`: not a draft"),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`validation`: closing time passed, empty voter list, trustee no longer an official")))]
pub async fn start_key_ceremony(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    require_staff(&current)?;
    let id = service::parse_id(&id)?;
    let mut tx = state.db.begin().await?;
    service::start_key_ceremony(&mut tx, &current.town, &current.user, &id, now()).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation set-up frozen");
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// The town's officials, who may be chosen as trustees.
#[utoipa::path(get, path = "/api/v1/staff/officials", tag = "consultations",
    responses((status = 200, body = [OfficialInfo]), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn officials(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<axum::Json<Vec<OfficialInfo>>, ApiError> {
    require_staff(&current)?;
    let mut tx = state.db.read().await?;
    let rows = repo::officials(&mut tx, &current.town.id).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|o| OfficialInfo {
                id: o.id,
                display_name: o.display_name,
                email: o.email,
            })
            .collect(),
    ))
}
