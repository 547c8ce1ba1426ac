//! The emails of service requests, in French and English: confirmation of filing, each public
//! update (status change or message from the town's services), moderation notices.

use protocol::api::Language;
use protocol::requests::RequestStatus;
use protocol::text::request_status_in_sentence;

use super::messages::{Action, EmailContent, greeting};

/// Why the recipient gets the message, and whether answering it adds a comment.
fn footer(a: &About<'_>) -> String {
    let town = a.town;
    let why = match (a.lang, a.reporter) {
        (Language::Fr, true) => "parce que vous avez déposé cette demande",
        (Language::Fr, false) => "parce que vous suivez cette demande",
        (Language::En, true) => "because you filed this request",
        (Language::En, false) => "because you follow this request",
    };
    match (a.lang, a.can_reply) {
        (Language::Fr, true) => format!(
            "Ce message vous est envoyé par Voix, le service en ligne de {town}, {why}. Vous \
             pouvez répondre à ce message : votre réponse sera ajoutée à la demande comme \
             commentaire."
        ),
        (Language::Fr, false) => {
            format!("Ce message vous est envoyé par Voix, le service en ligne de {town}, {why}.")
        }
        (Language::En, true) => format!(
            "This message was sent by Voix, the online service of {town}, {why}. You can reply \
             to this message: your answer will be added to the request as a comment."
        ),
        (Language::En, false) => {
            format!("This message was sent by Voix, the online service of {town}, {why}.")
        }
    }
}

/// Whom a message about a request is for, and about which request.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub lang: Language,
    pub town: &'a str,
    /// The recipient's name, for the greeting.
    pub name: &'a str,
    pub number: &'a str,
    /// The request's page.
    pub link: &'a str,
    /// The recipient filed the request (otherwise they follow it).
    pub reporter: bool,
    /// The recipient may answer by email (the reply becomes a comment).
    pub can_reply: bool,
}

fn content(a: &About<'_>, subject: String, paragraphs: Vec<String>) -> EmailContent {
    EmailContent {
        subject,
        greeting: greeting(a.lang, a.name),
        paragraphs,
        action: Some(Action {
            label: match a.lang {
                Language::Fr => "Voir la demande".into(),
                Language::En => "View the request".into(),
            },
            url: a.link.to_owned(),
        }),
        footer: footer(a),
    }
}

/// Confirms a filing with its tracking number.
pub fn filed(a: &About<'_>, category: &str) -> EmailContent {
    let (town, number) = (a.town, a.number);
    let (subject, paragraphs) = match a.lang {
        Language::Fr => (
            format!("Demande {number} enregistrée — {town}"),
            vec![
                format!(
                    "Votre demande « {category} » a bien été enregistrée sous le numéro {number}."
                ),
                "Les services municipaux vont l'examiner. Vous recevrez un message à chaque étape."
                    .into(),
            ],
        ),
        Language::En => (
            format!("Request {number} received — {town}"),
            vec![
                format!("Your request \"{category}\" has been recorded with number {number}."),
                "The town's services will look at it. You will get a message at every step.".into(),
            ],
        ),
    };
    content(a, subject, paragraphs)
}

