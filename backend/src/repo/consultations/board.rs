//! The public bulletin board, participation, and the town's receipt keys.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// A ballot of the bulletin board. `published_at` is the time of its batch, not of its cast.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BallotRow {
    pub tracker: String,
    pub credential: String,
    pub ballot: String,
    pub published_at: i64,
}

/// Whether the ballot with `tracker` is on the board.
pub async fn on_board(tx: &mut Tx, id: &str, tracker: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from consultation_ballots where consultation_id = $1 and tracker = $2"
    )
    .bind(id)
    .bind(tracker)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Appends a ballot to the board (a batch, in its shuffled order); false when the same ballot
/// (tracker) is already there.
pub async fn insert_ballot(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    b: &BallotRow,
) -> Result<bool, sqlx::Error> {
    let changed = on_db!(tx, |c| {
        sqlx::query(
            "insert into consultation_ballots (consultation_id, town_id, tracker, credential,
                 ballot, published_at)
             values ($1, $2, $3, $4, $5, $6)
             on conflict (consultation_id, tracker) do nothing",
        )
        .bind(id)
        .bind(town_id)
        .bind(&b.tracker)
        .bind(&b.credential)
        .bind(&b.ballot)
        .bind(b.published_at)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(changed > 0)
}

/// The board in casting order, ballots included (`with_ballots`) or not.
pub async fn ballots(
    tx: &mut Tx,
    id: &str,
    with_ballots: bool,
) -> Result<Vec<BallotRow>, sqlx::Error> {
    let sql = if with_ballots {
        "select tracker, credential, ballot, published_at
         from consultation_ballots where consultation_id = $1 order by id"
    } else {
        "select tracker, credential, '' as ballot, published_at
         from consultation_ballots where consultation_id = $1 order by id"
    };
    on_db!(tx, |c| sqlx::query_as::<_, BallotRow>(sql)
        .bind(id)
        .fetch_all(c)
        .await)
}

/// Records that the account took part (once; no time, no ballot reference).
pub async fn insert_participation(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into consultation_participation (consultation_id, town_id, user_id)
         values ($1, $2, $3) on conflict (consultation_id, user_id) do nothing",
        id,
        town_id,
        user_id
    )?;
    Ok(())
}

/// A town's receipt key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReceiptKeyRow {
    pub id: String,
    pub public_key: Vec<u8>,
    pub private_key: Vec<u8>,
}

/// The town's newest active receipt key.
pub async fn active_receipt_key(
    tx: &mut Tx,
    town_id: &str,
) -> Result<Option<ReceiptKeyRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, ReceiptKeyRow>(
        "select id, public_key, private_key from receipt_keys
         where town_id = $1 and retired_at is null order by created_at desc, id limit 1"
    )
    .bind(town_id)
    .fetch_optional(c)
    .await)
}

pub async fn receipt_key(
    tx: &mut Tx,
    town_id: &str,
    key_id: &str,
) -> Result<Option<ReceiptKeyRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, ReceiptKeyRow>(
        "select id, public_key, private_key from receipt_keys where town_id = $1 and id = $2"
    )
    .bind(town_id)
    .bind(key_id)
    .fetch_optional(c)
    .await)
}

/// Retires the town's active receipt key(s): consultations that named one keep signing and
/// verifying with it; the next consultation to open gets a new key.
pub async fn retire_receipt_keys(tx: &mut Tx, town_id: &str, now: i64) -> Result<u64, sqlx::Error> {
    exec!(
        tx,
        "update receipt_keys set retired_at = $2 where town_id = $1 and retired_at is null",
        town_id,
        now
    )
}

pub async fn insert_receipt_key(
    tx: &mut Tx,
    town_id: &str,
    key: &ReceiptKeyRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into receipt_keys (id, town_id, public_key, private_key, created_at)
         values ($1, $2, $3, $4, $5)",
        &key.id,
        town_id,
        &key.public_key,
        &key.private_key,
        now
    )?;
    Ok(())
}
