//! What the server and the SPA both say, written once: the interface languages, a text in
//! both of them, what each error code means and how a request's status reads.
//!
//! The server sends [`error_message`] with each error; the SPA shows the same sentence in the
//! language of the moment (it may have changed since the answer came), except where the server's
//! own message carries the details (a validation's field, a refused file's rows).

use serde::{Deserialize, Serialize};

use crate::ErrorCode;
use crate::requests::RequestStatus;

/// A user interface and email language. French is the default everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// The language's code, as serialised: `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Parses `fr` or `en`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "fr" => Some(Self::Fr),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// A text in both languages. Staff enter both; readers get both and pick theirs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// The French text.
    pub fr: String,
    /// The English text.
    pub en: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
    }
}

/// What an error code means, in `lang`. Exhaustive: a new code without both texts does not
/// compile.
pub fn error_message(code: ErrorCode, lang: Language) -> &'static str {
    let (fr, en) = error_pair(code);
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

fn error_pair(code: ErrorCode) -> (&'static str, &'static str) {
    use ErrorCode::*;
    match code {
        InvalidBody => (
            "La requête est mal formée (JSON invalide, champ inconnu ou de mauvais type).",
            "The request is malformed (invalid JSON, unknown field or wrong type).",
        ),
        PayloadTooLarge => (
            "La requête est trop volumineuse.",
            "The request is too large.",
        ),
        UnsupportedMediaType => (
            "Le corps de la requête doit être du JSON (Content-Type: application/json).",
            "The request body must be JSON (Content-Type: application/json).",
        ),
        Validation => (
            "Certaines valeurs ne sont pas valides.",
            "Some values are not valid.",
        ),
        WeakPassword => (
            "Ce mot de passe est trop faible ou trop courant. Choisissez-en un autre, de 12 à \
                 128 caractères.",
            "This password is too weak or too common. Choose another one, 12 to 128 \
                 characters long.",
        ),
        Unauthenticated => (
            "Votre session a expiré. Connectez-vous à nouveau.",
            "Your session has expired. Please sign in again.",
        ),
        InvalidCredentials => (
            "Adresse électronique ou mot de passe incorrect.",
            "Wrong email address or password.",
        ),
        EmailNotVerified => (
            "Votre adresse électronique n’est pas encore confirmée. Ouvrez le lien reçu par \
                 e-mail pour activer votre compte.",
            "Your email address is not confirmed yet. Open the link we emailed you to \
                 activate your account.",
        ),
        TotpRequired => (
            "Saisissez le code à usage unique de votre application d’authentification.",
            "Enter the one-time code from your authenticator app.",
        ),
        InvalidTotp => (
            "Ce code n’est pas valide, a expiré ou a déjà servi. Attendez le code suivant \
                 et réessayez.",
            "This code is invalid, has expired or has already been used. Wait for the next \
                 code and try again.",
        ),
        TotpEnrolmentRequired => (
            "Configurez d’abord la double authentification de votre compte.",
            "Please set up two-step verification for your account first.",
        ),
        AccountDisabled => (
            "Ce compte a été désactivé. Contactez la mairie pour en savoir plus.",
            "This account has been disabled. Contact the town hall to find out more.",
        ),
        Forbidden => (
            "Vous n’avez pas les droits nécessaires pour cette action.",
            "You are not allowed to do this.",
        ),
        Csrf => (
            "La demande a été refusée par sécurité. Rechargez la page et réessayez.",
            "The request was refused for security reasons. Reload the page and try again.",
        ),
        NotFound => ("Élément introuvable.", "Not found."),
        MethodNotAllowed => (
            "Méthode non autorisée pour cette adresse.",
            "Method not allowed on this address.",
        ),
        InvalidToken => (
            "Ce lien n’est pas valide ou a expiré. Demandez-en un nouveau.",
            "This link is invalid or has expired. Please ask for a new one.",
        ),
        Conflict => (
            "Cette valeur est déjà utilisée.",
            "This value is already in use.",
        ),
        TooManyRequests => (
            "Trop de tentatives. Réessayez plus tard.",
            "Too many attempts. Please try again later.",
        ),
        CensusInvalid => (
            "Le fichier du recensement contient des erreurs : rien n'a été importé.",
            "The census file contains errors: nothing was imported.",
        ),
        ResidencyNotFound => (
            "Aucune inscription ne correspond à ces informations. Vérifiez-les ou contactez la mairie.",
            "No census entry matches these details. Check them or contact the town hall.",
        ),
        Internal => (
            "Une erreur est survenue sur le serveur. Réessayez dans quelques instants.",
            "Something went wrong on the server. Please try again in a moment.",
        ),
        Unavailable => (
            "Le service est momentanément indisponible. Réessayez dans quelques instants.",
            "The service is temporarily unavailable. Please try again in a moment.",
        ),
        DirectoryUnavailable => (
            "L’annuaire de la mairie est injoignable : la connexion avec le compte de la \
                 mairie est impossible pour le moment. Réessayez plus tard ou contactez le \
                 service informatique.",
            "The town hall’s directory cannot be reached: signing in with a town hall \
                 account is not possible for now. Try again later or contact the IT department.",
        ),
        UnknownCategory => (
            "Cette catégorie n’existe pas ou n’est plus proposée. Choisissez-en une dans la liste.",
            "This category does not exist or is no longer offered. Choose one from the list.",
        ),
        InvalidImage => (
            "Cette photo n’a pas pu être lue : envoyez une image JPEG, PNG ou WebP de 8\u{a0}Mo et 8\u{a0}000\u{a0}pixels de côté au plus.",
            "This photo could not be read: send a JPEG, PNG or WebP image of at most 8 MB and 8,000 pixels on each side.",
        ),
        IdempotencyKeyReused => (
            "Ce formulaire a déjà été envoyé avec un autre contenu. Rechargez la page et recommencez.",
            "This form was already sent with other content. Reload the page and try again.",
        ),
        ImageTooLarge => (
            "Cette photo a trop de pixels\u{a0}: 24\u{a0}mégapixels au plus (par exemple 6\u{a0}000 × 4\u{a0}000). Réduisez-la ou choisissez une définition plus basse dans l’appareil photo.",
            "This photo has too many pixels: at most 24 megapixels (for example 6,000 × 4,000). Shrink it or choose a lower resolution in the camera.",
        ),
        TooManyPhotos => (
            "Vous pouvez joindre 3\u{a0}photos au plus.",
            "You can attach at most 3 photos.",
        ),
        InvalidTransition => (
            "Cette demande ne peut pas passer à ce statut depuis son statut actuel. Rechargez la page pour voir son état à jour.",
            "This request cannot move to that status from its current one. Reload the page to see its current state.",
        ),
        AccountBlocked => (
            "La mairie a bloqué la publication depuis votre compte : vous pouvez consulter les demandes, mais plus en déposer ni en commenter.",
            "The town hall has blocked posting from your account: you can still read requests, but no longer file or comment on them.",
        ),
        ResidencyRequired => (
            "Pour déposer une demande, vous devez d’abord justifier de votre résidence dans la commune.",
            "To file a request, you must first verify that you live in the town.",
        ),
        ReopenExpired => (
            "Le délai pour rouvrir cette demande est dépassé. Vous pouvez déposer une nouvelle demande.",
            "The time to reopen this request has passed. You can file a new request.",
        ),
        ConsultationFrozen => (
            "La préparation de cette consultation est figée : elle ne peut plus être modifiée.",
            "This consultation's set-up is frozen: it can no longer be changed.",
        ),
        VoterListInvalid => (
            "La liste des votants contient des erreurs : rien n'a été enregistré.",
            "The voter list contains errors: nothing was saved.",
        ),
        TrusteesNotReady => (
            "Les détenteurs de la clé n'ont pas encore produit la clé de l'élection.",
            "The key holders have not produced the election key yet.",
        ),
        ConsultationNotOpen => (
            "Le scrutin de cette consultation n'est pas ouvert.",
            "Voting is not open for this consultation.",
        ),
        NotEligible => (
            "Votre compte ne figure pas parmi les votants de cette consultation.",
            "Your account is not among the voters of this consultation.",
        ),
        InvalidBallot => ("Ce bulletin a été refusé.", "This ballot was refused."),
        ResultsNotPublished => (
            "Les résultats de cette consultation ne sont pas encore publiés.",
            "The results of this consultation are not published yet.",
        ),
        NotTrustee => (
            "Vous ne détenez pas de clé de cette consultation.",
            "You do not hold a key of this consultation.",
        ),
        InvalidTrusteeMessage => (
            "Ce message de détenteur de clé a été refusé : rien n'a été enregistré.",
            "This key holder's message was refused: nothing was saved.",
        ),
        TrusteeStepMismatch => (
            "Cette étape n’est pas attendue maintenant : elle est peut-être déjà faite. Rechargez la page.",
            "This step is not expected now: it may already be done. Reload the page.",
        ),
    }
}

