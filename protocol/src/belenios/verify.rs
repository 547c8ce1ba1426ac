//! Verification of a complete `.bel` archive.
//!
//! FORMAT.md §6 lists what `belenios-tool election verify` (2.0) checks; [`verify_archive`]
//! checks all of it and a little more:
//!
//! 1. the archive is byte-identical to its canonical regeneration from the last event
//!    backwards (tar headers, record order, padding, no trailing blocks, canonical events);
//! 2. the events follow Belenios' order: `Setup`, `Ballot`*, then optionally `EndBallots`,
//!    `EncryptedTally`, `PartialDecryption`*, `Result` (shuffles are not supported);
//! 3. the election parses, the trustees' proofs and signatures verify and their combined key
//!    is the election key;
//! 4. every public credential is a group element and unique;
//! 5. every ballot is canonical, for this election, signed by a listed credential, and all its
//!    proofs verify (revotes allowed; only the last ballot of a credential counts);
//! 6. *(beyond 2.0)* the stored encrypted tally and its `num_tallied`/`total_weight` equal the
//!    values recomputed from the ballots;
//! 7. every partial decryption verifies against the recomputed tally, the shares combine, and
//!    the published result satisfies `g^result = β / F` everywhere.
//!
//! Ballot verification dominates the cost and is independent per ballot:
//! [`verify_archive_with`] lets the caller run [`ElectionContext::verify_ballot`] over its own
//! threads; the optional `parallel` feature provides a rayon-based runner.

use std::collections::HashMap;
use std::fmt;

use super::archive::{self, EventType};
use super::ballot::VerifiedBallot;
use super::credential::PublicCredential;
use super::decryption::{self, ElectionResult, Owned, PartialDecryption};
use super::election::ElectionContext;
use super::error::Error;
use super::group::Elem;
use super::tally::{self, SizedEncryptedTally};
use super::trustees;
use super::weight::{MAX_TOTAL_WEIGHT, Weight};

/// Where a verification failure was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The container: tar structure, event chain, canonical form.
    Archive,
    /// The election record.
    Election,
    /// The trustees record.
    Trustees,
    /// The public credentials record.
    Credentials,
    /// A ballot: its 0-based position among the ballots, its record index and its tracker.
    Ballot {
        /// 0-based position among the ballots of the archive.
        position: usize,
        /// 0-based index of its record among those that follow the header.
        record: usize,
        /// The ballot's tracker, as shown to the voter.
        tracker: String,
    },
    /// The encrypted tally records.
    EncryptedTally,
    /// A partial decryption (by its owner) and its record index.
    PartialDecryption {
        /// 1-based flattened index of the trustee who published it.
        owner: u32,
        /// 0-based index of its record among those that follow the header.
        record: usize,
    },
    /// The result record.
    Result,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Archive => write!(f, "archive"),
            Self::Election => write!(f, "election"),
            Self::Trustees => write!(f, "trustees"),
            Self::Credentials => write!(f, "public credentials"),
            Self::Ballot {
                position,
                record,
                tracker,
            } => write!(f, "ballot #{position} (record {record}, tracker {tracker})"),
            Self::EncryptedTally => write!(f, "encrypted tally"),
            Self::PartialDecryption { owner, record } => {
                write!(f, "partial decryption of trustee {owner} (record {record})")
            }
            Self::Result => write!(f, "result"),
        }
    }
}

/// A verification failure: what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {error}")]
pub struct VerifyError {
    /// Which record (or part of the archive) is at fault.
    pub location: Location,
    /// What is wrong with it.
    pub error: Error,
}

fn at(location: Location) -> impl FnOnce(Error) -> VerifyError {
    move |error| VerifyError { location, error }
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The election uuid.
    pub uuid: String,
    /// The election fingerprint φ.
    pub fingerprint: String,
    /// Number of public credentials (eligible voters).
    pub num_voters: usize,
    /// Number of ballots in the archive, revotes included.
    pub num_ballots: usize,
    /// Number of distinct credentials that voted (= ballots tallied).
    pub num_tallied: usize,
    /// Sum of the weights of the tallied ballots.
    pub total_weight: u64,
    /// Trackers of all ballots, in archive order.
    pub trackers: Vec<String>,
    /// Whether the ballot box is closed (`EndBallots`).
    pub ballots_closed: bool,
    /// Whether an encrypted tally is published.
    pub has_encrypted_tally: bool,
    /// Owners of the published partial decryptions.
    pub partial_decryptions: Vec<u32>,
    /// The verified result, if published.
    pub result: Option<Vec<Vec<u64>>>,
}

