//! `Idempotency-Key` on creating routes (the IETF draft "The Idempotency-Key HTTP Header
//! Field"): a client that lost the answer to a creating request — its node died after the
//! commit, the network dropped — sends it again with the same key and gets the first answer;
//! nothing is created twice. The SPA sends one key per form submission.
//!
//! The key's row is written in the transaction that creates ([`record`]), so the creation and
//! the remembered answer commit together or not at all. Two requests with the same key at
//! once both do the work; the second's insert waits for the first's commit (PostgreSQL's
//! unique index; SQLite's single writer), finds the key taken, rolls its own work back and
//! answers what the first stored ([`stored`]). A key reused for a different request (another
//! body) is refused with 422 `idempotency_key_reused`. Keys are per account and kept a day.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use protocol::ErrorCode;
use sha2::{Digest, Sha256};

use crate::db::Tx;
use crate::error::ApiError;
use crate::exec;
use crate::on_db;
use crate::time::now;

/// How long answers are kept for replays.
pub const RETENTION_SECS: i64 = 24 * 3600;

/// The header, when the client sent one: 1 to 255 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(Self(None));
        };
        let key = value
            .to_str()
            .ok()
            .map(|k| k.trim().trim_matches('"'))
            .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| ApiError::field(ErrorCode::Validation, "idempotency_key"))?;
        Ok(Self(Some(key.to_owned())))
    }
}

/// A fingerprint of what was asked, from its parts (the parsed body, uploads' bytes): a
/// retry has the same, whatever its multipart boundary or JSON spacing.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut outer = Sha256::new();
    for part in parts {
        outer.update(Sha256::digest(part));
    }
    hex::encode(outer.finalize())
}

/// The first answer to a request with this key.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: u16,
    /// The JSON body; empty when the route computes its answer afresh.
    pub body: String,
}

/// The answer stored for `key` of `user_id`, if any; 422 `idempotency_key_reused` when the
/// key was used for another route or another request.
pub async fn stored(
    tx: &mut Tx,
    user_id: &str,
    key: &str,
    route: &str,
    fingerprint: &str,
) -> Result<Option<Stored>, ApiError> {
    // Whatever its age: `record` replaces an expired row in the same transaction as it
    // inserts, so a row found here is the one that counts.
    let row: Option<(String, String, i64, String)> = on_db!(tx, |c| sqlx::query_as(
        "select route, fingerprint, status, body from idempotency_keys
         where user_id = $1 and key = $2"
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(c)
    .await)?;
    match row {
        None => Ok(None),
        Some((r, f, status, body)) if r == route && f == fingerprint => Ok(Some(Stored {
            status: u16::try_from(status).unwrap_or(200),
            body,
        })),
        Some(_) => Err(ApiError::code(ErrorCode::IdempotencyKeyReused)),
    }
}

/// Whether `user_id` already has an answer stored under `key` for `route`: a retry, which a
/// throttle counted at arrival must not count again (the fingerprint is checked once the body
/// is read, before anything is done with it).
pub async fn is_retry(
    db: &crate::db::Db,
    user_id: &str,
    key: Option<&str>,
    route: &str,
) -> Result<bool, ApiError> {
    let Some(key) = key else {
        return Ok(false);
    };
    let mut tx = db.read().await?;
    let n: i64 = on_db!(&mut tx, |c| sqlx::query_scalar(
        "select count(*) from idempotency_keys where user_id = $1 and key = $2 and route = $3"
    )
    .bind(user_id)
    .bind(key)
    .bind(route)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// One keyed request of one account on one route: what [`Keyed::first`] looks up and
/// [`Keyed::remember`] stores, written once per route.
#[derive(Debug, Clone)]
pub struct Keyed<'a> {
    pub town_id: &'a str,
    pub user_id: &'a str,
    pub key: String,
    pub route: &'static str,
    pub fingerprint: String,
}

impl<'a> Keyed<'a> {
    /// The keyed request, when the client sent a key.
    pub fn new(
        key: Option<String>,
        town_id: &'a str,
        user_id: &'a str,
        route: &'static str,
        fingerprint: String,
    ) -> Option<Self> {
        key.map(|key| Self {
            town_id,
            user_id,
            key,
            route,
            fingerprint,
        })
    }

    /// The first answer to this key, if any (see [`stored`]), in a read transaction of its own.
    pub async fn first(&self, db: &crate::db::Db) -> Result<Option<Stored>, ApiError> {
        let mut tx = db.read().await?;
        stored(
            &mut tx,
            self.user_id,
            &self.key,
            self.route,
            &self.fingerprint,
        )
        .await
    }

    /// Remembers `status` and `body` in the creating transaction (see [`record`]).
    pub async fn remember(
        &self,
        tx: &mut Tx,
        status: u16,
        body: &str,
    ) -> Result<bool, sqlx::Error> {
        let answer = Answer {
            town_id: self.town_id,
            user_id: self.user_id,
            key: &self.key,
            route: self.route,
            fingerprint: &self.fingerprint,
            status,
            body,
        };
        record(tx, &answer).await
    }
}

/// What [`record`] remembers.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub town_id: &'a str,
    pub user_id: &'a str,
    pub key: &'a str,
    pub route: &'a str,
    pub fingerprint: &'a str,
    pub status: u16,
    pub body: &'a str,
}

/// Remembers the answer in the creating transaction. False when another request with the same
/// key committed first: the caller drops its transaction and answers [`stored`].
pub async fn record(tx: &mut Tx, a: &Answer<'_>) -> Result<bool, sqlx::Error> {
    // An expired row of the same key gives way.
    exec!(
        tx,
        "delete from idempotency_keys where user_id = $1 and key = $2 and created_at <= $3",
        a.user_id,
        a.key,
        now() - RETENTION_SECS
    )?;
    let added = exec!(
        tx,
        "insert into idempotency_keys
             (user_id, key, town_id, route, fingerprint, status, body, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (user_id, key) do nothing",
        a.user_id,
        a.key,
        a.town_id,
        a.route,
        a.fingerprint,
        i64::from(a.status),
        a.body,
        now()
    )?;
    Ok(added > 0)
}

/// Forgets answers older than the retention (maintenance job).
pub async fn purge(tx: &mut Tx) -> Result<u64, sqlx::Error> {
    exec!(
        tx,
        "delete from idempotency_keys where created_at <= $1",
        now() - RETENTION_SECS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_depends_on_every_part_and_its_bounds() {
        let a = fingerprint([b"ab".as_slice(), b"c".as_slice()]);
        assert_eq!(a, fingerprint([b"ab".as_slice(), b"c".as_slice()]));
        assert_ne!(a, fingerprint([b"a".as_slice(), b"bc".as_slice()]));
        assert_ne!(a, fingerprint([b"ab".as_slice()]));
    }
}
