//! Server-side translations: API error messages and the request's language.
//!
//! The SPA shows its own texts for the codes it knows; these messages serve API clients and
//! act as the fallback. Every message exists in French and English (a `match` with no wildcard,
//! so a new code without its texts does not compile).

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use protocol::ErrorCode;
use protocol::api::Language;

/// The message for an error code.
pub fn error_message(code: ErrorCode, lang: Language) -> &'static str {
    use ErrorCode::*;
    use Language::*;
    match (code, lang) {
        (InvalidBody, Fr) => {
            "La requête est mal formée (JSON invalide, champ inconnu ou de mauvais type)."
        }
        (InvalidBody, En) => {
            "The request is malformed (invalid JSON, unknown field or wrong type)."
        }
        (PayloadTooLarge, Fr) => "La requête est trop volumineuse.",
        (PayloadTooLarge, En) => "The request is too large.",
        (UnsupportedMediaType, Fr) => {
            "Le corps de la requête doit être du JSON (Content-Type: application/json)."
        }
        (UnsupportedMediaType, En) => {
            "The request body must be JSON (Content-Type: application/json)."
        }
        (Validation, Fr) => "Certaines valeurs ne sont pas valides.",
        (Validation, En) => "Some values are not valid.",
        (WeakPassword, Fr) => "Le mot de passe doit comporter entre 12 et 128 caractères.",
        (WeakPassword, En) => "The password must be between 12 and 128 characters long.",
        (Unauthenticated, Fr) => "Vous devez vous connecter.",
        (Unauthenticated, En) => "You need to sign in.",
        (InvalidCredentials, Fr) => "Adresse électronique ou mot de passe incorrect.",
        (InvalidCredentials, En) => "Wrong email address or password.",
        (EmailNotVerified, Fr) => {
            "Confirmez d'abord votre adresse électronique avec le lien reçu par courriel."
        }
        (EmailNotVerified, En) => {
            "Please confirm your email address first, using the link we sent you."
        }
        (TotpRequired, Fr) => {
            "Saisissez le code à usage unique de votre application d'authentification."
        }
        (TotpRequired, En) => "Enter the one-time code from your authenticator app.",
        (InvalidTotp, Fr) => "Ce code n'est pas valide, a expiré ou a déjà été utilisé.",
        (InvalidTotp, En) => "This code is invalid, has expired or has already been used.",
        (TotpEnrolmentRequired, Fr) => {
            "Configurez d'abord la double authentification de votre compte."
        }
        (TotpEnrolmentRequired, En) => {
            "Please set up two-step verification for your account first."
        }
        (AccountDisabled, Fr) => "Ce compte a été désactivé. Contactez votre mairie.",
        (AccountDisabled, En) => "This account has been disabled. Please contact your town hall.",
        (Forbidden, Fr) => "Vous n'avez pas le droit d'effectuer cette action.",
        (Forbidden, En) => "You are not allowed to do this.",
        (Csrf, Fr) => "Requête refusée : elle ne provient pas du site de la commune.",
        (Csrf, En) => "Request refused: it does not come from the town's site.",
        (NotFound, Fr) => "Ressource introuvable.",
        (NotFound, En) => "Not found.",
        (MethodNotAllowed, Fr) => "Méthode non autorisée pour cette adresse.",
        (MethodNotAllowed, En) => "Method not allowed on this address.",
        (InvalidToken, Fr) => "Ce lien n'est pas valide ou a expiré.",
        (InvalidToken, En) => "This link is invalid or has expired.",
        (Conflict, Fr) => "Cette valeur est déjà utilisée.",
        (Conflict, En) => "This value is already in use.",
        (TooManyRequests, Fr) => "Trop de tentatives. Réessayez plus tard.",
        (TooManyRequests, En) => "Too many attempts. Please try again later.",
        (CensusInvalid, Fr) => {
            "Le fichier du recensement contient des erreurs : rien n'a été importé."
        }
        (CensusInvalid, En) => "The census file contains errors: nothing was imported.",
        (ResidencyNotFound, Fr) => {
            "Aucune inscription ne correspond à ces informations. Vérifiez-les ou contactez la mairie."
        }
        (ResidencyNotFound, En) => {
            "No census entry matches these details. Check them or contact the town hall."
        }
        (Internal, Fr) => "Erreur interne du serveur. Réessayez plus tard.",
        (Internal, En) => "Internal server error. Please try again later.",
        (Unavailable, Fr) => "Service momentanément indisponible. Réessayez dans un instant.",
        (Unavailable, En) => "Service temporarily unavailable. Please retry in a moment.",
        (DirectoryUnavailable, Fr) => {
            "L'annuaire de la mairie est injoignable : la connexion avec le compte de la mairie \
             est impossible pour le moment. Réessayez plus tard ou contactez le service informatique."
        }
        (DirectoryUnavailable, En) => {
            "The town hall's directory cannot be reached: signing in with a town hall account is \
             not possible for now. Try again later or contact the IT department."
        }
        (UnknownCategory, Fr) => "Cette catégorie n'existe pas ou n'est plus proposée.",
        (UnknownCategory, En) => "This category does not exist or is no longer offered.",
        (InvalidImage, Fr) => "Ce fichier n'est pas une image JPEG, PNG ou WebP lisible.",
        (InvalidImage, En) => "This file is not a readable JPEG, PNG or WebP image.",
        (IdempotencyKeyReused, Fr) => {
            "Cette clé d'idempotence a déjà servi pour une autre demande."
        }
        (IdempotencyKeyReused, En) => "This idempotency key was already used for another request.",
        (ImageTooLarge, Fr) => {
            "Cette image a trop de pixels : 24 mégapixels au plus (par exemple 6000 × 4000)."
        }
        (ImageTooLarge, En) => {
            "This image has too many pixels: at most 24 megapixels (for example 6000 × 4000)."
        }
        (TooManyPhotos, Fr) => "Trois photos au maximum par demande.",
        (TooManyPhotos, En) => "At most three photos per request.",
        (InvalidTransition, Fr) => {
            "Ce changement de statut n'est pas possible depuis le statut actuel."
        }
        (InvalidTransition, En) => "This status change is not possible from the current status.",
        (AccountBlocked, Fr) => {
            "Votre compte a été bloqué par la mairie : vous pouvez consulter les demandes mais pas publier."
        }
        (AccountBlocked, En) => {
            "Your account has been blocked by the town hall: you can read requests but not post."
        }
        (ResidencyRequired, Fr) => {
            "Faites d'abord vérifier votre résidence (page « Résidence ») pour déposer une demande."
        }
        (ResidencyRequired, En) => {
            "Have your residency verified first (\"Residency\" page) to file a request."
        }
        (ReopenExpired, Fr) => "Le délai pour rouvrir cette demande est dépassé.",
        (ReopenExpired, En) => "The time allowed to reopen this request has passed.",
        (ConsultationFrozen, Fr) => {
            "La préparation de cette consultation est figée : elle ne peut plus être modifiée."
        }
        (ConsultationFrozen, En) => {
            "This consultation's set-up is frozen: it can no longer be changed."
        }
        (VoterListInvalid, Fr) => {
            "La liste des votants contient des erreurs : rien n'a été enregistré."
        }
        (VoterListInvalid, En) => "The voter list contains errors: nothing was saved.",
        (TrusteesNotReady, Fr) => {
            "Les détenteurs de la clé n'ont pas encore produit la clé de l'élection."
        }
        (TrusteesNotReady, En) => "The key holders have not produced the election key yet.",
        (ConsultationNotOpen, Fr) => "Le scrutin de cette consultation n'est pas ouvert.",
        (ConsultationNotOpen, En) => "Voting is not open for this consultation.",
        (NotEligible, Fr) => "Votre compte ne figure pas parmi les votants de cette consultation.",
        (NotEligible, En) => "Your account is not among the voters of this consultation.",
        (InvalidBallot, Fr) => "Ce bulletin a été refusé.",
        (InvalidBallot, En) => "This ballot was refused.",
        (ResultsNotPublished, Fr) => {
            "Les résultats de cette consultation ne sont pas encore publiés."
        }
        (ResultsNotPublished, En) => "The results of this consultation are not published yet.",
        (NotTrustee, Fr) => "Vous ne détenez pas de clé de cette consultation.",
        (NotTrustee, En) => "You do not hold a key of this consultation.",
        (InvalidTrusteeMessage, Fr) => {
            "Ce message de détenteur de clé a été refusé : rien n'a été enregistré."
        }
        (InvalidTrusteeMessage, En) => "This key holder's message was refused: nothing was saved.",
        (TrusteeStepMismatch, Fr) => {
            "Cette étape n'est pas attendue maintenant (étape en cours différente ou déjà faite)."
        }
        (TrusteeStepMismatch, En) => {
            "This step is not expected now (another step is under way, or it is already done)."
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
