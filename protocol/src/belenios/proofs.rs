//! Fiat–Shamir zero-knowledge proofs.
//!
//! `doc/specification.tex`, sections "Verification keys", "Public-key infrastructure",
//! "Proofs of interval membership", "Proofs for blank votes", "Signatures", "Partial
//! decryptions"; FORMAT.md §5. Every proof is a pair `(challenge, response)` of scalars with
//! `response = w − x·challenge mod q`; a verifier recomputes the commitments from the
//! statement, the challenge and the response, hashes them with the proof's domain-separation
//! prefix ([`super::hash`]) and compares. Verification first checks that challenge and
//! response are in `[0, q)` (`check_modulo`), so a proof has a single encoding.
//!
//! Three shapes are implemented:
//! * Schnorr proof of knowledge of `x` with `X = g^x` (trustee keys, PKI signatures, ballot
//!   signatures), commitment `A = g^w`;
//! * Chaum–Pedersen proof that `log_g X = log_α f` (decryption factors), commitments
//!   `A = g^w, B = α^w`;
//! * Cramer–Damgård–Schoenmakers disjunctive proof that, for one secret index `i`,
//!   `(α_i, β_i) = (g^r, y^r)` (encryption of 0/1 choices, min/max bounds, blank votes).
//!
//! Proving runs in constant time with respect to the secrets: for the disjunctive proof every
//! branch is computed by the same code (`A_i = g^{s_i}·α_i^{c_i}`, `B_i = y^{s_i}·β_i^{c_i}`), the
//! genuine branch using `(c, s) = (0, w)` chosen by constant-time selection, so neither timing
//! nor the sequence of operations reveals which disjunct is true.

use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

use super::elgamal::EncryptionKey;
use super::error::{Error, ProofKind};
use super::group::{Elem, Group, Mont, Scalar, SecretScalar};
use super::hash::{self, hash_to_scalar};
use super::num::{self, Uint};
use super::rng::{RandomSource, random_scalar};

/// A proof `{"challenge":Zq,"response":Zq}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    /// The challenge `c`, a scalar modulo `q`.
    pub challenge: Scalar,
    /// The response `s`, a scalar modulo `q`.
    pub response: Scalar,
}

/// `pok|<group>|<X>|`
pub fn pok_prefix(group: &Group, x: &Elem) -> String {
    format!("{}|{}|{}|", hash::POK_PREFIX, group.name(), x)
}

/// `sigmsg|<message>|`
pub fn sigmsg_prefix(message: &str) -> String {
    format!("{}|{}|", hash::SIGMSG_PREFIX, message)
}

/// `sig|<hash>|`
pub fn sig_prefix(hash: &str) -> String {
    format!("{}|{}|", hash::SIG_PREFIX, hash)
}

/// `decrypt|<φ>|<X>|`
pub fn decrypt_prefix(fingerprint: &str, x: &Elem) -> String {
    format!("{}|{}|{}|", hash::DECRYPT_PREFIX, fingerprint, x)
}

fn check_scalars(group: &Group, p: &Proof) -> bool {
    group.is_scalar(&p.challenge) && group.is_scalar(&p.response)
}

/// Schnorr proof of knowledge of `x` (`X = g^x`) bound to `prefix`.
pub(crate) fn schnorr_prove(
    group: &Group,
    prefix: &str,
    x: &SecretScalar,
    rng: &mut dyn RandomSource,
) -> Result<Proof, Error> {
    let w = random_scalar(group, rng)?;
    let a = group.elem_of(&group.g_pow_ct(&w.0));
    let challenge = hash_to_scalar(group, prefix, &[a]);
    let response = Scalar(group.response(&w, x, &challenge.0));
    Ok(Proof {
        challenge,
        response,
    })
}

/// Verifies a Schnorr proof: `challenge == H(prefix, [g^response · X^challenge])`.
/// The caller is responsible for checking that `X` is a group element where the
/// specification requires it.
pub(crate) fn schnorr_verify(
    group: &Group,
    prefix: &str,
    x: &Elem,
    proof: &Proof,
    kind: ProofKind,
) -> Result<(), Error> {
    if !check_scalars(group, proof) {
        return Err(Error::Proof(kind));
    }
    let a = group
        .g_pow_vartime(&proof.response.0)
        .mul(&group.pow_vartime(&group.to_mont(x), &proof.challenge.0));
    if hash_to_scalar(group, prefix, &[group.elem_of(&a)]) == proof.challenge {
        Ok(())
    } else {
        Err(Error::Proof(kind))
    }
}

