//! Client-side mirrors of the server's validation rules, for friendly messages before a round
//! trip. The server stays authoritative.

use crate::i18n::Key;

/// Shortest accepted password, in characters.
pub const PASSWORD_MIN: usize = 12;
/// Longest accepted password, in characters.
pub const PASSWORD_MAX: usize = 128;
/// Longest accepted display name, in characters, after trimming.
pub const DISPLAY_NAME_MAX: usize = 80;

/// An email address: required, and must look like `local@domain.tld`.
pub fn email(value: &str) -> Option<Key> {
    let value = value.trim();
    if value.is_empty() {
        return Some(Key::ErrEmailRequired);
    }
    (!looks_like_email(value)).then_some(Key::ErrEmailInvalid)
}

fn looks_like_email(value: &str) -> bool {
    if value.len() > 254 || value.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A new password: 12 to 128 characters.
pub fn new_password(value: &str) -> Option<Key> {
    let n = value.chars().count();
    if n == 0 {
        Some(Key::ErrPasswordRequired)
    } else if n < PASSWORD_MIN {
        Some(Key::ErrPasswordTooShort)
    } else if n > PASSWORD_MAX {
        Some(Key::ErrPasswordTooLong)
    } else {
        None
    }
}

/// An existing password (sign-in, current password): only required.
pub fn existing_password(value: &str) -> Option<Key> {
    value.is_empty().then_some(Key::ErrPasswordRequired)
}

/// A display name: 1 to 80 characters after trimming.
pub fn display_name(value: &str) -> Option<Key> {
    let n = value.trim().chars().count();
    if n == 0 {
        Some(Key::ErrDisplayNameRequired)
    } else if n > DISPLAY_NAME_MAX {
        Some(Key::ErrDisplayNameTooLong)
    } else {
        None
    }
}

/// A one-time code: 6 digits (spaces ignored, as apps often show `123 456`).
pub fn totp_code(value: &str) -> Option<Key> {
    let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(Key::ErrTotpCodeFormat)
}

/// A recovery code: only required (the server knows which ones are valid).
pub fn recovery_code(value: &str) -> Option<Key> {
    value
        .trim()
        .is_empty()
        .then_some(Key::ErrRecoveryCodeRequired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email(""), Some(Key::ErrEmailRequired));
        assert_eq!(email("marie@exemple.fr"), None);
        assert_eq!(email(" marie@exemple.fr "), None);
        for bad in [
            "marie",
            "marie@",
            "@exemple.fr",
            "marie@exemple",
            "ma rie@exemple.fr",
        ] {
            assert_eq!(email(bad), Some(Key::ErrEmailInvalid), "{bad}");
        }
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert_eq!(new_password("éééééééééééé"), None);
        assert_eq!(new_password("short"), Some(Key::ErrPasswordTooShort));
        assert_eq!(
            new_password(&"x".repeat(129)),
            Some(Key::ErrPasswordTooLong)
        );
    }

    #[test]
    fn display_names_are_trimmed() {
        assert_eq!(display_name("   "), Some(Key::ErrDisplayNameRequired));
        assert_eq!(display_name(" Marie "), None);
        assert_eq!(
            display_name(&"x".repeat(81)),
            Some(Key::ErrDisplayNameTooLong)
        );
    }

    #[test]
    fn one_time_codes_are_six_digits() {
        assert_eq!(totp_code("123456"), None);
        assert_eq!(totp_code("123 456"), None);
        for bad in ["", "12345", "1234567", "12a456"] {
            assert_eq!(totp_code(bad), Some(Key::ErrTotpCodeFormat), "{bad}");
        }
        assert_eq!(recovery_code("  "), Some(Key::ErrRecoveryCodeRequired));
    }
}
