//! The second factor: enrolment, login with a code or a recovery code, replay refusal, the
//! restricted session of staff who have not enrolled, the administrator's reset and its audit
//! entry, and throttling of wrong codes.

use protocol::api::Role;
use serde_json::{Value, json};
use voix::auth::totp;
use voix::repo::{audit, towns};
use voix::time::now;

use crate::helpers::{Backend, PASSWORD, TestApp, client_for, json, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    resident_enrols_then_logs_in_with_codes,
    staff_without_totp_is_restricted_to_enrolment,
    administrator_resets_a_second_factor_with_an_audit_entry,
    wrong_codes_are_throttled_like_passwords,
);

/// One browser: its own cookie jar, speaking to the default town like the SPA.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: client_for(app.port),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, self.app.url(path))
            .header("origin", self.app.origin());
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn login(&self, email: &str, extra: Value) -> reqwest::Response {
        let mut body = json!({"email": email, "password": PASSWORD});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        self.post("/api/v1/auth/login", body).await
    }

    async fn logout(&self) {
        let r = self
            .send(reqwest::Method::POST, "/api/v1/auth/logout", None)
            .await;
        assert_eq!(r.status(), 204);
    }

    /// Enrols and confirms; returns the secret and the recovery codes.
    async fn enrol(&self) -> (Vec<u8>, Vec<String>) {
        let r = self.post("/api/v1/me/totp/enrol", json!({})).await;
        assert_eq!(r.status(), 200);
        let enrolment = json(r).await;
        let secret = totp::decode_secret(enrolment["secret"].as_str().unwrap()).unwrap();
        let code = totp::code_for_time(&secret, now());
        let r = self
            .post("/api/v1/me/totp/confirm", json!({"code": code}))
            .await;
        assert_eq!(r.status(), 200);
        let codes = json(r).await["recovery_codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        (secret, codes)
    }
}

/// A code that has not been used yet: the confirmation (or a previous login) spent the current
/// step, and the server accepts the next one.
fn next_code(secret: &[u8]) -> String {
    totp::code_for_time(secret, now() + totp::STEP_SECS)
}

