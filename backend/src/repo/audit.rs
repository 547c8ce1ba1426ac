//! The append-only, hash-chained audit log of sensitive administrative actions.
//!
//! Each town's entries form a chain: `hash = SHA-256(prev_hash || canonical entry)`, the first
//! entry's `prev_hash` being 32 zero bytes. Removing or editing an entry breaks every later
//! hash, which [`verify_chain`] detects; the database also refuses `update` and `delete` on the
//! table (triggers), and a unique `(town_id, prev_hash)` keeps the chain from forking.

use sha2::{Digest, Sha256};

use crate::db::Tx;
use crate::on_db;
use crate::time::now;

/// `prev_hash` of a town's first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub town_id: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub target: String,
    pub reason: String,
    pub created_at: i64,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// What the caller records.
#[derive(Debug)]
pub struct NewEntry<'a> {
    pub town_id: &'a str,
    /// `None` for actions of the system: taken from the command line, or by the maintenance
    /// job (the automatic close of a consultation at `closes_at`).
    pub actor_id: Option<&'a str>,
    /// A stable dotted name, e.g. `user.totp_reset`.
    pub action: &'a str,
    pub target: &'a str,
    pub reason: &'a str,
}

/// The canonical byte form of an entry: every field length-prefixed (u64, big-endian), so no
/// two different entries serialise alike.
fn canonical(
    town_id: &str,
    actor_id: Option<&str>,
    action: &str,
    target: &str,
    reason: &str,
    created_at: i64,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut field = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
    };
    field(town_id.as_bytes());
    field(actor_id.unwrap_or("").as_bytes());
    field(&[u8::from(actor_id.is_some())]);
    field(action.as_bytes());
    field(target.as_bytes());
    field(reason.as_bytes());
    field(&created_at.to_be_bytes());
    out
}

/// The hash of an entry that follows `prev_hash`.
pub fn entry_hash(
    prev_hash: &[u8],
    town_id: &str,
    actor_id: Option<&str>,
    action: &str,
    target: &str,
    reason: &str,
    created_at: i64,
) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev_hash);
    h.update(canonical(
        town_id, actor_id, action, target, reason, created_at,
    ));
    h.finalize().to_vec()
}

/// Appends an entry to its town's chain.
pub async fn append(tx: &mut Tx, new: &NewEntry<'_>) -> Result<(), sqlx::Error> {
    // Serialise appenders so that each reads the true last hash. SQLite write transactions
    // already are (BEGIN IMMEDIATE); on PostgreSQL, take a lock that still lets readers in.
    if let Tx::Postgres(pg) = tx {
        sqlx::query("lock table audit_log in share row exclusive mode")
            .execute(&mut **pg)
            .await?;
    }
    let last: Option<Vec<u8>> = on_db!(tx, |c| sqlx::query_scalar(
        "select hash from audit_log where town_id = $1 order by id desc limit 1"
    )
    .bind(new.town_id)
    .fetch_optional(c)
    .await)?;
    let prev_hash = last.unwrap_or_else(|| GENESIS.to_vec());
    let created_at = now();
    let hash = entry_hash(
        &prev_hash,
        new.town_id,
        new.actor_id,
        new.action,
        new.target,
        new.reason,
        created_at,
    );
    on_db!(tx, |c| {
        sqlx::query(
        "insert into audit_log (town_id, actor_id, action, target, reason, created_at, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(new.town_id)
    .bind(new.actor_id)
    .bind(new.action)
    .bind(new.target)
    .bind(new.reason)
    .bind(created_at)
    .bind(prev_hash.as_slice())
    .bind(hash.as_slice())
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A town's entries, oldest first.
pub async fn list(tx: &mut Tx, town_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Entry>(
        "select id, town_id, actor_id, action, target, reason, created_at, prev_hash, hash
         from audit_log where town_id = $1 order by id"
    )
    .bind(town_id)
    .fetch_all(c)
    .await)
}

/// True when `entries` (a town's log, oldest first) form an unbroken chain.
pub fn verify_chain(entries: &[Entry]) -> bool {
    first_broken(entries).is_none()
}

/// The id of the first entry (oldest first) whose link or hash does not verify: the entry
/// that was edited, or the one after a removed entry.
pub fn first_broken(entries: &[Entry]) -> Option<i64> {
    let mut prev = GENESIS.to_vec();
    for e in entries {
        let expected = entry_hash(
            &prev,
            &e.town_id,
            e.actor_id.as_deref(),
            &e.action,
            &e.target,
            &e.reason,
            e.created_at,
        );
        if e.prev_hash != prev || e.hash != expected {
            return Some(e.id);
        }
        prev = e.hash.clone();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(prev: &[u8], reason: &str) -> Entry {
        let hash = entry_hash(prev, "t", Some("a"), "user.totp_reset", "u", reason, 1);
        Entry {
            id: 0,
            town_id: "t".into(),
            actor_id: Some("a".into()),
            action: "user.totp_reset".into(),
            target: "u".into(),
            reason: reason.into(),
            created_at: 1,
            prev_hash: prev.to_vec(),
            hash,
        }
    }

    #[test]
    fn a_chain_verifies_and_tampering_is_detected() {
        let first = entry(&GENESIS, "lost phone");
        let second = entry(&first.hash, "new phone");
        assert!(verify_chain(&[first.clone(), second.clone()]));
        let mut edited = first.clone();
        edited.reason = "something else".into();
        assert!(!verify_chain(&[edited, second.clone()]));
        assert!(!verify_chain(&[second]));
    }
}
