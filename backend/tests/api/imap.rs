//! Inbound email replies against a real Dovecot (Debian package `dovecot-imapd`) started on
//! loopback for each test, with its own configuration, Maildir and TLS certificate in a
//! temporary folder. Messages are delivered by IMAP `APPEND`, as an MTA would file them; the
//! app's worker polls the mailbox every 200 ms.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::TcpStream as StdTcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_imap::Session;
use futures_util::TryStreamExt;
use protocol::api::{Language, Role};
use protocol::requests::{CategoryInput, Localized, NewRequest};
use tempfile::TempDir;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use voix::config::Secret;
use voix::email::inbound::{ImapSettings, ImapTls};
use voix::repo::requests::Event;
use voix::repo::{categories, towns, users};
use voix::requests::{Ctx, Reporter};

use crate::helpers::{Backend, TestApp, free_port, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    replies_become_comments_once,
    suspicious_mail_goes_to_review,
    starttls_without_move_and_a_password_fixed_later,
);

const USER: &str = "voix";
const PASS: &str = "imap-secret";
const REPORTER: &str = "camille@example.fr";
/// Folder names as the app is configured (`/` levels) and as Dovecot's Maildir++ names them.
const PROCESSED: (&str, &str) = ("Voix/Traites", "Voix.Traites");
const REVIEW: (&str, &str) = ("Voix/A-verifier", "Voix.A-verifier");

/// A throwaway Dovecot: IMAPS and IMAP (+STARTTLS) on two loopback ports, one user.
struct Dovecot {
    dir: TempDir,
    child: Option<Child>,
    imaps_port: u16,
    imap_port: u16,
    cert: PathBuf,
    cert_der: rustls_pki_types::CertificateDer<'static>,
}

/// Who Dovecot runs as. As root (the CI), its login processes must not be root and mail may
/// not be accessed as uid 0: they use `nobody`; otherwise everything runs as the current user.
struct RunAs {
    internal_user: String,
    internal_group: String,
    login_user: String,
    mail_uid: u32,
    mail_gid: u32,
}

