//! The background worker that drains the outbox.
//!
//! Loop: claim the oldest due message (a lease), send it, then mark it sent — or, on failure,
//! reschedule it with exponential backoff and ±25 % jitter, and mark it dead after
//! `max_attempts`. On start it simply picks up whatever is pending, so a restart loses nothing.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::outbox;
use super::transport::Transport;
use crate::config::{OutboxSettings, Settings};
use crate::db::Db;
use crate::metrics::Metrics;
use crate::time::{now, secs};

/// The delay before retry number `attempt` (1-based), with jitter.
pub fn backoff(settings: &OutboxSettings, attempt: i64) -> Duration {
    let exp = u32::try_from(attempt.clamp(1, 30) - 1).unwrap_or(0);
    let base = settings.retry_base.saturating_mul(2u32.saturating_pow(exp));
    let capped = base.min(settings.retry_max);
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    // factor in [0.75, 1.25]
    let factor = 0.75 + f64::from(byte[0]) / 255.0 * 0.5;
    capped.mul_f64(factor)
}

/// Runs until `shutdown` turns true; finishes the message in hand before returning.
pub async fn run(
    db: Db,
    transport: Transport,
    settings: Settings,
    metrics: Arc<Metrics>,
    mut shutdown: watch::Receiver<bool>,
) {
    let from = settings.mail_from.clone();
    let cfg = settings.outbox.clone();
    tracing::info!(transport = %transport.describe(&settings), "email worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        let worked = match deliver_one(&db, &transport, &from, &cfg, &metrics).await {
            Ok(worked) => worked,
            Err(err) => {
                tracing::warn!(error = %err, "email worker: database error, will retry");
                false
            }
        };
        if !worked {
            tokio::select! {
                _ = tokio::time::sleep(cfg.poll_interval) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
    tracing::info!("email worker stopped");
}

/// Delivers at most one message. Returns whether there was one.
pub async fn deliver_one(
    db: &Db,
    transport: &Transport,
    from: &str,
    cfg: &OutboxSettings,
    metrics: &Metrics,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let claimed = outbox::claim(&mut tx, secs(cfg.lease)).await?;
    tx.commit().await?;
    let Some(message) = claimed else {
        return Ok(false);
    };
    let result = send_holding_the_lease(db, transport, from, &message, cfg).await;
    // Counted when the attempt ends, not when it is recorded: the attempt happened even if
    // the bookkeeping below fails.
    match &result {
        Ok(()) => metrics.delivered(),
        Err(_) => metrics.delivery_failed(),
    }
    let mut tx = db.begin().await?;
    match result {
        Ok(()) => {
            outbox::mark_sent(&mut tx, message.id).await?;
            tracing::info!(id = message.id, "email delivered");
        }
        Err(err) => {
            let attempt = message.attempts + 1;
            let dead = attempt >= cfg.max_attempts;
            // Timestamps are whole seconds: wait at least one.
            let next = now()
                + i64::try_from(backoff(cfg, attempt).as_secs())
                    .unwrap_or(i64::MAX)
                    .max(1);
            let text = format!("{err:#}");
            outbox::mark_failed(&mut tx, message.id, &text, next, dead).await?;
            if dead {
                tracing::error!(id = message.id, attempts = attempt, error = %text, "email dead after too many attempts");
            } else {
                tracing::warn!(id = message.id, attempts = attempt, error = %text, "email delivery failed, will retry");
            }
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Sends `message` while a task of its own renews the lease every third of it, so that the
/// lease can be short: if this process dies mid-send, another takes the message as soon as
/// the lease runs out (with the same Message-ID, so a relay or a mailbox that saw the first
/// attempt can tell the duplicate). The renewal runs beside the send, never pausing the SMTP
/// conversation, and stops when the lease is no longer this worker's.
async fn send_holding_the_lease(
    db: &Db,
    transport: &Transport,
    from: &str,
    message: &outbox::Claimed,
    cfg: &OutboxSettings,
) -> anyhow::Result<()> {
    let period = (cfg.lease / 3).max(Duration::from_millis(100));
    let lease = secs(cfg.lease);
    let (db2, id) = (db.clone(), message.id);
    let mut held = message.locked_until;
    let renewer = tokio::spawn(async move {
        while let Some(current) = held {
            tokio::time::sleep(period).await;
            let until = now() + lease;
            let renewed = async {
                let mut tx = db2.begin().await?;
                let done = outbox::renew(&mut tx, id, current, until).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(done)
            };
            match renewed.await {
                Ok(true) => held = Some(until),
                Ok(false) => {
                    tracing::warn!(id, "the lease of the email being sent was lost");
                    held = None;
                }
                Err(err) => {
                    tracing::warn!(id, error = %err, "cannot renew the lease of the email being sent");
                }
            }
        }
    });
    let result = transport.send(from, message).await;
    renewer.abort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let cfg = OutboxSettings {
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(60),
            ..OutboxSettings::default()
        };
        for _ in 0..50 {
            let first = backoff(&cfg, 1).as_secs_f64();
            assert!((7.5..=12.5).contains(&first), "{first}");
            let third = backoff(&cfg, 3).as_secs_f64();
            assert!((30.0..=50.0).contains(&third), "{third}");
            assert!(backoff(&cfg, 20).as_secs_f64() <= 75.0);
        }
    }
}
