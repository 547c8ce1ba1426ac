//! Consultations, second slice: a whole `server_single` election over HTTP — opening with
//! mailed credentials, casting with receipts, the board and the archive (checked by Voix's
//! verifier and by `belenios-tool election verify`), closing, tallying and the results — on
//! SQLite and PostgreSQL.

use std::process::Command;
use std::time::Duration;

use protocol::api::Role;
use protocol::belenios::credential;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::group::Group;
use protocol::belenios::rng::OsRandom;
use serde_json::{Value, json};

use super::{app, create, expect_error, freeze, loc, now, people, upload};
use crate::helpers::{Backend, Session, TestApp, json, read_mails};
use crate::on_both_databases;

on_both_databases!(
    opening_mails_credentials_and_keeps_only_public_ones,
    casting_verifies_ballots_and_signs_receipts,
    bad_ballots_and_closed_boxes_are_refused,
    board_receipts_and_archive_are_public_and_verifiable,
    closing_and_tallying_publish_the_result,
    results_by_district_suppress_small_districts,
    results_by_district_publish_safe_districts,
);

pub(crate) const VOTERS: [&str; 3] = ["v1@exemple.fr", "v2@exemple.fr", "v3@exemple.fr"];
pub(crate) const VOTER_LIST: &[u8] =
    b"email;weight\nv1@exemple.fr;1\nv2@exemple.fr;2\nv3@exemple.fr;1\n";

/// One yes/no question with a blank vote (slots: blank, Oui, Non) and one 1-to-2 of 3
/// (Bancs, Arbres, Fontaine); the uploaded list; the server's key.
pub(crate) fn single_setup(opens_at: i64) -> Value {
    json!({
        "title": loc("Budget participatif", "Participatory budget"),
        "description": loc("Votez.", "Vote."),
        "opens_at": opens_at,
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
        "trustees": {"mode": "server_single"}
    })
}

pub(crate) struct Opened {
    pub(crate) id: String,
    pub(crate) uuid: String,
    /// Private credentials read from the mails, in `VOTERS` order.
    pub(crate) credentials: Vec<String>,
    pub(crate) ctx: ElectionContext,
}

/// The private credential in a credential mail.
pub(super) fn credential_in(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '«' || c == '»')
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .find(|w| credential::is_valid(w))
        .unwrap_or_else(|| panic!("no credential in {text}"))
        .to_owned()
}

