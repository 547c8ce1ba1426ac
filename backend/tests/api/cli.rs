//! The `voix` command line, run as a real process.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::helpers::{Backend, TestDb, client_for, free_port, json};
use crate::on_both_databases;

const VOIX: &str = env!("CARGO_BIN_EXE_voix");

fn voix(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(VOIX)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

on_both_databases!(
    admin_commands_create_towns_and_users,
    a_town_time_zone_is_an_iana_name,
    audit_verify_names_the_first_broken_entry
);

/// Logs read from a file or a pipe are plain text, without terminal colour codes.
#[test]
fn logs_to_a_pipe_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(VOIX)
        .args(["serve", "--data-dir", dir.path().to_str().unwrap()])
        .args(["--listen", &format!("127.0.0.1:{}", free_port())])
        .env_remove("VOIX_LOG")
        .env_remove("VOIX_JSON_LOGS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains("voix listening") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(seen.contains("voix listening"), "{seen}");
    assert!(
        !seen.contains('\u{1b}'),
        "colour codes in piped logs: {seen:?}"
    );
}

#[test]
fn help_documents_every_command() {
    let (ok, out, _) = voix(&["--help"], None);
    assert!(ok);
    for cmd in ["serve", "migrate", "admin", "audit", "verify"] {
        assert!(out.contains(cmd), "{out}");
    }
    let (_, out, _) = voix(&["audit", "--help"], None);
    assert!(out.contains("verify"), "{out}");
    let (_, out, _) = voix(&["admin", "--help"], None);
    for cmd in [
        "create-user",
        "create-town",
        "update-town",
        "list-towns",
        "create-api-key",
        "revoke-api-key",
        "rotate-receipt-key",
    ] {
        assert!(out.contains(cmd), "{out}");
    }
    let (_, out, _) = voix(&["serve", "--help"], None);
    for flag in [
        "--listen",
        "--data-dir",
        "--database-url",
        "--public-url",
        "--demo",
        "--smtp-host",
        "VOIX_LISTEN",
    ] {
        assert!(out.contains(flag), "{flag} missing from serve --help");
    }
    let (ok, _, err) = voix(
        &[
            "admin",
            "create-user",
            "--email",
            "a@b.fr",
            "--role",
            "mayor",
        ],
        None,
    );
    assert!(!ok);
    assert!(err.contains("unknown role `mayor`"), "{err}");
}

/// `--time-zone` takes a zone of the IANA database, which `list-towns` then shows; anything
/// else is refused and changes nothing.
async fn a_town_time_zone_is_an_iana_name(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend, dir.path()).await;
    let data = dir.path().to_str().unwrap();
    let base = ["--data-dir", data, "--database-url", db.url.as_str()];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = Vec::new();
        args.extend_from_slice(extra);
        args.extend_from_slice(&base);
        voix(&args, None)
    };
    let (ok, _, err) = run(&[
        "admin",
        "create-town",
        "--slug",
        "kourou",
        "--name",
        "Kourou",
        "--host",
        "kourou.test",
    ]);
    assert!(ok, "{err}");
    let (_, out, _) = run(&["admin", "list-towns"]);
    assert!(out.contains("time zone: Europe/Paris"), "{out}");
    let zone = |z: &str| run(&["admin", "update-town", "--slug", "kourou", "--time-zone", z]);
    for wrong in [
        "Mars/Olympus",
        "",
        "Europe/Paris; drop table towns",
        "+01:00",
    ] {
        let (ok, _, err) = zone(wrong);
        assert!(!ok, "{wrong:?} accepted");
        assert!(err.contains("IANA time zone"), "{err}");
    }
    let (ok, _, err) = zone("America/Cayenne");
    assert!(ok, "{err}");
    let (_, out, _) = run(&["admin", "list-towns"]);
    let line = out.lines().find(|l| l.starts_with("kourou")).unwrap();
    assert!(line.contains("time zone: America/Cayenne"), "{out}");
}

