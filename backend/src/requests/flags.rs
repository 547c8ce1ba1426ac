//! Flags: a resident points the town's services at abusive content of a request (its
//! description, a public timeline entry or a photo); a moderator marks the flag handled, which
//! the audit log keeps.

use protocol::ErrorCode;
use protocol::requests::{ContentTarget, FlagInfo};

use super::{ensure_not_blocked, validate};
use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::audit;
use crate::repo::requests::{self as repo, Request};
use crate::repo::towns::Town;
use crate::repo::users::User;
use crate::time::now;

/// Records `user`'s flag on `request` (or on one of its public entries or photos: an internal
/// note or another request's photo is 404 on its field, as if it did not exist).
pub async fn flag(
    tx: &mut Tx,
    town: &Town,
    request: &Request,
    user: &User,
    target: &ContentTarget,
) -> Result<(), ApiError> {
    let reason = validate::reason(&target.reason)?;
    ensure_not_blocked(tx, user).await?;
    if let Some(event_id) = target.event_id
        && !repo::events(tx, &request.id)
            .await?
            .iter()
            .any(|e| e.id == event_id && e.kind != "internal_note")
    {
        return Err(ApiError::field(ErrorCode::NotFound, "event_id"));
    }
    if let Some(photo_id) = &target.photo_id
        && !repo::photos(tx, &request.id)
            .await?
            .iter()
            .any(|p| &p.id == photo_id)
    {
        return Err(ApiError::field(ErrorCode::NotFound, "photo_id"));
    }
    repo::add_flag(
        tx,
        &repo::NewFlag {
            town_id: &town.id,
            request_id: &request.id,
            event_id: target.event_id,
            photo_id: target.photo_id.as_deref(),
            user_id: &user.id,
            reason: &reason,
            now: now(),
        },
    )
    .await?;
    Ok(())
}

/// The town's flags waiting for review, oldest first.
pub async fn open(tx: &mut Tx, town: &Town) -> Result<Vec<FlagInfo>, ApiError> {
    Ok(repo::open_flags(tx, &town.id)
        .await?
        .into_iter()
        .map(|f| FlagInfo {
            id: f.id,
            number: f.number,
            event_id: f.event_id,
            photo_id: f.photo_id,
            reason: f.reason,
            created_at: f.created_at,
        })
        .collect())
}

/// A moderator marks the flag `id` of the town as reviewed (404 if it is not open).
pub async fn resolve(tx: &mut Tx, town: &Town, moderator: &User, id: &str) -> Result<(), ApiError> {
    if !repo::resolve_flag(tx, &town.id, id, &moderator.id, now()).await? {
        return Err(ApiError::not_found());
    }
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&moderator.id),
            action: "moderation.flag_resolved",
            target: id,
            reason: "",
        },
    )
    .await?;
    Ok(())
}
