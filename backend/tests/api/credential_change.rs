//! A link token mailed before a change of credentials or standing must not work after it: an
//! attacker who obtained a reset link (a shared mailbox, a forwarded mail) loses it as soon as
//! the owner changes their password, an administrator disables the account or resets its
//! second factor, or another reset is completed.

use protocol::api::Role;
use serde_json::json;

use crate::helpers::{Backend, PASSWORD, Session, TestApp, json, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    a_password_change_revokes_outstanding_reset_links,
    a_completed_reset_revokes_the_other_links,
    disabling_an_account_revokes_its_links,
    an_administrators_second_factor_reset_revokes_links,
);

const EMAIL: &str = "camille@example.fr";
const NEW_PASSWORD: &str = "un tout autre mot de passe";

async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.totp_required_roles = vec![]).await
}

/// Asks for a reset link and returns its token (the newest one mailed).
async fn reset_link(app: &TestApp, count: usize) -> String {
    let r = app
        .post(
            "/api/v1/auth/password-reset/request",
            &json!({"email": EMAIL}),
        )
        .await;
    assert_eq!(r.status(), 202);
    app.wait_for_mail(EMAIL, count).await;
    app.token_from_mail(EMAIL, "reset-password").await
}

/// Follows a reset link as its holder would; returns the status and error code.
async fn use_link(app: &TestApp, token: &str) -> (u16, String) {
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "password": "le mot de passe de l'attaquant"}),
        )
        .await;
    let status = r.status().as_u16();
    let body = json(r).await;
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

fn assert_revoked(outcome: (u16, String)) {
    assert_eq!(outcome, (400, "invalid_token".to_owned()), "{outcome:?}");
}

async fn user_id(app: &TestApp) -> String {
    let r = app.get("/api/v1/me").await;
    json(r).await["id"].as_str().unwrap().to_owned()
}

async fn a_password_change_revokes_outstanding_reset_links(backend: Backend) {
    let app = app(backend).await;
    app.signed_up(EMAIL).await;
    let stolen = reset_link(&app, 2).await;
    let r = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    assert_revoked(use_link(&app, &stolen).await);
    // The owner's new password still works; the attacker's was never set.
    assert_eq!(app.login(EMAIL, NEW_PASSWORD).await.status(), 200);
}

async fn a_completed_reset_revokes_the_other_links(backend: Backend) {
    let app = app(backend).await;
    app.signed_up(EMAIL).await;
    let first = reset_link(&app, 2).await;
    let second = reset_link(&app, 3).await;
    assert_ne!(first, second);
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": second, "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_revoked(use_link(&app, &first).await);
    assert_eq!(app.login(EMAIL, NEW_PASSWORD).await.status(), 200);
}

async fn disabling_an_account_revokes_its_links(backend: Backend) {
    let app = app(backend).await;
    app.signed_up(EMAIL).await;
    let id = user_id(&app).await;
    let stolen = reset_link(&app, 2).await;
    app.create_user(None, "admin@example.fr", Role::Admin).await;
    let admin = Session::login(&app, None, "admin@example.fr").await;
    let path = format!("/api/v1/admin/users/{id}");
    let r = admin
        .request(reqwest::Method::PATCH, &path)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    // Re-enabling does not bring the link back.
    let r = admin
        .request(reqwest::Method::PATCH, &path)
        .json(&json!({"disabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_revoked(use_link(&app, &stolen).await);
    assert_eq!(app.login(EMAIL, PASSWORD).await.status(), 200);
}

async fn an_administrators_second_factor_reset_revokes_links(backend: Backend) {
    let app = app(backend).await;
    app.signed_up(EMAIL).await;
    let id = user_id(&app).await;
    let stolen = reset_link(&app, 2).await;
    app.create_user(None, "admin@example.fr", Role::Admin).await;
    let admin = Session::login(&app, None, "admin@example.fr").await;
    let r = admin
        .post(
            &format!("/api/v1/admin/users/{id}/totp-reset"),
            json!({"reason": "Téléphone perdu, identité vérifiée au guichet"}),
        )
        .await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    assert_revoked(use_link(&app, &stolen).await);
}
