//! Bad input gets a clear 4xx with a stable code, never a 500.

use serde_json::json;

use crate::helpers::{Backend, json, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    bad_bodies_get_clear_4xx,
    unknown_routes_and_methods,
    messages_follow_accept_language,
    openapi_and_health
);

async fn bad_bodies_get_clear_4xx(backend: Backend) {
    let app = spawn_app(backend).await;
    let post_raw = |body: &'static str, content_type: Option<&'static str>| {
        let mut req = app
            .client
            .post(app.url("/api/v1/auth/register"))
            .header("origin", app.origin())
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    let cases = [
        ("{not json", Some("application/json"), 400, "invalid_body"),
        (
            r#"{"email":"a@b.fr","password":"xxxxxxxxxxxxxx","display_name":"A","admin":true}"#,
            Some("application/json"),
            400,
            "invalid_body",
        ),
        (
            r#"{"email":42,"password":"xxxxxxxxxxxxxx","display_name":"A"}"#,
            Some("application/json"),
            400,
            "invalid_body",
        ),
        (
            r#"{"email":"a@b.fr"}"#,
            Some("application/json"),
            400,
            "invalid_body",
        ),
        (
            r#"{"email":"a@b.fr","password":"xxxxxxxxxxxxxx","display_name":"A","language":"de"}"#,
            Some("application/json"),
            400,
            "invalid_body",
        ),
        (
            r#"{"email":"a@b.fr","password":"xxxxxxxxxxxxxx","display_name":"A"}"#,
            None,
            415,
            "unsupported_media_type",
        ),
        (
            r#"{"email":"a@b.fr","password":"xxxxxxxxxxxxxx","display_name":"A"}"#,
            Some("text/plain"),
            415,
            "unsupported_media_type",
        ),
        (
            r#"{"email":"not-an-email","password":"xxxxxxxxxxxxxx","display_name":"A"}"#,
            Some("application/json"),
            422,
            "validation",
        ),
        (
            r#"{"email":"a@b.fr","password":"short","display_name":"A"}"#,
            Some("application/json"),
            422,
            "weak_password",
        ),
        (
            r#"{"email":"a@b.fr","password":"xxxxxxxxxxxxxx","display_name":"   "}"#,
            Some("application/json"),
            422,
            "validation",
        ),
    ];
    for (body, ct, status, code) in cases {
        let r = post_raw(body, ct).await.unwrap();
        assert_eq!(r.status(), status, "{body}");
        let v = json(r).await;
        assert_eq!(v["error"], code, "{body}: {v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Control characters in what becomes a throttle key (stored as text) are harmless.
    let r = app.login("nul\u{0}@example.fr", "whatever password").await;
    assert_eq!(r.status(), 401);
    let r = app.login("\u{0}", "whatever password").await;
    assert_eq!(r.status(), 401);

    let big = format!(
        r#"{{"email":"a@b.fr","password":"{}","display_name":"A"}}"#,
        "x".repeat(100_000)
    );
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("origin", app.origin())
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(json(r).await["error"], "payload_too_large");
    let r = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "a@b.fr", "password": "p".repeat(129), "display_name": "A"}),
        )
        .await;
    assert_eq!(json(r).await["error"], "weak_password");
}

async fn unknown_routes_and_methods(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/api/v1/nothing-here", "/api/v2/me", "/api/unknown"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(json(r).await["error"], "not_found");
    }
    let r = app
        .client
        .put(app.url("/api/v1/auth/login"))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(json(r).await["error"], "method_not_allowed");
}

async fn messages_follow_accept_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let send = |lang: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("origin", app.origin())
            .header("accept-language", lang)
            .json(&json!({"email": "x@example.fr", "password": "whatever it is"}))
            .send()
    };
    let fr = json(send("fr-FR,fr;q=0.9").await.unwrap()).await;
    let en = json(send("en-GB,en;q=0.9").await.unwrap()).await;
    assert_eq!(fr["error"], "invalid_credentials");
    assert_eq!(en["error"], "invalid_credentials");
    assert_eq!(
        fr["message"],
        "Adresse électronique ou mot de passe incorrect."
    );
    assert_eq!(en["message"], "Wrong email address or password.");
}

async fn openapi_and_health(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["database"], "ok");
    let spec = json(app.get("/api/openapi.json").await).await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/verify-email",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/auth/password-reset/request",
        "/api/v1/auth/password-reset/confirm",
        "/api/v1/me",
        "/api/v1/me/export",
        "/healthz",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(spec["components"]["schemas"]["ErrorCode"].is_object());
}
