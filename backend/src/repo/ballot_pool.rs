//! `consultation_ballot_pool`: accepted ballots waiting for the next batch of the public board
//! (`consultations::batches` publishes them). The table holds no time and no arrival order —
//! only, per credential, the order of its waiting ballots (`revote`).

use crate::db::Tx;
use crate::on_db;

/// A waiting ballot.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub tracker: String,
    pub credential: String,
    pub ballot: String,
    pub revote: i64,
}

/// Whether the ballot with `tracker` waits in the pool.
pub async fn contains(tx: &mut Tx, id: &str, tracker: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| {
        sqlx::query_scalar(
        "select count(*) from consultation_ballot_pool where consultation_id = $1 and tracker = $2"
    )
    .bind(id)
    .bind(tracker)
    .fetch_one(c)
    .await
    })?;
    Ok(n > 0)
}

/// Adds a ballot after its credential's other waiting ballots. False when nothing was added:
/// the same ballot is already waiting, or a ballot of the same credential was added at the
/// same instant (its `revote` slot was taken: the caller looks again).
pub async fn insert(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    tracker: &str,
    credential: &str,
    ballot: &str,
) -> Result<bool, sqlx::Error> {
    let added = on_db!(tx, |c| sqlx::query(
        "insert into consultation_ballot_pool
             (consultation_id, tracker, town_id, credential, ballot, revote)
         select $1, $2, $3, $4, $5, count(*) from consultation_ballot_pool
         where consultation_id = $1 and credential = $4
         on conflict do nothing"
    )
    .bind(id)
    .bind(tracker)
    .bind(town_id)
    .bind(credential)
    .bind(ballot)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
        "select tracker, credential, ballot, revote from consultation_ballot_pool
         where consultation_id = $1 order by tracker"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Empties the pool of a consultation (its ballots have just been published).
pub async fn clear(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "delete from consultation_ballot_pool where consultation_id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Open consultations whose pool holds ballots and whose last batch (or opening) is at least
/// `interval` seconds old at `now`.
pub async fn due(
    tx: &mut Tx,
    now: i64,
    interval: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, String)>(
        "select c.town_id, c.id from consultations c
         where c.status = 'open'
           and coalesce(c.batch_published_at, c.opened_at, 0) <= $1
           and exists (select 1 from consultation_ballot_pool p where p.consultation_id = c.id)
         order by c.id"
    )
    .bind(now - interval)
    .fetch_all(c)
    .await)
}

/// Records when a batch was published.
pub async fn mark_published(tx: &mut Tx, id: &str, now: i64) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "update consultations set batch_published_at = $2 where id = $1"
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