/// A public update: a status change (with its reason) or a message from the services. For the
/// reporter of a request that can be reopened, `reopen_until` says until when.
pub fn updated(
    a: &About<'_>,
    new_status: Option<RequestStatus>,
    message: &str,
    reopen_until: Option<&str>,
) -> EmailContent {
    let (lang, town, number) = (a.lang, a.town, a.number);
    let mut paragraphs = Vec::new();
    let subject = match (lang, new_status) {
        (Language::Fr, Some(s)) => {
            let which = if a.reporter {
                format!("Votre demande {number}")
            } else {
                format!("La demande {number}, que vous suivez,")
            };
            paragraphs.push(format!(
                "{which} est désormais {}.",
                request_status_in_sentence(s, lang)
            ));
            format!(
                "Demande {number} : {} — {town}",
                request_status_in_sentence(s, lang)
            )
        }
        (Language::En, Some(s)) => {
            let which = if a.reporter {
                format!("Your request {number}")
            } else {
                format!("Request {number}, which you follow,")
            };
            paragraphs.push(format!(
                "{which} is now {}.",
                request_status_in_sentence(s, lang)
            ));
            format!(
                "Request {number}: {} — {town}",
                request_status_in_sentence(s, lang)
            )
        }
        (Language::Fr, None) => {
            paragraphs.push(format!(
                "Les services municipaux ont publié un message sur la demande {number}."
            ));
            format!("Nouveau message sur la demande {number} — {town}")
        }
        (Language::En, None) => {
            paragraphs.push(format!(
                "The town's services posted a message on request {number}."
            ));
            format!("New message on request {number} — {town}")
        }
    };
    if !message.is_empty() {
        paragraphs.push(match lang {
            Language::Fr => format!("Message des services : « {message} »"),
            Language::En => format!("Message from the services: \"{message}\""),
        });
    }
    if let Some(until) = reopen_until.filter(|_| a.reporter) {
        paragraphs.push(match lang {
            Language::Fr => format!(
                "Si le problème n'est pas réglé, vous pouvez rouvrir la demande depuis sa page \
                 jusqu'au {until}."
            ),
            Language::En => format!(
                "If the problem is not solved, you can reopen the request from its page until \
                 {until}."
            ),
        });
    }
    content(a, subject, paragraphs)
}

/// Tells an author that a moderator hid their text or photo, and why.
pub fn content_hidden(a: &About<'_>, reason: &str) -> EmailContent {
    let (town, number) = (a.town, a.number);
    let (subject, paragraphs) = match a.lang {
        Language::Fr => (
            format!("Contenu masqué sur la demande {number} — {town}"),
            vec![
                format!(
                    "Un contenu que vous avez publié sur la demande {number} a été masqué par la modération."
                ),
                format!("Motif : « {reason} »"),
                "Si vous pensez qu'il s'agit d'une erreur, contactez la mairie.".into(),
            ],
        ),
        Language::En => (
            format!("Content hidden on request {number} — {town}"),
            vec![
                format!("Something you posted on request {number} was hidden by moderation."),
                format!("Reason: \"{reason}\""),
                "If you think this is a mistake, contact the town hall.".into(),
            ],
        ),
    };
    content(a, subject, paragraphs)
}

/// Tells a resident that staff blocked (or unblocked) their account from posting.
pub fn blocked(
    lang: Language,
    town: &str,
    name: &str,
    reason: Option<&str>,
    link: &str,
) -> EmailContent {
    let (subject, paragraphs) = match (lang, reason) {
        (Language::Fr, Some(r)) => (
            format!("Votre compte ne peut plus publier — {town}"),
            vec![
                "La mairie a bloqué la publication depuis votre compte : vous pouvez toujours consulter vos demandes.".into(),
                format!("Motif : « {r} »"),
            ],
        ),
        (Language::En, Some(r)) => (
            format!("Your account can no longer post — {town}"),
            vec![
                "The town hall blocked posting from your account: you can still read your requests.".into(),
                format!("Reason: \"{r}\""),
            ],
        ),
        (Language::Fr, None) => (
            format!("Votre compte peut de nouveau publier — {town}"),
            vec!["La mairie a levé le blocage de votre compte.".into()],
        ),
        (Language::En, None) => (
            format!("Your account can post again — {town}"),
            vec!["The town hall lifted the block on your account.".into()],
        ),
    };
    let about = About {
        lang,
        town,
        name,
        number: "",
        link,
        reporter: true,
        can_reply: false,
    };
    let mut message = content(&about, subject, paragraphs);
    message.footer = match lang {
        Language::Fr => format!(
            "Ce message vous est envoyé par Voix, le service en ligne de {town}, parce que la \
             mairie a changé ce que votre compte peut faire."
        ),
        Language::En => format!(
            "This message was sent by Voix, the online service of {town}, because the town \
             hall changed what your account can do."
        ),
    };
    if let Some(action) = &mut message.action {
        action.label = match lang {
            Language::Fr => "Voir mes demandes".into(),
            Language::En => "See my requests".into(),
        };
    }
    message
}
