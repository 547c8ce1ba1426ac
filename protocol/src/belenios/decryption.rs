//! Partial decryptions, their combination, and the election result.
//!
//! `doc/specification.tex`, sections "Partial decryptions" and "Election result"; FORMAT.md §5
//! (Partial decryption, Combination); `src/lib/v1/election.ml` (`compute_factor`,
//! `check_factor`, `check_result`), `trustees.ml` (`combine_factors`) and `util.ml`.
//!
//! A trustee with key `x` (public `X = g^x`) publishes, for every ciphertext `(α, β)` of the
//! encrypted tally, the factor `f = α^x` and a Chaum–Pedersen proof that
//! `log_g X = log_α f` (prefix `decrypt|φ|X|`). Factors are combined into `F = α^{x_total}`:
//! a Single trustee's factor is used as is; a Pedersen block uses the first `threshold` valid
//! shares in index order with Lagrange coefficients `λ_j = Π_{k≠j} k/(k−j) mod q`. Then
//! `g^{result} = β / F`, and the count is found by a baby-step giant-step search bounded by
//! the total weight. Every share that is present must verify, even if it is not used.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::election::ElectionContext;
use super::elgamal::Ciphertext;
use super::error::{Error, ProofKind};
use super::group::{Elem, Group, Mont, SecretScalar};
use super::num::{self, Uint};
use super::proofs::{self, Proof};
use super::rng::RandomSource;
use super::tally::EncryptedTally;
use super::trustees::TrusteeKind;
use super::weight::{MAX_TOTAL_WEIGHT, Weight};

/// `{"decryption_factors":[[G…]…],"decryption_proofs":[[{…}…]…]}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialDecryption {
    /// `α^x` for every ciphertext of the encrypted tally, in the tally's shape (per question, per
    /// choice).
    pub decryption_factors: Vec<Vec<Elem>>,
    /// For every factor, the Chaum–Pedersen proof that `log_g X = log_α f` (prefix `decrypt|φ|X|`).
    pub decryption_proofs: Vec<Vec<Proof>>,
}

/// `{"owner":I,"payload":H}`: who published a record (1-based flattened trustee index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owned {
    /// 1-based flattened index of the trustee who published the record.
    pub owner: u32,
    /// Hex SHA-256 of the data record published (the partial decryption or shuffle).
    pub payload: String,
}

/// `{"result":[[I…]…]}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionResult {
    /// The (weighted) count of every choice, per question, blank slot first where allowed.
    pub result: Vec<Vec<Weight>>,
}

impl ElectionResult {
    /// The counts as plain integers.
    pub fn counts(&self) -> Vec<Vec<u64>> {
        self.result
            .iter()
            .map(|q| q.iter().map(|w| w.0).collect())
            .collect()
    }
}

fn check_shape<T, U>(tally: &[Vec<T>], other: &[Vec<U>]) -> bool {
    tally.len() == other.len() && tally.iter().zip(other).all(|(a, b)| a.len() == b.len())
}

impl ElectionContext {
    /// Checks that every ciphertext of a tally is made of group elements (`check_ciphertext`).
    pub fn check_tally(&self, tally: &EncryptedTally) -> Result<(), Error> {
        let questions = self.election().questions();
        if tally.len() != questions.len()
            || tally
                .iter()
                .zip(questions)
                .any(|(t, q)| t.len() != q.num_choices())
        {
            return Err(Error::invalid(
                "encrypted tally does not match the election",
            ));
        }
        for c in tally.iter().flatten() {
            c.check(self.group(), "encrypted tally ciphertext")?;
        }
        Ok(())
    }