/// A request status as a label (the page's badge, the queue's filter): "Prise en compte".
pub fn request_status_label(status: RequestStatus, lang: Language) -> &'static str {
    pick(request_status_words(status).0, lang)
}

/// A request status inside a sentence ("Votre demande … est désormais prise en compte."), as
/// mails say it.
pub fn request_status_in_sentence(status: RequestStatus, lang: Language) -> &'static str {
    pick(request_status_words(status).1, lang)
}

type Pair = (&'static str, &'static str);

fn pick((fr, en): Pair, lang: Language) -> &'static str {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// Each status's label and in-sentence form, French then English.
fn request_status_words(status: RequestStatus) -> (Pair, Pair) {
    use RequestStatus::*;
    match status {
        Submitted => (("Déposée", "Submitted"), ("déposée", "submitted")),
        Acknowledged => (
            ("Prise en compte", "Acknowledged"),
            ("prise en compte", "acknowledged"),
        ),
        InProgress => (
            ("En cours de traitement", "In progress"),
            ("en cours de traitement", "in progress"),
        ),
        Resolved => (("Résolue", "Resolved"), ("résolue", "resolved")),
        Closed => (("Close", "Closed"), ("close", "closed")),
        Rejected => (("Refusée", "Rejected"), ("refusée", "rejected")),
        Duplicate => (
            ("Doublon", "Duplicate"),
            (
                "doublon d'une autre demande",
                "a duplicate of another request",
            ),
        ),
    }
}

#[cfg(test)]
mod request_status_tests {
    use super::*;

    #[test]
    fn each_status_has_its_own_label_and_sentence_form_in_both_languages() {
        for lang in [Language::Fr, Language::En] {
            let labels: std::collections::HashSet<_> = RequestStatus::ALL
                .iter()
                .map(|s| request_status_label(*s, lang))
                .collect();
            assert_eq!(labels.len(), RequestStatus::ALL.len(), "{lang:?}");
            for status in RequestStatus::ALL {
                let label = request_status_label(status, lang);
                let inner = request_status_in_sentence(status, lang);
                assert!(label.starts_with(char::is_uppercase), "{label}");
                assert!(inner.starts_with(char::is_lowercase), "{inner}");
            }
        }
        assert_eq!(
            request_status_label(RequestStatus::InProgress, Language::Fr),
            "En cours de traitement"
        );
        assert_eq!(
            request_status_in_sentence(RequestStatus::Duplicate, Language::En),
            "a duplicate of another request"
        );
    }
}
