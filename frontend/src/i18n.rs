//! Every string the SPA shows, in French and English.
//!
//! Each [`Key`] maps to a `(French, English)` pair in one exhaustive `match`, so adding a key
//! without both translations does not compile. Texts that embed a value (a town name, a delay)
//! are functions at the bottom of this module, again with both languages side by side.

use protocol::ErrorCode;
use protocol::api::{Language, Role};

/// A translatable, fixed text of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    // Layout.
    SkipToContent,
    MainNavLabel,
    NavHome,
    NavLogin,
    NavRegister,
    NavAccount,
    LanguageSwitchLabel,
    SignedInAs,
    LogoAlt,
    FooterLabel,
    FooterAccessibility,
    FooterLegal,
    FooterFreeSoftware,
    Loading,
    RequiredMark,
    RequiredFieldsNote,
    // Home.
    HomeTitle,
    HomeLead,
    HomeReportTitle,
    HomeReportText,
    HomeConsultTitle,
    HomeConsultText,
    ComingSoon,
    HomeAccountTitle,
    HomeAccountTextAnonymous,
    HomeAccountTextSignedIn,
    HomeGoToAccount,
    // Register.
    RegisterTitle,
    RegisterIntro,
    RegisterSubmit,
    AlreadyHaveAccount,
    // Check email.
    CheckEmailTitle,
    CheckEmailText,
    CheckEmailSpam,
    // Verify email.
    VerifyTitle,
    VerifyInProgress,
    VerifySuccess,
    VerifyMissingToken,
    GoToLogin,
    // Login.
    LoginTitle,
    LoginSubmit,
    ForgotPasswordLink,
    NoAccountYet,
    // Forgot / reset password.
    ForgotTitle,
    ForgotIntro,
    ForgotSubmit,
    ForgotSent,
    ResetTitle,
    ResetIntro,
    ResetSubmit,
    ResetMissingToken,
    RequestNewLink,
    // Account.
    AccountTitle,
    AccountInfoTitle,
    AccountProfileTitle,
    AccountProfileSubmit,
    AccountProfileSaved,
    AccountPasswordTitle,
    AccountPasswordSubmit,
    AccountPasswordChanged,
    AccountDataTitle,
    AccountDataText,
    AccountDataDownload,
    AccountSessionsTitle,
    AccountSessionsText,
    Logout,
    LogoutAll,
    AccountDeleteTitle,
    AccountDeleteText,
    AccountDeleteButton,
    AccountDeleteConfirmTitle,
    AccountDeleteConfirmText,
    AccountDeleteConfirmButton,
    Cancel,
    AccountLoadFailed,
    Retry,
    MemberSince,
    // Fields.
    FieldEmail,
    FieldPassword,
    FieldNewPassword,
    FieldCurrentPassword,
    FieldDisplayName,
    FieldLanguage,
    FieldRole,
    HintEmail,
    HintNewPassword,
    HintDisplayName,
    HintLanguage,
    LanguageFrench,
    LanguageEnglish,
    // Roles.
    RoleResident,
    RoleStaff,
    RoleOfficial,
    RoleAdmin,
    RoleSyndicateAdmin,
    // Flash messages shown on the next page.
    FlashPasswordReset,
    FlashLoggedOut,
    FlashLoggedOutAll,
    FlashAccountDeleted,
    FlashLoginRequired,
    // Client-side validation.
    ErrEmailRequired,
    ErrEmailInvalid,
    ErrPasswordRequired,
    ErrPasswordTooShort,
    ErrPasswordTooLong,
    ErrCurrentPasswordWrong,
    ErrDisplayNameRequired,
    ErrDisplayNameTooLong,
    // API errors.
    ErrNetwork,
    ErrBadRequest,
    ErrWeakPassword,
    ErrUnauthenticated,
    ErrInvalidCredentials,
    ErrEmailNotVerified,
    ErrAccountDisabled,
    ErrForbidden,
    ErrCsrf,
    ErrNotFound,
    ErrInvalidToken,
    ErrInternal,
    ErrUnavailable,
    // Placeholder pages.
    AccessibilityTitle,
    AccessibilityText,
    LegalTitle,
    LegalText,
    NotFoundTitle,
    NotFoundText,
    BackHome,
}

