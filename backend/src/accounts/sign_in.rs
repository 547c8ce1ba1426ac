//! Signing in: the account of a password login, and the end of every login once the password
//! (local or directory) is right — account state, second factor, then a fresh session.

use protocol::ErrorCode;

use crate::auth::{throttle, totp};
use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::domain::EmailAddress;
use crate::error::ApiError;
use crate::repo::totp as totp_repo;
use crate::repo::users::{self, User};
use crate::time::now;

use super::sessions;

/// The account a password login names, if any (the caller verifies the password either way).
pub async fn account_of(
    db: &Db,
    town_id: &str,
    email: Option<&EmailAddress>,
) -> Result<Option<User>, ApiError> {
    let Some(email) = email else {
        return Ok(None);
    };
    let mut tx = db.read().await?;
    Ok(users::by_email(&mut tx, town_id, email.as_str()).await?)
}

/// What a login brings besides the password.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The client's address, for the log of refusals.
    pub ip: &'a str,
    /// The token of a session the browser still presented: ended by the login.
    pub old_session: Option<&'a str>,
    /// The throttle key of the account, cleared on success.
    pub account_key: &'a str,
    pub totp_code: Option<&'a str>,
    pub recovery_code: Option<&'a str>,
}

/// Opens a session for `user`, whose password was right, and returns its cookie token:
/// refused for a disabled or unconfirmed account and, when the account has a second factor,
/// without a valid code. Refusals are logged with their reason (ASVS V7.2.1).
pub async fn open_session(
    db: &Db,
    settings: &Settings,
    user: &User,
    attempt: Attempt<'_>,
) -> Result<String, ApiError> {
    let refused = |err: ApiError| {
        // `totp_required` is the normal first answer to an account with a second factor.
        if let ApiError::Client { code, .. } = &err
            && *code != ErrorCode::TotpRequired
        {
            tracing::warn!(user = %user.id, ip = %attempt.ip, reason = code.as_str(), "login refused");
        }
        err
    };
    if user.disabled {
        return Err(refused(ApiError::code(ErrorCode::AccountDisabled)));
    }
    if user.email_verified_at.is_none() {
        return Err(refused(ApiError::code(ErrorCode::EmailNotVerified)));
    }

    let mut tx = db.begin().await?;
    if user.totp_enabled() {
        // The attempt was already counted by the throttles, so guessing codes is limited
        // exactly like guessing passwords; the account's counter is only cleared on success.
        second_factor(&mut tx, &user.id, attempt.totp_code, attempt.recovery_code)
            .await
            .map_err(refused)?;
    }
    // A fresh token at every login; any session the browser still presented is ended.
    if let Some(old) = attempt.old_session {
        sessions::end_in(&mut tx, old).await?;
    }
    let new_token = sessions::open(&mut tx, settings, &user.id).await?;
    throttle::clear(&mut tx, attempt.account_key).await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, ip = %attempt.ip, second_factor = user.totp_enabled(), "logged in");
    Ok(new_token)
}

/// Checks the second factor of a login whose password was right. No code at all is 401
/// `totp_required` (the SPA then asks for one); a wrong, expired or replayed code, or an unknown
/// or spent recovery code, is 401 `invalid_totp`. Spending the step or the recovery code happens
/// in `tx`, the transaction that opens the session.
async fn second_factor(
    tx: &mut Tx,
    user_id: &str,
    code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<(), ApiError> {
    let invalid = || ApiError::code(ErrorCode::InvalidTotp);
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let recovery_code = recovery_code.map(str::trim).filter(|c| !c.is_empty());
    match (code, recovery_code) {
        (Some(code), _) => {
            let credential = totp_repo::find(tx, user_id)
                .await?
                .filter(|c| c.enabled_at.is_some())
                .ok_or_else(invalid)?;
            let step = totp::verify(&credential.secret, code, now(), credential.last_step)
                .ok_or_else(invalid)?;
            // Conditional on the stored step, so two logins racing with one code cannot both pass.
            if !totp_repo::use_step(tx, user_id, step).await? {
                return Err(invalid());
            }
        }
        (None, Some(recovery)) => {
            if !totp_repo::use_recovery_code(tx, user_id, &totp::recovery_digest(recovery)).await? {
                return Err(invalid());
            }
        }
        (None, None) => return Err(ApiError::code(ErrorCode::TotpRequired)),
    }
    Ok(())
}
