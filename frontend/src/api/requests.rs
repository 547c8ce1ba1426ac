//! Typed calls to the service-request routes (`docs/requests.md`).
//!
//! Filing goes through `XMLHttpRequest` rather than `fetch` because only XHR reports upload
//! progress; everything else uses the JSON helpers of the parent module.

use gloo_net::http::Request;
use js_sys::{Array, Promise};
use protocol::api::Language;
use protocol::requests::{
    Assignment, Category, ContentTarget, NewRequest, PersonRef, PostText, QueueSort, Reason,
    RequestCreated, RequestDetail, RequestPage, RequestStatus, StatusChange,
};
use protocol::{ApiErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, FormData, ProgressEvent, XmlHttpRequest};

use super::{ApiError, BASE, LANGUAGE, get_json, json, post_json, post_json_once, prepare, send};

/// Where the staff queue's CSV export lives (a plain download link, not a fetch).
pub const QUEUE_CSV_URL: &str = "/api/v1/staff/requests.csv";

/// Rows per page of "my requests" and of the staff queue.
pub const PER_PAGE: u32 = 20;

fn enc(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// `GET /api/v1/categories`: the active categories.
pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get_json("/categories").await
}

/// `GET /api/v1/requests/mine`
pub async fn my_requests(page: u32) -> Result<RequestPage, ApiError> {
    get_json(&format!("/requests/mine?page={page}&per_page={PER_PAGE}")).await
}

/// `GET /api/v1/requests/{number}` (staff get the staff view).
pub async fn request(number: &str) -> Result<RequestDetail, ApiError> {
    get_json(&format!("/requests/{}", enc(number))).await
}

/// `POST /api/v1/requests/{number}/comments` (the reporter).
pub async fn comment(
    number: &str,
    body: &PostText,
    idempotency_key: &str,
) -> Result<RequestDetail, ApiError> {
    let path = format!("/requests/{}/comments", enc(number));
    post_json_once(&path, body, idempotency_key).await
}

/// `POST /api/v1/requests/{number}/reopen` (the reporter, within the window).
pub async fn reopen(number: &str, body: &Reason) -> Result<RequestDetail, ApiError> {
    post_json(&format!("/requests/{}/reopen", enc(number)), body).await
}

/// `PUT` (follow) or `DELETE` (stop following) `/api/v1/requests/{number}/follow`.
pub async fn follow(number: &str, on: bool) -> Result<RequestDetail, ApiError> {
    let url = format!("{BASE}/requests/{}/follow", enc(number));
    let builder = if on {
        Request::put(&url)
    } else {
        Request::delete(&url)
    };
    let response = send(prepare(builder).build()).await?;
    json(response).await
}

/// `POST /api/v1/requests/{number}/flags`: reports content to the moderators.
pub async fn flag(number: &str, body: &ContentTarget) -> Result<(), ApiError> {
    send(
        prepare(Request::post(&format!(
            "{BASE}/requests/{}/flags",
            enc(number)
        )))
        .json(body),
    )
    .await?;
    Ok(())
}

/// The staff queue's filters, as they appear in the page's URL and in the API's query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub statuses: Vec<RequestStatus>,
    /// A category code, or empty for every category.
    pub category: String,
    /// A staff member's id, `none` for unassigned requests, or empty for all.
    pub assignee: String,
    /// Whole days, as typed (empty for no minimum).
    pub min_age_days: String,
    pub q: String,
    pub sort: QueueSort,
    pub page: u32,
}

/// A sort order's name on the wire.
pub fn sort_str(sort: QueueSort) -> &'static str {
    match sort {
        QueueSort::Oldest => "oldest",
        QueueSort::Newest => "newest",
        QueueSort::RecentlyUpdated => "recently_updated",
        QueueSort::MostFollowed => "most_followed",
    }
}

/// Every sort order, in the order the form lists them.
pub const SORTS: [QueueSort; 4] = [
    QueueSort::Oldest,
    QueueSort::Newest,
    QueueSort::RecentlyUpdated,
    QueueSort::MostFollowed,
];

