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

fn greeting(lang: Language, name: &str) -> String {
    match lang {
        Language::Fr => format!("Bonjour {name},"),
        Language::En => format!("Hello {name},"),
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

/// Sent after registration: the link that confirms the address.
pub fn verify_email(lang: Language, town: &str, name: &str, link: &str) -> EmailContent {
    let (subject, paragraphs, label) = match lang {
        Language::Fr => (
            format!("Confirmez votre adresse électronique — {town}"),
            vec![
                format!("Vous venez de créer un compte sur le service en ligne de {town}."),
                "Pour l'activer, confirmez votre adresse électronique en suivant ce lien, valable 48 heures :".to_owned(),
            ],
            "Confirmer mon adresse",
        ),
        Language::En => (
            format!("Confirm your email address — {town}"),
            vec![
                format!("You have just created an account on the online service of {town}."),
                "To activate it, confirm your email address with this link, valid for 48 hours:".to_owned(),
            ],
            "Confirm my address",
        ),
    };
    EmailContent {
        subject,
        greeting: greeting(lang, name),
        paragraphs,
        action: Some(Action {
            label: label.into(),
            url: link.into(),
        }),
        footer: footer(lang, town),
    }
}

/// Sent when someone registers with an address that already has an account: the owner learns
/// about it, the person registering learns nothing (no account enumeration).
pub fn already_registered(
    lang: Language,
    town: &str,
    name: &str,
    reset_link: &str,
) -> EmailContent {
    let (subject, paragraphs, label) = match lang {
        Language::Fr => (
            format!("Tentative d'inscription avec votre adresse — {town}"),
            vec![
                "Quelqu'un (peut-être vous) a essayé de créer un compte avec cette adresse, qui en possède déjà un.".to_owned(),
                "Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser :".to_owned(),
            ],
            "Réinitialiser mon mot de passe",
        ),
        Language::En => (
            format!("Sign-up attempt with your address — {town}"),
            vec![
                "Someone (perhaps you) tried to create an account with this address, which already has one.".to_owned(),
                "If you forgot your password, you can reset it:".to_owned(),
            ],
            "Reset my password",
        ),
    };
    EmailContent {
        subject,
        greeting: greeting(lang, name),
        paragraphs,
        action: Some(Action {
            label: label.into(),
            url: reset_link.into(),
        }),
        footer: footer(lang, town),
    }
}

/// The password-reset link.
pub fn password_reset(lang: Language, town: &str, name: &str, link: &str) -> EmailContent {
    let (subject, paragraphs, label) = match lang {
        Language::Fr => (
            format!("Réinitialisation de votre mot de passe — {town}"),
            vec![
                "Vous avez demandé à réinitialiser votre mot de passe.".to_owned(),
                "Choisissez-en un nouveau en suivant ce lien, valable 1 heure :".to_owned(),
            ],
            "Choisir un nouveau mot de passe",
        ),
        Language::En => (
            format!("Reset your password — {town}"),
            vec![
                "You asked to reset your password.".to_owned(),
                "Choose a new one with this link, valid for 1 hour:".to_owned(),
            ],
            "Choose a new password",
        ),
    };
    EmailContent {
        subject,
        greeting: greeting(lang, name),
        paragraphs,
        action: Some(Action {
            label: label.into(),
            url: link.into(),
        }),
        footer: footer(lang, town),
    }
}

/// Confirms that the password was changed (alerts the owner if it was not them).
pub fn password_changed(lang: Language, town: &str, name: &str, reset_link: &str) -> EmailContent {
    let (subject, paragraphs, label) = match lang {
        Language::Fr => (
            format!("Votre mot de passe a été modifié — {town}"),
            vec![
                "Le mot de passe de votre compte vient d'être modifié et vos autres sessions ont été fermées.".to_owned(),
                "Si vous n'êtes pas à l'origine de ce changement, réinitialisez-le immédiatement :".to_owned(),
            ],
            "Réinitialiser mon mot de passe",
        ),
        Language::En => (
            format!("Your password was changed — {town}"),
            vec![
                "The password of your account has just been changed and your other sessions were closed.".to_owned(),
                "If you did not make this change, reset it at once:".to_owned(),
            ],
            "Reset my password",
        ),
    };
    EmailContent {
        subject,
        greeting: greeting(lang, name),
        paragraphs,
        action: Some(Action {
            label: label.into(),
            url: reset_link.into(),
        }),
        footer: footer(lang, town),
    }
}
