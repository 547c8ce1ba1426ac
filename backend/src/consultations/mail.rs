//! Private consultation mail. A credential mail holds the voter's private credential, a
//! receipt mail links an account to a ballot tracker: neither may stay in the database. They
//! are queued in the ordinary outbox (same transaction, same worker, same retries) with a
//! Message-ID starting with [`PRIVATE_MESSAGE_ID_PREFIX`]; migration 0007's triggers
//! `outbox_private_sent` / `outbox_private_dead` delete such a row as soon as the worker marks
//! it sent, and empty its body if it dies. So the secret lives in the database only while the
//! message waits for delivery (normally seconds).

use protocol::api::Language;

use crate::db::Tx;
use crate::email::messages::EmailContent;
use crate::email::render::render;
use crate::on_db;
use crate::repo::towns::Town;

/// The Message-ID prefix the outbox triggers recognise.
pub const PRIVATE_MESSAGE_ID_PREFIX: &str = "<voix.private.";

/// Queues a private message in `tx` (see the module documentation).
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_private(
    tx: &mut Tx,
    town: &Town,
    address: &str,
    language: Language,
    user_id: Option<&str>,
    content: &EmailContent,
    mail_domain: &str,
    now: i64,
) -> anyhow::Result<()> {
    let rendered = render(content, language, &town.name, &town.primary_color)?;
    let message_id = format!(
        "{PRIVATE_MESSAGE_ID_PREFIX}{}@{mail_domain}>",
        uuid::Uuid::new_v4().simple()
    );
    on_db!(tx, |c| sqlx::query(
        "insert into outbox (town_id, user_id, recipient, subject, body_text, body_html,
                             message_id, status, attempts, next_attempt_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)"
    )
    .bind(&town.id)
    .bind(user_id)
    .bind(address)
    .bind(&rendered.subject)
    .bind(&rendered.text)
    .bind(&rendered.html)
    .bind(&message_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
