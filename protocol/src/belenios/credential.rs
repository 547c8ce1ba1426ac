//! Voter credentials.
//!
//! `doc/specification.tex`, section "Credentials"; FORMAT.md §5 (Credentials) and
//! `src/lib/core/credential.ml`. A private credential is 15 base58 characters written
//! `XXX-XXX-XXX-XXX-XXX`: 14 random digits and a checksum digit `53 − (N mod 53)` where `N` is
//! the 14 digits read as a base-58 number. The credential's secret is
//! `s = int_be(PBKDF2-HMAC-SHA256(password = the credential *with its dashes*,
//! salt = election uuid, 1000 iterations, 32 bytes)) mod q`, and the public credential
//! published in the archive is `g^s`, optionally followed by `,<weight>`.
//!
//! The checksum only catches typing mistakes; the secrecy comes from the 14 random digits
//! (≈ 82 bits). Derived secrets are [`SecretScalar`]s (zeroized, constant-time); the private
//! credential string is returned in a [`Zeroizing`] buffer.

use std::fmt;

use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use super::error::Error;
use super::group::{Elem, Group, SecretScalar};
use super::num;
use super::rng::RandomSource;
use super::weight::Weight;

/// The base58 alphabet of credentials and tokens.
pub const BASE58_DIGITS: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// Number of random digits of a credential.
pub const TOKEN_LENGTH: usize = 14;
/// PBKDF2 iteration count of the credential derivation.
pub const PBKDF2_ITERATIONS: u32 = 1000;

fn digit_value(c: u8) -> Option<u128> {
    BASE58_DIGITS
        .bytes()
        .position(|d| d == c)
        .map(|i| i as u128)
}

fn raw_is_valid(raw: &[u8]) -> bool {
    if raw.len() != TOKEN_LENGTH + 1 {
        return false;
    }
    let mut n: u128 = 0;
    for &c in &raw[..TOKEN_LENGTH] {
        match digit_value(c) {
            Some(d) => n = n * 58 + d,
            None => return false,
        }
    }
    match digit_value(raw[TOKEN_LENGTH]) {
        Some(check) => (n + check).is_multiple_of(53),
        None => false,
    }
}

/// Normalizes a credential typed by a voter: surrounding whitespace is ignored and the
/// undashed 15-character form is accepted. Returns the dashed form if the checksum is valid.
pub fn normalize(input: &str) -> Option<Zeroizing<String>> {
    let s = input.trim().as_bytes();
    let raw: Zeroizing<Vec<u8>> = match s.len() {
        15 => Zeroizing::new(s.to_vec()),
        19 if s[3] == b'-' && s[7] == b'-' && s[11] == b'-' && s[15] == b'-' => Zeroizing::new(
            s.iter()
                .enumerate()
                .filter(|(i, _)| ![3, 7, 11, 15].contains(i))
                .map(|(_, c)| *c)
                .collect(),
        ),
        _ => return None,
    };
    if !raw_is_valid(&raw) {
        return None;
    }
    Some(format_raw(&raw))
}

/// Whether `s` is a well-formed credential `XXX-XXX-XXX-XXX-XXX` with a valid checksum
/// (`Credential.check`).
pub fn is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19 && normalize(s).is_some_and(|n| n.as_str() == s)
}

fn format_raw(raw: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(19));
    for (i, c) in raw.iter().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push('-');
        }
        out.push(*c as char);
    }
    out
}

/// Generates a fresh private credential.
pub fn generate(rng: &mut dyn RandomSource) -> Result<Zeroizing<String>, Error> {
    let digits = BASE58_DIGITS.as_bytes();
    let mut raw = Zeroizing::new(Vec::with_capacity(TOKEN_LENGTH + 1));
    let mut n: u128 = 0;
    let mut byte = [0u8; 1];
    while raw.len() < TOKEN_LENGTH {
        rng.fill(&mut byte)?;
        // 232 = 4·58: rejection keeps the digit uniform.
        if byte[0] < 232 {
            let d = (byte[0] % 58) as usize;
            raw.push(digits[d]);
            n = n * 58 + d as u128;
        }
    }
    byte.zeroize();
    let check = 53 - (n % 53) as usize;
    raw.push(digits[check]);
    Ok(format_raw(&raw))
}

/// The credential's secret `s` (PBKDF2-HMAC-SHA256, salt = uuid, 1000 iterations, mod q).
/// `credential` is used exactly as given (with dashes), like Belenios does.
pub fn derive_secret(group: &Group, uuid: &str, credential: &str) -> SecretScalar {
    let mut out = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(
        credential.as_bytes(),
        uuid.as_bytes(),
        PBKDF2_ITERATIONS,
        out.as_mut(),
    );
    let x = Zeroizing::new(num::from_be_bytes(out.as_ref()));
    SecretScalar::from_reduced(group.reduce_ct(&x))
}

/// The public credential `g^s` of a private credential.
pub fn public_credential(group: &Group, uuid: &str, credential: &str) -> Elem {
    derive_secret(group, uuid, credential).public(group)
}

/// One entry of the archive's public credential list: `"<G>"` or `"<G>,<weight>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicCredential {
    /// The public credential `g^s`, the key that verifies the voter's ballot signatures.
    pub key: Elem,
    /// `None` when the line carries no weight (weight 1).
    pub weight: Option<Weight>,
}

impl PublicCredential {
    /// Parses a line of the public credential list (`parse_public_credential`). The group
    /// membership of the key is checked separately ([`Group::check_element`]).
    pub fn parse(s: &str) -> Result<Self, Error> {
        let (key, weight) = match s.split_once(',') {
            None => (s, None),
            Some((k, w)) => (k, Some(Weight::parse(w)?)),
        };
        let key = Elem::from_decimal(key).map_err(|_| {
            Error::invalid(format!("invalid public credential {}", num::truncate(s)))
        })?;
        Ok(Self { key, weight })
    }

    /// The weight of the credential (1 when absent).
    pub fn weight(&self) -> Weight {
        self.weight.unwrap_or(Weight::ONE)
    }
}

impl fmt::Display for PublicCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.weight {
            None => write!(f, "{}", self.key),
            Some(w) => write!(f, "{},{}", self.key, w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::belenios::rng::SeededRandom;

    #[test]
    fn generated_credentials_are_valid() {
        let mut rng = SeededRandom::new(7);
        for _ in 0..50 {
            let c = generate(&mut rng).unwrap();
            assert!(is_valid(&c), "{}", c.as_str());
            let undashed: String = c.chars().filter(|&ch| ch != '-').collect();
            assert_eq!(normalize(&undashed).unwrap().as_str(), c.as_str());
        }
    }

    #[test]
    fn checksum_catches_typos() {
        assert!(is_valid("JFs-gPC-Js8-thi-fxA"));
        assert!(!is_valid("JFs-gPC-Js8-thi-fxB"));
        assert!(!is_valid("JFs-gPC-Js8-thi-fx"));
        assert!(!is_valid("JFsgPC-Js8-thi-fxA-"));
        assert!(!is_valid("0Fs-gPC-Js8-thi-fxA"));
    }

    #[test]
    fn public_credential_lines() {
        let c = PublicCredential::parse("123,4").unwrap();
        assert_eq!(c.weight(), Weight(4));
        assert_eq!(c.to_string(), "123,4");
        assert_eq!(
            PublicCredential::parse("123").unwrap().weight(),
            Weight::ONE
        );
        assert!(PublicCredential::parse("123,").is_err());
        assert!(PublicCredential::parse("12a").is_err());
        assert!(PublicCredential::parse("1,2,3").is_err());
    }
}
