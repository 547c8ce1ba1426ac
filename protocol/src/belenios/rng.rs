//! Sources of randomness.
//!
//! The protocol needs uniformly random scalars modulo `q` (ElGamal randomness, proof nonces,
//! simulated challenges, keys). [`OsRandom`] draws from the operating system (`getrandom`; in a
//! browser, `crypto.getRandomValues`). [`SeededRandom`] is a ChaCha20 stream seeded from a
//! `u64`: it exists only so that simulations and tests are reproducible and must never be used
//! for a real election.
//!
//! Scalars are sampled by rejection: draw `bits(q)` random bits, keep the value if it is `< q`
//! (compared in constant time), otherwise draw again. The result is exactly uniform, and the
//! time taken only depends on rejected values, which are discarded.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng as _, SeedableRng as _};
use zeroize::Zeroize;

use super::error::Error;
use super::group::{Group, SecretScalar};
use super::num::{self, UINT_BYTES};

/// A source of random bytes.
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Error>;
}

/// The operating system's CSPRNG.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        getrandom::fill(buf).map_err(|_| Error::Random)
    }
}

/// A deterministic ChaCha20 generator for simulations and tests only.
#[derive(Debug, Clone)]
pub struct SeededRandom(ChaCha20Rng);

impl SeededRandom {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        Self(ChaCha20Rng::seed_from_u64(seed))
    }

    /// A uniformly random integer in `[0, n)` (`n > 0`), for simulation choices.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.0.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }
}

impl RandomSource for SeededRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Error> {
        self.0.fill_bytes(buf);
        Ok(())
    }
}

/// A uniformly random scalar in `[0, q)`.
pub fn random_scalar(group: &Group, rng: &mut dyn RandomSource) -> Result<SecretScalar, Error> {
    let bits = group.q_bits() as usize;
    let nbytes = bits.div_ceil(8);
    let top_mask: u8 = if bits.is_multiple_of(8) {
        0xff
    } else {
        (1u8 << (bits % 8)) - 1
    };
    let mut buf = [0u8; UINT_BYTES];
    // The probability of 64 rejections in a row is below 2^-35 for BELENIOS-2048 (q > 0.68·2^256)
    // and negligible for RFC 3526; a generator that keeps failing is broken.
    for _ in 0..64 {
        let start = UINT_BYTES - nbytes;
        rng.fill(&mut buf[start..])?;
        buf[start] &= top_mask;
        let mut x = num::from_be_bytes(&buf);
        buf.zeroize();
        let ok: bool = group.ct_lt_q(&x).into();
        if ok {
            return Ok(SecretScalar::from_reduced(x));
        }
        x.zeroize();
    }
    Err(Error::Random)
}
