//! Consultations, first slice: staff set up a draft (questions, eligibility, voter list,
//! trustees), freeze it into the key ceremony, and the public reads what is no longer a draft
//! — on SQLite and PostgreSQL.

use protocol::api::Role;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::{Backend, Session, TEST_HOSTS, TestApp, json, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    staff_create_and_update_a_draft_with_two_questions,
    invalid_setups_are_refused_with_stable_codes,
    voter_lists_are_stored_whole_or_not_at_all,
    only_staff_set_up_consultations,
    towns_do_not_see_each_others_consultations,
    freezing_blocks_every_edit,
    the_public_list_hides_drafts,
    routes_are_in_the_openapi_document,
);

mod ceremony;
mod closing;
pub(crate) mod election;
mod mail;
mod receipt_keys;
mod replay;
mod secrecy;
mod trustee_cli;

/// An app without the second-factor requirement (tests/api/totp.rs covers it), whose boards
/// publish each ballot at once (batches of one: these tests are about the election, not about
/// ballot secrecy at rest, which `secrecy.rs` attacks with the default batches).
pub(crate) async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.consultations.board_batch_size = 1;
    })
    .await
}

pub(crate) struct People {
    pub(crate) staff: Session,
    pub(crate) officials: Vec<String>,
}

/// A staff member and three officials of the default town.
pub(crate) async fn people(app: &TestApp) -> People {
    app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    let mut officials = Vec::new();
    for i in 1..=3 {
        officials.push(
            app.create_user(None, &format!("elu{i}@mairie.fr"), Role::Official)
                .await,
        );
    }
    People {
        staff: Session::login(app, None, "agent@mairie.fr").await,
        officials,
    }
}

pub(crate) fn now() -> i64 {
    voix::time::now()
}

pub(crate) fn loc(fr: &str, en: &str) -> Value {
    json!({"fr": fr, "en": en})
}

/// A valid set-up: a single-choice question with a blank vote and an approval question.
fn setup(officials: &[String]) -> Value {
    json!({
        "title": loc("Aménagement de la place", "Redesign of the square"),
        "description": loc("Donnez votre avis.\nMerci !", "Tell us what you think."),
        "opens_at": now() + 86_400,
        "closes_at": now() + 8 * 86_400,
        "questions": [
            {"text": loc("Faut-il piétonniser la place ?", "Should the square be pedestrian?"),
             "kind": "single", "blank_allowed": true,
             "answers": [loc("Oui", "Yes"), loc("Non", "No")]},
            {"text": loc("Quels équipements ?", "Which amenities?"),
             "kind": "multiple", "min": 1, "max": 2,
             "answers": [loc("Bancs", "Benches"), loc("Arbres", "Trees"), loc("Fontaine", "Fountain")]}
        ],
        "eligibility": {"kind": "all_verified"},
        "trustees": {"mode": "officials", "officials": officials}
    })
}

pub(crate) async fn create(staff: &Session, body: Value) -> Value {
    let r = staff.post("/api/v1/staff/consultations", body).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    json(r).await
}

pub(crate) async fn upload(session: &Session, id: &str, csv: &[u8]) -> reqwest::Response {
    session
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/staff/consultations/{id}/voters"),
        )
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .body(csv.to_vec())
        .send()
        .await
        .unwrap()
}

pub(crate) async fn freeze(session: &Session, id: &str) -> reqwest::Response {
    session
        .post(
            &format!("/api/v1/staff/consultations/{id}/key-ceremony"),
            json!({}),
        )
        .await
}