/// Waits for `n` mails to `to` whose subject starts with `subject`; returns them.
pub(crate) async fn mails_with(app: &TestApp, to: &str, subject: &str, n: usize) -> Vec<String> {
    for _ in 0..200 {
        let found: Vec<String> = read_mails(&app.mail_dir(), to)
            .into_iter()
            .filter(|m| m.subject.starts_with(subject))
            .map(|m| m.text)
            .collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("expected {n} mails \"{subject}…\" to {to}");
}

/// How many server-held private keys the consultation `id` still has (0 or 1).
pub(super) async fn server_keys(app: &TestApp, id: &str) -> i64 {
    app.scalar(&format!(
        "select count(*) from consultation_trustees
             where consultation_id = '{id}' and server_private_key is not null"
    ))
    .await
}

pub(crate) async fn create_voters(app: &TestApp) {
    for v in VOTERS {
        app.create_user(None, v, Role::Resident).await;
    }
}

/// Creates, freezes and opens a `server_single` consultation for `VOTERS`; `nth` is how many
/// credential mails each voter has received with this one.
pub(crate) async fn open_one(app: &TestApp, staff: &Session, opens_at: i64, nth: usize) -> Opened {
    open_setup(app, staff, single_setup(opens_at), nth).await
}

/// [`open_one`] with a set-up of the caller's (eligibility `list`: [`VOTER_LIST`]).
pub(super) async fn open_setup(app: &TestApp, staff: &Session, setup: Value, nth: usize) -> Opened {
    let created = create(staff, setup).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let uuid = created["election_uuid"].as_str().unwrap().to_owned();
    assert_eq!(upload(staff, &id, VOTER_LIST).await.status(), 200);
    assert_eq!(freeze(staff, &id).await.status(), 200);
    let r = staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let detail = json(r).await;
    assert_eq!(detail["status"], "open");
    let mut credentials = Vec::new();
    for v in VOTERS {
        let mails = mails_with(app, v, "Votre code de vote", nth).await;
        let credential = credential_in(&mails[nth - 1]);
        // The mail's link opens the voting page with the code in the fragment (never sent to
        // the server).
        assert!(
            mails[nth - 1].contains(&format!("/consultations/{id}/vote#credential={credential}")),
            "{}",
            mails[nth - 1]
        );
        credentials.push(credential);
    }
    let board = json(
        staff
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await;
    assert_eq!(board["fingerprint"], detail["fingerprint"]);
    // The voting page's lighter read: the same election, byte for byte, without the board.
    let r = staff
        .get(&format!("/api/v1/consultations/{id}/election"))
        .await;
    assert_eq!(r.status(), 200);
    let election = json(r).await;
    assert_eq!(election["election"], board["election"]);
    assert_eq!(election["fingerprint"], detail["fingerprint"]);
    assert_eq!(election["election_uuid"], uuid.as_str());
    assert_eq!(election["status"], "open");
    assert!(election.get("board").is_none());
    let r = staff
        .get("/api/v1/consultations/00000000-0000-4000-8000-000000000000/election")
        .await;
    assert_eq!(r.status(), 404);
    let ctx = ElectionContext::from_raw(board["election"].as_str().unwrap()).unwrap();
    Opened {
        id,
        uuid,
        credentials,
        ctx,
    }
}

pub(crate) fn ballot(ctx: &ElectionContext, credential: &str, vote: &[Vec<u32>]) -> String {
    ctx.create_ballot(credential, vote, &mut OsRandom).unwrap()
}

pub(super) async fn cast(session: &Session, id: &str, ballot: &str) -> reqwest::Response {
    session
        .post(
            &format!("/api/v1/consultations/{id}/ballots"),
            json!({"ballot": ballot}),
        )
        .await
}

pub(crate) async fn cast_ok(session: &Session, id: &str, ballot: &str) -> Value {
    let r = cast(session, id, ballot).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    json(r).await
}

pub(super) async fn archive(session: &Session, id: &str, uuid: &str) -> Vec<u8> {
    let r = session
        .get(&format!("/api/v1/consultations/{id}/archive"))
        .await;
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains(&format!("{uuid}.bel")),
        "{disposition}"
    );
    r.bytes().await.unwrap().to_vec()
}

/// `belenios-tool election verify` on the archive; `None` when the tool is not installed.
pub(super) fn belenios_verify(uuid: &str, bytes: &[u8]) -> Option<(bool, String)> {
    if Command::new("belenios-tool")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("belenios-tool not installed: skipping the cross-check (CI installs it)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("{uuid}.bel")), bytes).unwrap();
    let out = Command::new("belenios-tool")
        .args(["election", "verify", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((
        out.status.success() && text.contains("all checks passed"),
        text,
    ))
}

pub(super) fn both_verifiers_accept(
    uuid: &str,
    bytes: &[u8],
) -> protocol::belenios::verify::Report {
    let report = protocol::belenios::verify::verify_archive(bytes)
        .unwrap_or_else(|e| panic!("voix verify refused the archive: {e:?}"));
    if let Some((ok, text)) = belenios_verify(uuid, bytes) {
        assert!(ok, "belenios-tool refused the archive: {text}");
    }
    report
}

async fn opening_mails_credentials_and_keeps_only_public_ones(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;

    // The stored public credentials are exactly those of the mailed private ones, with the
    // list's weights (1 + 2 + 1).
    let group = Group::belenios_2048();
    let mut derived: Vec<String> = e
        .credentials
        .iter()
        .map(|c| credential::public_credential(group, &e.uuid, c).to_string())
        .collect();
    derived.sort();
    let mut stored = app
        .strings("select public_credential from consultation_credentials")
        .await;
    stored.sort();
    assert_eq!(derived, stored);
    assert_eq!(
        app.scalar("select cast(sum(weight) as bigint) from consultation_credentials")
            .await,
        4
    );
    assert_eq!(
        app.scalar("select count(*) from consultation_voters").await,
        3
    );
    // Only the server trustee's key, and its public key as the ceremony's step-1 message.
    assert_eq!(
        app.scalar(
            "select count(*) from consultation_trustees where server_private_key is not null"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar("select count(*) from consultation_ceremony_messages where kind = 'public_key'")
            .await,
        1
    );
    // The credential mails left the outbox once delivered: no private credential at rest.
    let mut left = -1;
    for _ in 0..100 {
        left = app
            .scalar("select count(*) from outbox where message_id like '<voix.private.%'")
            .await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "credential mails still in the outbox");
    for c in &e.credentials {
        let n = app
            .scalar(&format!(
                "select count(*) from outbox where body_text like '%{c}%'"
            ))
            .await;
        assert_eq!(n, 0);
    }

    // Opening twice, opening a draft, a resident opening, officials whose ceremony is not over.
    let url = format!("/api/v1/staff/consultations/{}/open", e.id);
    expect_error(
        p.staff.post(&url, json!({})).await,
        409,
        "invalid_transition",
        None,
    )
    .await;
    let voter = Session::login(&app, None, VOTERS[0]).await;
    expect_error(voter.post(&url, json!({})).await, 403, "forbidden", None).await;
    let draft = create(&p.staff, single_setup(now())).await;
    let draft_url = format!(
        "/api/v1/staff/consultations/{}/open",
        draft["id"].as_str().unwrap()
    );
    expect_error(
        p.staff.post(&draft_url, json!({})).await,
        409,
        "invalid_transition",
        None,
    )
    .await;
    let mut officials = single_setup(now());
    officials["eligibility"] = json!({"kind": "all_verified"});
    officials["trustees"] = json!({"mode": "officials", "officials": p.officials});
    let officials = create(&p.staff, officials).await;
    let oid = officials["id"].as_str().unwrap();
    assert_eq!(freeze(&p.staff, oid).await.status(), 200);
    expect_error(
        p.staff
            .post(
                &format!("/api/v1/staff/consultations/{oid}/open"),
                json!({}),
            )
            .await,
        409,
        "trustees_not_ready",
        None,
    )
    .await;
}

async fn casting_verifies_ballots_and_signs_receipts(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;

    let first = ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]);
    let receipt = cast_ok(&v1, &e.id, &first).await;
    assert_eq!(receipt["election_uuid"], e.uuid.as_str());
    assert_eq!(receipt["fingerprint"], e.ctx.election().fingerprint());
    let tracker = protocol::belenios::ballot::tracker(&first);
    assert_eq!(receipt["tracker"], tracker.as_str());
    assert!(receipt["signature"].as_str().unwrap().len() > 80);
    // The mail confirms the vote without the tracker: the outbox must not tie the address to
    // the ballot.
    let mails = mails_with(&app, VOTERS[0], "Bulletin enregistré", 1).await;
    assert!(!mails[0].contains(&tracker), "{}", mails[0]);

    // The same ballot again: a receipt for the same ballot (signed anew: receipts are not
    // kept), nothing new on the board.
    let r = cast(&v1, &e.id, &first).await;
    assert_eq!(r.status(), 200);
    let again = json(r).await;
    assert_eq!(again["tracker"], receipt["tracker"]);
    assert_eq!(again["fingerprint"], receipt["fingerprint"]);
    let url = format!("/api/v1/consultations/{}/receipts/verify", e.id);
    let check = json(v1.post(&url, again).await).await;
    assert_eq!(check["signature_valid"], true, "{check}");

    // A revote: a new ballot with the same credential; both stay on the board, the last counts.
    let second = ballot(&e.ctx, &e.credentials[0], &[vec![1, 0, 0], vec![0, 1, 1]]);
    let again = cast_ok(&v1, &e.id, &second).await;
    assert_ne!(again["tracker"], receipt["tracker"]);
    let board = json(
        v1.get(&format!("/api/v1/consultations/{}/board", e.id))
            .await,
    )
    .await;
    assert_eq!(board["ballots"], 2);
    assert_eq!(board["voters"], 1);
    assert_eq!(board["credentials"], 3);
    assert_eq!(board["board"][0]["tracker"], receipt["tracker"]);
    assert_eq!(board["board"][0]["counted"], false);
    assert_eq!(board["board"][1]["counted"], true);
    assert!(board["board"][0].get("time").is_none());

    // Participation: the account, once; nothing links it to a ballot.
    assert_eq!(
        app.scalar("select count(*) from consultation_participation")
            .await,
        1
    );
    // A voter may cast with a credential mailed to someone else (Belenios' model: the server
    // cannot tell credentials apart); it is that credential's vote that changes.
    let v2 = Session::login(&app, None, VOTERS[1]).await;
    let b = ballot(&e.ctx, &e.credentials[1], &[vec![0, 0, 1], vec![0, 0, 1]]);
    cast_ok(&v2, &e.id, &b).await;
    assert_eq!(
        app.scalar("select count(*) from consultation_participation")
            .await,
        2
    );
}

async fn bad_ballots_and_closed_boxes_are_refused(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let later = open_one(&app, &p.staff, now() + 3600, 2).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let vote = [vec![0, 1, 0], vec![1, 0, 0]];
    let good = ballot(&e.ctx, &e.credentials[0], &vote);

    // Not signed in; not in the electorate.
    let anonymous = Session::anonymous(&app, None);
    expect_error(
        cast(&anonymous, &e.id, &good).await,
        401,
        "unauthenticated",
        None,
    )
    .await;
    app.create_user(None, "outsider@exemple.fr", Role::Resident)
        .await;
    let outsider = Session::login(&app, None, "outsider@exemple.fr").await;
    expect_error(
        cast(&outsider, &e.id, &good).await,
        403,
        "not_eligible",
        None,
    )
    .await;

    // A broken proof (one digit of a challenge changed), not canonical, not a ballot.
    let at = good.find("\"challenge\":\"").unwrap() + 13;
    let mut broken = good.clone().into_bytes();
    broken[at] = if broken[at] == b'1' { b'2' } else { b'1' };
    let broken = String::from_utf8(broken).unwrap();
    expect_error(cast(&v1, &e.id, &broken).await, 422, "invalid_ballot", None).await;
    let spaced = good.replacen(',', ", ", 1);
    expect_error(cast(&v1, &e.id, &spaced).await, 422, "invalid_ballot", None).await;
    expect_error(
        cast(&v1, &e.id, "not a ballot").await,
        422,
        "invalid_ballot",
        None,
    )
    .await;
    // Another election's ballot; a credential this election never issued.
    let other = ballot(&later.ctx, &later.credentials[0], &vote);
    expect_error(cast(&v1, &e.id, &other).await, 422, "invalid_ballot", None).await;
    let stranger = credential::generate(&mut OsRandom).unwrap();
    let forged = ballot(&e.ctx, &stranger, &vote);
    let r = cast(&v1, &e.id, &forged).await;
    let body = json(r).await;
    assert_eq!(body["error"], "invalid_ballot", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("credential"),
        "{body}"
    );
    assert_eq!(
        app.scalar("select count(*) from consultation_ballots")
            .await,
        0
    );

    // Before `opens_at`.
    let early = ballot(&later.ctx, &later.credentials[0], &vote);
    expect_error(
        cast(&v1, &later.id, &early).await,
        409,
        "consultation_not_open",
        None,
    )
    .await;

    // After the close.
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{}/close", e.id),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    expect_error(
        cast(&v1, &e.id, &good).await,
        409,
        "consultation_not_open",
        None,
    )
    .await;
    assert_eq!(
        app.scalar("select count(*) from consultation_ballots")
            .await,
        0
    );
    assert_eq!(
        app.scalar("select count(*) from consultation_participation")
            .await,
        0
    );
}

async fn board_receipts_and_archive_are_public_and_verifiable(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let v3 = Session::login(&app, None, VOTERS[2]).await;
    let r1 = cast_ok(
        &v1,
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![1, 0, 0], vec![1, 1, 0]]),
    )
    .await;
    cast_ok(
        &v3,
        &e.id,
        &ballot(&e.ctx, &e.credentials[2], &[vec![0, 0, 1], vec![0, 0, 1]]),
    )
    .await;

    // Anyone checks a receipt.
    let anonymous = Session::anonymous(&app, None);
    let url = format!("/api/v1/consultations/{}/receipts/verify", e.id);
    let check = json(anonymous.post(&url, r1.clone()).await).await;
    assert_eq!(
        check,
        json!({"this_election": true, "signature_valid": true, "on_board": true, "waiting": false})
    );
    let mut forged = r1.clone();
    forged["time"] = json!(r1["time"].as_i64().unwrap() + 1);
    let check = json(anonymous.post(&url, forged).await).await;
    assert_eq!(check["signature_valid"], false);
    let mut missing = r1.clone();
    missing["tracker"] = json!("AAAA");
    let check = json(anonymous.post(&url, missing).await).await;
    assert_eq!(
        (check["on_board"].clone(), check["signature_valid"].clone()),
        (json!(false), json!(false))
    );

    // The board names no one.
    let board = anonymous
        .get(&format!("/api/v1/consultations/{}/board", e.id))
        .await
        .text()
        .await
        .unwrap();
    for v in VOTERS {
        assert!(!board.contains(v));
    }

    // The open consultation's archive passes both verifiers.
    let bytes = archive(&anonymous, &e.id, &e.uuid).await;
    let report = both_verifiers_accept(&e.uuid, &bytes);
    assert_eq!(report.num_ballots, 2);
    assert_eq!(report.num_voters, 3);
    assert!(!report.ballots_closed);
    assert_eq!(report.trackers[0], r1["tracker"].as_str().unwrap());
    // The same state gives the same bytes.
    assert_eq!(archive(&anonymous, &e.id, &e.uuid).await, bytes);

    // Nothing before the opening; drafts do not exist for the public.
    let draft = create(&p.staff, single_setup(now())).await;
    let did = draft["id"].as_str().unwrap();
    let r = anonymous
        .get(&format!("/api/v1/consultations/{did}/archive"))
        .await;
    assert_eq!(r.status(), 404);
    assert_eq!(upload(&p.staff, did, VOTER_LIST).await.status(), 200);
    assert_eq!(freeze(&p.staff, did).await.status(), 200);
    expect_error(
        anonymous
            .get(&format!("/api/v1/consultations/{did}/board"))
            .await,
        409,
        "consultation_not_open",
        None,
    )
    .await;
}