    /// Computes a trustee's partial decryption (`compute_factor`) with its private key `x`.
    pub fn compute_partial_decryption(
        &self,
        tally: &EncryptedTally,
        x: &SecretScalar,
        rng: &mut dyn RandomSource,
    ) -> Result<PartialDecryption, Error> {
        self.check_tally(tally)?;
        let group = self.group();
        let prefix = proofs::decrypt_prefix(self.election().fingerprint(), &x.public(group));
        let mut factors = Vec::with_capacity(tally.len());
        let mut all_proofs = Vec::with_capacity(tally.len());
        for q in tally {
            let mut fq = Vec::with_capacity(q.len());
            let mut pq = Vec::with_capacity(q.len());
            for c in q {
                let alpha = group.to_mont(&c.alpha);
                fq.push(group.elem_of(&group.pow_ct(&alpha, &x.0)));
                pq.push(proofs::dleq_prove(group, &prefix, x, &alpha, rng)?);
            }
            factors.push(fq);
            all_proofs.push(pq);
        }
        Ok(PartialDecryption {
            decryption_factors: factors,
            decryption_proofs: all_proofs,
        })
    }

    /// Verifies a partial decryption against the trustee's public key (`check_factor`).
    pub fn verify_partial_decryption(
        &self,
        tally: &EncryptedTally,
        public_key: &Elem,
        pd: &PartialDecryption,
    ) -> Result<(), Error> {
        let group = self.group();
        if !check_shape(tally, &pd.decryption_factors) || !check_shape(tally, &pd.decryption_proofs)
        {
            return Err(Error::invalid(
                "partial decryption does not match the tally",
            ));
        }
        let prefix = proofs::decrypt_prefix(self.election().fingerprint(), public_key);
        let x = group.to_mont(public_key);
        for (qi, ((tq, fq), pq)) in tally
            .iter()
            .zip(&pd.decryption_factors)
            .zip(&pd.decryption_proofs)
            .enumerate()
        {
            for (ai, ((c, f), p)) in tq.iter().zip(fq).zip(pq).enumerate() {
                group.check_element(f, "decryption factor")?;
                let alpha = group.to_mont(&c.alpha);
                proofs::dleq_verify(
                    group,
                    &prefix,
                    &x,
                    &alpha,
                    &group.to_mont(f),
                    p,
                    ProofKind::Decryption {
                        question: qi,
                        answer: ai,
                    },
                )?;
            }
        }
        Ok(())
    }

    /// Verifies every partial decryption and combines them into `F` per ciphertext
    /// (`combine_factors`). The trustees must have passed
    /// [`super::trustees::check_trustees`]. `pds` are `(owner, partial decryption)`; owners are 1-based indexes
    /// in the flattened trustee list and must be unique.
    pub fn combine_partial_decryptions(
        &self,
        tally: &EncryptedTally,
        trustees: &[TrusteeKind],
        pds: &[(u32, &PartialDecryption)],
    ) -> Result<Vec<Vec<Elem>>, Error> {
        let group = self.group();
        let keys = super::trustees::flattened_keys(trustees);
        let mut by_owner: Vec<Option<&PartialDecryption>> = vec![None; keys.len()];
        for (owner, pd) in pds {
            let i = (*owner as usize)
                .checked_sub(1)
                .filter(|i| *i < keys.len())
                .ok_or_else(|| Error::invalid(format!("unknown trustee {owner}")))?;
            if by_owner[i].is_some() {
                return Err(Error::invalid(format!(
                    "two partial decryptions for trustee {owner}"
                )));
            }
            self.verify_partial_decryption(tally, &keys[i], pd)?;
            by_owner[i] = Some(pd);
        }
        let mut acc: Vec<Vec<Mont>> = tally.iter().map(|q| vec![group.one(); q.len()]).collect();
        let mut offset = 0usize;
        for t in trustees {
            match t {
                TrusteeKind::Single(_) => {
                    let pd = by_owner[offset].ok_or_else(|| {
                        Error::invalid(format!(
                            "missing partial decryption of trustee {}",
                            offset + 1
                        ))
                    })?;
                    multiply_factors(group, &mut acc, pd, None);
                    offset += 1;
                }
                TrusteeKind::Pedersen(p) => {
                    let n = p.verification_keys.len();
                    if p.threshold == 0 || p.threshold as usize > n {
                        return Err(Error::invalid("Pedersen block with an invalid threshold"));
                    }
                    let present: Vec<(u64, &PartialDecryption)> = (0..n)
                        .filter_map(|j| by_owner[offset + j].map(|pd| ((j + 1) as u64, pd)))
                        .take(p.threshold as usize)
                        .collect();
                    if present.len() < p.threshold as usize {
                        return Err(Error::invalid("not enough partial decryptions"));
                    }
                    let indexes: Vec<u64> = present.iter().map(|(j, _)| *j).collect();
                    for (j, pd) in &present {
                        let l = lagrange(group, &indexes, *j);
                        multiply_factors(group, &mut acc, pd, Some(&l));
                    }
                    offset += n;
                }
            }
        }
        Ok(acc
            .iter()
            .map(|q| q.iter().map(|m| group.elem_of(m)).collect())
            .collect())
    }