async fn expect_error(r: reqwest::Response, status: u16, code: &str, field: Option<&str>) {
    let got = r.status();
    let body = json(r).await;
    assert_eq!(got, status, "{body}");
    assert_eq!(body["error"], code, "{body}");
    if let Some(field) = field {
        assert_eq!(body["field"], field, "{body}");
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.scalar(&format!("select count(*) from {table}")).await
}

async fn staff_create_and_update_a_draft_with_two_questions(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let created = create(&p.staff, setup(&p.officials)).await;
    assert_eq!(created["status"], "draft");
    let uuid = created["election_uuid"].as_str().unwrap();
    assert!(
        protocol::belenios::election::is_valid_uuid(uuid),
        "not a Belenios uuid: {uuid}"
    );
    assert_eq!(created["group"], "BELENIOS-2048");
    assert_eq!(created["breakdown_min_voters"], 10);
    let q = &created["questions"];
    assert_eq!(q.as_array().unwrap().len(), 2);
    assert_eq!(
        (q[0]["min"].as_u64(), q[0]["max"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(q[0]["blank_allowed"], true);
    assert_eq!(
        (q[1]["min"].as_u64(), q[1]["max"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(q[1]["answers"][2]["en"], "Fountain");
    let trustees = &created["trustees"];
    assert_eq!(trustees["mode"], "officials");
    assert_eq!(trustees["threshold"], 2, "default 2 of 3");
    assert_eq!(trustees["trustees"].as_array().unwrap().len(), 3);
    assert_eq!(trustees["trustees"][0]["position"], 1);
    assert_eq!(trustees["trustees"][0]["user_id"], p.officials[0].as_str());
    assert!(trustees.get("warning").is_none());
    assert!(created.get("fingerprint").is_none());

    // Update: new title, districts, two officials with an explicit threshold.
    let id = created["id"].as_str().unwrap();
    let mut body = setup(&p.officials[..2]);
    body["title"] = loc("Place du marché", "Market square");
    body["eligibility"] = json!({"kind": "districts", "districts": ["Centre", " Gare "]});
    body["trustees"]["threshold"] = json!(1);
    body["group"] = json!("RFC-3526-2048");
    let r = p
        .staff
        .put(&format!("/api/v1/staff/consultations/{id}"), body)
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let updated = json(r).await;
    assert_eq!(updated["title"]["fr"], "Place du marché");
    assert_eq!(
        updated["eligibility"],
        json!({"kind": "districts", "districts": ["Centre", "Gare"]})
    );
    assert_eq!(updated["trustees"]["threshold"], 1);
    assert_eq!(updated["trustees"]["trustees"].as_array().unwrap().len(), 2);
    assert_eq!(updated["group"], "RFC-3526-2048");
    assert_eq!(updated["election_uuid"], uuid, "the uuid never changes");
    assert_eq!(count(&app, "consultation_questions").await, 2);
    assert_eq!(count(&app, "consultation_trustees").await, 2);

    // A server-held Single trustee comes with its warning.
    let mut body = setup(&[]);
    body["trustees"] = json!({"mode": "server_single"});
    let single = create(&p.staff, body).await;
    assert_eq!(single["trustees"]["mode"], "server_single");
    assert_eq!(single["trustees"]["trustees"][0]["server"], true);
    assert!(single["trustees"].get("threshold").is_none());
    assert!(
        single["trustees"]["warning"]["fr"]
            .as_str()
            .unwrap()
            .contains("serveur")
    );

    // Deleting a draft.
    let single_id = single["id"].as_str().unwrap();
    let r = p
        .staff
        .delete(
            &format!("/api/v1/staff/consultations/{single_id}"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = p
        .staff
        .get(&format!("/api/v1/consultations/{single_id}"))
        .await;
    assert_eq!(r.status(), 404);

    // Every change is in the audit log.
    let mut tx = app.db.read().await.unwrap();
    let town = voix::repo::towns::ensure_default(&mut tx, "x")
        .await
        .unwrap();
    let actions: Vec<String> = voix::repo::audit::list(&mut tx, &town.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "consultation.create",
        "consultation.update",
        "consultation.delete",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

async fn invalid_setups_are_refused_with_stable_codes(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let resident = app
        .create_user(None, "habitant@exemple.fr", Role::Resident)
        .await;
    let post = |body: Value| p.staff.post("/api/v1/staff/consultations", body);

    let mut body = setup(&p.officials);
    body["questions"][1]["min"] = json!(3);
    body["questions"][1]["max"] = json!(2);
    expect_error(post(body).await, 422, "validation", Some("questions")).await;

    let mut body = setup(&p.officials);
    body["questions"][0]["answers"] = json!([]);
    expect_error(post(body).await, 422, "validation", Some("questions")).await;

    let mut body = setup(&p.officials);
    body["questions"] = json!([]);
    expect_error(post(body).await, 422, "validation", Some("questions")).await;

    let mut body = setup(&p.officials);
    body["closes_at"] = json!(now());
    body["opens_at"] = json!(now() + 3600);
    expect_error(post(body).await, 422, "validation", Some("closes_at")).await;

    // A resident is not an official; neither is an unknown id.
    for wrong in [resident.as_str(), "00000000-0000-4000-8000-000000000000"] {
        let body = setup(&[p.officials[0].clone(), wrong.to_owned()]);
        expect_error(
            post(body).await,
            422,
            "validation",
            Some("trustees.officials"),
        )
        .await;
    }

    let mut body = setup(&p.officials);
    body["trustees"]["threshold"] = json!(4);
    expect_error(
        post(body).await,
        422,
        "validation",
        Some("trustees.threshold"),
    )
    .await;

    let body = setup(&[p.officials[0].clone(), p.officials[0].clone()]);
    expect_error(
        post(body).await,
        422,
        "validation",
        Some("trustees.officials"),
    )
    .await;

    let mut body = setup(&p.officials);
    body["title"]["en"] = json!("nul\u{0}byte");
    expect_error(post(body).await, 422, "validation", Some("title")).await;

    let mut body = setup(&p.officials);
    body["eligibility"] = json!({"kind": "districts", "districts": []});
    expect_error(
        post(body).await,
        422,
        "validation",
        Some("eligibility.districts"),
    )
    .await;

    let mut body = setup(&p.officials);
    body["unexpected"] = json!(true);
    expect_error(post(body).await, 400, "invalid_body", None).await;

    let mut body = setup(&p.officials);
    body["trustees"] = json!({"mode": "everyone"});
    expect_error(post(body).await, 400, "invalid_body", None).await;

    // Messages are translated.
    let mut body = setup(&p.officials);
    body["trustees"]["threshold"] = json!(0);
    let r = p
        .staff
        .request(reqwest::Method::POST, "/api/v1/staff/consultations")
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    let err = json(r).await;
    assert!(
        err["message"].as_str().unwrap().starts_with("Some values"),
        "{err}"
    );

    assert_eq!(count(&app, "consultations").await, 0, "nothing was saved");
    // Junk ids are unknown, not errors.
    let r = p.staff.get("/api/v1/consultations/%00'").await;
    assert_eq!(r.status(), 404);
}

async fn voter_lists_are_stored_whole_or_not_at_all(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let mut body = setup(&p.officials);
    body["eligibility"] = json!({"kind": "list"});
    let id = create(&p.staff, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let good =
        "\u{feff}courriel;poids\r\nAlice@Exemple.fr;2\r\nbob@exemple.fr;\r\ncharlie@exemple.fr\r\n";
    let r = upload(&p.staff, &id, good.as_bytes()).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await, json!({"voters": 3, "total_weight": 4}));

    // Without a BOM, comma-separated, no header: accepted too (and replaces the list).
    let r = upload(&p.staff, &id, b"dora@exemple.fr,1\nalice@exemple.fr,5\n").await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await, json!({"voters": 2, "total_weight": 6}));

    let bad = "email;weight\nok@exemple.fr;1\nnot-an-address;1\nx@exemple.fr;-3\nOK@exemple.fr;1\n";
    let r = upload(&p.staff, &id, bad.as_bytes()).await;
    assert_eq!(r.status(), 422);
    let err = json(r).await;
    assert_eq!(err["error"], "voter_list_invalid");
    let rows: Vec<(u64, String)> = err["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (3, "invalid_email".to_owned()),
            (4, "invalid_weight".to_owned()),
            (5, "duplicate_email".to_owned()),
        ]
    );
    assert_eq!(err["rejected"][0]["column"], "email");

    // Nothing changed: the previous list stands.
    let detail = json(p.staff.get(&format!("/api/v1/consultations/{id}")).await).await;
    assert_eq!(
        detail["voter_list"],
        json!({"voters": 2, "total_weight": 6})
    );
    assert_eq!(count(&app, "consultation_voter_list").await, 2);

    let r = p
        .staff
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/staff/consultations/{id}/voters"),
        )
        .header(CONTENT_TYPE, "application/json")
        .body("[]")
        .send()
        .await
        .unwrap();
    expect_error(r, 415, "unsupported_media_type", None).await;
    let r = upload(&p.staff, &id, b"").await;
    assert_eq!(json(r).await["rejected"][0]["reason"], "empty_file");
    let r = upload(
        &p.staff,
        "00000000-0000-4000-8000-000000000000",
        good.as_bytes(),
    )
    .await;
    assert_eq!(r.status(), 404);
}

async fn only_staff_set_up_consultations(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let id = create(&p.staff, setup(&p.officials)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.create_user(None, "habitant@exemple.fr", Role::Resident)
        .await;
    let resident = Session::login(&app, None, "habitant@exemple.fr").await;
    let official = Session::login(&app, None, "elu1@mairie.fr").await;
    for who in [&resident, &official] {
        expect_error(
            who.post("/api/v1/staff/consultations", setup(&p.officials))
                .await,
            403,
            "forbidden",
            None,
        )
        .await;
        expect_error(
            who.put(
                &format!("/api/v1/staff/consultations/{id}"),
                setup(&p.officials),
            )
            .await,
            403,
            "forbidden",
            None,
        )
        .await;
        expect_error(
            upload(who, &id, b"a@exemple.fr;1\n").await,
            403,
            "forbidden",
            None,
        )
        .await;
        expect_error(freeze(who, &id).await, 403, "forbidden", None).await;
        expect_error(
            who.get("/api/v1/staff/officials").await,
            403,
            "forbidden",
            None,
        )
        .await;
        // A draft does not exist for them.
        let r = who.get(&format!("/api/v1/consultations/{id}")).await;
        assert_eq!(r.status(), 404);
    }
    let anonymous = Session::anonymous(&app, None);
    expect_error(
        anonymous
            .post("/api/v1/staff/consultations", setup(&p.officials))
            .await,
        401,
        "unauthenticated",
        None,
    )
    .await;

    // Staff see the officials they may choose.
    let officials = json(p.staff.get("/api/v1/staff/officials").await).await;
    let ids: Vec<&str> = officials
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(p.officials.iter().all(|o| ids.contains(&o.as_str())));
}

async fn towns_do_not_see_each_others_consultations(backend: Backend) {
    let app = app(backend).await;
    app.add_test_towns().await;
    app.create_user(Some("ville-a"), "agent@ville-a.fr", Role::Staff)
        .await;
    app.create_user(Some("ville-b"), "agent@ville-b.fr", Role::Staff)
        .await;
    let official_a = app
        .create_user(Some("ville-a"), "elu@ville-a.fr", Role::Official)
        .await;
    let staff_a = Session::login(&app, Some(TEST_HOSTS[0]), "agent@ville-a.fr").await;
    let staff_b = Session::login(&app, Some(TEST_HOSTS[1]), "agent@ville-b.fr").await;

    // Town B's staff cannot pick town A's official.
    expect_error(
        staff_b
            .post(
                "/api/v1/staff/consultations",
                setup(std::slice::from_ref(&official_a)),
            )
            .await,
        422,
        "validation",
        Some("trustees.officials"),
    )
    .await;

    let id = create(&staff_a, setup(std::slice::from_ref(&official_a))).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(freeze(&staff_a, &id).await.status(), 200);
    let public_a = Session::anonymous(&app, Some(TEST_HOSTS[0]));
    let public_b = Session::anonymous(&app, Some(TEST_HOSTS[1]));
    assert_eq!(
        public_a
            .get(&format!("/api/v1/consultations/{id}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        json(public_a.get("/api/v1/consultations").await)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for who in [&public_b, &staff_b] {
        let r = who.get(&format!("/api/v1/consultations/{id}")).await;
        assert_eq!(r.status(), 404);
        let list = json(who.get("/api/v1/consultations").await).await;
        assert_eq!(list, json!([]));
    }
    for r in [
        staff_b
            .put(
                &format!("/api/v1/staff/consultations/{id}"),
                setup(std::slice::from_ref(&official_a)),
            )
            .await,
        staff_b
            .delete(&format!("/api/v1/staff/consultations/{id}"), json!({}))
            .await,
        freeze(&staff_b, &id).await,
        upload(&staff_b, &id, b"a@exemple.fr;1\n").await,
    ] {
        expect_error(r, 404, "not_found", None).await;
    }
}

async fn freezing_blocks_every_edit(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;

    // A `list` consultation cannot be frozen without its list.
    let mut body = setup(&p.officials);
    body["eligibility"] = json!({"kind": "list"});
    let id = create(&p.staff, body.clone()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_error(
        freeze(&p.staff, &id).await,
        422,
        "validation",
        Some("voters"),
    )
    .await;
    assert_eq!(
        upload(&p.staff, &id, b"a@exemple.fr;1\n").await.status(),
        200
    );

    let r = freeze(&p.staff, &id).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let frozen = json(r).await;
    assert_eq!(frozen["status"], "key_ceremony");
    assert!(frozen["frozen_at"].as_i64().unwrap() > 0);

    let path = format!("/api/v1/staff/consultations/{id}");
    expect_error(
        p.staff.put(&path, body).await,
        409,
        "consultation_frozen",
        None,
    )
    .await;
    expect_error(
        p.staff.delete(&path, json!({})).await,
        409,
        "consultation_frozen",
        None,
    )
    .await;
    expect_error(
        upload(&p.staff, &id, b"b@exemple.fr;1\n").await,
        409,
        "consultation_frozen",
        None,
    )
    .await;
    expect_error(freeze(&p.staff, &id).await, 409, "invalid_transition", None).await;
    let after = json(p.staff.get(&format!("/api/v1/consultations/{id}")).await).await;
    assert_eq!(after["title"], frozen["title"]);
    assert_eq!(after["voter_list"]["voters"], 1);

    // An official demoted before the freeze blocks it.
    let id = create(&p.staff, setup(&p.officials)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut tx = app.db.begin().await.unwrap();
    voix::repo::users::update_admin(&mut tx, &p.officials[2], Some(Role::Resident), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    expect_error(
        freeze(&p.staff, &id).await,
        422,
        "validation",
        Some("trustees.officials"),
    )
    .await;
}

async fn the_public_list_hides_drafts(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let mut body = setup(&p.officials);
    body["title"] = loc("Brouillon", "Draft");
    let draft = create(&p.staff, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = setup(&p.officials);
    body["opens_at"] = json!(now() + 2 * 86_400);
    let frozen = create(&p.staff, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(freeze(&p.staff, &frozen).await.status(), 200);

    let anonymous = Session::anonymous(&app, None);
    let list = json(anonymous.get("/api/v1/consultations").await).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], frozen.as_str());
    assert_eq!(list[0]["status"], "key_ceremony");
    assert_eq!(list[0]["title"]["fr"], "Aménagement de la place");
    assert_eq!(
        anonymous
            .get(&format!("/api/v1/consultations/{draft}"))
            .await
            .status(),
        404
    );
    let public = json(
        anonymous
            .get(&format!("/api/v1/consultations/{frozen}"))
            .await,
    )
    .await;
    assert_eq!(public["status"], "key_ceremony");
    assert!(public.get("voter_list").is_none(), "staff only");
    assert!(
        public["trustees"]["trustees"][0].get("user_id").is_none(),
        "staff only"
    );
    assert_eq!(public["trustees"]["trustees"][0]["display_name"], "Agent");

    // Staff see both, newest opening first.
    let staff_list = json(p.staff.get("/api/v1/consultations").await).await;
    let ids: Vec<&str> = staff_list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![frozen.as_str(), draft.as_str()]);
}

async fn routes_are_in_the_openapi_document(backend: Backend) {
    let app = app(backend).await;
    let spec = json(app.get("/api/openapi.json").await).await;
    for (path, method) in [
        ("/api/v1/consultations", "get"),
        ("/api/v1/consultations/{id}", "get"),
        ("/api/v1/staff/consultations", "post"),
        ("/api/v1/staff/consultations/{id}", "put"),
        ("/api/v1/staff/consultations/{id}", "delete"),
        ("/api/v1/staff/consultations/{id}/voters", "put"),
        ("/api/v1/staff/consultations/{id}/key-ceremony", "post"),
        ("/api/v1/staff/officials", "get"),
        ("/api/v1/staff/consultations/{id}/open", "post"),
        ("/api/v1/staff/consultations/{id}/close", "post"),
        ("/api/v1/staff/consultations/{id}/tally", "post"),
        ("/api/v1/consultations/{id}/ballots", "post"),
        ("/api/v1/consultations/{id}/board", "get"),
        ("/api/v1/consultations/{id}/receipts/verify", "post"),
        ("/api/v1/consultations/{id}/archive", "get"),
        ("/api/v1/consultations/{id}/results", "get"),
        ("/api/v1/consultations/{id}/ceremony", "get"),
        ("/api/v1/trustee/consultations", "get"),
        ("/api/v1/trustee/consultations/{id}", "get"),
        ("/api/v1/trustee/consultations/{id}/ceremony", "post"),
        ("/api/v1/trustee/consultations/{id}/decryption", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    let put = &spec["paths"]["/api/v1/staff/consultations/{id}"]["put"]["responses"];
    assert!(put["409"].is_object() && put["422"].is_object());
    for schema in [
        "ConsultationInput",
        "ConsultationDetail",
        "VoterListRejected",
        "CastBallot",
        "BallotReceipt",
        "Board",
        "ReceiptCheck",
        "ConsultationResults",
        "CeremonyState",
        "TrusteeWork",
        "TrusteeMessage",
        "TrusteeConsultation",
    ] {
        assert!(
            spec["components"]["schemas"][schema].is_object(),
            "{schema}"
        );
    }
}
