//! Service requests, their timeline, photos, followers and flags. Every query is scoped by
//! town: a request is only ever looked up together with the town the HTTP host selected.

mod blocking;
mod events;
mod flags;
mod followers;
mod lists;
mod open311;
mod photos;

pub use blocking::*;
pub use events::*;
pub use flags::*;
pub use followers::*;
pub use lists::*;
pub use open311::*;
pub use photos::*;

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::search::search_text;
use protocol::requests::RequestStatus;

/// A photo ready to store: decoded, cleaned and re-encoded by `requests::photos`.
#[derive(Debug, Clone)]
pub struct CleanPhoto {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Words of a free-text filter that are used (the rest is ignored).
const MAX_SEARCH_WORDS: usize = 5;

/// The count of a list stops here: beyond it, the total is shown as "more than 1,000".
/// Counting every match of a large town on every page cost more than the page itself
/// (docs/benchmarks.md).
pub const COUNT_CAP: i64 = 1000;
/// The cap when words are searched: each candidate row's text is scanned, which costs about a
/// microsecond per row (a quarter of the rows match a common word), so the count stops sooner.
pub const TEXT_COUNT_CAP: i64 = 200;

/// A stored request.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Request {
    pub id: String,
    pub town_id: String,
    pub number: String,
    pub category_id: String,
    pub reporter_id: Option<String>,
    pub api_key_id: Option<String>,
    pub contact_email: Option<String>,
    pub contact_name: Option<String>,
    pub description: String,
    pub address: Option<String>,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub attributes: String,
    pub status: String,
    pub duplicate_of: Option<String>,
    pub assignee_id: Option<String>,
    pub team: Option<String>,
    pub language: String,
    pub reply_token: String,
    pub hidden_reason: Option<String>,
    pub followers: i64,
    pub closed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Request {
    /// An unknown stored status (impossible: a check constraint) reads as `submitted`.
    pub fn status(&self) -> RequestStatus {
        RequestStatus::parse(&self.status).unwrap_or(RequestStatus::Submitted)
    }
}

const COLUMNS: &str = "id, town_id, number, category_id, reporter_id, api_key_id, contact_email, \
                       contact_name, description, address, lat_e6, lon_e6, attributes, status, \
                       duplicate_of, assignee_id, team, language, reply_token, hidden_reason, \
                       followers, closed_at, created_at, updated_at";

/// Allocates the next tracking number of `year` in the town: `2026-000123`. Runs in the
/// filing transaction, so a rolled-back filing does not burn a number.
pub async fn next_number(tx: &mut Tx, town_id: &str, year: i64) -> Result<String, sqlx::Error> {
    let last: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "insert into request_numbers (town_id, year, last) values ($1, $2, 1)
         on conflict (town_id, year) do update set last = request_numbers.last + 1
         returning last"
    )
    .bind(town_id)
    .bind(year)
    .fetch_one(c)
    .await)?;
    Ok(format!("{year}-{last:06}"))
}

/// What a new request is made of (validated by the caller).
#[derive(Debug)]
pub struct NewRequest<'a> {
    pub town_id: &'a str,
    pub number: &'a str,
    pub category_id: &'a str,
    pub reporter_id: Option<&'a str>,
    pub api_key_id: Option<&'a str>,
    pub contact_email: Option<&'a str>,
    pub contact_name: Option<&'a str>,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub attributes: &'a str,
    pub language: &'a str,
    pub reply_token: &'a str,
    pub now: i64,
}

/// Inserts a request in `submitted` and returns its id.
pub async fn insert(tx: &mut Tx, new: &NewRequest<'_>) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into service_requests (id, town_id, number, category_id, reporter_id, api_key_id,
             contact_email, contact_name, description, address, lat_e6, lon_e6, attributes,
             status, language, reply_token, followers, created_at, updated_at, search_text)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted', $14, $15,
                 0, $16, $16, $17)",
        &id,
        new.town_id,
        new.number,
        new.category_id,
        new.reporter_id,
        new.api_key_id,
        new.contact_email,
        new.contact_name,
        new.description,
        new.address,
        new.lat_e6,
        new.lon_e6,
        new.attributes,
        new.language,
        new.reply_token,
        new.now,
        search_text(new.number, new.description, new.address)
    )?;
    Ok(id)
}

pub async fn by_number(
    tx: &mut Tx,
    town_id: &str,
    number: &str,
) -> Result<Option<Request>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from service_requests where town_id = $1 and number = $2");
    on_db!(tx, |c| sqlx::query_as::<_, Request>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .bind(number)
    .fetch_optional(c)
    .await)
}

pub async fn by_id(tx: &mut Tx, town_id: &str, id: &str) -> Result<Option<Request>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from service_requests where town_id = $1 and id = $2");
    on_db!(tx, |c| sqlx::query_as::<_, Request>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Every request an account filed, oldest first (for the GDPR export).
pub async fn filed_by(tx: &mut Tx, user_id: &str) -> Result<Vec<Request>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from service_requests where reporter_id = $1 order by created_at, number"
    );
    on_db!(tx, |c| sqlx::query_as::<_, Request>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(user_id)
    .fetch_all(c)
    .await)
}

/// Tracking numbers of the requests an account follows.
pub async fn followed_numbers(tx: &mut Tx, user_id: &str) -> Result<Vec<String>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "select r.number from request_followers f join service_requests r on r.id = f.request_id
         where f.user_id = $1 order by r.number"
    )
    .bind(user_id)
    .fetch_all(c)
    .await)
}

/// The request whose reply token is `token` (any town: the token is the only key an inbound
/// email carries; the caller then works in that request's town).
pub async fn by_reply_token(tx: &mut Tx, token: &str) -> Result<Option<Request>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from service_requests where reply_token = $1");
    on_db!(tx, |c| sqlx::query_as::<_, Request>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(token)
    .fetch_optional(c)
    .await)
}

/// Sets the status (and the duplicate link, the closing time) and touches `updated_at`.
pub async fn set_status(
    tx: &mut Tx,
    id: &str,
    status: RequestStatus,
    duplicate_of: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let closed_at = status.is_final().then_some(now);
    on_db!(tx, |c| {
        sqlx::query(
        "update service_requests set status = $2, duplicate_of = $3, closed_at = $4, updated_at = $5
         where id = $1"
    )
    .bind(id)
    .bind(status.as_str())
    .bind(duplicate_of)
    .bind(closed_at)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn set_assignment(
    tx: &mut Tx,
    id: &str,
    assignee_id: Option<&str>,
    team: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update service_requests set assignee_id = $2, team = $3, updated_at = $4 where id = $1",
        id,
        assignee_id,
        team,
        now
    )?;
    Ok(())
}

pub async fn touch(tx: &mut Tx, id: &str, now: i64) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update service_requests set updated_at = $2 where id = $1",
        id,
        now
    )?;
    Ok(())
}

/// Hides the description with the moderator's reason.
pub async fn hide_description(tx: &mut Tx, id: &str, reason: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update service_requests set hidden_reason = $2 where id = $1",
        id,
        reason
    )?;
    Ok(())
}
