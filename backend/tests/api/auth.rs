//! Registration, email confirmation, login, sessions, password reset and throttling.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Backend, PASSWORD, client_for, json, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    account_flow_register_verify_login_logout,
    register_and_reset_do_not_reveal_accounts,
    unknown_emails_take_as_long_to_fail,
    password_reset_flow,
    login_issues_a_new_token_and_logout_everywhere_ends_all_sessions,
    sessions_expire_when_idle_and_absolutely,
    login_is_throttled_per_account,
    login_is_throttled_per_ip,
    register_and_reset_are_throttled,
    change_password,
);

async fn account_flow_register_verify_login_logout(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "camille@example.fr";
    let r = app.register(email, "fr").await;
    assert_eq!(r.status(), 202);

    // Not confirmed yet: the right password is refused with a specific code.
    let r = app.login(email, PASSWORD).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["error"], "email_not_verified");

    let mails = app.wait_for_mail(email, 1).await;
    assert!(
        mails[0].subject.contains("Confirmez votre adresse"),
        "{}",
        mails[0].subject
    );
    assert!(
        mails[0]
            .text
            .contains(&format!("{}/verify-email?token=", app.base))
    );
    assert!(mails[0].html.contains("/verify-email?token="));
    let token = app.token_from_mail(email, "verify-email").await;
    let r = app
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(r.status(), 200);
    // Single use.
    let r = app
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(json(r).await["error"], "invalid_token");

    let r = app.login(email, "not the right password").await;
    assert_eq!(r.status(), 401);
    assert_eq!(json(r).await["error"], "invalid_credentials");

    let r = app.login(email, PASSWORD).await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("voix_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http public URL: {cookie}"
    );
    let me = json(r).await;
    assert_eq!(me["email"], email);
    assert_eq!(me["role"], "resident");
    assert_eq!(me["email_verified"], true);

    let me = json(app.get("/api/v1/me").await).await;
    assert_eq!(me["display_name"], "Camille Test");
    assert_eq!(me["language"], "fr");

    let r = app.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(r.status(), 204);
    let r = app.get("/api/v1/me").await;
    assert_eq!(r.status(), 401);
    assert_eq!(json(r).await["error"], "unauthenticated");
}

async fn register_and_reset_do_not_reveal_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "lea@example.fr";
    let first = app.register(email, "fr").await;
    let (s1, b1) = (first.status(), first.text().await.unwrap());
    let second = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": email, "password": "another password 123", "display_name": "Intrus"}),
        )
        .await;
    assert_eq!(
        (s1, b1.clone()),
        (second.status(), second.text().await.unwrap())
    );
    // The owner is told that someone tried; the first account is untouched.
    let mails = app.wait_for_mail(email, 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject.contains("Tentative d'inscription"))
    );
    let token = app.token_from_mail(email, "verify-email").await;
    app.post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(app.login(email, "another password 123").await.status(), 401);
    assert_eq!(app.login(email, PASSWORD).await.status(), 200);

    let known = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": email}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": "nobody@example.fr"}),
        )
        .await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), 202);
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
}

async fn unknown_emails_take_as_long_to_fail(backend: Backend) {
    let app = spawn_app(backend).await;
    app.signed_up("known@example.fr").await;
    let time = |email: &'static str| {
        let app = &app;
        async move {
            let mut samples = Vec::new();
            for _ in 0..5 {
                let start = Instant::now();
                let r = app.login(email, "wrong password here").await;
                samples.push(start.elapsed());
                assert_eq!(r.status(), 401);
            }
            samples.sort();
            samples[2]
        }
    };
    let known = time("known@example.fr").await;
    let unknown = time("unknown@example.fr").await;
    // Without the dummy hash an unknown email fails in ~1 ms against ~tens of ms.
    assert!(
        unknown.as_secs_f64() >= 0.5 * known.as_secs_f64(),
        "unknown {unknown:?} vs known {known:?}"
    );
}

async fn password_reset_flow(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "reset@example.fr";
    app.signed_up(email).await;
    let r = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": email}),
        )
        .await;
    assert_eq!(r.status(), 202);
    let token = app.token_from_mail(email, "reset-password").await;

    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "password": "court"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(json(r).await["error"], "weak_password");

    let new_password = "nouveau mot de passe 2026";
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "password": new_password}),
        )
        .await;
    assert_eq!(r.status(), 200);
    // Sessions opened before the reset are over.
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "password": "yet another one!!"}),
        )
        .await;
    assert_eq!(json(r).await["error"], "invalid_token");
    assert_eq!(app.login(email, PASSWORD).await.status(), 401);
    assert_eq!(app.login(email, new_password).await.status(), 200);
}

