//! The town's services at work on requests: the queue and its CSV export, request actions
//! (status, public update, internal note, assignment, moderation), flags, blocking, category
//! management, and the audit log for administrators. Every action is audit-logged by
//! [`crate::requests`].

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::Role;
use protocol::requests::{
    Assignment, AuditEntry, AuditPage, Category, CategoryInput, ContentTarget, FlagInfo, PersonRef,
    PostText, QueueSort, Reason, RequestDetail, RequestPage, RequestStatus, StatusChange,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::requests::{ctx, detail_after, load, paging};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::query::ApiQuery;
use crate::http::session::{CurrentUser, StaffUser};
use crate::repo::requests::{self as repo, Filter};
use crate::repo::{audit, categories};
use crate::requests::{self as service, Hideable, flags, validate, view};
use crate::time::{format_iso8601, now};

/// Queue filters: `?status=submitted,acknowledged&category=&assignee=<id>|none&min_age_days=&q=&sort=&page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueParams {
    /// Comma-separated statuses; default: every status.
    pub status: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// A staff account id, or `none` for unassigned requests.
    pub assignee: Option<String>,
    /// Only requests filed at least this many days ago.
    pub min_age_days: Option<u32>,
    /// Words searched in the number, description and address.
    pub q: Option<String>,
    #[param(inline)]
    pub sort: Option<QueueSort>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

impl QueueParams {
    fn filter(&self) -> Result<Filter, ApiError> {
        let statuses = match self.status.as_deref().map(str::trim) {
            Some(list) if !list.is_empty() => list
                .split(',')
                .map(|s| {
                    RequestStatus::parse(s.trim())
                        .ok_or_else(|| ApiError::field(ErrorCode::Validation, "status"))
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => Vec::new(),
        };
        let q = match self.q.as_deref() {
            Some(q) if q.chars().count() > 200 => {
                return Err(ApiError::field(ErrorCode::Validation, "q"));
            }
            other => other.map(str::to_owned),
        };
        Ok(Filter {
            statuses,
            category_code: self.category.clone().filter(|c| !c.is_empty()),
            assignee_id: match self.assignee.as_deref() {
                Some("none") => Some(String::new()),
                Some("") | None => None,
                Some(id) => Some(id.to_owned()),
            },
            created_before: self
                .min_age_days
                .map(|d| now() - i64::from(d.min(36_500)) * 86_400),
            text: q,
            ..Filter::default()
        })
    }
}

/// The staff queue: filtered, sorted, paginated.
#[utoipa::path(get, path = "/staff/requests", tag = "staff", params(QueueParams),
    responses((status = 200, body = RequestPage), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<axum::Json<RequestPage>, ApiError> {
    let (page, per_page) = paging(params.page, params.per_page)?;
    let filter = params.filter()?;
    let mut tx = state.db.read().await?;
    let (lines, total) = repo::list(
        &mut tx,
        &current.town.id,
        &filter,
        params.sort.unwrap_or_default(),
        i64::from(per_page),
        i64::from(page - 1) * i64::from(per_page),
    )
    .await?;
    let now = now();
    Ok(axum::Json(RequestPage {
        items: lines.iter().map(|l| view::summary(l, true, now)).collect(),
        total: u64::try_from(total.count).unwrap_or(0),
        total_capped: total.capped,
        page,
        per_page,
    }))
}

/// Most rows one export holds.
const EXPORT_MAX_ROWS: i64 = 50_000;

/// Quotes a CSV field (`;` separated, as French spreadsheet software expects) and defuses
/// formula injection: a cell starting with `=`, `+`, `-` or `@` is prefixed with `'`.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The queue as CSV (UTF-8 with a byte-order mark so that spreadsheet software reads accents
/// correctly), with the same filters and order; `page`/`per_page` are ignored.
#[utoipa::path(get, path = "/staff/requests.csv", tag = "staff", params(QueueParams),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn export_csv(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<Response, ApiError> {
    let filter = params.filter()?;
    let mut tx = state.db.read().await?;
    let lines = repo::page_of(
        &mut tx,
        &current.town.id,
        &filter,
        params.sort.unwrap_or_default(),
        EXPORT_MAX_ROWS,
        0,
    )
    .await?;
    let now = now();
    let mut out = String::from("\u{feff}");
    out += "numero;categorie;statut;description;adresse;latitude;longitude;assigne;equipe;suivis;depose_le;mis_a_jour_le;age_jours;signale_par\r\n";
    for l in &lines {
        let cells = [
            l.number.clone(),
            l.category_fr.clone(),
            l.status.clone(),
            l.description.clone(),
            l.address.clone().unwrap_or_default(),
            l.lat_e6
                .map(|v| format!("{:.6}", validate::degrees(v)))
                .unwrap_or_default(),
            l.lon_e6
                .map(|v| format!("{:.6}", validate::degrees(v)))
                .unwrap_or_default(),
            l.assignee_name.clone().unwrap_or_default(),
            l.team.clone().unwrap_or_default(),
            l.followers.to_string(),
            format_iso8601(l.created_at),
            format_iso8601(l.updated_at),
            ((now - l.created_at).max(0) / 86_400).to_string(),
            l.reporter_email.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out += &row.join(";");
        out += "\r\n";
    }
    tracing::info!(staff = %current.user.id, rows = lines.len(), "requests exported");
    let mut response = out.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"demandes.csv\""),
    );
    Ok(response)
}

/// Move a request along its lifecycle; the reason is public and emailed.
#[utoipa::path(post, path = "/staff/requests/{number}/status", tag = "staff",
    params(("number" = String, Path)), request_body = StatusChange,
    responses((status = 200, body = RequestDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`")))]
pub async fn change_status(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<StatusChange>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    service::change_status(
        &mut tx,
        ctx(&state, &current.town),
        &request,
        &current.user,
        &body,
    )
    .await?;
    tx.commit().await?;
    detail_after(&state, &current.town, &number, &current).await
}

async fn post_text(
    state: &AppState,
    current: &CurrentUser,
    number: &str,
    body: &PostText,
    public: bool,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, number).await?;
    service::post_staff_text(
        &mut tx,
        ctx(state, &current.town),
        &request,
        &current.user,
        &body.body,
        public,
    )
    .await?;
    tx.commit().await?;
    detail_after(state, &current.town, number, current).await
}

/// A public update: shown on the request and emailed to the reporter and followers.
#[utoipa::path(post, path = "/staff/requests/{number}/updates", tag = "staff",
    params(("number" = String, Path)), request_body = PostText,
    responses((status = 200, body = RequestDetail)))]
pub async fn public_update(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<PostText>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    post_text(&state, &current, &number, &body, true).await
}

/// An internal note: staff only, never emailed.
#[utoipa::path(post, path = "/staff/requests/{number}/notes", tag = "staff",
    params(("number" = String, Path)), request_body = PostText,
    responses((status = 200, body = RequestDetail)))]
pub async fn internal_note(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<PostText>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    post_text(&state, &current, &number, &body, false).await
}

/// Assign to a staff member and/or a team.
#[utoipa::path(post, path = "/staff/requests/{number}/assign", tag = "staff",
    params(("number" = String, Path)), request_body = Assignment,
    responses((status = 200, body = RequestDetail)))]
pub async fn assign(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<Assignment>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    service::assign(
        &mut tx,
        ctx(&state, &current.town),
        &request,
        &current.user,
        body.assignee_id.as_deref(),
        body.team.as_deref(),
    )
    .await?;
    tx.commit().await?;
    detail_after(&state, &current.town, &number, &current).await
}

/// Hide abusive content with a reason; its author is told by email.
#[utoipa::path(post, path = "/staff/requests/{number}/hide", tag = "staff",
    params(("number" = String, Path)), request_body = ContentTarget,
    responses((status = 200, body = RequestDetail)))]
pub async fn hide(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<ContentTarget>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let what = match (body.event_id, body.photo_id.as_deref()) {
        (None, None) => Hideable::Description,
        (Some(id), None) => Hideable::Event(id),
        (None, Some(id)) => Hideable::Photo(id),
        (Some(_), Some(_)) => return Err(ApiError::field(ErrorCode::Validation, "photo_id")),
    };
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    service::hide(
        &mut tx,
        ctx(&state, &current.town),
        &request,
        &current.user,
        what,
        &body.reason,
    )
    .await?;
    tx.commit().await?;
    detail_after(&state, &current.town, &number, &current).await
}

/// The town's staff who can be assigned requests.
#[utoipa::path(get, path = "/staff/members", tag = "staff",
    responses((status = 200, body = [PersonRef])))]
pub async fn members(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
) -> Result<axum::Json<Vec<PersonRef>>, ApiError> {
    let mut tx = state.db.read().await?;
    let users = crate::repo::users::staff_members(&mut tx, &current.town.id).await?;
    Ok(axum::Json(
        users
            .into_iter()
            .map(|u| PersonRef {
                id: u.id,
                display_name: u.display_name,
                email: Some(u.email),
            })
            .collect(),
    ))
}

/// Flags waiting for review, oldest first.
#[utoipa::path(get, path = "/staff/flags", tag = "staff",
    responses((status = 200, body = [FlagInfo])))]
pub async fn flags(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
) -> Result<axum::Json<Vec<FlagInfo>>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(flags::open(&mut tx, &current.town).await?))
}

/// Mark a flag as reviewed.
#[utoipa::path(post, path = "/staff/flags/{id}/resolve", tag = "staff",
    params(("id" = String, Path)), responses((status = 204, description = "Resolved")))]
pub async fn resolve_flag(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    flags::resolve(&mut tx, &current.town, &current.user, &id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Block a resident from posting (they can still read); they are told why.
#[utoipa::path(put, path = "/staff/users/{id}/block", tag = "staff",
    params(("id" = String, Path)), request_body = Reason,
    responses((status = 204, description = "Blocked"), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn block(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Reason>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    service::set_blocked(
        &mut tx,
        ctx(&state, &current.town),
        &current.user,
        &id,
        Some(&body.reason),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a block.
#[utoipa::path(delete, path = "/staff/users/{id}/block", tag = "staff",
    params(("id" = String, Path)), responses((status = 204, description = "Unblocked")))]
pub async fn unblock(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    service::set_blocked(
        &mut tx,
        ctx(&state, &current.town),
        &current.user,
        &id,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every category of the town, retired ones included.
#[utoipa::path(get, path = "/staff/categories", tag = "staff",
    responses((status = 200, body = [Category])))]
pub async fn list_categories(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
) -> Result<axum::Json<Vec<Category>>, ApiError> {
    let mut tx = state.db.read().await?;
    let rows = categories::list(&mut tx, &current.town.id, false).await?;
    Ok(axum::Json(
        rows.iter().map(categories::Row::to_wire).collect(),
    ))
}

async fn save_category(
    state: &AppState,
    current: &CurrentUser,
    code: Option<&str>,
    input: &CategoryInput,
) -> Result<Category, ApiError> {
    validate::category(input)?;
    let mut tx = state.db.begin().await?;
    let action = match code {
        None => {
            categories::insert(&mut tx, &current.town.id, input)
                .await
                .map_err(|e| {
                    if crate::db::is_unique_violation(&e, "categories_town_code_key") {
                        ApiError::field(ErrorCode::Conflict, "code")
                    } else {
                        e.into()
                    }
                })?;
            "category.create"
        }
        Some(code) => {
            if input.code != code {
                return Err(ApiError::field(ErrorCode::Validation, "code"));
            }
            if !categories::update(&mut tx, &current.town.id, code, input).await? {
                return Err(ApiError::not_found());
            }
            "category.update"
        }
    };
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &current.town.id,
            actor_id: Some(&current.user.id),
            action,
            target: &input.code,
            reason: "",
        },
    )
    .await?;
    let saved = categories::by_code(&mut tx, &current.town.id, &input.code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("category vanished in its own transaction"))?;
    tx.commit().await?;
    Ok(saved.to_wire())
}

/// Create a category.
#[utoipa::path(post, path = "/staff/categories", tag = "staff", request_body = CategoryInput,
    responses((status = 201, body = Category), (status = 409, body = protocol::ApiErrorBody)))]
pub async fn create_category(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Response, ApiError> {
    let saved = save_category(&state, &current, None, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(saved)).into_response())
}

/// Replace a category's definition (retire it with `active: false`).
#[utoipa::path(put, path = "/staff/categories/{code}", tag = "staff",
    params(("code" = String, Path)), request_body = CategoryInput,
    responses((status = 200, body = Category), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn update_category(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<axum::Json<Category>, ApiError> {
    Ok(axum::Json(
        save_category(&state, &current, Some(&code), &input).await?,
    ))
}

/// `?page=` of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    pub page: Option<u32>,
}

/// The town's audit log, newest first, 100 per page, with the verification of the whole chain
/// (administrators).
#[utoipa::path(get, path = "/admin/audit", tag = "admin", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn audit_log(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    if !matches!(current.user.role(), Role::Admin | Role::SyndicateAdmin) {
        return Err(ApiError::forbidden());
    }
    let (page, per_page) = paging(params.page, Some(100))?;
    let mut tx = state.db.read().await?;
    let entries = audit::list(&mut tx, &current.town.id).await?;
    let first_broken = audit::first_broken(&entries);
    let total = entries.len();
    let items = entries
        .iter()
        .rev()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|e| AuditEntry {
            id: e.id,
            actor_id: e.actor_id.clone(),
            action: e.action.clone(),
            target: e.target.clone(),
            reason: e.reason.clone(),
            created_at: e.created_at,
            hash: hex::encode(&e.hash),
        })
        .collect();
    Ok(axum::Json(AuditPage {
        items,
        total: total as u64,
        chain_valid: first_broken.is_none(),
        first_broken,
    }))
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(export_csv))
        .routes(routes!(change_status))
        .routes(routes!(public_update))
        .routes(routes!(internal_note))
        .routes(routes!(assign))
        .routes(routes!(hide))
        .routes(routes!(members))
        .routes(routes!(flags))
        .routes(routes!(resolve_flag))
        .routes(routes!(block, unblock))
        .routes(routes!(list_categories, create_category))
        .routes(routes!(update_category))
        .routes(routes!(audit_log))
}
