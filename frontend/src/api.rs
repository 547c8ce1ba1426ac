//! Typed calls to the same-origin `/api/v1` HTTP API.
//!
//! Every function sends and receives `protocol::api` types and returns `Result<T, ApiError>`.
//! The session cookie (`voix_session`) is sent by the browser automatically: requests are
//! same-origin and `fetch` uses `credentials: same-origin` by default.

use std::cell::Cell;

use gloo_net::http::{Request, RequestBuilder, Response};
use protocol::api::{
    Accepted, ChangePasswordRequest, DirectoryLoginRequest, DisableTotpRequest, Language,
    LoginRequest, Me, PasswordResetConfirm, PasswordResetRequest, RecoveryCodes, RegisterRequest,
    TokenRequest, TotpConfirmRequest, TotpEnrolment, TownInfo, UpdateMeRequest,
};
use protocol::api::{
    CensusImported, CensusRejected, CensusSummary, ManualResidencyRequest, ResidencyRequest,
    ResidencyStatus, RevokeResidencyRequest, UserResidency,
};
use protocol::{ApiErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::{self, Errors, Text};

/// Where the browser downloads the signed-in person's data (a plain link, not a fetch).
pub const EXPORT_URL: &str = "/api/v1/me/export";

pub mod consultations;
pub mod requests;
pub mod staff;
pub mod staff_consultations;
pub mod trustee;

const BASE: &str = "/api/v1";

thread_local! {
    /// The interface language, sent as `Accept-Language` so that server messages match it.
    static LANGUAGE: Cell<Language> = const { Cell::new(Language::Fr) };
}

/// Tells the API client which language the interface is in.
pub fn set_language(lang: Language) {
    LANGUAGE.with(|l| l.set(lang));
}

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server answered with the API's error body.
    Api {
        status: u16,
        code: ErrorCode,
        /// Already translated by the server.
        message: String,
        /// Seconds from the `Retry-After` header (429 responses).
        retry_after: Option<u64>,
        /// The request field at fault, when the server named one.
        field: Option<String>,
    },
    /// The request never got an answer (server down, network cut).
    Network,
    /// The server answered something that is not what the API promises.
    Unexpected { status: u16 },
}

impl ApiError {
    /// The API error code, if the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The request field the server named as faulty, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Api { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// A message for the person using the site, in `lang`: our own text for the error code when
    /// we have one, otherwise the server's.
    pub fn user_message(&self, lang: Language) -> String {
        match self {
            Self::Api {
                code: ErrorCode::TooManyRequests,
                retry_after,
                ..
            } => i18n::too_many_requests(lang, *retry_after),
            Self::Api { code, message, .. } => match i18n::error_code_key(*code) {
                Some(key) => key.text(lang).to_owned(),
                None => message.clone(),
            },
            Self::Network => Errors::ErrNetwork.text(lang).to_owned(),
            // A proxy's "bad gateway" or "unavailable" page: the server is down or restarting.
            Self::Unexpected { status: 502..=504 } => ErrorCode::Unavailable.text(lang).to_owned(),
            Self::Unexpected { status } => i18n::unexpected_response(lang, *status),
        }
    }
}

fn prepare(builder: RequestBuilder) -> RequestBuilder {
    let lang = LANGUAGE.with(Cell::get);
    builder
        .header("Accept", "application/json")
        .header("Accept-Language", lang.as_str())
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(error_from(response).await)
    }
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok());
    match response.json::<ApiErrorBody>().await {
        Ok(body) => ApiError::Api {
            status,
            code: body.error,
            message: body.message,
            retry_after,
            field: body.field,
        },
        Err(_) => ApiError::Unexpected { status },
    }
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::Unexpected { status })
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = send(prepare(Request::get(&format!("{BASE}{path}"))).build()).await?;
    json(response).await
}

async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let response = send(prepare(Request::post(&format!("{BASE}{path}"))).json(body)).await?;
    json(response).await
}

/// [`post_json`] with an `Idempotency-Key`: a retry with the same key creates nothing twice.
async fn post_json_once<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<T, ApiError> {
    let request = prepare(Request::post(&format!("{BASE}{path}")))
        .header("Idempotency-Key", idempotency_key)
        .json(body);
    json(send(request).await?).await
}

async fn post_empty(path: &str) -> Result<(), ApiError> {
    send(prepare(Request::post(&format!("{BASE}{path}"))).build()).await?;
    Ok(())
}

/// `GET /api/v1/town`
pub async fn town() -> Result<TownInfo, ApiError> {
    get_json("/town").await
}

/// `POST /api/v1/auth/register` (the same answer whether or not the address is known).
pub async fn register(body: &RegisterRequest) -> Result<Accepted, ApiError> {
    post_json("/auth/register", body).await
}

/// `POST /api/v1/auth/verify-email`
pub async fn verify_email(body: &TokenRequest) -> Result<Accepted, ApiError> {
    post_json("/auth/verify-email", body).await
}

/// `POST /api/v1/auth/login`: sets the session cookie.
pub async fn login(body: &LoginRequest) -> Result<Me, ApiError> {
    post_json("/auth/login", body).await
}

/// `POST /api/v1/auth/directory-login`: staff and officials, with the town hall's account.
pub async fn directory_login(body: &DirectoryLoginRequest) -> Result<Me, ApiError> {
    post_json("/auth/directory-login", body).await
}

