//! Staff login with the town hall's directory, against a real OpenLDAP `slapd` started on
//! loopback for each test (Debian packages `slapd` and `ldap-utils`), with TLS (LDAPS and
//! StartTLS) on a test certificate, an Active Directory-like schema (`user` entries with
//! `sAMAccountName`, `userPrincipalName`, `userAccountControl`) and the `memberof` overlay.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use protocol::api::Role;
use serde_json::{Value, json};
use tempfile::TempDir;
use voix::directory::{GroupSearch, LdapSettings};
use voix::repo::{audit, towns, users};

use crate::helpers::{Backend, PASSWORD, TestApp, client_for, free_port, json, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    ldaps_login_creates_then_updates_a_staff_account,
    starttls_login_with_group_search_by_member,
    wrong_password_unknown_user_and_injection_are_refused,
    removal_from_the_staff_group_disables_the_account,
    unreachable_directory_is_503_and_local_login_still_works,
    untrusted_certificate_is_refused,
    directory_logins_are_throttled,
);

const SUFFIX: &str = "dc=mairie,dc=local";
const ROOT_DN: &str = "cn=admin,dc=mairie,dc=local";
const ROOT_PW: &str = "root-secret";
const SVC_DN: &str = "cn=svc-voix,ou=Users,dc=mairie,dc=local";
const SVC_PW: &str = "service-secret";
const ALICE_DN: &str = "cn=Alice Martin,ou=Users,dc=mairie,dc=local";
const ALICE_PW: &str = "alice-password";
const BRUNO_PW: &str = "bruno-password";
const AGENTS: &str = "cn=Voix-Agents,ou=Groups,dc=mairie,dc=local";
const ELUS: &str = "cn=Voix-Elus,ou=Groups,dc=mairie,dc=local";

/// Just enough of Active Directory's schema for the default search filter and the
/// disabled-account bit (private test OIDs).
const AD_LIKE_SCHEMA: &str = "\
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch \
 SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch \
 SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'userAccountControl' EQUALITY integerMatch \
 SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'user' SUP inetOrgPerson STRUCTURAL \
 MAY ( sAMAccountName $ userPrincipalName $ userAccountControl ) )
";

fn seed_ldif() -> String {
    format!(
        "dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: mairie
o: Mairie

dn: ou=Users,{SUFFIX}
objectClass: organizationalUnit
ou: Users

dn: ou=Groups,{SUFFIX}
objectClass: organizationalUnit
ou: Groups

dn: {SVC_DN}
objectClass: user
cn: svc-voix
sn: svc
userPassword: {SVC_PW}

dn: {ALICE_DN}
objectClass: user
cn: Alice Martin
sn: Martin
displayName: Alice Martin
sAMAccountName: amartin
userPrincipalName: amartin@mairie.local
mail: alice.martin@mairie.example
userPassword: {ALICE_PW}
userAccountControl: 512

dn: cn=Bruno Petit,ou=Users,{SUFFIX}
objectClass: user
cn: Bruno Petit
sn: Petit
displayName: Bruno Petit
sAMAccountName: bpetit
userPrincipalName: bpetit@mairie.local
mail: bruno.petit@mairie.example
userPassword: {BRUNO_PW}
userAccountControl: 512

dn: cn=Chloe Blanc,ou=Users,{SUFFIX}
objectClass: user
cn: Chloe Blanc
sn: Blanc
sAMAccountName: cblanc
mail: chloe.blanc@mairie.example
userPassword: chloe-password
userAccountControl: 514

dn: cn=Denis Roux,ou=Users,{SUFFIX}
objectClass: user
cn: Denis Roux
sn: Roux
sAMAccountName: droux
mail: denis.roux@mairie.example
userPassword: denis-password

dn: {AGENTS}
objectClass: groupOfNames
cn: Voix-Agents
member: {ALICE_DN}
member: cn=Chloe Blanc,ou=Users,{SUFFIX}

dn: {ELUS}
objectClass: groupOfNames
cn: Voix-Elus
member: cn=Bruno Petit,ou=Users,{SUFFIX}
"
    )
}

