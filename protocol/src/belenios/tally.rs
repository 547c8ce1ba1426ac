//! The homomorphic encrypted tally.
//!
//! `doc/specification.tex`, section "Tally"; FORMAT.md §5 (Tally). Only the *last* ballot of
//! each credential counts (revotes replace earlier ballots, `last(B)`); each of its ciphertexts
//! is raised to the credential's weight and all are multiplied, question by question and choice
//! by choice. The result is the `encrypted_tally` record; the `sized` record adds
//! `num_tallied` (distinct credentials) and `total_weight`, which bounds every count and so the
//! discrete logarithm search of the result.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::election::ElectionContext;
use super::elgamal::Ciphertext;
use super::error::Error;
use super::group::{Elem, Mont};
use super::hash::sha256_hex;
use super::num;
use super::weight::{MAX_TOTAL_WEIGHT, Weight};

/// Per question, per choice (blank slot included): `[[{"alpha":G,"beta":G}…]…]`.
pub type EncryptedTally = Vec<Vec<Ciphertext>>;

/// `{"num_tallied":N,"total_weight":W,"encrypted_tally":H}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizedEncryptedTally {
    /// Number of ballots tallied: one per credential that voted (the last ballot of each).
    pub num_tallied: u64,
    /// Sum of the weights of the tallied ballots; it bounds every count.
    pub total_weight: Weight,
    /// Hex SHA-256 of the encrypted tally's data record.
    pub encrypted_tally: String,
}

/// A tally with its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Per question, per choice: the product of the (weighted) ciphertexts of the tallied ballots.
    pub encrypted_tally: EncryptedTally,
    /// Number of ballots tallied: one per credential that voted (the last ballot of each).
    pub num_tallied: u64,
    /// Sum of the weights of the tallied ballots; it bounds every count.
    pub total_weight: Weight,
}

impl Tally {
    /// The compact JSON of the encrypted tally.
    pub fn encrypted_tally_json(&self) -> Result<String, Error> {
        serde_json::to_string(&self.encrypted_tally).map_err(|e| Error::json("encrypted tally", e))
    }

    /// The `sized` record, pointing at the hash of [`Self::encrypted_tally_json`].
    pub fn sized(&self) -> Result<SizedEncryptedTally, Error> {
        Ok(SizedEncryptedTally {
            num_tallied: self.num_tallied,
            total_weight: self.total_weight,
            encrypted_tally: sha256_hex(self.encrypted_tally_json()?.as_bytes()),
        })
    }
}

/// Keeps the last ballot of each credential, in order of first appearance. `ballots` are
/// `(credential, ciphertexts)` in casting order.
pub fn last_ballots<'a>(
    ballots: impl IntoIterator<Item = (Elem, &'a Vec<Vec<Ciphertext>>)>,
) -> Vec<(Elem, &'a Vec<Vec<Ciphertext>>)> {
    let mut index: HashMap<Elem, usize> = HashMap::new();
    let mut out: Vec<(Elem, &'a Vec<Vec<Ciphertext>>)> = Vec::new();
    for (cred, cts) in ballots {
        match index.get(&cred) {
            Some(&i) => out[i].1 = cts,
            None => {
                index.insert(cred, out.len());
                out.push((cred, cts));
            }
        }
    }
    out
}

impl ElectionContext {
    /// Computes the encrypted tally of already-verified, already-deduplicated ballots, given
    /// with their weights (`process_ballots`).
    pub fn compute_tally(
        &self,
        ballots: &[(Weight, &Vec<Vec<Ciphertext>>)],
    ) -> Result<Tally, Error> {
        let group = self.group();
        let questions = self.election().questions();
        let mut acc: Vec<Vec<(Mont, Mont)>> = questions
            .iter()
            .map(|q| vec![(group.one(), group.one()); q.num_choices()])
            .collect();
        let mut total: u64 = 0;
        for (w, cts) in ballots {
            total = total
                .checked_add(w.0)
                .filter(|t| *t <= MAX_TOTAL_WEIGHT)
                .ok_or_else(|| Error::invalid("total weight too large"))?;
            if cts.len() != acc.len() || cts.iter().zip(&acc).any(|(c, a)| c.len() != a.len()) {
                return Err(Error::invalid("ballot does not match the election's shape"));
            }
            let e = num::from_u64(w.0);
            for (cq, aq) in cts.iter().zip(acc.iter_mut()) {
                for (c, a) in cq.iter().zip(aq.iter_mut()) {
                    let (mut al, mut be) = c.to_mont(group);
                    if w.0 != 1 {
                        al = al.pow_vartime(&e);
                        be = be.pow_vartime(&e);
                    }
                    a.0 = a.0.mul(&al);
                    a.1 = a.1.mul(&be);
                }
            }
        }
        Ok(Tally {
            encrypted_tally: acc
                .iter()
                .map(|q| q.iter().map(|c| Ciphertext::from_mont(group, c)).collect())
                .collect(),
            num_tallied: ballots.len() as u64,
            total_weight: Weight(total),
        })
    }
}
