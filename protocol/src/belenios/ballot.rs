//! Ballots of homomorphic questions: creation, verification, trackers.
//!
//! `doc/specification.tex`, sections "Encrypted answers", "Proofs of interval membership",
//! "Proofs for blank votes", "Signatures" and "Ballots"; FORMAT.md §4 (ballot) and §5;
//! `src/lib/v1/question_h.ml` and `election.ml`.
//!
//! For each question a ballot holds one ciphertext per choice (a blank-allowed question has an
//! extra leading slot meaning "blank"), an *individual proof* per ciphertext that it encrypts 0
//! or 1, and an *overall proof* that the number of selected answers lies in `[min, max]`. For
//! a blank-allowed question the *blank proof* shows `m0 = 0 ∨ mΣ = 0` and the overall proof
//! shows `m0 = 1 ∨ mΣ ∈ [min, max]`. All proofs are bound to `S0 = φ|credential` (individual) or
//! `S = S0|α1,β1,…` (overall, blank), so a proof cannot be moved to another ballot, election
//! or voter. The ballot is signed with a Schnorr signature under the voter's credential over
//! the SHA-256 of the ballot serialized without its signature.
//!
//! Verification is strict: the JSON must be byte-identical to its canonical re-serialization
//! (struct field order is the Belenios order), every element is checked for group membership,
//! every scalar for range, every length against the question.

use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use super::credential;
use super::election::{ElectionContext, Question};
use super::elgamal::{Ciphertext, EncryptionKey, mul_mont};
use super::error::{Error, ProofKind};
use super::group::{Elem, Group, Mont, SecretScalar};
use super::hash::{self, sha256_b64, sha256_hex};
use super::num::{self, Uint};
use super::proofs::{self, Branch, DisjFailure, DisjStatement, Disjunct, Proof};
use super::rng::{RandomSource, random_scalar};

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// One ElGamal ciphertext per choice, the blank slot first when the question allows blank
    /// votes.
    pub choices: Vec<Ciphertext>,
    /// For each ciphertext, the disjunctive proof (two branches) that it encrypts 0 or 1.
    pub individual_proofs: Vec<Vec<Proof>>,
    /// The disjunctive proof that the number of selected answers lies in `[min, max]` (with a blank
    /// slot: that the vote is blank or within the bounds).
    pub overall_proof: Vec<Proof>,
    /// With a blank slot only: the proof that either the vote is not blank or no answer is
    /// selected; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank_proof: Option<Vec<Proof>>,
}

/// `{"hash":B64,"proof":{…}}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSignature {
    /// `B64(SHA256(ballot without its signature))`, the hash that is signed.
    pub hash: String,
    /// The Schnorr signature (`sig|<hash>|`) under the secret behind the ballot's `credential`.
    pub proof: Proof,
}

/// A ballot, fields in Belenios order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// The uuid of the election the ballot is for.
    pub election_uuid: String,
    /// The election's fingerprint `φ`, binding the ballot to the exact election file.
    pub election_hash: String,
    /// The voter's public credential: the public key the ballot is signed with.
    pub credential: Elem,
    /// One answer per question of the election, in order.
    pub answers: Vec<Answer>,
    /// The signature; absent only while the ballot is being signed (a cast ballot without one is
    /// refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<BallotSignature>,
}

impl Ballot {
    /// Canonical compact JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::json("ballot", e))
    }

    /// `B64(SHA256(ballot without its signature))`: the hash the signature commits to.
    pub fn signature_hash(&self) -> Result<String, Error> {
        let unsigned = Ballot {
            signature: None,
            ..self.clone()
        };
        Ok(sha256_b64(unsigned.to_json()?.as_bytes()))
    }
}

/// The smart ballot tracker: `B64(SHA256(ballot JSON))`, FORMAT.md §4.
pub fn tracker(raw_ballot: &str) -> String {
    sha256_b64(raw_ballot.as_bytes())
}

/// A plaintext vote: per question, one 0/1 per choice (blank slot first when allowed).
pub type Plaintext = Vec<Vec<u32>>;

/// What the verifier keeps of a valid ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedBallot {
    /// The public credential that signed the ballot.
    pub credential: Elem,
    /// The smart ballot tracker (base64).
    pub tracker: String,
    /// The hex SHA-256 of the ballot (archive record name, ballot summary).
    pub hash: String,
    /// The ciphertexts, per question and choice.
    pub ciphertexts: Vec<Vec<Ciphertext>>,
}

fn s0(fingerprint: &str, credential: &Elem) -> String {
    format!("{fingerprint}|{credential}")
}