async fn login_issues_a_new_token_and_logout_everywhere_ends_all_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "multi@example.fr";
    app.signed_up(email).await;
    let laptop = app.client.clone();
    let phone = client_for(app.port);
    let login = |c: reqwest::Client| {
        let url = app.url("/api/v1/auth/login");
        let origin = app.origin();
        async move {
            let r = c
                .post(url)
                .header("origin", origin)
                .json(&json!({"email": email, "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        }
    };
    let phone_cookie_1 = login(phone.clone()).await;
    let phone_cookie_2 = login(phone.clone()).await;
    assert_ne!(phone_cookie_1, phone_cookie_2, "a new token at every login");
    // The token replaced by the second login no longer works.
    let stale = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", &phone_cookie_1)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 401);
    assert_eq!(
        phone
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let r = laptop
        .post(app.url("/api/v1/auth/logout-all"))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        phone
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        laptop
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn sessions_expire_when_idle_and_absolutely(backend: Backend) {
    let idle = spawn_app_with(backend, |s| s.session_idle = Duration::from_secs(2)).await;
    idle.signed_up("idle@example.fr").await;
    assert_eq!(idle.get("/api/v1/me").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert_eq!(idle.get("/api/v1/me").await.status(), 401);

    let absolute = spawn_app_with(backend, |s| s.session_absolute = Duration::from_secs(4)).await;
    absolute.signed_up("abs@example.fr").await;
    let logged_in = Instant::now();
    // Kept busy (never idle), the session still ends at its absolute expiry.
    while logged_in.elapsed() < Duration::from_secs(2) {
        assert_eq!(absolute.get("/api/v1/me").await.status(), 200);
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(4300).saturating_sub(logged_in.elapsed())).await;
    assert_eq!(absolute.get("/api/v1/me").await.status(), 401);
}

async fn login_is_throttled_per_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "target@example.fr";
    app.signed_up(email).await;
    for _ in 0..10 {
        assert_eq!(app.login(email, "guess guess guess").await.status(), 401);
    }
    let r = app.login(email, "guess guess guess").await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
    assert_eq!(json(r).await["error"], "too_many_requests");
    // Even the right password waits: that is the point.
    assert_eq!(app.login(email, PASSWORD).await.status(), 429);
}

async fn login_is_throttled_per_ip(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.throttle.login_per_ip.max = 3).await;
    for i in 0..3 {
        assert_eq!(
            app.login(&format!("u{i}@example.fr"), "whatever password")
                .await
                .status(),
            401
        );
    }
    let r = app.login("u9@example.fr", "whatever password").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

async fn register_and_reset_are_throttled(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.throttle.register_per_ip.max = 3).await;
    for i in 0..3 {
        assert_eq!(
            app.register(&format!("r{i}@example.fr"), "fr")
                .await
                .status(),
            202
        );
    }
    let r = app.register("r9@example.fr", "fr").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));

    // Per account: the owner of an address is not flooded with "someone tried" emails.
    let per_account = spawn_app(backend).await;
    for _ in 0..5 {
        assert_eq!(
            per_account
                .register("owner@example.fr", "fr")
                .await
                .status(),
            202
        );
    }
    assert_eq!(
        per_account
            .register("owner@example.fr", "fr")
            .await
            .status(),
        429
    );
    assert_eq!(
        per_account
            .register("other@example.fr", "fr")
            .await
            .status(),
        202
    );

    for _ in 0..5 {
        let r = app
            .post(
                "/api/v1/auth/password-reset/request",
                &json!({"email": "r0@example.fr"}),
            )
            .await;
        assert_eq!(r.status(), 202);
    }
    let r = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": "r0@example.fr"}),
        )
        .await;
    assert_eq!(r.status(), 429);
}

async fn change_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "change@example.fr";
    app.signed_up(email).await;
    let other = client_for(app.port);
    other
        .post(app.url("/api/v1/auth/login"))
        .header("origin", app.origin())
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let r = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": "wrong one!!!!", "new_password": "brand new password"}),
        )
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(json(r).await["field"], "current_password");

    let r = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "brand new password"}),
        )
        .await;
    assert_eq!(r.status(), 204);
    // This session goes on; the other device is signed out; the owner is told by email.
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    assert_eq!(
        other
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let mails = app.wait_for_mail(email, 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject.contains("mot de passe a été modifié"))
    );
    assert_eq!(app.login(email, "brand new password").await.status(), 200);
}