async fn closing_and_tallying_publish_the_result(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let s: Vec<Session> = {
        let mut s = Vec::new();
        for v in VOTERS {
            s.push(Session::login(&app, None, v).await);
        }
        s
    };
    // v1 (weight 1): Oui, Bancs. v2 (weight 2): blank, Arbres + Fontaine. v3 (weight 1): Oui,
    // Bancs + Arbres, then revotes Non, Fontaine.
    cast_ok(
        &s[0],
        &e.id,
        &ballot(&e.ctx, &e.credentials[0], &[vec![0, 1, 0], vec![1, 0, 0]]),
    )
    .await;
    cast_ok(
        &s[1],
        &e.id,
        &ballot(&e.ctx, &e.credentials[1], &[vec![1, 0, 0], vec![0, 1, 1]]),
    )
    .await;
    cast_ok(
        &s[2],
        &e.id,
        &ballot(&e.ctx, &e.credentials[2], &[vec![0, 1, 0], vec![1, 1, 0]]),
    )
    .await;
    cast_ok(
        &s[2],
        &e.id,
        &ballot(&e.ctx, &e.credentials[2], &[vec![0, 0, 1], vec![0, 0, 1]]),
    )
    .await;

    // Nobody sees a result before publication, staff included; no tally before the close.
    let results = format!("/api/v1/consultations/{}/results", e.id);
    let anonymous = Session::anonymous(&app, None);
    for who in [&anonymous, &p.staff] {
        expect_error(who.get(&results).await, 409, "results_not_published", None).await;
    }
    let tally_url = format!("/api/v1/staff/consultations/{}/tally", e.id);
    let close_url = format!("/api/v1/staff/consultations/{}/close", e.id);
    expect_error(
        p.staff.post(&tally_url, json!({})).await,
        409,
        "invalid_transition",
        None,
    )
    .await;
    expect_error(
        s[0].post(&close_url, json!({})).await,
        403,
        "forbidden",
        None,
    )
    .await;

    let r = p.staff.post(&close_url, json!({})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await["status"], "closed");
    expect_error(
        p.staff.post(&close_url, json!({})).await,
        409,
        "invalid_transition",
        None,
    )
    .await;
    expect_error(
        anonymous.get(&results).await,
        409,
        "results_not_published",
        None,
    )
    .await;
    // The closed box's archive (with its encrypted tally) already verifies.
    both_verifiers_accept(&e.uuid, &archive(&anonymous, &e.id, &e.uuid).await);
    // Until the result is published, the server keeps its decryption key.
    assert_eq!(server_keys(&app, &e.id).await, 1);

    let r = p.staff.post(&tally_url, json!({})).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await["status"], "published");
    // Published: the server-held key is deleted with the publication (the trustee row stays).
    // The result and the archive below are served and verified without it.
    assert_eq!(server_keys(&app, &e.id).await, 0);
    assert_eq!(
        app.scalar(&format!(
            "select count(*) from consultation_trustees
                 where consultation_id = '{}' and kind = 'server'",
            e.id
        ),)
            .await,
        1
    );

    let r = anonymous.get(&results).await;
    assert_eq!(r.status(), 200);
    let res = json(r).await;
    assert_eq!(res["raw"], "{\"result\":[[2,1,1],[1,2,3]]}");
    let q1 = &res["questions"][0];
    assert_eq!(q1["blank"], 2);
    assert_eq!(q1["answers"][0]["answer"]["fr"], "Oui");
    assert_eq!(q1["answers"][0]["count"], 1);
    assert_eq!(q1["answers"][1]["count"], 1);
    let q2 = &res["questions"][1];
    assert!(q2.get("blank").is_none());
    let counts: Vec<u64> = q2["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 2, 3]);
    assert_eq!(
        res["turnout"],
        json!({"electorate": 3, "electorate_weight": 4, "voted": 3, "voted_weight": 4})
    );

    // The published archive passes both verifiers with this result.
    let report = both_verifiers_accept(&e.uuid, &archive(&anonymous, &e.id, &e.uuid).await);
    assert_eq!(report.result, Some(vec![vec![2, 1, 1], vec![1, 2, 3]]));
    assert_eq!(report.num_ballots, 4);
    assert_eq!(report.num_tallied, 3);
    assert_eq!(report.partial_decryptions, vec![1]);

    // Every voter is told.
    for v in VOTERS {
        mails_with(&app, v, "Résultats publiés", 1).await;
    }
    expect_error(
        p.staff.post(&tally_url, json!({})).await,
        409,
        "invalid_transition",
        None,
    )
    .await;

    // A consultation published before keys were forgotten at publication: the upgrade's
    // migration 0008 forgets its key (replayed here as on an older database).
    app.execute(&format!(
        "update consultation_trustees set server_private_key = '12345' \
             where consultation_id = '{}' and kind = 'server'",
        e.id
    ))
    .await;
    assert_eq!(server_keys(&app, &e.id).await, 1);
    app.execute("delete from _sqlx_migrations where version = 8")
        .await;
    app.db.migrate().await.unwrap();
    assert_eq!(server_keys(&app, &e.id).await, 0);
}