/// Checks that `X` is a group element (failing with [`Error::NotInGroup`] naming `what`) and
/// verifies a Schnorr proof for it, exactly like [`Group::check_element`] followed by
/// [`schnorr_verify`], but computing `X^q` and `X^challenge` in one multi-exponentiation.
pub(crate) fn schnorr_verify_member(
    group: &Group,
    prefix: &str,
    x: &Elem,
    proof: &Proof,
    kind: ProofKind,
    what: &str,
) -> Result<(), Error> {
    if group.is_safe_prime() || !check_scalars(group, proof) || !group.below_p(x) {
        group.check_element(x, what)?;
        return schnorr_verify(group, prefix, x, proof, kind);
    }
    let pw = group.pow_many_vartime(&group.to_mont(x), &[group.q_uint(), &proof.challenge.0]);
    if pw[0] != group.one() {
        return Err(Error::NotInGroup(what.to_owned()));
    }
    let a = group.g_pow_vartime(&proof.response.0).mul(&pw[1]);
    if hash_to_scalar(group, prefix, &[group.elem_of(&a)]) == proof.challenge {
        Ok(())
    } else {
        Err(Error::Proof(kind))
    }
}

/// Chaum–Pedersen proof that `f = α^x` for the `x` of `X = g^x`.
pub(crate) fn dleq_prove(
    group: &Group,
    prefix: &str,
    x: &SecretScalar,
    alpha: &Mont,
    rng: &mut dyn RandomSource,
) -> Result<Proof, Error> {
    let w = random_scalar(group, rng)?;
    let a = group.elem_of(&group.g_pow_ct(&w.0));
    let b = group.elem_of(&group.pow_ct(alpha, &w.0));
    let challenge = hash_to_scalar(group, prefix, &[a, b]);
    let response = Scalar(group.response(&w, x, &challenge.0));
    Ok(Proof {
        challenge,
        response,
    })
}

/// Verifies a Chaum–Pedersen proof: with `A = g^r·X^c`, `B = α^r·f^c`, `c == H(prefix, [A, B])`.
pub(crate) fn dleq_verify(
    group: &Group,
    prefix: &str,
    x: &Mont,
    alpha: &Mont,
    f: &Mont,
    proof: &Proof,
    kind: ProofKind,
) -> Result<(), Error> {
    if !check_scalars(group, proof) {
        return Err(Error::Proof(kind));
    }
    let c = &proof.challenge.0;
    let r = &proof.response.0;
    let a = group.g_pow_vartime(r).mul(&group.pow_vartime(x, c));
    let b = group.pow_vartime(alpha, r).mul(&group.pow_vartime(f, c));
    if hash_to_scalar(group, prefix, &[group.elem_of(&a), group.elem_of(&b)]) == proof.challenge {
        Ok(())
    } else {
        Err(Error::Proof(kind))
    }
}

/// One branch of a disjunctive proof: the claim `(α, β) = (g^r, y^r)`, where `β` already has
/// the branch's plaintext offset divided out.
#[derive(Clone, Copy)]
pub(crate) struct Disjunct {
    pub alpha: Mont,
    pub beta: Mont,
}

