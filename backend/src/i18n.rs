//! The request's language, and the API's error messages (`protocol::text`, the words the SPA
//! shows too).

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use protocol::api::Language;

pub use protocol::text::error_message;

/// The sentence of an API answer that only says what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A registration, whether or not the address had an account.
    RegistrationSent,
    EmailConfirmed,
    /// A reset request, whether or not the address has an account.
    ResetSent,
    PasswordReset,
}

impl Notice {
    pub fn text(self, lang: Language) -> &'static str {
        use Notice::*;
        match (self, lang) {
            (RegistrationSent, Language::Fr) => {
                "Si cette adresse peut être utilisée, un courriel de confirmation vient d'y être envoyé."
            }
            (RegistrationSent, Language::En) => {
                "If this address can be used, a confirmation email has just been sent to it."
            }
            (EmailConfirmed, Language::Fr) => {
                "Votre adresse est confirmée. Vous pouvez vous connecter."
            }
            (EmailConfirmed, Language::En) => "Your address is confirmed. You can now sign in.",
            (ResetSent, Language::Fr) => {
                "Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être envoyé."
            }
            (ResetSent, Language::En) => {
                "If an account exists for this address, a reset link has just been sent to it."
            }
            (PasswordReset, Language::Fr) => {
                "Votre mot de passe a été changé. Vous pouvez vous connecter."
            }
            (PasswordReset, Language::En) => "Your password has been changed. You can now sign in.",
        }
    }

    /// The `Accepted` body saying it.
    pub fn accepted(self, lang: Language) -> protocol::api::Accepted {
        protocol::api::Accepted {
            message: self.text(lang).to_owned(),
        }
    }
}

/// The language a request asks for: `Accept-Language`'s first supported tag, French otherwise.
pub fn language_of(headers: &HeaderMap) -> Language {
    let Some(value) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Language::Fr;
    };
    let mut best: Option<(f32, Language)> = None;
    for part in value.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Language::parse(primary)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Language::Fr, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn picks_the_preferred_supported_language() {
        assert_eq!(language_of(&HeaderMap::new()), Language::Fr);
        assert_eq!(language_of(&with("en-GB,en;q=0.9")), Language::En);
        assert_eq!(
            language_of(&with("de-DE, en;q=0.5, fr;q=0.8")),
            Language::Fr
        );
        assert_eq!(language_of(&with("de")), Language::Fr);
    }
}