/// A throwaway OpenLDAP server: plain LDAP (for StartTLS) and LDAPS on two loopback ports.
struct Directory {
    dir: TempDir,
    child: Option<Child>,
    ldap_port: u16,
    ldaps_port: u16,
    cert: PathBuf,
}

impl Directory {
    fn start() -> Self {
        let slapd = Path::new("/usr/sbin/slapd");
        assert!(
            slapd.exists(),
            "the LDAP tests need OpenLDAP: apt-get install slapd ldap-utils"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("db")).unwrap();
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
        std::fs::write(root.join("ad-like.schema"), AD_LIKE_SCHEMA).unwrap();
        let conf = format!(
            "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include {root}/ad-like.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {root}/slapd.pid
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
database mdb
maxsize 10485760
suffix \"{SUFFIX}\"
rootdn \"{ROOT_DN}\"
rootpw {ROOT_PW}
directory {root}/db
overlay memberof
",
            root = root.display(),
            cert = cert_path.display(),
            key = key_path.display(),
        );
        std::fs::write(root.join("slapd.conf"), conf).unwrap();
        let mut directory = Self {
            child: None,
            ldap_port: free_port(),
            ldaps_port: free_port(),
            cert: cert_path,
            dir,
        };
        directory.spawn();
        directory.ldap_tool("ldapadd", &seed_ldif());
        directory
    }

