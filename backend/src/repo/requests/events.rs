//! A request's timeline: status changes, comments, assignments, each visible or hidden.

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use protocol::requests::{EventKind, RequestStatus};

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
