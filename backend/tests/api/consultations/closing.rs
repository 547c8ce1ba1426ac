//! The automatic close: once `closes_at` has passed, one maintenance pass closes the
//! consultation through the staff route's closing path (tally and audit entry once, by the
//! system), a second pass does nothing more, a consultation not yet due stays open, and no
//! ballot accepted before the close is lost — also when casts and two nodes' passes race. On
//! SQLite and PostgreSQL. The passes are called directly with a `now` argument.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use voix::maintenance::{ConsultationPass, consultation_pass};

use super::election::{
    VOTERS, archive, ballot, both_verifiers_accept, cast, cast_ok, create_voters, open_one,
    open_setup, server_keys, single_setup,
};
use super::{app, expect_error, now, people};
use crate::helpers::{Backend, Session, TestApp, json};
use crate::on_both_databases;

on_both_databases!(
    one_maintenance_pass_closes_what_is_due_once,
    racing_casts_and_two_nodes_lose_no_ballot,
);

async fn detail(session: &Session, id: &str) -> Value {
    json(session.get(&format!("/api/v1/consultations/{id}")).await).await
}

/// Audit entries of the close of `id`: `(all, by the system)`.
async fn close_entries(app: &TestApp, id: &str) -> (i64, i64) {
    let all = format!(
        "select count(*) from audit_log where action = 'consultation.close' and target = '{id}'"
    );
    let system = format!("{all} and actor_id is null");
    (app.scalar(&all).await, app.scalar(&system).await)
}

/// Outbox rows that are not private messages (those are deleted once delivered, so they
/// cannot be counted reliably): what a close would queue, if it queued anything.
async fn public_mails(app: &TestApp) -> i64 {
    app.scalar("select count(*) from outbox where message_id not like '<voix.private.%'")
        .await
}

async fn one_maintenance_pass_closes_what_is_due_once(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let due = open_one(&app, &p.staff, now() - 60, 1).await;
    let mut setup = single_setup(now() - 60);
    setup["closes_at"] = json!(now() + 30 * 86_400);
    let later = open_setup(&app, &p.staff, setup, 2).await;
    let closes_at = detail(&p.staff, &due.id).await["closes_at"]
        .as_i64()
        .unwrap();

    // A ballot accepted before the close.
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let vote = [vec![0, 1, 0], vec![1, 0, 0]];
    let receipt = cast_ok(&v1, &due.id, &ballot(&due.ctx, &due.credentials[0], &vote)).await;

    let pass = |at: i64| consultation_pass(&app.db, &app.settings, at);
    // A second before `closes_at`: nothing is due.
    assert_eq!(pass(closes_at - 1).await, ConsultationPass::default());
    assert_eq!(detail(&p.staff, &due.id).await["status"], "open");
    let mails = public_mails(&app).await;

    // From `closes_at` on (when ballots are refused), one pass closes it — and only it.
    assert_eq!(
        pass(closes_at).await,
        ConsultationPass {
            announced: 0,
            closed: 1,
            published: 0,
        }
    );
    assert_eq!(detail(&p.staff, &due.id).await["status"], "closed");
    assert_eq!(detail(&p.staff, &later.id).await["status"], "open");
    assert_eq!(
        app.scalar(&format!(
            "select closed_at from consultations where id = '{}'",
            due.id
        ))
        .await,
        closes_at
    );
    // Audited once, by the system (no actor), with the encrypted tally stored once.
    assert_eq!(close_entries(&app, &due.id).await, (1, 1));
    let reason = app
        .strings(&format!(
            "select reason from audit_log
             where action = 'consultation.close' and target = '{}'",
            due.id
        ))
        .await;
    assert_eq!(
        reason,
        ["1 ballots counted, closed automatically at the closing time"]
    );
    let tallies = format!(
        "select count(*) from consultation_tallies where consultation_id = '{}'",
        due.id
    );
    assert_eq!(app.scalar(&tallies).await, 1);

    // A second pass (later still) does nothing more: no close, audit entry, tally or mail.
    assert_eq!(pass(closes_at + 120).await, ConsultationPass::default());
    assert_eq!(close_entries(&app, &due.id).await, (1, 1));
    assert_eq!(app.scalar(&tallies).await, 1);
    assert_eq!(public_mails(&app).await, mails);
    // Staff find it closed already.
    expect_error(
        p.staff
            .post(
                &format!("/api/v1/staff/consultations/{}/close", due.id),
                json!({}),
            )
            .await,
        409,
        "invalid_transition",
        None,
    )
    .await;

    // The ballot cast before the pass is on the board and in the tally; no ballot after it.
    let board = json(
        v1.get(&format!("/api/v1/consultations/{}/board", due.id))
            .await,
    )
    .await;
    assert_eq!(board["status"], "closed");
    assert_eq!(board["ballots"], 1);
    assert_eq!(board["board"][0]["tracker"], receipt["tracker"]);
    let v2 = Session::login(&app, None, VOTERS[1]).await;
    expect_error(
        cast(&v2, &due.id, &ballot(&due.ctx, &due.credentials[1], &vote)).await,
        409,
        "consultation_not_open",
        None,
    )
    .await;
    let anonymous = Session::anonymous(&app, None);
    let report = both_verifiers_accept(&due.uuid, &archive(&anonymous, &due.id, &due.uuid).await);
    assert!(report.ballots_closed);
    assert_eq!(report.num_tallied, 1);
    // The consultation not yet due still takes ballots.
    cast_ok(
        &v2,
        &later.id,
        &ballot(&later.ctx, &later.credentials[1], &vote),
    )
    .await;

    // Counting works as after a staff close; publication deletes the server's key.
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/consultations/{}/tally", due.id),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let res = json(
        anonymous
            .get(&format!("/api/v1/consultations/{}/results", due.id))
            .await,
    )
    .await;
    assert_eq!(res["raw"], "{\"result\":[[0,1,0],[1,0,0]]}");
    assert_eq!(res["turnout"]["voted"], 1);
    assert_eq!(server_keys(&app, &due.id).await, 0);
    assert_eq!(server_keys(&app, &later.id).await, 1);
    let report = both_verifiers_accept(&due.uuid, &archive(&anonymous, &due.id, &due.uuid).await);
    assert_eq!(report.result, Some(vec![vec![0, 1, 0], vec![1, 0, 0]]));
}

