//! `consultation_ballot_pool`: accepted ballots waiting for the next batch of the public board
//! (`consultations::batches` publishes them). A row is a keyed hash of its tracker (`lookup`)
//! and the sealed ballot (`consultations::seal`): no time, no order, nothing in clear.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// A waiting ballot, still sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub lookup: String,
    pub sealed: String,
}

/// Whether the ballot whose tracker hashes to `lookup` waits in the pool.
pub async fn contains(tx: &mut Tx, id: &str, lookup: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| {
        sqlx::query_scalar(
        "select count(*) from consultation_ballot_pool where consultation_id = $1 and lookup = $2"
    )
    .bind(id)
    .bind(lookup)
    .fetch_one(c)
    .await
    })?;
    Ok(n > 0)
}

/// Adds a sealed ballot. False when the same ballot already waits.
pub async fn insert(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    lookup: &str,
    sealed: &str,
) -> Result<bool, sqlx::Error> {
    let added = exec!(
        tx,
        "insert into consultation_ballot_pool (consultation_id, lookup, town_id, sealed)
         values ($1, $2, $3, $4) on conflict do nothing",
        id,
        lookup,
        town_id,
        sealed
    )?;
    Ok(added > 0)
}

/// How many ballots wait.
pub async fn count(tx: &mut Tx, id: &str) -> Result<i64, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from consultation_ballot_pool where consultation_id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

/// Every waiting ballot (in key order, which says nothing of their arrival).
pub async fn all(tx: &mut Tx, id: &str) -> Result<Vec<Waiting>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Waiting>(
        "select lookup, sealed from consultation_ballot_pool
         where consultation_id = $1 order by lookup"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Removes the ballots just published (those cast meanwhile stay for the next batch).
pub async fn remove(tx: &mut Tx, id: &str, lookups: &[String]) -> Result<(), sqlx::Error> {
    for lookup in lookups {
        exec!(
            tx,
            "delete from consultation_ballot_pool where consultation_id = $1 and lookup = $2",
            id,
            lookup
        )?;
    }
    Ok(())
}

/// Serialises the publications of one consultation's pool without touching its row (which
/// casts hold shared): on PostgreSQL a transaction-scoped advisory lock, taken at once or not
/// at all when `wait` is false; SQLite's write transaction already excludes other writers.
pub async fn lock_publication(tx: &mut Tx, id: &str, wait: bool) -> Result<bool, sqlx::Error> {
    match tx {
        Tx::Sqlite(_) => Ok(true),
        Tx::Postgres(c) => {
            let sql = if wait {
                "select true from (select pg_advisory_xact_lock(7301, hashtext($1))) locked"
            } else {
                "select pg_try_advisory_xact_lock(7301, hashtext($1))"
            };
            sqlx::query_scalar(sql).bind(id).fetch_one(&mut **c).await
        }
    }
}

/// Open consultations whose pool holds ballots and whose last batch (the board's newest
/// ballot, or else the opening) is at least `interval` seconds old at `now`.
pub async fn due(
    tx: &mut Tx,
    now: i64,
    interval: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, String)>(
        "select c.town_id, c.id from consultations c
         where c.status = 'open'
           and exists (select 1 from consultation_ballot_pool p where p.consultation_id = c.id)
           and coalesce((select max(b.published_at) from consultation_ballots b
                         where b.consultation_id = c.id), c.opened_at, 0) <= $1
         order by c.id"
    )
    .bind(now - interval)
    .fetch_all(c)
    .await)
}
