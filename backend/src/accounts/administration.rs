//! What administrators do to the accounts of a town: list them, change a role, disable an
//! account, remove a lost second factor. Who may act on which town is the route's business
//! (`routes/admin.rs`); what an administrator may do to an account is decided here.

use protocol::ErrorCode;
use protocol::api::{Role, UserSummary};

use crate::auth::revoke::{self, Keep};
use crate::db::Db;
use crate::error::ApiError;
use crate::repo::users::User;
use crate::repo::{audit, totp, users};

/// A page of the town's accounts.
pub async fn list(
    db: &Db,
    town_id: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserSummary>, ApiError> {
    let mut tx = db.read().await?;
    let list = users::list(&mut tx, town_id, limit, offset).await?;
    Ok(list.iter().map(User::summary).collect())
}

/// Only a syndicate administrator acts on another syndicate administrator.
fn may_act_on(admin: &User, target: &User) -> Result<(), ApiError> {
    if target.role() == Role::SyndicateAdmin && admin.role() != Role::SyndicateAdmin {
        return Err(ApiError::forbidden());
    }
    Ok(())
}

/// Changes the role of the account `target_id` of the town and/or disables it (which ends its
/// sessions). Only a syndicate administrator makes another one, and nobody locks themselves
/// out (422 `validation` on `id`).
pub async fn update(
    db: &Db,
    town_id: &str,
    admin: &User,
    target_id: &str,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<UserSummary, ApiError> {
    if role == Some(Role::SyndicateAdmin) && admin.role() != Role::SyndicateAdmin {
        return Err(ApiError::forbidden());
    }
    if target_id == admin.id && (disabled == Some(true) || role.is_some_and(|r| !r.is_admin())) {
        return Err(ApiError::field(ErrorCode::Validation, "id"));
    }
    let mut tx = db.begin().await?;
    let target = users::by_id(&mut tx, town_id, target_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    may_act_on(admin, &target)?;
    users::update_admin(&mut tx, &target.id, role, disabled).await?;
    if disabled == Some(true) {
        revoke::credentials_changed(&mut tx, &target.id, Keep::NoSession).await?;
    }
    let updated = users::by_id(&mut tx, town_id, target_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    tx.commit().await?;
    Ok(updated.summary())
}

/// Removes the second factor of the account `target_id` of the town (lost phone and recovery
/// codes) and ends its sessions; if its role requires one, its next sign-in leads to enrolment
/// again. The reason (1 to 500 characters) is kept in the audit log.
pub async fn reset_second_factor(
    db: &Db,
    town_id: &str,
    admin: &User,
    target_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::field(ErrorCode::Validation, "reason"));
    }
    let mut tx = db.begin().await?;
    let target = users::by_id(&mut tx, town_id, target_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    may_act_on(admin, &target)?;
    totp::remove(&mut tx, &target.id).await?;
    revoke::credentials_changed(&mut tx, &target.id, Keep::NoSession).await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id,
            actor_id: Some(&admin.id),
            action: "user.totp_reset",
            target: &target.id,
            reason,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, user = %target.id, "second factor reset");
    Ok(())
}
