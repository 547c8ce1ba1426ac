//! The election's status moves: the locks casts and the close take, opening, closing.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// Takes the consultation `id` for a change while it has `status`: a no-op update that locks
/// the row until the transaction ends (PostgreSQL re-checks the status after waiting for a
/// concurrent change; SQLite's write transaction excludes other writers). Casting and closing
/// both take it, so a ballot lands before the close or is refused — never after the tally.
pub async fn lock_in_status(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    status: &str,
) -> Result<bool, sqlx::Error> {
    let changed = exec!(
        tx,
        "update consultations set status = status
         where id = $1 and town_id = $2 and status = $3",
        id,
        town_id,
        status
    )?;
    Ok(changed > 0)
}

/// Like [`lock_in_status`], but shared: many ballots are cast at once, and a change of status
/// (the close, which takes the exclusive lock) waits for them. On PostgreSQL an exclusive lock
/// here made casts queue one commit (one WAL flush) at a time: 20 ballots/s with the machine
/// idle (docs/benchmarks.md). SQLite's write transaction already excludes other writers, so a
/// plain read is enough there.
pub async fn lock_shared_in_status(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    status: &str,
) -> Result<bool, sqlx::Error> {
    let sql = match tx {
        Tx::Postgres(_) => {
            "select count(*) from (select 1 from consultations
             where id = $1 and town_id = $2 and status = $3 for share) locked"
        }
        Tx::Sqlite(_) => {
            "select count(*) from consultations where id = $1 and town_id = $2 and status = $3"
        }
    };
    let found: i64 = on_db!(tx, |c| sqlx::query_scalar(sql)
        .bind(id)
        .bind(town_id)
        .bind(status)
        .fetch_one(c)
        .await)?;
    Ok(found > 0)
}

/// The election's exact data, once open.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ElectionData {
    pub election_json: String,
    pub trustees_json: String,
    pub fingerprint: String,
    pub receipt_key_id: String,
}

pub async fn election_data(tx: &mut Tx, id: &str) -> Result<Option<ElectionData>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, ElectionData>(
        "select election_json, trustees_json, fingerprint, receipt_key_id from consultations
         where id = $1 and election_json is not null and trustees_json is not null
           and fingerprint is not null and receipt_key_id is not null"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// key_ceremony → open, writing the election once and for all.
pub async fn mark_open(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    data: &ElectionData,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = exec!(
        tx,
        "update consultations set status = 'open', election_json = $3, trustees_json = $4,
             fingerprint = $5, receipt_key_id = $6, opened_at = $7, updated_at = $7
         where id = $1 and town_id = $2 and status = 'key_ceremony'",
        id,
        town_id,
        &data.election_json,
        &data.trustees_json,
        &data.fingerprint,
        &data.receipt_key_id,
        now
    )?;
    Ok(changed > 0)
}

/// Moves `from → to`, stamping `closed_at` or `published_at` when reaching those states.
pub async fn move_status(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let changed = exec!(
        tx,
        "update consultations set status = $4, updated_at = $5,
             closed_at = case when $4 = 'closed' then $5 else closed_at end,
             published_at = case when $4 = 'published' then $5 else published_at end
         where id = $1 and town_id = $2 and status = $3",
        id,
        town_id,
        from,
        to,
        now
    )?;
    Ok(changed > 0)
}

/// Open consultations of every town whose `closes_at` is at or before `now` (the automatic
/// close): `(town_id, consultation_id)`, the earliest due first.
pub async fn closes_due(tx: &mut Tx, now: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, String)>(
        "select town_id, id from consultations
         where status = 'open' and closes_at <= $1
         order by closes_at, id"
    )
    .bind(now)
    .fetch_all(c)
    .await)
}
