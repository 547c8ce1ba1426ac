//! The lists of requests: a resident's own, the staff queue with its filters and free-text
//! search, and pagination.

use crate::db::Tx;
use crate::on_db;
use crate::search;
use protocol::requests::{QueueSort, RequestStatus};

use super::*;

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