    fn spawn(&mut self) {
        let root = self.dir.path();
        let urls = format!(
            "ldap://127.0.0.1:{}/ ldaps://127.0.0.1:{}/",
            self.ldap_port, self.ldaps_port
        );
        // `-d 0`: stay in the foreground, so the child is slapd itself.
        let child = Command::new("/usr/sbin/slapd")
            .arg("-f")
            .arg(root.join("slapd.conf"))
            .args(["-h", &urls, "-d", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start slapd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", self.ldaps_port)).is_err()
            || TcpStream::connect(("127.0.0.1", self.ldap_port)).is_err()
        {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("slapd exited at start: {status}");
            }
            assert!(Instant::now() < deadline, "slapd did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `ldapadd` or `ldapmodify` as the directory's administrator.
    fn ldap_tool(&self, tool: &str, ldif: &str) {
        let mut child = Command::new(tool)
            .args(["-x", "-H", &format!("ldap://127.0.0.1:{}", self.ldap_port)])
            .args(["-D", ROOT_DN, "-w", ROOT_PW])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{tool} (apt-get install ldap-utils): {e}"));
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ldif.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            let _ = child.wait();
        }
    }

    fn base(&self, url: String) -> LdapSettings {
        let mut s = LdapSettings::new(url, SUFFIX);
        s.ca_file = Some(self.cert.clone());
        s.bind_dn = Some(SVC_DN.into());
        s.bind_password = Some(voix::config::Secret::new(SVC_PW));
        s.id_attribute = "entryUUID".into();
        s.groups.staff = vec![AGENTS.to_uppercase()];
        s.groups.official = vec![ELUS.into()];
        s.timeout = Duration::from_secs(3);
        s
    }

    /// LDAPS, groups read from `memberOf` (the Active Directory defaults).
    fn ldaps(&self) -> LdapSettings {
        self.base(format!("ldaps://127.0.0.1:{}", self.ldaps_port))
    }

    /// LDAP upgraded with StartTLS, groups found by searching `groupOfNames`.
    fn starttls(&self) -> LdapSettings {
        let mut s = self.base(format!("ldap://127.0.0.1:{}", self.ldap_port));
        s.starttls = true;
        s.group_search = GroupSearch::Member;
        s.group_base_dn = Some(format!("ou=Groups,{SUFFIX}"));
        s.group_filter = "(&(objectClass=groupOfNames)(member={dn}))".into();
        s
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn directory_login(
    client: &reqwest::Client,
    app: &TestApp,
    login: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/api/v1/auth/directory-login"))
        .header("origin", app.origin())
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn expect_error(r: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status(), status);
    let body = json(r).await;
    assert_eq!(body["error"], code, "{body}");
    assert!(!body["message"].as_str().unwrap().is_empty());
    body
}

async fn user_count(app: &TestApp) -> usize {
    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    users::list(&mut tx, &town.id, 1000, 0).await.unwrap().len()
}

async fn user_by_email(app: &TestApp, email: &str) -> Option<users::User> {
    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    users::by_email(&mut tx, &town.id, email).await.unwrap()
}

async fn ldaps_login_creates_then_updates_a_staff_account(backend: Backend) {
    let directory = Directory::start();
    let settings = directory.ldaps();
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    let before = user_count(&app).await;
    // The login page learns from the town that the directory login is offered.
    assert_eq!(
        json(app.get("/api/v1/town").await).await["directory_login"],
        true
    );

    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(me["role"], "staff");
    assert_eq!(me["email"], "alice.martin@mairie.example");
    assert_eq!(me["display_name"], "Alice Martin");
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["directory_managed"], true);
    // Staff must use a second factor: the session is restricted to enrolment, as for a
    // password login.
    assert_eq!(me["totp_required"], true);
    let r = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let id = me["id"].as_str().unwrap().to_owned();
    assert_eq!(user_count(&app).await, before + 1);
    let stored = user_by_email(&app, "alice.martin@mairie.example")
        .await
        .unwrap();
    assert_eq!(stored.auth_source, "ldap");
    assert!(stored.directory_id.is_some());

    // The same person by UPN and by email: the same account.
    for login in [
        "amartin@mairie.local",
        "alice.martin@mairie.example",
        " AMARTIN ",
    ] {
        let r = directory_login(&client_for(app.port), &app, login, ALICE_PW).await;
        assert_eq!(r.status(), 200, "{login}");
        assert_eq!(json(r).await["id"], id.as_str());
    }
    assert_eq!(user_count(&app).await, before + 1);

    // A renamed email updates the account instead of creating a second one.
    directory.ldap_tool(
        "ldapmodify",
        &format!(
            "dn: {ALICE_DN}\nchangetype: modify\nreplace: mail\nmail: alice.durand@mairie.example\n"
        ),
    );
    let r = directory_login(&client_for(app.port), &app, "amartin", ALICE_PW).await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(me["id"], id.as_str());
    assert_eq!(me["email"], "alice.durand@mairie.example");
    assert_eq!(user_count(&app).await, before + 1);

    // A directory account has no local password: the password login and a reset refuse it.
    for password in [ALICE_PW, PASSWORD, "!directory"] {
        let r = app.login("alice.durand@mairie.example", password).await;
        expect_error(r, 401, "invalid_credentials").await;
    }
    let r = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": "alice.durand@mairie.example"}),
        )
        .await;
    assert_eq!(r.status(), 202);
    assert!(app.wait_for_mail_quiet("alice.durand@mairie.example").await);

    // The creation is in the audit log.
    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    let log = audit::list(&mut tx, &town.id).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "user.directory_created" && e.target == id)
    );
}

async fn starttls_login_with_group_search_by_member(backend: Backend) {
    let directory = Directory::start();
    let settings = directory.starttls();
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    let r = directory_login(&app.client, &app, "bpetit", BRUNO_PW).await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(me["role"], "official");
    let r = directory_login(&client_for(app.port), &app, "amartin", ALICE_PW).await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["role"], "staff");
    let r = directory_login(&client_for(app.port), &app, "amartin", "wrong-password").await;
    expect_error(r, 401, "invalid_credentials").await;
}

