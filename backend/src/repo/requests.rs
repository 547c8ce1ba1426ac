//! Service requests, their timeline, photos, followers and flags. Every query is scoped by
//! town: a request is only ever looked up together with the town the HTTP host selected.

use std::collections::HashMap;

use protocol::requests::{EventKind, QueueSort, RequestStatus};

use super::search::{self, search_text};
use crate::db::Tx;
use crate::exec;
use crate::on_db;

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

// --- Timeline -------------------------------------------------------------------------------

/// A timeline entry as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub request_id: String,
    pub kind: String,
    pub actor_id: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body: String,
    pub source: String,
    pub hidden_reason: Option<String>,
    pub created_at: i64,
    /// The actor's display name (joined), when the account still exists.
    pub actor_name: Option<String>,
}

impl Event {
    pub fn kind(&self) -> EventKind {
        EventKind::parse(&self.kind).unwrap_or(EventKind::Comment)
    }
}

/// What a new timeline entry holds.
#[derive(Debug)]
pub struct NewEvent<'a> {
    pub request_id: &'a str,
    pub town_id: &'a str,
    pub kind: EventKind,
    pub actor_id: Option<&'a str>,
    pub from_status: Option<RequestStatus>,
    pub to_status: Option<RequestStatus>,
    pub body: &'a str,
    /// `web`, `email` or `open311`.
    pub source: &'a str,
    pub now: i64,
}

pub async fn add_event(tx: &mut Tx, e: &NewEvent<'_>) -> Result<i64, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "insert into request_events (request_id, town_id, kind, actor_id, from_status, to_status,
                                     body, source, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id"
    )
    .bind(e.request_id)
    .bind(e.town_id)
    .bind(e.kind.as_str())
    .bind(e.actor_id)
    .bind(e.from_status.map(RequestStatus::as_str))
    .bind(e.to_status.map(RequestStatus::as_str))
    .bind(e.body)
    .bind(e.source)
    .bind(e.now)
    .fetch_one(c)
    .await)
}

/// A request's timeline, oldest first.
pub async fn events(tx: &mut Tx, request_id: &str) -> Result<Vec<Event>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Event>(
        "select e.id, e.request_id, e.kind, e.actor_id, e.from_status, e.to_status, e.body,
                e.source, e.hidden_reason, e.created_at, u.display_name as actor_name
         from request_events e left join users u on u.id = e.actor_id
         where e.request_id = $1 order by e.id"
    )
    .bind(request_id)
    .fetch_all(c)
    .await)
}

/// Hides one entry's body. Returns the entry (before hiding) if it belongs to the request.
pub async fn hide_event(
    tx: &mut Tx,
    request_id: &str,
    event_id: i64,
    reason: &str,
) -> Result<Option<Event>, sqlx::Error> {
    let found = events(tx, request_id)
        .await?
        .into_iter()
        .find(|e| e.id == event_id);
    if found.is_some() {
        exec!(
            tx,
            "update request_events set hidden_reason = $3 where request_id = $1 and id = $2",
            request_id,
            event_id,
            reason
        )?;
    }
    Ok(found)
}

// --- Photos ---------------------------------------------------------------------------------

/// A photo's metadata (no bytes).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub id: String,
    pub position: i64,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub hidden_reason: Option<String>,
}

pub async fn add_photo(
    tx: &mut Tx,
    request_id: &str,
    town_id: &str,
    position: i64,
    photo: &CleanPhoto,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into request_photos (id, request_id, town_id, position, mime, data, width, height,
                                     created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &id,
        request_id,
        town_id,
        position,
        photo.mime,
        photo.bytes.as_slice(),
        i64::from(photo.width),
        i64::from(photo.height),
        now
    )?;
    Ok(id)
}

pub async fn photos(tx: &mut Tx, request_id: &str) -> Result<Vec<Photo>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Photo>(
        "select id, position, mime, width, height, hidden_reason from request_photos
         where request_id = $1 order by position"
    )
    .bind(request_id)
    .fetch_all(c)
    .await)
}

/// A photo's bytes and type, with its hidden reason.
pub async fn photo_data(
    tx: &mut Tx,
    request_id: &str,
    photo_id: &str,
) -> Result<Option<(Vec<u8>, String, Option<String>)>, sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query_as::<_, (Vec<u8>, String, Option<String>)>(
        "select data, mime, hidden_reason from request_photos where request_id = $1 and id = $2"
    )
    .bind(request_id)
    .bind(photo_id)
    .fetch_optional(c)
    .await
    })
}

