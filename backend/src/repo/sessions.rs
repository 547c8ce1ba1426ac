//! Server-side sessions, keyed by the SHA-256 of the cookie token.

use protocol::api::SessionInfo;

use crate::db::Tx;
use crate::exec;
use crate::on_db;

pub async fn insert(
    tx: &mut Tx,
    token_hash: &[u8],
    user_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
         values ($1, $2, $3, $3, $4)",
        token_hash,
        user_id,
        now,
        expires_at
    )?;
    Ok(())
}

/// A live session row: the user it belongs to and when it was last used.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: String,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// The session for a token hash, if its user belongs to `town_id`.
pub async fn find(
    tx: &mut Tx,
    token_hash: &[u8],
    town_id: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, SessionRow>(
        "select s.user_id, s.last_seen_at, s.expires_at
         from sessions s join users u on u.id = s.user_id
         where s.token_hash = $1 and u.town_id = $2"
    )
    .bind(token_hash)
    .bind(town_id)
    .fetch_optional(c)
    .await)
}

pub async fn touch(tx: &mut Tx, token_hash: &[u8], now: i64) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update sessions set last_seen_at = $2 where token_hash = $1",
        token_hash,
        now
    )?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    exec!(tx, "delete from sessions where token_hash = $1", token_hash)?;
    Ok(())
}

/// Ends every session of a user (log out everywhere, password change or reset).
pub async fn delete_all_for_user(tx: &mut Tx, user_id: &str) -> Result<u64, sqlx::Error> {
    let done = exec!(tx, "delete from sessions where user_id = $1", user_id)?;
    Ok(done)
}

/// Ends every session of a user except one.
pub async fn delete_others(tx: &mut Tx, user_id: &str, keep: &[u8]) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "delete from sessions where user_id = $1 and token_hash <> $2",
        user_id,
        keep
    )?;
    Ok(())
}

pub async fn list_for_user(tx: &mut Tx, user_id: &str) -> Result<Vec<SessionInfo>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64)> = on_db!(tx, |c| {
        sqlx::query_as(
        "select created_at, last_seen_at, expires_at from sessions where user_id = $1 order by created_at"
    )
    .bind(user_id)
    .fetch_all(c)
    .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(created_at, last_seen_at, expires_at)| SessionInfo {
            created_at,
            last_seen_at,
            expires_at,
        })
        .collect())
}

/// Deletes sessions past their absolute expiry or idle for longer than `idle_secs`.
pub async fn purge_expired(tx: &mut Tx, now: i64, idle_secs: i64) -> Result<u64, sqlx::Error> {
    let done = exec!(
        tx,
        "delete from sessions where expires_at <= $1 or last_seen_at <= $2",
        now,
        now - idle_secs
    )?;
    Ok(done)
}