async fn wrong_password_unknown_user_and_injection_are_refused(backend: Backend) {
    let directory = Directory::start();
    let settings = directory.ldaps();
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    let before = user_count(&app).await;

    let wrong = expect_error(
        directory_login(&app.client, &app, "amartin", "wrong-password").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = expect_error(
        directory_login(&app.client, &app, "nobody", "whatever-password").await,
        401,
        "invalid_credentials",
    )
    .await;
    // Same answer: nothing tells a wrong password from an unknown login.
    assert_eq!(wrong, unknown);
    // An empty password would be an unauthenticated bind, which LDAP servers accept.
    for password in ["", " "] {
        let r = directory_login(&app.client, &app, "amartin", password).await;
        expect_error(r, 401, "invalid_credentials").await;
    }
    expect_error(
        directory_login(&app.client, &app, "", ALICE_PW).await,
        401,
        "invalid_credentials",
    )
    .await;
    // Filter injection: escaped per RFC 4515, each is just an unknown login.
    for login in [
        "*",
        "amartin*",
        "*)(sAMAccountName=*",
        "amartin)(|(objectClass=*",
        "*)(|(mail=*))",
        "amartin)(userPassword=*",
        "\\2a",
        "amartin\\",
        "amartin\u{0}",
        &"x".repeat(300),
    ] {
        let r = directory_login(&app.client, &app, login, ALICE_PW).await;
        expect_error(r, 401, "invalid_credentials").await;
    }
    // The service account has no login name the filter knows: an unknown login.
    let r = directory_login(&app.client, &app, "svc-voix", SVC_PW).await;
    expect_error(r, 401, "invalid_credentials").await;
    assert_eq!(user_count(&app).await, before);

    // Like the password login, the directory login needs the town's own origin.
    let r = app
        .client
        .post(app.url("/api/v1/auth/directory-login"))
        .header("origin", "https://evil.example")
        .json(&json!({"login": "amartin", "password": ALICE_PW}))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "csrf").await;
    // Unknown fields are refused like everywhere else.
    let r = app
        .post(
            "/api/v1/auth/directory-login",
            &json!({"login": "amartin", "password": ALICE_PW, "filter": "(uid=*)"}),
        )
        .await;
    expect_error(r, 400, "invalid_body").await;
}

async fn removal_from_the_staff_group_disables_the_account(backend: Backend) {
    let directory = Directory::start();
    let settings = directory.ldaps();
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    assert_eq!(r.status(), 200);
    let id = json(r).await["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me").await.status(), 200);

    directory.ldap_tool(
        "ldapmodify",
        &format!("dn: {AGENTS}\nchangetype: modify\ndelete: member\nmember: {ALICE_DN}\n"),
    );
    let r = directory_login(&client_for(app.port), &app, "amartin", ALICE_PW).await;
    expect_error(r, 403, "account_disabled").await;
    let user = user_by_email(&app, "alice.martin@mairie.example")
        .await
        .unwrap();
    assert!(user.disabled);
    // Her open session ended with it.
    expect_error(app.get("/api/v1/me").await, 401, "unauthenticated").await;
    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    let log = audit::list(&mut tx, &town.id).await.unwrap();
    drop(tx);
    assert!(
        log.iter()
            .any(|e| e.action == "user.directory_disabled" && e.target == id)
    );

    // Disabled in the directory itself (userAccountControl bit 0x2): refused as Active
    // Directory refuses the bind (invalid credentials), no account.
    let r = directory_login(&app.client, &app, "cblanc", "chloe-password").await;
    expect_error(r, 401, "invalid_credentials").await;
    assert!(
        user_by_email(&app, "chloe.blanc@mairie.example")
            .await
            .is_none()
    );
    // In no mapped group at all: refused, no account.
    let r = directory_login(&app.client, &app, "droux", "denis-password").await;
    expect_error(r, 403, "account_disabled").await;
    assert!(
        user_by_email(&app, "denis.roux@mairie.example")
            .await
            .is_none()
    );

    // Someone with a Voix account later disabled in the directory: the next attempt (refused
    // before any password check, as AD refuses the bind) disables the Voix account and ends
    // its sessions.
    let bruno = client_for(app.port);
    let r = directory_login(&bruno, &app, "bpetit", BRUNO_PW).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        bruno
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    directory.ldap_tool(
        "ldapmodify",
        &format!(
            "dn: cn=Bruno Petit,ou=Users,{SUFFIX}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n"
        ),
    );
    let r = directory_login(&client_for(app.port), &app, "bpetit", "any password at all").await;
    expect_error(r, 401, "invalid_credentials").await;
    let user = user_by_email(&app, "bruno.petit@mairie.example")
        .await
        .unwrap();
    assert!(user.disabled);
    assert_eq!(
        bruno
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn unreachable_directory_is_503_and_local_login_still_works(backend: Backend) {
    let mut directory = Directory::start();
    let settings = directory.ldaps();
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    app.create_user(None, "admin@mairie.example", Role::Admin)
        .await;
    directory.stop();

    let started = Instant::now();
    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    let body = expect_error(r, 503, "directory_unavailable").await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        body["message"].as_str().unwrap().contains("annuaire"),
        "{body}"
    );
    let r = app
        .client
        .post(app.url("/api/v1/auth/directory-login"))
        .header("origin", app.origin())
        .header("accept-language", "en")
        .json(&json!({"login": "amartin", "password": ALICE_PW}))
        .send()
        .await
        .unwrap();
    let body = expect_error(r, 503, "directory_unavailable").await;
    assert!(
        body["message"].as_str().unwrap().contains("directory"),
        "{body}"
    );

    // The local administrator still signs in with a password.
    let r = app.login("admin@mairie.example", PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["role"], "admin");
}

