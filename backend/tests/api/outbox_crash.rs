//! A node killed while sending a message: the relay holds the connection, `voix serve` is
//! killed with SIGKILL mid-send, and another node (same database and data folder, a working
//! transport) must send the message within the 30-second lease — with the same Message-ID,
//! so that the duplicate (delivery is at least once) can be recognised.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Backend, TestDb, VOIX, free_port, read_mails, wait_healthy};
use crate::on_both_databases;

on_both_databases!(a_crashed_senders_message_leaves_within_the_lease);

fn serve(dir: &std::path::Path, url: &str, port: u16, smtp: Option<u16>) -> Child {
    let mut cmd = Command::new(VOIX);
    cmd.arg("serve").arg("--data-dir").arg(dir).args([
        "--database-url",
        url,
        "--listen",
        &format!("127.0.0.1:{port}"),
    ]);
    if let Some(smtp) = smtp {
        cmd.args([
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            &smtp.to_string(),
            "--smtp-tls",
            "none",
        ]);
    }
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn a_crashed_senders_message_leaves_within_the_lease(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend, dir.path()).await;
    // A relay that accepts the connection and never says a word: the sender waits on it.
    let relay = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_port = relay.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((socket, _)) = relay.accept().await {
            connections.push(socket);
        }
    });
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut first = serve(dir.path(), &db.url, port, Some(relay_port));
    wait_healthy(&base).await;
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/register"))
        .header("origin", &base)
        .json(
            &json!({"email": "camille@exemple.fr", "password": "un mot de passe solide",
                      "display_name": "Camille", "language": "fr"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);

    // Wait until the worker holds the message (its lease is set), then kill it mid-send.
    let app_db = voix::db::Db::connect(&db.url).await.unwrap();
    let lease_and_id = || async {
        let mut tx = app_db.read().await.unwrap();
        let row: Option<(Option<i64>, String)> = match &mut tx {
            voix::db::Tx::Sqlite(t) => {
                sqlx::query_as("select locked_until, message_id from outbox")
                    .fetch_optional(&mut **t)
                    .await
                    .unwrap()
            }
            voix::db::Tx::Postgres(t) => {
                sqlx::query_as("select locked_until, message_id from outbox")
                    .fetch_optional(&mut **t)
                    .await
                    .unwrap()
            }
        };
        row
    };
    let mut message_id = None;
    for _ in 0..100 {
        if let Some((Some(_), id)) = lease_and_id().await {
            message_id = Some(id);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let message_id = message_id.expect("the worker claimed the message");
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.kill().unwrap();
    first.wait().unwrap();
    let killed = Instant::now();

    // Another node, with the file transport: it sends the message once the lease runs out.
    let mut second = serve(dir.path(), &db.url, port, None);
    wait_healthy(&base).await;
    let mail_dir = dir.path().join("mail");
    let mut delivered = None;
    while killed.elapsed() < Duration::from_secs(45) {
        if let Some(m) = read_mails(&mail_dir, "camille@exemple.fr").pop() {
            delivered = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waited = killed.elapsed();
    second.kill().unwrap();
    second.wait().unwrap();
    held.abort();
    let mail = delivered.expect("the message was sent by the second node");
    assert!(
        waited <= Duration::from_secs(33),
        "sent {waited:?} after the crash; the lease is 30 s"
    );
    assert_eq!(
        mail.message_id, message_id,
        "the same Message-ID as the first attempt"
    );
}
