//! Periodic jobs: the opening announcements of consultations (every minute, so voters hear
//! that voting is open within a minute of `opens_at`), and the clean-up of expired sessions,
//! old throttle counters and delivered emails (whose content is personal data kept no longer
//! than needed; every ten minutes).

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

/// How often the loop wakes up (the announcements' delay at most).
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
        if let Err(err) = consultations::announce::announce_due(&db, &settings, now()).await {
            tracing::warn!(error = %err, "consultation announcements failed, will retry");
        }
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
    tx.commit().await
}
