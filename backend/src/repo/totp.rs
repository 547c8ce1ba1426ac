//! TOTP credentials and recovery codes. The secret leaves this module only towards
//! [`crate::auth::totp`]; [`Credential`]'s `Debug` omits it so it cannot reach logs.

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::time::now;

/// A user's TOTP credential, pending (`enabled_at` is `None`) or confirmed.
#[derive(Clone, sqlx::FromRow)]
pub struct Credential {
    pub secret: Vec<u8>,
    pub enabled_at: Option<i64>,
    pub last_step: Option<i64>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("enabled_at", &self.enabled_at)
            .field("last_step", &self.last_step)
            .finish_non_exhaustive()
    }
}

pub async fn find(tx: &mut Tx, user_id: &str) -> Result<Option<Credential>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Credential>(
        "select secret, enabled_at, last_step from totp_credentials where user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(c)
    .await)
}

/// Stores a new pending secret, replacing an earlier pending one. Returns false (and changes
/// nothing) when a confirmed credential exists.
pub async fn set_pending(tx: &mut Tx, user_id: &str, secret: &[u8]) -> Result<bool, sqlx::Error> {
    let done = exec!(
        tx,
        "insert into totp_credentials (user_id, secret, enabled_at, last_step, created_at)
         values ($1, $2, null, null, $3)
         on conflict (user_id) do update set secret = $2, last_step = null, created_at = $3
         where totp_credentials.enabled_at is null",
        user_id,
        secret,
        now()
    )?;
    Ok(done == 1)
}

/// Confirms the pending credential, recording `step` as used.
pub async fn enable(tx: &mut Tx, user_id: &str, step: i64) -> Result<bool, sqlx::Error> {
    let done = exec!(
        tx,
        "update totp_credentials set enabled_at = $2, last_step = $3
         where user_id = $1 and enabled_at is null",
        user_id,
        now(),
        step
    )?;
    Ok(done == 1)
}

/// Records `step` as used, unless it (or a later one) already was: false means a replay, also
/// when two logins race with the same code.
pub async fn use_step(tx: &mut Tx, user_id: &str, step: i64) -> Result<bool, sqlx::Error> {
    let done = exec!(
        tx,
        "update totp_credentials set last_step = $2
         where user_id = $1 and enabled_at is not null and (last_step is null or last_step < $2)",
        user_id,
        step
    )?;
    Ok(done == 1)
}

/// Replaces the user's recovery codes by these digests.
pub async fn replace_recovery_codes(
    tx: &mut Tx,
    user_id: &str,
    digests: &[Vec<u8>],
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "delete from totp_recovery_codes where user_id = $1",
        user_id
    )?;
    let now = now();
    for digest in digests {
        exec!(
            tx,
            "insert into totp_recovery_codes (user_id, code_hash, created_at, used_at)
             values ($1, $2, $3, null)",
            user_id,
            digest.as_slice(),
            now
        )?;
    }
    Ok(())
}

/// Spends an unused recovery code; false when it is unknown or already used.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user_id: &str,
    digest: &[u8],
) -> Result<bool, sqlx::Error> {
    let done = exec!(
        tx,
        "update totp_recovery_codes set used_at = $3
         where user_id = $1 and code_hash = $2 and used_at is null",
        user_id,
        digest,
        now()
    )?;
    Ok(done == 1)
}

/// Removes the second factor (credential and recovery codes) of a user.
pub async fn remove(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "delete from totp_recovery_codes where user_id = $1",
        user_id
    )?;
    exec!(
        tx,
        "delete from totp_credentials where user_id = $1",
        user_id
    )?;
    Ok(())
}
