//! The layout, the home page, the placeholder pages, roles, languages and words every page uses.

use super::*;
use protocol::api::{Language, Role};

/// A fixed text of this area; [`Text::pair`] gives its French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Common {
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
    HomeTitle,
    HomeLead,
    HomeReportTitle,
    HomeReportText,
    HomeConsultTitle,
    HomeConsultText,
    HomeConsultLink,
    HomeAccountTitle,
    HomeAccountTextAnonymous,
    HomeAccountTextSignedIn,
    HomeGoToAccount,
    Cancel,
    Retry,
    FieldLanguage,
    HintLanguage,
    LanguageFrench,
    LanguageEnglish,
    RoleResident,
    RoleStaff,
    RoleOfficial,
    RoleAdmin,
    RoleSyndicateAdmin,
    Remove,
    PaginationLabel,
    PreviousPage,
    NextPage,
    Edit,
    MoveUp,
    MoveDown,
    AccessibilityTitle,
    AccessibilityText,
    LegalTitle,
    LegalText,
    NotFoundTitle,
    NotFoundText,
    BackHome,
}

impl Text for Common {
    fn pair(self) -> (&'static str, &'static str) {
        use Common::*;
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
            HomeConsultLink => ("Voir les consultations", "See the consultations"),
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
            Cancel => ("Annuler", "Cancel"),
            Retry => ("Réessayer", "Try again"),
            FieldLanguage => ("Langue", "Language"),
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
            Remove => ("Retirer", "Remove"),
            PaginationLabel => ("Pagination", "Pagination"),
            PreviousPage => ("Page précédente", "Previous page"),
            NextPage => ("Page suivante", "Next page"),
            Edit => ("Modifier", "Edit"),
            MoveUp => ("Monter", "Move up"),
            MoveDown => ("Descendre", "Move down"),
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
pub fn role_key(role: Role) -> Common {
    match role {
        Role::Resident => Common::RoleResident,
        Role::Staff => Common::RoleStaff,
        Role::Official => Common::RoleOfficial,
        Role::Admin => Common::RoleAdmin,
        Role::SyndicateAdmin => Common::RoleSyndicateAdmin,
    }
}

/// The name of a language, written in the interface language.
pub fn language_key(language: Language) -> Common {
    match language {
        Language::Fr => Common::LanguageFrench,
        Language::En => Common::LanguageEnglish,
    }
}

/// A language's own name, written in that language (for the language switch).
pub fn endonym(language: Language) -> &'static str {
    match language {
        Language::Fr => "Français",
        Language::En => "English",
    }
}

/// The browser tab title: `"<page> — Voix — <town>"`.
pub fn document_title(page: &str, town: Option<&str>) -> String {
    match town {
        Some(town) => format!("{page} — Voix — {town}"),
        None => format!("{page} — Voix"),
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

/// The character counter under a text area: "120 caractères sur 5 000".
pub fn char_counter(lang: Language, count: usize, max: usize) -> String {
    if count > max {
        let over = count - max;
        return match lang {
            Language::Fr if over == 1 => "1 caractère de trop".to_owned(),
            Language::Fr => format!("{over} caractères de trop"),
            Language::En if over == 1 => "1 character too many".to_owned(),
            Language::En => format!("{over} characters too many"),
        };
    }
    match lang {
        Language::Fr => format!(
            "{count} caractère{} sur {max}",
            if count > 1 { "s" } else { "" }
        ),
        Language::En => format!("{count} of {max} characters"),
    }
}

/// "Page 2 sur 5".
/// `more`: the server stopped counting, there are more than `pages`.
pub fn page_of(lang: Language, page: u32, pages: u32, more: bool) -> String {
    match (lang, more) {
        (Language::Fr, false) => format!("Page {page} sur {pages}"),
        (Language::En, false) => format!("Page {page} of {pages}"),
        (Language::Fr, true) => format!("Page {page} sur plus de {pages}"),
        (Language::En, true) => format!("Page {page} of more than {pages}"),
    }
}

/// A whole number with its thousands grouped: "100 000" (a no-break space) in French,
/// "100,000" in English.
pub fn thousands(lang: Language, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Language::Fr => '\u{a0}',
        Language::En => ',',
    };
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// How many consultations are open for voting, on the home page.
pub fn open_consultations(lang: Language, n: usize) -> String {
    match (lang, n) {
        (Language::Fr, 1) => "1 consultation est ouverte au vote.".to_owned(),
        (Language::Fr, n) => format!("{n} consultations sont ouvertes au vote."),
        (Language::En, 1) => "1 consultation is open for voting.".to_owned(),
        (Language::En, n) => format!("{n} consultations are open for voting."),
    }
}
