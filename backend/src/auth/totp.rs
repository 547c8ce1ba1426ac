//! Time-based one-time passwords (RFC 6238) for the second factor, and recovery codes.
//!
//! The parameters are the ones every authenticator app supports: HMAC-SHA-1, 6 digits, 30-second
//! steps. A code is accepted for the current step and one step either side (clock drift and
//! typing time), and never twice: the caller stores the accepted step and passes it back as
//! `last_step`, so that step and every earlier one are refused afterwards. Comparisons are
//! constant-time. Nothing here logs a secret or a code.

use data_encoding::BASE32_NOPAD;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Seconds per time step.
pub const STEP_SECS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// 160-bit secrets, as RFC 4226 recommends for HMAC-SHA-1.
pub const SECRET_BYTES: usize = 20;
/// How many recovery codes an enrolment hands out.
pub const RECOVERY_CODES: usize = 10;

type HmacSha1 = hmac::Hmac<sha1::Sha1>;

/// A fresh random secret.
pub fn generate_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).expect("the operating system's random generator is available");
    bytes
}

/// The secret as authenticator apps expect it: RFC 4648 base32, no padding.
pub fn encode_secret(secret: &[u8]) -> String {
    BASE32_NOPAD.encode(secret)
}

/// Reads a base32 secret (case and spaces ignored), e.g. typed from the enrolment page.
pub fn decode_secret(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

/// The time step containing Unix time `unix`.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECS)
}

/// HOTP (RFC 4226) of `secret` at counter `step`, truncated to `digits` decimal digits.
pub fn code_at(secret: &[u8], step: i64, digits: u32) -> u32 {
    let mut mac = HmacSha1::new_from_slice(secret).expect("HMAC accepts keys of any length");
    // Steps before 1970 do not occur; clamp rather than wrap.
    let counter = u64::try_from(step).unwrap_or(0);
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = (u32::from(digest[offset]) & 0x7f) << 24
        | u32::from(digest[offset + 1]) << 16
        | u32::from(digest[offset + 2]) << 8
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The 6-digit code for `secret` at Unix time `unix`, zero-padded.
pub fn code_for_time(secret: &[u8], unix: i64) -> String {
    format_code(code_at(secret, step_of(unix), DIGITS), DIGITS)
}

fn format_code(code: u32, digits: u32) -> String {
    format!("{code:0width$}", width = digits as usize)
}

/// Checks `code` against `secret` at Unix time `now`, allowing one step of drift either way and
/// refusing every step `<= last_step`. Returns the step the code matched, which the caller must
/// store as the new `last_step`.
pub fn verify(secret: &[u8], code: &str, now: i64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = step_of(now);
    let mut matched = None;
    // Every candidate is computed and compared, whatever matches, so the time taken does not
    // depend on which step (if any) the code belongs to.
    for step in [current - 1, current, current + 1] {
        let expected = format_code(code_at(secret, step, DIGITS), DIGITS);
        let equal: bool = expected.as_bytes().ct_eq(code.as_bytes()).into();
        let fresh = last_step.is_none_or(|last| step > last);
        if equal && fresh && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

/// `otpauth://totp/<email>?secret=…&issuer=…` (the Key URI format authenticator apps read).
pub fn otpauth_uri(secret: &[u8], issuer: &str, email: &str) -> String {
    format!(
        "otpauth://totp/{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        percent_encode(email),
        encode_secret(secret),
        percent_encode(issuer)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The QR code of `data` as a standalone `<svg>` element (no XML declaration, no style
/// attribute, so it can be placed in a page under the strict Content Security Policy).
pub fn qr_svg(data: &str) -> anyhow::Result<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].to_owned())
}

/// Fresh recovery codes: 16 base32 characters (80 random bits) in groups of four, e.g.
/// `ABCD-EFGH-IJKL-MNOP`. Only [`recovery_digest`] of each is stored.
pub fn generate_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            getrandom::fill(&mut bytes)
                .expect("the operating system's random generator is available");
            let text = BASE32_NOPAD.encode(&bytes);
            text.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// SHA-256 of a recovery code, ignoring case, spaces and dashes (as people retype them).
/// A plain hash is enough: the codes carry 80 random bits, beyond any offline guessing.
pub fn recovery_digest(code: &str) -> Vec<u8> {
    let clean: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Sha256::digest(clean.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 appendix B, SHA-1 column (8 digits).
    #[test]
    fn rfc6238_appendix_b_vectors() {
        for (time, expected) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(code_at(RFC_SECRET, step_of(time), 8), expected, "T={time}");
        }
        // The same vectors truncated to six digits are the last six digits.
        assert_eq!(code_for_time(RFC_SECRET, 1111111109), "081804");
    }

    #[test]
    fn accepts_one_step_either_side_and_no_more() {
        let now = 1_700_000_000;
        for (offset, ok) in [
            (-60, false),
            (-30, true),
            (0, true),
            (30, true),
            (60, false),
        ] {
            let code = code_for_time(RFC_SECRET, now + offset);
            assert_eq!(
                verify(RFC_SECRET, &code, now, None).is_some(),
                ok,
                "offset {offset}"
            );
        }
        let code = code_for_time(RFC_SECRET, now);
        assert_eq!(verify(RFC_SECRET, &code, now, None), Some(step_of(now)));
        assert!(verify(RFC_SECRET, "12345", now, None).is_none());
        assert!(verify(RFC_SECRET, "12a456", now, None).is_none());
        assert!(verify(RFC_SECRET, "", now, None).is_none());
    }

    #[test]
    fn refuses_a_replayed_or_older_code() {
        let now = 1_700_000_000;
        let code = code_for_time(RFC_SECRET, now);
        let step = verify(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step)), None);
        assert_eq!(verify(RFC_SECRET, &code, now + 15, Some(step)), None);
        let previous = code_for_time(RFC_SECRET, now - 30);
        assert_eq!(verify(RFC_SECRET, &previous, now, Some(step)), None);
        let next = code_for_time(RFC_SECRET, now + 30);
        assert_eq!(
            verify(RFC_SECRET, &next, now + 30, Some(step)),
            Some(step + 1)
        );
    }

    #[test]
    fn secrets_round_trip_and_uri_is_well_formed() {
        let secret = generate_secret();
        assert_eq!(secret.len(), 20);
        let text = encode_secret(&secret);
        assert_eq!(text.len(), 32);
        assert_eq!(decode_secret(&text.to_lowercase()).unwrap(), secret);
        let uri = otpauth_uri(&secret, "Voix — Ville", "a+b@ville.fr");
        assert!(
            uri.starts_with("otpauth://totp/a%2Bb%40ville.fr?secret="),
            "{uri}"
        );
        assert!(uri.contains("&issuer=Voix%20%E2%80%94%20Ville&"), "{uri}");
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalised() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes[0].len(), 19);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(
            recovery_digest(&codes[0]),
            recovery_digest(&codes[0].to_lowercase().replace('-', " "))
        );
    }
}