impl QueueFilter {
    /// Reads the filters from query parameters (unknown values are ignored).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let statuses = get("status")
            .map(|s| s.split(',').filter_map(RequestStatus::parse).collect())
            .unwrap_or_default();
        let sort = get("sort")
            .and_then(|s| SORTS.into_iter().find(|o| sort_str(*o) == s))
            .unwrap_or_default();
        let min_age_days = get("min_age_days")
            .filter(|v| v.parse::<u32>().is_ok())
            .unwrap_or_default();
        Self {
            statuses,
            category: get("category").unwrap_or_default(),
            assignee: get("assignee").unwrap_or_default(),
            min_age_days,
            q: get("q").unwrap_or_default(),
            sort,
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The query string (without `?`), with only the filters that are set; `page` only when
    /// `with_page` and past the first.
    pub fn to_query(&self, with_page: bool) -> String {
        let mut parts = Vec::new();
        if !self.statuses.is_empty() {
            let list: Vec<&str> = self.statuses.iter().map(|s| s.as_str()).collect();
            parts.push(format!("status={}", list.join(",")));
        }
        for (name, value) in [
            ("category", &self.category),
            ("assignee", &self.assignee),
            ("min_age_days", &self.min_age_days),
            ("q", &self.q),
        ] {
            let value = value.trim();
            if !value.is_empty() {
                parts.push(format!("{name}={}", enc(value)));
            }
        }
        if self.sort != QueueSort::default() {
            parts.push(format!("sort={}", sort_str(self.sort)));
        }
        if with_page && self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// `GET /api/v1/staff/requests`
pub async fn queue(filter: &QueueFilter) -> Result<RequestPage, ApiError> {
    let mut query = filter.to_query(false);
    if !query.is_empty() {
        query.push('&');
    }
    get_json(&format!(
        "/staff/requests?{query}page={}&per_page={PER_PAGE}",
        filter.page
    ))
    .await
}

/// `GET /api/v1/staff/members`: who requests can be assigned to.
pub async fn members() -> Result<Vec<PersonRef>, ApiError> {
    get_json("/staff/members").await
}

async fn staff_post<B: Serialize, T: DeserializeOwned>(
    number: &str,
    action: &str,
    body: &B,
) -> Result<T, ApiError> {
    post_json(&format!("/staff/requests/{}/{action}", enc(number)), body).await
}

/// `POST /api/v1/staff/requests/{number}/status`
pub async fn change_status(number: &str, body: &StatusChange) -> Result<RequestDetail, ApiError> {
    staff_post(number, "status", body).await
}

/// `POST /api/v1/staff/requests/{number}/updates`: a public update, emailed.
pub async fn public_update(number: &str, body: &PostText) -> Result<RequestDetail, ApiError> {
    staff_post(number, "updates", body).await
}

/// `POST /api/v1/staff/requests/{number}/notes`: an internal note.
pub async fn internal_note(number: &str, body: &PostText) -> Result<RequestDetail, ApiError> {
    staff_post(number, "notes", body).await
}

/// `POST /api/v1/staff/requests/{number}/assign`
pub async fn assign(number: &str, body: &Assignment) -> Result<RequestDetail, ApiError> {
    staff_post(number, "assign", body).await
}

/// `POST /api/v1/staff/requests/{number}/hide`: moderation.
pub async fn hide(number: &str, body: &ContentTarget) -> Result<RequestDetail, ApiError> {
    staff_post(number, "hide", body).await
}

/// `PUT` (block, with a reason) or `DELETE` (unblock) `/api/v1/staff/users/{id}/block`.
pub async fn block(user_id: &str, reason: Option<&Reason>) -> Result<(), ApiError> {
    let url = format!("{BASE}/staff/users/{}/block", enc(user_id));
    let request = match reason {
        Some(reason) => prepare(Request::put(&url)).json(reason),
        None => prepare(Request::delete(&url)).build(),
    };
    send(request).await?;
    Ok(())
}

/// A fresh `Idempotency-Key`: 128 random bits in hex (`crypto.getRandomValues`, which works
/// outside secure contexts too).
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /api/v1/requests` as `multipart/form-data` (a `request` part with the JSON and one
/// `photo` part per image), through `XMLHttpRequest` so that `on_progress` hears the upload's
/// progress (a fraction from 0 to 1). `idempotency_key` is the form's: the same for every
/// attempt of one submission, so that a retry after a lost answer files nothing twice.
pub async fn file_request(
    body: &NewRequest,
    photos: &[web_sys::File],
    idempotency_key: &str,
    on_progress: impl Fn(f64) + 'static,
) -> Result<RequestCreated, ApiError> {
    let form = build_form(body, photos).ok_or(ApiError::Network)?;
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("POST", &format!("{BASE}/requests"))
        .map_err(|_| ApiError::Network)?;
    let lang = LANGUAGE.with(std::cell::Cell::get);
    let _ = xhr.set_request_header("Accept", "application/json");
    let _ = xhr.set_request_header("Accept-Language", language_tag(lang));
    let _ = xhr.set_request_header("Idempotency-Key", idempotency_key);
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            on_progress((e.loaded() / e.total()).clamp(0.0, 1.0));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let done = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| ApiError::Network)?;
    let outcome = JsFuture::from(done).await;
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    xhr.set_onload(None);
    xhr.set_onerror(None);
    xhr.set_onabort(None);
    xhr.set_ontimeout(None);
    drop(progress);
    outcome.map_err(|_| ApiError::Network)?;

    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| ApiError::Unexpected { status });
    }
    if status == 0 {
        return Err(ApiError::Network);
    }
    let retry_after = xhr
        .get_response_header("retry-after")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    Err(match serde_json::from_str::<ApiErrorBody>(&text) {
        Ok(body) => ApiError::Api {
            status,
            code: body.error,
            message: body.message,
            retry_after,
            field: body.field,
        },
        // A proxy refusing a too large body answers 413 with its own page.
        Err(_) if status == 413 => ApiError::Api {
            status,
            code: ErrorCode::PayloadTooLarge,
            message: String::new(),
            retry_after: None,
            field: Some("photo".to_owned()),
        },
        Err(_) => ApiError::Unexpected { status },
    })
}

fn language_tag(lang: Language) -> &'static str {
    lang.as_str()
}

fn build_form(body: &NewRequest, photos: &[web_sys::File]) -> Option<FormData> {
    let form = FormData::new().ok()?;
    let json = serde_json::to_string(body).ok()?;
    let parts = Array::of1(&wasm_bindgen::JsValue::from_str(&json));
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    form.append_with_blob_and_filename("request", &blob, "request.json")
        .ok()?;
    for photo in photos {
        form.append_with_blob_and_filename("photo", photo, &photo.name())
            .ok()?;
    }
    Some(form)
}