async fn untrusted_certificate_is_refused(backend: Backend) {
    let directory = Directory::start();
    let mut settings = directory.ldaps();
    // The system store does not know the test certificate.
    settings.ca_file = None;
    let app = spawn_app_with(backend, |s| s.ldap = Some(settings)).await;
    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    expect_error(r, 503, "directory_unavailable").await;
}

async fn directory_logins_are_throttled(backend: Backend) {
    let directory = Directory::start();
    let settings = directory.ldaps();
    let app = spawn_app_with(backend, |s| {
        s.ldap = Some(settings);
        s.throttle.login_per_account.max = 3;
    })
    .await;
    for _ in 0..3 {
        let r = directory_login(&app.client, &app, "amartin", "wrong-password").await;
        expect_error(r, 401, "invalid_credentials").await;
    }
    let r = directory_login(&app.client, &app, "AMARTIN", ALICE_PW).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

/// `ldap://` without StartTLS is refused at start unless `allow_plaintext` says otherwise;
/// then it works (on a trusted link only).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_ldap_needs_allow_plaintext() {
    let directory = Directory::start();
    let mut plain = directory.ldaps();
    plain.url = format!("ldap://127.0.0.1:{}", directory.ldap_port);
    let dir = tempfile::tempdir().unwrap();
    let mut settings = voix::config::Settings::with_defaults(dir.path().to_path_buf());
    settings.listen = "127.0.0.1:0".parse().unwrap();
    settings.ldap = Some(plain.clone());
    let err = voix::app::Application::build(settings).await.unwrap_err();
    assert!(
        format!("{err:#}").contains("refusing plain LDAP"),
        "{err:#}"
    );

    plain.allow_plaintext = true;
    let app = spawn_app_with(Backend::Sqlite, |s| s.ldap = Some(plain)).await;
    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    assert_eq!(r.status(), 200);
}

/// Without `[ldap]`, the route does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directory_login_is_absent_without_configuration() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await;
    let r = directory_login(&app.client, &app, "amartin", ALICE_PW).await;
    expect_error(r, 404, "not_found").await;
    assert_eq!(
        json(app.get("/api/v1/town").await).await["directory_login"],
        false
    );
}
