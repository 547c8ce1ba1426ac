//! Service requests as residents (and the public) use them: categories, filing with photos,
//! my requests, a request's page, comments, reopening, "me too" and flags.

use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::requests::limits::MAX_PHOTOS;
use protocol::requests::{
    Category, ContentTarget, NewRequest, PostText, QueueSort, Reason, RequestCreated,
    RequestDetail, RequestPage, RequestStatus,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::AppState;
use crate::http::idempotency::{self, IdempotencyKey};
use crate::http::json::ApiJson;
use crate::http::query::ApiQuery;
use crate::http::session::{CurrentUser, OptionalUser};
use crate::http::town::CurrentTown;
use crate::repo::categories;
use crate::repo::requests::{self as repo, Filter, Request as StoredRequest};
use crate::repo::towns::Town;
use crate::requests::photos::{self, CleanPhoto};
use crate::requests::view::{self, Reader};
use crate::requests::{self as service, Ctx, flags};
use crate::time::now;

/// Largest filing body: three photos and the JSON part.
pub const MAX_FILING_BYTES: usize =
    MAX_PHOTOS * protocol::requests::limits::PHOTO_MAX_BYTES + 64 * 1024;

pub(crate) fn ctx<'a>(state: &'a AppState, town: &'a Town) -> Ctx<'a> {
    Ctx::new(&state.settings, town)
}

/// The request `number` of `town`, or 404.
pub(crate) async fn load(
    tx: &mut crate::db::Tx,
    town: &Town,
    number: &str,
) -> Result<StoredRequest, ApiError> {
    repo::by_number(tx, &town.id, number)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// The request as `reader` may see it, read in a fresh transaction after a change.
pub(crate) async fn detail_after(
    state: &AppState,
    town: &Town,
    number: &str,
    current: &CurrentUser,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.read().await?;
    let request = load(&mut tx, town, number).await?;
    let reader = Reader {
        user_id: Some(&current.user.id),
        staff: current.user.role().is_staff(),
    };
    Ok(axum::Json(
        view::detail(&mut tx, &state.settings, &request, reader).await?,
    ))
}

/// The town's active categories.
#[utoipa::path(get, path = "/categories", tag = "requests",
    responses((status = 200, body = [Category])))]
pub async fn list_categories(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
) -> Result<axum::Json<Vec<Category>>, ApiError> {
    let mut tx = state.db.read().await?;
    let rows = categories::list(&mut tx, &town.id, true).await?;
    Ok(axum::Json(
        rows.iter().map(categories::Row::to_wire).collect(),
    ))
}

/// Reads a filing: JSON, or multipart with a `request` JSON part and `photo` parts.
async fn read_filing(
    state: &AppState,
    req: Request,
) -> Result<(NewRequest, Vec<Vec<u8>>), ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        // Without photos the body is small JSON: hold it to the API's usual limit, not to the
        // photo-sized limit of this route.
        let req = req.map(|body| {
            axum::body::Body::new(http_body_util::Limited::new(body, super::MAX_BODY_BYTES))
        });
        let ApiJson(new) = ApiJson::<NewRequest>::from_request(req, state).await?;
        return Ok((new, Vec::new()));
    }
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|e| ApiError::detail(ErrorCode::InvalidBody, e.body_text()))?;
    let mut new = None;
    let mut uploads = Vec::new();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::code(ErrorCode::PayloadTooLarge)
        } else {
            ApiError::detail(ErrorCode::InvalidBody, e.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name() {
            Some("request") => {
                let bytes = field.bytes().await.map_err(too_large)?;
                let parsed: NewRequest = serde_json::from_slice(&bytes)
                    .map_err(|e| ApiError::detail(ErrorCode::InvalidBody, e.to_string()))?;
                new = Some(parsed);
            }
            Some("photo") => {
                if uploads.len() == MAX_PHOTOS {
                    return Err(ApiError::field(ErrorCode::TooManyPhotos, "photo"));
                }
                let bytes = field.bytes().await.map_err(too_large)?;
                uploads.push(bytes.to_vec());
            }
            _ => {
                return Err(ApiError::detail(
                    ErrorCode::InvalidBody,
                    "unknown multipart part (expected `request` and `photo`)",
                ));
            }
        }
    }
    let new = new.ok_or_else(|| ApiError::field(ErrorCode::InvalidBody, "request"))?;
    Ok((new, uploads))
}

