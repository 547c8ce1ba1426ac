//! The consultation part of the demo: one consultation whose result is published and one open
//! for voting, made through the same functions as the API (set-up, freeze, opening with
//! credentials mailed, ballots verified and cast, close, tally), so that the board, the
//! receipts, the archive and the result are what real use produces.
//!
//! Both use the server-held trustee (`server_single`): the demo has a single elected official
//! and nobody to run a threshold key ceremony at start-up. The demo residents' ballots are
//! made with their credentials, read from the credential mails still waiting in the outbox:
//! the demo is seeded before the mail worker starts (`voix serve --demo`).

use protocol::belenios::credential;
use protocol::belenios::rng::OsRandom;
use protocol::consultations::{
    ConsultationInput, ElectionGroup, Eligibility, QuestionInput, QuestionKind, TrusteeChoice,
};
use protocol::requests::Localized;

use crate::config::Settings;
use crate::consultations::voting::{self, TownMail};
use crate::consultations::{self as service, contexts};
use crate::db::Db;
use crate::on_db;
use crate::repo::towns::Town;
use crate::repo::users::User;
use crate::time::now;

fn l(fr: &str, en: &str) -> Localized {
    Localized {
        fr: fr.into(),
        en: en.into(),
    }
}

fn single(text: Localized, answers: Vec<Localized>, blank: bool) -> QuestionInput {
    QuestionInput {
        text,
        kind: QuestionKind::Single,
        min: None,
        max: None,
        blank_allowed: blank,
        answers,
    }
}

fn budget(now: i64) -> ConsultationInput {
    ConsultationInput {
        title: l(
            "Budget participatif 2026 : quel projet financer ?",
            "Participatory budget 2026: which project should be funded?",
        ),
        description: l(
            "La commune consacre 50 000 € à un projet proposé par les habitants. Trois projets \
             ont été retenus par le conseil de quartier.\n\nLe projet qui obtient le plus de voix \
             sera réalisé en 2027.",
            "The town devotes €50,000 to a project proposed by residents. The neighbourhood \
             council selected three projects.\n\nThe project with the most votes will be built \
             in 2027.",
        ),
        opens_at: now - 3 * 86_400,
        closes_at: now + 86_400,
        questions: vec![
            single(
                l(
                    "Quel projet doit être financé ?",
                    "Which project should be funded?",
                ),
                vec![
                    l(
                        "Un jardin partagé rue des Tilleuls",
                        "A shared garden on rue des Tilleuls",
                    ),
                    l(
                        "Des arceaux à vélos devant l’école",
                        "Bike racks in front of the school",
                    ),
                    l(
                        "Une boîte à livres place de la Mairie",
                        "A book box on the town hall square",
                    ),
                ],
                false,
            ),
            single(
                l(
                    "Souhaitez-vous que le budget participatif soit reconduit en 2027 ?",
                    "Should the participatory budget be renewed in 2027?",
                ),
                vec![l("Oui", "Yes"), l("Non", "No")],
                true,
            ),
        ],
        eligibility: Eligibility::AllVerified,
        trustees: TrusteeChoice::ServerSingle,
        group: ElectionGroup::Belenios2048,
        breakdown_min_voters: None,
    }
}

fn square(now: i64) -> ConsultationInput {
    ConsultationInput {
        title: l(
            "Aménagement de la place de la Mairie",
            "Redesign of the town hall square",
        ),
        description: l(
            "La place de la Mairie sera rénovée en 2027. Donnez votre avis sur son usage et ses \
             équipements.",
            "The town hall square will be renovated in 2027. Give your opinion on its use and \
             amenities.",
        ),
        opens_at: now - 3600,
        closes_at: now + 21 * 86_400,
        questions: vec![
            single(
                l(
                    "La place doit-elle devenir piétonne ?",
                    "Should the square become pedestrian?",
                ),
                vec![l("Oui", "Yes"), l("Non", "No")],
                true,
            ),
            QuestionInput {
                text: l(
                    "Quels équipements souhaitez-vous ? (deux au plus)",
                    "Which amenities do you want? (two at most)",
                ),
                kind: QuestionKind::Multiple,
                min: Some(1),
                max: Some(2),
                blank_allowed: false,
                answers: vec![
                    l("Des arbres", "Trees"),
                    l("Des bancs", "Benches"),
                    l("Une fontaine", "A fountain"),
                    l("Un kiosque", "A bandstand"),
                ],
            },
        ],
        eligibility: Eligibility::AllVerified,
        trustees: TrusteeChoice::ServerSingle,
        group: ElectionGroup::Belenios2048,
        breakdown_min_voters: None,
    }
}