fn s_full(s0: &str, choices: &[Ciphertext]) -> String {
    let mut s = String::with_capacity(s0.len() + choices.len() * 1240);
    s.push_str(s0);
    s.push('|');
    for (i, c) in choices.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&c.alpha.to_decimal());
        s.push(',');
        s.push_str(&c.beta.to_decimal());
    }
    s
}

fn prove_prefix(s: &str, c: &Ciphertext) -> String {
    format!("{}|{}|{},{}|", hash::PROVE_PREFIX, s, c.alpha, c.beta)
}

/// The branches of an individual proof: `m = 0` (`β`) or `m = 1` (`β/g`).
fn individual_branches(group: &Group, c: &(Mont, Mont)) -> [Disjunct; 2] {
    let ginv = group.g_pow_neg_small(1);
    [
        Disjunct {
            alpha: c.0,
            beta: c.1,
        },
        Disjunct {
            alpha: c.0,
            beta: c.1.mul(&ginv),
        },
    ]
}

/// Branches `M = from..=to` on ciphertext `c`: `(α, β·g^{-M})`.
fn range_branches(group: &Group, c: &(Mont, Mont), from: u32, to: u32) -> Vec<Disjunct> {
    let ginv = group.g_pow_neg_small(1);
    let mut beta = c.1.mul(&group.g_pow_neg_small(u64::from(from)));
    let mut out = Vec::with_capacity((to - from + 1) as usize);
    for _ in from..=to {
        out.push(Disjunct { alpha: c.0, beta });
        beta = beta.mul(&ginv);
    }
    out
}

fn product(group: &Group, cs: &[(Mont, Mont)]) -> (Mont, Mont) {
    cs.iter()
        .fold((group.one(), group.one()), |acc, c| mul_mont(&acc, c))
}

fn check_plaintext(q: &Question, m: &[u32], i: usize) -> Result<(), Error> {
    let bad = || Error::invalid(format!("invalid plaintext for question {i}"));
    if m.len() != q.num_choices() || m.iter().any(|&x| x > 1) {
        return Err(bad());
    }
    let (m0, rest) = if q.has_blank() {
        (m[0], &m[1..])
    } else {
        (0, m)
    };
    let sum: u32 = rest.iter().sum();
    let ok = if m0 == 1 {
        sum == 0
    } else {
        q.min <= sum && sum <= q.max
    };
    if ok { Ok(()) } else { Err(bad()) }
}

fn secret_small(x: u32) -> SecretScalar {
    SecretScalar::from_reduced(num::from_u64(u64::from(x)))
}

fn create_answer(
    key: &EncryptionKey,
    s0: &str,
    q: &Question,
    m: &[u32],
    rng: &mut dyn RandomSource,
) -> Result<Answer, Error> {
    let group = key.group();
    let n = m.len();
    let mut rs = Vec::with_capacity(n);
    for _ in 0..n {
        rs.push(random_scalar(group, rng)?);
    }
    let choices: Vec<Ciphertext> = m
        .iter()
        .zip(&rs)
        .map(|(&mi, r)| key.encrypt(r, &secret_small(mi)))
        .collect();
    let monts: Vec<(Mont, Mont)> = choices.iter().map(|c| c.to_mont(group)).collect();
    let mut individual_proofs = Vec::with_capacity(n);
    for ((c, cm), (&mi, r)) in choices.iter().zip(&monts).zip(m.iter().zip(&rs)) {
        let branches = individual_branches(group, cm);
        let prefix = prove_prefix(s0, c);
        individual_proofs.push(proofs::disj_prove(
            key,
            &prefix,
            &branches,
            mi as usize,
            r,
            rng,
        )?);
    }
    let s = s_full(s0, &choices);
    let sum_r = |rs: &[SecretScalar]| {
        SecretScalar::from_reduced(
            rs.iter()
                .fold(Uint::ZERO, |acc, r| group.scalar_add(&acc, &r.0)),
        )
    };
    if q.has_blank() {
        let m0 = m[0];
        let m_sum: u32 = m[1..].iter().sum();
        let c0 = monts[0];
        let cs = product(group, &monts[1..]);
        let r0 = &rs[0];
        let r_sum = sum_r(&rs[1..]);
        let is_blank = (m0 as u64).ct_eq(&1);
        // Blank proof: m0 = 0 (branch 0, randomness r0) ∨ mΣ = 0 (branch 1, randomness rΣ).
        let blank_branches = [
            Disjunct {
                alpha: c0.0,
                beta: c0.1,
            },
            Disjunct {
                alpha: cs.0,
                beta: cs.1,
            },
        ];
        let r_blank =
            SecretScalar::from_reduced(Uint::conditional_select(&r0.0, &r_sum.0, is_blank));
        let blank_prefix = format!("{}|{}|", hash::BPROOF0_PREFIX, s);
        let blank_proof = proofs::disj_prove(
            key,
            &blank_prefix,
            &blank_branches,
            m0 as usize,
            &r_blank,
            rng,
        )?;
        // Overall proof: m0 = 1 (branch 0, on β0/g) ∨ mΣ = M for M in min..=max.
        let mut branches = vec![Disjunct {
            alpha: c0.0,
            beta: c0.1.mul(&group.g_pow_neg_small(1)),
        }];
        branches.extend(range_branches(group, &cs, q.min, q.max));
        let real = (1 - m0).wrapping_mul(m_sum.wrapping_add(1).wrapping_sub(q.min)) as usize;
        let r_overall =
            SecretScalar::from_reduced(Uint::conditional_select(&r_sum.0, &r0.0, is_blank));
        let overall_prefix = format!("{}|{}|", hash::BPROOF1_PREFIX, s);
        let overall_proof =
            proofs::disj_prove(key, &overall_prefix, &branches, real, &r_overall, rng)?;
        Ok(Answer {
            choices,
            individual_proofs,
            overall_proof,
            blank_proof: Some(blank_proof),
        })
    } else {
        let m_sum: u32 = m.iter().sum();
        let cs = product(group, &monts);
        let r_sum = sum_r(&rs);
        let sum_c = Ciphertext::from_mont(group, &cs);
        let branches = range_branches(group, &cs, q.min, q.max);
        let prefix = prove_prefix(&s, &sum_c);
        let overall_proof = proofs::disj_prove(
            key,
            &prefix,
            &branches,
            (m_sum - q.min) as usize,
            &r_sum,
            rng,
        )?;
        Ok(Answer {
            choices,
            individual_proofs,
            overall_proof,
            blank_proof: None,
        })
    }
}

