//! Exponential ElGamal encryption under the election public key.
//!
//! `doc/specification.tex`, section "Encrypted answers"; FORMAT.md §5. A choice `m ∈ ℕ` is
//! encrypted as `(α, β) = (g^r, y^r·g^m)` with `r` uniform in `[0, q)`. Ciphertexts multiply
//! component-wise to add plaintexts, which is what the homomorphic tally relies on; decryption
//! of a tally only needs `β / α^x` and a small discrete logarithm.
//!
//! [`EncryptionKey`] bundles the public key `y` with a fixed-base table so that both the
//! voter's encryption (constant time, the randomness is secret) and the verifier's proof checks
//! (variable time) avoid most squarings.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::error::Error;
use super::fixed_base::FixedBase;
use super::group::{CT_WINDOW, Elem, Group, Mont, SecretScalar, fast_window};
use super::num;

/// An ElGamal ciphertext `{"alpha":G,"beta":G}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ciphertext {
    /// `g^r`, the randomness commitment.
    pub alpha: Elem,
    /// `y^r·g^m`, the plaintext `m` masked by the public key.
    pub beta: Elem,
}

/// The election public key `y` with its precomputed table.
#[derive(Debug, Clone)]
pub struct EncryptionKey {
    group: &'static Group,
    y: Elem,
    y_table: FixedBase,
    y_fast: OnceLock<FixedBase>,
}

impl EncryptionKey {
    /// Prepares `y` (checked to be a group element).
    pub fn new(group: &'static Group, y: Elem) -> Result<Self, Error> {
        group.check_element(&y, "election public key")?;
        let y_mont = group.to_mont(&y);
        Ok(Self {
            group,
            y,
            y_table: FixedBase::new(&y_mont, group.q_bits(), CT_WINDOW),
            y_fast: OnceLock::new(),
        })
    }

    /// The group of the key.
    pub fn group(&self) -> &'static Group {
        self.group
    }

    /// The public key `y`.
    pub fn public_key(&self) -> Elem {
        self.y
    }

    /// `y^e`, variable time (the large-window table is built on first use).
    pub(crate) fn y_pow_vartime(&self, e: &num::Uint) -> Mont {
        let bits = self.group.q_bits();
        let w = fast_window(bits);
        if w == CT_WINDOW {
            return self.y_table.pow_vartime(e);
        }
        self.y_fast
            .get_or_init(|| FixedBase::new(&self.group.to_mont(&self.y), bits, w))
            .pow_vartime(e)
    }

    /// `y^e`, constant time in `e`.
    pub(crate) fn y_pow_ct(&self, e: &num::Uint) -> Mont {
        self.y_table.pow_ct(e)
    }

    /// `(g^r, y^r·g^m)`: encryption of the small plaintext `m` with randomness `r`, constant
    /// time in `r` (the plaintext of a ballot choice is 0 or 1 and is handled through `g^m`
    /// computed in constant time as well).
    pub(crate) fn encrypt(&self, r: &SecretScalar, m: &SecretScalar) -> Ciphertext {
        let g = self.group;
        let alpha = g.g_pow_ct(&r.0);
        let beta = self.y_pow_ct(&r.0).mul(&g.g_pow_ct(&m.0));
        Ciphertext {
            alpha: g.elem_of(&alpha),
            beta: g.elem_of(&beta),
        }
    }
}

/// Component-wise product of ciphertexts given in Montgomery form.
pub(crate) fn mul_mont(a: &(Mont, Mont), b: &(Mont, Mont)) -> (Mont, Mont) {
    (a.0.mul(&b.0), a.1.mul(&b.1))
}

impl Ciphertext {
    pub(crate) fn to_mont(self, group: &Group) -> (Mont, Mont) {
        (group.to_mont(&self.alpha), group.to_mont(&self.beta))
    }

    pub(crate) fn from_mont(group: &Group, c: &(Mont, Mont)) -> Self {
        Ciphertext {
            alpha: group.elem_of(&c.0),
            beta: group.elem_of(&c.1),
        }
    }

    /// Checks that both components are group elements.
    pub fn check(&self, group: &Group, what: &str) -> Result<(), Error> {
        group.check_element(&self.alpha, what)?;
        group.check_element(&self.beta, what)
    }
}
