//! Exponentiation helpers: fixed-base tables and same-base multi-exponentiation.
//!
//! Every proof of the protocol raises the generator `g` and the election public key `y` to
//! ~256-bit (BELENIOS-2048) or ~2047-bit (RFC-3526-2048) exponents. A table of
//! `base^(d·2^(w·i))` for every `w`-bit window `i` and digit `d ∈ [0, 2^w)` turns such an
//! exponentiation into one multiplication per window and no squaring at all.
//!
//! Two lookups are offered:
//! * [`FixedBase::pow_vartime`] indexes the table directly and skips zero digits; it is used on
//!   public exponents only (verification), typically with 8-bit windows (32 multiplications
//!   for a 256-bit exponent).
//! * [`FixedBase::pow_ct`] reads *every* entry of each window and keeps the wanted one with a
//!   constant-time conditional assignment, then always multiplies; its memory access pattern
//!   and running time do not depend on the exponent, so it is used for secrets (encryption
//!   randomness, proof nonces, credential and trustee keys), with 4-bit windows.
//!
//! [`pow_many_vartime`] raises one *variable* base to several public exponents (a ciphertext
//! component checked for membership and used by two or more disjuncts): the base's powers
//! `b^(2^(k·c))` for `k < 4` (`c = ⌈bits/4⌉`) are computed once, and each exponent then costs
//! `c` squarings and at most `c` multiplications (Lim–Lee comb with 4 rows) instead of
//! `bits` squarings.

use crypto_bigint::Word;
use subtle::{ConditionallySelectable, ConstantTimeEq};

use super::group::Mont;
use super::num::Uint;

/// A precomputed table for one base and exponents of at most `windows * window_bits` bits.
#[derive(Clone)]
pub(crate) struct FixedBase {
    base: Mont,
    window_bits: u32,
    windows: usize,
    table: Vec<Mont>,
}

impl std::fmt::Debug for FixedBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedBase")
            .field("window_bits", &self.window_bits)
            .field("windows", &self.windows)
            .finish_non_exhaustive()
    }
}

/// The `w`-bit digit number `i` (little-endian) of `e`; `w` divides the word size.
#[inline]
fn digit(e: &Uint, i: usize, w: u32) -> usize {
    let bit = i * w as usize;
    let words = e.as_words();
    let word = words[bit / Word::BITS as usize];
    ((word >> (bit % Word::BITS as usize)) & ((1 << w) - 1)) as usize
}

#[inline]
fn bit(e: &Uint, i: usize) -> usize {
    let words = e.as_words();
    match words.get(i / Word::BITS as usize) {
        Some(w) => ((w >> (i % Word::BITS as usize)) & 1) as usize,
        None => 0,
    }
}

impl FixedBase {
    /// Precomputes the table of `base` for exponents of at most `bits` bits with
    /// `window_bits`-bit windows (4 or 8).
    pub(crate) fn new(base: &Mont, bits: u32, window_bits: u32) -> Self {
        debug_assert!(window_bits == 4 || window_bits == 8);
        let entries = 1usize << window_bits;
        let windows = bits.div_ceil(window_bits) as usize;
        let one = Mont::one(base.params());
        let mut table = Vec::with_capacity(windows * entries);
        let mut b = *base;
        for _ in 0..windows {
            let mut acc = one;
            table.push(acc);
            for _ in 1..entries {
                acc = acc.mul(&b);
                table.push(acc);
            }
            // b^(2^w) = b^(2^w − 1) · b
            b = acc.mul(&b);
        }
        Self {
            base: *base,
            window_bits,
            windows,
            table,
        }
    }

    fn fits(&self, e: &Uint) -> bool {
        e.bit_width_vartime() as usize <= self.windows * self.window_bits as usize
    }

    /// `base^e`, variable time (public exponents only).
    pub(crate) fn pow_vartime(&self, e: &Uint) -> Mont {
        if !self.fits(e) {
            return self.base.pow_vartime(e);
        }
        let entries = 1usize << self.window_bits;
        let mut acc: Option<Mont> = None;
        for i in 0..self.windows {
            let d = digit(e, i, self.window_bits);
            if d != 0 {
                let t = &self.table[i * entries + d];
                acc = Some(match acc {
                    None => *t,
                    Some(a) => a.mul(t),
                });
            }
        }
        acc.unwrap_or_else(|| Mont::one(self.base.params()))
    }

    /// `base^e` in constant time with respect to `e`. The caller guarantees that `e` has at
    /// most `windows * window_bits` bits: every secret exponent is a
    /// [`super::group::SecretScalar`], which is always reduced modulo `q`, and tables are
    /// built for `bits(q)`.
    pub(crate) fn pow_ct(&self, e: &Uint) -> Mont {
        debug_assert!(self.fits(e));
        let entries = 1usize << self.window_bits;
        let mut acc = Mont::one(self.base.params());
        for i in 0..self.windows {
            let d = digit(e, i, self.window_bits) as u16;
            let row = &self.table[i * entries..(i + 1) * entries];
            let mut sel = row[0];
            for (j, entry) in row.iter().enumerate().skip(1) {
                sel.conditional_assign(entry, (j as u16).ct_eq(&d));
            }
            acc = acc.mul(&sel);
        }
        acc
    }
}

/// `[base^e for e in exps]` for public exponents of at most `bits` bits, sharing the
/// squarings of the base (variable time).
pub(crate) fn pow_many_vartime(base: &Mont, exps: &[&Uint], bits: u32) -> Vec<Mont> {
    if exps.len() < 2 || exps.iter().any(|e| e.bit_width_vartime() > bits) {
        return exps.iter().map(|e| base.pow_vartime(*e)).collect();
    }
    const ROWS: usize = 4;
    let chunk = bits.div_ceil(ROWS as u32) as usize;
    // rows[k] = base^(2^(k·chunk))
    let mut rows = [*base; ROWS];
    for k in 1..ROWS {
        rows[k] = rows[k - 1].square_repeat_vartime(chunk as u32);
    }
    // table[idx] = Π_{k ∈ idx} rows[k]
    let mut table = [Mont::one(base.params()); 1 << ROWS];
    for idx in 1..(1usize << ROWS) {
        let low = idx.trailing_zeros() as usize;
        let rest = idx & (idx - 1);
        table[idx] = if rest == 0 {
            rows[low]
        } else {
            table[rest].mul(&rows[low])
        };
    }
    exps.iter()
        .map(|e| {
            let mut acc: Option<Mont> = None;
            for i in (0..chunk).rev() {
                if let Some(a) = acc.as_mut() {
                    *a = a.square();
                }
                let mut idx = 0usize;
                for k in 0..ROWS {
                    idx |= bit(e, k * chunk + i) << k;
                }
                if idx != 0 {
                    acc = Some(match acc {
                        None => table[idx],
                        Some(a) => a.mul(&table[idx]),
                    });
                }
            }
            acc.unwrap_or_else(|| Mont::one(base.params()))
        })
        .collect()
}
