//! Fault test (issue #7): `voix serve` is killed with SIGKILL in the middle of a burst of 1,000
//! ballots. The voters' clients keep trying (each resends the ballot it had in flight once the
//! server is back, as the SPA's retry does); afterwards every receipt issued, before or after
//! the crash, is for a ballot on the board, no ballot is there twice, every receipt's signature
//! checks, and the archive verifies. Run on both databases, with the real binary.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::OsRandom;
use protocol::belenios::{credential, verify};
use rayon::prelude::*;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::helpers::{
    Backend, TestDb, VOIX, cli_create_user, free_port, read_mails, signed_in, wait_healthy,
};
use crate::on_both_databases;

on_both_databases!(receipts_survive_a_kill_during_a_burst_of_ballots);

const VOTERS: usize = 20;
const BALLOTS: usize = 1000;
/// The server is killed once this many receipts were issued.
const KILL_AFTER: usize = 300;

fn voter(i: usize) -> String {
    format!("votant{i}@panne.test")
}

/// The operator's scrape token for `/metrics` on the served node.
const METRICS_TOKEN: &str = "jeton-de-test-des-metriques";

fn serve(dir: &Path, url: &str, port: u16) -> Child {
    Command::new(VOIX)
        .arg("serve")
        .arg("--data-dir")
        .arg(dir)
        .args([
            "--database-url",
            url,
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--metrics-token",
            METRICS_TOKEN,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn ok_json(r: reqwest::RequestBuilder) -> Value {
    let r = r.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn credential_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '«' || c == '»')
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .find(|w| credential::is_valid(w))
        .map(str::to_owned)
}

async fn receipts_survive_a_kill_during_a_burst_of_ballots(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend, dir.path()).await;
    // Batches of one: every receipt's ballot is expected on the board at the end (a ballot
    // left waiting by the kill goes out with the next cast's batch).
    std::fs::write(
        dir.path().join("voix.toml"),
        "totp_required_roles = []\n[consultations]\nboard_batch_size = 1\n",
    )
    .unwrap();
    cli_create_user(dir.path(), &db.url, "agent@panne.test", "staff");
    for i in 0..VOTERS {
        cli_create_user(dir.path(), &db.url, &voter(i), "resident");
    }
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(dir.path(), &db.url, port);
    wait_healthy(&base).await;

    // A consultation for the 20 voters, opened; credentials read from the mails.
    let staff = signed_in(&base, "agent@panne.test").await;
    let now = voix::time::now();
    let loc = |fr: &str| json!({"fr": fr, "en": fr});
    let created = ok_json(
        staff
            .post(format!("{base}/api/v1/staff/consultations"))
            .json(&json!({
                "title": loc("Consultation sous panne"),
                "opens_at": now - 60,
                "closes_at": now + 86_400,
                "questions": [{"text": loc("Oui ou non ?"), "kind": "single", "blank_allowed": true,
                               "answers": [loc("Oui"), loc("Non")]}],
                "eligibility": {"kind": "list"},
                "trustees": {"mode": "server_single"}
            })),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let list: String = (0..VOTERS).map(|i| format!("{}\n", voter(i))).collect();
    ok_json(
        staff
            .put(format!("{base}/api/v1/staff/consultations/{id}/voters"))
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(format!("email\n{list}")),
    )
    .await;
    ok_json(staff.post(format!(
        "{base}/api/v1/staff/consultations/{id}/key-ceremony"
    )))
    .await;
    ok_json(
        staff
            .post(format!("{base}/api/v1/staff/consultations/{id}/open"))
            .json(&json!({})),
    )
    .await;
    let mail_dir = dir.path().join("mail");
    let mut credentials = Vec::new();
    for i in 0..VOTERS {
        let mut found = None;
        for _ in 0..200 {
            found = read_mails(&mail_dir, &voter(i))
                .iter()
                .find_map(|m| credential_in(&m.text));
            if found.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        credentials.push(found.unwrap_or_else(|| panic!("no credential for {}", voter(i))));
    }
    let board = ok_json(staff.get(format!("{base}/api/v1/consultations/{id}/board"))).await;
    let ctx = ElectionContext::from_raw(board["election"].as_str().unwrap()).unwrap();

    // 1,000 ballots made beforehand: 50 per voter (revotes), yes, no or blank.
    let ballots: Vec<(usize, String)> = (0..BALLOTS)
        .into_par_iter()
        .map(|n| {
            let choice = match n % 3 {
                0 => vec![vec![0, 1, 0]],
                1 => vec![vec![0, 0, 1]],
                _ => vec![vec![1, 0, 0]],
            };
            let v = n % VOTERS;
            (
                v,
                ctx.create_ballot(&credentials[v], &choice, &mut OsRandom)
                    .unwrap(),
            )
        })
        .collect();
    let mut per_voter: Vec<Vec<String>> = vec![Vec::new(); VOTERS];
    for (v, b) in ballots {
        per_voter[v].push(b);
    }
    let mut clients = Vec::new();
    for i in 0..VOTERS {
        clients.push(signed_in(&base, &voter(i)).await);
    }

    // The burst: each voter casts its ballots in turn and resends one that got no answer.
    let receipts: Arc<Mutex<Vec<Value>>> = Arc::default();
    let issued = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let url = format!("{base}/api/v1/consultations/{id}/ballots");
    let tasks: Vec<_> = clients
        .into_iter()
        .zip(per_voter)
        .map(|(client, mine)| {
            let (url, receipts, issued, failures) = (
                url.clone(),
                receipts.clone(),
                issued.clone(),
                failures.clone(),
            );
            tokio::spawn(async move {
                for ballot in mine {
                    loop {
                        match client
                            .post(&url)
                            .json(&json!({ "ballot": ballot }))
                            .send()
                            .await
                        {
                            Ok(r) if r.status().is_success() => {
                                receipts.lock().await.push(r.json::<Value>().await.unwrap());
                                issued.fetch_add(1, Ordering::SeqCst);
                                break;
                            }
                            Ok(r) if r.status().is_server_error() => {}
                            Ok(r) => panic!("refused: {} {}", r.status(), r.text().await.unwrap()),
                            // Connection refused or reset: the server is down; try again.
                            Err(_) => {}
                        }
                        failures.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            })
        })
        .collect();
    while issued.load(Ordering::SeqCst) < KILL_AFTER {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    server.wait().unwrap();
    let at_kill = issued.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut server = serve(dir.path(), &db.url, port);
    wait_healthy(&base).await;
    for t in tasks {
        t.await.unwrap();
    }
    assert!(at_kill < BALLOTS, "the kill happened during the burst");
    assert!(
        failures.load(Ordering::SeqCst) > 0,
        "some casts met the dead server"
    );

    // Every receipt's ballot on the board, none twice, signatures good, archive valid.
    let receipts = receipts.lock().await.clone();
    assert_eq!(receipts.len(), BALLOTS);
    let board = ok_json(staff.get(format!("{base}/api/v1/consultations/{id}/board"))).await;
    let listed: Vec<&str> = board["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["tracker"].as_str().unwrap())
        .collect();
    let distinct: std::collections::HashSet<&str> = listed.iter().copied().collect();
    assert_eq!(
        listed.len(),
        distinct.len(),
        "a ballot is on the board twice"
    );
    assert_eq!(listed.len(), BALLOTS, "every ballot once: {}", listed.len());
    for receipt in &receipts {
        let tracker = receipt["tracker"].as_str().unwrap();
        assert!(
            distinct.contains(tracker),
            "receipt {tracker} not on the board"
        );
    }
    for receipt in receipts.iter().step_by(97) {
        let check = ok_json(
            staff
                .post(format!("{base}/api/v1/consultations/{id}/receipts/verify"))
                .json(receipt),
        )
        .await;
        assert_eq!(check["signature_valid"], true, "{check}");
        assert_eq!(check["on_board"], true, "{check}");
    }
    let archive = staff
        .get(format!("{base}/api/v1/consultations/{id}/archive"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let report = verify::verify_archive(&archive).expect("the archive verifies");
    assert_eq!(report.num_ballots, BALLOTS);

    // /metrics counts the ballots this process accepted, and refusals.
    let voter0 = signed_in(&base, &voter(0)).await;
    let r = voter0
        .post(&url)
        .json(&json!({"ballot": "{\"not\": \"a ballot\"}"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let metrics = reqwest::Client::new()
        .get(format!("{base}/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = |name: &str| -> u64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from /metrics"))
    };
    let cast_here = value("voix_ballots_cast_total");
    assert!(
        cast_here > 0 && cast_here <= (BALLOTS - at_kill) as u64,
        "{cast_here}"
    );
    assert_eq!(value("voix_ballot_verification_failures_total"), 1);
    server.kill().unwrap();
    server.wait().unwrap();
}
