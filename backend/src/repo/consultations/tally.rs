//! Encrypted tallies (whole electorate and districts), partial decryptions and the result.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// An encrypted tally (and its result once decrypted).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TallyRow {
    pub encrypted_tally: String,
    pub num_tallied: i64,
    pub total_weight: i64,
    pub result: Option<String>,
}

/// Stores an encrypted tally of `scope` (`''`: the whole electorate; else a district).
pub async fn insert_tally(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    scope: &str,
    t: &TallyRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into consultation_tallies (consultation_id, town_id, scope, encrypted_tally,
             num_tallied, total_weight, computed_at)
         values ($1, $2, $7, $3, $4, $5, $6)",
        id,
        town_id,
        &t.encrypted_tally,
        t.num_tallied,
        t.total_weight,
        now,
        scope
    )?;
    Ok(())
}

/// The whole electorate's tally (scope `''`).
pub async fn tally(tx: &mut Tx, id: &str) -> Result<Option<TallyRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, TallyRow>(
        "select encrypted_tally, num_tallied, total_weight, result from consultation_tallies
         where consultation_id = $1 and scope = ''"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// The district tallies (every scope but `''`), by district.
pub async fn district_tallies(
    tx: &mut Tx,
    id: &str,
) -> Result<Vec<(String, TallyRow)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Scoped {
        scope: String,
        #[sqlx(flatten)]
        tally: TallyRow,
    }
    let rows = on_db!(tx, |c| sqlx::query_as::<_, Scoped>(
        "select scope, encrypted_tally, num_tallied, total_weight, result
         from consultation_tallies
         where consultation_id = $1 and scope <> '' order by scope"
    )
    .bind(id)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|r| (r.scope, r.tally)).collect())
}

/// Stores the decrypted result of `scope`.
pub async fn set_result(
    tx: &mut Tx,
    id: &str,
    scope: &str,
    result: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update consultation_tallies set result = $2, decrypted_at = $3
         where consultation_id = $1 and scope = $4",
        id,
        result,
        now,
        scope
    )?;
    Ok(())
}

/// Stores a verified partial decryption of `scope` by the trustee at `position`.
#[allow(clippy::too_many_arguments)]
pub async fn insert_partial_decryption(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    scope: &str,
    position: i64,
    payload: &str,
    submitted_by: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into consultation_partial_decryptions (consultation_id, town_id, scope,
             trustee_position, payload, submitted_by, created_at)
         values ($1, $2, $7, $3, $4, $5, $6)",
        id,
        town_id,
        position,
        payload,
        submitted_by,
        now,
        scope
    )?;
    Ok(())
}

/// The whole electorate's partial decryptions, by trustee position (Belenios `owner`).
pub async fn partial_decryptions(tx: &mut Tx, id: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    scope_partial_decryptions(tx, id, "").await
}

/// The partial decryptions of `scope`, by trustee position.
pub async fn scope_partial_decryptions(
    tx: &mut Tx,
    id: &str,
    scope: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "select trustee_position, payload from consultation_partial_decryptions
         where consultation_id = $1 and scope = $2 order by trustee_position"
    )
    .bind(id)
    .bind(scope)
    .fetch_all(c)
    .await)
}
