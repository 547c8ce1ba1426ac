//! The census (`census_imports`, `census_entries`) and verified residency (`residency`).
//!
//! An import replaces a town's census as a whole, in the caller's transaction. A verification
//! lasts until `expires_at`; an expired row reads as not verified. The consultations feature
//! asks [`verified_district`] for eligibility and for results by district.

use protocol::api::{CensusImportInfo, CensusSummary, ResidencyMethod, ResidencyStatus};

use crate::census::CensusRow;
use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// Rows per multi-row `insert` (6 parameters each, plus 3 shared: far below both engines' limits).
const CHUNK: usize = 500;

/// Replaces the town's census with `rows` and records the import. Returns the import's id.
pub async fn replace_census(
    tx: &mut Tx,
    town_id: &str,
    imported_by: Option<&str>,
    file_name: &str,
    rows: &[CensusRow],
    now: i64,
) -> Result<String, sqlx::Error> {
    let import_id = uuid::Uuid::new_v4().to_string();
    // Two imports at once must not merge: on PostgreSQL, lock the town's row first (on SQLite
    // the write transaction already excludes every other writer).
    if let Tx::Postgres(t) = tx {
        sqlx::query("select id from towns where id = $1 for update")
            .bind(town_id)
            .fetch_optional(&mut **t)
            .await?;
    }
    exec!(tx, "delete from census_entries where town_id = $1", town_id)?;
    on_db!(tx, |c| {
        sqlx::query(
        "insert into census_imports (id, town_id, imported_by, file_name, rows_imported, created_at)
         values ($1, $2, $3, $4, $5, $6)"
    )
    .bind(&import_id)
    .bind(town_id)
    .bind(imported_by)
    .bind(file_name)
    .bind(i64::try_from(rows.len()).unwrap_or(i64::MAX))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    for chunk in rows.chunks(CHUNK) {
        let mut sql = String::from(
            "insert into census_entries (town_id, import_id, reference, last_name, first_name, \
             birth_date, address, district, created_at) values ",
        );
        for i in 0..chunk.len() {
            let b = i * 6;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "($1, $2, ${}, ${}, ${}, ${}, ${}, ${}, $3)",
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9
            ));
        }
        on_db!(tx, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(town_id)
                .bind(&import_id)
                .bind(now);
            for row in chunk {
                q = q
                    .bind(row.reference.as_deref())
                    .bind(&row.last_name)
                    .bind(&row.first_name)
                    .bind(row.birth_date.as_deref())
                    .bind(&row.address)
                    .bind(&row.district);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(import_id)
}

#[derive(Debug, sqlx::FromRow)]
struct ImportRow {
    file_name: String,
    rows_imported: i64,
    created_at: i64,
    imported_by: Option<String>,
}

/// The census in force: entry count and last import.
pub async fn census_summary(tx: &mut Tx, town_id: &str) -> Result<CensusSummary, sqlx::Error> {
    let entries: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from census_entries where town_id = $1"
    )
    .bind(town_id)
    .fetch_one(c)
    .await)?;
    let last: Option<ImportRow> = on_db!(tx, |c| sqlx::query_as::<_, ImportRow>(
        "select file_name, rows_imported, created_at, imported_by from census_imports
         where town_id = $1 order by created_at desc, id desc limit 1"
    )
    .bind(town_id)
    .fetch_optional(c)
    .await)?;
    Ok(CensusSummary {
        entries: u64::try_from(entries).unwrap_or(0),
        last_import: last.map(|r| CensusImportInfo {
            file_name: r.file_name,
            rows_imported: u64::try_from(r.rows_imported).unwrap_or(0),
            imported_at: r.created_at,
            imported_by: r.imported_by,
        }),
    })
}

/// A census entry that matched.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CensusMatch {
    pub reference: Option<String>,
    pub district: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<String>,
}

impl CensusMatch {
    /// The person's identity in the census, stable across re-imports of the same data: what
    /// stops one census entry from verifying several accounts.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.last_name,
            self.first_name,
            self.birth_date.as_deref().unwrap_or(""),
            self.reference.as_deref().unwrap_or("")
        )
    }
}

/// The account holding the verification for a census person, with its expiry.
pub async fn holder_of(
    tx: &mut Tx,
    town_id: &str,
    census_key: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as(
        "select user_id, expires_at from residency where town_id = $1 and census_key = $2"
    )
    .bind(town_id)
    .bind(census_key)
    .fetch_optional(c)
    .await)
}

