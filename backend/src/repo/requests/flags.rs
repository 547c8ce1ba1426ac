//! Residents' reports of abusive content, and their resolution by staff.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// A resident's flag on a request's content.
#[derive(Debug)]
pub struct NewFlag<'a> {
    pub town_id: &'a str,
    pub request_id: &'a str,
    pub event_id: Option<i64>,
    pub photo_id: Option<&'a str>,
    pub user_id: &'a str,
    pub reason: &'a str,
    pub now: i64,
}

pub async fn add_flag(tx: &mut Tx, f: &NewFlag<'_>) -> Result<String, sqlx::Error> {
    let NewFlag {
        town_id,
        request_id,
        event_id,
        photo_id,
        user_id,
        reason,
        now,
    } = *f;
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into content_flags (id, town_id, request_id, event_id, photo_id, user_id, reason,
                                    created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        &id,
        town_id,
        request_id,
        event_id,
        photo_id,
        user_id,
        reason,
        now
    )?;
    Ok(id)
}

/// A flag waiting for review, with the request's number.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenFlag {
    pub id: String,
    pub number: String,
    pub event_id: Option<i64>,
    pub photo_id: Option<String>,
    pub reason: String,
    pub created_at: i64,
}

pub async fn open_flags(tx: &mut Tx, town_id: &str) -> Result<Vec<OpenFlag>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, OpenFlag>(
        "select f.id, r.number, f.event_id, f.photo_id, f.reason, f.created_at
         from content_flags f join service_requests r on r.id = f.request_id
         where f.town_id = $1 and f.resolved_at is null order by f.created_at"
    )
    .bind(town_id)
    .fetch_all(c)
    .await)
}

/// Marks a flag reviewed; false when it is unknown or already resolved.
pub async fn resolve_flag(
    tx: &mut Tx,
    town_id: &str,
    flag_id: &str,
    staff_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = exec!(
        tx,
        "update content_flags set resolved_at = $3, resolved_by = $4
         where town_id = $1 and id = $2 and resolved_at is null",
        town_id,
        flag_id,
        now,
        staff_id
    )?;
    Ok(n == 1)
}
