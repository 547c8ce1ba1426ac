//! Several towns in one installation: each host name selects a town, and no route lets an
//! account of one town read or change anything of another.

use protocol::api::Role;
use serde_json::json;

use crate::helpers::{Backend, PASSWORD, TEST_HOSTS, client_for, json, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    towns_are_isolated,
    administrators_stay_in_their_town,
    branding_follows_the_host
);

/// Registers, confirms and logs in `email` on `host` with `client`; returns the user id.
async fn sign_up_on(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    host: &str,
    email: &str,
    password: &str,
) -> String {
    let origin = format!("http://{host}:{}", app.port);
    let post = |path: &str, body: serde_json::Value| {
        client
            .post(app.url_on(host, path))
            .header("origin", origin.clone())
            .json(&body)
            .send()
    };
    let r = post(
        "/api/v1/auth/register",
        json!({"email": email, "password": password, "display_name": host}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 202);
    let mails = app.wait_for_mail(email, 1).await;
    let newest = mails
        .iter()
        .rev()
        .find_map(|m| m.link_token("/verify-email?token="))
        .unwrap();
    assert_eq!(
        post("/api/v1/auth/verify-email", json!({"token": newest}))
            .await
            .unwrap()
            .status(),
        200
    );
    let r = post(
        "/api/v1/auth/login",
        json!({"email": email, "password": password}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200, "{host}");
    json(r).await["id"].as_str().unwrap().to_owned()
}

async fn towns_are_isolated(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_test_towns().await;
    let [a, b] = TEST_HOSTS;
    let email = "same@example.fr";
    let on_a = client_for(app.port);
    let on_b = client_for(app.port);
    let id_a = sign_up_on(&app, &on_a, a, email, "password of town A").await;
    // The same email registers separately in town B (the first mail is town A's).
    let origin_b = format!("http://{b}:{}", app.port);
    let r = on_b
        .post(app.url_on(b, "/api/v1/auth/register"))
        .header("origin", &origin_b)
        .json(&json!({"email": email, "password": "password of town B", "display_name": "B"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let mails = app.wait_for_mail(email, 2).await;
    assert!(mails[1].subject.contains("Ville B"), "{}", mails[1].subject);
    let token_b = mails[1]
        .link_token("/verify-email?token=")
        .expect("a new account in B, not an 'already registered' mail");
    on_b.post(app.url_on(b, "/api/v1/auth/verify-email"))
        .header("origin", &origin_b)
        .json(&json!({"token": token_b}))
        .send()
        .await
        .unwrap();
    let r = on_b
        .post(app.url_on(b, "/api/v1/auth/login"))
        .header("origin", &origin_b)
        .json(&json!({"email": email, "password": "password of town A"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "town A's password does not open town B's account"
    );
    let r = on_b
        .post(app.url_on(b, "/api/v1/auth/login"))
        .header("origin", &origin_b)
        .json(&json!({"email": email, "password": "password of town B"}))
        .send()
        .await
        .unwrap();
    let id_b = json(r).await["id"].as_str().unwrap().to_owned();
    assert_ne!(id_a, id_b);

    // Town A's session cookie presented to town B's host is worthless.
    let cookie_a = {
        let r = on_a
            .post(app.url_on(a, "/api/v1/auth/login"))
            .header("origin", format!("http://{a}:{}", app.port))
            .json(&json!({"email": email, "password": "password of town A"}))
            .send()
            .await
            .unwrap();
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let plain = reqwest::Client::builder()
        .resolve(b, std::net::SocketAddr::from(([127, 0, 0, 1], app.port)))
        .build()
        .unwrap();
    let r = plain
        .get(app.url_on(b, "/api/v1/me"))
        .header("cookie", &cookie_a)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = plain
        .delete(app.url_on(b, "/api/v1/me"))
        .header("cookie", &cookie_a)
        .header("origin", &origin_b)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Both accounts still work.
    assert_eq!(
        on_a.get(app.url_on(a, "/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        on_b.get(app.url_on(b, "/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

async fn administrators_stay_in_their_town(backend: Backend) {
    // Town isolation is the point here, not the second factor (tests/api/totp.rs covers it).
    let app = spawn_app_with(backend, |s| s.totp_required_roles.clear()).await;
    app.add_test_towns().await;
    let [a, b] = TEST_HOSTS;
    app.create_user(Some("ville-a"), "admin@ville-a.fr", Role::Admin)
        .await;
    let victim = app
        .create_user(Some("ville-b"), "resident@ville-b.fr", Role::Resident)
        .await;
    app.create_user(Some("ville-a"), "resident@ville-a.fr", Role::Resident)
        .await;
    app.create_user(Some("ville-a"), "syndicat@ville-a.fr", Role::SyndicateAdmin)
        .await;

    let admin = client_for(app.port);
    let origin_a = format!("http://{a}:{}", app.port);
    let r = admin
        .post(app.url_on(a, "/api/v1/auth/login"))
        .header("origin", &origin_a)
        .json(&json!({"email": "admin@ville-a.fr", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let users = json(
        admin
            .get(app.url_on(a, "/api/v1/admin/users"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let emails: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"resident@ville-a.fr"));
    assert!(
        !emails.iter().any(|e| e.ends_with("ville-b.fr")),
        "{emails:?}"
    );

    // Another town's account cannot be reached, by id or by naming the town.
    let r = admin
        .patch(app.url_on(a, &format!("/api/v1/admin/users/{victim}")))
        .header("origin", &origin_a)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = admin
        .get(app.url_on(a, "/api/v1/admin/users?town=ville-b"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = admin
        .get(app.url_on(a, "/api/v1/admin/towns"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = admin
        .patch(app.url_on(a, &format!("/api/v1/admin/users/{victim}?town=ville-b")))
        .header("origin", &origin_a)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // The syndicate administrator manages every town.
    let syndicate = client_for(app.port);
    syndicate
        .post(app.url_on(a, "/api/v1/auth/login"))
        .header("origin", &origin_a)
        .json(&json!({"email": "syndicat@ville-a.fr", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let users_b = json(
        syndicate
            .get(app.url_on(a, "/api/v1/admin/users?town=ville-b"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(users_b.as_array().unwrap().len(), 1);
    assert_eq!(users_b[0]["email"], "resident@ville-b.fr");
    let towns = json(
        syndicate
            .get(app.url_on(a, "/api/v1/admin/towns"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(towns.as_array().unwrap().len(), 3);
    let r = syndicate
        .post(app.url_on(a, "/api/v1/admin/towns"))
        .header("origin", &origin_a)
        .json(&json!({"slug": "ville-a", "name": "Doublon", "hosts": ["x.test"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let r = syndicate
        .post(app.url_on(a, "/api/v1/admin/towns"))
        .header("origin", &origin_a)
        .json(&json!({"slug": "ville-c", "name": "Ville C", "hosts": ["ville-c.test"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    // A resident is not an administrator.
    let resident = client_for(app.port);
    resident
        .post(app.url_on(b, "/api/v1/auth/login"))
        .header("origin", format!("http://{b}:{}", app.port))
        .json(&json!({"email": "resident@ville-b.fr", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resident
            .get(app.url_on(b, "/api/v1/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

async fn branding_follows_the_host(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_test_towns().await;
    let client = client_for(app.port);
    let town_a = json(
        client
            .get(app.url_on(TEST_HOSTS[0], "/api/v1/town"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(town_a["name"], "Ville A");
    let town_b = json(
        client
            .get(app.url_on(TEST_HOSTS[1], "/api/v1/town"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(town_b["slug"], "ville-b");
    // An unknown host name gets the default town.
    let default = json(app.get("/api/v1/town").await).await;
    assert_eq!(default["slug"], "default");
    let css = app.get("/town.css").await;
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.text()
            .await
            .unwrap()
            .contains("--town-primary: #1d4e89")
    );
}