/// Verifies ballots one after the other.
pub fn verify_ballots_sequential(
    ctx: &ElectionContext,
    raw: &[&str],
) -> Vec<Result<VerifiedBallot, Error>> {
    raw.iter().map(|b| ctx.verify_ballot(b)).collect()
}

/// Verifies ballots on rayon's thread pool.
#[cfg(feature = "parallel")]
pub fn verify_ballots_parallel(
    ctx: &ElectionContext,
    raw: &[&str],
) -> Vec<Result<VerifiedBallot, Error>> {
    use rayon::prelude::*;
    raw.par_iter().map(|b| ctx.verify_ballot(b)).collect()
}

/// Verifies an archive, ballots sequentially (or in parallel with the `parallel` feature).
pub fn verify_archive(bytes: &[u8]) -> Result<Report, VerifyError> {
    #[cfg(feature = "parallel")]
    {
        verify_archive_with(bytes, &verify_ballots_parallel)
    }
    #[cfg(not(feature = "parallel"))]
    {
        verify_archive_with(bytes, &verify_ballots_sequential)
    }
}

type BallotVerifier<'a> =
    dyn Fn(&ElectionContext, &[&str]) -> Vec<Result<VerifiedBallot, Error>> + 'a;

fn utf8<'a>(b: &'a [u8], what: &'static str) -> Result<&'a str, Error> {
    std::str::from_utf8(b).map_err(|_| Error::invalid(format!("{what} is not UTF-8")))
}

