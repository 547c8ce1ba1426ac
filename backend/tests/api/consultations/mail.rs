//! Consultation mail to a whole electorate: credentials, the opening announcement and the
//! result go out in throttled batches (`[consultations] mail_batch_size`,
//! `mail_batch_seconds`), and the opening is announced exactly once when `opens_at` passes —
//! on SQLite and PostgreSQL.

use std::time::Duration;

use serde_json::json;

use super::election::{VOTER_LIST, VOTERS, create_voters, mails_with, single_setup};
use super::{create, freeze, now, people, upload};
use crate::helpers::{Backend, Session, TestApp, read_mails, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    bulk_mails_go_out_in_throttled_batches,
    the_opening_is_announced_once_when_opens_at_passes,
);

/// Batches of two, an hour apart: of three voters, two are mailed at once, the third an hour
/// later.
async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.consultations.mail_batch_size = 2;
        s.consultations.mail_batch_seconds = 3600;
    })
    .await
}

/// Creates, freezes and opens a `server_single` consultation of `VOTERS`; returns its id.
async fn open(staff: &Session, opens_at: i64) -> String {
    let id = create(staff, single_setup(opens_at)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(upload(staff, &id, VOTER_LIST).await.status(), 200);
    assert_eq!(freeze(staff, &id).await.status(), 200);
    let r = staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    id
}

/// Outbox rows whose subject starts with `subject`, by delay (`next_attempt_at - created_at`).
async fn delays(app: &TestApp, subject: &str, delay: i64) -> i64 {
    app.scalar(&format!(
        "select count(*) from outbox where subject like '{subject}%'
             and next_attempt_at - created_at = {delay}"
    ))
    .await
}

async fn bulk_mails_go_out_in_throttled_batches(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let id = open(&p.staff, now() - 60).await;

    // The first batch (v1, v2: the electorate in address order) is sent at once; the third
    // credential waits in the outbox for the next batch, an hour later.
    let first = mails_with(&app, VOTERS[0], "Votre code de vote", 1).await;
    mails_with(&app, VOTERS[1], "Votre code de vote", 1).await;
    // Opened after `opens_at`: the credential mail is the announcement, nothing to add.
    assert!(!first[0].contains("Le vote ouvrira"), "{}", first[0]);
    let pending = "select count(*) from outbox where status = 'pending'
                   and message_id like '<voix.private.%' and next_attempt_at - created_at = 3600";
    assert_eq!(app.scalar(pending).await, 1);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        read_mails(&app.mail_dir(), VOTERS[2])
            .iter()
            .all(|m| !m.subject.starts_with("Votre code de vote")),
        "the second batch went out early"
    );
    let announced = format!(
        "select count(*) from consultation_voters
         where consultation_id = '{id}' and announced_at is not null"
    );
    assert_eq!(app.scalar(&announced).await, 3);

    // The result-published mails: two now, one an hour later.
    for step in ["close", "tally"] {
        let r = p
            .staff
            .post(
                &format!("/api/v1/staff/consultations/{id}/{step}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{step}: {}", r.text().await.unwrap());
    }
    assert_eq!(delays(&app, "Résultats publiés", 0).await, 2);
    assert_eq!(delays(&app, "Résultats publiés", 3600).await, 1);
    mails_with(&app, VOTERS[0], "Résultats publiés", 1).await;

    // The maintenance job has nothing to announce: the credential mails were the announcement.
    let job = voix::consultations::announce::announce_due(&app.db, &app.settings, now() + 60)
        .await
        .unwrap();
    assert_eq!(job, 0);
}

async fn the_opening_is_announced_once_when_opens_at_passes(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let opens_at = now() + 2;
    let id = open(&p.staff, opens_at).await;

    // Opened early: the credential says when voting opens; nobody is announced to yet.
    let credential = mails_with(&app, VOTERS[0], "Votre code de vote", 1).await;
    assert!(
        credential[0].contains("Le vote ouvrira le"),
        "{}",
        credential[0]
    );
    let unannounced = format!(
        "select count(*) from consultation_voters
         where consultation_id = '{id}' and announced_at is null"
    );
    assert_eq!(app.scalar(&unannounced).await, 3);
    let announce = || voix::consultations::announce::announce_due(&app.db, &app.settings, now());
    assert_eq!(announce().await.unwrap(), 0, "announced before opens_at");

    while now() <= opens_at {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(announce().await.unwrap(), 3);
    assert_eq!(announce().await.unwrap(), 0, "announced twice");
    assert_eq!(app.scalar(&unannounced).await, 0);
    // In batches too: two now, one an hour later.
    assert_eq!(delays(&app, "Le vote est ouvert", 0).await, 2);
    assert_eq!(delays(&app, "Le vote est ouvert", 3600).await, 1);
    let mail = mails_with(&app, VOTERS[0], "Le vote est ouvert", 1).await;
    assert!(
        mail[0].contains(&format!("/consultations/{id}/vote")) && !mail[0].contains("credential="),
        "{}",
        mail[0]
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let announcements = read_mails(&app.mail_dir(), VOTERS[0])
        .into_iter()
        .filter(|m| m.subject.starts_with("Le vote est ouvert"))
        .count();
    assert_eq!(announcements, 1);
}
