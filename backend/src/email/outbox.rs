//! The `outbox` table: enqueue in the caller's transaction, then claim, complete or reschedule
//! from the worker.
//!
//! Claiming takes a time-limited lease (`locked_until`) with one conditional `update`, so two
//! workers — in one process or in several `voix serve` nodes sharing PostgreSQL — never hold
//! the same message at once. A worker that dies mid-send leaves a lease that expires, and the
//! message is retried: delivery is at-least-once only across such a crash, exactly-once
//! otherwise (tested with an SMTP outage).

use protocol::api::{EmailRecord, Language};

use super::messages::EmailContent;
use super::render::render;
use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::repo::towns::Town;
use crate::time::now;

/// Who receives a message.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub address: &'a str,
    pub language: Language,
    /// The account the message concerns; deleting the account deletes its queued messages.
    pub user_id: Option<&'a str>,
}

/// Renders `content` and queues it in `tx`. Nothing is sent until `tx` commits.
pub async fn enqueue(
    tx: &mut Tx,
    town: &Town,
    to: Recipient<'_>,
    content: &EmailContent,
    mail_domain: &str,
) -> anyhow::Result<()> {
    insert(tx, town, to, content, mail_domain, None).await
}

/// Where a resident's reply to a notification should go, so that it can be matched to its
/// request: the plus-addressed `Reply-To` and a Message-ID that both carry the request's
/// reply token (mail clients quote the Message-ID in `In-Reply-To`).
#[derive(Debug, Clone)]
pub struct ReplyTo {
    pub address: String,
    pub token: String,
}

/// [`enqueue`] with a `Reply-To` for inbound replies.
pub async fn enqueue_with_reply_to(
    tx: &mut Tx,
    town: &Town,
    to: Recipient<'_>,
    content: &EmailContent,
    mail_domain: &str,
    reply_to: &ReplyTo,
) -> anyhow::Result<()> {
    insert(tx, town, to, content, mail_domain, Some(reply_to)).await
}

/// The Message-ID prefix of a notification that accepts replies: `<voix.r.{token}.…@…>`.
pub const REPLY_MESSAGE_ID_PREFIX: &str = "voix.r.";

async fn insert(
    tx: &mut Tx,
    town: &Town,
    to: Recipient<'_>,
    content: &EmailContent,
    mail_domain: &str,
    reply_to: Option<&ReplyTo>,
) -> anyhow::Result<()> {
    let rendered = render(content, to.language, &town.name, &town.primary_color)?;
    let message_id = match reply_to {
        Some(r) => format!(
            "<{REPLY_MESSAGE_ID_PREFIX}{}.{}@{}>",
            r.token,
            uuid::Uuid::new_v4().simple(),
            mail_domain
        ),
        None => format!("<{}@{}>", uuid::Uuid::new_v4(), mail_domain),
    };
    let now = now();
    on_db!(tx, |c| {
        sqlx::query(
        "insert into outbox (town_id, user_id, recipient, subject, body_text, body_html, message_id,
                             status, attempts, next_attempt_at, created_at, reply_to)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8, $9)"
    )
    .bind(&town.id)
    .bind(to.user_id)
    .bind(to.address)
    .bind(&rendered.subject)
    .bind(&rendered.text)
    .bind(&rendered.html)
    .bind(&message_id)
    .bind(now)
    .bind(reply_to.map(|r| r.address.as_str()))
    .execute(c)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A message a worker holds a lease on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub town_name: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    pub attempts: i64,
    pub reply_to: Option<String>,
    /// The lease this worker holds (renewed by [`renew`]).
    pub locked_until: Option<i64>,
}

