//! Single-use link tokens for email verification and password reset.

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::time::now;

/// What a link token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
        }
    }
}

pub async fn insert(
    tx: &mut Tx,
    token_hash: &[u8],
    user_id: &str,
    purpose: Purpose,
    ttl_secs: i64,
) -> Result<(), sqlx::Error> {
    let now = now();
    exec!(
        tx,
        "insert into auth_tokens (token_hash, user_id, purpose, created_at, expires_at)
         values ($1, $2, $3, $4, $5)",
        token_hash,
        user_id,
        purpose.as_str(),
        now,
        now + ttl_secs
    )?;
    Ok(())
}

/// Marks the token used and returns its user, if it exists for this purpose and town, is unused
/// and unexpired. The `used_at is null` condition in the update makes consumption atomic.
pub async fn consume(
    tx: &mut Tx,
    token_hash: &[u8],
    purpose: Purpose,
    town_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let now = now();
    let row: Option<(String,)> = on_db!(tx, |c| sqlx::query_as(
        "update auth_tokens set used_at = $4
         where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $4
           and user_id in (select id from users where town_id = $3)
         returning user_id"
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(town_id)
    .bind(now)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|(id,)| id))
}

/// Invalidates every outstanding link token of a user, whatever its purpose.
pub async fn revoke_every(tx: &mut Tx, user_id: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update auth_tokens set used_at = $2 where user_id = $1 and used_at is null",
        user_id,
        now()
    )?;
    Ok(())
}
