//! Consultations, third slice: the officials' threshold key ceremony over HTTP, driven with
//! protocol's functions exactly as the three officials' browsers (or `voix trustee`) would,
//! then an election with their key: opening, ballots, close, two partial decryptions, the
//! result — checked by Voix's verifier and by `belenios-tool election verify` — on SQLite and
//! PostgreSQL.

use protocol::api::Role;
use protocol::belenios::decryption::PartialDecryption;
use protocol::belenios::pedersen::TrusteeSeed;
use protocol::belenios::rng::OsRandom;
use protocol::consultations::{TrusteeMessage, TrusteeTask, TrusteeWork, trustee};
use serde_json::{Value, json};

use super::election::{
    VOTER_LIST, VOTERS, archive, ballot, both_verifiers_accept, cast_ok, create_voters,
    credential_in, mails_with,
};
use super::{app, create, expect_error, freeze, loc, now, people, upload};
use crate::helpers::{Backend, Session, TestApp, json};
use crate::on_both_databases;

on_both_databases!(
    officials_run_the_ceremony_and_decrypt_the_result,
    bad_messages_and_outsiders_are_refused,
    officials_decrypt_results_by_district,
);

/// Same questions as the server_single election; three officials, any two decrypt.
fn officials_setup(officials: &[String]) -> Value {
    json!({
        "title": loc("Budget participatif", "Participatory budget"),
        "description": loc("Votez.", "Vote."),
        "opens_at": now() - 60,
        "closes_at": now() + 7 * 86_400,
        "questions": [
            {"text": loc("Faut-il piétonniser la place ?", "Should the square be pedestrian?"),
             "kind": "single", "blank_allowed": true,
             "answers": [loc("Oui", "Yes"), loc("Non", "No")]},
            {"text": loc("Quels équipements ?", "Which amenities?"),
             "kind": "multiple", "min": 1, "max": 2,
             "answers": [loc("Bancs", "Benches"), loc("Arbres", "Trees"), loc("Fontaine", "Fountain")]}
        ],
        "eligibility": {"kind": "list"},
        "trustees": {"mode": "officials", "officials": officials, "threshold": 2}
    })
}

/// The three officials' sessions, in position order.
pub(super) async fn official_sessions(app: &TestApp) -> Vec<Session> {
    let mut out = Vec::new();
    for i in 1..=3 {
        out.push(Session::login(app, None, &format!("elu{i}@mairie.fr")).await);
    }
    out
}

async fn work(s: &Session, id: &str) -> TrusteeWork {
    let r = s.get(&format!("/api/v1/trustee/consultations/{id}")).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    serde_json::from_value(json(r).await).unwrap()
}

async fn send(s: &Session, id: &str, msg: &TrusteeMessage) -> reqwest::Response {
    let route = if msg.kind == TrusteeTask::Decrypt {
        "decryption"
    } else {
        "ceremony"
    };
    s.post(
        &format!("/api/v1/trustee/consultations/{id}/{route}"),
        serde_json::to_value(msg).unwrap(),
    )
    .await
}

async fn send_ok(s: &Session, id: &str, msg: &TrusteeMessage) -> TrusteeWork {
    let r = send(s, id, msg).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    serde_json::from_value(json(r).await).unwrap()
}

async fn ceremony_state(s: &Session, id: &str) -> Value {
    let r = s.get(&format!("/api/v1/consultations/{id}/ceremony")).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    json(r).await
}

/// Creates, fills and freezes an officials' consultation; returns its id.
pub(super) async fn frozen(staff: &Session, officials: &[String]) -> String {
    let created = create(staff, officials_setup(officials)).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(upload(staff, &id, VOTER_LIST).await.status(), 200);
    assert_eq!(freeze(staff, &id).await.status(), 200);
    id
}

/// Step 1 for every official: each keeps its seed (its key file).
async fn certificates(officials: &[Session], id: &str) -> Vec<TrusteeSeed> {
    let mut seeds = Vec::new();
    for s in officials {
        let w = work(s, id).await;
        assert_eq!(w.task, TrusteeTask::Certificate);
        let (seed, msg) = trustee::certificate(&w, &mut OsRandom).unwrap();
        let next = send_ok(s, id, &msg).await;
        assert!(matches!(
            next.task,
            TrusteeTask::Wait | TrusteeTask::Polynomial
        ));
        seeds.push(seed);
    }
    seeds
}

