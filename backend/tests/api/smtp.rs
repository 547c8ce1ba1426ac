//! Delivery through a real SMTP server (aiosmtpd on loopback, STARTTLS with a test certificate
//! and AUTH), certificate verification, outages, restarts and several workers at once.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use protocol::api::Language;
use voix::config::{SmtpSettings, SmtpTls};
use voix::email::{messages, outbox};

use crate::helpers::{Backend, TestApp, free_port, read_mails, spawn_app_with, wait_for_mail_in};
use crate::on_both_databases;

on_both_databases!(
    delivers_over_starttls_with_auth_and_verified_certificate,
    refuses_an_untrusted_certificate,
    survives_an_outage_without_loss_or_duplicates,
    picks_up_after_a_restart,
    two_servers_share_the_outbox_without_duplicates,
    gives_up_after_max_attempts,
    a_minute_long_outage_during_a_thousand_notifications,
);

/// A test certificate for 127.0.0.1 and localhost (an end-entity certificate, CA:FALSE).
struct TestCert {
    cert: PathBuf,
    key: PathBuf,
}

fn make_cert(dir: &Path) -> TestCert {
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    params.is_ca = rcgen::IsCa::ExplicitNoCa;
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let cert_path = dir.join("smtp-cert.pem");
    let key_path = dir.join("smtp-key.pem");
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    TestCert {
        cert: cert_path,
        key: key_path,
    }
}

/// The aiosmtpd process of `e2e/support/smtp_server.py`.
struct SmtpServer {
    child: Child,
}

const USER: &str = "voix-relay";
const PASS: &str = "relay-secret";

impl SmtpServer {
    fn start(port: u16, cert: &TestCert, out: &Path) -> Self {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/support/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--out"])
            .arg(out)
            .arg("--cert")
            .arg(&cert.cert)
            .arg("--key")
            .arg(&cert.key)
            .args(["--user", USER, "--password", PASS])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) is needed for the SMTP tests");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.starts_with("READY"),
            "SMTP test server did not start: {line:?}"
        );
        Self { child }
    }

    fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn smtp_settings(port: u16, cert: Option<&TestCert>) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: SmtpTls::Starttls,
        username: Some(USER.into()),
        password: Some(voix::config::Secret::new(PASS)),
        ca_file: cert.map(|c| c.cert.clone()),
        timeout: Duration::from_secs(5),
    }
}