/// Proves that branch `real` of `branches` holds with randomness `r`. Constant time in `real`
/// and `r`.
pub(crate) fn disj_prove(
    key: &EncryptionKey,
    prefix: &str,
    branches: &[Disjunct],
    real: usize,
    r: &SecretScalar,
    rng: &mut dyn RandomSource,
) -> Result<Vec<Proof>, Error> {
    let group = key.group();
    let w = random_scalar(group, rng)?;
    let mut cs: Vec<Uint> = Vec::with_capacity(branches.len());
    let mut ss: Vec<Uint> = Vec::with_capacity(branches.len());
    let mut commitments = Vec::with_capacity(2 * branches.len());
    let mut sum = Uint::ZERO;
    for (i, b) in branches.iter().enumerate() {
        let fake_c = random_scalar(group, rng)?;
        let fake_s = random_scalar(group, rng)?;
        let is_real = (i as u64).ct_eq(&(real as u64));
        let c = Uint::conditional_select(&fake_c.0, &Uint::ZERO, is_real);
        let s = Uint::conditional_select(&fake_s.0, &w.0, is_real);
        let a = group.g_pow_ct(&s).mul(&group.pow_ct(&b.alpha, &c));
        let bb = key.y_pow_ct(&s).mul(&group.pow_ct(&b.beta, &c));
        commitments.push(group.elem_of(&a));
        commitments.push(group.elem_of(&bb));
        sum = group.scalar_add(&sum, &c);
        cs.push(c);
        ss.push(s);
    }
    let h = hash_to_scalar(group, prefix, &commitments);
    let real_c = group.scalar_sub(&h.0, &sum);
    let real_s = group.response(&w, r, &real_c);
    let proofs: Vec<Proof> = cs
        .iter()
        .zip(&ss)
        .enumerate()
        .map(|(i, (c, s))| {
            let is_real = (i as u64).ct_eq(&(real as u64));
            Proof {
                challenge: Scalar(Uint::conditional_select(c, &real_c, is_real)),
                response: Scalar(Uint::conditional_select(s, &real_s, is_real)),
            }
        })
        .collect();
    // `ss` holds the nonce `w` at the genuine index.
    ss.zeroize();
    Ok(proofs)
}

/// A branch of a disjunctive proof as the verifier sees it: the claim is
/// `(α_k, β_k / g^offset) = (g^r, y^r)` for the ciphertext `bases[base]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Branch {
    pub base: usize,
    pub offset: u64,
}

/// Why a disjunctive proof was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisjFailure {
    /// A ciphertext component is not a group element (only with `check_membership`).
    NotInGroup,
    /// The proof does not verify.
    Proof,
}

/// Verifies a disjunctive proof (variable time: everything is public).
///
/// With `B_i = y^{s_i}·(β_k·g^{−M_i})^{c_i} = y^{s_i}·β_k^{c_i}·g^{−M_i·c_i}`, every power of a
/// ciphertext component shares its base with the other branches on the same ciphertext, so
/// they are computed together ([`Group::pow_many_vartime`]); when `check_membership` is set,
/// the membership exponent `q` joins them (or, for a safe prime, the Legendre symbol is used).
pub(crate) fn disj_verify(
    key: &EncryptionKey,
    prefix: &str,
    bases: &[(Elem, Elem)],
    branches: &[Branch],
    proofs: &[Proof],
    check_membership: bool,
) -> Result<(), DisjFailure> {
    disj_verify_many(
        key,
        bases,
        &[DisjStatement {
            prefix,
            branches,
            proofs,
        }],
        check_membership,
    )
    .map_err(|(_, f)| f)
}

/// One disjunctive proof over shared ciphertexts, for [`disj_verify_many`].
#[derive(Clone, Copy)]
pub(crate) struct DisjStatement<'a> {
    pub prefix: &'a str,
    pub branches: &'a [Branch],
    pub proofs: &'a [Proof],
}

