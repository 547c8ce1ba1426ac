//! The electorate fixed at opening: voters, their public credentials (with weight and
//! district), eligibility, and the opening announcement.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

use super::*;

/// A member of the electorate as found at opening (with the account, when there is one).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Elector {
    pub email: String,
    pub weight: i64,
    pub district: Option<String>,
    pub user_id: Option<String>,
    pub display_name: Option<String>,
    pub language: Option<String>,
}

/// Eligibility `list`: the uploaded list, with the town's confirmed account of each address.
pub async fn electors_from_list(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
) -> Result<Vec<Elector>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Elector>(
        "select v.email, v.weight, cast(null as text) as district, u.id as user_id,
                u.display_name, u.language
         from consultation_voter_list v
         left join users u on u.town_id = v.town_id and u.email = v.email
                           and u.email_verified_at is not null and not u.disabled
         where v.consultation_id = $1 and v.town_id = $2
         order by v.email"
    )
    .bind(id)
    .bind(town_id)
    .fetch_all(c)
    .await)
}

/// Eligibility `all_verified` / `districts`: the town's residents verified at `now`.
pub async fn electors_from_residency(
    tx: &mut Tx,
    town_id: &str,
    now: i64,
) -> Result<Vec<Elector>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Elector>(
        "select u.email, cast(1 as bigint) as weight, r.district, u.id as user_id,
                u.display_name, u.language
         from residency r join users u on u.id = r.user_id
         where r.town_id = $1 and u.town_id = $1 and r.expires_at > $2 and r.revoked_at is null
           and u.email_verified_at is not null and not u.disabled
         order by u.email"
    )
    .bind(town_id)
    .bind(now)
    .fetch_all(c)
    .await)
}

/// Fixes the electorate (`consultation_voters`), credential mails queued at `now`.
pub async fn insert_voters(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    voters: &[Elector],
    now: i64,
) -> Result<(), sqlx::Error> {
    for v in voters {
        exec!(
            tx,
            "insert into consultation_voters (consultation_id, town_id, email, user_id, weight,
                 district, credential_sent_at)
             values ($1, $2, $3, $4, $5, $6, $7)",
            id,
            town_id,
            &v.email,
            v.user_id.as_deref(),
            v.weight,
            v.district.as_deref(),
            now
        )?;
    }
    Ok(())
}

/// Stores public credentials with their weights and districts (the caller passes them
/// sorted, never in the electorate's order).
pub async fn insert_credentials(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    credentials: &[(String, i64, Option<String>)],
) -> Result<(), sqlx::Error> {
    for chunk in credentials.chunks(CHUNK) {
        let mut sql = String::from(
            "insert into consultation_credentials (consultation_id, town_id, public_credential, \
             weight, district) values ",
        );
        for i in 0..chunk.len() {
            let b = i * 3;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("($1, $2, ${}, ${}, ${})", b + 3, b + 4, b + 5));
        }
        on_db!(tx, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .bind(town_id);
            for (cred, weight, district) in chunk {
                q = q.bind(cred).bind(*weight).bind(district.as_deref());
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// The public credentials with their districts (`None` for a list electorate), in no
/// meaningful order.
pub async fn credential_districts(
    tx: &mut Tx,
    id: &str,
) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, Option<String>)>(
        "select public_credential, district from consultation_credentials
         where consultation_id = $1"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// How many distinct districts the credentials have (breakdowns: published and suppressed).
pub async fn credential_district_count(tx: &mut Tx, id: &str) -> Result<i64, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar::<_, i64>(
        "select count(distinct district) from consultation_credentials
         where consultation_id = $1 and district is not null"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

/// The public credentials and weights (in no meaningful order: callers sort).
pub async fn credentials(tx: &mut Tx, id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, i64)>(
        "select public_credential, weight from consultation_credentials
         where consultation_id = $1"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Whether `credential` is one of the election's.
pub async fn has_credential(tx: &mut Tx, id: &str, credential: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from consultation_credentials
         where consultation_id = $1 and public_credential = $2"
    )
    .bind(id)
    .bind(credential)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Whether the account (by id, or by its confirmed address) is in the electorate.
pub async fn is_elector(
    tx: &mut Tx,
    id: &str,
    user_id: &str,
    verified_email: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from consultation_voters
         where consultation_id = $1 and (user_id = $2 or ($3 is not null and email = $3))"
    )
    .bind(id)
    .bind(user_id)
    .bind(verified_email)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// A member of the electorate, to write to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoterContact {
    pub email: String,
    pub user_id: Option<String>,
    pub display_name: Option<String>,
    pub language: Option<String>,
}

pub async fn voter_contacts(tx: &mut Tx, id: &str) -> Result<Vec<VoterContact>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, VoterContact>(
        "select v.email, u.id as user_id, u.display_name, u.language
         from consultation_voters v
         left join users u on u.id = v.user_id and not u.disabled
         where v.consultation_id = $1 order by v.email"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// The voters of `id` not yet told that voting is open (the opening announcement).
pub async fn unannounced_voters(tx: &mut Tx, id: &str) -> Result<Vec<VoterContact>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, VoterContact>(
        "select v.email, u.id as user_id, u.display_name, u.language
         from consultation_voters v
         left join users u on u.id = v.user_id and not u.disabled
         where v.consultation_id = $1 and v.announced_at is null order by v.email"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Records that every voter of `id` not yet announced to has been (their announcement, or
/// the credential mail standing for it, is queued in the same transaction).
pub async fn mark_announced(tx: &mut Tx, id: &str, now: i64) -> Result<u64, sqlx::Error> {
    exec!(
        tx,
        "update consultation_voters set announced_at = $2
         where consultation_id = $1 and announced_at is null",
        id,
        now
    )
}

/// Open consultations of every town whose `opens_at` has come (and `closes_at` not yet) with
/// voters still to announce to: `(town_id, consultation_id)`.
pub async fn announcements_due(
    tx: &mut Tx,
    now: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, String)>(
        "select c.town_id, c.id from consultations c
         where c.status = 'open' and c.opens_at <= $1 and c.closes_at > $1
           and exists (select 1 from consultation_voters v
                       where v.consultation_id = c.id and v.announced_at is null)
         order by c.opens_at, c.id"
    )
    .bind(now)
    .fetch_all(c)
    .await)
}

/// Size and total weight of the electorate.
pub async fn electorate(tx: &mut Tx, id: &str) -> Result<(i64, i64), sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "select count(*), cast(coalesce(sum(weight), 0) as bigint)
         from consultation_voters where consultation_id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}
