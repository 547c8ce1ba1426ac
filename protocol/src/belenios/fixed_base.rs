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
//! component checked for membership and used by two or more disjuncts): a Lim–Lee comb whose
//! number of rows is chosen for the number of exponents shares the base's squarings, so three
//! 256-bit exponents cost about 530 multiplications instead of 3 × 300. [`pow_vartime`] is a
//! sliding-window exponentiation for a single public exponent.

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

/// Number of comb rows `h` minimising the estimated multiplication count of
/// [`pow_many_vartime`] for `k` exponents of `bits` bits: `(h−1)·c` squarings to precompute the
/// rows (`c = ⌈bits/h⌉`), `2^h − h − 1` multiplications for the table, then about `c`
/// squarings and `c` multiplications per exponent.
fn comb_rows(bits: u32, k: usize) -> usize {
    (1..=MAX_ROWS)
        .min_by_key(|&h| {
            let c = bits.div_ceil(h as u32) as usize;
            (h - 1) * c + (1 << h) - h - 1 + k * 2 * c
        })
        .unwrap_or(4)
}

/// Largest comb: 128 table entries (32 KiB), reached for 5 or more exponents.
const MAX_ROWS: usize = 7;

/// `[base^e for e in exps]` for public exponents of at most `bits` bits, sharing the
/// squarings of the base (variable time).
///
/// Lim–Lee comb with `h` rows chosen by [`comb_rows`]: the base's powers
/// `b^(2^(k·c))` (`c = ⌈bits/h⌉`, `k < h`) and all their products are computed once, then
/// each exponent costs `c` squarings and at most `c` multiplications. Three 256-bit exponents
/// on one base (two challenges and the membership exponent `q`) take about 530
/// multiplications instead of 3 × 300 for separate exponentiations.
pub(crate) fn pow_many_vartime(base: &Mont, exps: &[&Uint], bits: u32) -> Vec<Mont> {
    if exps.iter().any(|e| e.bit_width_vartime() > bits) {
        return exps.iter().map(|e| base.pow_vartime(*e)).collect();
    }
    if exps.len() < 2 {
        return exps.iter().map(|e| pow_vartime(base, e)).collect();
    }
    let rows = comb_rows(bits, exps.len());
    let chunk = bits.div_ceil(rows as u32) as usize;
    // table[idx] = Π_{k ∈ idx} base^(2^(k·chunk)), built row by row.
    let one = Mont::one(base.params());
    let mut table = vec![one; 1 << rows];
    let mut row = *base;
    for k in 0..rows {
        if k > 0 {
            row = row.square_repeat_vartime(chunk as u32);
        }
        let half = 1usize << k;
        table[half] = row;
        for idx in 1..half {
            table[half + idx] = table[idx].mul(&row);
        }
    }
    exps.iter()
        .map(|e| {
            let mut acc: Option<Mont> = None;
            for i in (0..chunk).rev() {
                if let Some(a) = acc.as_mut() {
                    *a = a.square();
                }
                let mut idx = 0usize;
                for k in 0..rows {
                    idx |= bit(e, k * chunk + i) << k;
                }
                if idx != 0 {
                    acc = Some(match acc {
                        None => table[idx],
                        Some(a) => a.mul(&table[idx]),
                    });
                }
            }
            acc.unwrap_or(one)
        })
        .collect()
}

/// Window of [`pow_vartime`]: 16 odd powers precomputed.
const SLIDING_WINDOW: usize = 5;

/// `base^e` for a public exponent (variable time): left-to-right sliding window over the odd
/// powers `base^1, base^3, …, base^31`, about `bits` squarings and `bits/6` multiplications.
pub(crate) fn pow_vartime(base: &Mont, e: &Uint) -> Mont {
    let one = Mont::one(base.params());
    let n = e.bit_width_vartime() as usize;
    if n == 0 {
        return one;
    }
    let b2 = base.square();
    let mut odd = Vec::with_capacity(1 << (SLIDING_WINDOW - 1));
    odd.push(*base);
    for i in 1..(1 << (SLIDING_WINDOW - 1)) {
        let next = odd[i - 1].mul(&b2);
        odd.push(next);
    }
    let mut acc: Option<Mont> = None;
    let mut i = n; // bits i-1 .. 0 remain
    while i > 0 {
        if bit(e, i - 1) == 0 {
            if let Some(a) = acc.as_mut() {
                *a = a.square();
            }
            i -= 1;
            continue;
        }
        // The longest window of at most SLIDING_WINDOW bits ending in a 1, starting at bit i-1.
        let lo = i.saturating_sub(SLIDING_WINDOW);
        let mut j = lo;
        while bit(e, j) == 0 {
            j += 1;
        }
        let mut value = 0usize;
        for b in (j..i).rev() {
            value = (value << 1) | bit(e, b);
        }
        if let Some(a) = acc.as_mut() {
            for _ in j..i {
                *a = a.square();
            }
        }
        let t = &odd[value >> 1];
        acc = Some(match acc {
            None => *t,
            Some(a) => a.mul(t),
        });
        i = j;
    }
    acc.unwrap_or(one)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::belenios::group::Group;

    #[test]
    fn comb_and_window_match_plain_exponentiation() {
        let g = Group::belenios_2048();
        let base = g
            .to_mont(&g.generator())
            .pow_vartime(&Uint::from_u64(987_654_321));
        let q = *g.q_uint();
        let mut exps = vec![
            Uint::ZERO,
            Uint::ONE,
            Uint::from_u64(2),
            Uint::from_u64(31),
            Uint::from_u64(0x8000_0000_0000_0001),
            q,
            q.wrapping_sub(&Uint::ONE),
        ];
        let mut x = Uint::from_u64(0x1234_5678_9abc_def1);
        for _ in 0..6 {
            x = g.reduce_vartime(&x.wrapping_mul(&x).wrapping_add(&Uint::from_u64(77)));
            exps.push(x);
        }
        for e in &exps {
            assert_eq!(pow_vartime(&base, e), base.pow_vartime(e));
        }
        for k in 1..=exps.len() {
            let refs: Vec<&Uint> = exps[..k].iter().collect();
            let got = pow_many_vartime(&base, &refs, g.q_bits());
            for (e, r) in refs.iter().zip(&got) {
                assert_eq!(*r, base.pow_vartime(e), "k = {k}");
            }
        }
        for k in 1..=8 {
            assert!((1..=MAX_ROWS).contains(&comb_rows(256, k)));
        }
        assert_eq!(comb_rows(256, 3), 6);
    }
}