    /// The values `β / F` (that is, `g^count`) of each tally entry.
    fn plaintext_powers(
        &self,
        tally: &EncryptedTally,
        factors: &[Vec<Elem>],
    ) -> Result<Vec<Vec<Mont>>, Error> {
        let group = self.group();
        if !check_shape(tally, factors) {
            return Err(Error::invalid("factors do not match the tally"));
        }
        tally
            .iter()
            .zip(factors)
            .map(|(tq, fq)| {
                tq.iter()
                    .zip(fq)
                    .map(|(c, f)| {
                        let inv = group
                            .invert_vartime(&group.to_mont(f))
                            .ok_or_else(|| Error::invalid("decryption factor not invertible"))?;
                        Ok(group.to_mont(&c.beta).mul(&inv))
                    })
                    .collect()
            })
            .collect()
    }

    /// Computes the result (`compute_result`): the discrete logarithm of each `β / F`, searched
    /// in `[0, total_weight]`.
    pub fn compute_result(
        &self,
        tally: &EncryptedTally,
        factors: &[Vec<Elem>],
        total_weight: Weight,
    ) -> Result<ElectionResult, Error> {
        if total_weight.0 > MAX_TOTAL_WEIGHT {
            return Err(Error::invalid("total weight too large"));
        }
        let group = self.group();
        let powers = self.plaintext_powers(tally, factors)?;
        let solver = DiscreteLog::new(group, total_weight.0);
        let result = powers
            .iter()
            .map(|q| {
                q.iter()
                    .map(|m| {
                        solver
                            .solve(group, m)
                            .map(Weight)
                            .ok_or_else(|| Error::invalid("cannot compute result"))
                    })
                    .collect()
            })
            .collect::<Result<Vec<Vec<Weight>>, Error>>()?;
        Ok(ElectionResult { result })
    }

    /// Checks a published result: `g^count == β / F` for every entry (`check_result`).
    pub fn check_result(
        &self,
        tally: &EncryptedTally,
        factors: &[Vec<Elem>],
        result: &ElectionResult,
    ) -> Result<(), Error> {
        let group = self.group();
        let powers = self.plaintext_powers(tally, factors)?;
        if !check_shape(&powers, &result.result) {
            return Err(Error::invalid("result does not match the tally"));
        }
        for (qi, (pq, rq)) in powers.iter().zip(&result.result).enumerate() {
            for (ai, (p, r)) in pq.iter().zip(rq).enumerate() {
                if group.g_pow_vartime(&num::from_u64(r.0)) != *p {
                    return Err(Error::invalid(format!(
                        "result of question {qi}, answer {ai} does not match the decryption"
                    )));
                }
            }
        }
        Ok(())
    }
}

fn multiply_factors(
    group: &Group,
    acc: &mut [Vec<Mont>],
    pd: &PartialDecryption,
    exp: Option<&Uint>,
) {
    for (aq, fq) in acc.iter_mut().zip(&pd.decryption_factors) {
        for (a, f) in aq.iter_mut().zip(fq) {
            let mut fm = group.to_mont(f);
            if let Some(e) = exp {
                fm = fm.pow_vartime(e);
            }
            *a = a.mul(&fm);
        }
    }
}

