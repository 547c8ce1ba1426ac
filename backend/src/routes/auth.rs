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
    PasswordResetRequest, RegisterRequest, Role, TokenRequest,
};

use crate::auth::revoke::{self, Keep};
use crate::auth::{password, throttle, token, totp};
use crate::directory::{self, DirectoryError};
use crate::domain::{DisplayName, EmailAddress, NewPassword};
use crate::email::messages;
use crate::email::outbox::{self, Recipient};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::client_ip::client_ip;
use crate::http::json::ApiJson;
use crate::http::session::{self, SessionUser, token_from_headers};
use crate::http::town::CurrentTown;
use crate::repo::auth_tokens::{self, Purpose};
use crate::repo::totp as totp_repo;
use crate::repo::users::{self, NewUser};
use crate::repo::{audit, sessions};
use crate::routes::me::me_of;
use crate::time::now;

const VERIFY_TTL_SECS: i64 = 48 * 3600;
const RESET_TTL_SECS: i64 = 3600;

fn accepted(lang: Language, fr: &str, en: &str) -> Accepted {
    Accepted {
        message: match lang {
            Language::Fr => fr.to_owned(),
            Language::En => en.to_owned(),
        },
    }
}

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
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
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
    // Always hash, so both branches below take the same time.
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let domain = state.mail_domain();

    let mut tx = state.db.begin().await?;
    match users::by_email(&mut tx, &town.id, email.as_str()).await? {
        Some(existing) => {
            let lang = existing.language();
            let reset_link = format!("{}/forgot-password", town.public_base(&state.settings));
            let content =
                messages::already_registered(lang, &town.name, &existing.display_name, &reset_link);
            let to = Recipient {
                address: &existing.email,
                language: lang,
                user_id: Some(&existing.id),
            };
            outbox::enqueue(&mut tx, &town, to, &content, &domain).await?;
        }
        None => {
            let user = users::insert(
                &mut tx,
                &NewUser {
                    town_id: &town.id,
                    email: email.as_str(),
                    display_name: name.as_str(),
                    password_hash: &hash,
                    language: body.language,
                    role: Role::Resident,
                    verified: false,
                },
            )
            .await;
            let user = match user {
                Ok(user) => user,
                // A concurrent registration of the same address won the race: answer as for
                // any existing address (that registration sends its own mail).
                Err(e) if crate::db::is_unique_violation(&e, "users_town_email_key") => {
                    return Ok(registration_accepted(meta.lang));
                }
                Err(e) => return Err(e.into()),
            };
            let link_token = token::random_token();
            auth_tokens::insert(
                &mut tx,
                &token::digest(&link_token),
                &user.id,
                Purpose::VerifyEmail,
                VERIFY_TTL_SECS,
            )
            .await?;
            let link = state.link(&town, "verify-email", &link_token);
            let content = messages::verify_email(body.language, &town.name, name.as_str(), &link);
            let to = Recipient {
                address: email.as_str(),
                language: body.language,
                user_id: Some(&user.id),
            };
            outbox::enqueue(&mut tx, &town, to, &content, &domain).await?;
        }
    }
    tx.commit().await?;
    Ok(registration_accepted(meta.lang))
}

/// The one answer to a registration, whether or not the address already had an account.
fn registration_accepted(lang: Language) -> (StatusCode, axum::Json<Accepted>) {
    (
        StatusCode::ACCEPTED,
        axum::Json(accepted(
            lang,
            "Si cette adresse peut être utilisée, un courriel de confirmation vient d'y être envoyé.",
            "If this address can be used, a confirmation email has just been sent to it.",
        )),
    )
}

