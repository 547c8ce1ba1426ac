//! The form checks of the SPA, for a translated message before a round trip. The rules of
//! account fields are `protocol::account`'s, the server's own; this module only names each
//! refusal's text.

use protocol::account::{self, Problem};

use crate::i18n::Account;

/// An email address: required, and of the form the server accepts.
pub fn email(value: &str) -> Option<Account> {
    match account::email(value) {
        Ok(_) => None,
        Err(Problem::Required) => Some(Account::ErrEmailRequired),
        Err(_) => Some(Account::ErrEmailInvalid),
    }
}

/// A new password: 12 to 128 characters.
pub fn new_password(value: &str) -> Option<Account> {
    match account::new_password(value) {
        Ok(()) => None,
        Err(Problem::Required) => Some(Account::ErrPasswordRequired),
        Err(Problem::TooShort) => Some(Account::ErrPasswordTooShort),
        Err(_) => Some(Account::ErrPasswordTooLong),
    }
}

/// An existing password (sign-in, current password): only required.
pub fn existing_password(value: &str) -> Option<Account> {
    value.is_empty().then_some(Account::ErrPasswordRequired)
}

/// A display name: 1 to 80 characters after trimming, no control characters.
pub fn display_name(value: &str) -> Option<Account> {
    match account::display_name(value) {
        Ok(_) => None,
        Err(Problem::Required) => Some(Account::ErrDisplayNameRequired),
        Err(Problem::TooLong) => Some(Account::ErrDisplayNameTooLong),
        Err(_) => Some(Account::ErrDisplayNameInvalid),
    }
}

/// A one-time code: 6 digits (spaces ignored, as apps often show `123 456`).
pub fn totp_code(value: &str) -> Option<Account> {
    let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(Account::ErrTotpCodeFormat)
}

/// A recovery code: only required (the server knows which ones are valid).
pub fn recovery_code(value: &str) -> Option<Account> {
    value
        .trim()
        .is_empty()
        .then_some(Account::ErrRecoveryCodeRequired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email(""), Some(Account::ErrEmailRequired));
        assert_eq!(email("marie@exemple.fr"), None);
        assert_eq!(email(" marie@exemple.fr "), None);
        for bad in [
            "marie",
            "marie@",
            "@exemple.fr",
            "marie@exemple",
            "ma rie@exemple.fr",
        ] {
            assert_eq!(email(bad), Some(Account::ErrEmailInvalid), "{bad}");
        }
    }

    #[test]
    fn passwords_count_characters_not_bytes() {
        assert_eq!(new_password("éééééééééééé"), None);
        assert_eq!(new_password("short"), Some(Account::ErrPasswordTooShort));
        assert_eq!(
            new_password(&"x".repeat(129)),
            Some(Account::ErrPasswordTooLong)
        );
    }

    #[test]
    fn display_names_are_trimmed() {
        assert_eq!(display_name("   "), Some(Account::ErrDisplayNameRequired));
        assert_eq!(display_name(" Marie "), None);
        assert_eq!(
            display_name(&"x".repeat(81)),
            Some(Account::ErrDisplayNameTooLong)
        );
    }

    #[test]
    fn one_time_codes_are_six_digits() {
        assert_eq!(totp_code("123456"), None);
        assert_eq!(totp_code("123 456"), None);
        for bad in ["", "12345", "1234567", "12a456"] {
            assert_eq!(totp_code(bad), Some(Account::ErrTotpCodeFormat), "{bad}");
        }
        assert_eq!(recovery_code("  "), Some(Account::ErrRecoveryCodeRequired));
    }
}