async fn error_of(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body = json(r).await;
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn resident_enrols_then_logs_in_with_codes(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "totp@example.fr";
    app.signed_up(email).await;
    let me = json(app.get("/api/v1/me").await).await;
    assert_eq!(me["totp_enabled"], false);
    assert_eq!(me["totp_required"], false, "optional for residents");

    // Enrolment shows a secret, its otpauth URI and an SVG QR code.
    let r = app.post("/api/v1/me/totp/enrol", &json!({})).await;
    assert_eq!(r.status(), 200);
    let enrolment = json(r).await;
    let secret_text = enrolment["secret"].as_str().unwrap();
    assert_eq!(secret_text.len(), 32, "160 bits in base32");
    let uri = enrolment["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/totp%40example.fr?secret="),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={secret_text}&")), "{uri}");
    assert!(uri.contains("issuer=Voix%20%E2%80%94%20"), "{uri}");
    let svg = enrolment["qr_svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    let secret = totp::decode_secret(secret_text).unwrap();

    // Pending until confirmed: not enabled yet, and a wrong code does not confirm.
    assert_eq!(
        json(app.get("/api/v1/me").await).await["totp_enabled"],
        false
    );
    let wrong = format!(
        "{:06}",
        (totp::code_for_time(&secret, now()).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let r = app
        .post("/api/v1/me/totp/confirm", &json!({"code": wrong}))
        .await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));
    let code = totp::code_for_time(&secret, now());
    let r = app
        .post("/api/v1/me/totp/confirm", &json!({"code": code}))
        .await;
    assert_eq!(r.status(), 200);
    let recovery: Vec<String> = json(r).await["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert_eq!(
        json(app.get("/api/v1/me").await).await["totp_enabled"],
        true
    );
    // An active second factor is not silently replaced.
    let r = app.post("/api/v1/me/totp/enrol", &json!({})).await;
    assert_eq!(error_of(r).await, (409, "conflict".into()));
    // The secret is stored, the recovery codes only as digests.
    let mut tx = app.db.read().await.unwrap();
    let user_id = json(app.get("/api/v1/me").await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = voix::repo::totp::find(&mut tx, &user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.secret, secret);
    assert!(!format!("{stored:?}").contains(&format!("{:?}", secret)));
    drop(tx);

    let b = Browser::new(&app);
    // The password alone opens no session.
    let r = b.login(email, json!({})).await;
    assert!(r.headers().get("set-cookie").is_none());
    assert_eq!(error_of(r).await, (401, "totp_required".into()));
    assert_eq!(b.get("/api/v1/me").await.status(), 401);
    // A wrong password is still a wrong password, code or not.
    let r = b
        .post(
            "/api/v1/auth/login",
            json!({"email": email, "password": "pas le bon mot de passe", "totp_code": next_code(&secret)}),
        )
        .await;
    assert_eq!(error_of(r).await, (401, "invalid_credentials".into()));
    let r = b.login(email, json!({"totp_code": "000000x"})).await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));
    // The code that confirmed the enrolment has been spent.
    let r = b.login(email, json!({"totp_code": code})).await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));

    let fresh = next_code(&secret);
    let r = b.login(email, json!({"totp_code": fresh})).await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(me["totp_enabled"], true);
    assert_eq!(b.get("/api/v1/me").await.status(), 200);
    b.logout().await;
    // The same code again: refused (replay).
    let r = b.login(email, json!({"totp_code": fresh})).await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));

    // A recovery code works once, however it is typed.
    let typed = recovery[3].to_lowercase().replace('-', " ");
    let r = b.login(email, json!({"recovery_code": typed})).await;
    assert_eq!(r.status(), 200);
    b.logout().await;
    let r = b.login(email, json!({"recovery_code": recovery[3]})).await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));
    let r = b
        .login(email, json!({"recovery_code": "AAAA-BBBB-CCCC-DDDD"}))
        .await;
    assert_eq!(error_of(r).await, (401, "invalid_totp".into()));
    let r = b.login(email, json!({"recovery_code": recovery[4]})).await;
    assert_eq!(r.status(), 200);

    // A resident may turn the second factor off, with the password.
    let r = b
        .send(
            reqwest::Method::DELETE,
            "/api/v1/me/totp",
            Some(json!({"current_password": "pas le bon mot de passe"})),
        )
        .await;
    assert_eq!(error_of(r).await, (401, "invalid_credentials".into()));
    let r = b
        .send(
            reqwest::Method::DELETE,
            "/api/v1/me/totp",
            Some(json!({"current_password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);
    b.logout().await;
    let r = b.login(email, json!({})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["totp_enabled"], false);
}

async fn staff_without_totp_is_restricted_to_enrolment(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "agent@example.fr";
    app.create_user(None, email, Role::Staff).await;
    let b = Browser::new(&app);
    let r = b.login(email, json!({})).await;
    assert_eq!(r.status(), 200, "a session, restricted");
    let me = json(r).await;
    assert_eq!(me["totp_required"], true);
    assert_eq!(me["totp_enabled"], false);

    assert_eq!(b.get("/api/v1/me").await.status(), 200);
    for (method, path, body) in [
        (reqwest::Method::GET, "/api/v1/me/export", None),
        (
            reqwest::Method::PATCH,
            "/api/v1/me",
            Some(json!({"display_name": "X"})),
        ),
        (
            reqwest::Method::POST,
            "/api/v1/me/password",
            Some(json!({"current_password": PASSWORD, "new_password": "un autre mot de passe"})),
        ),
        (reqwest::Method::DELETE, "/api/v1/me", None),
        (reqwest::Method::GET, "/api/v1/admin/users", None),
    ] {
        let r = b.send(method.clone(), path, body).await;
        assert_eq!(
            error_of(r).await,
            (403, "totp_enrolment_required".into()),
            "{method} {path}"
        );
    }

    let (secret, _codes) = b.enrol().await;
    let me = json(b.get("/api/v1/me").await).await;
    assert_eq!(me["totp_enabled"], true);
    assert_eq!(b.get("/api/v1/me/export").await.status(), 200);
    // Staff cannot turn the required second factor off.
    let r = b
        .send(
            reqwest::Method::DELETE,
            "/api/v1/me/totp",
            Some(json!({"current_password": PASSWORD})),
        )
        .await;
    assert_eq!(error_of(r).await, (403, "forbidden".into()));

    // Logging out is always possible; the next login needs the code.
    let r = b
        .send(reqwest::Method::POST, "/api/v1/auth/logout-all", None)
        .await;
    assert_eq!(r.status(), 204);
    let r = b.login(email, json!({})).await;
    assert_eq!(error_of(r).await, (401, "totp_required".into()));
    let r = b
        .login(email, json!({"totp_code": next_code(&secret)}))
        .await;
    assert_eq!(r.status(), 200);
}

async fn administrator_resets_a_second_factor_with_an_audit_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin_id = app.create_user(None, "maire@example.fr", Role::Admin).await;
    let staff_id = app.create_user(None, "agent@example.fr", Role::Staff).await;
    app.create_user(None, "habitant@example.fr", Role::Resident)
        .await;

    let admin = Browser::new(&app);
    assert_eq!(
        admin.login("maire@example.fr", json!({})).await.status(),
        200
    );
    // Even an administrator must enrol before administering.
    let reset = format!("/api/v1/admin/users/{staff_id}/totp-reset");
    let r = admin
        .post(&reset, json!({"reason": "téléphone perdu"}))
        .await;
    assert_eq!(error_of(r).await, (403, "totp_enrolment_required".into()));
    admin.enrol().await;

    let staff = Browser::new(&app);
    assert_eq!(
        staff.login("agent@example.fr", json!({})).await.status(),
        200
    );
    let (staff_secret, _) = staff.enrol().await;
    assert_eq!(staff.get("/api/v1/me/export").await.status(), 200);

    // A resident is no administrator.
    let resident = Browser::new(&app);
    assert_eq!(
        resident
            .login("habitant@example.fr", json!({}))
            .await
            .status(),
        200
    );
    let r = resident
        .post(&reset, json!({"reason": "téléphone perdu"}))
        .await;
    assert_eq!(error_of(r).await, (403, "forbidden".into()));

    // The reason is required.
    let r = admin.post(&reset, json!({})).await;
    assert_eq!(error_of(r).await, (400, "invalid_body".into()));
    let r = admin.post(&reset, json!({"reason": "   "})).await;
    assert_eq!(error_of(r).await, (422, "validation".into()));
    let r = admin
        .post(
            "/api/v1/admin/users/nobody/totp-reset",
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(error_of(r).await, (404, "not_found".into()));

    let r = admin
        .post(
            &reset,
            json!({"reason": "téléphone perdu, appel du 3 mars"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    // The agent's sessions ended; the next login needs no code but leads to enrolment.
    assert_eq!(staff.get("/api/v1/me").await.status(), 401);
    let r = staff
        .login(
            "agent@example.fr",
            json!({"totp_code": next_code(&staff_secret)}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let me = json(r).await;
    assert_eq!(
        (me["totp_enabled"].clone(), me["totp_required"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(
        error_of(staff.get("/api/v1/me/export").await).await,
        (403, "totp_enrolment_required".into())
    );
    staff.enrol().await;

    // A second reset extends the chain.
    let r = admin
        .post(&reset, json!({"reason": "nouveau téléphone"}))
        .await;
    assert_eq!(r.status(), 204);

    let mut tx = app.db.begin().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    let entries = audit::list(&mut tx, &town.id).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].action, "user.totp_reset");
    assert_eq!(entries[0].actor_id.as_deref(), Some(admin_id.as_str()));
    assert_eq!(entries[0].target, staff_id);
    assert_eq!(entries[0].reason, "téléphone perdu, appel du 3 mars");
    assert_eq!(entries[0].prev_hash, audit::GENESIS.to_vec());
    assert_eq!(entries[1].prev_hash, entries[0].hash);
    assert!(audit::verify_chain(&entries));
    drop(tx);

    // The log is append-only: the database refuses edits and deletions.
    let mut tx = app.db.begin().await.unwrap();
    let edit = voix::on_db!(&mut tx, |c| sqlx::query(
        "update audit_log set reason = 'rien'"
    )
    .execute(c)
    .await
    .map(|r| r.rows_affected()));
    assert!(edit.is_err());
    drop(tx);
    let mut tx = app.db.begin().await.unwrap();
    let delete = voix::on_db!(&mut tx, |c| sqlx::query("delete from audit_log")
        .execute(c)
        .await
        .map(|r| r.rows_affected()));
    assert!(delete.is_err());
}

async fn wrong_codes_are_throttled_like_passwords(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.throttle.login_per_account.max = 4).await;
    let email = "limite@example.fr";
    app.signed_up(email).await;
    let (secret, _) = Browser {
        app: &app,
        client: app.client.clone(),
    }
    .enrol()
    .await;
    let b = Browser::new(&app);
    for _ in 0..4 {
        let r = b.login(email, json!({"totp_code": "999999x"})).await;
        assert_eq!(error_of(r).await, (401, "invalid_totp".into()));
    }
    let r = b
        .login(email, json!({"totp_code": next_code(&secret)}))
        .await;
    assert_eq!(error_of(r).await, (429, "too_many_requests".into()));
}
