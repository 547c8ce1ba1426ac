//! The account page: what the account looks like to its owner, its changes, the export of
//! everything Voix holds about the person (GDPR art. 15 and 20) and its deletion.

use protocol::api::{DataExport, Language, Me};

use crate::config::Settings;
use crate::db::Db;
use crate::domain::DisplayName;
use crate::email::outbox;
use crate::error::ApiError;
use crate::repo::towns::Town;
use crate::repo::users::{self, User};
use crate::repo::{my_consultations, requests, residency, sessions};
use crate::requests::view::{self, Reader};
use crate::time::now;

/// The API view of an account.
pub fn me(user: &User, town: &Town, settings: &Settings) -> Me {
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

/// Changes the display name or the language; the account as it is now.
pub async fn update(
    db: &Db,
    town: &Town,
    user_id: &str,
    name: Option<&DisplayName>,
    language: Option<Language>,
) -> Result<User, ApiError> {
    let mut tx = db.begin().await?;
    users::update_profile(&mut tx, user_id, name.map(DisplayName::as_str), language).await?;
    let user = users::by_id(&mut tx, &town.id, user_id)
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
    tx.commit().await?;
    Ok(user)
}

/// Everything Voix holds about `user`: the account, its sessions and mails, its residency,
/// the requests it filed and follows, its consultations — never a credential, ballot or
/// tracker.
pub async fn export(
    db: &Db,
    settings: &Settings,
    town: &Town,
    user: &User,
) -> Result<DataExport, ApiError> {
    let mut tx = db.read().await?;
    let mine =
        my_consultations::for_user(&mut tx, &town.id, &user.id, verified_email(user)).await?;
    let mut export = DataExport {
        exported_at: now(),
        account: me(user, town, settings),
        sessions: sessions::list_for_user(&mut tx, &user.id).await?,
        emails: outbox::for_user(&mut tx, &user.id).await?,
        residency: Some(residency::status(&mut tx, &user.id, now()).await?),
        requests: Vec::new(),
        following: requests::followed_numbers(&mut tx, &user.id).await?,
        consultations: mine.records,
        unpublished_voter_lists: mine.unpublished_voter_lists,
    };
    let reader = Reader {
        user_id: Some(&user.id),
        staff: false,
    };
    for request in requests::filed_by(&mut tx, &user.id).await? {
        export
            .requests
            .push(view::detail(&mut tx, settings, &request, reader).await?);
    }
    Ok(export)
}

/// The account's address when it is confirmed: consultations match voters by confirmed
/// address only, as the ballot box does.
fn verified_email(user: &User) -> Option<&str> {
    user.email_verified_at.map(|_| user.email.as_str())
}

/// Deletes the account and its personal data (docs/privacy.md says what is kept).
pub async fn delete(db: &Db, user_id: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    users::delete(&mut tx, user_id).await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "account deleted at its owner's request");
    Ok(())
}