/// Results by district: v1 and v2 verified in Nord, v3 in Sud, with `k`; returns the tally
/// scopes stored at the close, the published results and the archive's report.
async fn district_results(
    backend: Backend,
    k: u64,
) -> (Vec<String>, Value, protocol::belenios::verify::Report) {
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
    let mut setup = single_setup(now() - 60);
    setup["eligibility"] = json!({"kind": "all_verified"});
    setup["breakdown_min_voters"] = json!(k);
    let created = create(&p.staff, setup).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let uuid = created["election_uuid"].as_str().unwrap().to_owned();
    assert_eq!(freeze(&p.staff, &id).await.status(), 200);
    let r = p
        .staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // Each public credential keeps its voter's district.
    assert_eq!(
        app.strings(&format!(
            "select district from consultation_credentials where consultation_id = '{id}' \
                 order by district"
        ),)
            .await,
        ["Nord", "Nord", "Sud"]
    );
    let board = json(
        p.staff
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await;
    let ctx = ElectionContext::from_raw(board["election"].as_str().unwrap()).unwrap();
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
    for step in ["close", "tally"] {
        let r = p
            .staff
            .post(
                &format!("/api/v1/staff/consultations/{id}/{step}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    // Every scope was decrypted at publication: the server's key is gone.
    assert_eq!(server_keys(&app, &id).await, 0);
    let scopes = app
        .strings(&format!(
            "select scope from consultation_tallies where consultation_id = '{id}' order by scope"
        ))
        .await;
    let anonymous = Session::anonymous(&app, None);
    let res = json(
        anonymous
            .get(&format!("/api/v1/consultations/{id}/results"))
            .await,
    )
    .await;
    assert_eq!(res["raw"], "{\"result\":[[1,1,1],[1,1,2]]}");
    // The archive carries only the whole electorate's tally and decryption.
    let report = both_verifiers_accept(&uuid, &archive(&anonymous, &id, &uuid).await);
    assert_eq!(report.result, Some(vec![vec![1, 1, 1], vec![1, 1, 2]]));
    assert_eq!(report.partial_decryptions, vec![1]);
    (scopes, res, report)
}

fn counts(q: &Value) -> Vec<u64> {
    q["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["count"].as_u64().unwrap())
        .collect()
}

/// The attack by subtraction: with k = 2, publishing Nord's 2 ballots beside the whole tally
/// would give Sud's single ballot (total − Nord). Sud is too small, so Nord is suppressed with
/// it: no district is tallied apart, and nothing published is finer than the whole.
async fn results_by_district_suppress_small_districts(backend: Backend) {
    let (scopes, res, _) = district_results(backend, 2).await;
    assert_eq!(scopes, [""], "no district tally exists to be decrypted");
    assert_eq!(res["breakdown"], json!([]));
    assert_eq!(res["suppressed_districts"], 2);
    // The published figures: only the whole. Sud's ballot (Non, Fontaine) cannot be derived.
    assert_eq!(res["turnout"]["voted"], 3);
}

/// With k = 1 every district is safe to publish: both are tallied apart, decrypted and shown.
async fn results_by_district_publish_safe_districts(backend: Backend) {
    let (scopes, res, _) = district_results(backend, 1).await;
    assert_eq!(scopes, ["", "Nord", "Sud"]);
    assert_eq!(res["suppressed_districts"], 0);
    let breakdown = res["breakdown"].as_array().unwrap();
    assert_eq!(breakdown.len(), 2, "{breakdown:?}");
    let nord = &breakdown[0];
    assert_eq!(nord["district"], "Nord");
    assert_eq!(nord["voters"], 2);
    assert_eq!(nord["questions"][0]["blank"], 1);
    assert_eq!(counts(&nord["questions"][0]), [1, 0]);
    assert_eq!(counts(&nord["questions"][1]), [1, 1, 1]);
    let sud = &breakdown[1];
    assert_eq!(sud["district"], "Sud");
    assert_eq!(sud["voters"], 1);
    assert_eq!(counts(&sud["questions"][0]), [0, 1]);
}