impl Key {
    /// This text in `lang`.
    pub fn text(self, lang: Language) -> &'static str {
        let (fr, en) = self.pair();
        match lang {
            Language::Fr => fr,
            Language::En => en,
        }
    }

    /// The `(French, English)` pair. Exhaustive: a new key needs both.
    fn pair(self) -> (&'static str, &'static str) {
        use Key::*;
        match self {
            SkipToContent => ("Aller au contenu principal", "Skip to main content"),
            MainNavLabel => ("Menu principal", "Main menu"),
            NavHome => ("Accueil", "Home"),
            NavLogin => ("Se connecter", "Sign in"),
            NavRegister => ("Créer un compte", "Create an account"),
            NavAccount => ("Mon compte", "My account"),
            LanguageSwitchLabel => ("Langue du site", "Site language"),
            SignedInAs => ("Connecté en tant que", "Signed in as"),
            LogoAlt => ("Logo de la commune", "Town logo"),
            FooterLabel => ("Informations sur le site", "About this site"),
            FooterAccessibility => (
                "Accessibilité\u{a0}: non conforme",
                "Accessibility: not compliant",
            ),
            FooterLegal => ("Mentions légales", "Legal notice"),
            FooterFreeSoftware => ("Voix — logiciel libre AGPL", "Voix — AGPL free software"),
            Loading => ("Chargement…", "Loading…"),
            RequiredMark => ("(obligatoire)", "(required)"),
            RequiredFieldsNote => (
                "Les champs marqués «\u{a0}(obligatoire)\u{a0}» doivent être remplis.",
                "Fields marked “(required)” must be filled in.",
            ),

            HomeTitle => ("Bienvenue sur Voix", "Welcome to Voix"),
            HomeLead => (
                "Voix est l’espace en ligne où la commune et ses habitants échangent\u{a0}: \
                 signalements, demandes et consultations, au même endroit.",
                "Voix is the online space where the town and its residents talk to each other: \
                 reports, requests and consultations, all in one place.",
            ),
            HomeReportTitle => ("Signaler un problème", "Report a problem"),
            HomeReportText => (
                "Nid-de-poule, éclairage en panne, dépôt sauvage\u{a0}: signalez-le aux services \
                 municipaux et suivez le traitement de votre demande.",
                "Pothole, broken street light, fly-tipping: tell the town’s services and follow \
                 how your request is handled.",
            ),
            HomeConsultTitle => ("Participer aux consultations", "Take part in consultations"),
            HomeConsultText => (
                "Donnez votre avis sur les projets de la commune et votez lors de consultations \
                 dont chacun peut vérifier le résultat.",
                "Give your opinion on the town’s projects and vote in consultations whose result \
                 anyone can verify.",
            ),
            ComingSoon => ("Bientôt disponible", "Coming soon"),
            HomeAccountTitle => ("Votre compte", "Your account"),
            HomeAccountTextAnonymous => (
                "Un compte vous permettra de suivre vos demandes et de participer aux \
                 consultations.",
                "An account lets you follow your requests and take part in consultations.",
            ),
            HomeAccountTextSignedIn => (
                "Vous êtes connecté. Retrouvez vos informations dans votre espace personnel.",
                "You are signed in. Your details are in your personal space.",
            ),
            HomeGoToAccount => ("Accéder à mon compte", "Go to my account"),

            RegisterTitle => ("Créer un compte", "Create an account"),
            RegisterIntro => (
                "Après l’inscription, vous recevrez un e-mail pour confirmer votre adresse.",
                "After signing up, you will receive an email to confirm your address.",
            ),
            RegisterSubmit => ("Créer mon compte", "Create my account"),
            AlreadyHaveAccount => (
                "Vous avez déjà un compte\u{a0}? Se connecter",
                "Already have an account? Sign in",
            ),

            CheckEmailTitle => ("Consultez votre messagerie", "Check your email"),
            CheckEmailText => (
                "Si cette adresse peut être utilisée, un e-mail contenant un lien de confirmation \
                 vient de vous être envoyé. Ouvrez ce lien pour activer votre compte.",
                "If this address can be used, an email with a confirmation link has just been \
                 sent to you. Open that link to activate your account.",
            ),
            CheckEmailSpam => (
                "Vous ne voyez rien\u{a0}? Vérifiez le dossier des courriers indésirables.",
                "Nothing there? Check your spam folder.",
            ),

            VerifyTitle => (
                "Confirmation de votre adresse",
                "Confirming your email address",
            ),
            VerifyInProgress => ("Vérification en cours…", "Checking…"),
            VerifySuccess => (
                "Votre adresse électronique est confirmée. Vous pouvez maintenant vous connecter.",
                "Your email address is confirmed. You can now sign in.",
            ),
            VerifyMissingToken => (
                "Ce lien de confirmation est incomplet. Ouvrez le lien exact reçu par e-mail.",
                "This confirmation link is incomplete. Open the exact link from the email.",
            ),
            GoToLogin => ("Se connecter", "Sign in"),

            LoginTitle => ("Se connecter", "Sign in"),
            LoginSubmit => ("Se connecter", "Sign in"),
            ForgotPasswordLink => ("Mot de passe oublié\u{a0}?", "Forgotten your password?"),
            NoAccountYet => (
                "Pas encore de compte\u{a0}? Créer un compte",
                "No account yet? Create an account",
            ),

            ForgotTitle => ("Mot de passe oublié", "Forgotten password"),
            ForgotIntro => (
                "Indiquez l’adresse électronique de votre compte\u{a0}: nous vous enverrons un lien \
                 pour choisir un nouveau mot de passe.",
                "Enter your account’s email address: we will send you a link to choose a new \
                 password.",
            ),
            ForgotSubmit => ("Recevoir le lien", "Send me the link"),
            ForgotSent => (
                "Si un compte correspond à cette adresse, un e-mail contenant un lien de \
                 réinitialisation vient d’être envoyé.",
                "If an account matches this address, an email with a reset link has just been \
                 sent.",
            ),
            ResetTitle => ("Choisir un nouveau mot de passe", "Choose a new password"),
            ResetIntro => (
                "Ce mot de passe remplacera l’ancien. Vos sessions ouvertes seront fermées.",
                "This password replaces the old one. Your open sessions will be closed.",
            ),
            ResetSubmit => ("Enregistrer le mot de passe", "Save the password"),
            ResetMissingToken => (
                "Ce lien de réinitialisation est incomplet. Ouvrez le lien exact reçu par e-mail.",
                "This reset link is incomplete. Open the exact link from the email.",
            ),
            RequestNewLink => ("Demander un nouveau lien", "Ask for a new link"),

            AccountTitle => ("Mon compte", "My account"),
            AccountInfoTitle => ("Mes informations", "My details"),
            AccountProfileTitle => ("Modifier mes informations", "Change my details"),
            AccountProfileSubmit => ("Enregistrer", "Save"),
            AccountProfileSaved => (
                "Vos informations ont été enregistrées.",
                "Your details have been saved.",
            ),
            AccountPasswordTitle => ("Changer de mot de passe", "Change my password"),
            AccountPasswordSubmit => ("Changer le mot de passe", "Change the password"),
            AccountPasswordChanged => (
                "Votre mot de passe a été changé.",
                "Your password has been changed.",
            ),
            AccountDataTitle => ("Mes données", "My data"),
            AccountDataText => (
                "Téléchargez une copie de toutes les données que Voix conserve sur vous \
                 (fichier JSON).",
                "Download a copy of all the data Voix holds about you (JSON file).",
            ),
            AccountDataDownload => ("Télécharger mes données", "Download my data"),
            AccountSessionsTitle => ("Sessions", "Sessions"),
            AccountSessionsText => (
                "«\u{a0}Se déconnecter partout\u{a0}» ferme toutes vos sessions, sur tous vos appareils, \
                 y compris celui-ci.",
                "“Sign out everywhere” closes all your sessions, on every device, including this \
                 one.",
            ),
            Logout => ("Se déconnecter", "Sign out"),
            LogoutAll => ("Se déconnecter partout", "Sign out everywhere"),
            AccountDeleteTitle => ("Supprimer mon compte", "Delete my account"),
            AccountDeleteText => (
                "La suppression est définitive. Pensez à télécharger vos données avant.",
                "Deletion is permanent. Consider downloading your data first.",
            ),
            AccountDeleteButton => ("Supprimer mon compte", "Delete my account"),
            AccountDeleteConfirmTitle => (
                "Confirmer la suppression du compte",
                "Confirm account deletion",
            ),
            AccountDeleteConfirmText => (
                "Votre compte et les données associées seront supprimés. Cette action ne peut \
                 pas être annulée.",
                "Your account and its data will be deleted. This cannot be undone.",
            ),
            AccountDeleteConfirmButton => {
                ("Oui, supprimer définitivement", "Yes, delete permanently")
            }
            Cancel => ("Annuler", "Cancel"),
            AccountLoadFailed => (
                "Impossible de charger votre compte.",
                "Your account could not be loaded.",
            ),
            Retry => ("Réessayer", "Try again"),
            MemberSince => ("Compte créé le", "Account created on"),

            FieldEmail => ("Adresse électronique", "Email address"),
            FieldPassword => ("Mot de passe", "Password"),
            FieldNewPassword => ("Nouveau mot de passe", "New password"),
            FieldCurrentPassword => ("Mot de passe actuel", "Current password"),
            FieldDisplayName => ("Nom affiché", "Display name"),
            FieldLanguage => ("Langue", "Language"),
            FieldRole => ("Rôle", "Role"),
            HintEmail => ("Exemple\u{a0}: nom@exemple.fr", "Example: name@example.com"),
            HintNewPassword => (
                "Entre 12 et 128 caractères. Une phrase de plusieurs mots est un bon choix.",
                "Between 12 and 128 characters. A phrase of several words is a good choice.",
            ),
            HintDisplayName => (
                "Le nom sous lequel la commune vous connaîtra (80 caractères au plus).",
                "The name the town will know you by (at most 80 characters).",
            ),
            HintLanguage => (
                "Langue du site et des e-mails que vous recevrez.",
                "Language of the site and of the emails you receive.",
            ),
            LanguageFrench => ("Français", "French"),
            LanguageEnglish => ("Anglais", "English"),

            RoleResident => ("Habitant", "Resident"),
            RoleStaff => ("Agent municipal", "Municipal staff"),
            RoleOfficial => ("Élu", "Elected official"),
            RoleAdmin => ("Administrateur de la commune", "Town administrator"),
            RoleSyndicateAdmin => ("Administrateur du syndicat", "Syndicate administrator"),

            FlashPasswordReset => (
                "Votre mot de passe a été changé. Vous pouvez vous connecter.",
                "Your password has been changed. You can sign in.",
            ),
            FlashLoggedOut => ("Vous êtes déconnecté.", "You are signed out."),
            FlashLoggedOutAll => (
                "Toutes vos sessions ont été fermées.",
                "All your sessions have been closed.",
            ),
            FlashAccountDeleted => (
                "Votre compte a été supprimé.",
                "Your account has been deleted.",
            ),
            FlashLoginRequired => (
                "Connectez-vous pour accéder à votre compte.",
                "Sign in to see your account.",
            ),

            ErrEmailRequired => (
                "Indiquez votre adresse électronique.",
                "Enter your email address.",
            ),
            ErrEmailInvalid => (
                "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.",
                "Enter a valid email address, such as name@example.com.",
            ),
            ErrPasswordRequired => ("Indiquez votre mot de passe.", "Enter your password."),
            ErrPasswordTooShort => (
                "Le mot de passe doit contenir au moins 12 caractères.",
                "The password must be at least 12 characters long.",
            ),
            ErrPasswordTooLong => (
                "Le mot de passe doit contenir au plus 128 caractères.",
                "The password must be at most 128 characters long.",
            ),
            ErrCurrentPasswordWrong => (
                "Le mot de passe actuel est incorrect.",
                "The current password is incorrect.",
            ),
            ErrDisplayNameRequired => ("Indiquez un nom affiché.", "Enter a display name."),
            ErrDisplayNameTooLong => (
                "Le nom affiché doit contenir au plus 80 caractères.",
                "The display name must be at most 80 characters long.",
            ),

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

            AccessibilityTitle => ("Déclaration d’accessibilité", "Accessibility statement"),
            AccessibilityText => (
                "La déclaration d’accessibilité de ce service sera publiée prochainement par la \
                 commune. Le site vise la conformité au RGAA.",
                "The accessibility statement of this service will soon be published by the town. \
                 The site aims to comply with the RGAA (WCAG 2.1 AA).",
            ),
            LegalTitle => ("Mentions légales", "Legal notice"),
            LegalText => (
                "Les mentions légales de ce service seront publiées prochainement par la commune.",
                "The legal notice of this service will soon be published by the town.",
            ),
            NotFoundTitle => ("Page introuvable", "Page not found"),
            NotFoundText => (
                "La page que vous cherchez n’existe pas ou a été déplacée.",
                "The page you are looking for does not exist or has moved.",
            ),
            BackHome => ("Retour à l’accueil", "Back to the home page"),
        }
    }
}