fn id(flag: &str) -> String {
    let out = Command::new("id").arg(flag).output().expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn run_as(probe: &Path) -> RunAs {
    use std::os::unix::fs::MetadataExt;
    std::fs::write(probe, b"").unwrap();
    let meta = std::fs::metadata(probe).unwrap();
    let (uid, gid) = (meta.uid(), meta.gid());
    if uid == 0 {
        RunAs {
            internal_user: "root".into(),
            internal_group: "root".into(),
            login_user: "nobody".into(),
            mail_uid: 65534,
            mail_gid: 65534,
        }
    } else {
        let user = id("-un");
        RunAs {
            internal_user: user.clone(),
            internal_group: id("-gn"),
            login_user: user,
            mail_uid: uid,
            mail_gid: gid,
        }
    }
}

impl Dovecot {
    /// `extra`: more configuration lines (e.g. a capability override).
    fn start(password: &str, extra: &str) -> Self {
        let binary = Path::new("/usr/sbin/dovecot");
        assert!(
            binary.exists(),
            "the IMAP tests need Dovecot: apt-get install dovecot-imapd"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let who = run_as(&root.join("probe"));
        {
            use std::os::unix::fs::PermissionsExt;
            // The mail processes (maybe `nobody`) walk into the folder.
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mail = root.join("mail");
        std::fs::create_dir(&mail).unwrap();
        std::os::unix::fs::chown(&mail, Some(who.mail_uid), Some(who.mail_gid)).unwrap();
        let mut params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
                .unwrap();
        params.is_ca = rcgen::IsCa::ExplicitNoCa;
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let cert_path = root.join("cert.pem");
        let key_path = root.join("key.pem");
        std::fs::write(&cert_path, cert.pem()).unwrap();
        std::fs::write(&key_path, key.serialize_pem()).unwrap();
        let mut dovecot = Self {
            imaps_port: free_port(),
            imap_port: free_port(),
            cert: cert_path,
            cert_der: cert.der().clone(),
            child: None,
            dir,
        };
        dovecot.set_password(password);
        let root = dovecot.dir.path();
        let conf = format!(
            "protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 0
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
{extra}
",
            root = root.display(),
            internal_user = who.internal_user,
            internal_group = who.internal_group,
            login_user = who.login_user,
            uid = who.mail_uid,
            gid = who.mail_gid,
            imap_port = dovecot.imap_port,
            imaps_port = dovecot.imaps_port,
        );
        std::fs::write(root.join("dovecot.conf"), conf).unwrap();
        let child = Command::new(binary)
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start dovecot");
        dovecot.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while StdTcpStream::connect(("127.0.0.1", dovecot.imaps_port)).is_err()
            || StdTcpStream::connect(("127.0.0.1", dovecot.imap_port)).is_err()
        {
            if let Some(status) = dovecot.child.as_mut().unwrap().try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = dovecot.child.as_mut().unwrap().stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                panic!(
                    "dovecot exited at start: {status}\n{err}\n{}",
                    dovecot.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not start listening\n{}",
                dovecot.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        dovecot
    }

    /// The user's password (`passwd-file` is read again when it changes).
    fn set_password(&self, password: &str) {
        let path = self.dir.path().join("passwd");
        let tmp = self.dir.path().join("passwd.tmp");
        std::fs::write(&tmp, format!("{USER}:{{PLAIN}}{password}\n")).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// The app's settings for this server.
    fn settings(&self, tls: ImapTls) -> ImapSettings {
        ImapSettings {
            host: "127.0.0.1".into(),
            port: match tls {
                ImapTls::Tls => self.imaps_port,
                _ => self.imap_port,
            },
            tls,
            username: USER.into(),
            password: Secret::new(PASS),
            ca_file: Some(self.cert.clone()),
            folder: "INBOX".into(),
            processed_folder: PROCESSED.0.into(),
            review_folder: REVIEW.0.into(),
            reply_address: "voix+{token}@mairie.test".into(),
            poll_interval: Duration::from_millis(200),
        }
    }

    /// A test-side IMAPS session (the MTA's and the auditor's view of the mailbox).
    async fn client(&self, password: &str) -> Session<TlsStream<TcpStream>> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.cert_der.clone()).unwrap();
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        let tcp = TcpStream::connect(("127.0.0.1", self.imaps_port))
            .await
            .unwrap();
        let name = rustls_pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .unwrap();
        let mut client = async_imap::Client::new(tls);
        client.read_response().await.unwrap().unwrap();
        client
            .login(USER, password)
            .await
            .map_err(|(e, _)| e)
            .unwrap_or_else(|e| panic!("test login failed: {e}\n{}", self.log()))
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            let _ = child.wait();
        }
    }
}

type Imap = Session<TlsStream<TcpStream>>;

async fn append(imap: &mut Imap, raw: &[u8]) {
    imap.append("INBOX", None, None, raw).await.unwrap();
}

/// Messages in a folder (0 while it does not exist).
async fn count(imap: &mut Imap, folder: &str) -> u32 {
    match imap.status(folder, "(MESSAGES)").await {
        Ok(m) => m.exists,
        Err(_) => 0,
    }
}

/// `(inbox, processed, review)` message counts.
async fn counts(imap: &mut Imap) -> (u32, u32, u32) {
    (
        count(imap, "INBOX").await,
        count(imap, PROCESSED.1).await,
        count(imap, REVIEW.1).await,
    )
}

/// The full text of every message of a folder.
async fn messages(imap: &mut Imap, folder: &str) -> Vec<String> {
    imap.select(folder).await.unwrap();
    let fetches: Vec<_> = imap
        .fetch("1:*", "BODY.PEEK[]")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    fetches
        .iter()
        .filter_map(|f| f.body().map(|b| String::from_utf8_lossy(b).into_owned()))
        .collect()
}

/// Waits up to 20 s for the `(inbox, processed, review)` counts.
async fn wait_counts(dovecot: &Dovecot, imap: &mut Imap, expected: (u32, u32, u32), what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = counts(imap).await;
        if found == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {found:?} instead of {expected:?}\n--- dovecot log ---\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls `check` for up to 20 s.
async fn eventually<F, Fut>(what: &str, dovecot: &Dovecot, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}\n--- dovecot log ---\n{}",
            dovecot.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A resident's account and a request they filed directly through `voix::requests::file`
/// (which queues the confirmation email). Returns the request's id and reply token.
async fn file_request(app: &TestApp, email: &str) -> (String, String) {
    let user_id = app.create_user(None, email, Role::Resident).await;
    let mut tx = app.db.begin().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    if categories::by_code(&mut tx, &town.id, "voirie")
        .await
        .unwrap()
        .is_none()
    {
        let category = CategoryInput {
            code: "voirie".into(),
            group: "Voirie".into(),
            name: Localized {
                fr: "Nid-de-poule".into(),
                en: "Pothole".into(),
            },
            description: Localized::default(),
            keywords: String::new(),
            attributes: vec![],
            active: true,
        };
        categories::insert(&mut tx, &town.id, &category)
            .await
            .unwrap();
    }
    let user = users::by_id(&mut tx, &town.id, &user_id)
        .await
        .unwrap()
        .unwrap();
    let new = NewRequest {
        category: "voirie".into(),
        description: "Un nid-de-poule devant le 12 rue des Lilas.".into(),
        address: Some("12 rue des Lilas".into()),
        location: None,
        attributes: BTreeMap::new(),
    };
    let checked = voix::requests::check(&mut tx, &town, &new).await.unwrap();
    let ctx = Ctx {
        settings: &app.settings,
        town: &town,
        mail_domain: "127.0.0.1",
    };
    let filed = voix::requests::file(
        &mut tx,
        ctx,
        &checked,
        &[],
        Reporter::Account(&user),
        Language::Fr,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (filed.id, filed.token)
}

async fn comments(app: &TestApp, request_id: &str) -> Vec<Event> {
    let mut tx = app.db.read().await.unwrap();
    let events = voix::repo::requests::events(&mut tx, request_id)
        .await
        .unwrap();
    events.into_iter().filter(|e| e.kind == "comment").collect()
}

/// `Reply-To` and `Message-ID` of the newest `.eml` the file transport wrote to `to`.
async fn notification_headers(app: &TestApp, to: &str) -> (String, String) {
    use mailparse::MailHeaderMap;
    app.wait_for_mail(to, 1).await;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(app.mail_dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let parsed = mailparse::parse_mail(&bytes).unwrap();
        let h = |n: &str| parsed.headers.get_first_value(n).unwrap_or_default();
        if h("To").contains(to) {
            found.push((h("Reply-To"), h("Message-ID")));
        }
    }
    assert_eq!(found.len(), 1, "one notification to {to}");
    found.remove(0)
}

/// A reply as mail clients send it (CRLF line ends).
fn message(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = String::new();
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Date: Tue, 3 Jun 2025 10:30:00 +0200\r\nMIME-Version: 1.0\r\n");
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
    {
        out.push_str(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n",
        );
    }
    out.push_str("\r\n");
    out.push_str(&body.replace("\r\n", "\n").replace('\n', "\r\n"));
    out.into_bytes()
}

const GMAIL_STYLE_BODY: &str = "Le trou est toujours là ce matin.\n\
Il s'agrandit.\n\
\n\
-- \n\
Camille Martin\n\
\n\
Le mar. 3 juin 2025 à 10:12, Mairie <voix@mairie.test> a écrit :\n\
> Bonjour,\n\
> Votre demande a bien été enregistrée.\n";

async fn replies_become_comments_once(backend: Backend) {
    let dovecot = Dovecot::start(PASS, "");
    let app = spawn_app_with(backend, |s| s.imap = Some(dovecot.settings(ImapTls::Tls))).await;
    let (request_id, token) = file_request(&app, REPORTER).await;

    // The confirmation can be answered: its Reply-To and Message-ID carry the token.
    let (reply_to, message_id) = notification_headers(&app, REPORTER).await;
    assert_eq!(reply_to, format!("voix+{token}@mairie.test"));
    assert!(
        message_id.starts_with(&format!("<voix.r.{token}.")),
        "{message_id}"
    );

    let mut imap = dovecot.client(PASS).await;
    // 1. An answer to the plus address (sender case and display name do not matter).
    let to = format!("Mairie <voix+{token}@mairie.test>");
    let first = message(
        &[
            ("From", "Camille Martin <Camille@Example.fr>"),
            ("To", &to),
            ("Subject", "Re: Votre demande"),
            ("Message-ID", "<reply-1@example.fr>"),
            ("In-Reply-To", &message_id),
        ],
        GMAIL_STYLE_BODY,
    );
    append(&mut imap, &first).await;
    eventually("the first comment", &dovecot, || async {
        comments(&app, &request_id).await.len() == 1
    })
    .await;
    let c = comments(&app, &request_id).await;
    assert_eq!(c[0].source, "email");
    assert_eq!(
        c[0].body,
        "Le trou est toujours là ce matin.\nIl s'agrandit."
    );
    assert_eq!(c[0].actor_name.as_deref(), Some("Agent"));
    wait_counts(&dovecot, &mut imap, (0, 1, 0), "the first reply filed").await;

    // 2. Matched by In-Reply-To only (sent to the bare mailbox address), HTML only.
    let second = message(
        &[
            ("From", REPORTER),
            ("To", "voix@mairie.test"),
            ("Subject", "RE: Votre demande"),
            ("Message-ID", "<reply-2@example.fr>"),
            ("In-Reply-To", &message_id),
            ("Content-Type", "text/html; charset=utf-8"),
        ],
        "<html><body><p>Merci, c&rsquo;est r&eacute;par&eacute;&nbsp;!</p>\
         <div style=\"border-top:solid #E1E1E1 1.0pt\"><p><b>De&nbsp;:</b> Mairie<br>\
         <b>Envoy&eacute;&nbsp;:</b> mardi 3 juin 2025<br><b>Objet&nbsp;:</b> Votre demande</p></div>\
         <p>Bonjour,</p></body></html>",
    );
    append(&mut imap, &second).await;
    eventually("the second comment", &dovecot, || async {
        comments(&app, &request_id).await.len() == 2
    })
    .await;
    assert_eq!(
        comments(&app, &request_id).await[1].body,
        "Merci, c’est réparé !"
    );

    // 3. The first message delivered again (same Message-ID): filed, not appended twice.
    append(&mut imap, &first).await;
    wait_counts(&dovecot, &mut imap, (0, 3, 0), "the duplicate filed").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(comments(&app, &request_id).await.len(), 2);
    // UID MOVE: the worker never flagged anything `\Deleted` itself.
    assert!(!dovecot.log().contains("deleted=1"), "{}", dovecot.log());
    let processed = messages(&mut imap, PROCESSED.1).await;
    assert_eq!(processed.len(), 3);
    assert_eq!(
        processed
            .iter()
            .filter(|m| m.contains("<reply-1@example.fr>"))
            .count(),
        2
    );

    let mut tx = app.db.read().await.unwrap();
    let rows: Vec<(String, String, Option<String>)> = voix::on_db!(&mut tx, |c| sqlx::query_as(
        "select message_id, outcome, request_id from inbound_messages order by message_id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    drop(tx);
    assert_eq!(
        rows,
        vec![
            (
                "<reply-1@example.fr>".to_owned(),
                "appended".to_owned(),
                Some(request_id.clone())
            ),
            (
                "<reply-2@example.fr>".to_owned(),
                "appended".to_owned(),
                Some(request_id.clone())
            ),
        ]
    );
    let _ = imap.logout().await;
    let mut app = app;
    app.stop().await;
}

async fn suspicious_mail_goes_to_review(backend: Backend) {
    let dovecot = Dovecot::start(PASS, "");
    let app = spawn_app_with(backend, |s| s.imap = Some(dovecot.settings(ImapTls::Tls))).await;
    let (request_id, token) = file_request(&app, REPORTER).await;
    let to = format!("voix+{token}@mairie.test");
    let mut imap = dovecot.client(PASS).await;

    let suspicious = [
        // Someone else answering with the token.
        message(
            &[
                ("From", "intrus@example.org"),
                ("To", &to),
                ("Message-ID", "<s1@x>"),
            ],
            "Je ne suis pas le demandeur.",
        ),
        // A token no request has.
        message(
            &[
                ("From", REPORTER),
                ("To", "voix+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@mairie.test"),
                ("Message-ID", "<s2@x>"),
            ],
            "Une réponse égarée.",
        ),
        // The reporter's vacation responder.
        message(
            &[
                ("From", REPORTER),
                ("To", &to),
                ("Auto-Submitted", "auto-replied"),
                ("Message-ID", "<s3@x>"),
            ],
            "Je suis absente jusqu'au 15 juin.",
        ),
        // A bounce.
        message(
            &[
                ("Return-Path", "<>"),
                ("From", REPORTER),
                ("To", &to),
                ("Message-ID", "<s4@x>"),
            ],
            "Undeliverable.",
        ),
        // No token anywhere.
        message(
            &[
                ("From", REPORTER),
                ("To", "voix@mairie.test"),
                ("Message-ID", "<s5@x>"),
            ],
            "Bonjour, une nouvelle demande ?",
        ),
        // Nothing but quoted text.
        message(
            &[("From", REPORTER), ("To", &to), ("Message-ID", "<s6@x>")],
            "Le 3 juin 2025 à 10:12, Mairie a écrit :\n> Bonjour\n",
        ),
        // Not an email at all.
        b"this is not\r\nan email\r\n".to_vec(),
    ];
    for raw in &suspicious {
        append(&mut imap, raw).await;
    }
    let n = suspicious.len() as u32;
    wait_counts(
        &dovecot,
        &mut imap,
        (0, 0, n),
        "every suspicious message in review",
    )
    .await;
    assert!(comments(&app, &request_id).await.is_empty());

    // A blocked reporter's reply goes to review too (the comment rules refuse it).
    let (town_id, user_id) = {
        let mut tx = app.db.begin().await.unwrap();
        let town = towns::ensure_default(&mut tx, "x").await.unwrap();
        let user = users::by_email(&mut tx, &town.id, REPORTER)
            .await
            .unwrap()
            .unwrap();
        voix::repo::requests::set_blocked(&mut tx, &town.id, &user.id, Some("abus"), 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        (town.id, user.id)
    };
    let reply = |id: &str| {
        message(
            &[("From", REPORTER), ("To", &to), ("Message-ID", id)],
            "Le trou est toujours là.",
        )
    };
    append(&mut imap, &reply("<blocked@x>")).await;
    wait_counts(
        &dovecot,
        &mut imap,
        (0, 0, n + 1),
        "the blocked reply in review",
    )
    .await;
    assert!(comments(&app, &request_id).await.is_empty());

    // Unblocked, the worker (still running after all this) appends the next reply.
    {
        let mut tx = app.db.begin().await.unwrap();
        voix::repo::requests::set_blocked(&mut tx, &town_id, &user_id, None, 2)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    append(&mut imap, &reply("<ok@x>")).await;
    eventually("the reply appended", &dovecot, || async {
        comments(&app, &request_id).await.len() == 1
    })
    .await;
    wait_counts(&dovecot, &mut imap, (0, 1, n + 1), "the reply filed").await;
    // Nothing lost: every delivered message is in exactly one folder.
    let review = messages(&mut imap, REVIEW.1).await;
    for id in [
        "<s1@x>",
        "<s2@x>",
        "<s3@x>",
        "<s4@x>",
        "<s5@x>",
        "<s6@x>",
        "<blocked@x>",
    ] {
        assert_eq!(
            review.iter().filter(|m| m.contains(id)).count(),
            1,
            "{id} in review"
        );
    }
    assert!(review.iter().any(|m| m.starts_with("this is not")));

    let mut tx = app.db.read().await.unwrap();
    let outcomes: Vec<(String, String)> = voix::on_db!(&mut tx, |c| sqlx::query_as(
        "select message_id, outcome from inbound_messages where message_id in ('<blocked@x>', '<ok@x>', '<s1@x>')
         order by message_id"
    )
    .fetch_all(c)
    .await)
    .unwrap();
    drop(tx);
    assert_eq!(
        outcomes,
        vec![
            ("<blocked@x>".to_owned(), "review".to_owned()),
            ("<ok@x>".to_owned(), "appended".to_owned()),
            ("<s1@x>".to_owned(), "review".to_owned()),
        ]
    );
    let _ = imap.logout().await;
    let mut app = app;
    app.stop().await;
}

/// STARTTLS on the plain port, a server without MOVE nor UIDPLUS (copy, flag, expunge), and a
/// wrong password at first: the app keeps serving, and picks the mail up once it is fixed.
async fn starttls_without_move_and_a_password_fixed_later(backend: Backend) {
    let dovecot = Dovecot::start(
        "not-the-configured-one",
        "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+",
    );
    let app = spawn_app_with(backend, |s| {
        s.imap = Some(dovecot.settings(ImapTls::Starttls))
    })
    .await;
    let (request_id, token) = file_request(&app, REPORTER).await;
    let mut imap = dovecot.client("not-the-configured-one").await;
    let reply = message(
        &[
            ("From", REPORTER),
            ("To", &format!("voix+{token}@mairie.test")),
            ("Message-ID", "<late@x>"),
        ],
        "Toujours pas réparé.\n\nEnvoyé de mon iPhone\n",
    );
    append(&mut imap, &reply).await;
    let _ = imap.logout().await;

    // Failed logins: nothing happens, the app still answers.
    eventually("a refused login", &dovecot, || async {
        dovecot.log().contains("auth failed") || dovecot.log().contains("Login aborted")
    })
    .await;
    assert!(comments(&app, &request_id).await.is_empty());
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);

    dovecot.set_password(PASS);
    eventually("the reply appended", &dovecot, || async {
        comments(&app, &request_id).await.len() == 1
    })
    .await;
    assert_eq!(
        comments(&app, &request_id).await[0].body,
        "Toujours pas réparé."
    );
    let mut imap = dovecot.client(PASS).await;
    wait_counts(
        &dovecot,
        &mut imap,
        (0, 1, 0),
        "the reply moved by copy and expunge",
    )
    .await;
    // Dovecot's logout summary: the worker flagged and expunged (no MOVE advertised).
    assert!(
        dovecot.log().contains("deleted=1 expunged=1"),
        "{}",
        dovecot.log()
    );
    let _ = imap.logout().await;
    let mut app = app;
    app.stop().await;
}
