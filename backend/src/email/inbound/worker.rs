//! The polling loop and the fate of each message.
//!
//! Each poll logs in, makes sure the processed and review folders exist, and walks the
//! messages of `folder`, oldest first. For each one, in this order:
//!
//! 1. the message is read ([`parse::analyze`], on a blocking thread: a panic there only sends
//!    the message to review);
//! 2. one database transaction decides and records it: `inbound_messages` gets the
//!    Message-ID (the idempotence key), and the comment is appended through
//!    [`crate::requests::comment`] — the same rules as on the web;
//! 3. after the commit, the message is moved to the processed or the review folder.
//!
//! A crash between 2 and 3 leaves the message in `folder`; the next poll finds its
//! Message-ID already `appended` and only moves it. IMAP and database errors end the poll;
//! the next one comes after an exponential backoff.

use std::time::Duration;

use tokio::sync::watch;

use super::ImapSettings;
use super::imap::{Mailbox, Tls};
use super::parse::{self, Analysis, ReplyPattern, Token};
use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::error::ApiError;
use crate::exec;
use crate::repo::requests::{self as repo, Request};
use crate::repo::towns;
use crate::repo::users::{self, User};
use crate::requests::{self, Ctx};
use crate::time::now;

/// Larger messages are not downloaded: straight to review (a reply is a few kilobytes; photos
/// are attached on the web).
const MAX_MESSAGE_BYTES: u32 = 20 * 1024 * 1024;
/// Messages handled per poll; a full batch is followed by another poll at once.
const BATCH: usize = 100;
/// Upper bound of the retry delay after failed polls.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// Why a message went to the review folder (logged; never the sender nor the content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    TooLarge,
    Unreadable,
    Automatic,
    NoToken,
    AmbiguousToken,
    UnknownToken,
    /// The request has no (active) reporter account to comment as.
    NoAccount,
    /// `From` is not the reporter's address.
    NotReporter,
    /// Nothing left once quotes and signatures are removed.
    Empty,
    /// The comment rules refused it (blocked account, too long…).
    Refused,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooLarge => "too_large",
            Self::Unreadable => "unreadable",
            Self::Automatic => "automatic_reply",
            Self::NoToken => "no_token",
            Self::AmbiguousToken => "ambiguous_token",
            Self::UnknownToken => "unknown_token",
            Self::NoAccount => "no_account",
            Self::NotReporter => "not_the_reporter",
            Self::Empty => "empty",
            Self::Refused => "refused",
        }
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Appended to the request with this number.
    Appended(String),
    /// Its Message-ID was appended before (same message delivered twice, or a crash before
    /// the move): nothing appended, filed as processed.
    Duplicate,
    Review(Review),
}

#[derive(Debug, Default)]
struct Counts {
    appended: u64,
    duplicates: u64,
    review: u64,
}

impl Counts {
    fn total(&self) -> u64 {
        self.appended + self.duplicates + self.review
    }
}

/// The inbound worker: polls the mailbox every `poll_interval` until shutdown.
pub async fn run(
    db: Db,
    settings: Settings,
    imap: ImapSettings,
    mut shutdown: watch::Receiver<bool>,
) {
    let checked = imap.validate().and_then(|()| {
        ReplyPattern::new(&imap.reply_address)
            .ok_or_else(|| anyhow::anyhow!("[imap] invalid reply_address"))
    });
    let pattern = match checked {
        Ok(p) => p,
        Err(err) => {
            tracing::error!(error = %err, "inbound email disabled");
            let _ = shutdown.wait_for(|s| *s).await;
            return;
        }
    };
    tracing::info!(
        host = %imap.host,
        port = imap.port,
        tls = ?imap.tls,
        folder = %imap.folder,
        every_secs = imap.poll_interval.as_secs_f64(),
        "inbound email: polling the IMAP mailbox"
    );
    let mut tls: Option<Tls> = None;
    let mut failures: u32 = 0;
    loop {
        let job = Job {
            db: &db,
            settings: &settings,
            imap: &imap,
            pattern: &pattern,
        };
        let result = tokio::select! {
            r = job.poll(&mut tls) => r,
            _ = shutdown.wait_for(|s| *s) => break,
        };
        let delay = match result {
            Ok(counts) => {
                if failures > 0 {
                    tracing::info!("inbound email: the mailbox is reachable again");
                }
                failures = 0;
                if counts.total() > 0 {
                    tracing::info!(
                        appended = counts.appended,
                        duplicates = counts.duplicates,
                        review = counts.review,
                        "inbound email: poll done"
                    );
                }
                if counts.total() >= BATCH as u64 {
                    Duration::ZERO
                } else {
                    imap.poll_interval
                }
            }
            Err(err) => {
                failures = failures.saturating_add(1);
                let delay = backoff(imap.poll_interval, failures);
                tracing::warn!(
                    error = format!("{err:#}"),
                    failures,
                    retry_in_secs = delay.as_secs_f64(),
                    "inbound email: poll failed"
                );
                delay
            }
        };
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            _ = shutdown.wait_for(|s| *s) => break,
        }
    }
    tracing::info!("inbound email: stopped");
}

