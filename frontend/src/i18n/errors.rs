//! What the SPA says when a request to the API fails.

use super::*;
use protocol::ErrorCode;
use protocol::api::Language;

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Errors {
    ErrNetwork,
    ErrBadRequest,
    ErrWeakPassword,
    ErrUnauthenticated,
    ErrInvalidCredentials,
    ErrEmailNotVerified,
    ErrTotpRequired,
    ErrInvalidTotp,
    ErrTotpEnrolmentRequired,
    ErrAccountDisabled,
    ErrForbidden,
    ErrCsrf,
    ErrNotFound,
    ErrInvalidToken,
    ErrInternal,
    ErrUnavailable,
    ErrDirectoryUnavailable,
    ErrUnknownCategory,
    ErrInvalidImage,
    ErrImageTooLarge,
    ErrIdempotencyKeyReused,
    ErrTooManyPhotos,
    ErrInvalidTransition,
    ErrAccountBlocked,
    ErrResidencyRequired,
    ErrReopenExpired,
    ErrNotTrustee,
    ErrInvalidTrusteeMessage,
    ErrTrusteeStepMismatch,
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
            ErrWeakPassword => (
                "Ce mot de passe est trop faible ou trop courant. Choisissez-en un autre, de 12 à \
                 128 caractères.",
                "This password is too weak or too common. Choose another one, 12 to 128 \
                 characters long.",
            ),
            ErrUnauthenticated => (
                "Votre session a expiré. Connectez-vous à nouveau.",
                "Your session has expired. Please sign in again.",
            ),
            ErrInvalidCredentials => (
                "Adresse électronique ou mot de passe incorrect.",
                "Incorrect email address or password.",
            ),
            ErrEmailNotVerified => (
                "Votre adresse électronique n’est pas encore confirmée. Ouvrez le lien reçu par \
                 e-mail pour activer votre compte.",
                "Your email address is not confirmed yet. Open the link we emailed you to \
                 activate your account.",
            ),
            ErrTotpRequired => (
                "Saisissez le code à usage unique de votre application d’authentification.",
                "Enter the one-time code from your authenticator app.",
            ),
            ErrInvalidTotp => (
                "Ce code n’est pas valide, a expiré ou a déjà servi. Attendez le code suivant \
                 et réessayez.",
                "This code is invalid, has expired or has already been used. Wait for the next \
                 code and try again.",
            ),
            ErrTotpEnrolmentRequired => (
                "Configurez d’abord la double authentification de votre compte.",
                "Please set up two-step verification for your account first.",
            ),
            ErrAccountDisabled => (
                "Ce compte a été désactivé. Contactez la mairie pour en savoir plus.",
                "This account has been disabled. Contact the town hall to find out more.",
            ),
            ErrForbidden => (
                "Vous n’avez pas les droits nécessaires pour cette action.",
                "You are not allowed to do this.",
            ),
            ErrCsrf => (
                "La demande a été refusée par sécurité. Rechargez la page et réessayez.",
                "The request was refused for security reasons. Reload the page and try again.",
            ),
            ErrNotFound => ("Élément introuvable.", "Not found."),
            ErrInvalidToken => (
                "Ce lien n’est pas valide ou a expiré. Demandez-en un nouveau.",
                "This link is invalid or has expired. Please ask for a new one.",
            ),
            ErrInternal => (
                "Une erreur est survenue sur le serveur. Réessayez dans quelques instants.",
                "Something went wrong on the server. Please try again in a moment.",
            ),
            ErrUnavailable => (
                "Le service est momentanément indisponible. Réessayez dans quelques instants.",
                "The service is temporarily unavailable. Please try again in a moment.",
            ),
            ErrDirectoryUnavailable => (
                "L’annuaire de la mairie est injoignable : la connexion avec le compte de la \
                 mairie est impossible pour le moment. Réessayez plus tard ou contactez le \
                 service informatique.",
                "The town hall’s directory cannot be reached: signing in with a town hall \
                 account is not possible for now. Try again later or contact the IT department.",
            ),
            ErrUnknownCategory => (
                "Cette catégorie n’existe pas ou n’est plus proposée. Choisissez-en une dans la liste.",
                "This category does not exist or is no longer offered. Choose one from the list.",
            ),
            ErrInvalidImage => (
                "Cette photo n’a pas pu être lue : envoyez une image JPEG, PNG ou WebP de 8\u{a0}Mo et 8\u{a0}000\u{a0}pixels de côté au plus.",
                "This photo could not be read: send a JPEG, PNG or WebP image of at most 8 MB and 8,000 pixels on each side.",
            ),
            ErrImageTooLarge => (
                "Cette photo a trop de pixels\u{a0}: 24\u{a0}mégapixels au plus (par exemple 6\u{a0}000 × 4\u{a0}000). Réduisez-la ou choisissez une définition plus basse dans l’appareil photo.",
                "This photo has too many pixels: at most 24 megapixels (for example 6,000 × 4,000). Shrink it or choose a lower resolution in the camera.",
            ),
            ErrIdempotencyKeyReused => (
                "Ce formulaire a déjà été envoyé avec un autre contenu. Rechargez la page et recommencez.",
                "This form was already sent with other content. Reload the page and try again.",
            ),
            ErrTooManyPhotos => (
                "Vous pouvez joindre 3\u{a0}photos au plus.",
                "You can attach at most 3 photos.",
            ),
            ErrInvalidTransition => (
                "Cette demande ne peut pas passer à ce statut depuis son statut actuel. Rechargez la page pour voir son état à jour.",
                "This request cannot move to that status from its current one. Reload the page to see its current state.",
            ),
            ErrAccountBlocked => (
                "La mairie a bloqué la publication depuis votre compte : vous pouvez consulter les demandes, mais plus en déposer ni en commenter.",
                "The town hall has blocked posting from your account: you can still read requests, but no longer file or comment on them.",
            ),
            ErrResidencyRequired => (
                "Pour déposer une demande, vous devez d’abord justifier de votre résidence dans la commune.",
                "To file a request, you must first verify that you live in the town.",
            ),
            ErrReopenExpired => (
                "Le délai pour rouvrir cette demande est dépassé. Vous pouvez déposer une nouvelle demande.",
                "The time to reopen this request has passed. You can file a new request.",
            ),
            ErrNotTrustee => (
                "Vous ne détenez pas de clé de cette consultation.",
                "You do not hold a key of this consultation.",
            ),
            ErrInvalidTrusteeMessage => (
                "Ce message a été refusé par le serveur : rien n’a été enregistré. Vérifiez que vous avez choisi le bon fichier de clé.",
                "The server refused this message: nothing was saved. Check that you chose the right key file.",
            ),
            ErrTrusteeStepMismatch => (
                "Cette étape n’est pas attendue maintenant : elle est peut-être déjà faite. Rechargez la page.",
                "This step is not expected now: it may already be done. Reload the page.",
            ),
        }
    }
}

