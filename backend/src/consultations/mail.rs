//! Private consultation mail. A credential mail holds the voter's private credential, a
//! receipt mail links an account to a ballot tracker: neither may stay in the database. They
//! are queued in the ordinary outbox (same transaction, same worker, same retries) with a
//! Message-ID starting with [`PRIVATE_MESSAGE_ID_PREFIX`]; migration 0007's triggers
//! `outbox_private_sent` / `outbox_private_dead` delete such a row as soon as the worker marks
//! it sent, and empty its body if it dies. So the secret lives in the database only while the
//! message waits for delivery (normally seconds).
//!
//! Mails to a whole electorate (credentials at opening, the opening announcement, the result)
//! are released in throttled batches ([`Batches`]): each gets a `next_attempt_at` of its
//! batch, so the outbox worker — which takes due messages oldest-due first — sends at most
//! `mail_batch_size` of them every `mail_batch_seconds`, and the town's other mails (sign-in
//! links, notifications, due now) slip in between batches instead of waiting behind
//! thousands of ballots' worth of mail.

use protocol::api::Language;

use crate::config::ConsultationSettings;
use crate::db::Tx;
use crate::email::messages::EmailContent;
use crate::email::render::render;
use crate::exec;
use crate::repo::towns::Town;

/// The pace of bulk consultation mail (`[consultations] mail_batch_size`,
/// `mail_batch_seconds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batches {
    /// Messages per batch (at least 1).
    pub size: u32,
    /// Seconds between two batches.
    pub seconds: u64,
}

impl Default for Batches {
    fn default() -> Self {
        Self::from(&ConsultationSettings::default())
    }
}

impl From<&ConsultationSettings> for Batches {
    fn from(s: &ConsultationSettings) -> Self {
        Self {
            size: s.mail_batch_size.max(1),
            seconds: s.mail_batch_seconds,
        }
    }
}

impl Batches {
    /// When the `index`-th message (from 0) of a bulk send starting at `start` is due: the
    /// first batch at once, the next `seconds` later, and so on.
    pub fn due(&self, start: i64, index: usize) -> i64 {
        let batch = u64::try_from(index).unwrap_or(u64::MAX) / u64::from(self.size.max(1));
        let delay = batch.saturating_mul(self.seconds);
        start.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX))
    }
}

/// The Message-ID prefix the outbox triggers recognise.
pub const PRIVATE_MESSAGE_ID_PREFIX: &str = "<voix.private.";

/// Queues a private message in `tx` (see the module documentation), due now.
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
    let to = To {
        address,
        language,
        user_id,
    };
    enqueue_at(tx, town, to, content, mail_domain, now, now, true).await
}

/// A recipient of a consultation mail.
#[derive(Debug, Clone, Copy)]
pub struct To<'a> {
    pub address: &'a str,
    pub language: Language,
    pub user_id: Option<&'a str>,
}

/// Queues a message in `tx`, created at `now` and first tried at `due` (its batch, see
/// [`Batches`]); `private` gives it the Message-ID the outbox triggers forget once delivered.
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_at(
    tx: &mut Tx,
    town: &Town,
    to: To<'_>,
    content: &EmailContent,
    mail_domain: &str,
    now: i64,
    due: i64,
    private: bool,
) -> anyhow::Result<()> {
    let (address, language, user_id) = (to.address, to.language, to.user_id);
    let rendered = render(content, language, &town.name, &town.primary_color)?;
    let message_id = if private {
        format!(
            "{PRIVATE_MESSAGE_ID_PREFIX}{}@{mail_domain}>",
            uuid::Uuid::new_v4().simple()
        )
    } else {
        format!("<{}@{mail_domain}>", uuid::Uuid::new_v4())
    };
    exec!(
        tx,
        "insert into outbox (town_id, user_id, recipient, subject, body_text, body_html,
                             message_id, status, attempts, next_attempt_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $9, $8)",
        &town.id,
        user_id,
        address,
        &rendered.subject,
        &rendered.text,
        &rendered.html,
        &message_id,
        now,
        due
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_stagger_by_size_and_interval() {
        let b = Batches {
            size: 2,
            seconds: 60,
        };
        let due: Vec<i64> = (0..5).map(|i| b.due(1000, i)).collect();
        assert_eq!(due, [1000, 1000, 1060, 1060, 1120]);
        let zero = Batches {
            size: 0,
            seconds: 10,
        };
        assert_eq!(zero.due(0, 3), 30);
        assert_eq!(Batches::default().due(0, 199), 0);
        assert_eq!(Batches::default().due(0, 200), 60);
    }
}
