//! Hashing: Fiat–Shamir challenges, fingerprints, trackers, archive names.
//!
//! `doc/specification.tex`, section "Messages" (notation `H`); FORMAT.md §5.
//! `H(prefix, [x1…xk]) = int_be(SHA256(prefix ‖ dec(x1) "," … "," dec(xk))) mod q`
//! (`Group_field.hash`). Each proof type has its own prefix (domain separation); the prefix
//! strings are the named constants below and are written verbatim, trailing `|` included.
//! Because the challenge commits to the statement (prefix) and every commitment, a proof made
//! for one context cannot be replayed in another.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use sha2::{Digest, Sha256};

use super::group::{Elem, Group, Scalar};
use super::num;

/// Trustee proof of knowledge: `pok|<group name>|<X>|` (`doc/specification.tex`
/// "Verification keys").
pub const POK_PREFIX: &str = "pok";
/// PKI signature of a message: `sigmsg|<message>|` ("Public-key infrastructure").
pub const SIGMSG_PREFIX: &str = "sigmsg";
/// Ballot signature: `sig|<hash>|` ("Signatures").
pub const SIG_PREFIX: &str = "sig";
/// Individual and overall disjunctive proofs: `prove|<S>|<α>,<β>|` ("Proofs of interval
/// membership").
pub const PROVE_PREFIX: &str = "prove";
/// Blank proof `m0 = 0 ∨ mΣ = 0`: `bproof0|<S>|` ("Proofs for blank votes").
pub const BPROOF0_PREFIX: &str = "bproof0";
/// Overall proof of a blank-allowed question: `bproof1|<S>|`.
pub const BPROOF1_PREFIX: &str = "bproof1";
/// Decryption-factor proof: `decrypt|<φ>|<X>|` ("Partial decryptions").
pub const DECRYPT_PREFIX: &str = "decrypt";

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Lowercase hex SHA-256 (archive record names, event parents and payloads).
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&sha256(data))
}

/// Base64 (standard alphabet, no padding) SHA-256: election fingerprint, ballot signature
/// hash, smart ballot tracker (`sha256-b64`).
pub fn sha256_b64(data: &[u8]) -> String {
    STANDARD_NO_PAD.encode(sha256(data))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Decodes lowercase or uppercase hexadecimal.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.as_bytes()
        .chunks(2)
        .map(|c| {
            let h = (c[0] as char).to_digit(16)?;
            let l = (c[1] as char).to_digit(16)?;
            Some((h * 16 + l) as u8)
        })
        .collect()
}

/// `H(prefix, elems)` of the specification: the challenge of a Fiat–Shamir proof.
pub fn hash_to_scalar(group: &Group, prefix: &str, elems: &[Elem]) -> Scalar {
    let mut h = Sha256::new();
    h.update(prefix.as_bytes());
    for (i, x) in elems.iter().enumerate() {
        if i > 0 {
            h.update(b",");
        }
        h.update(num::to_decimal(&x.0).as_bytes());
    }
    let digest: [u8; 32] = h.finalize().into();
    Scalar(group.reduce_vartime(&num::from_be_bytes(&digest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let b = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex(&b), "0001abff");
        assert_eq!(unhex("0001abff").unwrap(), b);
        assert!(unhex("0g").is_none());
        assert!(unhex("abc").is_none());
    }
}
