//! Fixed-window attempt counters kept in the database, so that every `voix serve` node sharing
//! a PostgreSQL database enforces the same limits.

use std::time::Duration;

use crate::config::Limit;
use crate::db::Tx;
use crate::error::ApiError;
use crate::exec;
use crate::on_db;
use crate::time::now;

/// Keys embed what the client typed (an email, a login name): as stored text they must hold no
/// control character (PostgreSQL refuses NUL) and stay bounded.
fn storage_key(key: &str) -> String {
    key.chars().filter(|c| !c.is_control()).take(300).collect()
}

/// Counts one attempt for `key`. Returns `Err(Throttled)` when the limit is exceeded.
pub async fn hit(tx: &mut Tx, key: &str, limit: Limit) -> Result<(), ApiError> {
    let key = storage_key(key);
    let key = key.as_str();
    let now = now();
    let window = i64::try_from(limit.window.as_secs()).unwrap_or(i64::MAX);
    let cutoff = now - window;
    let (window_start, hits): (i64, i64) = on_db!(tx, |c| {
        sqlx::query_as(
            "insert into throttle (key, window_start, hits) values ($1, $2, 1)
             on conflict (key) do update set
               hits = case when throttle.window_start <= $3 then 1 else throttle.hits + 1 end,
               window_start = case when throttle.window_start <= $3 then $2 else throttle.window_start end
             returning window_start, hits",
        )
        .bind(key)
        .bind(now)
        .bind(cutoff)
        .fetch_one(c)
        .await
    })?;
    if hits > limit.max {
        let retry_after = (window_start + window - now).max(1);
        return Err(ApiError::Throttled {
            retry_after: u64::try_from(retry_after).unwrap_or(1),
        });
    }
    Ok(())
}

/// Forgets the counter for `key` (e.g. after a successful login).
pub async fn clear(tx: &mut Tx, key: &str) -> Result<(), sqlx::Error> {
    let key = storage_key(key);
    let key = key.as_str();
    exec!(tx, "delete from throttle where key = $1", key)?;
    Ok(())
}

/// Removes counters whose window ended long ago.
pub async fn purge(tx: &mut Tx, older_than: Duration) -> Result<u64, sqlx::Error> {
    let cutoff = now() - i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX);
    let done = exec!(tx, "delete from throttle where window_start < $1", cutoff)?;
    Ok(done)
}