/// Removes an account's verification (an expired one whose census person another account claims).
pub async fn remove(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    exec!(tx, "delete from residency where user_id = $1", user_id)?;
    Ok(())
}

/// The census entry of the town with these normalized names and this birth date or reference.
/// When both are given, both must match.
pub async fn find_in_census(
    tx: &mut Tx,
    town_id: &str,
    last_name: &str,
    first_name: &str,
    birth_date: Option<&str>,
    reference: Option<&str>,
) -> Result<Option<CensusMatch>, sqlx::Error> {
    if birth_date.is_none() && reference.is_none() {
        return Ok(None);
    }
    let found: Vec<CensusMatch> = on_db!(tx, |c| sqlx::query_as::<_, CensusMatch>(
        "select reference, district, last_name, first_name, birth_date from census_entries
         where town_id = $1 and last_name = $2 and first_name = $3
           and ($4 is null or birth_date = $4) and ($5 is null or reference = $5)
         limit 2"
    )
    .bind(town_id)
    .bind(last_name)
    .bind(first_name)
    .bind(birth_date)
    .bind(reference)
    .fetch_all(c)
    .await)?;
    // Two namesakes born the same day: ambiguous, only a reference or staff can tell them apart.
    Ok(if found.len() == 1 {
        found.into_iter().next()
    } else {
        None
    })
}

/// A verification to record.
#[derive(Debug)]
pub struct Verification<'a> {
    pub user_id: &'a str,
    pub town_id: &'a str,
    pub district: &'a str,
    pub method: ResidencyMethod,
    pub census_reference: Option<&'a str>,
    /// [`CensusMatch::key`] for a census verification, `None` for a manual one.
    pub census_key: Option<&'a str>,
    pub verified_by: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub verified_at: i64,
    pub expires_at: i64,
}

/// Records (or renews) an account's verification.
pub async fn upsert(tx: &mut Tx, v: &Verification<'_>) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into residency (user_id, town_id, district, method, census_reference,
                                verified_by, reason, verified_at, expires_at, census_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (user_id) do update set
           town_id = excluded.town_id, district = excluded.district, method = excluded.method,
           census_reference = excluded.census_reference, verified_by = excluded.verified_by,
           reason = excluded.reason, verified_at = excluded.verified_at,
           expires_at = excluded.expires_at, census_key = excluded.census_key,
           revoked_at = null",
        v.user_id,
        v.town_id,
        v.district,
        v.method.as_str(),
        v.census_reference,
        v.verified_by,
        v.reason,
        v.verified_at,
        v.expires_at,
        v.census_key
    )?;
    Ok(())
}

/// Removes an account's verification. True when there was one.
pub async fn revoke(tx: &mut Tx, user_id: &str) -> Result<bool, sqlx::Error> {
    let n = exec!(
        tx,
        "update residency set revoked_at = $2, census_key = null
         where user_id = $1 and revoked_at is null",
        user_id,
        crate::time::now()
    )?;
    Ok(n > 0)
}

/// True when staff revoked the account's verification (it may not verify itself again).
pub async fn is_revoked(tx: &mut Tx, user_id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = on_db!(tx, |c| sqlx::query_as(
        "select revoked_at from residency where user_id = $1 and revoked_at is not null"
    )
    .bind(user_id)
    .fetch_optional(c)
    .await)?;
    Ok(row.is_some())
}

#[derive(Debug, sqlx::FromRow)]
struct StatusRow {
    district: String,
    method: String,
    verified_at: i64,
    expires_at: i64,
}

/// The account's residency as of `now` (expired = not verified).
pub async fn status(tx: &mut Tx, user_id: &str, now: i64) -> Result<ResidencyStatus, sqlx::Error> {
    let row: Option<StatusRow> = on_db!(tx, |c| sqlx::query_as::<_, StatusRow>(
        "select district, method, verified_at, expires_at from residency
         where user_id = $1 and expires_at > $2 and revoked_at is null"
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(c)
    .await)?;
    Ok(match row {
        Some(r) => ResidencyStatus {
            verified: true,
            district: Some(r.district),
            method: ResidencyMethod::parse(&r.method),
            verified_at: Some(r.verified_at),
            expires_at: Some(r.expires_at),
        },
        None => ResidencyStatus::unverified(),
    })
}

/// The district of an account verified as living in the town at `now`; `None` when it is not
/// verified or its verification has expired. For consultation eligibility and results by
/// district.
pub async fn verified_district(
    tx: &mut Tx,
    user_id: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "select district from residency
         where user_id = $1 and expires_at > $2 and revoked_at is null"
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(c)
    .await)
}
