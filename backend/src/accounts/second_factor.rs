//! The second factor's set-up (TOTP, RFC 6238), in two steps so that a typo while scanning
//! never locks anyone out: a pending secret first, active only once the app produced a valid
//! code; and its removal.

use protocol::ErrorCode;

use crate::auth::totp;
use crate::db::Db;
use crate::error::ApiError;
use crate::repo::totp as totp_repo;
use crate::time::now;

/// Stores `secret` as the account's pending second factor; 409 `conflict` when one is active
/// (it is replaced only after removing it, with the password or by an administrator).
pub async fn start(db: &Db, user_id: &str, secret: &[u8]) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    if !totp_repo::set_pending(&mut tx, user_id, secret).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    tx.commit().await?;
    Ok(())
}

/// Activates the pending secret with `code` from the app and returns the recovery codes, which
/// only their digests outlive. The confirming code's step counts as used: it cannot open a
/// session afterwards. 409 `conflict` without a pending secret, 401 `invalid_totp` on `code`.
pub async fn confirm(db: &Db, user_id: &str, code: &str) -> Result<Vec<String>, ApiError> {
    let mut tx = db.begin().await?;
    let pending = totp_repo::find(&mut tx, user_id)
        .await?
        .filter(|c| c.enabled_at.is_none())
        .ok_or_else(|| ApiError::code(ErrorCode::Conflict))?;
    let step = totp::verify(&pending.secret, code, now(), None)
        .ok_or_else(|| ApiError::field(ErrorCode::InvalidTotp, "code"))?;
    if !totp_repo::enable(&mut tx, user_id, step).await? {
        return Err(ApiError::code(ErrorCode::Conflict));
    }
    let codes = totp::generate_recovery_codes();
    let digests: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_digest(c)).collect();
    totp_repo::replace_recovery_codes(&mut tx, user_id, &digests).await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "second factor enabled");
    Ok(codes)
}

/// Removes the account's second factor (the caller checked the password).
pub async fn remove(db: &Db, user_id: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    totp_repo::remove(&mut tx, user_id).await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "second factor disabled by its owner");
    Ok(())
}
