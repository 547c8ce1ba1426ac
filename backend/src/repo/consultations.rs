//! Consultations: set-up rows (the consultation, its questions, districts, trustees and
//! uploaded voter list), then the election: ceremony messages, the electorate and its public
//! credentials, the bulletin board, participation, receipt keys, tallies and partial
//! decryptions (migration 0007). Every query of a town's data is scoped by `town_id` or by a
//! consultation id the caller already resolved in its town.

use protocol::consultations::{ElectionGroup, Eligibility, Question, QuestionKind, TrusteeMode};
use protocol::requests::Localized;

use crate::consultations::voter_list::VoterRow;
use crate::db::Tx;
use crate::on_db;

/// Rows per multi-row insert (5 parameters each: well under both engines' limits).
const CHUNK: usize = 500;

/// A consultation row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: String,
    pub town_id: String,
    pub election_uuid: String,
    pub title_fr: String,
    pub title_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub status: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub eligibility: String,
    pub group_name: String,
    pub trustee_mode: String,
    pub threshold: Option<i64>,
    pub breakdown_min_voters: i64,
    pub created_by: Option<String>,
    pub frozen_at: Option<i64>,
    pub fingerprint: Option<String>,
    pub receipt_key_id: Option<String>,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub published_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, town_id, election_uuid, title_fr, title_en, description_fr, \
    description_en, status, opens_at, closes_at, eligibility, group_name, trustee_mode, \
    threshold, breakdown_min_voters, created_by, frozen_at, fingerprint, receipt_key_id, \
    opened_at, closed_at, published_at, created_at, updated_at";

/// A question row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    pub position: i64,
    pub text_fr: String,
    pub text_en: String,
    pub kind: String,
    pub min_choices: i64,
    pub max_choices: i64,
    pub blank_allowed: bool,
    pub answers: String,
}

impl QuestionRow {
    /// The stored question; the server validated it before storing.
    pub fn to_wire(&self) -> Question {
        Question {
            text: Localized {
                fr: self.text_fr.clone(),
                en: self.text_en.clone(),
            },
            kind: QuestionKind::parse(&self.kind).unwrap_or(QuestionKind::Single),
            min: u32::try_from(self.min_choices).unwrap_or(0),
            max: u32::try_from(self.max_choices).unwrap_or(0),
            blank_allowed: self.blank_allowed,
            answers: serde_json::from_str(&self.answers).unwrap_or_default(),
        }
    }
}

/// A trustee row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrusteeRow {
    pub position: i64,
    pub kind: String,
    pub user_id: Option<String>,
    pub display_name: String,
}

/// A trustee to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrustee {
    /// `None` for the server-held Single trustee.
    pub user_id: Option<String>,
    pub display_name: String,
}

/// A validated set-up, as stored (see `crate::consultations::validate`).
#[derive(Debug, Clone)]
pub struct Setup {
    pub title: Localized,
    pub description: Localized,
    pub opens_at: i64,
    pub closes_at: i64,
    pub questions: Vec<Question>,
    pub eligibility: Eligibility,
    pub group: ElectionGroup,
    pub trustee_mode: TrusteeMode,
    pub threshold: Option<u32>,
    pub trustees: Vec<NewTrustee>,
    pub breakdown_min_voters: u32,
}

/// Whether a consultation can be changed, after [`lock_draft`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    /// A draft, now locked by this transaction.
    Draft,
    /// It exists but left `draft`.
    Frozen,
    Missing,
}

/// Inserts a draft with its questions, districts and trustees.
pub async fn insert(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    election_uuid: &str,
    created_by: &str,
    setup: &Setup,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query(
        "insert into consultations (id, town_id, election_uuid, title_fr, title_en,
             description_fr, description_en, status, opens_at, closes_at, eligibility, group_name,
             trustee_mode, threshold, breakdown_min_voters, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)"
    )
    .bind(id)
    .bind(town_id)
    .bind(election_uuid)
    .bind(&setup.title.fr)
    .bind(&setup.title.en)
    .bind(&setup.description.fr)
    .bind(&setup.description.en)
    .bind(setup.opens_at)
    .bind(setup.closes_at)
    .bind(setup.eligibility.kind_str())
    .bind(setup.group.as_str())
    .bind(setup.trustee_mode.as_str())
    .bind(setup.threshold.map(i64::from))
    .bind(i64::from(setup.breakdown_min_voters))
    .bind(created_by)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    insert_children(tx, town_id, id, setup, now).await
}