/// `λ_j = Π_{k∈I, k≠j} k / (k − j) mod q` (`lagrange`).
fn lagrange(group: &Group, indexes: &[u64], j: u64) -> Uint {
    let q = group.order().0;
    let mut acc = Uint::ONE;
    for &k in indexes {
        if k == j {
            continue;
        }
        let kj = if k > j {
            num::from_u64(k - j)
        } else {
            q.wrapping_sub(&num::from_u64(j - k))
        };
        // k ≠ j and |k − j| < q, so k − j is invertible modulo the prime q.
        if let Some(inv) = group.scalar_inv_vartime(&kj) {
            acc = group.scalar_mul(&group.scalar_mul(&acc, &num::from_u64(k)), &inv);
        }
    }
    acc
}

/// Baby-step giant-step search of `log_g` in `[0, bound]`. Baby steps are indexed by the low
/// 64 bits of `g^j` (about 5 MiB for the largest bound, `10^11`); a hit is confirmed by
/// recomputing `g^r`, so an index collision can never produce a wrong count.
struct DiscreteLog {
    bound: u64,
    m: u64,
    baby: HashMap<u64, u64>,
    giant: Mont,
}

fn low64(x: &Mont) -> u64 {
    let bytes = x.retrieve().to_le_bytes();
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes.as_ref()[..8]);
    u64::from_le_bytes(b)
}

impl DiscreteLog {
    fn new(group: &Group, bound: u64) -> Self {
        let m = (bound as f64).sqrt() as u64 + 1;
        let mut baby = HashMap::with_capacity(m as usize);
        let g = group.to_mont(&group.generator());
        let mut x = group.one();
        for j in 0..m {
            baby.entry(low64(&x)).or_insert(j);
            x = x.mul(&g);
        }
        // x = g^m; a giant step multiplies by g^{-m}.
        let giant = group.invert_vartime(&x).unwrap_or_else(|| group.one());
        Self {
            bound,
            m,
            baby,
            giant,
        }
    }

    fn solve(&self, group: &Group, target: &Mont) -> Option<u64> {
        let mut y = *target;
        let mut i = 0u64;
        while i.saturating_mul(self.m) <= self.bound {
            if let Some(j) = self.baby.get(&low64(&y)) {
                let r = i * self.m + j;
                if r <= self.bound && group.g_pow_vartime(&num::from_u64(r)) == *target {
                    return Some(r);
                }
            }
            y = y.mul(&self.giant);
            i += 1;
        }
        None
    }
}

/// Decodes a partial decryption JSON.
pub fn parse_partial_decryption(raw: &str) -> Result<PartialDecryption, Error> {
    serde_json::from_str(raw).map_err(|e| Error::json("partial decryption", e))
}

/// Decodes an encrypted tally JSON.
pub fn parse_encrypted_tally(raw: &str) -> Result<EncryptedTally, Error> {
    serde_json::from_str::<Vec<Vec<Ciphertext>>>(raw).map_err(|e| Error::json("encrypted tally", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discrete_log_within_bound() {
        let g = Group::belenios_2048();
        let bound = 1_000_000;
        let dl = DiscreteLog::new(g, bound);
        for r in [0u64, 1, 2, 999, 1000, 1001, 999_999, 1_000_000] {
            let target = g.g_pow_vartime(&num::from_u64(r));
            assert_eq!(dl.solve(g, &target), Some(r));
        }
        let beyond = g.g_pow_vartime(&num::from_u64(bound + 1));
        assert_eq!(dl.solve(g, &beyond), None);
        let small = DiscreteLog::new(g, 0);
        assert_eq!(small.solve(g, &g.one()), Some(0));
        assert_eq!(small.solve(g, &g.g_pow_vartime(&num::from_u64(1))), None);
    }

    #[test]
    fn lagrange_interpolates_at_zero() {
        let g = Group::belenios_2048();
        // f(x) = 5 + 3x: shares f(1) = 8, f(3) = 14; f(0) = Σ λ_j f(j) = 5.
        let idx = [1u64, 3];
        let s = g.scalar_add(
            &g.scalar_mul(&lagrange(g, &idx, 1), &num::from_u64(8)),
            &g.scalar_mul(&lagrange(g, &idx, 3), &num::from_u64(14)),
        );
        assert_eq!(s, num::from_u64(5));
    }
}