/// File a request (verified residents). JSON, or `multipart/form-data` with a `request` part
/// (the same JSON) and up to three `photo` parts (JPEG, PNG or WebP; re-encoded, metadata
/// stripped). The reporter is emailed a confirmation with the tracking number.
#[utoipa::path(post, path = "/requests", tag = "requests", request_body = NewRequest,
    params(("Idempotency-Key" = Option<String>, Header,
            description = "1-255 visible ASCII characters, one per form submission: a retry with the same key gets the first answer (header `Idempotent-Replayed: true`) and files nothing")),
    responses((status = 201, body = RequestCreated),
              (status = 403, body = protocol::ApiErrorBody, description = "`residency_required`, `account_blocked`"),
              (status = 422, body = protocol::ApiErrorBody, description = "`validation`, `unknown_category`, `invalid_image`, `image_too_large`, `too_many_photos`, `idempotency_key_reused`")))]
pub async fn file(
    State(state): State<AppState>,
    current: CurrentUser,
    IdempotencyKey(key): IdempotencyKey,
    req: Request,
) -> Result<Response, ApiError> {
    // Counted at arrival, before the body is read, except for a retry of a stored filing.
    if !idempotency::is_retry(&state.db, &current.user.id, key.as_deref(), FILE_ROUTE).await? {
        service::throttle_post(&state.db, &state.settings, &current.user).await?;
    }
    {
        let mut tx = state.db.read().await?;
        service::ensure_may_file(&mut tx, &state.settings, &current.user).await?;
    }
    // Bodies of up to three photos are buffered, then decoded: one such filing per account at
    // a time (the hourly throttle counts arrivals, so a concurrent burst passes it).
    let with_photos = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));
    let _slot = with_photos
        .then(|| state.uploads.enter(&current.user.id))
        .transpose()?;
    let (new, uploads) = read_filing(&state, req).await?;
    let asked = serde_json::to_vec(&new).map_err(|e| ApiError::Internal(e.into()))?;
    let keyed = idempotency::Keyed::new(
        key,
        &current.town.id,
        &current.user.id,
        FILE_ROUTE,
        idempotency::fingerprint(
            std::iter::once(asked.as_slice()).chain(uploads.iter().map(Vec::as_slice)),
        ),
    );
    // A retry of a filing already made: its first answer, nothing created.
    if let Some(keyed) = &keyed
        && let Some(first) = keyed.first(&state.db).await?
    {
        return Ok(replay(first));
    }
    // Check the text before spending CPU on images.
    {
        let mut tx = state.db.read().await?;
        service::check(&mut tx, &current.town, &new).await?;
    }
    let photos: Vec<CleanPhoto> = photos::sanitize_all(uploads, "photo").await?;
    let mut tx = state.db.begin().await?;
    let checked = service::check(&mut tx, &current.town, &new).await?;
    let filed = service::file(
        &mut tx,
        ctx(&state, &current.town),
        &checked,
        &photos,
        service::Reporter::Account(&current.user),
        current.user.language(),
    )
    .await?;
    let created = RequestCreated {
        number: filed.number,
        status: RequestStatus::Submitted,
    };
    if let Some(keyed) = &keyed {
        let body = serde_json::to_string(&created).map_err(|e| ApiError::Internal(e.into()))?;
        if !keyed
            .remember(&mut tx, StatusCode::CREATED.as_u16(), &body)
            .await?
        {
            // The same filing, sent twice at once, was made by the other request: undo ours.
            drop(tx);
            let first = keyed
                .first(&state.db)
                .await?
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("idempotency key vanished")))?;
            return Ok(replay(first));
        }
    }
    tx.commit().await?;
    tracing::info!(number = %created.number, photos = photos.len(), "request filed");
    Ok((StatusCode::CREATED, axum::Json(created)).into_response())
}

