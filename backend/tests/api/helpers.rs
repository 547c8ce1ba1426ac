//! Test harness: boots the real application on a random port with its own database (a SQLite
//! file in a temporary folder, or a fresh PostgreSQL database), the file mail transport in its
//! data folder, and fast outbox polling. Helpers speak HTTP like the SPA does.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use reqwest::header::ORIGIN;
use serde_json::{Value, json};
use tempfile::TempDir;
use voix::app::Application;
use voix::config::{Secret, Settings};
use voix::db::Db;

/// Runs each named `async fn(Backend)` as two tests, `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "un mot de passe solide";

/// The PostgreSQL server used by tests (trust auth on this machine).
pub fn pg_admin_url() -> String {
    std::env::var("VOIX_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A database of its own for one test, dropped afterwards.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend, dir: &std::path::Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: Db::sqlite_url_in(dir),
                pg_name: None,
            },
            Backend::Postgres => {
                let name = format!("voix_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Db::connect(&format!("{}/postgres", pg_admin_url()))
                    .await
                    .expect("PostgreSQL must run on 127.0.0.1:5432 for the tests (see .ci/run)");
                if let Db::Postgres(pool) = &admin {
                    sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
                        .execute(pool)
                        .await
                        .unwrap();
                }
                admin.close().await;
                Self {
                    url: format!("{}/{name}", pg_admin_url()),
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs outside async code: use a short-lived runtime on its own thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(Db::Postgres(pool)) =
                    Db::connect(&format!("{}/postgres", pg_admin_url())).await
                {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name} with (force)"
                    )))
                    .execute(&pool)
                    .await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

pub struct TestApp {
    pub port: u16,
    /// The operator's `/metrics` listener, when the settings ask for one.
    pub metrics_port: Option<u16>,
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub settings: Settings,
    shutdown: tokio::sync::watch::Sender<bool>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _db: TestDb,
    _dir: TempDir,
}

/// Host names of the extra towns tests create; the test client resolves them to loopback.
pub const TEST_HOSTS: [&str; 2] = ["ville-a.test", "ville-b.test"];

/// A port free now, for servers started by another process or component (an SMTP or LDAP
/// server, a second node): it may be taken before they bind it, so the application under test
/// gets its listener bound instead ([`spawn_app_seeded`]).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn client_for(port: u16) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none());
    for host in TEST_HOSTS {
        builder = builder.resolve(host, SocketAddr::from(([127, 0, 0, 1], port)));
    }
    builder.build().unwrap()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Boots an app; `tweak` adjusts the settings first (SMTP, limits…).
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_seeded(backend, tweak, |_, _| async {}).await
}

/// Like [`spawn_app_with`], with `seed` run on the built application before it serves and
/// before its workers start (as `voix serve --demo` does).
pub async fn spawn_app_seeded<F, Fut>(
    backend: Backend,
    tweak: impl FnOnce(&mut Settings),
    seed: F,
) -> TestApp
where
    F: FnOnce(Db, Settings) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    // Bound here and handed to the app: the port is never free for another test to take.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut settings = Settings::with_defaults(dir.path().to_path_buf());
    settings.database_url = Secret::new(test_db.url.clone());
    settings.listen = SocketAddr::from(([127, 0, 0, 1], port));
    settings.public_url = format!("http://127.0.0.1:{port}").parse().unwrap();
    settings.static_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist");
    settings.outbox.poll_interval = Duration::from_millis(50);
    settings.outbox.retry_base = Duration::from_millis(100);
    settings.outbox.retry_max = Duration::from_millis(500);
    tweak(&mut settings);
    let app = Application::build_on(settings.clone(), listener)
        .await
        .expect("the app builds");
    seed(app.db().clone(), settings.clone()).await;
    start(app, settings, test_db, dir)
}

fn start(app: Application, settings: Settings, test_db: TestDb, dir: TempDir) -> TestApp {
    let port = app.port();
    let metrics_port = app.metrics_port();
    let db = app.db().clone();
    let shutdown = app.shutdown_handle();
    let server = tokio::spawn(app.run_until_stopped());
    TestApp {
        port,
        metrics_port,
        base: format!("http://127.0.0.1:{port}"),
        client: client_for(port),
        db,
        settings,
        shutdown,
        server: Some(server),
        _db: test_db,
        _dir: dir,
    }
}