fn verify_answer(
    key: &EncryptionKey,
    s0: &str,
    q: &Question,
    a: &Answer,
    qi: usize,
) -> Result<(), Error> {
    let group = key.group();
    let n = q.num_choices();
    if a.choices.len() != n || a.individual_proofs.len() != n {
        return Err(Error::invalid(format!(
            "question {qi}: wrong number of choices"
        )));
    }
    if a.blank_proof.is_some() != q.has_blank() {
        return Err(Error::invalid(format!(
            "question {qi}: blank proof presence does not match the question"
        )));
    }
    const INDIVIDUAL: [Branch; 2] = [Branch { base: 0, offset: 0 }, Branch { base: 0, offset: 1 }];
    let mut monts = Vec::with_capacity(n);
    for (ci, (c, p)) in a.choices.iter().zip(&a.individual_proofs).enumerate() {
        match proofs::disj_verify(
            key,
            &prove_prefix(s0, c),
            &[(c.alpha, c.beta)],
            &INDIVIDUAL,
            p,
            true,
        ) {
            Ok(()) => {}
            Err(DisjFailure::NotInGroup) => {
                return Err(Error::NotInGroup(format!(
                    "question {qi} choice {ci} ciphertext"
                )));
            }
            Err(DisjFailure::Proof) => {
                return Err(Error::Proof(ProofKind::Individual {
                    question: qi,
                    choice: ci,
                }));
            }
        }
        monts.push(c.to_mont(group));
    }
    let s = s_full(s0, &a.choices);
    let range = |base: usize, offset0: u64| {
        (q.min..=q.max).map(move |m| Branch {
            base,
            offset: u64::from(m) + offset0,
        })
    };
    match &a.blank_proof {
        Some(blank_proof) => {
            let c0 = (a.choices[0].alpha, a.choices[0].beta);
            let cs = Ciphertext::from_mont(group, &product(group, &monts[1..]));
            let bases = [c0, (cs.alpha, cs.beta)];
            let blank_branches = [Branch { base: 0, offset: 0 }, Branch { base: 1, offset: 0 }];
            let blank_prefix = format!("{}|{}|", hash::BPROOF0_PREFIX, s);
            let mut branches = vec![Branch { base: 0, offset: 1 }];
            branches.extend(range(1, 0));
            let overall_prefix = format!("{}|{}|", hash::BPROOF1_PREFIX, s);
            // Both proofs are about (c0, cΣ): their powers are computed together.
            let statements = [
                DisjStatement {
                    prefix: &blank_prefix,
                    branches: &blank_branches,
                    proofs: blank_proof,
                },
                DisjStatement {
                    prefix: &overall_prefix,
                    branches: &branches,
                    proofs: &a.overall_proof,
                },
            ];
            proofs::disj_verify_many(key, &bases, &statements, false).map_err(|(si, _)| {
                Error::Proof(if si == 0 {
                    ProofKind::Blank { question: qi }
                } else {
                    ProofKind::Overall { question: qi }
                })
            })?;
        }
        None => {
            let sum_c = Ciphertext::from_mont(group, &product(group, &monts));
            let branches: Vec<Branch> = range(0, 0).collect();
            proofs::disj_verify(
                key,
                &prove_prefix(&s, &sum_c),
                &[(sum_c.alpha, sum_c.beta)],
                &branches,
                &a.overall_proof,
                false,
            )
            .map_err(|_| Error::Proof(ProofKind::Overall { question: qi }))?;
        }
    }
    Ok(())
}