/// The filing route, as idempotency keys record it.
const FILE_ROUTE: &str = "POST /api/v1/requests";

/// The first answer to a filing, given again and marked as a replay.
fn replay(first: idempotency::Stored) -> Response {
    let status = StatusCode::from_u16(first.status).unwrap_or(StatusCode::OK);
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::HeaderName::from_static("idempotent-replayed"),
                "true",
            ),
        ],
        first.body,
    )
        .into_response()
}

/// `?page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub(crate) fn paging(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), ApiError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(20);
    if page == 0 || page > 100_000 {
        return Err(ApiError::field(ErrorCode::Validation, "page"));
    }
    if per_page == 0 || per_page > protocol::requests::limits::QUEUE_MAX_PER_PAGE {
        return Err(ApiError::field(ErrorCode::Validation, "per_page"));
    }
    Ok((page, per_page))
}

/// The signed-in account's requests, newest first.
#[utoipa::path(get, path = "/requests/mine", tag = "requests", params(PageParams),
    responses((status = 200, body = RequestPage)))]
pub async fn mine(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<axum::Json<RequestPage>, ApiError> {
    let (page, per_page) = paging(params.page, params.per_page)?;
    let filter = Filter {
        reporter_id: Some(current.user.id.clone()),
        ..Filter::default()
    };
    let mut tx = state.db.read().await?;
    let (lines, total) = repo::list(
        &mut tx,
        &current.town.id,
        &filter,
        QueueSort::Newest,
        i64::from(per_page),
        i64::from(page - 1) * i64::from(per_page),
    )
    .await?;
    let now = now();
    Ok(axum::Json(RequestPage {
        items: lines.iter().map(|l| view::summary(l, false, now)).collect(),
        total: u64::try_from(total.count).unwrap_or(0),
        total_capped: total.capped,
        page,
        per_page,
    }))
}

/// A request and its public timeline. Anyone may read it; staff get the staff view
/// (internal notes, names, hidden content with the reasons).
#[utoipa::path(get, path = "/requests/{number}", tag = "requests",
    params(("number" = String, Path, description = "Tracking number, e.g. 2026-000123")),
    responses((status = 200, body = RequestDetail), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    OptionalUser(current): OptionalUser,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.read().await?;
    let request = load(&mut tx, &town, &number).await?;
    let reader = Reader {
        user_id: current.as_ref().map(|c| c.user.id.as_str()),
        staff: current.as_ref().is_some_and(|c| c.user.role().is_staff()),
    };
    Ok(axum::Json(
        view::detail(&mut tx, &state.settings, &request, reader).await?,
    ))
}

/// A photo of a request (hidden photos: staff only).
#[utoipa::path(get, path = "/requests/{number}/photos/{id}", tag = "requests",
    params(("number" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", description = "The re-encoded image"),
              (status = 404, body = protocol::ApiErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    OptionalUser(current): OptionalUser,
    Path((number, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.read().await?;
    let request = load(&mut tx, &town, &number).await?;
    let (bytes, mime, hidden) = repo::photo_data(&mut tx, &request.id, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let staff = current.as_ref().is_some_and(|c| c.user.role().is_staff());
    if hidden.is_some() && !staff {
        return Err(ApiError::not_found());
    }
    let mut headers = HeaderMap::new();
    if let Ok(v) = mime.parse() {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, max-age=300"),
    );
    Ok((headers, bytes).into_response())
}

/// The reporter comments on their request.
#[utoipa::path(post, path = "/requests/{number}/comments", tag = "requests",
    params(("number" = String, Path),
           ("Idempotency-Key" = Option<String>, Header,
            description = "a retry with the same key posts nothing again")),
    request_body = PostText,
    responses((status = 200, body = RequestDetail), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    current: CurrentUser,
    IdempotencyKey(key): IdempotencyKey,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<PostText>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let keyed = idempotency::Keyed::new(
        key,
        &current.town.id,
        &current.user.id,
        "POST /api/v1/requests/{number}/comments",
        idempotency::fingerprint([number.as_bytes(), body.body.as_bytes()]),
    );
    // A retry of a comment already posted: the request as it is now, nothing posted again.
    if let Some(keyed) = &keyed
        && keyed.first(&state.db).await?.is_some()
    {
        return detail_after(&state, &current.town, &number, &current).await;
    }
    // Counted only for a comment that will be posted: a retry is not a new post.
    service::throttle_post(&state.db, &state.settings, &current.user).await?;
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    service::comment(
        &mut tx,
        ctx(&state, &current.town),
        &request,
        &current.user,
        &body.body,
        "web",
    )
    .await?;
    if let Some(keyed) = &keyed
        && !keyed.remember(&mut tx, StatusCode::OK.as_u16(), "").await?
    {
        // Posted by the same request sent at the same time: ours is undone.
        drop(tx);
        return detail_after(&state, &current.town, &number, &current).await;
    }
    tx.commit().await?;
    detail_after(&state, &current.town, &number, &current).await
}

/// The reporter reopens a resolved or closed request within the reopening window.
#[utoipa::path(post, path = "/requests/{number}/reopen", tag = "requests",
    params(("number" = String, Path)), request_body = Reason,
    responses((status = 200, body = RequestDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`, `reopen_expired`")))]
pub async fn reopen(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<Reason>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    service::throttle_post(&state.db, &state.settings, &current.user).await?;
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    service::reopen(
        &mut tx,
        ctx(&state, &current.town),
        &request,
        &current.user,
        &body.reason,
    )
    .await?;
    tx.commit().await?;
    detail_after(&state, &current.town, &number, &current).await
}

async fn set_follow(
    state: &AppState,
    current: &CurrentUser,
    number: &str,
    follow: bool,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, number).await?;
    service::follow(&mut tx, &request, &current.user, follow).await?;
    tx.commit().await?;
    detail_after(state, &current.town, number, current).await
}

/// "Me too": follow a request to get its public updates by email.
#[utoipa::path(put, path = "/requests/{number}/follow", tag = "requests",
    params(("number" = String, Path)), responses((status = 200, body = RequestDetail)))]
pub async fn follow(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    set_follow(&state, &current, &number, true).await
}

/// Stop following a request.
#[utoipa::path(delete, path = "/requests/{number}/follow", tag = "requests",
    params(("number" = String, Path)), responses((status = 200, body = RequestDetail)))]
pub async fn unfollow(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(number): Path<String>,
) -> Result<axum::Json<RequestDetail>, ApiError> {
    set_follow(&state, &current, &number, false).await
}

/// Flag abusive content (the description, a timeline entry or a photo) for staff review.
#[utoipa::path(post, path = "/requests/{number}/flags", tag = "requests",
    params(("number" = String, Path)), request_body = ContentTarget,
    responses((status = 204, description = "Flag recorded"), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn flag(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<ContentTarget>,
) -> Result<StatusCode, ApiError> {
    service::throttle_post(&state.db, &state.settings, &current.user).await?;
    let mut tx = state.db.begin().await?;
    let request = load(&mut tx, &current.town, &number).await?;
    flags::flag(&mut tx, &current.town, &request, &current.user, &body).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories))
        .routes(routes!(file).layer(DefaultBodyLimit::max(MAX_FILING_BYTES)))
        .routes(routes!(mine))
        .routes(routes!(detail))
        .routes(routes!(photo))
        .routes(routes!(comment))
        .routes(routes!(reopen))
        .routes(routes!(follow, unfollow))
        .routes(routes!(flag))
}
