//! The content of every email Voix sends, in French and English.

use protocol::api::Language;

/// A button-like link in an email.
#[derive(Debug, Clone)]
pub struct Action {
    pub label: String,
    pub url: String,
}

/// Localized email content, independent of its layout.
#[derive(Debug, Clone)]
pub struct EmailContent {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub action: Option<Action>,
    /// Printed small at the bottom, e.g. why the person received this message.
    pub footer: String,
}

/// "Bonjour Name," — or "Bonjour," when the name is unknown (an address on a voter list).
pub(crate) fn greeting(lang: Language, name: &str) -> String {
    match (lang, name.is_empty()) {
        (Language::Fr, true) => "Bonjour,".to_owned(),
        (Language::En, true) => "Hello,".to_owned(),
        (Language::Fr, false) => format!("Bonjour {name},"),
        (Language::En, false) => format!("Hello {name},"),
    }
}

fn footer(lang: Language, town: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Ce message vous est envoyé par Voix, le service en ligne de {town}. \
             Si vous n'êtes pas à l'origine de cette demande, vous pouvez l'ignorer."
        ),
        Language::En => format!(
            "This message was sent by Voix, the online service of {town}. \
             If you did not ask for it, you can ignore it."
        ),
    }
}

/// The language-specific texts of a message with one call to action.
struct Texts<'a> {
    subject: String,
    paragraphs: [&'a str; 2],
    action: &'a str,
}

/// Assembles a message from its French and English texts, keeping the language choice in one place.
fn with_action(
    lang: Language,
    town: &str,
    name: &str,
    link: &str,
    fr: Texts<'_>,
    en: Texts<'_>,
) -> EmailContent {
    let t = match lang {
        Language::Fr => fr,
        Language::En => en,
    };
    EmailContent {
        subject: t.subject,
        greeting: greeting(lang, name),
        paragraphs: t.paragraphs.iter().map(|p| (*p).to_owned()).collect(),
        action: Some(Action {
            label: t.action.to_owned(),
            url: link.to_owned(),
        }),
        footer: footer(lang, town),
    }
}

/// Sent after registration: the link that confirms the address.
pub fn verify_email(lang: Language, town: &str, name: &str, link: &str) -> EmailContent {
    let fr_intro = format!("Vous venez de créer un compte sur le service en ligne de {town}.");
    let en_intro = format!("You have just created an account on the online service of {town}.");
    with_action(
        lang,
        town,
        name,
        link,
        Texts {
            subject: format!("Confirmez votre adresse électronique — {town}"),
            paragraphs: [
                &fr_intro,
                "Pour l'activer, confirmez votre adresse électronique en suivant ce lien, valable 48 heures :",
            ],
            action: "Confirmer mon adresse",
        },
        Texts {
            subject: format!("Confirm your email address — {town}"),
            paragraphs: [
                &en_intro,
                "To activate it, confirm your email address with this link, valid for 48 hours:",
            ],
            action: "Confirm my address",
        },
    )
}

/// Sent when someone registers with an address that already has an account: the owner learns
/// about it, the person registering learns nothing (no account enumeration).
pub fn already_registered(
    lang: Language,
    town: &str,
    name: &str,
    reset_link: &str,
) -> EmailContent {
    with_action(
        lang,
        town,
        name,
        reset_link,
        Texts {
            subject: format!("Tentative d'inscription avec votre adresse — {town}"),
            paragraphs: [
                "Quelqu'un (peut-être vous) a essayé de créer un compte avec cette adresse, qui en possède déjà un.",
                "Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser :",
            ],
            action: "Réinitialiser mon mot de passe",
        },
        Texts {
            subject: format!("Sign-up attempt with your address — {town}"),
            paragraphs: [
                "Someone (perhaps you) tried to create an account with this address, which already has one.",
                "If you forgot your password, you can reset it:",
            ],
            action: "Reset my password",
        },
    )
}

/// The password-reset link.
pub fn password_reset(lang: Language, town: &str, name: &str, link: &str) -> EmailContent {
    with_action(
        lang,
        town,
        name,
        link,
        Texts {
            subject: format!("Réinitialisation de votre mot de passe — {town}"),
            paragraphs: [
                "Vous avez demandé à réinitialiser votre mot de passe.",
                "Choisissez-en un nouveau en suivant ce lien, valable 1 heure :",
            ],
            action: "Choisir un nouveau mot de passe",
        },
        Texts {
            subject: format!("Reset your password — {town}"),
            paragraphs: [
                "You asked to reset your password.",
                "Choose a new one with this link, valid for 1 hour:",
            ],
            action: "Choose a new password",
        },
    )
}

/// Confirms that the password was changed (alerts the owner if it was not them).
pub fn password_changed(lang: Language, town: &str, name: &str, reset_link: &str) -> EmailContent {
    with_action(
        lang,
        town,
        name,
        reset_link,
        Texts {
            subject: format!("Votre mot de passe a été modifié — {town}"),
            paragraphs: [
                "Le mot de passe de votre compte vient d'être modifié et vos autres sessions ont été fermées.",
                "Si vous n'êtes pas à l'origine de ce changement, réinitialisez-le immédiatement :",
            ],
            action: "Réinitialiser mon mot de passe",
        },
        Texts {
            subject: format!("Your password was changed — {town}"),
            paragraphs: [
                "The password of your account has just been changed and your other sessions were closed.",
                "If you did not make this change, reset it at once:",
            ],
            action: "Reset my password",
        },
    )
}