/// Takes a lease on the oldest due message, if any.
pub async fn claim(tx: &mut Tx, lease_secs: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let now = now();
    let id: Option<(i64,)> = match tx {
        // SQLite: the transaction began IMMEDIATE, so it is the only writer.
        Tx::Sqlite(t) => {
            sqlx::query_as(
                "update outbox set locked_until = $2
                 where id = (select id from outbox
                             where status = 'pending' and next_attempt_at <= $1
                               and (locked_until is null or locked_until < $1)
                             order by next_attempt_at, id limit 1)
                 returning id",
            )
            .bind(now)
            .bind(now + lease_secs)
            .fetch_optional(&mut **t)
            .await?
        }
        // PostgreSQL: skip rows another node is claiming; re-check the lease on the row itself.
        Tx::Postgres(t) => {
            sqlx::query_as(
                "update outbox set locked_until = $2
                 where id = (select id from outbox
                             where status = 'pending' and next_attempt_at <= $1
                               and (locked_until is null or locked_until < $1)
                             order by next_attempt_at, id limit 1
                             for update skip locked)
                   and status = 'pending' and (locked_until is null or locked_until < $1)
                 returning id",
            )
            .bind(now)
            .bind(now + lease_secs)
            .fetch_optional(&mut **t)
            .await?
        }
    };
    let Some((id,)) = id else { return Ok(None) };
    on_db!(tx, |c| sqlx::query_as::<_, Claimed>(
        "select o.id, t.name as town_name, o.recipient, o.subject, o.body_text, o.body_html,
                o.message_id, o.attempts, o.reply_to, o.locked_until
         from outbox o join towns t on t.id = o.town_id where o.id = $1"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Extends the lease `held` on a message still pending to `until`; false when the lease is no
/// longer this worker's (it ran out and another worker took the message).
pub async fn renew(tx: &mut Tx, id: i64, held: i64, until: i64) -> Result<bool, sqlx::Error> {
    let renewed = exec!(
        tx,
        "update outbox set locked_until = $3
         where id = $1 and status = 'pending' and locked_until = $2",
        id,
        held,
        until
    )?;
    Ok(renewed > 0)
}

/// Records a successful delivery.
pub async fn mark_sent(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update outbox set status = 'sent', sent_at = $2, attempts = attempts + 1,
                           locked_until = null, last_error = null
         where id = $1",
        id,
        now()
    )?;
    Ok(())
}

/// Records a failed attempt: rescheduled at `next_attempt_at`, or dead when `dead`.
pub async fn mark_failed(
    tx: &mut Tx,
    id: i64,
    error: &str,
    next_attempt_at: i64,
    dead: bool,
) -> Result<(), sqlx::Error> {
    let status = if dead { "dead" } else { "pending" };
    let error: String = error.chars().take(500).collect();
    exec!(
        tx,
        "update outbox set status = $2, attempts = attempts + 1, next_attempt_at = $3,
                           locked_until = null, last_error = $4
         where id = $1",
        id,
        status,
        next_attempt_at,
        &error
    )?;
    Ok(())
}

/// Counts of messages by status, for health reporting and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    pub pending: i64,
    pub sent: i64,
    pub dead: i64,
}

pub async fn depth(tx: &mut Tx) -> Result<Depth, sqlx::Error> {
    let rows: Vec<(String, i64)> = on_db!(tx, |c| sqlx::query_as(
        "select status, count(*) from outbox group by status"
    )
    .fetch_all(c)
    .await)?;
    let mut d = Depth::default();
    for (status, n) in rows {
        match status.as_str() {
            "pending" => d.pending = n,
            "sent" => d.sent = n,
            "dead" => d.dead = n,
            _ => {}
        }
    }
    Ok(d)
}

/// The emails of one account, for the GDPR export.
pub async fn for_user(tx: &mut Tx, user_id: &str) -> Result<Vec<EmailRecord>, sqlx::Error> {
    let rows: Vec<(String, i64, String)> = on_db!(tx, |c| sqlx::query_as(
        "select subject, created_at, status from outbox where user_id = $1 order by id"
    )
    .bind(user_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(subject, created_at, status)| EmailRecord {
            subject,
            created_at,
            status,
        })
        .collect())
}

/// Deletes delivered messages older than `before` (their content is personal data).
pub async fn purge_sent(tx: &mut Tx, before: i64) -> Result<u64, sqlx::Error> {
    let done = exec!(
        tx,
        "delete from outbox where status = 'sent' and sent_at < $1",
        before
    )?;
    Ok(done)
}
