//! `/api/v1/auth/*`: register, confirm the email, log in and out, reset a forgotten password.
//!
//! Register and reset-request answer the same whether or not the address has an account, and
//! a failed login spends one argon2 verification whether or not the account exists, so none of
//! them reveals who is registered.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::{
    Accepted, DirectoryLoginRequest, Language, LoginRequest, Me, PasswordResetConfirm,
    PasswordResetRequest, RegisterRequest, TokenRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::registration::{self, Registration};
use crate::accounts::sign_in::{self, Attempt};
use crate::accounts::{self, profile, sessions};
use crate::auth::{password, throttle};
use crate::directory::{self, DirectoryError};
use crate::domain::{DisplayName, EmailAddress, NewPassword};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::client_ip::client_ip;
use crate::http::json::ApiJson;
use crate::http::session::{self, SessionUser, token_from_headers};
use crate::http::town::CurrentTown;
use crate::i18n::Notice;
use crate::repo::towns::Town;
use crate::repo::users::User;

/// Request metadata the auth handlers need. `Debug` omits the session token.
pub struct Meta {
    ip: String,
    lang: Language,
    old_session: Option<String>,
}

impl std::fmt::Debug for Meta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meta")
            .field("ip", &self.ip)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl axum::extract::FromRequestParts<AppState> for Meta {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Self {
            ip: client_ip(parts, state.settings.trust_proxy),
            lang: crate::i18n::language_of(&parts.headers),
            old_session: token_from_headers(&parts.headers),
        })
    }
}

/// Counts an attempt against several limits in its own transaction, committed even when the
/// attempt then fails.
async fn throttle_all(
    state: &AppState,
    keys: &[(String, crate::config::Limit)],
) -> Result<(), ApiError> {
    let mut tx = state.db.begin().await?;
    let mut outcome = Ok(());
    for (key, limit) in keys {
        if let Err(e) = throttle::hit(&mut tx, key, *limit).await {
            outcome = Err(e);
        }
    }
    tx.commit().await?;
    outcome
}

/// Create a resident account and send the confirmation link.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 202, body = Accepted), (status = 422, body = protocol::ApiErrorBody),
              (status = 429, body = protocol::ApiErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>), ApiError> {
    let email = EmailAddress::parse(&body.email)?;
    let limits = &state.settings.throttle;
    throttle_all(
        &state,
        &[
            (format!("register:ip:{}", meta.ip), limits.register_per_ip),
            (
                format!("register:account:{}:{}", town.id, email.as_str()),
                limits.register_per_account,
            ),
        ],
    )
    .await?;
    let name = DisplayName::parse(&body.display_name)?;
    let new_password = NewPassword::parse(&body.password)?;
    // Always hash, so that a known and a new address take the same time.
    let hash = password::hash(new_password.expose().to_owned()).await?;
    registration::register(
        &state.db,
        &state.settings,
        &town,
        Registration {
            email: &email,
            name: &name,
            password_hash: &hash,
            language: body.language,
        },
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Notice::RegistrationSent.accepted(meta.lang)),
    ))
}

/// Confirm an email address with the token from the link.
#[utoipa::path(post, path = "/auth/verify-email", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = Accepted), (status = 400, body = protocol::ApiErrorBody)))]
pub async fn verify_email(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<axum::Json<Accepted>, ApiError> {
    registration::verify_email(&state.db, &town, &body.token).await?;
    Ok(axum::Json(Notice::EmailConfirmed.accepted(meta.lang)))
}

/// Log in with email and password; sets the session cookie.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = protocol::ApiErrorBody),
              (status = 403, body = protocol::ApiErrorBody), (status = 429, body = protocol::ApiErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let limits = &state.settings.throttle;
    let email = EmailAddress::parse(&body.email).ok();
    let account_key = format!(
        "login:account:{}:{}",
        town.id,
        email.as_ref().map_or_else(
            || body.email.trim().to_lowercase(),
            |e| e.as_str().to_owned()
        )
    );
    throttle_all(
        &state,
        &[
            (format!("login:ip:{}", meta.ip), limits.login_per_ip),
            (account_key.clone(), limits.login_per_account),
        ],
    )
    .await?;

    let user = sign_in::account_of(&state.db, &town.id, email.as_ref()).await?;
    // Same work for unknown accounts and directory accounts (whose placeholder is not a PHC
    // string and would fail at once): verify against a dummy hash.
    let stored = match &user {
        Some(u) if !u.is_directory_managed() => u.password_hash.clone(),
        _ => password::dummy_hash(),
    };
    let ok = password::verify(body.password, stored).await?;
    // Directory accounts have no local password (their placeholder hash never verifies; this
    // says it explicitly).
    let known = user.is_some();
    let Some(user) = user.filter(|u| ok && !u.is_directory_managed()) else {
        // Never the typed address (a mistyped password is sometimes typed there) nor the
        // password: whether an account exists, and the client, are enough to see a campaign.
        tracing::warn!(town = %town.slug, ip = %meta.ip, known_account = known, "password login refused");
        return Err(ApiError::code(ErrorCode::InvalidCredentials));
    };
    open_session(
        &state,
        &town,
        &meta,
        &user,
        &account_key,
        body.totp_code.as_deref(),
        body.recovery_code.as_deref(),
    )
    .await
}

/// The end of every login once the password (local or directory) is right: the session
/// ([`sign_in::open_session`]), its cookie and the account.
async fn open_session(
    state: &AppState,
    town: &Town,
    meta: &Meta,
    user: &User,
    account_key: &str,
    totp_code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<Response, ApiError> {
    let attempt = Attempt {
        ip: &meta.ip,
        old_session: meta.old_session.as_deref(),
        account_key,
        totp_code,
        recovery_code,
    };
    let new_token = sign_in::open_session(&state.db, &state.settings, user, attempt).await?;
    let me = profile::me(user, town, &state.settings);
    Ok((
        [session::set_cookie(&state.settings, &new_token)],
        axum::Json(me),
    )
        .into_response())
}

/// Log in with the town hall's directory account (LDAP / Active Directory): staff and
/// officials. The account is created at the first login and refreshed at each (email, name,
/// role from the groups); a person the directory disables, or who is in no mapped group any
/// more, has their account disabled and their sessions ended. Then the same second-factor and
/// session rules as the password login apply.
#[utoipa::path(post, path = "/auth/directory-login", tag = "auth", request_body = DirectoryLoginRequest,
    responses((status = 200, body = Me), (status = 401, body = protocol::ApiErrorBody),
              (status = 403, body = protocol::ApiErrorBody), (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody), (status = 429, body = protocol::ApiErrorBody),
              (status = 503, body = protocol::ApiErrorBody)))]
