//! The public board receives ballots in shuffled batches.
//!
//! Casting seals the ballot (with its voter) into `consultation_ballot_pool`
//! ([`super::seal`]) and records the voter's participation, in one transaction; a batch later
//! opens every waiting ballot, puts them on the board in a random order stamped with the
//! batch's time, removes them from the pool and queues one receipt mail per voter of the
//! batch, in a transaction of its own. So no stored value ties an account to a ballot better
//! than chance among the batch: while ballots wait, the rows that share the cast's
//! transaction, order and time hold nothing readable; once out, the board rows share one
//! transaction id (PostgreSQL `xmin`), their identity values and physical order are the
//! shuffle's, their time is the batch's, and so are the receipt mails'. docs/privacy.md,
//! "Ballot secrecy at rest", says what remains (a live observer).
//!
//! A batch is published as soon as `board_batch_size` ballots wait (by the cast that filled
//! it, right after its commit), every `board_batch_seconds` by the maintenance job with
//! whatever waits, and by the close before the tally. Publications of one consultation are
//! serialised by [`pool::lock_publication`], not by the consultation's row: casts go on while
//! a batch is published, and two nodes never publish the same ballot twice.

use std::collections::{BTreeSet, HashMap};

use protocol::api::Language;

use super::mail::{To, enqueue_at};
use super::seal::{BallotSeal, SealedBallot};
use super::voting::{internal, title_in};
use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::email::consultation_messages::{self as messages, About};
use crate::email::time;
use crate::error::ApiError;
use crate::repo::ballot_pool::{self as pool};
use crate::repo::consultations::{self as repo, BallotRow};
use crate::repo::{towns, users};

/// Moves every waiting ballot of `id` onto the board in a random order (a credential's
/// ballots keep their order: its last one counts) and queues the receipt mails of the batch.
/// The caller holds [`pool::lock_publication`]. Returns how many ballots were published.
pub async fn publish_locked(
    tx: &mut Tx,
    settings: &Settings,
    town_id: &str,
    id: &str,
    now: i64,
) -> Result<usize, ApiError> {
    let rows = pool::all(tx, id).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let seal = settings.ballot_seal()?;
    let mut lookups = Vec::with_capacity(rows.len());
    let mut waiting = Vec::with_capacity(rows.len());
    for row in rows {
        // A row that does not open stops the batch (and the close): never a ballot dropped.
        waiting.push(seal.open(id, &row.sealed)?);
        lookups.push(row.lookup);
    }
    let count = waiting.len();
    let voters: BTreeSet<String> = waiting.iter().map(|w| w.voter.clone()).collect();
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
    pool::remove(tx, id, &lookups).await?;
    receipt_mails(tx, settings, town_id, id, &voters, now).await?;
    Ok(count)
}

/// One receipt mail per voter of the batch (however many times they cast in it), in the
/// order of their account ids, all with the batch's time.
async fn receipt_mails(
    tx: &mut Tx,
    settings: &Settings,
    town_id: &str,
    id: &str,
    voters: &BTreeSet<String>,
    now: i64,
) -> Result<(), ApiError> {
    let (Some(town), Some(row)) = (
        towns::by_id(tx, town_id).await?,
        repo::by_id(tx, town_id, id).await?,
    ) else {
        return Err(internal("the batch's consultation is gone"));
    };
    let domain = settings.public_url.host_str().unwrap_or("localhost");
    let link = format!("{}/consultations/{id}", town.public_base(settings));
    for voter in voters {
        // An account deleted since its cast has no one to tell.
        let Some(user) = users::by_id(tx, town_id, voter).await? else {
            continue;
        };
        let lang: Language = user.language();
        let time = time::format(now, lang, &town.time_zone);
        let about = About {
            lang,
            town: &town.name,
            name: &user.display_name,
            title: title_in(&row, lang),
            link: &link,
        };
        let to = To {
            address: &user.email,
            language: lang,
            user_id: Some(&user.id),
        };
        let content = messages::receipt(&about, &time);
        enqueue_at(tx, &town, to, &content, domain, now, now, true).await?;
    }
    Ok(())
}

