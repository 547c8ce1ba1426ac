//! The key holder's side of each task, shared by the SPA (in the browser) and `voix trustee`
//! (offline): the same inputs ([`TrusteeWork`]) give the same messages.

use super::{TrusteeMessage, TrusteeTask, TrusteeWork};
use crate::belenios::Error;
use crate::belenios::decryption::parse_encrypted_tally;
use crate::belenios::election::ElectionContext;
use crate::belenios::group::Group;
use crate::belenios::pedersen::{self, TrusteeSeed, Vinput};
use crate::belenios::rng::RandomSource;
use crate::belenios::trustees::{CertKeys, SignedMsg};

/// The name proposed for a key file: the consultation's uuid and the key holder's
/// position, so an official holding several keys tells them apart.
pub fn key_file_name(work: &TrusteeWork) -> String {
    format!("voix-{}-key-{}.key", work.election_uuid, work.position)
}

/// The content of a key file: the seed, as Belenios writes `HASH.key` (secret!).
pub fn key_file_content(seed: &TrusteeSeed) -> String {
    format!("{}\n", seed.as_str())
}

/// Reads a key file (Belenios `.key`: the 22-character seed, final newline optional).
pub fn read_key_file(raw: &str) -> Result<TrusteeSeed, Error> {
    TrusteeSeed::parse(raw.trim())
}

fn certs(work: &TrusteeWork) -> Result<Vec<SignedMsg>, Error> {
    work.certs
        .iter()
        .map(|c| serde_json::from_str(c).map_err(|e| Error::json("certificate", e)))
        .collect()
}

fn message(work: &TrusteeWork, kind: TrusteeTask, payload: String) -> TrusteeMessage {
    TrusteeMessage {
        kind,
        election_uuid: work.election_uuid.clone(),
        payload,
        scopes: std::collections::BTreeMap::new(),
    }
}

/// Checks that `seed` is the key of this key holder (its certificate is the one at its
/// position), so a wrong file is named as such before anything is computed.
pub fn check_key(work: &TrusteeWork, seed: &TrusteeSeed) -> Result<(), Error> {
    let group = Group::by_name(&work.group)?;
    let certs = certs(work)?;
    let mine = seed.keys(group).cert_keys(group);
    let cert = usize::try_from(work.position)
        .ok()
        .and_then(|p| p.checked_sub(1))
        .and_then(|i| certs.get(i))
        .ok_or_else(|| Error::invalid("no certificate at this position"))?;
    let keys: CertKeys =
        serde_json::from_str(&cert.message).map_err(|e| Error::json("certificate", e))?;
    if keys != mine {
        return Err(Error::invalid(
            "this key file is not the key of this key holder for this consultation",
        ));
    }
    Ok(())
}

/// Step 1: a fresh key and the message carrying its certificate. The caller keeps the
/// seed (the key file) and sends only the message.
pub fn certificate(
    work: &TrusteeWork,
    rng: &mut dyn RandomSource,
) -> Result<(TrusteeSeed, TrusteeMessage), Error> {
    let group = Group::by_name(&work.group)?;
    let (seed, cert) = pedersen::step1(group, rng)?;
    let payload = pedersen::to_json(&cert, "certificate")?;
    Ok((seed, message(work, TrusteeTask::Certificate, payload)))
}

/// The message of the current task that needs the key (`polynomial`, `voutput`,
/// `decrypt`), computed with `seed`.
pub fn perform(
    work: &TrusteeWork,
    seed: &TrusteeSeed,
    rng: &mut dyn RandomSource,
) -> Result<TrusteeMessage, Error> {
    let group = Group::by_name(&work.group)?;
    check_key(work, seed)?;
    let certs = certs(work)?;
    let mut scopes = std::collections::BTreeMap::new();
    let payload = match work.task {
        TrusteeTask::Polynomial => {
            let threshold = usize::try_from(work.threshold)
                .map_err(|_| Error::invalid("threshold too large"))?;
            let p = pedersen::step3(group, &certs, seed, threshold, rng)?;
            pedersen::to_json(&p, "polynomial")?
        }
        TrusteeTask::Voutput => {
            let raw = work
                .vinput
                .as_deref()
                .ok_or_else(|| Error::invalid("the vinput is missing"))?;
            let vinput: Vinput = serde_json::from_str(raw).map_err(|e| Error::json("vinput", e))?;
            let v = pedersen::step5(group, &certs, seed, &vinput, rng)?;
            pedersen::to_json(&v, "voutput")?
        }
        TrusteeTask::Decrypt => {
            let missing = || Error::invalid("the election, tally or dkey is missing");
            let ctx = ElectionContext::from_raw(work.election.as_deref().ok_or_else(missing)?)?;
            let tally =
                parse_encrypted_tally(work.encrypted_tally.as_deref().ok_or_else(missing)?)?;
            let dkey = work.dkey.as_deref().ok_or_else(missing)?;
            let pd = ctx.compute_threshold_partial_decryption(&tally, seed, dkey, rng)?;
            // Each district tally: its own partial decryption, same key.
            for (district, raw) in &work.district_tallies {
                let tally = parse_encrypted_tally(raw)?;
                let pd = ctx.compute_threshold_partial_decryption(&tally, seed, dkey, rng)?;
                scopes.insert(
                    district.clone(),
                    pedersen::to_json(&pd, "partial decryption")?,
                );
            }
            pedersen::to_json(&pd, "partial decryption")?
        }
        TrusteeTask::Certificate | TrusteeTask::Wait | TrusteeTask::Done => {
            return Err(Error::invalid(
                "nothing to compute with the key for this task",
            ));
        }
    };
    let mut msg = message(work, work.task, payload);
    msg.scopes = scopes;
    Ok(msg)
}
