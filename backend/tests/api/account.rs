//! The account page's API: profile, language, GDPR export and erasure.

use serde_json::json;

use crate::helpers::{Backend, PASSWORD, json, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    export_contains_my_data,
    deleting_my_account_erases_it,
    emails_follow_the_chosen_language
);

async fn export_contains_my_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "export@example.fr";
    app.signed_up(email).await;
    let r = app.get("/api/v1/me/export").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let export = json(r).await;
    assert_eq!(export["account"]["email"], email);
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
    let subjects: Vec<&str> = export["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert!(
        subjects.iter().any(|s| s.contains("Confirmez")),
        "{subjects:?}"
    );
    assert!(
        !export.to_string().contains("argon2"),
        "the password hash is not personal data to hand out"
    );
}

async fn deleting_my_account_erases_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "gone@example.fr";
    app.signed_up(email).await;
    let r = app
        .client
        .delete(app.url("/api/v1/me"))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    assert_eq!(app.login(email, PASSWORD).await.status(), 401);

    // No row of the person remains: account, sessions, tokens, queued and sent emails.
    let mut tx = app.db.read().await.unwrap();
    let count = |sql: &'static str| sql;
    for sql in [
        count("select count(*) from users where email = $1"),
        count("select count(*) from outbox where recipient = $1"),
    ] {
        let n: (i64,) = voix::on_db!(&mut tx, |c| sqlx::query_as(sql)
            .bind(email)
            .fetch_one(c)
            .await)
        .unwrap();
        assert_eq!(n.0, 0, "{sql}");
    }
    for sql in [
        "select count(*) from sessions",
        "select count(*) from auth_tokens",
    ] {
        let n: (i64,) = voix::on_db!(&mut tx, |c| sqlx::query_as(sql).fetch_one(c).await).unwrap();
        assert_eq!(n.0, 0, "{sql}");
    }
    drop(tx);
    // The address is free again.
    assert_eq!(app.register(email, "fr").await.status(), 202);
    let mails = app.wait_for_mail(email, 1).await;
    assert!(
        mails.last().unwrap().subject.contains("Confirmez"),
        "a new account, not 'already registered'"
    );
}

async fn emails_follow_the_chosen_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "english@example.fr";
    assert_eq!(app.register(email, "en").await.status(), 202);
    let mails = app.wait_for_mail(email, 1).await;
    assert!(
        mails[0].subject.starts_with("Confirm your email address"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].text.contains("Hello Camille Test,"));

    let fr = "francais@example.fr";
    app.signed_up(fr).await;
    let r = app
        .client
        .patch(app.url("/api/v1/me"))
        .header("origin", app.origin())
        .json(&json!({"language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json(r).await["language"], "en");
    app.post("/api/v1/auth/password-reset/request", &json!({"email": fr}))
        .await;
    let mails = app.wait_for_mail(fr, 2).await;
    assert!(
        mails
            .last()
            .unwrap()
            .subject
            .starts_with("Reset your password"),
        "{}",
        mails.last().unwrap().subject
    );
}