/// Takes the draft `id` for a change: bumps `updated_at` only while it is a draft, which locks
/// the row (PostgreSQL re-checks the status after waiting for a concurrent freeze; SQLite's
/// write transaction excludes other writers).
pub async fn lock_draft(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    now: i64,
) -> Result<DraftState, sqlx::Error> {
    let changed = on_db!(tx, |c| sqlx::query(
        "update consultations set updated_at = $3
         where id = $1 and town_id = $2 and status = 'draft'"
    )
    .bind(id)
    .bind(town_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if changed > 0 {
        return Ok(DraftState::Draft);
    }
    let exists: Option<String> = on_db!(tx, |c| sqlx::query_scalar(
        "select status from consultations where id = $1 and town_id = $2"
    )
    .bind(id)
    .bind(town_id)
    .fetch_optional(c)
    .await)?;
    Ok(if exists.is_some() {
        DraftState::Frozen
    } else {
        DraftState::Missing
    })
}

/// Replaces a locked draft's set-up (the uploaded voter list is kept).
pub async fn replace_setup(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    setup: &Setup,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "update consultations set title_fr = $3, title_en = $4, description_fr = $5,
             description_en = $6, opens_at = $7, closes_at = $8, eligibility = $9,
             group_name = $10, trustee_mode = $11, threshold = $12, breakdown_min_voters = $13,
             updated_at = $14
         where id = $1 and town_id = $2 and status = 'draft'"
    )
    .bind(id)
    .bind(town_id)
    .bind(&setup.title.fr)
    .bind(&setup.title.en)
    .bind(&setup.description.fr)
    .bind(&setup.description.en)
    .bind(setup.opens_at)
    .bind(setup.closes_at)
    .bind(setup.eligibility.kind_str())
    .bind(setup.group.as_str())
    .bind(setup.trustee_mode.as_str())
    .bind(setup.threshold.map(i64::from))
    .bind(i64::from(setup.breakdown_min_voters))
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    for table in [
        "consultation_questions",
        "consultation_districts",
        "consultation_trustees",
    ] {
        let sql = format!("delete from {table} where consultation_id = $1 and town_id = $2");
        on_db!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .bind(town_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    insert_children(tx, town_id, id, setup, now).await
}

async fn insert_children(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    setup: &Setup,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (position, q) in setup.questions.iter().enumerate() {
        let answers =
            serde_json::to_string(&q.answers).map_err(|e| sqlx::Error::Encode(e.into()))?;
        on_db!(tx, |c| sqlx::query(
            "insert into consultation_questions (consultation_id, town_id, position, text_fr,
                 text_en, kind, min_choices, max_choices, blank_allowed, answers)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )
        .bind(id)
        .bind(town_id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&q.text.fr)
        .bind(&q.text.en)
        .bind(q.kind.as_str())
        .bind(i64::from(q.min))
        .bind(i64::from(q.max))
        .bind(q.blank_allowed)
        .bind(&answers)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    if let Eligibility::Districts { districts } = &setup.eligibility {
        for district in districts {
            on_db!(tx, |c| sqlx::query(
                "insert into consultation_districts (consultation_id, town_id, district)
                 values ($1, $2, $3)"
            )
            .bind(id)
            .bind(town_id)
            .bind(district)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
    }
    for (i, trustee) in setup.trustees.iter().enumerate() {
        let kind = if trustee.user_id.is_some() {
            "official"
        } else {
            "server"
        };
        on_db!(tx, |c| sqlx::query(
            "insert into consultation_trustees (consultation_id, town_id, position, kind, user_id,
                 display_name, created_at)
             values ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(id)
        .bind(town_id)
        .bind(i64::try_from(i + 1).unwrap_or(i64::MAX))
        .bind(kind)
        .bind(trustee.user_id.as_deref())
        .bind(&trustee.display_name)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Deletes a locked draft; its questions, districts, trustees and voter list go with it.
pub async fn delete(tx: &mut Tx, town_id: &str, id: &str) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "delete from consultations where id = $1 and town_id = $2 and status = 'draft'"
    )
    .bind(id)
    .bind(town_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The consultation `id` of the town.
pub async fn by_id(tx: &mut Tx, town_id: &str, id: &str) -> Result<Option<Row>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from consultations where id = $1 and town_id = $2");
    on_db!(tx, |c| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(id)
    .bind(town_id)
    .fetch_optional(c)
    .await)
}

/// The town's consultations, newest opening first; drafts only when `with_drafts`.
pub async fn list(tx: &mut Tx, town_id: &str, with_drafts: bool) -> Result<Vec<Row>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from consultations where town_id = $1 and ($2 or status <> 'draft')
         order by opens_at desc, id"
    );
    on_db!(tx, |c| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .bind(with_drafts)
    .fetch_all(c)
    .await)
}

pub async fn questions(tx: &mut Tx, id: &str) -> Result<Vec<QuestionRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, QuestionRow>(
        "select position, text_fr, text_en, kind, min_choices, max_choices, blank_allowed, answers
         from consultation_questions where consultation_id = $1 order by position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

pub async fn districts(tx: &mut Tx, id: &str) -> Result<Vec<String>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "select district from consultation_districts where consultation_id = $1 order by district"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

pub async fn trustees(tx: &mut Tx, id: &str) -> Result<Vec<TrusteeRow>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, TrusteeRow>(
        "select position, kind, user_id, display_name from consultation_trustees
         where consultation_id = $1 order by position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Rows and total weight of the uploaded voter list.
pub async fn voter_list_summary(tx: &mut Tx, id: &str) -> Result<(i64, i64), sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "select count(*), cast(coalesce(sum(weight), 0) as bigint)
         from consultation_voter_list where consultation_id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

/// Replaces a locked draft's voter list.
pub async fn replace_voter_list(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    rows: &[VoterRow],
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "delete from consultation_voter_list where consultation_id = $1 and town_id = $2"
    )
    .bind(id)
    .bind(town_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    for chunk in rows.chunks(CHUNK) {
        let mut sql = String::from(
            "insert into consultation_voter_list (consultation_id, town_id, email, weight, line) \
             values ",
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
            for row in chunk {
                q = q
                    .bind(&row.email)
                    .bind(i64::try_from(row.weight).unwrap_or(i64::MAX))
                    .bind(i64::try_from(row.line).unwrap_or(i64::MAX));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Freezes a locked draft: it enters the key ceremony.
pub async fn freeze(tx: &mut Tx, town_id: &str, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let changed = on_db!(tx, |c| sqlx::query(
        "update consultations set status = 'key_ceremony', frozen_at = $3, updated_at = $3
         where id = $1 and town_id = $2 and status = 'draft'"
    )
    .bind(id)
    .bind(town_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// An account that may hold a key share.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Official {
    pub id: String,
    pub display_name: String,
    pub email: String,
}

/// The town's enabled accounts with the `official` role, by name.
pub async fn officials(tx: &mut Tx, town_id: &str) -> Result<Vec<Official>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Official>(
        "select id, display_name, email from users
         where town_id = $1 and role = 'official' and not disabled order by display_name, id"
    )
    .bind(town_id)
    .fetch_all(c)
    .await)
}

// ---------------------------------------------------------------------------------------------
// The election (slice 2): opening, voting, tally.

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
    let changed = on_db!(tx, |c| sqlx::query(
        "update consultations set status = status
         where id = $1 and town_id = $2 and status = $3"
    )
    .bind(id)
    .bind(town_id)
    .bind(status)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
    let changed = on_db!(tx, |c| sqlx::query(
        "update consultations set status = 'open', election_json = $3, trustees_json = $4,
             fingerprint = $5, receipt_key_id = $6, opened_at = $7, updated_at = $7
         where id = $1 and town_id = $2 and status = 'key_ceremony'"
    )
    .bind(id)
    .bind(town_id)
    .bind(&data.election_json)
    .bind(&data.trustees_json)
    .bind(&data.fingerprint)
    .bind(&data.receipt_key_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
    let changed = on_db!(tx, |c| sqlx::query(
        "update consultations set status = $4, updated_at = $5,
             closed_at = case when $4 = 'closed' then $5 else closed_at end,
             published_at = case when $4 = 'published' then $5 else published_at end
         where id = $1 and town_id = $2 and status = $3"
    )
    .bind(id)
    .bind(town_id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Stores one key-ceremony message (replacing none: the key is unique).
#[allow(clippy::too_many_arguments)]
pub async fn insert_ceremony_message(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    step: i64,
    position: i64,
    kind: &str,
    payload: &str,
    submitted_by: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "insert into consultation_ceremony_messages (consultation_id, town_id, step,
             trustee_position, kind, payload, submitted_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(id)
    .bind(town_id)
    .bind(step)
    .bind(position)
    .bind(kind)
    .bind(payload)
    .bind(submitted_by)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The payloads of the ceremony messages of `kind`, by trustee position.
pub async fn ceremony_messages(
    tx: &mut Tx,
    id: &str,
    kind: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "select trustee_position, payload from consultation_ceremony_messages
         where consultation_id = $1 and kind = $2 order by trustee_position"
    )
    .bind(id)
    .bind(kind)
    .fetch_all(c)
    .await)
}

/// Stores the server-held Single trustee's private key (`server_single` only: the column's
/// check constraint refuses it on an official's row).
pub async fn set_server_private_key(
    tx: &mut Tx,
    id: &str,
    position: i64,
    key: &str,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "update consultation_trustees set server_private_key = $3
         where consultation_id = $1 and position = $2 and kind = 'server'"
    )
    .bind(id)
    .bind(position)
    .bind(key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The server-held trustee's position and private key, if any.
pub async fn server_private_key(
    tx: &mut Tx,
    id: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "select position, server_private_key from consultation_trustees
         where consultation_id = $1 and kind = 'server' and server_private_key is not null"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Deletes the server-held trustee's private key (at publication: nothing needs it any more);
/// returns how many keys were cleared (0 or 1).
pub async fn forget_server_private_key(tx: &mut Tx, id: &str) -> Result<u64, sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "update consultation_trustees set server_private_key = null
         where consultation_id = $1 and kind = 'server' and server_private_key is not null"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
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
        on_db!(tx, |c| sqlx::query(
            "insert into consultation_voters (consultation_id, town_id, email, user_id, weight,
                 district, credential_sent_at)
             values ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(id)
        .bind(town_id)
        .bind(&v.email)
        .bind(v.user_id.as_deref())
        .bind(v.weight)
        .bind(v.district.as_deref())
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
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
    on_db!(tx, |c| sqlx::query(
        "update consultation_voters set announced_at = $2
         where consultation_id = $1 and announced_at is null"
    )
    .bind(id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
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
    on_db!(tx, |c| sqlx::query(
        "insert into consultation_participation (consultation_id, town_id, user_id)
         values ($1, $2, $3) on conflict (consultation_id, user_id) do nothing"
    )
    .bind(id)
    .bind(town_id)
    .bind(user_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
    on_db!(tx, |c| sqlx::query(
        "update receipt_keys set retired_at = $2 where town_id = $1 and retired_at is null"
    )
    .bind(town_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}

pub async fn insert_receipt_key(
    tx: &mut Tx,
    town_id: &str,
    key: &ReceiptKeyRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "insert into receipt_keys (id, town_id, public_key, private_key, created_at)
         values ($1, $2, $3, $4, $5)"
    )
    .bind(&key.id)
    .bind(town_id)
    .bind(&key.public_key)
    .bind(&key.private_key)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

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
    on_db!(tx, |c| sqlx::query(
        "insert into consultation_tallies (consultation_id, town_id, scope, encrypted_tally,
             num_tallied, total_weight, computed_at)
         values ($1, $2, $7, $3, $4, $5, $6)"
    )
    .bind(id)
    .bind(town_id)
    .bind(&t.encrypted_tally)
    .bind(t.num_tallied)
    .bind(t.total_weight)
    .bind(now)
    .bind(scope)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
    on_db!(tx, |c| sqlx::query(
        "update consultation_tallies set result = $2, decrypted_at = $3
         where consultation_id = $1 and scope = $4"
    )
    .bind(id)
    .bind(result)
    .bind(now)
    .bind(scope)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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
    on_db!(tx, |c| sqlx::query(
        "insert into consultation_partial_decryptions (consultation_id, town_id, scope,
             trustee_position, payload, submitted_by, created_at)
         values ($1, $2, $7, $3, $4, $5, $6)"
    )
    .bind(id)
    .bind(town_id)
    .bind(position)
    .bind(payload)
    .bind(submitted_by)
    .bind(now)
    .bind(scope)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
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

// ---------------------------------------------------------------------------------------------
// The officials' key ceremony and partial decryptions (slice 3).

/// The consultations (not drafts) of which the account `user_id` is a key holder, with its
/// position, newest opening first.
pub async fn trustee_positions(
    tx: &mut Tx,
    town_id: &str,
    user_id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, i64)>(
        "select t.consultation_id, t.position from consultation_trustees t
         join consultations c on c.id = t.consultation_id
         where t.town_id = $1 and t.user_id = $2 and t.kind = 'official'
           and c.status <> 'draft'
         order by c.opens_at desc, c.id"
    )
    .bind(town_id)
    .bind(user_id)
    .fetch_all(c)
    .await)
}

/// Every ceremony message's `(step, trustee_position)`, without payloads (progress).
pub async fn ceremony_progress(tx: &mut Tx, id: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "select step, trustee_position from consultation_ceremony_messages
         where consultation_id = $1 order by step, trustee_position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// The trustee positions whose partial decryption of the whole tally is stored.
pub async fn partial_decryption_owners(tx: &mut Tx, id: &str) -> Result<Vec<i64>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar::<_, i64>(
        "select trustee_position from consultation_partial_decryptions
         where consultation_id = $1 and scope = '' order by trustee_position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}