/// Confirm an email address with the token from the link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = Accepted), (status = 400, body = protocol::ApiErrorBody)))]
pub async fn verify_email(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    meta: Meta,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<axum::Json<Accepted>, ApiError> {
    let mut tx = state.db.begin().await?;
    let user_id = auth_tokens::consume(
        &mut tx,
        &token::digest(&body.token),
        Purpose::VerifyEmail,
        &town.id,
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    users::mark_verified(&mut tx, &user_id).await?;
    tx.commit().await?;
    Ok(axum::Json(accepted(
        meta.lang,
        "Votre adresse est confirmée. Vous pouvez vous connecter.",
        "Your address is confirmed. You can now sign in.",
    )))
}

/// Log in with email and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
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

    let user = match &email {
        Some(email) => {
            let mut tx = state.db.read().await?;
            users::by_email(&mut tx, &town.id, email.as_str()).await?
        }
        None => None,
    };
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

/// The end of every login once the password (local or directory) is right: account state,
/// second factor, then a fresh session. One code path for both kinds of login.
async fn open_session(
    state: &AppState,
    town: &crate::repo::towns::Town,
    meta: &Meta,
    user: &users::User,
    account_key: &str,
    totp_code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<Response, ApiError> {
    // Refusals after a right password are logged with their reason (ASVS V7.2.1).
    let refused = |err: ApiError| {
        // `totp_required` is the normal first answer to an account with a second factor.
        if let ApiError::Client { code, .. } = &err
            && *code != ErrorCode::TotpRequired
        {
            tracing::warn!(user = %user.id, ip = %meta.ip, reason = code.as_str(), "login refused");
        }
        err
    };
    if user.disabled {
        return Err(refused(ApiError::code(ErrorCode::AccountDisabled)));
    }
    if user.email_verified_at.is_none() {
        return Err(refused(ApiError::code(ErrorCode::EmailNotVerified)));
    }

    let mut tx = state.db.begin().await?;
    if user.totp_enabled() {
        // The attempt was already counted by the throttles above, so guessing codes is limited
        // exactly like guessing passwords; the account's counter is only cleared on success.
        second_factor(&mut tx, &user.id, totp_code, recovery_code)
            .await
            .map_err(refused)?;
    }
    // A fresh token at every login; any session the browser still presented is ended.
    if let Some(old) = &meta.old_session {
        sessions::delete(&mut tx, &token::digest(old)).await?;
    }
    let new_token = session::open(&mut tx, &state.settings, &user.id).await?;
    throttle::clear(&mut tx, account_key).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, ip = %meta.ip, second_factor = user.totp_enabled(), "logged in");
    let me = me_of(user, town, &state.settings);
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
#[utoipa::path(post, path = "/api/v1/auth/directory-login", tag = "auth", request_body = DirectoryLoginRequest,
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
            let mut tx = state.db.begin().await?;
            if let Some(user) = users::by_directory_id(&mut tx, &town.id, &id).await? {
                disable_directory_account(&mut tx, &town.id, &user, "disabled in the directory")
                    .await?;
            }
            tx.commit().await?;
            return Err(ApiError::code(ErrorCode::InvalidCredentials));
        }
        Err(DirectoryError::Unavailable(cause)) => {
            tracing::error!(error = format!("{cause:#}"), "directory login impossible");
            return Err(ApiError::code(ErrorCode::DirectoryUnavailable));
        }
    };
    let role = ldap.role_of(&person.groups).filter(|_| !person.disabled);

    let mut tx = state.db.begin().await?;
    let existing = users::by_directory_id(&mut tx, &town.id, &person.id).await?;
    let Some(role) = role else {
        // The directory disabled the person or took them out of every Voix group.
        if let Some(user) = existing {
            let reason = if person.disabled {
                "disabled in the directory"
            } else {
                "in no mapped directory group"
            };
            disable_directory_account(&mut tx, &town.id, &user, reason).await?;
            tx.commit().await?;
        }
        return Err(ApiError::code(ErrorCode::AccountDisabled));
    };
    let email = person
        .mail
        .as_deref()
        .and_then(|m| EmailAddress::parse(m).ok())
        .ok_or_else(|| {
            ApiError::detail(
                ErrorCode::Forbidden,
                "the directory entry has no valid email address (mail)",
            )
        })?;
    let name = person
        .display_name
        .as_deref()
        .and_then(|n| DisplayName::parse(n).ok())
        .map_or_else(
            || email.as_str().split('@').next().unwrap_or("").to_owned(),
            |n| n.as_str().to_owned(),
        );
    let account = users::DirectoryAccount {
        town_id: &town.id,
        directory_id: &person.id,
        email: email.as_str(),
        display_name: &name,
        role,
    };
    let conflict = |e: sqlx::Error| -> ApiError {
        if crate::db::is_unique_violation(&e, "users_town_email_key") {
            tracing::warn!("a directory login's email already belongs to another account");
            ApiError::detail(
                ErrorCode::Conflict,
                "another account of this town already uses the directory's email address",
            )
        } else {
            e.into()
        }
    };
    match &existing {
        Some(user) => {
            users::update_directory(&mut tx, &user.id, &account)
                .await
                .map_err(conflict)?;
            if user.role() != role {
                audit::append(
                    &mut tx,
                    &audit::NewEntry {
                        town_id: &town.id,
                        actor_id: None,
                        action: "user.directory_role",
                        target: &user.id,
                        reason: role.as_str(),
                    },
                )
                .await?;
            }
        }
        None => {
            users::insert_directory(&mut tx, &account, meta.lang)
                .await
                .map_err(conflict)?;
        }
    }
    let user = users::by_directory_id(&mut tx, &town.id, &person.id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("directory account vanished")))?;
    if existing.is_none() {
        audit::append(
            &mut tx,
            &audit::NewEntry {
                town_id: &town.id,
                actor_id: None,
                action: "user.directory_created",
                target: &user.id,
                reason: role.as_str(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(user = %user.id, role = role.as_str(), "directory login");
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

/// Checks the second factor of a login whose password was right. No code at all is 401
/// `totp_required` (the SPA then asks for one); a wrong, expired or replayed code, or an unknown
/// or spent recovery code, is 401 `invalid_totp`. Spending the step or the recovery code happens
/// in `tx`, the transaction that opens the session.
async fn second_factor(
    tx: &mut crate::db::Tx,
    user_id: &str,
    code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<(), ApiError> {
    let invalid = || ApiError::code(ErrorCode::InvalidTotp);
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let recovery_code = recovery_code.map(str::trim).filter(|c| !c.is_empty());
    match (code, recovery_code) {
        (Some(code), _) => {
            let credential = totp_repo::find(tx, user_id)
                .await?
                .filter(|c| c.enabled_at.is_some())
                .ok_or_else(invalid)?;
            let step = totp::verify(&credential.secret, code, now(), credential.last_step)
                .ok_or_else(invalid)?;
            // Conditional on the stored step, so two logins racing with one code cannot both pass.
            if !totp_repo::use_step(tx, user_id, step).await? {
                return Err(invalid());
            }
        }
        (None, Some(recovery)) => {
            if !totp_repo::use_recovery_code(tx, user_id, &totp::recovery_digest(recovery)).await? {
                return Err(invalid());
            }
        }
        (None, None) => return Err(ApiError::code(ErrorCode::TotpRequired)),
    }
    Ok(())
}

/// End this session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, meta: Meta) -> Result<Response, ApiError> {
    if let Some(old) = &meta.old_session {
        let mut tx = state.db.begin().await?;
        sessions::delete(&mut tx, &token::digest(old)).await?;
        tx.commit().await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}

/// End every session of the signed-in account, on every device.
#[utoipa::path(post, path = "/api/v1/auth/logout-all", tag = "auth",
    responses((status = 204), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn logout_all(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin().await?;
    sessions::delete_all_for_user(&mut tx, &current.user.id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}

/// Disables a directory account the directory no longer allows, ends its sessions and records
/// why in the audit log. Nothing happens when it is already disabled.
async fn disable_directory_account(
    tx: &mut crate::db::Tx,
    town_id: &str,
    user: &users::User,
    reason: &str,
) -> Result<(), ApiError> {
    if user.disabled {
        return Ok(());
    }
    users::update_admin(tx, &user.id, None, Some(true)).await?;
    revoke::credentials_changed(tx, &user.id, Keep::NoSession).await?;
    audit::append(
        tx,
        &audit::NewEntry {
            town_id,
            actor_id: None,
            action: "user.directory_disabled",
            target: &user.id,
            reason,
        },
    )
    .await?;
    Ok(())
}

/// Ask for a password-reset link.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/request", tag = "auth", request_body = PasswordResetRequest,
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
    let mut tx = state.db.begin().await?;
    // Directory accounts have no local password to reset: nothing is sent (same answer).
    if let Some(user) = users::by_email(&mut tx, &town.id, email.as_str()).await?
        && !user.disabled
        && !user.is_directory_managed()
    {
        let link_token = token::random_token();
        auth_tokens::insert(
            &mut tx,
            &token::digest(&link_token),
            &user.id,
            Purpose::PasswordReset,
            RESET_TTL_SECS,
        )
        .await?;
        let lang = user.language();
        let link = state.link(&town, "reset-password", &link_token);
        let content = messages::password_reset(lang, &town.name, &user.display_name, &link);
        let to = Recipient {
            address: &user.email,
            language: lang,
            user_id: Some(&user.id),
        };
        outbox::enqueue(&mut tx, &town, to, &content, &state.mail_domain()).await?;
    }
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(accepted(
            meta.lang,
            "Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être envoyé.",
            "If an account exists for this address, a reset link has just been sent to it.",
        )),
    ))
}

/// Choose a new password with the token from the reset link. Ends every session.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = PasswordResetConfirm,
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
    let mut tx = state.db.begin().await?;
    let user_id = auth_tokens::consume(
        &mut tx,
        &token::digest(&body.token),
        Purpose::PasswordReset,
        &town.id,
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    users::set_password(&mut tx, &user_id, &hash).await?;
    // Following the link proved the address works.
    users::mark_verified(&mut tx, &user_id).await?;
    revoke::credentials_changed(&mut tx, &user_id, Keep::NoSession).await?;
    tx.commit().await?;
    Ok(axum::Json(accepted(
        meta.lang,
        "Votre mot de passe a été changé. Vous pouvez vous connecter.",
        "Your password has been changed. You can now sign in.",
    )))
}
