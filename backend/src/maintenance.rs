//! Periodic clean-up: expired sessions, old throttle counters and delivered emails (whose
//! content is personal data kept no longer than needed).

use std::time::Duration;

use tokio::sync::watch;

use crate::auth::throttle;
use crate::config::Settings;
use crate::db::Db;
use crate::email::outbox;
use crate::repo::sessions;
use crate::time::{now, secs};

/// Delivered emails are kept this long, for support questions ("did you send it?").
pub const SENT_EMAIL_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

pub async fn run(db: Db, settings: Settings, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(err) = once(&db, &settings).await {
            tracing::warn!(error = %err, "maintenance failed, will retry");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(600)) => {}
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