async fn admin_commands_create_towns_and_users(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend, dir.path()).await;
    let data = dir.path().to_str().unwrap();
    let base = ["--data-dir", data, "--database-url", db.url.as_str()];
    let run = |extra: &[&str], stdin: Option<&str>| {
        let mut args: Vec<&str> = Vec::new();
        args.extend_from_slice(extra);
        args.extend_from_slice(&base);
        voix(&args, stdin)
    };

    let (ok, out, err) = run(&["migrate"], None);
    assert!(ok, "{err}");
    assert!(out.contains("migrations applied"));

    let (ok, out, err) = run(
        &[
            "admin",
            "create-town",
            "--slug",
            "saint-ouen",
            "--name",
            "Ville de Saint-Ouen",
            "--host",
            "ville-a.test",
        ],
        None,
    );
    assert!(ok, "{err}");
    assert!(out.contains("saint-ouen"));
    let (ok, _, err) = run(
        &[
            "admin",
            "create-town",
            "--slug",
            "saint-ouen",
            "--name",
            "Doublon",
            "--host",
            "x.test",
        ],
        None,
    );
    assert!(!ok, "a duplicate slug must fail");
    assert!(err.contains("Conflict"), "{err}");
    let (ok, _, err) = run(
        &[
            "admin",
            "update-town",
            "--slug",
            "saint-ouen",
            "--primary-color",
            "#006633",
        ],
        None,
    );
    assert!(ok, "{err}");
    let (_, out, _) = run(&["admin", "list-towns"], None);
    assert!(
        out.contains("saint-ouen") && out.contains("ville-a.test") && out.contains("(default)"),
        "{out}"
    );
    // A town's public address: on one of its host names, or refused; `-` goes back to the
    // default.
    let update_url = |url: &str| {
        run(
            &[
                "admin",
                "update-town",
                "--slug",
                "saint-ouen",
                "--public-url",
                url,
            ],
            None,
        )
    };
    let (ok, _, err) = update_url("https://ville-a.test");
    assert!(ok, "{err}");
    let (_, out, _) = run(&["admin", "list-towns"], None);
    assert!(
        out.contains("public address: https://ville-a.test"),
        "{out}"
    );
    let (ok, _, err) = update_url("https://ailleurs.test");
    assert!(!ok, "a public address on another town's host");
    assert!(err.contains("one of the town's host names"), "{err}");
    let (ok, _, err) = update_url("ftp://ville-a.test");
    assert!(!ok);
    assert!(err.contains("http(s)"), "{err}");
    let (ok, _, err) = update_url("-");
    assert!(ok, "{err}");
    let (_, out, _) = run(&["admin", "list-towns"], None);
    assert!(
        !out.contains("public address: https://ville-a.test"),
        "{out}"
    );

    // Password from standard input.
    let (ok, out, err) = run(
        &[
            "admin",
            "create-user",
            "--email",
            "Agent@Ville.fr",
            "--role",
            "staff",
            "--town",
            "saint-ouen",
        ],
        Some("mot de passe de l'agent\n"),
    )
    .clone();
    assert!(ok, "{err}");
    assert!(!out.contains("password (shown once)"));
    // Generated password, printed once.
    let (ok, out, err) = run(
        &[
            "admin",
            "create-user",
            "--email",
            "admin@ville.fr",
            "--role",
            "admin",
        ],
        Some(""),
    );
    assert!(ok, "{err}");
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 20);
    let (ok, _, err) = run(
        &[
            "admin",
            "create-user",
            "--email",
            "admin@ville.fr",
            "--role",
            "admin",
        ],
        Some(""),
    );
    assert!(!ok);
    assert!(err.contains("already has an account"), "{err}");
    let (ok, _, err) = run(
        &[
            "admin",
            "create-user",
            "--email",
            "x@ville.fr",
            "--role",
            "admin",
        ],
        Some("short\n"),
    );
    assert!(!ok);
    assert!(err.contains("12 to 128"), "{err}");

    // Both accounts log in through the server, each in its town.
    let port = free_port();
    let log_path = std::env::temp_dir().join(format!("voix-cli-test-{port}.log"));
    let mut server = Command::new(VOIX)
        .args([
            "serve",
            "--json-logs",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .args(base)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        if line.contains("listening") {
            break;
        }
    }
    let client = client_for(port);
    let login = |host: &'static str, email: &'static str, password: String| {
        let client = client.clone();
        async move {
            client
                .post(format!("http://{host}:{port}/api/v1/auth/login"))
                .header("origin", format!("http://{host}:{port}"))
                .json(&serde_json::json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    let r = login(
        "ville-a.test",
        "agent@ville.fr",
        "mot de passe de l'agent".into(),
    )
    .await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(me["role"], "staff");
    assert_eq!(me["town"]["name"], "Ville de Saint-Ouen");
    assert_eq!(me["town"]["primary_color"], "#006633");
    let r = login("127.0.0.1", "admin@ville.fr", generated.clone()).await;
    assert_eq!(r.status(), 200);
    // Refused logins are logged (known account or not), and no password ever is.
    let r = login(
        "ville-a.test",
        "agent@ville.fr",
        "mauvais mot de passe 7319".into(),
    )
    .await;
    assert_eq!(r.status(), 401);
    let r = login(
        "ville-a.test",
        "personne@ville.fr",
        "mauvais mot de passe 7319".into(),
    )
    .await;
    assert_eq!(r.status(), 401);
    let _ = server.kill();
    let _ = server.wait();
    let text = std::fs::read_to_string(&log_path).unwrap();
    let _ = std::fs::remove_file(&log_path);
    let events: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let with_message = |m: &str| {
        events
            .iter()
            .filter(|e| e["fields"]["message"] == m)
            .collect::<Vec<_>>()
    };
    let refused = with_message("password login refused");
    assert_eq!(refused.len(), 2, "{text}");
    assert_eq!(refused[0]["fields"]["known_account"], true);
    assert_eq!(refused[1]["fields"]["known_account"], false);
    assert_eq!(refused[0]["fields"]["ip"], "127.0.0.1");
    assert_eq!(with_message("logged in").len(), 2, "{text}");
    assert!(!text.contains("personne@ville.fr"));
    for secret in [
        "mauvais mot de passe",
        "mot de passe de l'agent",
        &generated,
    ] {
        assert!(!text.contains(secret), "{secret} logged");
    }
}

#[test]
fn demo_prints_its_logins_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap().to_owned();
    let start = || {
        let port = free_port();
        let mut child = Command::new(VOIX)
            .args([
                "serve",
                "--demo",
                "--data-dir",
                &data,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut seen = Vec::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            let done = line.contains("listening");
            seen.push(line);
            if done {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        seen.join("\n")
    };
    let first = start();
    for email in [
        "agent@demo.voix.test",
        "elue@demo.voix.test",
        "camille@demo.voix.test",
    ] {
        assert!(first.contains(email), "{first}");
    }
    let second = start();
    assert!(second.contains("already exist"), "{second}");
    assert!(
        !second.contains("agent@demo.voix.test"),
        "passwords are printed once only"
    );
    assert!(
        std::path::Path::new(&data).join("voix.sqlite3").exists(),
        "SQLite file in the data directory"
    );
}

/// `voix audit verify` accepts an intact chain and names the first entry of a tampered one
/// (the tampering needs the append-only triggers dropped first, as an attacker with the
/// database would).
async fn audit_verify_names_the_first_broken_entry(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    let db_url = test_db.url.clone();
    let data = dir.path().to_str().unwrap();
    let args = [
        "audit",
        "verify",
        "--data-dir",
        data,
        "--database-url",
        db_url.as_str(),
    ];
    let (ok, _, err) = voix(
        &["migrate", "--data-dir", data, "--database-url", &db_url],
        None,
    );
    assert!(ok, "{err}");
    let db = voix::db::Db::connect(&db_url).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let town = voix::repo::towns::ensure_default(&mut tx, "Ma commune")
        .await
        .unwrap();
    for (action, reason) in [
        ("request.status.resolved", "fait"),
        ("moderation.hide", "injure"),
        ("user.block", "spam"),
    ] {
        voix::repo::audit::append(
            &mut tx,
            &voix::repo::audit::NewEntry {
                town_id: &town.id,
                actor_id: Some("agent"),
                action,
                target: "2026-000001",
                reason,
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let (ok, out, err) = voix(&args, None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("3 entries, chain intact"), "{out}");

    let second: i64 = {
        let mut tx = db.read().await.unwrap();
        let entries = voix::repo::audit::list(&mut tx, &town.id).await.unwrap();
        entries[1].id
    };
    let tamper = [
        "drop trigger audit_log_no_update",
        "update audit_log set reason = 'rien' where action = 'moderation.hide'",
    ];
    match &db {
        voix::db::Db::Sqlite(pool) => {
            for sql in tamper {
                sqlx::query(sql).execute(pool).await.unwrap();
            }
        }
        voix::db::Db::Postgres(pool) => {
            sqlx::query("drop trigger audit_log_no_update on audit_log")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(tamper[1]).execute(pool).await.unwrap();
        }
    }
    let (ok, out, err) = voix(&args, None);
    assert!(!ok, "a tampered chain must fail");
    assert!(
        out.contains(&format!("BROKEN at entry {second} (moderation.hide")),
        "{out}"
    );
    assert!(err.contains("tampered"), "{err}");
    db.close().await;
}