/// Creates, freezes and opens a consultation; returns its id.
async fn opened(
    db: &Db,
    town: &Town,
    staff: &User,
    input: &ConsultationInput,
    mail: &TownMail,
) -> anyhow::Result<String> {
    let now = now();
    let mut tx = db.begin().await?;
    let id = service::create(&mut tx, town, staff, input, now).await?;
    service::start_key_ceremony(&mut tx, town, staff, &id, now).await?;
    voting::open(&mut tx, town, staff, &id, now, mail).await?;
    tx.commit().await?;
    Ok(id)
}

/// The credential mailed to `email` by the latest opening: the newest private mail still
/// waiting for the worker that holds a credential.
async fn credential_of(db: &Db, email: &str) -> anyhow::Result<String> {
    let mut tx = db.read().await?;
    let bodies: Vec<String> = on_db!(&mut tx, |c| sqlx::query_scalar(
        "select body_text from outbox where recipient = $1 and status = 'pending'
         and message_id like '<voix.private.%' order by id desc"
    )
    .bind(email)
    .fetch_all(c)
    .await)?;
    bodies
        .iter()
        .find_map(|text| {
            text.split(|c: char| c.is_whitespace() || c == '«' || c == '»')
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                .find(|w| credential::is_valid(w))
                .map(str::to_owned)
        })
        .ok_or_else(|| anyhow::anyhow!("no credential mail waiting for {email}"))
}

/// Casts `votes[i]` for `voters[i]`, as the SPA would.
async fn vote(
    db: &Db,
    town: &Town,
    id: &str,
    voters: &[User],
    votes: &[Vec<Vec<u32>>],
    settings: &Settings,
) -> anyhow::Result<()> {
    let board = {
        let mut tx = db.read().await?;
        voting::board(&mut tx, town, id).await?
    };
    let ctx = contexts::prepared(&board.election).map_err(|e| anyhow::anyhow!("{e}"))?;
    for (voter, choice) in voters.iter().zip(votes) {
        let credential = credential_of(db, &voter.email).await?;
        let ballot = ctx
            .create_ballot(&credential, choice, &mut OsRandom)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        voting::cast(db, town, voter, id, ballot, settings).await?;
    }
    Ok(())
}

/// Seeds the two consultations. `residents` are verified residents of the town.
pub async fn seed(
    db: &Db,
    settings: &Settings,
    town: &Town,
    residents: &[User],
    staff: &User,
) -> anyhow::Result<()> {
    let town_mail = voting::TownMail::new(settings, town);
    let mail = &town_mail;

    // Published: every resident voted (the first blank on the second question), then the
    // staff closed it a day early and the server's key decrypted the tally.
    let published = opened(db, town, staff, &budget(now()), mail).await?;
    let votes = [
        vec![vec![1, 0, 0], vec![1, 0, 0]],
        vec![vec![1, 0, 0], vec![0, 1, 0]],
        vec![vec![0, 0, 1], vec![0, 1, 0]],
    ];
    vote(db, town, &published, residents, &votes, settings).await?;
    let mut tx = db.begin().await?;
    voting::close(&mut tx, settings, town, Some(staff), &published, now()).await?;
    voting::tally(&mut tx, town, staff, &published, now(), mail).await?;
    tx.commit().await?;

    // Open: one resident has already voted.
    let open = opened(db, town, staff, &square(now()), mail).await?;
    if let Some(first) = residents.first() {
        vote(
            db,
            town,
            &open,
            std::slice::from_ref(first),
            &[vec![vec![0, 1, 0], vec![1, 1, 0, 0]]],
            settings,
        )
        .await?;
    }
    Ok(())
}
