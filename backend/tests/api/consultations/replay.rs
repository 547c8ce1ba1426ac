//! Replaying someone else's ballot: a resident who has not voted posts a ballot copied from the
//! public archive. The ballot box must not record the copier as having taken part, mail them a
//! receipt, or count anything again.

use super::election::{VOTERS, archive, ballot, cast, cast_ok, create_voters, open_one};
use super::{app, now, people};
use crate::helpers::{Backend, Session, json};
use crate::on_both_databases;

on_both_databases!(a_replayed_ballot_records_nothing_for_the_replayer);

async fn participated(session: &Session, id: &str) -> bool {
    let export = json(session.get("/api/v1/me/export").await).await;
    export["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .is_some_and(|c| c["participated"] == true)
}

async fn a_replayed_ballot_records_nothing_for_the_replayer(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let original = ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]);
    let receipt = cast_ok(&v1, &e.id, &original).await;

    // The copier takes the ballot from the public archive, byte for byte.
    let bel = archive(&v1, &e.id, &e.uuid).await;
    let text = String::from_utf8_lossy(&bel);
    assert!(
        text.contains(&original),
        "the ballot is public, byte for byte"
    );
    let copied = original.clone();
    let v2 = Session::login(&app, None, VOTERS[1]).await;
    let ballots_before = app
        .scalar("select count(*) from consultation_ballots")
        .await;
    let r = cast(&v2, &e.id, &copied).await;
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let answered = json(r).await;
    assert_eq!(answered["tracker"], receipt["tracker"]);

    assert!(
        !participated(&v2, &e.id).await,
        "the copier's export flipped"
    );
    assert!(participated(&v1, &e.id).await);
    assert_eq!(
        app.scalar("select count(*) from consultation_participation")
            .await,
        1
    );
    assert_eq!(
        app.scalar("select count(*) from consultation_ballots")
            .await,
        ballots_before
    );
    assert!(
        app.wait_for_mail_quiet(VOTERS[1]).await
            || crate::helpers::read_mails(&app.mail_dir(), VOTERS[1])
                .iter()
                .all(|m| !m.subject.starts_with("Bulletin")),
        "a receipt mail went to the copier"
    );
}