/// The key step of every official (polynomial, voutput), computed as the browser does.
async fn key_step(officials: &[Session], seeds: &[TrusteeSeed], id: &str, task: TrusteeTask) {
    for (s, seed) in officials.iter().zip(seeds) {
        let w = work(s, id).await;
        assert_eq!(w.task, task);
        let msg =
            tokio::task::block_in_place(|| trustee::perform(&w, seed, &mut OsRandom)).unwrap();
        send_ok(s, id, &msg).await;
    }
}

async fn officials_run_the_ceremony_and_decrypt_the_result(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let officials = official_sessions(&app).await;
    let id = frozen(&p.staff, &p.officials).await;
    let open_url = format!("/api/v1/staff/consultations/{id}/open");

    // Progress before anything: step 1, nobody has sent anything; the same for the officials.
    let state = ceremony_state(&p.staff, &id).await;
    assert_eq!(state["step"], "certificates");
    assert_eq!(state["threshold"], 2);
    assert_eq!(state["trustees"].as_array().unwrap().len(), 3);
    assert_eq!(ceremony_state(&officials[1], &id).await, state);
    let list = json(officials[0].get("/api/v1/trustee/consultations").await).await;
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["task"], "certificate");
    assert_eq!(list[0]["position"], 1);

    // Step 1.
    let seeds = certificates(&officials, &id).await;
    let state = ceremony_state(&p.staff, &id).await;
    assert_eq!(state["step"], "polynomials");
    expect_error(
        p.staff.post(&open_url, json!({})).await,
        409,
        "trustees_not_ready",
        None,
    )
    .await;
    // Step 3; the server makes the vinputs (step 4).
    key_step(&officials, &seeds, &id, TrusteeTask::Polynomial).await;
    assert_eq!(
        app.scalar("select count(*) from consultation_ceremony_messages where kind = 'vinput'")
            .await,
        3
    );
    let state = ceremony_state(&officials[2], &id).await;
    assert_eq!(state["step"], "voutputs");
    assert_eq!(state["trustees"][0]["posted"], false);
    // Step 5; the server writes the threshold parameters (step 6).
    key_step(&officials, &seeds, &id, TrusteeTask::Voutput).await;
    let state = ceremony_state(&p.staff, &id).await;
    assert_eq!(state["step"], "done");
    assert_eq!(work(&officials[0], &id).await.task, TrusteeTask::Done);
    assert_eq!(
        app.scalar("select count(*) from consultation_ceremony_messages where kind = 'threshold' and trustee_position = 0"
        )
        .await,
        1
    );
    // The officials' actions are in the audit log.
    assert_eq!(
        app.scalar("select count(*) from audit_log where action like 'consultation.trustee_%'")
            .await,
        9
    );

    // Before the opening, the election is not served (it is not final).
    let r = p
        .staff
        .get(&format!("/api/v1/consultations/{id}/election"))
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(json(r).await["error"], "consultation_not_open");

    // Open: the election key is the Pedersen block's.
    let r = p.staff.post(&open_url, json!({})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let detail = json(r).await;
    assert_eq!(detail["status"], "open");
    let board = json(
        p.staff
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await;
    let ctx = protocol::belenios::election::ElectionContext::from_raw(
        board["election"].as_str().unwrap(),
    )
    .unwrap();
    let uuid = ctx.election().uuid().to_owned();
    let mut creds = Vec::new();
    for v in VOTERS {
        let mails = mails_with(&app, v, "Votre code de vote", 1).await;
        creds.push(credential_in(&mails[0]));
    }
    // v1 (weight 1): Oui, Bancs. v2 (weight 2): blank, Arbres + Fontaine. v3 (weight 1): Non,
    // Fontaine.
    let votes = [
        [vec![0, 1, 0], vec![1, 0, 0]],
        [vec![1, 0, 0], vec![0, 1, 1]],
        [vec![0, 0, 1], vec![0, 0, 1]],
    ];
    for ((v, c), vote) in VOTERS.iter().zip(&creds).zip(&votes) {
        let s = Session::login(&app, None, v).await;
        cast_ok(&s, &id, &ballot(&ctx, c, vote)).await;
    }
    // Nothing to decrypt while open.
    assert_eq!(work(&officials[0], &id).await.task, TrusteeTask::Wait);
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{id}/close"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // Officials 1 and 3 decrypt in their browsers.
    let w1 = work(&officials[0], &id).await;
    assert_eq!(w1.task, TrusteeTask::Decrypt);
    assert!(w1.dkey.is_some() && w1.encrypted_tally.is_some() && w1.election.is_some());
    let pd1 =
        tokio::task::block_in_place(|| trustee::perform(&w1, &seeds[0], &mut OsRandom)).unwrap();
    let after = send_ok(&officials[0], &id, &pd1).await;
    assert_eq!(after.task, TrusteeTask::Done);
    // One is not enough: nothing is revealed, not even in the archive.
    let results = format!("/api/v1/consultations/{id}/results");
    expect_error(
        p.staff.get(&results).await,
        409,
        "results_not_published",
        None,
    )
    .await;
    let state = ceremony_state(&p.staff, &id).await;
    assert_eq!(state["status"], "tallying");
    assert_eq!(state["decryptions"], 1);
    assert_eq!(state["trustees"][0]["decrypted"], true);
    let anonymous = Session::anonymous(&app, None);
    let report = both_verifiers_accept(&uuid, &archive(&anonymous, &id, &uuid).await);
    assert!(report.partial_decryptions.is_empty());
    assert!(report.result.is_none());
    // Sent twice: refused.
    expect_error(
        send(&officials[0], &id, &pd1).await,
        409,
        "trustee_step_mismatch",
        None,
    )
    .await;

    let w3 = work(&officials[2], &id).await;
    let pd3 =
        tokio::task::block_in_place(|| trustee::perform(&w3, &seeds[2], &mut OsRandom)).unwrap();
    send_ok(&officials[2], &id, &pd3).await;

    let r = anonymous.get(&results).await;
    assert_eq!(r.status(), 200);
    let res = json(r).await;
    assert_eq!(res["raw"], "{\"result\":[[2,1,1],[1,2,3]]}");
    let report = both_verifiers_accept(&uuid, &archive(&anonymous, &id, &uuid).await);
    assert_eq!(report.result, Some(vec![vec![2, 1, 1], vec![1, 2, 3]]));
    assert_eq!(report.partial_decryptions, vec![1, 3]);
    for v in VOTERS {
        mails_with(&app, v, "Résultats publiés", 1).await;
    }
    // Too late for the third official.
    let w2 = work(&officials[1], &id).await;
    assert_eq!(w2.task, TrusteeTask::Done);
    let mut late = pd3.clone();
    late.kind = TrusteeTask::Decrypt;
    expect_error(
        send(&officials[1], &id, &late).await,
        409,
        "trustee_step_mismatch",
        None,
    )
    .await;
    assert_eq!(
        app.scalar("select count(*) from audit_log where action = 'consultation.publish'")
            .await,
        1
    );
}

async fn bad_messages_and_outsiders_are_refused(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let officials = official_sessions(&app).await;
    app.create_user(None, "elu4@mairie.fr", Role::Official)
        .await;
    let outsider = Session::login(&app, None, "elu4@mairie.fr").await;
    let resident = Session::login(&app, None, VOTERS[0]).await;
    let id = frozen(&p.staff, &p.officials).await;
    let count = "select count(*) from consultation_ceremony_messages";

    // Neither staff nor key holders: no progress, no work, no message.
    for who in [&outsider, &resident] {
        expect_error(
            who.get(&format!("/api/v1/consultations/{id}/ceremony"))
                .await,
            403,
            "not_trustee",
            None,
        )
        .await;
        expect_error(
            who.get(&format!("/api/v1/trustee/consultations/{id}"))
                .await,
            403,
            "not_trustee",
            None,
        )
        .await;
    }
    let list = json(outsider.get("/api/v1/trustee/consultations").await).await;
    assert_eq!(list, json!([]));
    let w1 = work(&officials[0], &id).await;
    let (seed1, cert1) = trustee::certificate(&w1, &mut OsRandom).unwrap();
    expect_error(send(&outsider, &id, &cert1).await, 403, "not_trustee", None).await;
    expect_error(
        Session::anonymous(&app, None)
            .post(
                &format!("/api/v1/trustee/consultations/{id}/ceremony"),
                serde_json::to_value(&cert1).unwrap(),
            )
            .await,
        401,
        "unauthenticated",
        None,
    )
    .await;

    // A certificate whose signature does not verify; not a certificate; another election's.
    let mut bad = cert1.clone();
    let at = bad.payload.find("\"challenge\":\"").unwrap() + 13;
    let mut bytes = bad.payload.into_bytes();
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    bad.payload = String::from_utf8(bytes).unwrap();
    let r = send(&officials[0], &id, &bad).await;
    let body = json(r).await;
    assert_eq!(body["error"], "invalid_trustee_message", "{body}");
    let mut garbage = cert1.clone();
    garbage.payload = "{\"message\":1}".into();
    expect_error(
        send(&officials[0], &id, &garbage).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    let mut elsewhere = cert1.clone();
    elsewhere.election_uuid = "Jv31HSynnZhaEj".into();
    expect_error(
        send(&officials[0], &id, &elsewhere).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    // A message of another step.
    let mut early = cert1.clone();
    early.kind = TrusteeTask::Polynomial;
    expect_error(
        send(&officials[0], &id, &early).await,
        409,
        "trustee_step_mismatch",
        None,
    )
    .await;
    assert_eq!(app.scalar(count).await, 0, "nothing stored");

    // The good one; then replayed by its author, and by another official.
    send_ok(&officials[0], &id, &cert1).await;
    expect_error(
        send(&officials[0], &id, &cert1).await,
        409,
        "trustee_step_mismatch",
        None,
    )
    .await;
    expect_error(
        send(&officials[1], &id, &cert1).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    assert_eq!(app.scalar(count).await, 1);
    let mut seeds = vec![seed1];
    for s in &officials[1..] {
        let w = work(s, &id).await;
        let (seed, msg) = trustee::certificate(&w, &mut OsRandom).unwrap();
        send_ok(s, &id, &msg).await;
        seeds.push(seed);
    }

    // Step 3: official 2 sends official 1's polynomial (signed with official 1's key).
    let w1 = work(&officials[0], &id).await;
    let poly1 =
        tokio::task::block_in_place(|| trustee::perform(&w1, &seeds[0], &mut OsRandom)).unwrap();
    let r = send(&officials[1], &id, &poly1).await;
    let body = json(r).await;
    assert_eq!(body["error"], "invalid_trustee_message", "{body}");
    // A key file that is not the official's: named before anything is sent.
    let err = trustee::perform(&w1, &seeds[1], &mut OsRandom).unwrap_err();
    assert!(err.to_string().contains("key file"), "{err}");
    send_ok(&officials[0], &id, &poly1).await;
    for (s, seed) in officials[1..].iter().zip(&seeds[1..]) {
        let w = work(s, &id).await;
        let msg =
            tokio::task::block_in_place(|| trustee::perform(&w, seed, &mut OsRandom)).unwrap();
        send_ok(s, &id, &msg).await;
    }
    // Step 5: a voutput whose verification key is someone else's.
    let w1 = work(&officials[0], &id).await;
    let w2 = work(&officials[1], &id).await;
    let v2 =
        tokio::task::block_in_place(|| trustee::perform(&w2, &seeds[1], &mut OsRandom)).unwrap();
    expect_error(
        send(&officials[0], &id, &v2).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    let before = app.scalar(count).await;
    for (s, (w, seed)) in officials.iter().zip([&w1, &w2].into_iter().zip(&seeds)) {
        let msg = tokio::task::block_in_place(|| trustee::perform(w, seed, &mut OsRandom)).unwrap();
        send_ok(s, &id, &msg).await;
    }
    assert_eq!(app.scalar(count).await, before + 2);
    let w3 = work(&officials[2], &id).await;
    let msg =
        tokio::task::block_in_place(|| trustee::perform(&w3, &seeds[2], &mut OsRandom)).unwrap();
    send_ok(&officials[2], &id, &msg).await;
    assert_eq!(ceremony_state(&p.staff, &id).await["step"], "done");

    // Open, nobody votes, close: an empty tally to decrypt.
    let r = p
        .staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // No decryption before the close.
    let w1 = work(&officials[0], &id).await;
    let mut too_early = cert1.clone();
    too_early.kind = TrusteeTask::Decrypt;
    too_early.election_uuid = w1.election_uuid.clone();
    expect_error(
        send(&officials[0], &id, &too_early).await,
        409,
        "trustee_step_mismatch",
        None,
    )
    .await;
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{id}/close"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);

    // A partial decryption with a broken proof; official 1's sent by official 2 (its proofs
    // are against vk_1, not vk_2).
    let w1 = work(&officials[0], &id).await;
    let pd1 =
        tokio::task::block_in_place(|| trustee::perform(&w1, &seeds[0], &mut OsRandom)).unwrap();
    let parsed: PartialDecryption = serde_json::from_str(&pd1.payload).unwrap();
    assert_eq!(parsed.decryption_factors.len(), 2);
    let mut broken = pd1.clone();
    let at = broken.payload.find("\"challenge\":\"").unwrap() + 13;
    let mut bytes = broken.payload.into_bytes();
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    broken.payload = String::from_utf8(bytes).unwrap();
    expect_error(
        send(&officials[0], &id, &broken).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    expect_error(
        send(&officials[1], &id, &pd1).await,
        422,
        "invalid_trustee_message",
        None,
    )
    .await;
    assert_eq!(
        app.scalar("select count(*) from consultation_partial_decryptions")
            .await,
        0
    );
    // Staff's tally route with officials: tallying, nothing published until they decrypt.
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{id}/tally"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await["status"], "tallying");
    send_ok(&officials[0], &id, &pd1).await;
    let w2 = work(&officials[1], &id).await;
    let pd2 =
        tokio::task::block_in_place(|| trustee::perform(&w2, &seeds[1], &mut OsRandom)).unwrap();
    send_ok(&officials[1], &id, &pd2).await;
    let res = json(
        Session::anonymous(&app, None)
            .get(&format!("/api/v1/consultations/{id}/results"))
            .await,
    )
    .await;
    assert_eq!(res["raw"], "{\"result\":[[0,0,0],[0,0,0]]}");
}

/// Results by district with officials as key holders, k = 1: v1 and v2 verified in Nord, v3
/// in Sud. Each official's task carries the whole tally and each district's; its message one
/// partial decryption per scope, each verified against its scope's tally (a missing, unknown or
/// broken scope refuses the whole message); at the threshold, both districts' results are
/// published with the whole one. The archive is unchanged.
async fn officials_decrypt_results_by_district(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    for (v, district) in VOTERS.iter().zip(["Nord", "Nord", "Sud"]) {
        let user_id = app.create_user(None, v, Role::Resident).await;
        let r = p
            .staff
            .post(
                &format!("/api/v1/admin/users/{user_id}/residency"),
                json!({"district": district, "reason": "Justificatif présenté au guichet"}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    let officials = official_sessions(&app).await;
    let mut setup = officials_setup(&p.officials);
    setup["eligibility"] = json!({"kind": "all_verified"});
    // k = 1: both districts are safe to publish (with k = 2, Sud's single ballot would be
    // total − Nord, so neither would be tallied apart: election.rs tests that).
    setup["breakdown_min_voters"] = json!(1);
    let created = create(&p.staff, setup).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(freeze(&p.staff, &id).await.status(), 200);
    let seeds = certificates(&officials, &id).await;
    key_step(&officials, &seeds, &id, TrusteeTask::Polynomial).await;
    key_step(&officials, &seeds, &id, TrusteeTask::Voutput).await;
    let r = p
        .staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let board = json(
        p.staff
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await;
    let ctx = protocol::belenios::election::ElectionContext::from_raw(
        board["election"].as_str().unwrap(),
    )
    .unwrap();
    let uuid = ctx.election().uuid().to_owned();
    // v1 (Nord): Oui, Bancs. v2 (Nord): blank, Arbres + Fontaine. v3 (Sud): Non, Fontaine.
    let votes = [
        [vec![0, 1, 0], vec![1, 0, 0]],
        [vec![1, 0, 0], vec![0, 1, 1]],
        [vec![0, 0, 1], vec![0, 0, 1]],
    ];
    for (v, vote) in VOTERS.iter().zip(&votes) {
        let credential = credential_in(&mails_with(&app, v, "Votre code de vote", 1).await[0]);
        let session = Session::login(&app, None, v).await;
        cast_ok(&session, &id, &ballot(&ctx, &credential, vote)).await;
    }
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{id}/close"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // The task carries both districts' tallies; the message a partial decryption for each.
    let w1 = work(&officials[0], &id).await;
    assert_eq!(w1.task, TrusteeTask::Decrypt);
    assert_eq!(
        w1.district_tallies.keys().collect::<Vec<_>>(),
        ["Nord", "Sud"],
        "{:?}",
        w1.district_tallies.keys()
    );
    let pd1 =
        tokio::task::block_in_place(|| trustee::perform(&w1, &seeds[0], &mut OsRandom)).unwrap();
    assert_eq!(pd1.scopes.keys().collect::<Vec<_>>(), ["Nord", "Sud"]);

    // Refused whole, nothing stored: no district; an unknown district; Nord's proof broken;
    // the whole electorate's decryption given for Nord.
    let mut missing = pd1.clone();
    missing.scopes.clear();
    let mut unknown = pd1.clone();
    unknown.scopes.insert("Est".into(), pd1.payload.clone());
    let mut broken = pd1.clone();
    let nord = broken.scopes.get_mut("Nord").unwrap();
    let at = nord.find("\"challenge\":\"").unwrap() + 13;
    let mut bytes = std::mem::take(nord).into_bytes();
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    *nord = String::from_utf8(bytes).unwrap();
    let mut swapped = pd1.clone();
    swapped.scopes.insert("Nord".into(), pd1.payload.clone());
    for bad in [&missing, &unknown, &broken, &swapped] {
        expect_error(
            send(&officials[0], &id, bad).await,
            422,
            "invalid_trustee_message",
            None,
        )
        .await;
    }
    assert_eq!(
        app.scalar("select count(*) from consultation_partial_decryptions")
            .await,
        0
    );

    send_ok(&officials[0], &id, &pd1).await;
    assert_eq!(
        app.strings("select scope from consultation_partial_decryptions order by scope")
            .await,
        ["", "Nord", "Sud"]
    );
    let w3 = work(&officials[2], &id).await;
    let pd3 =
        tokio::task::block_in_place(|| trustee::perform(&w3, &seeds[2], &mut OsRandom)).unwrap();
    send_ok(&officials[2], &id, &pd3).await;

    let anonymous = Session::anonymous(&app, None);
    let res = json(
        anonymous
            .get(&format!("/api/v1/consultations/{id}/results"))
            .await,
    )
    .await;
    assert_eq!(res["raw"], "{\"result\":[[1,1,1],[1,1,2]]}");
    assert_eq!(res["suppressed_districts"], 0);
    let breakdown = res["breakdown"].as_array().unwrap();
    assert_eq!(breakdown.len(), 2, "{breakdown:?}");
    assert_eq!(breakdown[1]["district"], "Sud");
    assert_eq!(breakdown[1]["voters"], 1);
    let nord = &breakdown[0];
    assert_eq!(nord["district"], "Nord");
    assert_eq!(nord["voters"], 2);
    assert_eq!(nord["questions"][0]["blank"], 1);
    let counts = |q: &Value| -> Vec<u64> {
        q["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["count"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(counts(&nord["questions"][0]), [1, 0]);
    assert_eq!(counts(&nord["questions"][1]), [1, 1, 1]);

    // The archive carries only the whole electorate's tally and the officials' decryptions.
    let report = both_verifiers_accept(&uuid, &archive(&anonymous, &id, &uuid).await);
    assert_eq!(report.result, Some(vec![vec![1, 1, 1], vec![1, 1, 2]]));
    assert_eq!(report.partial_decryptions, vec![1, 3]);
}