impl ElectionContext {
    /// Creates a ballot (`create_ballot`): encrypts `plaintext`, proves it well-formed and
    /// signs it with the secret derived from `credential`. Returns the canonical JSON.
    pub fn create_ballot(
        &self,
        credential: &str,
        plaintext: &[Vec<u32>],
        rng: &mut dyn RandomSource,
    ) -> Result<String, Error> {
        let election = self.election();
        let group = self.group();
        let questions = election.questions();
        if plaintext.len() != questions.len() {
            return Err(Error::invalid(
                "plaintext has the wrong number of questions",
            ));
        }
        for (i, (q, m)) in questions.iter().zip(plaintext).enumerate() {
            check_plaintext(q, m, i)?;
        }
        let sk = credential::derive_secret(group, election.uuid(), credential);
        let cred = sk.public(group);
        let s0 = s0(election.fingerprint(), &cred);
        let answers = questions
            .iter()
            .zip(plaintext)
            .map(|(q, m)| create_answer(self.key(), &s0, q, m, rng))
            .collect::<Result<Vec<_>, _>>()?;
        let mut ballot = Ballot {
            election_uuid: election.uuid().to_owned(),
            election_hash: election.fingerprint().to_owned(),
            credential: cred,
            answers,
            signature: None,
        };
        self.sign_ballot(&mut ballot, credential, rng)?;
        ballot.to_json()
    }

    /// (Re)computes the Schnorr signature of a ballot (`sig|<hash>|`) with the secret derived
    /// from `credential`; the ballot's `credential` field is set to the matching public key.
    pub fn sign_ballot(
        &self,
        ballot: &mut Ballot,
        credential: &str,
        rng: &mut dyn RandomSource,
    ) -> Result<(), Error> {
        let group = self.group();
        let sk = credential::derive_secret(group, self.election().uuid(), credential);
        ballot.credential = sk.public(group);
        ballot.signature = None;
        let hash = ballot.signature_hash()?;
        let proof = proofs::schnorr_prove(group, &proofs::sig_prefix(&hash), &sk, rng)?;
        ballot.signature = Some(BallotSignature { hash, proof });
        Ok(())
    }

    /// Verifies a ballot as `belenios-tool` does when casting it (`check_ballot` plus the
    /// canonical-form check). Whether the credential is on the voter list is the caller's
    /// business (it needs the list). Independent of every other ballot: callers may run it on
    /// many threads with one shared context.
    pub fn verify_ballot(&self, raw: &str) -> Result<VerifiedBallot, Error> {
        let election = self.election();
        let group = self.group();
        let ballot: Ballot = serde_json::from_str(raw).map_err(|e| Error::json("ballot", e))?;
        if ballot.to_json()? != raw {
            return Err(Error::NonCanonical { what: "ballot" });
        }
        if ballot.election_uuid != election.uuid() {
            return Err(Error::invalid("ballot for another election (uuid)"));
        }
        if ballot.election_hash != election.fingerprint() {
            return Err(Error::invalid("ballot for another election (fingerprint)"));
        }
        let signature = ballot
            .signature
            .as_ref()
            .ok_or_else(|| Error::invalid("ballot without signature"))?;
        if signature.hash != ballot.signature_hash()? {
            return Err(Error::Proof(ProofKind::BallotSignature));
        }
        proofs::schnorr_verify_member(
            group,
            &proofs::sig_prefix(&signature.hash),
            &ballot.credential,
            &signature.proof,
            ProofKind::BallotSignature,
            "ballot credential",
        )?;
        let questions = election.questions();
        if ballot.answers.len() != questions.len() {
            return Err(Error::invalid("ballot has the wrong number of answers"));
        }
        let s0 = s0(election.fingerprint(), &ballot.credential);
        for (qi, (q, a)) in questions.iter().zip(&ballot.answers).enumerate() {
            verify_answer(self.key(), &s0, q, a, qi)?;
        }
        Ok(VerifiedBallot {
            credential: ballot.credential,
            tracker: tracker(raw),
            hash: sha256_hex(raw.as_bytes()),
            ciphertexts: ballot.answers.into_iter().map(|a| a.choices).collect(),
        })
    }
}