/// Queues `n` messages directly, as any feature does within its own transaction.
async fn enqueue(app: &TestApp, n: usize) {
    let mut tx = app.db.begin().await.unwrap();
    let town = voix::repo::towns::ensure_default(&mut tx, "x")
        .await
        .unwrap();
    for i in 0..n {
        let to = format!("resident{i}@example.fr");
        let content = messages::password_reset(
            Language::Fr,
            &town.name,
            "Test",
            "http://x/reset-password?token=t",
        );
        let recipient = outbox::Recipient {
            address: &to,
            language: Language::Fr,
            user_id: None,
        };
        outbox::enqueue(&mut tx, &town, recipient, &content, "test")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn depth(app: &TestApp) -> outbox::Depth {
    let mut tx = app.db.read().await.unwrap();
    outbox::depth(&mut tx).await.unwrap()
}

fn assert_exactly_once(out: &Path, n: usize) {
    let mails = read_mails(out, "");
    assert_eq!(mails.len(), n, "delivered messages");
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "a Message-ID was delivered twice");
}

async fn delivers_over_starttls_with_auth_and_verified_certificate(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    let _server = SmtpServer::start(port, &cert, &out);
    let app = spawn_app_with(backend, |s| s.smtp = Some(smtp_settings(port, Some(&cert)))).await;
    let email = "smtp@example.fr";
    assert_eq!(app.register(email, "fr").await.status(), 202);
    let mails = wait_for_mail_in(&out, email, 1).await;
    assert!(
        mails[0]
            .text
            .contains(&format!("{}/verify-email?token=", app.base))
    );
    assert!(mails[0].subject.contains("Confirmez votre adresse"));
    // The worker records the delivery just after the server accepted the message.
    for _ in 0..100 {
        if depth(&app).await.sent == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        depth(&app).await,
        outbox::Depth {
            pending: 0,
            sent: 1,
            dead: 0
        }
    );
}

async fn refuses_an_untrusted_certificate(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    let _server = SmtpServer::start(port, &cert, &out);
    // No CA file: the self-signed certificate must not be accepted.
    let app = spawn_app_with(backend, |s| s.smtp = Some(smtp_settings(port, None))).await;
    enqueue(&app, 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        read_mails(&out, "").is_empty(),
        "delivered over an unverified TLS session"
    );
    let d = depth(&app).await;
    assert_eq!((d.pending, d.sent), (1, 0));
    let mut tx = app.db.read().await.unwrap();
    let (error,): (Option<String>,) =
        voix::on_db!(&mut tx, |c| sqlx::query_as("select last_error from outbox")
            .fetch_one(c)
            .await)
        .unwrap();
    let error = error.unwrap_or_default().to_lowercase();
    assert!(
        error.contains("certificate") || error.contains("tls"),
        "{error}"
    );
}

async fn survives_an_outage_without_loss_or_duplicates(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    let server = SmtpServer::start(port, &cert, &out);
    let app = spawn_app_with(backend, |s| s.smtp = Some(smtp_settings(port, Some(&cert)))).await;
    enqueue(&app, 1).await;
    wait_for_mail_in(&out, "", 1).await;

    server.stop();
    enqueue(&app, 20).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        read_mails(&out, "").len(),
        1,
        "nothing can be delivered while the server is down"
    );
    let d = depth(&app).await;
    assert_eq!(d.pending, 20, "{d:?}");

    let _server = SmtpServer::start(port, &cert, &out);
    wait_for_mail_in(&out, "", 21).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_exactly_once(&out, 21);
    assert_eq!(
        depth(&app).await,
        outbox::Depth {
            pending: 0,
            sent: 21,
            dead: 0
        }
    );
}

async fn picks_up_after_a_restart(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    // The server is down while the first process runs.
    let mut app =
        spawn_app_with(backend, |s| s.smtp = Some(smtp_settings(port, Some(&cert)))).await;
    enqueue(&app, 5).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.stop().await;

    let _server = SmtpServer::start(port, &cert, &out);
    let mut settings = app.settings.clone();
    settings.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let second = voix::app::Application::build(settings).await.unwrap();
    let handle = second.shutdown_handle();
    let run = tokio::spawn(second.run_until_stopped());
    wait_for_mail_in(&out, "", 5).await;
    assert_exactly_once(&out, 5);
    let _ = handle.send(true);
    run.await.unwrap().unwrap();
}

async fn two_servers_share_the_outbox_without_duplicates(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    let _server = SmtpServer::start(port, &cert, &out);
    let app = spawn_app_with(backend, |s| s.smtp = Some(smtp_settings(port, Some(&cert)))).await;
    let mut settings = app.settings.clone();
    settings.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let second = voix::app::Application::build(settings).await.unwrap();
    let handle = second.shutdown_handle();
    let run = tokio::spawn(second.run_until_stopped());
    enqueue(&app, 40).await;
    wait_for_mail_in(&out, "", 40).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_exactly_once(&out, 40);
    let _ = handle.send(true);
    run.await.unwrap().unwrap();
}

async fn gives_up_after_max_attempts(backend: Backend) {
    let port = free_port();
    let app = spawn_app_with(backend, |s| {
        s.smtp = Some(smtp_settings(port, None));
        s.outbox.max_attempts = 3;
    })
    .await;
    enqueue(&app, 1).await;
    for _ in 0..100 {
        if depth(&app).await.dead == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        depth(&app).await,
        outbox::Depth {
            pending: 0,
            sent: 0,
            dead: 1
        }
    );
}

