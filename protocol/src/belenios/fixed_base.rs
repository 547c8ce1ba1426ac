//! Fixed-base exponentiation with a precomputed table.
//!
//! Every proof of the protocol raises the generator `g` and the election public key `y` to
//! ~256-bit (BELENIOS-2048) or ~2047-bit (RFC-3526-2048) exponents. A table of
//! `base^(d·16^i)` for every 4-bit window `i` and digit `d ∈ [0, 16)` turns such an
//! exponentiation into one multiplication per window and no squaring at all: 64
//! multiplications instead of ~320 for a 256-bit exponent.
//!
//! Two lookups are offered:
//! * [`FixedBase::pow_vartime`] indexes the table directly and skips zero digits; it is used on
//!   public exponents only (verification).
//! * [`FixedBase::pow_ct`] reads *every* entry of each window and keeps the wanted one with a
//!   constant-time conditional assignment, then always multiplies; its memory access pattern
//!   and running time do not depend on the exponent, so it is used for secrets (encryption
//!   randomness, proof nonces, credential and trustee keys).

use crypto_bigint::Word;
use subtle::{ConditionallySelectable, ConstantTimeEq};

use super::group::Mont;
use super::num::Uint;

const WINDOW_BITS: u32 = 4;
const ENTRIES: usize = 1 << WINDOW_BITS;

/// A precomputed table for one base and exponents of at most `windows * 4` bits.
#[derive(Clone)]
pub(crate) struct FixedBase {
    base: Mont,
    windows: usize,
    table: Vec<Mont>,
}

impl std::fmt::Debug for FixedBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedBase")
            .field("windows", &self.windows)
            .finish_non_exhaustive()
    }
}

/// The 4-bit digit number `i` (little-endian) of `e`.
#[inline]
fn digit(e: &Uint, i: usize) -> u8 {
    let bit = i * WINDOW_BITS as usize;
    let words = e.as_words();
    let w = words[bit / Word::BITS as usize];
    ((w >> (bit % Word::BITS as usize)) & 0xF) as u8
}

impl FixedBase {
    /// Precomputes the table of `base` for exponents of at most `bits` bits.
    pub(crate) fn new(base: &Mont, bits: u32) -> Self {
        let windows = bits.div_ceil(WINDOW_BITS) as usize;
        let one = Mont::one(base.params());
        let mut table = Vec::with_capacity(windows * ENTRIES);
        let mut b = *base;
        for _ in 0..windows {
            let mut acc = one;
            table.push(acc);
            for _ in 1..ENTRIES {
                acc = acc.mul(&b);
                table.push(acc);
            }
            // b^16 = b^15 · b
            b = acc.mul(&b);
        }
        Self {
            base: *base,
            windows,
            table,
        }
    }

    fn fits(&self, e: &Uint) -> bool {
        e.bits_vartime() as usize <= self.windows * WINDOW_BITS as usize
    }

    /// `base^e`, variable time (public exponents only).
    pub(crate) fn pow_vartime(&self, e: &Uint) -> Mont {
        if !self.fits(e) {
            return self.base.pow_vartime(e);
        }
        let mut acc: Option<Mont> = None;
        for i in 0..self.windows {
            let d = digit(e, i) as usize;
            if d != 0 {
                let t = &self.table[i * ENTRIES + d];
                acc = Some(match acc {
                    None => *t,
                    Some(a) => a.mul(t),
                });
            }
        }
        acc.unwrap_or_else(|| Mont::one(self.base.params()))
    }

    /// `base^e` in constant time with respect to `e`. The caller guarantees that `e` has at
    /// most `windows * 4` bits: every secret exponent is a [`super::group::SecretScalar`],
    /// which is always reduced modulo `q`, and tables are built for `bits(q)`.
    pub(crate) fn pow_ct(&self, e: &Uint) -> Mont {
        debug_assert!(self.fits(e));
        let mut acc = Mont::one(self.base.params());
        for i in 0..self.windows {
            let d = digit(e, i);
            let row = &self.table[i * ENTRIES..(i + 1) * ENTRIES];
            let mut sel = row[0];
            for (j, entry) in row.iter().enumerate().skip(1) {
                sel.conditional_assign(entry, (j as u8).ct_eq(&d));
            }
            acc = acc.mul(&sel);
        }
        acc
    }
}
