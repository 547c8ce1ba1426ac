//! The rules of an account's fields, checked by the server (authoritative, 422) and by the
//! SPA before sending (a translated message without a round trip): written once, here.

/// Shortest accepted password, in characters (NIST SP 800-63B length rules; no composition
/// rules, which only make passwords harder to remember).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest accepted password, in characters.
pub const PASSWORD_MAX_CHARS: usize = 128;
/// Longest display name, in characters, after trimming.
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;
/// Longest email address, in bytes (RFC 5321's path limit).
pub const EMAIL_MAX_BYTES: usize = 254;
/// Longest local part of an email address, in bytes.
pub const EMAIL_LOCAL_MAX_BYTES: usize = 64;

/// Why a field is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Empty (after trimming, where the field is trimmed).
    Required,
    /// Shorter than the field's minimum (a password under 12 characters).
    TooShort,
    /// Longer than the field's maximum (a password over 128 characters, a display name over 80).
    TooLong,
    /// Not of the expected form (an email address), or holding a control character.
    Invalid,
}

/// An email address, normalised (trimmed, lowercase): one `@`, a local part of 1 to 64
/// bytes, a dotted domain of letters, digits and inner dashes, no spaces, control characters
/// or `<>",`. Deliberately permissive beyond that: the confirmation link proves it works.
pub fn email(raw: &str) -> Result<String, Problem> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.len() > EMAIL_MAX_BYTES
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
        || email.contains(['<', '>', '"', ','])
    {
        return Err(Problem::Invalid);
    }
    let (local, domain) = email.split_once('@').ok_or(Problem::Invalid)?;
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local.is_empty() || local.len() > EMAIL_LOCAL_MAX_BYTES || !domain_ok {
        return Err(Problem::Invalid);
    }
    Ok(email)
}

/// A new password: 12 to 128 characters (not bytes), kept as typed.
pub fn new_password(raw: &str) -> Result<(), Problem> {
    match raw.chars().count() {
        0 => Err(Problem::Required),
        n if n < PASSWORD_MIN_CHARS => Err(Problem::TooShort),
        n if n > PASSWORD_MAX_CHARS => Err(Problem::TooLong),
        _ => Ok(()),
    }
}

/// A display name, trimmed: 1 to 80 characters, no control characters.
pub fn display_name(raw: &str) -> Result<&str, Problem> {
    let name = raw.trim();
    match name.chars().count() {
        0 => Err(Problem::Required),
        n if n > DISPLAY_NAME_MAX_CHARS => Err(Problem::TooLong),
        _ if name.chars().any(char::is_control) => Err(Problem::Invalid),
        _ => Ok(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            email(" Marie@Exemple.FR "),
            Ok("marie@exemple.fr".to_owned())
        );
        assert_eq!(email("  "), Err(Problem::Required));
        for bad in [
            "marie",
            "marie@",
            "@exemple.fr",
            "marie@exemple",
            "ma rie@exemple.fr",
            "a@b@exemple.fr",
            "marie@-exemple.fr",
            "marie@exemple..fr",
            "\"marie\"@exemple.fr",
            "marie@exemple.fr\u{0}",
        ] {
            assert_eq!(email(bad), Err(Problem::Invalid), "{bad:?}");
        }
        assert_eq!(
            email(&format!("{}@exemple.fr", "x".repeat(65))),
            Err(Problem::Invalid)
        );
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert_eq!(new_password(""), Err(Problem::Required));
        assert_eq!(new_password("éééééééééééé"), Ok(()));
        assert_eq!(new_password("court"), Err(Problem::TooShort));
        assert_eq!(new_password(&"x".repeat(128)), Ok(()));
        assert_eq!(new_password(&"x".repeat(129)), Err(Problem::TooLong));
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(display_name(" Marie "), Ok("Marie"));
        assert_eq!(display_name("   "), Err(Problem::Required));
        assert_eq!(display_name(&"é".repeat(80)), Ok("é".repeat(80).as_str()));
        assert_eq!(display_name(&"x".repeat(81)), Err(Problem::TooLong));
        assert_eq!(display_name("Ma\u{7}rie"), Err(Problem::Invalid));
    }
}
