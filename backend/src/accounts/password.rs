//! Passwords: a reset by mailed link, and a change by the signed-in owner. Either ends the
//! account's other sessions and pending links (`auth::revoke`).

use protocol::ErrorCode;

use crate::auth::revoke::{self, Keep};
use crate::auth::token;
use crate::config::Settings;
use crate::db::Db;
use crate::domain::EmailAddress;
use crate::email::messages;
use crate::email::outbox::{self, Recipient};
use crate::error::ApiError;
use crate::repo::auth_tokens::{self, Purpose};
use crate::repo::towns::Town;
use crate::repo::users::{self, User};

const RESET_TTL_SECS: i64 = 3600;

/// Mails a reset link to the account of `email`, when it has a password of its own and is
/// enabled; otherwise nothing (the caller answers the same either way). Directory accounts
/// have no local password to reset.
pub async fn request_reset(
    db: &Db,
    settings: &Settings,
    town: &Town,
    email: &EmailAddress,
) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
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
        let link = town.link(settings, "reset-password", &link_token);
        let content = messages::password_reset(lang, &town.name, &user.display_name, &link);
        let to = Recipient {
            address: &user.email,
            language: lang,
            user_id: Some(&user.id),
        };
        outbox::enqueue(&mut tx, town, to, &content, settings.mail_domain()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the password `hash` on the account a reset link's `token` was made for and ends every
/// session; 400 `invalid_token` when the link is unknown, spent or expired. Following the link
/// proved the address works: it is confirmed too.
pub async fn reset(db: &Db, town: &Town, link_token: &str, hash: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    let user_id = auth_tokens::consume(
        &mut tx,
        &token::digest(link_token),
        Purpose::PasswordReset,
        &town.id,
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::InvalidToken))?;
    users::set_password(&mut tx, &user_id, hash).await?;
    users::mark_verified(&mut tx, &user_id).await?;
    revoke::credentials_changed(&mut tx, &user_id, Keep::NoSession).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the password `hash` chosen by the signed-in `user`, ends their other sessions (the one
/// whose hash is `session` stays) and tells them by mail.
pub async fn change(
    db: &Db,
    settings: &Settings,
    town: &Town,
    user: &User,
    session: &[u8],
    hash: &str,
) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, &user.id, hash).await?;
    revoke::credentials_changed(&mut tx, &user.id, Keep::Session(session)).await?;
    let lang = user.language();
    let reset_link = format!("{}/forgot-password", town.public_base(settings));
    let content = messages::password_changed(lang, &town.name, &user.display_name, &reset_link);
    let to = Recipient {
        address: &user.email,
        language: lang,
        user_id: Some(&user.id),
    };
    outbox::enqueue(&mut tx, town, to, &content, settings.mail_domain()).await?;
    tx.commit().await?;
    Ok(())
}
