//! What the SPA says when a request to the API fails.

use super::*;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::text::error_message;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Errors {
    ErrNetwork,
    ErrBadRequest,
}

impl Text for Errors {
    fn pair(self) -> (&'static str, &'static str) {
        use Errors::*;
        match self {
            ErrNetwork => (
                "Le serveur est injoignable. Vérifiez votre connexion puis réessayez.",
                "The server cannot be reached. Check your connection and try again.",
            ),
            ErrBadRequest => (
                "La demande n’a pas pu être traitée. Rechargez la page et réessayez.",
                "The request could not be processed. Reload the page and try again.",
            ),
        }
    }
}

/// The API's own errors, in the words the server uses (`protocol::text`), in either language.
impl Text for ErrorCode {
    fn pair(self) -> (&'static str, &'static str) {
        (
            error_message(self, Language::Fr),
            error_message(self, Language::En),
        )
    }
}

/// What the SPA says for an API error code. `None` means "show the server's (already
/// translated) message", which carries details ours cannot.
pub fn error_code_key(code: ErrorCode) -> Option<Key> {
    Some(match code {
        // A malformed request is the SPA's own fault: reloading is the way out.
        ErrorCode::InvalidBody
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::MethodNotAllowed => Errors::ErrBadRequest.into(),
        ErrorCode::ResidencyNotFound => Account::ResidencyNotFoundHelp.into(),
        // The server's message names the field and the rule: more useful than ours.
        ErrorCode::Validation | ErrorCode::Conflict => return None,
        // Built with the Retry-After delay by `too_many_requests`.
        ErrorCode::TooManyRequests => return None,
        // The census page shows the refused rows itself.
        ErrorCode::CensusInvalid => return None,
        // The server's message says what is frozen, or which rows of the list it refused.
        ErrorCode::ConsultationFrozen | ErrorCode::VoterListInvalid => return None,
        ErrorCode::TrusteesNotReady
        | ErrorCode::ConsultationNotOpen
        | ErrorCode::NotEligible
        | ErrorCode::InvalidBallot
        | ErrorCode::ResultsNotPublished => return None,
        // The server's message says which check failed.
        ErrorCode::InvalidTrusteeMessage => return None,
        other => other.into(),
    })
}

/// "Too many attempts", with the `Retry-After` delay when the server gave one.
pub fn too_many_requests(lang: Language, retry_after_secs: Option<u64>) -> String {
    let Some(secs) = retry_after_secs else {
        return match lang {
            Language::Fr => "Trop de tentatives. Patientez un moment puis réessayez.".to_owned(),
            Language::En => "Too many attempts. Wait a moment, then try again.".to_owned(),
        };
    };
    let (n, fr_unit, en_unit) = if secs >= 120 {
        (secs.div_ceil(60), "minutes", "minutes")
    } else if secs > 1 {
        (secs, "secondes", "seconds")
    } else {
        (1, "seconde", "second")
    };
    match lang {
        Language::Fr => format!("Trop de tentatives. Réessayez dans {n} {fr_unit}."),
        Language::En => format!("Too many attempts. Try again in {n} {en_unit}."),
    }
}

/// A server answer the SPA did not expect (e.g. an HTML error page from a proxy).
pub fn unexpected_response(lang: Language, status: u16) -> String {
    match lang {
        Language::Fr => format!(
            "Réponse inattendue du serveur (code {status}). Réessayez dans quelques instants."
        ),
        Language::En => {
            format!("Unexpected answer from the server (code {status}). Please try again later.")
        }
    }
}