pub async fn directory_login(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<DirectoryLoginRequest>,
) -> Result<Response, ApiError> {
    let Some(ldap) = state.settings.ldap.as_ref() else {
        return Err(ApiError::not_found());
    };
    if !ldap.serves(&town.slug, town.is_default) {
        return Err(ApiError::not_found());
    }
    let limits = &state.settings.throttle;
    let login = body.login.trim();
    let account_key = format!("directory:account:{}:{}", town.id, login.to_lowercase());
    throttle_all(
        &state,
        &[
            (format!("login:ip:{}", meta.ip), limits.login_per_ip),
            (account_key.clone(), limits.login_per_account),
        ],
    )
    .await?;

    let person = match directory::authenticate(ldap, login, &body.password).await {
        Ok(person) => person,
        Err(DirectoryError::InvalidCredentials) => {
            tracing::warn!(town = %town.slug, ip = %meta.ip, "directory login refused");
            return Err(ApiError::code(ErrorCode::InvalidCredentials));
        }
        Err(DirectoryError::DisabledInDirectory { id }) => {
            accounts::directory::disable_entry(&state.db, &town.id, &id).await?;
            return Err(ApiError::code(ErrorCode::InvalidCredentials));
        }
        Err(DirectoryError::Unavailable(cause)) => {
            tracing::error!(error = format!("{cause:#}"), "directory login impossible");
            return Err(ApiError::code(ErrorCode::DirectoryUnavailable));
        }
    };
    let role = ldap.role_of(&person.groups).filter(|_| !person.disabled);
    let user = accounts::directory::sync(&state.db, &town, &person, role, meta.lang).await?;
    open_session(
        &state,
        &town,
        &meta,
        &user,
        &account_key,
        body.totp_code.as_deref(),
        body.recovery_code.as_deref(),
    )
    .await
}

/// End this session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, meta: Meta) -> Result<Response, ApiError> {
    if let Some(old) = &meta.old_session {
        sessions::end(&state.db, old).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}

/// End every session of the signed-in account, on every device.
#[utoipa::path(post, path = "/auth/logout-all", tag = "auth",
    responses((status = 204), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn logout_all(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<Response, ApiError> {
    sessions::end_all(&state.db, &current.user.id).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}

/// Ask for a password-reset link.
#[utoipa::path(post, path = "/auth/password-reset/request", tag = "auth", request_body = PasswordResetRequest,
    responses((status = 202, body = Accepted), (status = 429, body = protocol::ApiErrorBody)))]
pub async fn reset_request(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>), ApiError> {
    let email = EmailAddress::parse(&body.email)?;
    let limits = &state.settings.throttle;
    throttle_all(
        &state,
        &[
            (format!("reset:ip:{}", meta.ip), limits.reset_per_ip),
            (
                format!("reset:account:{}:{}", town.id, email.as_str()),
                limits.reset_per_account,
            ),
        ],
    )
    .await?;
    accounts::password::request_reset(&state.db, &state.settings, &town, &email).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Notice::ResetSent.accepted(meta.lang)),
    ))
}

/// Choose a new password with the token from the reset link. Ends every session.
#[utoipa::path(post, path = "/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirm,
    responses((status = 200, body = Accepted), (status = 400, body = protocol::ApiErrorBody),
              (status = 422, body = protocol::ApiErrorBody)))]
pub async fn reset_confirm(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<PasswordResetConfirm>,
) -> Result<axum::Json<Accepted>, ApiError> {
    let new_password = NewPassword::parse(&body.password)?;
    // Hashing costs 19 MiB and tens of milliseconds: bound how often one client can ask for it.
    throttle_all(
        &state,
        &[(
            format!("reset-confirm:ip:{}", meta.ip),
            state.settings.throttle.reset_per_ip,
        )],
    )
    .await?;
    let hash = password::hash(new_password.expose().to_owned()).await?;
    accounts::password::reset(&state.db, &town, &body.token, &hash).await?;
    Ok(axum::Json(Notice::PasswordReset.accepted(meta.lang)))
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(verify_email))
        .routes(routes!(login))
        .routes(routes!(directory_login))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
        .routes(routes!(reset_request))
        .routes(routes!(reset_confirm))
}
