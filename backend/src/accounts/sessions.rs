//! Sessions: opened at sign-in, found again from the cookie's token, ended at sign-out.
//!
//! The database holds only the SHA-256 of a session's token. A session ends after
//! `session_idle` without use or `session_absolute` after sign-in, whichever comes first, and
//! only works in the town where it was opened.

use crate::auth::token;
use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::error::ApiError;
use crate::repo::sessions;
use crate::repo::towns::Town;
use crate::repo::users::{self, User};
use crate::time::{now, secs};

/// Opens a session for `user_id` and returns the cookie token.
pub async fn open(tx: &mut Tx, settings: &Settings, user_id: &str) -> Result<String, sqlx::Error> {
    let token = token::random_token();
    let now = now();
    sessions::insert(
        tx,
        &token::digest(&token),
        user_id,
        now,
        now + secs(settings.session_absolute),
    )
    .await?;
    Ok(token)
}

/// The enabled account a session `token` of `town` belongs to, with the session's hash, while
/// the session is alive. An expired session is deleted; the idle clock is refreshed at most
/// once a minute, to spare writes.
pub async fn resolve(
    db: &Db,
    settings: &Settings,
    town: &Town,
    token: &str,
) -> Result<Option<(User, Vec<u8>)>, ApiError> {
    let hash = token::digest(token);
    let now = now();
    let mut tx = db.read().await?;
    let Some(session) = sessions::find(&mut tx, &hash, &town.id).await? else {
        return Ok(None);
    };
    let idle_deadline = session.last_seen_at + secs(settings.session_idle);
    if now >= session.expires_at || now >= idle_deadline {
        drop(tx);
        let mut tx = db.begin().await?;
        sessions::delete(&mut tx, &hash).await?;
        tx.commit().await?;
        return Ok(None);
    }
    let user = users::by_id(&mut tx, &town.id, &session.user_id).await?;
    drop(tx);
    let Some(user) = user.filter(|u| !u.disabled) else {
        return Ok(None);
    };
    if now - session.last_seen_at >= 60 {
        let mut tx = db.begin().await?;
        sessions::touch(&mut tx, &hash, now).await?;
        tx.commit().await?;
    }
    Ok(Some((user, hash)))
}

/// Ends the session of `token` (in `tx`, when it is part of a sign-in).
pub async fn end_in(tx: &mut Tx, token: &str) -> Result<(), sqlx::Error> {
    sessions::delete(tx, &token::digest(token)).await?;
    Ok(())
}

/// Ends the session of `token`.
pub async fn end(db: &Db, token: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    end_in(&mut tx, token).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of `user_id`, on every device.
pub async fn end_all(db: &Db, user_id: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    sessions::delete_all_for_user(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}
