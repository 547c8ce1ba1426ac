//! The account page's API: profile, language, GDPR export and erasure.

use std::collections::BTreeSet;

use protocol::api::Role;
use protocol::belenios::credential;
use protocol::belenios::group::Group;
use serde_json::{Value, json};

use crate::consultations::election::{
    VOTER_LIST, VOTERS, ballot, cast_ok, create_voters, mails_with, open_one, single_setup,
};
use crate::consultations::{create, freeze, now, people, upload};
use crate::helpers::{Backend, PASSWORD, Session, TEST_HOSTS, json, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    export_contains_my_data,
    deleting_my_account_erases_it,
    emails_follow_the_chosen_language,
    export_lists_my_voter_entries_and_participation,
    export_never_links_me_to_my_ballot,
    export_of_someone_on_no_list_has_no_consultations,
    export_does_not_show_another_towns_consultations,
    export_schema_documents_consultations,
);

async fn export_contains_my_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "export@example.fr";
    app.signed_up(email).await;
    let r = app.get("/api/v1/me/export").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export = json(r).await;
    assert_eq!(export["account"]["email"], email);
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
    let subjects: Vec<&str> = export["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert!(
        subjects.iter().any(|s| s.contains("Confirmez")),
        "{subjects:?}"
    );
    assert!(
        !export.to_string().contains("argon2"),
        "the password hash is not personal data to hand out"
    );
}

async fn deleting_my_account_erases_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "gone@example.fr";
    app.signed_up(email).await;
    let r = app
        .client
        .delete(app.url("/api/v1/me"))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    assert_eq!(app.login(email, PASSWORD).await.status(), 401);

    // No row of the person remains: account, sessions, tokens, queued and sent emails.
    let mut tx = app.db.read().await.unwrap();
    let count = |sql: &'static str| sql;
    for sql in [
        count("select count(*) from users where email = $1"),
        count("select count(*) from outbox where recipient = $1"),
    ] {
        let n: (i64,) = voix::on_db!(&mut tx, |c| sqlx::query_as(sql)
            .bind(email)
            .fetch_one(c)
            .await)
        .unwrap();
        assert_eq!(n.0, 0, "{sql}");
    }
    for sql in [
        "select count(*) from sessions",
        "select count(*) from auth_tokens",
    ] {
        let n: (i64,) = voix::on_db!(&mut tx, |c| sqlx::query_as(sql).fetch_one(c).await).unwrap();
        assert_eq!(n.0, 0, "{sql}");
    }
    drop(tx);
    // The address is free again.
    assert_eq!(app.register(email, "fr").await.status(), 202);
    let mails = app.wait_for_mail(email, 1).await;
    assert!(
        mails.last().unwrap().subject.contains("Confirmez"),
        "a new account, not 'already registered'"
    );
}

