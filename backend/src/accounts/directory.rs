//! Accounts of the town hall's directory (LDAP / Active Directory): staff and officials.
//!
//! The account is created at the first login and refreshed at each (email, name, role from the
//! groups); a person the directory disables, or who is in no mapped group any more, has their
//! account disabled and their sessions ended. Each of these changes is audited.

use protocol::ErrorCode;
use protocol::api::{Language, Role};

use crate::auth::revoke::{self, Keep};
use crate::db::{Db, Tx};
use crate::directory::DirectoryPerson;
use crate::domain::{DisplayName, EmailAddress};
use crate::error::ApiError;
use crate::repo::audit;
use crate::repo::towns::Town;
use crate::repo::users::{self, User};

/// Disables the account of the directory entry `directory_id`, if there is one: the directory
/// says the person is disabled.
pub async fn disable_entry(db: &Db, town_id: &str, directory_id: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    if let Some(user) = users::by_directory_id(&mut tx, town_id, directory_id).await? {
        disable(&mut tx, town_id, &user, "disabled in the directory").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The account of `person`, whom the directory gives `role` (`None`: disabled, or in no
/// mapped group), brought up to date; 403 `account_disabled` when there is no role, after
/// disabling the account.
pub async fn sync(
    db: &Db,
    town: &Town,
    person: &DirectoryPerson,
    role: Option<Role>,
    lang: Language,
) -> Result<User, ApiError> {
    let mut tx = db.begin().await?;
    let existing = users::by_directory_id(&mut tx, &town.id, &person.id).await?;
    let Some(role) = role else {
        if let Some(user) = existing {
            let reason = if person.disabled {
                "disabled in the directory"
            } else {
                "in no mapped directory group"
            };
            disable(&mut tx, &town.id, &user, reason).await?;
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
            users::insert_directory(&mut tx, &account, lang)
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
    Ok(user)
}

/// Disables a directory account the directory no longer allows, ends its sessions and records
/// why in the audit log. Nothing happens when it is already disabled.
async fn disable(tx: &mut Tx, town_id: &str, user: &User, reason: &str) -> Result<(), ApiError> {
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
