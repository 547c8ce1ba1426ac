//! The emails of consultations, in French and English: the voting credential (at opening),
//! the announcement that voting opens (when the credential came earlier), the ballot receipt
//! (at each accepted ballot) and the publication of the result.
//!
//! The credential and receipt messages are *private* (see
//! `crate::consultations::mail::enqueue_private`): the outbox forgets them once delivered.

use protocol::api::Language;

use super::messages::{Action, EmailContent, greeting};

/// Whom a message about a consultation is for, and about which one.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub lang: Language,
    pub town: &'a str,
    /// The recipient's name, for the greeting (may be empty).
    pub name: &'a str,
    /// The consultation's title in the recipient's language.
    pub title: &'a str,
    /// The consultation's page.
    pub link: &'a str,
}

fn footer(lang: Language, town: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Ce message vous est envoyé par Voix, le service en ligne de {town}, parce que vous \
             êtes appelé(e) à voter à cette consultation."
        ),
        Language::En => format!(
            "This message was sent by Voix, the online service of {town}, because you are \
             invited to vote in this consultation."
        ),
    }
}

/// A message whose button leads to the consultation's page.
fn content(a: &About<'_>, subject: String, paragraphs: Vec<String>) -> EmailContent {
    let label = match a.lang {
        Language::Fr => "Voir la consultation",
        Language::En => "View the consultation",
    };
    with_button(a, subject, paragraphs, label, a.link)
}

fn with_button(
    a: &About<'_>,
    subject: String,
    paragraphs: Vec<String>,
    label: &str,
    url: &str,
) -> EmailContent {
    EmailContent {
        subject,
        greeting: greeting(a.lang, a.name),
        paragraphs,
        action: Some(Action {
            label: label.to_owned(),
            url: url.to_owned(),
        }),
        footer: footer(a.lang, a.town),
    }
}

/// The paragraph a credential mail gets when the consultation is opened before `opens_at`:
/// the code arrives early, and a second mail ([`voting_open`]) will say when voting starts.
pub fn opens_later_note(lang: Language, opens: &str) -> String {
    match lang {
        Language::Fr => format!(
            "Le vote ouvrira le {opens}. Gardez ce message : nous vous écrirons à \
             nouveau à l'ouverture du vote."
        ),
        Language::En => format!(
            "Voting opens on {opens}. Keep this message: we will write to you again when \
             voting opens."
        ),
    }
}

/// The opening announcement, sent when `opens_at` arrives to the voters whose credential
/// came earlier (`vote_link`: the voting page, without any credential).
pub fn voting_open(a: &About<'_>, closes: &str, vote_link: &str) -> EmailContent {
    let title = a.title;
    let (subject, paragraphs, label) = match a.lang {
        Language::Fr => (
            format!("Le vote est ouvert — {title}"),
            vec![
                format!("Le vote de la consultation « {title} » est ouvert jusqu'au {closes}."),
                "Pour voter, utilisez le code de vote personnel que vous avez reçu par courriel \
                 lors de l'ouverture de la consultation. Vous pouvez voter plusieurs fois : \
                 seul votre dernier bulletin compte."
                    .to_owned(),
            ],
            "Voter",
        ),
        Language::En => (
            format!("Voting is open — {title}"),
            vec![
                format!("Voting in the consultation \"{title}\" is open until {closes}."),
                "To vote, use the personal voting code you received by email when the \
                 consultation was opened. You may vote several times: only your last ballot \
                 counts."
                    .to_owned(),
            ],
            "Vote",
        ),
    };
    with_button(a, subject, paragraphs, label, vote_link)
}

/// The voter's private credential (Belenios "Credentials"): needed, with the account, to vote.
pub fn credential(
    a: &About<'_>,
    credential: &str,
    opens: &str,
    closes: &str,
    election_uuid: &str,
    fingerprint: &str,
) -> EmailContent {
    let title = a.title;
    let (subject, paragraphs) = match a.lang {
        Language::Fr => (
            format!("Votre code de vote — {title}"),
            vec![
                format!(
                    "Vous êtes appelé(e) à voter à la consultation « {title} », du {opens} au {closes}."
                ),
                format!("Votre code de vote personnel : {credential}"),
                "Gardez-le pour vous : il signe votre bulletin, qui est chiffré dans votre \
                 navigateur. La mairie n'en conserve aucune copie et ne peut pas vous le \
                 renvoyer. Vous pouvez voter plusieurs fois : seul votre dernier bulletin compte."
                    .into(),
                format!("Identifiant de l'élection : {election_uuid} — empreinte : {fingerprint}"),
            ],
        ),
        Language::En => (
            format!("Your voting code — {title}"),
            vec![
                format!(
                    "You are invited to vote in the consultation \"{title}\", from {opens} to {closes}."
                ),
                format!("Your personal voting code: {credential}"),
                "Keep it to yourself: it signs your ballot, which is encrypted in your browser. \
                 The town hall keeps no copy of it and cannot send it again. You may vote \
                 several times: only your last ballot counts."
                    .into(),
                format!("Election identifier: {election_uuid} — fingerprint: {fingerprint}"),
            ],
        ),
    };
    content(a, subject, paragraphs)
}

/// The receipt mail, sent when the batch holding the voter's ballot reaches the public board
/// (once per batch, however many times the voter cast in it), with the batch's time.
///
/// The ballot's tracker is deliberately absent: this message waits in the outbox (and stays in
/// the relay's logs) with the voter's address, and nothing stored may tie an address to a
/// ballot. The receipt shown when voting carries the tracker.
pub fn receipt(a: &About<'_>, time: &str) -> EmailContent {
    let title = a.title;
    let (subject, paragraphs) = match a.lang {
        Language::Fr => (
            format!("Bulletin enregistré — {title}"),
            vec![
                format!(
                    "Votre bulletin pour la consultation « {title} » a été enregistré : il a \
                     rejoint l'urne publique le {time}, mêlé aux autres bulletins du même lot."
                ),
                "Le reçu affiché au moment du vote porte le numéro de suivi de votre bulletin : \
                 gardez-le pour vérifier qu'il figure sur l'urne publique. Ce message ne le \
                 reprend pas, pour que rien de ce que conserve la mairie ne relie votre adresse \
                 à votre bulletin. Si vous n'avez pas voté, contactez la mairie."
                    .into(),
            ],
        ),
        Language::En => (
            format!("Ballot recorded — {title}"),
            vec![
                format!(
                    "Your ballot for the consultation \"{title}\" was recorded: it joined the \
                     public ballot box on {time}, mixed with the other ballots of its batch."
                ),
                "The receipt shown when you voted carries your ballot's tracker: keep it to \
                 check that your ballot is on the public ballot box. This message leaves it out, \
                 so that nothing the town hall keeps ties your address to your ballot. If you \
                 did not vote, contact the town hall."
                    .into(),
            ],
        ),
    };
    content(a, subject, paragraphs)
}

/// The result is published.
pub fn result_published(a: &About<'_>) -> EmailContent {
    let title = a.title;
    let (subject, paragraphs) = match a.lang {
        Language::Fr => (
            format!("Résultats publiés — {title}"),
            vec![
                format!("Les résultats de la consultation « {title} » sont publiés."),
                "Chacun peut vérifier le dépouillement à partir de l'archive publique de \
                 l'élection."
                    .into(),
            ],
        ),
        Language::En => (
            format!("Results published — {title}"),
            vec![
                format!("The results of the consultation \"{title}\" are published."),
                "Anyone can check the count from the election's public archive.".into(),
            ],
        ),
    };
    content(a, subject, paragraphs)
}
