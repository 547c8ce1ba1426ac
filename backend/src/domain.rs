//! Values parsed once at the edge ("parse, don't validate"): once a handler holds an
//! [`EmailAddress`], a [`NewPassword`] or a [`DisplayName`], it is known to be acceptable.

use protocol::ErrorCode;

use crate::error::ApiError;

/// A normalised email address ([`protocol::account::email`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        protocol::account::email(raw)
            .map(Self)
            .map_err(|_| ApiError::field(ErrorCode::Validation, "email"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password acceptable for a new account ([`protocol::account::new_password`]).
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        protocol::account::new_password(raw)
            .map(|()| Self(raw.to_owned()))
            .map_err(|_| ApiError::code(ErrorCode::WeakPassword))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A display name, trimmed ([`protocol::account::display_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        protocol::account::display_name(raw)
            .map(|name| Self(name.to_owned()))
            .map_err(|_| ApiError::field(ErrorCode::Validation, "display_name"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A town slug: 2–40 lowercase ASCII letters, digits and dashes.
pub fn parse_slug(raw: &str) -> Result<String, ApiError> {
    let ok = (2..=40).contains(&raw.len())
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !raw.starts_with('-');
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(ApiError::field(ErrorCode::Validation, "slug"))
    }
}

/// A `#rrggbb` colour.
pub fn parse_color(raw: &str) -> Result<String, ApiError> {
    let ok =
        raw.len() == 7 && raw.starts_with('#') && raw[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(ApiError::field(ErrorCode::Validation, "color"))
    }
}

/// A town's public address: an absolute `http` or `https` URL with a host, without user,
/// query or fragment; returned without its trailing slash (links are appended to it).
pub fn parse_public_url(raw: &str) -> Result<String, ApiError> {
    let invalid = || ApiError::field(ErrorCode::Validation, "public_url");
    let url = url::Url::parse(raw.trim()).map_err(|_| invalid())?;
    let fine = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none();
    if fine {
        Ok(url.as_str().trim_end_matches('/').to_owned())
    } else {
        Err(invalid())
    }
}

/// A host name as found in a `Host` header: lowercase, without port.
pub fn normalize_host(raw: &str) -> String {
    let raw = raw.trim().to_ascii_lowercase();
    if let Some(rest) = raw.strip_prefix('[') {
        // IPv6 literal: "[::1]:8080"
        return rest.split(']').next().unwrap_or("").to_owned();
    }
    raw.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(raw.clone(), |(host, _)| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_absolute_web_addresses() {
        assert_eq!(
            parse_public_url(" https://Voix.Ville-B.fr/ ").unwrap(),
            "https://voix.ville-b.fr"
        );
        assert_eq!(
            parse_public_url("http://ville-b.localhost:8181/voix/").unwrap(),
            "http://ville-b.localhost:8181/voix"
        );
        for bad in [
            "ville-b.fr",
            "ftp://ville-b.fr",
            "https://user@ville-b.fr",
            "https://ville-b.fr/?a=1",
            "https://ville-b.fr/#x",
            "",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Alice@Ville.FR ").unwrap().as_str(),
            "alice@ville.fr"
        );
        for bad in [
            "",
            "alice",
            "alice@",
            "@ville.fr",
            "a@b",
            "a b@ville.fr",
            "a@@ville.fr",
            "a@ville..fr",
            "a@-x.fr",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn passwords_need_twelve_to_128_characters() {
        assert!(NewPassword::parse("court").is_err());
        assert!(NewPassword::parse("douze-caract").is_ok());
        assert!(NewPassword::parse(&"é".repeat(128)).is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("douze-caract").unwrap()),
            "NewPassword([redacted])"
        );
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Léa ").unwrap().as_str(), "Léa");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(81)).is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
    }

    #[test]
    fn hosts_lose_their_port() {
        assert_eq!(normalize_host("Ville-A.Example:8080"), "ville-a.example");
        assert_eq!(normalize_host("127.0.0.1"), "127.0.0.1");
        assert_eq!(normalize_host("[::1]:8080"), "::1");
    }

    #[test]
    fn slugs_and_colors() {
        assert!(parse_slug("saint-denis").is_ok());
        assert!(parse_slug("Saint Denis").is_err());
        assert_eq!(parse_color("#AABBCC").unwrap(), "#aabbcc");
        assert!(parse_color("red").is_err());
    }
}