/// Hides a photo; false when it is not one of the request's.
pub async fn hide_photo(
    tx: &mut Tx,
    request_id: &str,
    photo_id: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let n = exec!(
        tx,
        "update request_photos set hidden_reason = $3 where request_id = $1 and id = $2",
        request_id,
        photo_id,
        reason
    )?;
    Ok(n == 1)
}

// --- Followers ------------------------------------------------------------------------------

/// Adds or removes a follower and keeps the counter in step. Returns the new count.
pub async fn set_following(
    tx: &mut Tx,
    request_id: &str,
    user_id: &str,
    follow: bool,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let changed = if follow {
        exec!(
            tx,
            "insert into request_followers (request_id, user_id, created_at) values ($1, $2, $3)
             on conflict do nothing",
            request_id,
            user_id,
            now
        )?
    } else {
        exec!(
            tx,
            "delete from request_followers where request_id = $1 and user_id = $2",
            request_id,
            user_id
        )?
    };
    let delta: i64 = if follow { 1 } else { -1 };
    if changed == 1 {
        exec!(
            tx,
            "update service_requests set followers = followers + $2 where id = $1",
            request_id,
            delta
        )?;
    }
    on_db!(tx, |c| sqlx::query_scalar(
        "select followers from service_requests where id = $1"
    )
    .bind(request_id)
    .fetch_one(c)
    .await)
}

pub async fn is_following(
    tx: &mut Tx,
    request_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from request_followers where request_id = $1 and user_id = $2"
    )
    .bind(request_id)
    .bind(user_id)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// The accounts following a request (id, email, display name, language), blocked or not.
pub async fn followers(
    tx: &mut Tx,
    request_id: &str,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query_as::<_, (String, String, String, String)>(
            "select u.id, u.email, u.display_name, u.language from request_followers f
         join users u on u.id = f.user_id
         where f.request_id = $1 and not u.disabled order by f.created_at",
        )
        .bind(request_id)
        .fetch_all(c)
        .await
    })
}

// --- Flags ----------------------------------------------------------------------------------

/// A resident's flag on a request's content.
#[derive(Debug)]
pub struct NewFlag<'a> {
    pub town_id: &'a str,
    pub request_id: &'a str,
    pub event_id: Option<i64>,
    pub photo_id: Option<&'a str>,
    pub user_id: &'a str,
    pub reason: &'a str,
    pub now: i64,
}

pub async fn add_flag(tx: &mut Tx, f: &NewFlag<'_>) -> Result<String, sqlx::Error> {
    let NewFlag {
        town_id,
        request_id,
        event_id,
        photo_id,
        user_id,
        reason,
        now,
    } = *f;
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into content_flags (id, town_id, request_id, event_id, photo_id, user_id, reason,
                                    created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        &id,
        town_id,
        request_id,
        event_id,
        photo_id,
        user_id,
        reason,
        now
    )?;
    Ok(id)
}

/// A flag waiting for review, with the request's number.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenFlag {
    pub id: String,
    pub number: String,
    pub event_id: Option<i64>,
    pub photo_id: Option<String>,
    pub reason: String,
    pub created_at: i64,
}

pub async fn open_flags(tx: &mut Tx, town_id: &str) -> Result<Vec<OpenFlag>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, OpenFlag>(
        "select f.id, r.number, f.event_id, f.photo_id, f.reason, f.created_at
         from content_flags f join service_requests r on r.id = f.request_id
         where f.town_id = $1 and f.resolved_at is null order by f.created_at"
    )
    .bind(town_id)
    .fetch_all(c)
    .await)
}

/// Marks a flag reviewed; false when it is unknown or already resolved.
pub async fn resolve_flag(
    tx: &mut Tx,
    town_id: &str,
    flag_id: &str,
    staff_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n = exec!(
        tx,
        "update content_flags set resolved_at = $3, resolved_by = $4
         where town_id = $1 and id = $2 and resolved_at is null",
        town_id,
        flag_id,
        now,
        staff_id
    )?;
    Ok(n == 1)
}

// --- Lists ----------------------------------------------------------------------------------

/// One line of a list, joined with its category and assignee.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Line {
    pub number: String,
    pub status: String,
    pub description: String,
    pub hidden_reason: Option<String>,
    pub address: Option<String>,
    pub followers: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub category_code: String,
    pub category_fr: String,
    pub category_en: String,
    pub assignee_name: Option<String>,
    pub team: Option<String>,
    pub reporter_email: Option<String>,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub assignee_id: Option<String>,
}