/// The poll interval doubled per consecutive failure, capped.
fn backoff(interval: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.min(10);
    interval
        .saturating_mul(factor)
        .min(MAX_BACKOFF)
        .max(interval)
}

/// One poll's context.
#[derive(Debug, Clone, Copy)]
struct Job<'a> {
    db: &'a Db,
    settings: &'a Settings,
    imap: &'a ImapSettings,
    pattern: &'a ReplyPattern,
}

impl Job<'_> {
    async fn poll(self, tls: &mut Option<Tls>) -> anyhow::Result<Counts> {
        let connector = match tls.take() {
            Some(t) => t,
            None => Tls::new(self.imap.ca_file.as_deref())?,
        };
        *tls = Some(connector.clone());
        let mut mailbox = Mailbox::connect(self.imap, &connector).await?;
        let result = self.process(&mut mailbox).await;
        mailbox.logout().await;
        result
    }

    async fn process(self, mailbox: &mut Mailbox) -> anyhow::Result<Counts> {
        let processed = mailbox.ensure_folder(&self.imap.processed_folder).await?;
        let review = mailbox.ensure_folder(&self.imap.review_folder).await?;
        mailbox.select(&self.imap.folder).await?;
        let mut counts = Counts::default();
        for (uid, size) in mailbox.pending(BATCH).await? {
            let outcome = if size > MAX_MESSAGE_BYTES {
                Outcome::Review(Review::TooLarge)
            } else {
                let Some(raw) = mailbox.fetch(uid).await? else {
                    continue;
                };
                self.handle(raw).await?
            };
            let folder = match outcome {
                Outcome::Appended(_) | Outcome::Duplicate => &processed,
                Outcome::Review(_) => &review,
            };
            mailbox.move_to(uid, folder).await?;
            match outcome {
                Outcome::Appended(number) => {
                    counts.appended += 1;
                    tracing::info!(request = %number, "inbound email: reply appended");
                }
                Outcome::Duplicate => {
                    counts.duplicates += 1;
                    tracing::info!("inbound email: reply already appended, filed as processed");
                }
                Outcome::Review(reason) => {
                    counts.review += 1;
                    tracing::info!(
                        reason = reason.as_str(),
                        "inbound email: message moved to the review folder"
                    );
                }
            }
        }
        Ok(counts)
    }

    /// Reads a message and records its fate in one transaction.
    async fn handle(self, raw: Vec<u8>) -> anyhow::Result<Outcome> {
        let pattern = self.pattern.clone();
        let analysis =
            match tokio::task::spawn_blocking(move || parse::analyze(&raw, &pattern)).await {
                Ok(a) => a,
                Err(err) => {
                    tracing::warn!(error = %err, "inbound email: a message could not be read");
                    return Ok(Outcome::Review(Review::Unreadable));
                }
            };
        let mut tx = self.db.begin().await?;
        let outcome = self.decide(&mut tx, &analysis).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn decide(self, tx: &mut Tx, a: &Analysis) -> anyhow::Result<Outcome> {
        let (request, author) = match check(tx, a).await? {
            Ok(found) => found,
            Err((reason, request)) => {
                record_review(tx, &a.message_id, request.as_ref()).await?;
                return Ok(Outcome::Review(reason));
            }
        };
        if !claim(tx, &a.message_id, &request).await? {
            return Ok(Outcome::Duplicate);
        }
        let town = towns::by_id(tx, &request.town_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the request's town is missing"))?;
        let ctx = Ctx::new(self.settings, &town);
        match requests::comment(tx, ctx, &request, &author, &a.text, "email").await {
            Ok(_) => Ok(Outcome::Appended(request.number)),
            // An outage or a throttle: the message stays in the mailbox for the next poll.
            Err(ApiError::Internal(err)) => Err(err),
            Err(transient) if transient.is_transient() => Err(transient.into()),
            Err(refused) => {
                tracing::debug!(error = %refused, "inbound email: comment refused");
                set_review(tx, &a.message_id).await?;
                Ok(Outcome::Review(Review::Refused))
            }
        }
    }
}

type Checked = Result<(Request, User), (Review, Option<Request>)>;

/// The request the message answers and its reporter, or why the message needs a person.
async fn check(tx: &mut Tx, a: &Analysis) -> anyhow::Result<Checked> {
    if a.unreadable {
        return Ok(Err((Review::Unreadable, None)));
    }
    if a.automatic.is_some() {
        return Ok(Err((Review::Automatic, None)));
    }
    let token = match &a.token {
        Token::Found(t) => t,
        Token::Ambiguous => return Ok(Err((Review::AmbiguousToken, None))),
        Token::None => return Ok(Err((Review::NoToken, None))),
    };
    let Some(request) = repo::by_reply_token(tx, token).await? else {
        return Ok(Err((Review::UnknownToken, None)));
    };
    let reporter = match &request.reporter_id {
        Some(id) => users::by_id(tx, &request.town_id, id)
            .await?
            .filter(|u| !u.disabled),
        None => None,
    };
    let Some(reporter) = reporter else {
        return Ok(Err((Review::NoAccount, Some(request))));
    };
    let from_reporter = a
        .from
        .as_deref()
        .is_some_and(|from| from == reporter.email.trim().to_lowercase());
    if !from_reporter {
        return Ok(Err((Review::NotReporter, Some(request))));
    }
    if a.text.is_empty() {
        return Ok(Err((Review::Empty, Some(request))));
    }
    Ok(Ok((request, reporter)))
}

/// Records the message as appended to `request`, unless it already was: `false` then.
/// Concurrent pollers (several nodes) serialize on the primary key.
async fn claim(tx: &mut Tx, message_id: &str, request: &Request) -> Result<bool, sqlx::Error> {
    let rows = exec!(
        tx,
        "insert into inbound_messages (message_id, town_id, request_id, outcome, processed_at)
         values ($1, $2, $3, 'appended', $4)
         on conflict (message_id) do update
           set town_id = excluded.town_id, request_id = excluded.request_id,
               outcome = 'appended', processed_at = excluded.processed_at
           where inbound_messages.outcome <> 'appended'",
        message_id,
        &request.town_id,
        &request.id,
        now()
    )?;
    Ok(rows > 0)
}

/// Records a message sent to review (first time only).
async fn record_review(
    tx: &mut Tx,
    message_id: &str,
    request: Option<&Request>,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into inbound_messages (message_id, town_id, request_id, outcome, processed_at)
         values ($1, $2, $3, 'review', $4)
         on conflict (message_id) do nothing",
        message_id,
        request.map(|r| r.town_id.as_str()),
        request.map(|r| r.id.as_str()),
        now()
    )?;
    Ok(())
}

/// A claimed message whose comment was refused.
async fn set_review(tx: &mut Tx, message_id: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update inbound_messages set outcome = 'review' where message_id = $1",
        message_id
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(60), 1), s(120));
        assert_eq!(backoff(s(60), 3), s(480));
        assert_eq!(backoff(s(60), 30), MAX_BACKOFF);
        assert_eq!(backoff(s(3600), 1), s(3600));
    }
}
