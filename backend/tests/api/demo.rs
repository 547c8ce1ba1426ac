//! `voix serve --demo`'s consultations: one published with the demo residents' votes counted,
//! one open with a ballot on its board, both as the public API shows them.

use protocol::belenios::verify;
use serde_json::Value;

use protocol::api::Role;
use serde_json::json as body;

use crate::helpers::{Backend, Session, json, spawn_app_seeded};
use crate::on_both_databases;

on_both_databases!(
    demo_has_a_published_and_an_open_consultation,
    a_newcomer_verifies_against_the_demo_census
);

/// The demo ships a census: someone who registers can verify their residency as one of its
/// people (as the start-up message says), and a made-up person is still refused.
async fn a_newcomer_verifies_against_the_demo_census(backend: Backend) {
    let app = spawn_app_seeded(
        backend,
        |_| {},
        |db, settings| async move {
            voix::demo::seed(&db, &settings).await.unwrap();
        },
    )
    .await;
    app.create_user(None, "nouvelle@exemple.fr", Role::Resident)
        .await;
    let newcomer = Session::login(&app, None, "nouvelle@exemple.fr").await;
    let r = newcomer
        .post(
            "/api/v1/me/residency",
            body!({"last_name": "Martin", "first_name": "Nadia", "birth_date": "01/01/1990"}),
        )
        .await;
    assert_eq!(r.status(), 422, "not in the census");
    assert_eq!(json(r).await["error"], "residency_not_found");
    let r = newcomer
        .post(
            "/api/v1/me/residency",
            body!({"last_name": "dupont", "first_name": "Jeanne", "birth_date": "14/03/1985"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let status = json(r).await;
    assert_eq!(status["verified"], true, "{status}");
    assert_eq!(status["district"], "Centre", "{status}");
    assert_eq!(status["method"], "census", "{status}");
}

async fn demo_has_a_published_and_an_open_consultation(backend: Backend) {
    // Seeded before the mail worker starts, as `voix serve --demo` does.
    let app = spawn_app_seeded(
        backend,
        |_| {},
        |db, settings| async move {
            let logins = voix::demo::seed(&db, &settings).await.unwrap();
            assert!(!logins.is_empty());
        },
    )
    .await;

    let list = json(app.get("/api/v1/consultations").await).await;
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let find = |status: &str| -> Value {
        items
            .iter()
            .find(|c| c["status"] == status)
            .unwrap_or_else(|| panic!("no {status} consultation in {list}"))
            .clone()
    };
    let published = find("published");
    let open = find("open");

    let id = published["id"].as_str().unwrap();
    let results = json(
        app.get(&format!("/api/v1/consultations/{id}/results"))
            .await,
    )
    .await;
    let counts = |q: usize| -> Vec<u64> {
        results["questions"][q]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["count"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(counts(0), [2, 0, 1], "{results}");
    assert_eq!(counts(1), [2, 0], "{results}");
    assert_eq!(results["questions"][1]["blank"], 1, "{results}");
    let archive = app
        .get(&format!("/api/v1/consultations/{id}/archive"))
        .await
        .bytes()
        .await
        .unwrap();
    let report = verify::verify_archive(&archive).expect("the published archive verifies");
    assert_eq!(report.num_ballots, 3);

    let id = open["id"].as_str().unwrap();
    let board = json(app.get(&format!("/api/v1/consultations/{id}/board")).await).await;
    // The one ballot cast waits for the board's next batch (ballot secrecy at rest).
    assert_eq!(board["board"].as_array().unwrap().len(), 0, "{board}");
    assert_eq!(board["waiting"], 1, "{board}");
    let r = app
        .get(&format!("/api/v1/consultations/{id}/results"))
        .await;
    assert_eq!(r.status(), 409, "no result before publication");
}