/// Filters of a list of requests. `None` means "any".
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub statuses: Vec<RequestStatus>,
    pub category_code: Option<String>,
    /// `Some("")` selects unassigned requests.
    pub assignee_id: Option<String>,
    pub reporter_id: Option<String>,
    /// Filed at or before this time (age at least …).
    pub created_before: Option<i64>,
    /// Filed at or after this time.
    pub created_after: Option<i64>,
    /// Words matched in the number, description and address (case-insensitive).
    pub text: Option<String>,
    /// Only these tracking numbers (empty: any). Open311 `service_request_id` lists.
    pub numbers: Vec<String>,
    /// Only these category codes (empty: any), on top of `category_code`. Open311 lists.
    pub category_codes: Vec<String>,
}

enum Param {
    Text(String),
    Int(i64),
}

/// Where the words of a search are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextPlan {
    /// `search_text like` on the rows read, in queue order: the right plan for common words
    /// (the first page's matches come early) and the only one on PostgreSQL, whose planner
    /// picks its trigram index by itself when the words are rare.
    Scan,
    /// SQLite: the FTS5 trigram table names the few matching requests first.
    Index,
}

/// Most matches for which SQLite's search table is used instead of an ordered scan.
const TEXT_INDEX_MAX_HITS: i64 = 500;

/// The FTS5 query of a search's words: each word of three characters or more (trigrams) as a
/// quoted phrase, all required. `None` when no word is long enough.
fn fts_query(words: &[String]) -> Option<String> {
    let phrases: Vec<String> = words
        .iter()
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

/// Chooses how to find the words of `filter`: on SQLite, probes the search table for at most
/// [`TEXT_INDEX_MAX_HITS`] + 1 matches (about a millisecond) and uses it when the words are
/// rarer than that; an ordered scan would read every row to find them.
async fn text_plan(tx: &mut Tx, filter: &Filter) -> Result<TextPlan, sqlx::Error> {
    let Tx::Sqlite(_) = tx else {
        return Ok(TextPlan::Scan);
    };
    let Some(query) = filter
        .text
        .as_deref()
        .and_then(|t| fts_query(&search::words(t, MAX_SEARCH_WORDS)))
    else {
        return Ok(TextPlan::Scan);
    };
    let hits: i64 = on_db!(tx, |c| sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "select count(*) from (select 1 from request_search where request_search match $1 \
         limit {})",
        TEXT_INDEX_MAX_HITS + 1
    )))
    .bind(&query)
    .fetch_one(c)
    .await)?;
    Ok(if hits <= TEXT_INDEX_MAX_HITS {
        TextPlan::Index
    } else {
        TextPlan::Scan
    })
}

fn where_clause(town_id: &str, f: &Filter, plan: TextPlan) -> (String, Vec<Param>) {
    let mut sql = String::from("r.town_id = $1");
    let mut params = vec![Param::Text(town_id.to_owned())];
    let next = |params: &mut Vec<Param>, p: Param| {
        params.push(p);
        format!("${}", params.len())
    };
    if !f.statuses.is_empty() {
        let list: Vec<String> = f
            .statuses
            .iter()
            .map(|s| next(&mut params, Param::Text(s.as_str().to_owned())))
            .collect();
        sql += &format!(" and r.status in ({})", list.join(", "));
    }
    // Categories are matched by id (a subquery rather than a filter on the joined row), so that
    // the clause reads `service_requests` alone: the count needs no join.
    if let Some(code) = &f.category_code {
        let p = next(&mut params, Param::Text(code.clone()));
        sql +=
            &format!(" and r.category_id in (select cf.id from categories cf where cf.code = {p})");
    }
    match f.assignee_id.as_deref() {
        Some("") => sql += " and r.assignee_id is null",
        Some(id) => {
            let p = next(&mut params, Param::Text(id.to_owned()));
            sql += &format!(" and r.assignee_id = {p}");
        }
        None => {}
    }
    if let Some(id) = &f.reporter_id {
        let p = next(&mut params, Param::Text(id.clone()));
        sql += &format!(" and r.reporter_id = {p}");
    }
    if let Some(t) = f.created_before {
        let p = next(&mut params, Param::Int(t));
        sql += &format!(" and r.created_at <= {p}");
    }
    if let Some(t) = f.created_after {
        let p = next(&mut params, Param::Int(t));
        sql += &format!(" and r.created_at >= {p}");
    }
    if !f.numbers.is_empty() {
        let list: Vec<String> = f
            .numbers
            .iter()
            .map(|n| next(&mut params, Param::Text(n.clone())))
            .collect();
        sql += &format!(" and r.number in ({})", list.join(", "));
    }
    if !f.category_codes.is_empty() {
        let list: Vec<String> = f
            .category_codes
            .iter()
            .map(|c| next(&mut params, Param::Text(c.clone())))
            .collect();
        sql += &format!(
            " and r.category_id in (select cf.id from categories cf where cf.code in ({}))",
            list.join(", ")
        );
    }
    if let Some(text) = f.text.as_deref() {
        let words = search::words(text, MAX_SEARCH_WORDS);
        if let (TextPlan::Index, Some(query)) = (plan, fts_query(&words)) {
            let p = next(&mut params, Param::Text(query));
            sql += &format!(
                " and r.id in (select s.request_id from request_search s \
                 where request_search match {p})"
            );
        }
        // Always checked: the search table only knows words of three characters or more.
        for word in words {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = next(&mut params, Param::Text(format!("%{escaped}%")));
            sql += &format!(" and r.search_text like {p} escape '\\'");
        }
    }
    (sql, params)
}