/// Three voters keep casting while, after a moment, two nodes' passes close the
/// consultation: whatever the interleaving, it is closed once, the ballots accepted (201) are
/// exactly those on the board, every voter with an accepted ballot is in the tally, and the
/// others were refused (409 `consultation_not_open`) — none lost.
async fn racing_casts_and_two_nodes_lose_no_ballot(backend: Backend) {
    const ROUNDS: usize = 6;
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let e = open_one(&app, &p.staff, now() - 60, 1).await;
    let closes_at = detail(&p.staff, &e.id).await["closes_at"].as_i64().unwrap();
    let mut sessions = Vec::new();
    for v in VOTERS {
        sessions.push(Session::login(&app, None, v).await);
    }
    let ballots: Vec<Vec<String>> = e
        .credentials
        .iter()
        .map(|c| {
            (0..ROUNDS)
                .map(|_| ballot(&e.ctx, c, &[vec![0, 0, 1], vec![0, 1, 0]]))
                .collect()
        })
        .collect();

    // Each voter casts its ballots in turn, again and again (the same ballot again is 200,
    // nothing new), until one is refused: the trackers accepted (201).
    let voter = |i: usize| {
        let (session, ballots, id) = (&sessions[i], &ballots[i], &e.id);
        async move {
            let mut accepted = Vec::new();
            for b in ballots.iter().cycle().take(5000) {
                let r = cast(session, id, b).await;
                let status = r.status().as_u16();
                let body = json(r).await;
                match status {
                    201 => accepted.push(body["tracker"].as_str().unwrap().to_owned()),
                    200 => assert!(accepted.iter().any(|t| body["tracker"] == t.as_str())),
                    409 => {
                        assert_eq!(body["error"], "consultation_not_open", "{body}");
                        return accepted;
                    }
                    _ => panic!("unexpected answer {status}: {body}"),
                }
            }
            panic!("never closed");
        }
    };
    let passes = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let pass = || consultation_pass(&app.db, &app.settings, closes_at);
        tokio::join!(pass(), pass())
    };
    let (v1, v2, v3, (a, b)) = tokio::join!(voter(0), voter(1), voter(2), passes);
    assert_eq!(a.closed + b.closed, 1, "{a:?} {b:?}");
    let voted = [&v1, &v2, &v3].iter().filter(|a| !a.is_empty()).count();
    let accepted: BTreeSet<String> = [v1, v2, v3].into_iter().flatten().collect();
    eprintln!(
        "{} ballots of {voted} voters landed before the close",
        accepted.len()
    );
    let board = json(
        p.staff
            .get(&format!("/api/v1/consultations/{}/board", e.id))
            .await,
    )
    .await;
    assert_eq!(board["status"], "closed");
    let on_board: BTreeSet<String> = board["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["tracker"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(on_board, accepted);
    let tallied = app
        .scalar(&format!(
            "select num_tallied from consultation_tallies
             where consultation_id = '{}' and scope = ''",
            e.id
        ))
        .await;
    assert_eq!(tallied, i64::try_from(voted).unwrap());
    assert_eq!(close_entries(&app, &e.id).await, (1, 1));
    // The archive with its encrypted tally verifies.
    let anonymous = Session::anonymous(&app, None);
    let report = both_verifiers_accept(&e.uuid, &archive(&anonymous, &e.id, &e.uuid).await);
    assert_eq!(report.num_ballots, accepted.len());
    assert_eq!(report.num_tallied, voted);
}
