//! The automatic close. Ballots are refused from `closes_at` on; the maintenance job
//! ([`close_due`], every minute) then closes every open consultation whose `closes_at` has
//! passed, through the same [`super::voting::close`] as the staff route, with no acting staff
//! member (the audit entry's actor is empty: the system).
//!
//! Several `voix serve` nodes sharing one PostgreSQL database all run this job. Each
//! consultation is closed in a transaction of its own whose first write is the conditional
//! update `open → closed`: the first node (or staff member) to take the row closes it,
//! tallies it and writes the audit entry; the others wait for its commit, then find the row no
//! longer `open` and leave it (409 `invalid_transition`, skipped here). So a consultation is
//! closed exactly once, and whatever the close does happens once.

use crate::config::Settings;
use crate::db::Db;
use crate::error::ApiError;
use crate::repo::consultations as repo;
use crate::repo::towns;
use protocol::ErrorCode;

/// Closes every open consultation whose `closes_at` is at or before `now`; returns how many
/// this call closed (those another node or a staff member closed first are not counted). A
/// consultation that fails to close is logged and left open for the next pass; the others are
/// still closed.
pub async fn close_due(db: &Db, settings: &Settings, now: i64) -> anyhow::Result<usize> {
    let due = {
        let mut tx = db.read().await?;
        repo::closes_due(&mut tx, now).await?
    };
    let mut closed = 0;
    for (town_id, id) in due {
        match close_one(db, settings, &town_id, &id, now).await {
            Ok(true) => {
                tracing::info!(consultation = %id, "consultation closed at its closing time");
                closed += 1;
            }
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(consultation = %id, error = %err, "automatic close failed, will retry");
            }
        }
    }
    Ok(closed)
}

/// Closes one consultation in its own transaction; `false` when it was no longer open (closed
/// meanwhile by staff or by another node).
async fn close_one(
    db: &Db,
    settings: &Settings,
    town_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, ApiError> {
    let mut tx = db.begin().await?;
    let Some(town) = towns::by_id(&mut tx, town_id).await? else {
        return Ok(false);
    };
    match super::voting::close(&mut tx, settings, &town, None, id, now).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(true)
        }
        Err(ApiError::Client {
            code: ErrorCode::InvalidTransition,
            ..
        }) => Ok(false),
        Err(err) => Err(err),
    }
}