fn order_by(sort: QueueSort) -> &'static str {
    match sort {
        QueueSort::Oldest => "r.created_at asc, r.number asc",
        QueueSort::Newest => "r.created_at desc, r.number desc",
        QueueSort::RecentlyUpdated => "r.updated_at desc, r.number desc",
        QueueSort::MostFollowed => "r.followers desc, r.created_at asc",
    }
}

const LINE_COLUMNS: &str = "r.number, r.status, r.description, r.hidden_reason, r.address, \
    r.followers, r.created_at, r.updated_at, c.code as category_code, c.name_fr as category_fr, \
    c.name_en as category_en, a.display_name as assignee_name, r.team, \
    coalesce(u.email, r.contact_email) as reporter_email, r.lat_e6, r.lon_e6, r.assignee_id";

const LINE_FROM: &str = "service_requests r join categories c on c.id = r.category_id \
    left join users a on a.id = r.assignee_id left join users u on u.id = r.reporter_id";

macro_rules! bind_all {
    ($q:expr, $params:expr) => {{
        let mut q = $q;
        for p in $params {
            q = match p {
                Param::Text(s) => q.bind(s.clone()),
                Param::Int(i) => q.bind(*i),
            };
        }
        q
    }};
}

/// The matching lines from `offset`, at most `limit` of them.
async fn page(
    tx: &mut Tx,
    clause: &str,
    params: &[Param],
    sort: QueueSort,
    limit: i64,
    offset: i64,
) -> Result<Vec<Line>, sqlx::Error> {
    let sql = format!(
        "select {LINE_COLUMNS} from {LINE_FROM} where {clause} order by {} limit {limit} offset {offset}",
        order_by(sort)
    );
    on_db!(tx, |c| bind_all!(
        sqlx::query_as::<_, Line>(sqlx::AssertSqlSafe(sql.clone())),
        params
    )
    .fetch_all(c)
    .await)
}

/// How many requests match a list's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// Exact when `capped` is false; otherwise a lower bound (there are more).
    pub count: i64,
    pub capped: bool,
}

/// One page of matching requests and their total, counted up to [`COUNT_CAP`] or
/// [`TEXT_COUNT_CAP`] (or to the end of the page, when it lies beyond the cap, so that a next
/// page is always known).
///
/// The total is counted on `service_requests` alone: the joins of a line never add nor remove
/// one (the category is a required foreign key, the users are looked up by primary key). A
/// page that is not full already tells the total, which is then not counted at all.
pub async fn list(
    tx: &mut Tx,
    town_id: &str,
    filter: &Filter,
    sort: QueueSort,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Line>, Total), sqlx::Error> {
    let plan = text_plan(tx, filter).await?;
    let (clause, params) = where_clause(town_id, filter, plan);
    let rows = page(tx, &clause, &params, sort, limit, offset).await?;
    let len = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    if len < limit && (len > 0 || offset == 0) {
        let count = offset + len;
        return Ok((
            rows,
            Total {
                count,
                capped: false,
            },
        ));
    }
    let searched = filter.text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let cap = if searched { TEXT_COUNT_CAP } else { COUNT_CAP };
    let cap = cap.max(offset.saturating_add(limit));
    let count_sql = format!(
        "select count(*) from (select 1 from service_requests r where {clause} limit {}) m",
        cap + 1
    );
    let count: i64 = on_db!(tx, |c| bind_all!(
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql.clone())),
        &params
    )
    .fetch_one(c)
    .await)?;
    Ok((
        rows,
        Total {
            count: count.min(cap),
            capped: count > cap,
        },
    ))
}