/// The translated name of an account role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Resident => Key::RoleResident,
        Role::Staff => Key::RoleStaff,
        Role::Official => Key::RoleOfficial,
        Role::Admin => Key::RoleAdmin,
        Role::SyndicateAdmin => Key::RoleSyndicateAdmin,
    }
}

/// The name of a language, written in the interface language.
pub fn language_key(language: Language) -> Key {
    match language {
        Language::Fr => Key::LanguageFrench,
        Language::En => Key::LanguageEnglish,
    }
}

/// A language's own name, written in that language (for the language switch).
pub fn endonym(language: Language) -> &'static str {
    match language {
        Language::Fr => "Français",
        Language::En => "English",
    }
}

/// Our own text for an API error code, when we have one better than the server's message.
/// `None` means "show the server's (already translated) message".
pub fn error_code_key(code: ErrorCode) -> Option<Key> {
    Some(match code {
        ErrorCode::InvalidBody
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::MethodNotAllowed => Key::ErrBadRequest,
        ErrorCode::WeakPassword => Key::ErrWeakPassword,
        ErrorCode::Unauthenticated => Key::ErrUnauthenticated,
        ErrorCode::InvalidCredentials => Key::ErrInvalidCredentials,
        ErrorCode::EmailNotVerified => Key::ErrEmailNotVerified,
        ErrorCode::AccountDisabled => Key::ErrAccountDisabled,
        ErrorCode::Forbidden => Key::ErrForbidden,
        ErrorCode::Csrf => Key::ErrCsrf,
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::InvalidToken => Key::ErrInvalidToken,
        ErrorCode::Internal => Key::ErrInternal,
        ErrorCode::Unavailable => Key::ErrUnavailable,
        // The server's message names the field and the rule: more useful than ours.
        ErrorCode::Validation | ErrorCode::Conflict => return None,
        // Built with the Retry-After delay by `too_many_requests`.
        ErrorCode::TooManyRequests => return None,
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

/// The browser tab title: `"<page> — Voix — <town>"`.
pub fn document_title(page: &str, town: Option<&str>) -> String {
    match town {
        Some(town) => format!("{page} — Voix — {town}"),
        None => format!("{page} — Voix"),
    }
}

/// "Hello, <name>" on the home page.
pub fn hello(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Bonjour {name}."),
        Language::En => format!("Hello {name}."),
    }
}

/// The heading of the error summary, with the number of errors.
pub fn error_count(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "Le formulaire contient 1 erreur".to_owned(),
        (Language::Fr, n) => format!("Le formulaire contient {n} erreurs"),
        (Language::En, 1) => "There is 1 problem with the form".to_owned(),
        (Language::En, n) => format!("There are {n} problems with the form"),
    }
}

/// The BCP 47 locale used to format dates.
pub fn locale(lang: Language) -> &'static str {
    match lang {
        Language::Fr => "fr-FR",
        Language::En => "en-GB",
    }
}