/// Verifies several disjunctive proofs about the same ciphertexts `bases` (the blank and
/// overall proofs of a blank-allowed question), computing all powers of each ciphertext
/// component in one multi-exponentiation. Exactly as strict as verifying each statement with
/// [`disj_verify`]; on failure, returns the index of the first failing statement (membership
/// failures are reported with index 0).
pub(crate) fn disj_verify_many(
    key: &EncryptionKey,
    bases: &[(Elem, Elem)],
    statements: &[DisjStatement<'_>],
    check_membership: bool,
) -> Result<(), (usize, DisjFailure)> {
    let group = key.group();
    // Malformed statements fail in statement order, as if verified one after the other.
    let well_formed: Vec<bool> = statements
        .iter()
        .map(|st| {
            st.branches.len() == st.proofs.len()
                && st.branches.iter().all(|b| b.base < bases.len())
                && st.proofs.iter().all(|p| check_scalars(group, p))
        })
        .collect();
    if well_formed.first() == Some(&false) {
        return Err((0, DisjFailure::Proof));
    }
    let pow_q = check_membership && !group.is_safe_prime();
    if check_membership {
        for (a, b) in bases {
            if !group.below_p(a) || !group.below_p(b) {
                return Err((0, DisjFailure::NotInGroup));
            }
            if group.is_safe_prime() && !(group.is_element(a) && group.is_element(b)) {
                return Err((0, DisjFailure::NotInGroup));
            }
        }
    }
    // powers[si][i] = (α^{c_i}, β^{c_i}) of branch i of statement si.
    let mut powers: Vec<Vec<Option<(Mont, Mont)>>> = statements
        .iter()
        .map(|st| vec![None; st.branches.len()])
        .collect();
    let one = group.one();
    for (k, (a, b)) in bases.iter().enumerate() {
        let idx: Vec<(usize, usize)> = statements
            .iter()
            .enumerate()
            .filter(|&(si, _)| well_formed[si])
            .flat_map(|(si, st)| {
                st.branches
                    .iter()
                    .enumerate()
                    .filter(move |(_, br)| br.base == k)
                    .map(move |(i, _)| (si, i))
            })
            .collect();
        let mut exps: Vec<&Uint> = idx
            .iter()
            .map(|&(si, i)| &statements[si].proofs[i].challenge.0)
            .collect();
        if pow_q {
            exps.push(group.q_uint());
        }
        if exps.is_empty() {
            continue;
        }
        let pa = group.pow_many_vartime(&group.to_mont(a), &exps);
        let pb = group.pow_many_vartime(&group.to_mont(b), &exps);
        if pow_q && (pa[idx.len()] != one || pb[idx.len()] != one) {
            return Err((0, DisjFailure::NotInGroup));
        }
        for (j, &(si, i)) in idx.iter().enumerate() {
            powers[si][i] = Some((pa[j], pb[j]));
        }
    }
    for (si, (st, pws)) in statements.iter().zip(&powers).enumerate() {
        if !well_formed[si] {
            return Err((si, DisjFailure::Proof));
        }
        let mut commitments = Vec::with_capacity(2 * st.branches.len());
        let mut sum = Uint::ZERO;
        for ((br, p), pw) in st.branches.iter().zip(st.proofs).zip(pws) {
            let (ac, bc) = pw.ok_or((si, DisjFailure::Proof))?;
            let (c, s) = (&p.challenge.0, &p.response.0);
            let a = group.g_pow_vartime(s).mul(&ac);
            let mut b = key.y_pow_vartime(s).mul(&bc);
            if br.offset != 0 {
                let mc = group.scalar_mul(&num::from_u64(br.offset), c);
                if mc != Uint::ZERO {
                    b = b.mul(&group.g_pow_vartime(&group.scalar_sub(&Uint::ZERO, &mc)));
                }
            }
            commitments.push(group.elem_of(&a));
            commitments.push(group.elem_of(&b));
            sum = group.scalar_add(&sum, c);
        }
        if hash_to_scalar(group, st.prefix, &commitments).0 != sum {
            return Err((si, DisjFailure::Proof));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::belenios::rng::SeededRandom;

    #[test]
    fn schnorr_round_trip_and_tamper() {
        let g = Group::belenios_2048();
        let mut rng = SeededRandom::new(1);
        let x = random_scalar(g, &mut rng).unwrap();
        let big_x = x.public(g);
        let prefix = pok_prefix(g, &big_x);
        let p = schnorr_prove(g, &prefix, &x, &mut rng).unwrap();
        schnorr_verify(g, &prefix, &big_x, &p, ProofKind::TrusteePok).unwrap();
        let bad = Proof {
            challenge: p.challenge,
            response: Scalar(g.scalar_add(&p.response.0, &Uint::ONE)),
        };
        assert!(schnorr_verify(g, &prefix, &big_x, &bad, ProofKind::TrusteePok).is_err());
        assert!(schnorr_verify(g, "pok|other|", &big_x, &p, ProofKind::TrusteePok).is_err());
        let unreduced = Proof {
            challenge: p.challenge,
            response: Scalar(p.response.0.wrapping_add(&g.order().0)),
        };
        assert!(schnorr_verify(g, &prefix, &big_x, &unreduced, ProofKind::TrusteePok).is_err());
    }

    /// `x·h` for `h` of order `d` (2 or 3, the small factors of `(p−1)/q` of BELENIOS-2048):
    /// a non-member whose `q`-part is the member `x`.
    fn non_member(g: &Group, x: &Elem, d: u64) -> Elem {
        let p_minus_1 = g.p_uint().wrapping_sub(&Uint::ONE);
        let (e, rem) =
            p_minus_1.div_rem_vartime(&crypto_bigint::NonZero::new(Uint::from_u64(d)).unwrap());
        assert_eq!(rem, Uint::ZERO);
        let h = g.pow_vartime(&g.to_mont(&Elem::from_u64(7)), &e);
        assert_ne!(h, g.one());
        let y = g.elem_of(&g.to_mont(x).mul(&h));
        assert!(!g.is_element(&y));
        y
    }

    #[test]
    fn membership_is_checked_with_the_proofs() {
        let g = Group::belenios_2048();
        let mut rng = SeededRandom::new(2);
        let x = random_scalar(g, &mut rng).unwrap();
        let big_x = x.public(g);
        let prefix = sig_prefix("h");
        let p = schnorr_prove(g, &prefix, &x, &mut rng).unwrap();
        schnorr_verify_member(g, &prefix, &big_x, &p, ProofKind::BallotSignature, "x").unwrap();
        for d in [2, 3] {
            let bad = non_member(g, &big_x, d);
            assert_eq!(
                schnorr_verify_member(g, &prefix, &bad, &p, ProofKind::BallotSignature, "x"),
                Err(Error::NotInGroup("x".into()))
            );
        }
        let p_elem = Elem(*g.p_uint());
        assert!(
            schnorr_verify_member(g, &prefix, &p_elem, &p, ProofKind::BallotSignature, "x")
                .is_err()
        );

        // Individual proof of a 0/1 ciphertext: the membership exponent rides in the comb.
        let key = EncryptionKey::new(g, big_x).unwrap();
        let r = random_scalar(g, &mut rng).unwrap();
        let m = SecretScalar::from_reduced(Uint::ONE);
        let c = key.encrypt(&r, &m);
        let cm = c.to_mont(g);
        let ginv = g.g_pow_neg_small(1);
        let branches = [
            Disjunct {
                alpha: cm.0,
                beta: cm.1,
            },
            Disjunct {
                alpha: cm.0,
                beta: cm.1.mul(&ginv),
            },
        ];
        let proof = disj_prove(&key, "prove|t|", &branches, 1, &r, &mut rng).unwrap();
        let verifier = [Branch { base: 0, offset: 0 }, Branch { base: 0, offset: 1 }];
        let check =
            |a: Elem, b: Elem| disj_verify(&key, "prove|t|", &[(a, b)], &verifier, &proof, true);
        check(c.alpha, c.beta).unwrap();
        for d in [2, 3] {
            assert_eq!(
                check(non_member(g, &c.alpha, d), c.beta),
                Err(DisjFailure::NotInGroup)
            );
            assert_eq!(
                check(c.alpha, non_member(g, &c.beta, d)),
                Err(DisjFailure::NotInGroup)
            );
        }
        // Two statements over the same bases: each failure is attributed to its statement.
        let st = |proofs: &'static [Proof]| DisjStatement {
            prefix: "prove|t|",
            branches: &verifier,
            proofs,
        };
        let good: &'static [Proof] = Box::leak(proof.clone().into_boxed_slice());
        let mut tampered = proof.clone();
        tampered[0].response = Scalar(g.scalar_add(&tampered[0].response.0, &Uint::ONE));
        let bad: &'static [Proof] = Box::leak(tampered.into_boxed_slice());
        let bases = [(c.alpha, c.beta)];
        assert_eq!(
            disj_verify_many(&key, &bases, &[st(good), st(good)], false),
            Ok(())
        );
        assert_eq!(
            disj_verify_many(&key, &bases, &[st(good), st(bad)], false),
            Err((1, DisjFailure::Proof))
        );
        assert_eq!(
            disj_verify_many(&key, &bases, &[st(bad), st(good)], false),
            Err((0, DisjFailure::Proof))
        );
    }
}
