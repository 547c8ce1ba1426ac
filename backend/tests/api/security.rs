//! CSRF origin checks, security headers and cookie attributes.

use serde_json::json;

use crate::helpers::{Backend, PASSWORD, json, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    login_and_register_need_the_towns_origin,
    cookie_bearing_changes_need_the_towns_origin,
    security_headers_on_every_response,
    https_public_url_makes_cookies_secure,
    csp_allows_map_tiles_only_when_a_map_is_configured,
);

async fn login_and_register_need_the_towns_origin(backend: Backend) {
    let app = spawn_app(backend).await;
    let login = json!({"email": "a@example.fr", "password": PASSWORD});
    for origin in [
        None,
        Some("https://evil.example"),
        Some("null"),
        Some("http://127.0.0.1:1"),
    ] {
        let mut req = app.client.post(app.url("/api/v1/auth/login")).json(&login);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403, "origin {origin:?}");
        assert_eq!(json(r).await["error"], "csrf");
    }
    let r = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "a@example.fr", "password": PASSWORD, "display_name": "A"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["error"], "csrf");
    // Nothing was created by the refused request.
    assert!(app.wait_for_mail_quiet("a@example.fr").await);

    // A cookie-less, non-login request is not origin-checked (the token is the credential).
    let r = app
        .client
        .post(app.url("/api/v1/auth/verify-email"))
        .json(&json!({"token": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await["error"], "invalid_token");
}

async fn cookie_bearing_changes_need_the_towns_origin(backend: Backend) {
    let app = spawn_app(backend).await;
    app.signed_up("victim@example.fr").await;
    let r = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("origin", "https://evil.example")
        .json(&json!({"display_name": "Pwned"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["error"], "csrf");
    let r = app
        .client
        .delete(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "no Origin at all");
    // Nothing changed, the account still exists.
    let me = json(app.get("/api/v1/me").await).await;
    assert_eq!(me["display_name"], "Camille Test");
    // Reads are not checked; same-origin changes go through.
    let r = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("origin", app.origin())
        .json(&json!({"display_name": "Camille M."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["display_name"], "Camille M.");
}

async fn security_headers_on_every_response(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/healthz",
        "/api/v1/town",
        "/api/v1/me",
        "/api/v1/nope",
        "/",
        "/login",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
    let r = app.get("/api/v1/town").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
}

async fn https_public_url_makes_cookies_secure(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        let port = s.listen.port();
        s.public_url = format!("https://127.0.0.1:{port}").parse().unwrap();
    })
    .await;
    app.register("s@example.fr", "fr").await;
    // The app expects its https origin now.
    let r = app.register("s2@example.fr", "fr").await;
    assert_eq!(r.status(), 403);
    let https_origin = format!("https://127.0.0.1:{}", app.port);
    let post = |path: &str, body: serde_json::Value| {
        app.client
            .post(app.url(path))
            .header("origin", https_origin.clone())
            .json(&body)
            .send()
    };
    let r = post(
        "/api/v1/auth/register",
        json!({"email": "s@example.fr", "password": PASSWORD, "display_name": "S"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 202);
    let token = app.token_from_mail("s@example.fr", "verify-email").await;
    post("/api/v1/auth/verify-email", json!({"token": token}))
        .await
        .unwrap();
    let r = post(
        "/api/v1/auth/login",
        json!({"email": "s@example.fr", "password": PASSWORD}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(r.headers().contains_key("strict-transport-security"));
}

async fn csp_allows_map_tiles_only_when_a_map_is_configured(backend: Backend) {
    let img_src = |csp: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with("img-src"))
            .unwrap_or_default()
            .to_owned()
    };
    let plain = spawn_app(backend).await;
    for path in ["/", "/api/v1/town"] {
        let r = plain.get(path).await;
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert_eq!(img_src(csp), "img-src 'self' data:", "{path}: {csp}");
    }
    assert!(json(plain.get("/api/v1/town").await).await["map_tile_url"].is_null());

    let mapped = spawn_app_with(backend, |s| {
        s.requests.map_tile_url = Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into());
        s.requests.map_center = Some((45.75, 4.85));
    })
    .await;
    for path in ["/", "/requests/new", "/api/v1/town"] {
        let r = mapped.get(path).await;
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert_eq!(
            img_src(csp),
            "img-src 'self' data: https://tile.openstreetmap.org",
            "{path}: {csp}"
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self';"), "{csp}");
    }
    let town = json(mapped.get("/api/v1/town").await).await;
    assert_eq!(
        town["map_tile_url"],
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    );
    assert_eq!(town["map_center"]["lat"], 45.75);
    assert_eq!(town["map_zoom"], 15);
}
