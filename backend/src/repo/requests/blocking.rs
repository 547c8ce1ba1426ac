//! Accounts blocked from posting by staff.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// When and why staff blocked the account, if they did.
pub async fn block_state(
    tx: &mut Tx,
    user_id: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let row: Option<(Option<i64>, Option<String>)> = on_db!(tx, |c| sqlx::query_as(
        "select blocked_at, blocked_reason from users where id = $1"
    )
    .bind(user_id)
    .fetch_optional(c)
    .await)?;
    Ok(row.and_then(|(at, reason)| at.map(|at| (at, reason))))
}

/// Blocks (`Some(reason)`) or unblocks (`None`) an account of the town. False when unknown.
pub async fn set_blocked(
    tx: &mut Tx,
    town_id: &str,
    user_id: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let at = reason.map(|_| now);
    let n = exec!(
        tx,
        "update users set blocked_at = $3, blocked_reason = $4 where town_id = $1 and id = $2",
        town_id,
        user_id,
        at,
        reason
    )?;
    Ok(n == 1)
}
