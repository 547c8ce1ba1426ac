//! Consultations: set-up rows (the consultation, its questions, districts, trustees and
//! uploaded voter list), then the election: ceremony messages, the electorate and its public
//! credentials, the bulletin board, participation, receipt keys, tallies and partial
//! decryptions (migration 0007). Every query of a town's data is scoped by `town_id` or by a
//! consultation id the caller already resolved in its town.

mod board;
mod ceremony;
mod election;
mod electorate;
mod tally;

pub use board::*;
pub use ceremony::*;
pub use election::*;
pub use electorate::*;
pub use tally::*;

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use protocol::consultations::{ElectionGroup, Eligibility, Question, QuestionKind, TrusteeMode};
use protocol::requests::Localized;

/// One valid row of an uploaded voter list (`consultations::voter_list` parses the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoterRow {
    pub line: u64,
    /// Normalised (trimmed, lowercase).
    pub email: String,
    pub weight: u64,
}

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
    let changed = exec!(
        tx,
        "update consultations set updated_at = $3
         where id = $1 and town_id = $2 and status = 'draft'",
        id,
        town_id,
        now
    )?;
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
    exec!(
        tx,
        "update consultations set title_fr = $3, title_en = $4, description_fr = $5,
             description_en = $6, opens_at = $7, closes_at = $8, eligibility = $9,
             group_name = $10, trustee_mode = $11, threshold = $12, breakdown_min_voters = $13,
             updated_at = $14
         where id = $1 and town_id = $2 and status = 'draft'",
        id,
        town_id,
        &setup.title.fr,
        &setup.title.en,
        &setup.description.fr,
        &setup.description.en,
        setup.opens_at,
        setup.closes_at,
        setup.eligibility.kind_str(),
        setup.group.as_str(),
        setup.trustee_mode.as_str(),
        setup.threshold.map(i64::from),
        i64::from(setup.breakdown_min_voters),
        now
    )?;
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
        exec!(
            tx,
            "insert into consultation_questions (consultation_id, town_id, position, text_fr,
                 text_en, kind, min_choices, max_choices, blank_allowed, answers)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            id,
            town_id,
            i64::try_from(position).unwrap_or(i64::MAX),
            &q.text.fr,
            &q.text.en,
            q.kind.as_str(),
            i64::from(q.min),
            i64::from(q.max),
            q.blank_allowed,
            &answers
        )?;
    }
    if let Eligibility::Districts { districts } = &setup.eligibility {
        for district in districts {
            exec!(
                tx,
                "insert into consultation_districts (consultation_id, town_id, district)
                 values ($1, $2, $3)",
                id,
                town_id,
                district
            )?;
        }
    }
    for (i, trustee) in setup.trustees.iter().enumerate() {
        let kind = if trustee.user_id.is_some() {
            "official"
        } else {
            "server"
        };
        exec!(
            tx,
            "insert into consultation_trustees (consultation_id, town_id, position, kind, user_id,
                 display_name, created_at)
             values ($1, $2, $3, $4, $5, $6, $7)",
            id,
            town_id,
            i64::try_from(i + 1).unwrap_or(i64::MAX),
            kind,
            trustee.user_id.as_deref(),
            &trustee.display_name,
            now
        )?;
    }
    Ok(())
}

/// Deletes a locked draft; its questions, districts, trustees and voter list go with it.
pub async fn delete(tx: &mut Tx, town_id: &str, id: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "delete from consultations where id = $1 and town_id = $2 and status = 'draft'",
        id,
        town_id
    )?;
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
    exec!(
        tx,
        "delete from consultation_voter_list where consultation_id = $1 and town_id = $2",
        id,
        town_id
    )?;
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
    let changed = exec!(
        tx,
        "update consultations set status = 'key_ceremony', frozen_at = $3, updated_at = $3
         where id = $1 and town_id = $2 and status = 'draft'",
        id,
        town_id,
        now
    )?;
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