impl TestApp {
    /// The one integer a raw SQL query returns (test assertions only).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let mut tx = self.db.read().await.unwrap();
        voix::on_db!(&mut tx, |c| sqlx::query_scalar::<_, i64>(
            sqlx::AssertSqlSafe(sql.to_owned())
        )
        .fetch_one(c)
        .await)
        .unwrap()
    }

    /// The text column of every row a raw SQL query returns (test assertions only).
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        let mut tx = self.db.read().await.unwrap();
        voix::on_db!(&mut tx, |c| sqlx::query_scalar::<_, String>(
            sqlx::AssertSqlSafe(sql.to_owned())
        )
        .fetch_all(c)
        .await)
        .unwrap()
    }

    /// Runs one SQL statement that writes (test set-up and simulated faults only).
    pub async fn execute(&self, sql: &str) {
        let mut tx = self.db.begin().await.unwrap();
        voix::on_db!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(
            sql.to_owned()
        ))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The URL of `path` on a town host.
    pub fn url_on(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    pub fn origin(&self) -> String {
        self.base.clone()
    }

    /// POST JSON as the SPA does (same-origin `Origin` header).
    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header(ORIGIN, self.origin())
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn register(&self, email: &str, lang: &str) -> reqwest::Response {
        self.post(
            "/api/v1/auth/register",
            &json!({"email": email, "password": PASSWORD, "display_name": "Camille Test", "language": lang}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers, follows the emailed link, logs in. Returns nothing; the client holds the cookie.
    pub async fn signed_up(&self, email: &str) {
        assert_eq!(self.register(email, "fr").await.status(), 202);
        let token = self.token_from_mail(email, "verify-email").await;
        let r = self
            .post("/api/v1/auth/verify-email", &json!({"token": token}))
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let r = self.login(email, PASSWORD).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    /// True when, after a short wait, no mail was sent to `to`.
    pub async fn wait_for_mail_quiet(&self, to: &str) -> bool {
        tokio::time::sleep(Duration::from_millis(400)).await;
        read_mails(&self.mail_dir(), to).is_empty()
    }

    /// Creates a confirmed account directly in the database (as `voix admin create-user` does).
    pub async fn create_user(
        &self,
        town_slug: Option<&str>,
        email: &str,
        role: protocol::api::Role,
    ) -> String {
        let hash = voix::auth::password::hash(PASSWORD.to_owned())
            .await
            .unwrap();
        let mut tx = self.db.begin().await.unwrap();
        let town = match town_slug {
            Some(slug) => voix::repo::towns::by_slug(&mut tx, slug)
                .await
                .unwrap()
                .unwrap(),
            None => voix::repo::towns::ensure_default(&mut tx, "x")
                .await
                .unwrap(),
        };
        let user = voix::repo::users::insert(
            &mut tx,
            &voix::repo::users::NewUser {
                town_id: &town.id,
                email,
                display_name: "Agent",
                password_hash: &hash,
                language: protocol::api::Language::Fr,
                role,
                verified: true,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        user.id
    }

    /// Adds the two test towns, `ville-a` and `ville-b`, on their test hosts.
    pub async fn add_test_towns(&self) {
        for (slug, name, host) in [
            ("ville-a", "Ville A", TEST_HOSTS[0]),
            ("ville-b", "Ville B", TEST_HOSTS[1]),
        ] {
            voix::towns::create_town_with_hosts(
                &self.db,
                &self.settings,
                slug,
                name,
                &[host.to_owned()],
                None,
            )
            .await
            .unwrap();
        }
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.settings.mail_dir()
    }

    /// Waits for `count` messages to `to` in the mail folder and returns them, oldest first.
    pub async fn wait_for_mail(&self, to: &str, count: usize) -> Vec<Mail> {
        wait_for_mail_in(&self.mail_dir(), to, count).await
    }

    /// The token of the newest `<public url>/<path>?token=…` link sent to `to`.
    pub async fn token_from_mail(&self, to: &str, path: &str) -> String {
        let needle = format!("/{path}?token=");
        for _ in 0..100 {
            let mails = read_mails(&self.mail_dir(), to);
            if let Some(token) = mails.iter().rev().find_map(|m| m.link_token(&needle)) {
                return token;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} with a {path} link");
    }
}

/// One parsed email.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub modified: std::time::SystemTime,
}

impl Mail {
    pub fn link_token(&self, needle: &str) -> Option<String> {
        let start = self.text.find(needle)? + needle.len();
        let token: String = self.text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        Some(token)
    }
}

/// Parses every `.eml` file in `dir` addressed to `to` (all when `to` is empty).
pub fn read_mails(dir: &std::path::Path, to: &str) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut mails: Vec<Mail> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let modified = e.metadata().ok()?.modified().ok()?;
            parse_mail(&bytes, modified)
        })
        .filter(|m| to.is_empty() || m.to.contains(to))
        .collect();
    mails.sort_by_key(|m| m.modified);
    mails
}

pub fn parse_mail(bytes: &[u8], modified: std::time::SystemTime) -> Option<Mail> {
    use mailparse::MailHeaderMap;
    let parsed = mailparse::parse_mail(bytes).ok()?;
    let header = |name: &str| parsed.headers.get_first_value(name).unwrap_or_default();
    let mut text = String::new();
    let mut html = String::new();
    for part in parsed.subparts.iter().chain(std::iter::once(&parsed)) {
        let body = part.get_body().unwrap_or_default();
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = body,
            "text/html" => html = body,
            _ => {}
        }
    }
    Some(Mail {
        to: header("To"),
        subject: header("Subject"),
        message_id: header("Message-ID"),
        text,
        html,
        modified,
    })
}

pub async fn wait_for_mail_in(dir: &std::path::Path, to: &str, count: usize) -> Vec<Mail> {
    for _ in 0..200 {
        let mails = read_mails(dir, to);
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let found = read_mails(dir, to).len();
    panic!(
        "expected {count} mails to {to:?} in {}, found {found}",
        dir.display()
    );
}

/// Reads a JSON body, failing with the body text when it is not JSON.
pub async fn json(r: reqwest::Response) -> Value {
    let text = r.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// A signed-in browser on one host, with its own cookie jar: several people at once.
#[derive(Debug, Clone)]
pub struct Session {
    pub client: reqwest::Client,
    pub base: String,
}

impl Session {
    /// Signs `email` in on `host` (`None`: the default town).
    pub async fn login(app: &TestApp, host: Option<&str>, email: &str) -> Self {
        let s = Self::anonymous(app, host);
        let r = s
            .post(
                "/api/v1/auth/login",
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        s
    }

    /// A browser without a session.
    pub fn anonymous(app: &TestApp, host: Option<&str>) -> Self {
        let base = match host {
            Some(h) => format!("http://{h}:{}", app.port),
            None => app.base.clone(),
        };
        Self {
            client: client_for(app.port),
            base,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the same-origin `Origin` header the SPA's requests carry.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header(ORIGIN, &self.base)
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::PUT, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::DELETE, path)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// The `voix` binary built for these tests (for tests that run real processes).
pub const VOIX: &str = env!("CARGO_BIN_EXE_voix");

/// `voix admin create-user` as an operator runs it: a confirmed account, [`PASSWORD`] on stdin.
pub fn cli_create_user(dir: &std::path::Path, url: &str, email: &str, role: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(VOIX)
        .args(["admin", "create-user", "--data-dir"])
        .arg(dir)
        .args(["--database-url", url, "--email", email, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until a `voix serve` process at `base` answers `/healthz`.
pub async fn wait_healthy(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("voix serve did not become healthy at {base}");
}

/// A client signed in as `email` at `base` (cookie store), sending the `Origin` the CSRF check
/// wants.
pub async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ORIGIN, base.parse().unwrap());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap();
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "login {email}: {}",
        r.text().await.unwrap()
    );
    client
}
