//! What a change of an account's credentials or standing must end, written once so that no
//! route forgets part of it: the account's sessions (all, or all but the one that made the
//! change) and every outstanding link token (email verification, password reset). A reset link
//! mailed before a password change, a disabling or an administrator's reset must not work
//! after it.

use crate::db::Tx;
use crate::repo::{auth_tokens, sessions};

/// Which sessions survive the change.
#[derive(Debug, Clone, Copy)]
pub enum Keep<'a> {
    /// None: the account is signed out everywhere.
    NoSession,
    /// The session (token hash) that made the change, e.g. a password change by its owner.
    Session(&'a [u8]),
}

/// Ends the account's sessions (but `keep`) and revokes all its link tokens, in the caller's
/// transaction.
pub async fn credentials_changed(
    tx: &mut Tx,
    user_id: &str,
    keep: Keep<'_>,
) -> Result<(), sqlx::Error> {
    match keep {
        Keep::NoSession => {
            sessions::delete_all_for_user(tx, user_id).await?;
        }
        Keep::Session(hash) => sessions::delete_others(tx, user_id, hash).await?,
    }
    auth_tokens::revoke_every(tx, user_id).await
}