/// Our own text for an API error code, when we have one better than the server's message.
/// `None` means "show the server's (already translated) message".
pub fn error_code_key(code: ErrorCode) -> Option<Key> {
    Some(Key::Errors(match code {
        ErrorCode::InvalidBody
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::MethodNotAllowed => Errors::ErrBadRequest,
        ErrorCode::WeakPassword => Errors::ErrWeakPassword,
        ErrorCode::Unauthenticated => Errors::ErrUnauthenticated,
        ErrorCode::InvalidCredentials => Errors::ErrInvalidCredentials,
        ErrorCode::EmailNotVerified => Errors::ErrEmailNotVerified,
        ErrorCode::TotpRequired => Errors::ErrTotpRequired,
        ErrorCode::InvalidTotp => Errors::ErrInvalidTotp,
        ErrorCode::TotpEnrolmentRequired => Errors::ErrTotpEnrolmentRequired,
        ErrorCode::AccountDisabled => Errors::ErrAccountDisabled,
        ErrorCode::Forbidden => Errors::ErrForbidden,
        ErrorCode::Csrf => Errors::ErrCsrf,
        ErrorCode::NotFound => Errors::ErrNotFound,
        ErrorCode::InvalidToken => Errors::ErrInvalidToken,
        ErrorCode::Internal => Errors::ErrInternal,
        ErrorCode::Unavailable => Errors::ErrUnavailable,
        ErrorCode::DirectoryUnavailable => Errors::ErrDirectoryUnavailable,
        // The server's message names the field and the rule: more useful than ours.
        ErrorCode::Validation | ErrorCode::Conflict => return None,
        // Built with the Retry-After delay by `too_many_requests`.
        ErrorCode::TooManyRequests => return None,
        ErrorCode::ResidencyNotFound => return Some(Account::ResidencyNotFoundHelp.into()),
        // The census page shows the refused rows itself.
        ErrorCode::CensusInvalid => return None,
        ErrorCode::UnknownCategory => Errors::ErrUnknownCategory,
        ErrorCode::InvalidImage => Errors::ErrInvalidImage,
        ErrorCode::ImageTooLarge => Errors::ErrImageTooLarge,
        ErrorCode::IdempotencyKeyReused => Errors::ErrIdempotencyKeyReused,
        ErrorCode::TooManyPhotos => Errors::ErrTooManyPhotos,
        ErrorCode::InvalidTransition => Errors::ErrInvalidTransition,
        ErrorCode::AccountBlocked => Errors::ErrAccountBlocked,
        ErrorCode::ResidencyRequired => Errors::ErrResidencyRequired,
        ErrorCode::ReopenExpired => Errors::ErrReopenExpired,
        // The server's message says what is frozen, or which rows of the list it refused.
        ErrorCode::ConsultationFrozen | ErrorCode::VoterListInvalid => return None,
        ErrorCode::TrusteesNotReady
        | ErrorCode::ConsultationNotOpen
        | ErrorCode::NotEligible
        | ErrorCode::InvalidBallot
        | ErrorCode::ResultsNotPublished => return None,
        ErrorCode::NotTrustee => Errors::ErrNotTrustee,
        // The server's message says which check failed.
        ErrorCode::InvalidTrusteeMessage => return None,
        ErrorCode::TrusteeStepMismatch => Errors::ErrTrusteeStepMismatch,
    }))
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
