//! `/api/v1/me*`: the signed-in account — read, update, change password, export, delete.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::api::{ChangePasswordRequest, DataExport, Me, UpdateMeRequest};

use crate::auth::password;
use crate::auth::revoke::{self, Keep};
use crate::config::Settings;
use crate::domain::{DisplayName, NewPassword};
use crate::email::messages;
use crate::email::outbox::{self, Recipient};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::json::ApiJson;
use crate::http::session::{self, CurrentUser, SessionUser};
use crate::repo::towns::Town;
use crate::repo::users::User;
use crate::repo::{sessions, users};
use crate::time::now;

/// The API view of an account.
pub fn me_of(user: &User, town: &Town, settings: &Settings) -> Me {
    let mut town_info = town.info();
    town_info.directory_login = settings
        .ldap
        .as_ref()
        .is_some_and(|l| l.serves(&town.slug, town.is_default));
    Me {
        id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        language: user.language(),
        role: user.role(),
        email_verified: user.email_verified_at.is_some(),
        created_at: user.created_at,
        town: town_info,
        totp_enabled: user.totp_enabled(),
        totp_required: settings.totp_required(user.role()),
        directory_managed: user.is_directory_managed(),
    }
}

/// The signed-in account. Also answers a session restricted to second-factor enrolment, whose
/// `totp_required && !totp_enabled` tells the SPA to go to enrolment.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn get_me(
    State(state): State<AppState>,
    SessionUser(current): SessionUser,
) -> axum::Json<Me> {
    axum::Json(me_of(&current.user, &current.town, &state.settings))
}

/// Change the display name or the language.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me", request_body = UpdateMeRequest,
    responses((status = 200, body = Me), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<UpdateMeRequest>,
) -> Result<axum::Json<Me>, ApiError> {
    let name = body
        .display_name
        .as_deref()
        .map(DisplayName::parse)
        .transpose()?;
    let mut tx = state.db.begin().await?;
    users::update_profile(
        &mut tx,
        &current.user.id,
        name.as_ref().map(DisplayName::as_str),
        body.language,
    )
    .await?;
    let user = users::by_id(&mut tx, &current.town.id, &current.user.id)
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
    tx.commit().await?;
    Ok(axum::Json(me_of(&user, &current.town, &state.settings)))
}

/// Change the password; every other session is ended and the owner is notified by email.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 422, body = protocol::ApiErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(body): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    if current.user.is_directory_managed() {
        return Err(ApiError::detail(
            ErrorCode::Forbidden,
            "this account's password is managed by the town hall's directory",
        ));
    }
    let new_password = NewPassword::parse(&body.new_password)?;
    if !password::verify(body.current_password, current.user.password_hash.clone()).await? {
        return Err(ApiError::field(
            ErrorCode::InvalidCredentials,
            "current_password",
        ));
    }
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let user = &current.user;
    let mut tx = state.db.begin().await?;
    users::set_password(&mut tx, &user.id, &hash).await?;
    revoke::credentials_changed(&mut tx, &user.id, Keep::Session(&current.session)).await?;
    let lang = user.language();
    let reset_link = format!(
        "{}/forgot-password",
        current.town.public_base(&state.settings)
    );
    let content =
        messages::password_changed(lang, &current.town.name, &user.display_name, &reset_link);
    let to = Recipient {
        address: &user.email,
        language: lang,
        user_id: Some(&user.id),
    };
    outbox::enqueue(&mut tx, &current.town, to, &content, &state.mail_domain()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Download everything Voix holds about the signed-in person, as JSON (GDPR art. 15 and 20).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me",
    responses((status = 200, body = DataExport), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, ApiError> {
    let mut tx = state.db.read().await?;
    let mine = crate::repo::my_consultations::for_user(
        &mut tx,
        &current.town.id,
        &current.user.id,
        verified_email(&current.user),
    )
    .await?;
    let export = DataExport {
        exported_at: now(),
        account: me_of(&current.user, &current.town, &state.settings),
        sessions: sessions::list_for_user(&mut tx, &current.user.id).await?,
        emails: outbox::for_user(&mut tx, &current.user.id).await?,
        residency: Some(crate::repo::residency::status(&mut tx, &current.user.id, now()).await?),
        requests: Vec::new(),
        following: crate::repo::requests::followed_numbers(&mut tx, &current.user.id).await?,
        // Voter lists, electorates and participation — never a credential, ballot or tracker.
        consultations: mine.records,
        unpublished_voter_lists: mine.unpublished_voter_lists,
    };
    let mut export = export;
    let reader = crate::requests::view::Reader {
        user_id: Some(&current.user.id),
        staff: false,
    };
    for request in crate::repo::requests::filed_by(&mut tx, &current.user.id).await? {
        export
            .requests
            .push(crate::requests::view::detail(&mut tx, &state.settings, &request, reader).await?);
    }
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"voix-mes-donnees.json\"",
        )],
        axum::Json(export),
    )
        .into_response())
}

/// The account's address when it is confirmed: consultations match voters by confirmed
/// address only, as the ballot box does.
fn verified_email(user: &User) -> Option<&str> {
    user.email_verified_at.map(|_| user.email.as_str())
}

/// Delete the account and its personal data (see docs/privacy.md for what is kept).
#[utoipa::path(delete, path = "/api/v1/me", tag = "me",
    responses((status = 204), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn delete_me(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin().await?;
    users::delete(&mut tx, &current.user.id).await?;
    tx.commit().await?;
    tracing::info!(user = %current.user.id, "account deleted at its owner's request");
    Ok((
        StatusCode::NO_CONTENT,
        [session::clear_cookie(&state.settings)],
    )
        .into_response())
}