/// Verifies an archive with a caller-supplied ballot verifier, which must return one result per
/// ballot, in order (e.g. `ctx.verify_ballot` mapped over a thread pool).
pub fn verify_archive_with(
    bytes: &[u8],
    verify_ballots: &BallotVerifier<'_>,
) -> Result<Report, VerifyError> {
    // 1. Container.
    let arch = archive::read_archive(bytes).map_err(at(Location::Archive))?;
    let chain = archive::event_chain(&arch).map_err(at(Location::Archive))?;
    let canonical =
        archive::canonical_bytes(arch.timestamp, &chain).map_err(at(Location::Archive))?;
    if canonical != bytes {
        return Err(VerifyError {
            location: Location::Archive,
            error: Error::invalid("generated archive is not identical to the original one"),
        });
    }

    // 2. Event order.
    let mut setup = None;
    let mut ballot_events = Vec::new();
    let mut ballots_closed = false;
    let mut tally_event = None;
    let mut pd_events = Vec::new();
    let mut result_event = None;
    for (e, r) in &chain.events {
        let stage = match e.typ {
            EventType::Setup => 0,
            EventType::Ballot => 1,
            EventType::EndBallots => 2,
            EventType::EncryptedTally => 3,
            EventType::PartialDecryption => 4,
            EventType::Result => 5,
            EventType::Shuffle | EventType::EndShuffles => {
                return Err(VerifyError {
                    location: Location::Archive,
                    error: Error::Unsupported("shuffles".into()),
                });
            }
        };
        let current = if result_event.is_some() {
            5
        } else if !pd_events.is_empty() {
            4
        } else if tally_event.is_some() {
            3
        } else if ballots_closed {
            2
        } else if !ballot_events.is_empty() {
            1
        } else if setup.is_some() {
            0
        } else {
            -1
        };
        let allowed = match stage {
            0 => current == -1,
            1 => current == 0 || current == 1,
            2 => current == 0 || current == 1,
            3 => current == 2,
            4 => current == 3 || current == 4,
            _ => current == 4,
        };
        if !allowed {
            return Err(VerifyError {
                location: Location::Archive,
                error: Error::invalid(format!(
                    "record {}: unexpected {:?} event at height {}",
                    r.index, e.typ, e.height
                )),
            });
        }
        let payload = || -> Result<&str, VerifyError> {
            let h = e.payload.as_deref().ok_or_else(|| VerifyError {
                location: Location::Archive,
                error: Error::invalid(format!("missing payload at height {}", e.height)),
            })?;
            chain.get_str(h).map_err(at(Location::Archive))
        };
        match e.typ {
            EventType::Setup => setup = Some(payload()?),
            EventType::Ballot => ballot_events.push((payload()?, r.index)),
            EventType::EndBallots => ballots_closed = true,
            EventType::EncryptedTally => tally_event = Some(payload()?),
            EventType::PartialDecryption => pd_events.push((payload()?, r.index)),
            EventType::Result => result_event = Some(payload()?),
            EventType::Shuffle | EventType::EndShuffles => {}
        }
    }
    let setup = setup.ok_or_else(|| VerifyError {
        location: Location::Archive,
        error: Error::invalid("no Setup event"),
    })?;

    // 3. Setup: election, trustees, credentials.
    let setup: archive::SetupData = serde_json::from_str(setup)
        .map_err(|e| Error::json("setup data", e))
        .map_err(at(Location::Archive))?;
    let election_raw = chain
        .get(&setup.election)
        .and_then(|b| utf8(b, "election"))
        .map_err(at(Location::Archive))?;
    let ctx = ElectionContext::from_raw(election_raw).map_err(at(Location::Election))?;
    let group = ctx.group();
    let trustees_raw = chain
        .get(&setup.trustees)
        .and_then(|b| utf8(b, "trustees"))
        .map_err(at(Location::Trustees))?;
    let trustees = trustees::parse_trustees(trustees_raw).map_err(at(Location::Trustees))?;
    trustees::check_trustees(group, &trustees).map_err(at(Location::Trustees))?;
    let combined = trustees::combine_keys(group, &trustees).map_err(at(Location::Trustees))?;
    if combined != ctx.election().public_key() {
        return Err(VerifyError {
            location: Location::Trustees,
            error: Error::invalid("the election public key is not the trustees' combined key"),
        });
    }
    let creds_raw = chain
        .get(&setup.credentials)
        .map_err(at(Location::Credentials))?;
    let creds: Vec<String> = serde_json::from_slice(creds_raw)
        .map_err(|e| Error::json("public credentials", e))
        .map_err(at(Location::Credentials))?;
    let mut weights: HashMap<Elem, Weight> = HashMap::with_capacity(creds.len());
    for (i, line) in creds.iter().enumerate() {
        let c = PublicCredential::parse(line).map_err(at(Location::Credentials))?;
        group
            .check_element(&c.key, &format!("public credential #{i}"))
            .map_err(at(Location::Credentials))?;
        if weights.insert(c.key, c.weight()).is_some() {
            return Err(VerifyError {
                location: Location::Credentials,
                error: Error::invalid(format!("duplicate credential #{i}")),
            });
        }
    }
    let max_weight: u64 = weights.values().map(|w| w.0).fold(0, u64::saturating_add);
    if max_weight > MAX_TOTAL_WEIGHT {
        return Err(VerifyError {
            location: Location::Credentials,
            error: Error::invalid("total weight of the credentials is too large"),
        });
    }

    // 4. Ballots.
    let raws: Vec<&str> = ballot_events.iter().map(|(b, _)| *b).collect();
    let results = verify_ballots(&ctx, &raws);
    if results.len() != raws.len() {
        return Err(VerifyError {
            location: Location::Archive,
            error: Error::invalid("ballot verifier returned the wrong number of results"),
        });
    }
    let mut verified = Vec::with_capacity(raws.len());
    for (position, (res, (raw, record))) in results.into_iter().zip(&ballot_events).enumerate() {
        let loc = || Location::Ballot {
            position,
            record: *record,
            tracker: super::ballot::tracker(raw),
        };
        let b = res.map_err(|error| VerifyError {
            location: loc(),
            error,
        })?;
        if !weights.contains_key(&b.credential) {
            return Err(VerifyError {
                location: loc(),
                error: Error::invalid("invalid credential"),
            });
        }
        verified.push(b);
    }
    let last = tally::last_ballots(verified.iter().map(|b| (b.credential, &b.ciphertexts)));
    let weighted: Vec<(Weight, &Vec<Vec<_>>)> = last
        .iter()
        .map(|(c, cts)| (weights.get(c).copied().unwrap_or(Weight::ONE), *cts))
        .collect();
    let tally = ctx
        .compute_tally(&weighted)
        .map_err(at(Location::EncryptedTally))?;

    // 5. Stored encrypted tally (not checked by belenios-tool 2.0).
    if let Some(sized_raw) = tally_event {
        let sized: SizedEncryptedTally = serde_json::from_str(sized_raw)
            .map_err(|e| Error::json("sized encrypted tally", e))
            .map_err(at(Location::EncryptedTally))?;
        let stored = chain
            .get_str(&sized.encrypted_tally)
            .and_then(decryption::parse_encrypted_tally)
            .map_err(at(Location::EncryptedTally))?;
        let mismatch = if stored != tally.encrypted_tally {
            Some("the stored encrypted tally differs from the ballots' tally")
        } else if sized.num_tallied != tally.num_tallied {
            Some("num_tallied differs from the number of tallied ballots")
        } else if sized.total_weight != tally.total_weight {
            Some("total_weight differs from the weight of the tallied ballots")
        } else {
            None
        };
        if let Some(m) = mismatch {
            return Err(VerifyError {
                location: Location::EncryptedTally,
                error: Error::invalid(m),
            });
        }
    }

    // 6. Partial decryptions and result.
    let mut pds: Vec<(u32, PartialDecryption)> = Vec::with_capacity(pd_events.len());
    for (raw, record) in &pd_events {
        let owned: Owned = serde_json::from_str(raw)
            .map_err(|e| Error::json("owned partial decryption", e))
            .map_err(at(Location::PartialDecryption {
                owner: 0,
                record: *record,
            }))?;
        let loc = Location::PartialDecryption {
            owner: owned.owner,
            record: *record,
        };
        let pd = chain
            .get_str(&owned.payload)
            .and_then(decryption::parse_partial_decryption)
            .map_err(at(loc))?;
        pds.push((owned.owner, pd));
    }
    let mut result = None;
    if let Some(result_raw) = result_event {
        let refs: Vec<(u32, &PartialDecryption)> = pds.iter().map(|(o, p)| (*o, p)).collect();
        // Attribute a failing share to its owner for the report.
        let keys = trustees::flattened_keys(&trustees);
        for ((owner, pd), (_, record)) in pds.iter().zip(&pd_events) {
            if let Some(k) = (*owner as usize).checked_sub(1).and_then(|i| keys.get(i)) {
                ctx.verify_partial_decryption(&tally.encrypted_tally, k, pd)
                    .map_err(at(Location::PartialDecryption {
                        owner: *owner,
                        record: *record,
                    }))?;
            }
        }
        let factors = ctx
            .combine_partial_decryptions(&tally.encrypted_tally, &trustees, &refs)
            .map_err(at(Location::Result))?;
        let r: ElectionResult = serde_json::from_str(result_raw)
            .map_err(|e| Error::json("result", e))
            .map_err(at(Location::Result))?;
        ctx.check_result(&tally.encrypted_tally, &factors, &r)
            .map_err(at(Location::Result))?;
        result = Some(r.counts());
    }

    Ok(Report {
        uuid: ctx.election().uuid().to_owned(),
        fingerprint: ctx.election().fingerprint().to_owned(),
        num_voters: weights.len(),
        num_ballots: verified.len(),
        num_tallied: last.len(),
        total_weight: tally.total_weight.0,
        trackers: verified.into_iter().map(|b| b.tracker).collect(),
        ballots_closed,
        has_encrypted_tally: tally_event.is_some(),
        partial_decryptions: pds.iter().map(|(o, _)| *o).collect(),
        result,
    })
}
