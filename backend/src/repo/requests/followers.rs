//! Who follows a request ("moi aussi") and is told of its changes.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// Adds or removes a follower and keeps the counter in step. Returns the new count.
pub async fn set_following(
    tx: &mut Tx,
    request_id: &str,
    user_id: &str,
    follow: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let changed = if follow {
        exec!(
            tx,
            "insert into request_followers (request_id, user_id, created_at) values ($1, $2, $3)
             on conflict do nothing",
            request_id,
            user_id,
            now
        )?
    } else {
        exec!(
            tx,
            "delete from request_followers where request_id = $1 and user_id = $2",
            request_id,
            user_id
        )?
    };
    let delta: i64 = if follow { 1 } else { -1 };
    if changed == 1 {
        exec!(
            tx,
            "update service_requests set followers = followers + $2 where id = $1",
            request_id,
            delta
        )?;
    }
    on_db!(tx, |c| sqlx::query_scalar(
        "select followers from service_requests where id = $1"
    )
    .bind(request_id)
    .fetch_one(c)
    .await)
}

pub async fn is_following(
    tx: &mut Tx,
    request_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from request_followers where request_id = $1 and user_id = $2"
    )
    .bind(request_id)
    .bind(user_id)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// The accounts following a request (id, email, display name, language), blocked or not.
pub async fn followers(
    tx: &mut Tx,
    request_id: &str,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query_as::<_, (String, String, String, String)>(
            "select u.id, u.email, u.display_name, u.language from request_followers f
         join users u on u.id = f.user_id
         where f.request_id = $1 and not u.disabled order by f.created_at",
        )
        .bind(request_id)
        .fetch_all(c)
        .await
    })
}