/// A uniformly random order of the waiting ballots, except that each credential's ballots
/// keep the order they were cast in: the positions a credential draws are filled with its
/// ballots in that order.
fn shuffled(mut waiting: Vec<SealedBallot>) -> Result<Vec<SealedBallot>, ApiError> {
    // Fisher–Yates with 64-bit draws; the modulo bias is below n / 2^64.
    for i in (1..waiting.len()).rev() {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(internal)?;
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
    let mut slots: Vec<Option<SealedBallot>> = waiting.iter().map(|_| None).collect();
    let mut groups: HashMap<String, Vec<SealedBallot>> = HashMap::new();
    for w in waiting {
        groups.entry(w.credential.clone()).or_default().push(w);
    }
    for (credential, mut ballots) in groups {
        ballots.sort_by(|a, b| (a.cast_at_ns, &a.tracker).cmp(&(b.cast_at_ns, &b.tracker)));
        let positions = by_credential.remove(&credential).unwrap_or_default();
        for (position, w) in positions.into_iter().zip(ballots) {
            slots[position] = Some(w);
        }
    }
    Ok(slots.into_iter().flatten().collect())
}

/// Publishes `id`'s pool unless another publication holds it or the consultation is no
/// longer open (the close publishes what is left). With `at_least`, only when that many wait.
///
/// A cast that finds the publication taken leaves its ballot to the publisher holding it,
/// whose batch may have read the pool before that ballot was committed. So the holder looks
/// again after each batch and goes on while a full batch (`board_batch_size`) waits: a ballot
/// that filled a batch never waits for the timer because its cast met another publication,
/// and no batch smaller than the caller asked for comes out of the second look.
async fn publish_open(
    db: &Db,
    settings: &Settings,
    town_id: &str,
    id: &str,
    at_least: i64,
    now: i64,
) -> Result<usize, ApiError> {
    let full = i64::from(settings.consultations.board_batch_size);
    let mut published = 0;
    let mut need = at_least.max(1);
    loop {
        let mut tx = db.begin().await?;
        if !pool::lock_publication(&mut tx, id, false).await?
            || repo::by_id(&mut tx, town_id, id)
                .await?
                .is_none_or(|row| row.status != "open")
            || pool::count(&mut tx, id).await? < need
        {
            return Ok(published);
        }
        published += publish_locked(&mut tx, settings, town_id, id, now).await?;
        tx.commit().await?;
        need = full.max(need);
    }
}

/// After a cast: publishes the pool of `id` if `board_batch_size` ballots wait.
pub async fn publish_if_full(
    db: &Db,
    settings: &Settings,
    town_id: &str,
    id: &str,
    now: i64,
) -> Result<usize, ApiError> {
    let size = i64::from(settings.consultations.board_batch_size);
    {
        let mut tx = db.read().await?;
        if pool::count(&mut tx, id).await? < size {
            return Ok(0);
        }
    }
    publish_open(db, settings, town_id, id, size, now).await
}

/// The maintenance job's part: publishes every open consultation's waiting ballots when its
/// last batch is `board_batch_seconds` old. Returns how many ballots it published.
pub async fn publish_due(db: &Db, settings: &Settings, now: i64) -> Result<usize, ApiError> {
    let interval = i64::try_from(settings.consultations.board_batch_seconds).unwrap_or(i64::MAX);
    let due = {
        let mut tx = db.read().await?;
        pool::due(&mut tx, now, interval).await?
    };
    let mut published = 0;
    for (town_id, id) in due {
        // One consultation failing does not hold back the others' batches.
        match publish_open(db, settings, &town_id, &id, 1, now).await {
            Ok(n) => published += n,
            Err(err) => {
                tracing::warn!(consultation = %id, error = %err, "publishing a batch failed, will retry");
            }
        }
    }
    Ok(published)
}

/// Seals a ballot into the pool of `id`. False when the same ballot already waits.
pub async fn add_to_pool(
    tx: &mut Tx,
    seal: &BallotSeal,
    town_id: &str,
    id: &str,
    ballot: &SealedBallot,
) -> Result<bool, ApiError> {
    let sealed = seal.seal(id, ballot)?;
    Ok(pool::insert(tx, town_id, id, &seal.lookup(id, &ballot.tracker), &sealed).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(credential: &str, cast_at_ns: u64) -> SealedBallot {
        SealedBallot {
            tracker: format!("{credential}{cast_at_ns}"),
            credential: credential.to_owned(),
            ballot: String::new(),
            voter: String::new(),
            cast_at_ns,
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
                let order: Vec<u64> = out
                    .iter()
                    .filter(|w| w.credential == credential)
                    .map(|w| w.cast_at_ns)
                    .collect();
                assert!(order.is_sorted(), "{credential}: {order:?}");
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
