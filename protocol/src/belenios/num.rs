//! Big numbers as Belenios writes them: canonical base-10 strings.
//!
//! Group elements and scalars travel as JSON strings of decimal digits (FORMAT.md §4) and are
//! hashed in that same form (FORMAT.md §5), so the conversion must be exact and unique. Parsing
//! is strict: only ASCII digits, no sign, no leading zero (except `"0"` itself), at most 2048
//! bits. Internally numbers are fixed-width [`Uint`] (2048 bits) so that the same values feed
//! both the constant-time and the variable-time arithmetic without re-allocation; `num-bigint`
//! does the base conversions, which only ever touch public values.

use crypto_bigint::U2048;
use num_bigint::BigUint;

use super::error::Error;

/// The fixed-width integer type of every number of the protocol (2048 bits).
pub type Uint = U2048;

/// Number of bytes of a [`Uint`].
pub(crate) const UINT_BYTES: usize = 256;

/// Maximum number of decimal digits of a 2048-bit number.
const MAX_DIGITS: usize = 617;

/// Parses a canonical decimal string into a [`Uint`].
pub(crate) fn parse_decimal(s: &str) -> Result<Uint, Error> {
    let bytes = s.as_bytes();
    let canonical = !bytes.is_empty()
        && bytes.len() <= MAX_DIGITS
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes.len() == 1 || bytes[0] != b'0');
    if !canonical {
        return Err(Error::Number(truncate(s)));
    }
    let big = BigUint::parse_bytes(bytes, 10).ok_or_else(|| Error::Number(truncate(s)))?;
    biguint_to_uint(&big).ok_or_else(|| Error::Number(truncate(s)))
}

/// Converts a `BigUint` to a [`Uint`], or `None` if it does not fit in 2048 bits.
pub(crate) fn biguint_to_uint(b: &BigUint) -> Option<Uint> {
    let bytes = b.to_bytes_be();
    if bytes.len() > UINT_BYTES {
        return None;
    }
    let mut buf = [0u8; UINT_BYTES];
    buf[UINT_BYTES - bytes.len()..].copy_from_slice(&bytes);
    Some(Uint::from_be_slice(&buf))
}

/// Converts a [`Uint`] to a `BigUint` (public values only: not constant time).
pub(crate) fn uint_to_biguint(u: &Uint) -> BigUint {
    BigUint::from_bytes_be(u.to_be_bytes().as_ref())
}

/// The canonical decimal string of a public number.
pub(crate) fn to_decimal(u: &Uint) -> String {
    uint_to_biguint(u).to_str_radix(10)
}

/// A [`Uint`] from a small integer.
pub(crate) fn from_u64(x: u64) -> Uint {
    Uint::from_u64(x)
}

/// A [`Uint`] from up to 256 big-endian bytes.
pub(crate) fn from_be_bytes(bytes: &[u8]) -> Uint {
    let mut buf = [0u8; UINT_BYTES];
    let n = bytes.len().min(UINT_BYTES);
    buf[UINT_BYTES - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    Uint::from_be_slice(&buf)
}

/// Shortens a hostile string before it goes into an error message.
pub(crate) fn truncate(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trip_and_strictness() {
        for s in ["0", "1", "10", "123456789012345678901234567890"] {
            assert_eq!(to_decimal(&parse_decimal(s).unwrap()), s);
        }
        for s in ["", "01", "+1", "-1", " 1", "1 ", "0x10", "1e3", "١"] {
            assert!(parse_decimal(s).is_err(), "{s:?} accepted");
        }
        let too_big = "9".repeat(617);
        assert!(parse_decimal(&too_big).is_err());
        assert!(parse_decimal(&"1".repeat(618)).is_err());
    }
}