/// Fault test (production readiness): a public update on a request followed by 999 residents
/// queues 1,000 notifications in one transaction; the relay goes down for 60 seconds in the
/// middle of their delivery; when it is back, every message arrives exactly once and none is
/// dead-lettered. Retry delays are the production shape (doubling, capped) scaled down so
/// that the whole outage fits in the attempt budget, as an operator would tune them.
async fn a_minute_long_outage_during_a_thousand_notifications(backend: Backend) {
    use protocol::api::Role;
    use protocol::requests::{CategoryInput, Localized, NewRequest};

    const FOLLOWERS: usize = 999;
    let dir = tempfile::tempdir().unwrap();
    let cert = make_cert(dir.path());
    let out = dir.path().join("received");
    let port = free_port();
    let mut server = SmtpServer::start(port, &cert, &out);
    let app = spawn_app_with(backend, |s| {
        s.smtp = Some(smtp_settings(port, Some(&cert)));
        s.totp_required_roles = vec![];
        s.requests.require_residency = false;
        s.outbox.retry_base = Duration::from_secs(2);
        s.outbox.retry_max = Duration::from_secs(16);
        s.outbox.max_attempts = 12;
    })
    .await;
    app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    let reporter_id = app
        .create_user(None, "auteur@exemple.fr", Role::Resident)
        .await;
    let number = {
        let mut tx = app.db.begin().await.unwrap();
        let town = voix::repo::towns::ensure_default(&mut tx, "x")
            .await
            .unwrap();
        let l = |s: &str| Localized {
            fr: s.into(),
            en: s.into(),
        };
        voix::repo::categories::insert(
            &mut tx,
            &town.id,
            &CategoryInput {
                code: "eclairage".into(),
                group: String::new(),
                name: l("Éclairage"),
                description: l(""),
                keywords: String::new(),
                attributes: vec![],
                active: true,
            },
        )
        .await
        .unwrap();
        let reporter = voix::repo::users::by_id(&mut tx, &town.id, &reporter_id)
            .await
            .unwrap()
            .unwrap();
        let ctx = voix::requests::Ctx {
            settings: &app.settings,
            town: &town,
            mail_domain: "test",
        };
        let new = NewRequest {
            category: "eclairage".into(),
            description: "Tout le quartier est dans le noir".into(),
            address: Some("Quartier des Lilas".into()),
            location: None,
            attributes: Default::default(),
        };
        let checked = voix::requests::check(&mut tx, &town, &new).await.unwrap();
        let filed = voix::requests::file(
            &mut tx,
            ctx,
            &checked,
            &[],
            voix::requests::Reporter::Account(&reporter),
            Language::Fr,
        )
        .await
        .unwrap();
        // 999 neighbours say "me too" (accounts made directly: hashing 999 passwords would
        // only slow the test down).
        for i in 0..FOLLOWERS {
            let email = format!("voisin{i}@exemple.fr");
            let user = voix::repo::users::insert(
                &mut tx,
                &voix::repo::users::NewUser {
                    town_id: &town.id,
                    email: &email,
                    display_name: "Voisin",
                    password_hash: "!unused",
                    language: Language::Fr,
                    role: Role::Resident,
                    verified: true,
                },
            )
            .await
            .unwrap();
            voix::repo::requests::set_following(&mut tx, &filed.id, &user.id, true, 0)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        filed.number
    };
    wait_for_mail_in(&out, "auteur@exemple.fr", 1).await;

    let staff = crate::helpers::Session::login(&app, None, "agent@mairie.fr").await;
    let r = staff
        .post(
            &format!("/api/v1/staff/requests/{number}/updates"),
            serde_json::json!({"body": "Une panne du transformateur : réparation en cours."}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let total = 1 + 1 + FOLLOWERS;

    // Cut the relay once part of the batch went through.
    wait_for_mail_in(&out, "", 200).await;
    server.kill();
    let delivered_at_cut = read_mails(&out, "").len();
    assert!(delivered_at_cut < total, "the cut must happen mid-batch");
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(
        read_mails(&out, "").len(),
        delivered_at_cut,
        "nothing is delivered while the relay is down"
    );
    let d = depth(&app).await;
    assert_eq!(d.dead, 0, "{d:?}");
    assert_eq!(d.pending as usize, total - delivered_at_cut, "{d:?}");

    let _server = SmtpServer::start(port, &cert, &out);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while depth(&app).await.pending > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "outbox not drained: {:?}",
            depth(&app).await
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_exactly_once(&out, total);
    assert_eq!(
        depth(&app).await,
        outbox::Depth {
            pending: 0,
            sent: total as i64,
            dead: 0
        }
    );
}
