//! The public board receives ballots in shuffled batches.
//!
//! Casting writes the ballot into `consultation_ballot_pool` and the voter's participation in
//! one transaction; a batch later moves every waiting ballot onto the board, in a random order,
//! stamped with the batch's time, in a transaction of its own, and empties the pool. So once a
//! batch is out, no stored value ties an account to a ballot better than chance among the
//! batch: the board rows share one transaction id (PostgreSQL `xmin`), their identity values
//! and physical order are the shuffle's, their time is the batch's; the receipt signature is
//! not kept. docs/privacy.md, "Ballot secrecy at rest", says what remains (a dump taken while
//! ballots wait, a live observer).
//!
//! A batch is published as soon as `board_batch_size` ballots wait (by the cast that filled
//! it, right after its commit), every `board_batch_seconds` by the maintenance job with
//! whatever waits, and by the close before the tally. Every publication holds the
//! consultation's row exclusively ([`repo::lock_in_status`]), so it waits for the casts in
//! flight and two nodes never publish the same pool twice.

use std::collections::HashMap;

use crate::config::ConsultationSettings;
use crate::db::{Db, Tx};
use crate::error::ApiError;
use crate::repo::ballot_pool::{self as pool, Waiting};
use crate::repo::consultations::{self as repo, BallotRow};

/// Moves every waiting ballot of `id` onto the board in a random order (a credential's
/// ballots keep their relative order: its last one counts). The caller holds the
/// consultation's row exclusively. Returns how many were published.
pub async fn publish_locked(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    now: i64,
) -> Result<usize, ApiError> {
    let waiting = pool::all(tx, id).await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let count = waiting.len();
    for w in shuffled(waiting)? {
        let row = BallotRow {
            tracker: w.tracker,
            credential: w.credential,
            ballot: w.ballot,
            published_at: now,
        };
        // A ballot already on the board (cast again while its first copy waited) stays once.
        repo::insert_ballot(tx, town_id, id, &row).await?;
    }
    pool::clear(tx, id).await?;
    pool::mark_published(tx, id, now).await?;
    Ok(count)
}

/// A uniformly random order of the waiting ballots, except that each credential's ballots
/// keep their `revote` order: the positions a credential draws are filled with its ballots in
/// that order.
fn shuffled(mut waiting: Vec<Waiting>) -> Result<Vec<Waiting>, ApiError> {
    // Fisher–Yates with 64-bit draws; the modulo bias is below n / 2^64.
    for i in (1..waiting.len()).rev() {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
        let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let j = usize::try_from(u64::from_le_bytes(bytes) % bound).unwrap_or(0);
        waiting.swap(i, j);
    }
    let mut by_credential: HashMap<String, Vec<usize>> = HashMap::new();
    for (position, w) in waiting.iter().enumerate() {
        by_credential
            .entry(w.credential.clone())
            .or_default()
            .push(position);
    }
    let mut slots: Vec<Option<Waiting>> = waiting.iter().map(|_| None).collect();
    let mut groups: HashMap<String, Vec<Waiting>> = HashMap::new();
    for w in waiting {
        groups.entry(w.credential.clone()).or_default().push(w);
    }
    for (credential, mut ballots) in groups {
        ballots.sort_by_key(|w| w.revote);
        let positions = by_credential.remove(&credential).unwrap_or_default();
        for (position, w) in positions.into_iter().zip(ballots) {
            slots[position] = Some(w);
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

/// After a cast: publishes the pool of `id` if `settings.board_batch_size` ballots wait.
pub async fn publish_if_full(
    db: &Db,
    town_id: &str,
    id: &str,
    settings: &ConsultationSettings,
    now: i64,
) -> Result<usize, ApiError> {
    let size = i64::from(settings.board_batch_size);
    {
        let mut tx = db.read().await?;
        if pool::count(&mut tx, id).await? < size {
            return Ok(0);
        }
    }
    let mut tx = db.begin().await?;
    // Another cast or node may have published meanwhile: count again under the lock.
    if !repo::lock_in_status(&mut tx, town_id, id, "open").await?
        || pool::count(&mut tx, id).await? < size
    {
        return Ok(0);
    }
    let published = publish_locked(&mut tx, town_id, id, now).await?;
    tx.commit().await?;
    Ok(published)
}

/// The maintenance job's part: publishes every open consultation's waiting ballots when its
/// last batch is `board_batch_seconds` old. Returns how many ballots it published.
pub async fn publish_due(
    db: &Db,
    settings: &ConsultationSettings,
    now: i64,
) -> Result<usize, ApiError> {
    let interval = i64::try_from(settings.board_batch_seconds).unwrap_or(i64::MAX);
    let due = {
        let mut tx = db.read().await?;
        pool::due(&mut tx, now, interval).await?
    };
    let mut published = 0;
    for (town_id, id) in due {
        // One consultation failing does not hold back the others' batches.
        match publish_one(db, &town_id, &id, now).await {
            Ok(n) => published += n,
            Err(err) => {
                tracing::warn!(consultation = %id, error = %err, "publishing a batch failed, will retry");
            }
        }
    }
    Ok(published)
}

async fn publish_one(db: &Db, town_id: &str, id: &str, now: i64) -> Result<usize, ApiError> {
    let mut tx = db.begin().await?;
    if !repo::lock_in_status(&mut tx, town_id, id, "open").await? {
        return Ok(0);
    }
    let published = publish_locked(&mut tx, town_id, id, now).await?;
    tx.commit().await?;
    Ok(published)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(credential: &str, revote: i64) -> Waiting {
        Waiting {
            tracker: format!("{credential}{revote}"),
            credential: credential.to_owned(),
            ballot: String::new(),
            revote,
        }
    }

    #[test]
    fn a_credentials_ballots_keep_their_order_whatever_the_shuffle() {
        for _ in 0..200 {
            let input = vec![
                waiting("a", 0),
                waiting("b", 0),
                waiting("a", 1),
                waiting("c", 0),
                waiting("a", 2),
                waiting("b", 1),
            ];
            let out = shuffled(input).unwrap();
            assert_eq!(out.len(), 6);
            for credential in ["a", "b", "c"] {
                let revotes: Vec<i64> = out
                    .iter()
                    .filter(|w| w.credential == credential)
                    .map(|w| w.revote)
                    .collect();
                assert!(revotes.is_sorted(), "{credential}: {revotes:?}");
            }
        }
    }

    #[test]
    fn every_order_of_distinct_credentials_occurs() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let input = vec![waiting("a", 0), waiting("b", 0), waiting("c", 0)];
            let order: String = shuffled(input)
                .unwrap()
                .iter()
                .map(|w| w.credential.clone())
                .collect();
            seen.insert(order);
        }
        assert_eq!(seen.len(), 6, "{seen:?}");
    }
}