/// `POST /api/v1/auth/logout`
pub async fn logout() -> Result<(), ApiError> {
    post_empty("/auth/logout").await
}

/// `POST /api/v1/auth/logout-all`: ends every session of the account, this one included.
pub async fn logout_all() -> Result<(), ApiError> {
    post_empty("/auth/logout-all").await
}

/// `POST /api/v1/auth/password-reset/request`
pub async fn request_password_reset(body: &PasswordResetRequest) -> Result<Accepted, ApiError> {
    post_json("/auth/password-reset/request", body).await
}

/// `POST /api/v1/auth/password-reset/confirm`
pub async fn confirm_password_reset(body: &PasswordResetConfirm) -> Result<Accepted, ApiError> {
    post_json("/auth/password-reset/confirm", body).await
}

/// `GET /api/v1/me`: `Ok(None)` when nobody is signed in (401 `unauthenticated`).
pub async fn me() -> Result<Option<Me>, ApiError> {
    match get_json::<Me>("/me").await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.code() == Some(ErrorCode::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `PATCH /api/v1/me`
pub async fn update_me(body: &UpdateMeRequest) -> Result<Me, ApiError> {
    let response = send(prepare(Request::patch(&format!("{BASE}/me"))).json(body)).await?;
    json(response).await
}

/// `POST /api/v1/me/password`
pub async fn change_password(body: &ChangePasswordRequest) -> Result<(), ApiError> {
    send(prepare(Request::post(&format!("{BASE}/me/password"))).json(body)).await?;
    Ok(())
}

/// `DELETE /api/v1/me`: deletes the account and its session.
pub async fn delete_me() -> Result<(), ApiError> {
    send(prepare(Request::delete(&format!("{BASE}/me"))).build()).await?;
    Ok(())
}

/// `POST /api/v1/me/totp/enrol`: a new pending second-factor secret and its QR code.
pub async fn totp_enrol() -> Result<TotpEnrolment, ApiError> {
    let response = send(prepare(Request::post(&format!("{BASE}/me/totp/enrol"))).build()).await?;
    json(response).await
}

/// `POST /api/v1/me/totp/confirm`: activates the second factor; returns the recovery codes.
pub async fn totp_confirm(body: &TotpConfirmRequest) -> Result<RecoveryCodes, ApiError> {
    post_json("/me/totp/confirm", body).await
}

/// `DELETE /api/v1/me/totp` (roles for which the second factor is optional).
pub async fn totp_disable(body: &DisableTotpRequest) -> Result<(), ApiError> {
    send(prepare(Request::delete(&format!("{BASE}/me/totp"))).json(body)).await?;
    Ok(())
}

/// `GET /api/v1/me/residency`
pub async fn my_residency() -> Result<ResidencyStatus, ApiError> {
    get_json("/me/residency").await
}

/// `POST /api/v1/me/residency`: matched against the town's census.
pub async fn request_residency(body: &ResidencyRequest) -> Result<ResidencyStatus, ApiError> {
    post_json("/me/residency", body).await
}

/// `GET /api/v1/admin/census`
pub async fn census_summary() -> Result<CensusSummary, ApiError> {
    get_json("/admin/census").await
}

/// What a census upload led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CensusUpload {
    Imported(CensusImported),
    /// Nothing was imported; every refused row is listed.
    Rejected(CensusRejected),
}

/// `POST /api/v1/admin/census`: the file's raw bytes, as `text/csv`.
pub async fn upload_census(file: &web_sys::File) -> Result<CensusUpload, ApiError> {
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let request = prepare(Request::post(&format!(
        "{BASE}/admin/census?file_name={name}"
    )))
    .header("Content-Type", "text/csv")
    .body(wasm_bindgen::JsValue::from(file.clone()));
    let request = request.map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return json(response).await.map(CensusUpload::Imported);
    }
    if response.status() == 422 {
        let status = response.status();
        return response
            .json::<CensusRejected>()
            .await
            .map(CensusUpload::Rejected)
            .map_err(|_| ApiError::Unexpected { status });
    }
    Err(error_from(response).await)
}

/// `GET /api/v1/admin/residency?email=` (staff)
pub async fn residency_lookup(email: &str) -> Result<UserResidency, ApiError> {
    let email = String::from(js_sys::encode_uri_component(email));
    get_json(&format!("/admin/residency?email={email}")).await
}

/// `POST /api/v1/admin/users/{id}/residency` (staff)
pub async fn verify_residency(
    user_id: &str,
    body: &ManualResidencyRequest,
) -> Result<ResidencyStatus, ApiError> {
    let id = String::from(js_sys::encode_uri_component(user_id));
    post_json(&format!("/admin/users/{id}/residency"), body).await
}

/// `DELETE /api/v1/admin/users/{id}/residency` (staff)
pub async fn revoke_residency(
    user_id: &str,
    body: &RevokeResidencyRequest,
) -> Result<(), ApiError> {
    let id = String::from(js_sys::encode_uri_component(user_id));
    send(
        prepare(Request::delete(&format!(
            "{BASE}/admin/users/{id}/residency"
        )))
        .json(body),
    )
    .await?;
    Ok(())
}