/// One page of matching requests, without any count (Open311 answers carry none).
pub async fn page_of(
    tx: &mut Tx,
    town_id: &str,
    filter: &Filter,
    sort: QueueSort,
    limit: i64,
    offset: i64,
) -> Result<Vec<Line>, sqlx::Error> {
    let plan = text_plan(tx, filter).await?;
    let (clause, params) = where_clause(town_id, filter, plan);
    page(tx, &clause, &params, sort, limit, offset).await
}

/// Fills `search_text` for requests stored before it existed (migration 0006), in batches;
/// returns how many were filled. A request always has a number, so a filled text is never
/// empty.
pub async fn fill_search_text(tx: &mut Tx) -> Result<u64, sqlx::Error> {
    let mut filled = 0;
    loop {
        let rows: Vec<(String, String, String, Option<String>)> = on_db!(tx, |c| sqlx::query_as(
            "select id, number, description, address from service_requests
             where search_text = '' limit 500"
        )
        .fetch_all(c)
        .await)?;
        if rows.is_empty() {
            return Ok(filled);
        }
        for (id, number, description, address) in rows {
            let text = search_text(&number, &description, address.as_deref());
            exec!(
                tx,
                "update service_requests set search_text = $2 where id = $1",
                &id,
                &text
            )?;
            filled += 1;
        }
    }
}

// --- Open311 helpers ------------------------------------------------------------------

/// Appends `$2, $3, …` placeholders for `n` values after the town id.
fn placeholders(n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last public status reason (for Open311's `status_notes`) (status change or reopening) of each listed request, empty
/// when moderation hid it.
pub async fn last_status_notes(
    tx: &mut Tx,
    town_id: &str,
    numbers: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(HashMap::new());
    }
    // A scalar subquery per listed request walks `request_events_request_idx` backwards from
    // its newest entry on both engines (a join on `max(id)` made PostgreSQL hash the whole
    // table).
    let sql = format!(
        "select r.number,
                (select e.body from request_events e
                 where e.request_id = r.id and e.kind in ('status', 'reopened')
                 order by e.id desc limit 1) as body,
                (select e.hidden_reason from request_events e
                 where e.request_id = r.id and e.kind in ('status', 'reopened')
                 order by e.id desc limit 1) as hidden_reason
         from service_requests r
         where r.town_id = $1 and r.number in ({})",
        placeholders(numbers.len())
    );
    let rows: Vec<(String, Option<String>, Option<String>)> = on_db!(tx, |c| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(town_id);
        for n in numbers {
            q = q.bind(n);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, body, hidden)| {
            let body = body?;
            Some((
                number,
                if hidden.is_some() {
                    String::new()
                } else {
                    body
                },
            ))
        })
        .collect())
}

/// The first photo staff did not hide, of each listed request.
pub async fn first_visible_photos(
    tx: &mut Tx,
    town_id: &str,
    numbers: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "select r.number, p.id
         from service_requests r join request_photos p on p.id = (
             select p2.id from request_photos p2
             where p2.request_id = r.id and p2.hidden_reason is null
             order by p2.position limit 1)
         where r.town_id = $1 and r.number in ({})",
        placeholders(numbers.len())
    );
    let rows: Vec<(String, String)> = on_db!(tx, |c| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(town_id);
        for n in numbers {
            q = q.bind(n);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().collect())
}

// --- Blocking -------------------------------------------------------------------------------

/// When and why staff blocked the account, if they did.
pub async fn block_state(
    tx: &mut Tx,
    user_id: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let row: Option<(Option<i64>, Option<String>)> = on_db!(tx, |c| sqlx::query_as(
        "select blocked_at, blocked_reason from users where id = $1"
    )
    .bind(user_id)
    .fetch_optional(c)
    .await)?;
    Ok(row.and_then(|(at, reason)| at.map(|at| (at, reason))))
}

/// Blocks (`Some(reason)`) or unblocks (`None`) an account of the town. False when unknown.
pub async fn set_blocked(
    tx: &mut Tx,
    town_id: &str,
    user_id: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let at = reason.map(|_| now);
    let n = exec!(
        tx,
        "update users set blocked_at = $3, blocked_reason = $4 where town_id = $1 and id = $2",
        town_id,
        user_id,
        at,
        reason
    )?;
    Ok(n == 1)
}
