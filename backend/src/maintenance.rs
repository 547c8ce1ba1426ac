//! Periodic jobs: the consultations' scheduled moves (every minute: the opening announcement,
//! so voters hear that voting is open within a minute of `opens_at`, and the automatic close
//! once `closes_at` has passed — [`consultation_pass`]), and the clean-up of expired
//! sessions, old throttle counters and delivered emails (whose content is personal data kept
//! no longer than needed; every ten minutes).
//!
//! Every node runs these jobs. Each consultation's move is a transaction that first takes its
//! row in the expected status (see [`consultations::announce`], [`consultations::closing`]),
//! so nodes running them at once serialise and the work is done once.

use std::time::Duration;

use tokio::sync::watch;

use crate::auth::throttle;
use crate::config::Settings;
use crate::consultations;
use crate::db::Db;
use crate::email::outbox;
use crate::repo::sessions;
use crate::time::{now, secs};

/// Delivered emails are kept this long, for support questions ("did you send it?").
pub const SENT_EMAIL_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

/// How often the loop wakes up (the announcements' and the automatic close's delay at most).
const TICK: Duration = Duration::from_secs(60);
/// The clean-up runs every this many ticks.
const CLEANUP_EVERY: u32 = 10;

pub async fn run(db: Db, settings: Settings, mut shutdown: watch::Receiver<bool>) {
    let mut tick: u32 = 0;
    loop {
        if tick.is_multiple_of(CLEANUP_EVERY)
            && let Err(err) = once(&db, &settings).await
        {
            tracing::warn!(error = %err, "maintenance failed, will retry");
        }
        consultation_pass(&db, &settings, now()).await;
        tick = tick.wrapping_add(1) % CLEANUP_EVERY;
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = shutdown.wait_for(|s| *s) => break,
        }
    }
}

pub async fn once(db: &Db, settings: &Settings) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sessions::purge_expired(&mut tx, now(), secs(settings.session_idle)).await?;
    throttle::purge(&mut tx, Duration::from_secs(24 * 3600)).await?;
    outbox::purge_sent(&mut tx, now() - secs(SENT_EMAIL_RETENTION)).await?;
    crate::http::idempotency::purge(&mut tx).await?;
    tx.commit().await
}

/// What one [`consultation_pass`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ConsultationPass {
    /// Opening announcements queued.
    pub announced: usize,
    /// Consultations closed by this pass (not those another node closed first).
    pub closed: usize,
    /// Ballots this pass moved from the pools onto the boards (batches due by time).
    pub published: usize,
}

/// One pass of the consultations' scheduled moves as of `now`: announce the openings that are
/// due, publish the boards' batches that are due by time (`consultations::batches`), then
/// close every open consultation whose `closes_at` is at or before `now`. A failure of one job
/// is logged and retried at the next pass; it does not stop the others.
pub async fn consultation_pass(db: &Db, settings: &Settings, now: i64) -> ConsultationPass {
    let announced = consultations::announce::announce_due(db, settings, now)
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "consultation announcements failed, will retry");
            0
        });
    let published = consultations::batches::publish_due(db, settings, now)
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "publishing ballot batches failed, will retry");
            0
        });
    let closed = consultations::closing::close_due(db, settings, now)
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "automatic close of consultations failed, will retry");
            0
        });
    ConsultationPass {
        announced,
        closed,
        published,
    }
}