async fn emails_follow_the_chosen_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "english@example.fr";
    assert_eq!(app.register(email, "en").await.status(), 202);
    let mails = app.wait_for_mail(email, 1).await;
    assert!(
        mails[0].subject.starts_with("Confirm your email address"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].text.contains("Hello Camille Test,"));

    let fr = "francais@example.fr";
    app.signed_up(fr).await;
    let r = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("origin", app.origin())
        .json(&json!({"language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await["language"], "en");
    app.post("/api/v1/auth/password-reset/request", &json!({"email": fr}))
        .await;
    let mails = app.wait_for_mail(fr, 2).await;
    assert!(
        mails
            .last()
            .unwrap()
            .subject
            .starts_with("Reset your password"),
        "{}",
        mails.last().unwrap().subject
    );
}

/// The signed-in person's data export.
async fn export_of(session: &Session) -> Value {
    let r = session.get("/api/v1/me/export").await;
    assert_eq!(r.status(), 200);
    json(r).await
}

/// The export's record of consultation `id`.
fn record<'a>(export: &'a Value, id: &str) -> &'a Value {
    export["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("consultation {id} not in the export: {export}"))
}

fn id_of(created: &Value) -> String {
    created["id"].as_str().unwrap().to_owned()
}

async fn export_lists_my_voter_entries_and_participation(backend: Backend) {
    let app = crate::consultations::app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let before_open = now();
    // A draft with the uploaded list: the list's row, no electorate yet.
    let mut unpublished = single_setup(now() + 3600);
    unpublished["title"] = json!({"fr": "Projet encore secret", "en": "Still secret project"});
    let draft = id_of(&create(&p.staff, unpublished).await);
    assert_eq!(upload(&p.staff, &draft, VOTER_LIST).await.status(), 200);
    // An open one: the list's row and the electorate fixed at opening.
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    // Residents verified in a district: the electorate keeps the district.
    let v2_id = app
        .strings(&format!(
            "select id from users where email = '{}'",
            VOTERS[1]
        ))
        .await
        .remove(0);
    let r = p
        .staff
        .post(
            &format!("/api/v1/admin/users/{v2_id}/residency"),
            json!({"district": "Nord", "reason": "Justificatif présenté au guichet"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mut setup = single_setup(now() - 60);
    setup["eligibility"] = json!({"kind": "all_verified"});
    let residents = id_of(&create(&p.staff, setup).await);
    assert_eq!(freeze(&p.staff, &residents).await.status(), 200);
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{residents}/open"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let v2 = Session::login(&app, None, VOTERS[1]).await;
    let export = export_of(&v2).await;
    assert_eq!(export["consultations"].as_array().unwrap().len(), 2);
    // The draft is only counted: nothing of it is published yet (its page is a 404).
    assert_eq!(export["unpublished_voter_lists"], 1);
    assert_draft_hidden(&export, &draft);

    let o = record(&export, &e.id);
    assert_eq!(o["status"], "open");
    assert!(o["voter_list"].get("weight").is_none(), "{o}");
    let electorate = o["electorate"].as_array().unwrap();
    assert_eq!(electorate.len(), 1, "{o}");
    assert_eq!(electorate[0]["email"], VOTERS[1]);
    assert!(electorate[0].get("weight").is_none(), "{o}");
    assert!(electorate[0].get("district").is_none(), "{o}");
    let sent = electorate[0]["credential_sent_at"].as_i64().unwrap();
    assert!(sent >= before_open && sent <= now(), "{o}");
    assert_eq!(o["participated"], false);

    let r = record(&export, &residents);
    assert!(r.get("voter_list").is_none(), "{r}");
    assert_eq!(r["electorate"][0]["district"], "Nord");
    assert_eq!(r["participated"], false);

    // After voting in one of them: participation there only.
    cast_ok(
        &v2,
        &e.id,
        &ballot(&e.ctx, &e.credentials[1], &[vec![0, 1, 0], vec![1, 0, 0]]),
    )
    .await;
    let export = export_of(&v2).await;
    assert_eq!(record(&export, &e.id)["participated"], true);
    assert_draft_hidden(&export, &draft);
    assert_eq!(record(&export, &residents)["participated"], false);
    // Another voter of the same list is unaffected: their own row, no participation.
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let theirs = export_of(&v1).await;
    assert_eq!(theirs["consultations"].as_array().unwrap().len(), 1);
    let o = record(&theirs, &e.id);
    assert_eq!(o["voter_list"]["email"], VOTERS[0]);
    // VOTER_LIST: header on line 1, v1 on line 2 — no weight exported (with the archive's
    // weighted credentials, a rare one would point at the ballot).
    assert_eq!(o["voter_list"], json!({"email": VOTERS[0], "line": 2}));
    assert_eq!(o["electorate"][0]["email"], VOTERS[0]);
    assert_eq!(o["participated"], false);
    assert_eq!(theirs["unpublished_voter_lists"], 1);
}

/// Nothing of a draft reaches the resident through the export: not its id, title, text or
/// status, and the count says only that such a list exists. The draft itself is a 404.
fn assert_draft_hidden(export: &Value, draft: &str) {
    let text = export.to_string();
    assert!(!text.contains(draft), "the draft's id leaked: {text}");
    assert!(
        !text.contains("encore secret") && !text.contains("Still secret"),
        "the draft's title leaked: {text}"
    );
    assert!(
        !export["consultations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["status"] == "draft"),
        "{text}"
    );
}

/// The export tells the person that they took part, never which ballot is theirs: no public
/// credential, tracker, ballot or receipt signature of any ballot on the board (a stolen
/// session must not reveal how they voted).
async fn export_never_links_me_to_my_ballot(backend: Backend) {
    let app = crate::consultations::app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    // A ballot and a revote, and another voter's ballot on the same board.
    let first = cast_ok(
        &v1,
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]),
    )
    .await;
    let second = cast_ok(
        &v1,
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![0, 0, 1], vec![0, 1, 1]]),
    )
    .await;
    let v2 = Session::login(&app, None, VOTERS[1]).await;
    cast_ok(
        &v2,
        &e.id,
        &ballot(&e.ctx, &e.credentials[1], &[vec![1, 0, 0], vec![0, 0, 1]]),
    )
    .await;
    // The receipt mails (with the trackers) have been delivered.
    mails_with(&app, VOTERS[0], "Bulletin enregistré", 2).await;

    let export = export_of(&v1).await;
    let mine = record(&export, &e.id);
    assert_eq!(mine["participated"], true);
    let text = export.to_string();

    let public = credential::public_credential(Group::belenios_2048(), &e.uuid, &e.credentials[0])
        .to_string();
    let trackers = [
        first["tracker"].as_str().unwrap(),
        second["tracker"].as_str().unwrap(),
    ];
    // The strings looked for are the real ones: on the board and in the database.
    let stored = app
        .strings("select credential from consultation_ballots")
        .await;
    assert!(stored.contains(&public), "{stored:?}");
    let board = json(
        v1.get(&format!("/api/v1/consultations/{}/board", e.id))
            .await,
    )
    .await;
    assert_eq!(board["board"][0]["tracker"], trackers[0]);
    assert_eq!(board["board"][1]["tracker"], trackers[1]);

    assert!(!text.contains(&public), "public credential in the export");
    assert!(
        !text.contains(&e.credentials[0]),
        "private credential in the export"
    );
    for tracker in trackers {
        assert!(!text.contains(tracker), "tracker {tracker} in the export");
    }
    for signature in [&first["signature"], &second["signature"]] {
        let signature = signature.as_str().unwrap();
        assert!(!text.contains(signature), "receipt signature in the export");
    }
    // Nor anything of any other ballot or credential of the board.
    for secret in app
        .strings("select tracker from consultation_ballots")
        .await
        .into_iter()
        .chain(
            app.strings("select public_credential from consultation_credentials")
                .await,
        )
    {
        assert!(!text.contains(&secret), "{secret} in the export");
    }
    // The record holds only these fields: no ballot, position or time of casting.
    let keys: BTreeSet<&str> = mine
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let allowed = BTreeSet::from([
        "id",
        "title",
        "status",
        "voter_list",
        "electorate",
        "participated",
    ]);
    assert!(keys.is_subset(&allowed), "{keys:?}");
    let entry: BTreeSet<&str> = mine["electorate"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let allowed = BTreeSet::from(["email", "district", "credential_sent_at", "announced_at"]);
    assert!(entry.is_subset(&allowed), "{entry:?}");
}

async fn export_of_someone_on_no_list_has_no_consultations(backend: Backend) {
    let app = crate::consultations::app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    cast_ok(
        &Session::login(&app, None, VOTERS[0]).await,
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]),
    )
    .await;
    app.create_user(None, "outsider@exemple.fr", Role::Resident)
        .await;
    let outsider = Session::login(&app, None, "outsider@exemple.fr").await;
    assert_eq!(export_of(&outsider).await["consultations"], json!([]));
    // Nor the staff member who set it up (not on its list).
    assert_eq!(export_of(&p.staff).await["consultations"], json!([]));
}

async fn export_does_not_show_another_towns_consultations(backend: Backend) {
    let app = crate::consultations::app(backend).await;
    app.add_test_towns().await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    cast_ok(
        &v1,
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]),
    )
    .await;
    assert_eq!(record(&export_of(&v1).await, &e.id)["participated"], true);

    // The same address has an account in another town: nothing of this town's consultation.
    app.create_user(Some("ville-a"), VOTERS[0], Role::Resident)
        .await;
    let elsewhere = Session::login(&app, Some(TEST_HOSTS[0]), VOTERS[0]).await;
    let export = export_of(&elsewhere).await;
    assert_eq!(export["account"]["town"]["slug"], "ville-a", "{export}");
    assert_eq!(export["consultations"], json!([]));
}

async fn export_schema_documents_consultations(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec = json(app.get("/api/openapi.json").await).await;
    let schemas = &spec["components"]["schemas"];
    assert!(
        schemas["DataExport"]["properties"]
            .get("consultations")
            .is_some(),
        "{}",
        schemas["DataExport"]
    );
    for name in ["ConsultationRecord", "VoterListEntry", "ElectorateEntry"] {
        assert!(
            schemas.get(name).is_some(),
            "{name} missing from the OpenAPI document"
        );
    }
}
