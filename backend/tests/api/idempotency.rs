//! `Idempotency-Key` on filings: a resident whose answer was lost (the node died after the
//! commit, the network dropped) sends the filing again; the town must not get the same pothole
//! twice. Attacked as the fault would: the same key sent again, sent five times at once, sent
//! to another node after a restart, and reused for another request.

use std::time::Duration;

use protocol::api::Role;
use serde_json::{Value, json};

use crate::helpers::{Backend, Session, TestApp, json, read_mails, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(a_retried_filing_is_filed_once);
on_both_databases!(a_retry_is_answered_even_when_the_throttle_is_spent);

const RESIDENT: &str = "camille@exemple.fr";

fn pothole(description: &str) -> Value {
    json!({"category": "eclairage", "description": description,
           "address": "1 place de la Mairie", "location": {"lat": 45.75, "lon": 4.85}})
}

async fn file(session: &Session, key: &str, body: &Value) -> (u16, Option<String>, Value) {
    let r = session
        .request(reqwest::Method::POST, "/api/v1/requests")
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let replayed = r
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, replayed, json(r).await)
}

async fn filed(app: &TestApp) -> usize {
    app.strings("select number from service_requests")
        .await
        .len()
}

/// The same count through another node's pool (the first node's is closed once it stops).
async fn filed_in(db: &voix::db::Db) -> usize {
    let mut tx = db.read().await.unwrap();
    let sql = "select count(*) from service_requests";
    let n: i64 = match &mut tx {
        voix::db::Tx::Sqlite(t) => sqlx::query_scalar(sql).fetch_one(&mut **t).await.unwrap(),
        voix::db::Tx::Postgres(t) => sqlx::query_scalar(sql).fetch_one(&mut **t).await.unwrap(),
    };
    usize::try_from(n).unwrap()
}

/// A staff member creates the "eclairage" category; the resident is signed in.
async fn resident_with_a_category(app: &TestApp) -> Session {
    app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    app.create_user(None, RESIDENT, Role::Resident).await;
    let staff = Session::login(app, None, "agent@mairie.fr").await;
    let r = staff
        .post(
            "/api/v1/staff/categories",
            json!({"code": "eclairage", "group": "Éclairage public",
                   "name": {"fr": "Lampadaire en panne", "en": "Broken streetlight"}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    Session::login(app, None, RESIDENT).await
}

async fn a_retried_filing_is_filed_once(backend: Backend) {
    let mut app = spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.requests.require_residency = false;
    })
    .await;
    let me = resident_with_a_category(&app).await;

    // Sent again after a lost answer: the first answer, marked, nothing new.
    let first = file(&me, "cle-1", &pothole("Lampadaire éteint")).await;
    assert_eq!((first.0, first.1.as_deref()), (201, None));
    let again = file(&me, "cle-1", &pothole("Lampadaire éteint")).await;
    assert_eq!(again.0, 201);
    assert_eq!(again.1.as_deref(), Some("true"));
    assert_eq!(again.2, first.2);
    assert_eq!(filed(&app).await, 1);

    // Five times at once: one filing, the same answer to all.
    let hole = pothole("Nid-de-poule");
    let attempts: Vec<_> = (0..5).map(|_| file(&me, "cle-2", &hole)).collect();
    let answers = futures_util::future::join_all(attempts).await;
    for a in &answers {
        assert_eq!(a.0, 201, "{a:?}");
        assert_eq!(a.2, answers[0].2, "every attempt gets the same number");
    }
    assert_eq!(filed(&app).await, 2);

    // The key is the resident's: reused for another request, it is refused.
    let other = file(&me, "cle-1", &pothole("Autre chose")).await;
    assert_eq!(other.0, 422);
    assert_eq!(other.2["error"], "idempotency_key_reused");
    assert_eq!(filed(&app).await, 2);
    // Malformed keys are refused, not stored.
    for bad in ["", &"x".repeat(256), "clé"] {
        let r = me
            .request(reqwest::Method::POST, "/api/v1/requests")
            .header("idempotency-key", bad.as_bytes())
            .json(&pothole("Encore"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{bad:?}");
        assert_eq!(json(r).await["field"], "idempotency_key");
    }
    assert_eq!(filed(&app).await, 2);

    // After the node restarts (another node, the same database): still the first answer.
    app.stop().await;
    let mut settings = app.settings.clone();
    settings.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let second = voix::app::Application::build(settings).await.unwrap();
    let port = second.port();
    let db = second.db().clone();
    let handle = second.shutdown_handle();
    let run = tokio::spawn(second.run_until_stopped());
    let me_again = Session {
        client: me.client.clone(),
        base: format!("http://127.0.0.1:{port}"),
    };
    // The session cookie was set for 127.0.0.1: sign in again on the new port's origin.
    let me_again = match me_again.get("/api/v1/me").await.status().as_u16() {
        200 => me_again,
        _ => {
            let fresh = Session {
                client: crate::helpers::client_for(port),
                base: format!("http://127.0.0.1:{port}"),
            };
            let r = fresh
                .post(
                    "/api/v1/auth/login",
                    json!({"email": RESIDENT, "password": crate::helpers::PASSWORD}),
                )
                .await;
            assert_eq!(r.status(), 200);
            fresh
        }
    };
    let after = file(&me_again, "cle-1", &pothole("Lampadaire éteint")).await;
    assert_eq!((after.0, after.1.as_deref()), (201, Some("true")));
    assert_eq!(after.2, first.2);
    assert_eq!(filed_in(&db).await, 2);
    // One confirmation mail per filing, not per attempt.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let confirmations = read_mails(&app.mail_dir(), RESIDENT)
        .into_iter()
        .filter(|m| m.text.contains("/requests/"))
        .count();
    assert_eq!(confirmations, 2);
    let _ = handle.send(true);
    run.await.unwrap().unwrap();
}

/// The hourly limit of posts is spent by two filings; the retry of the first (its answer was
/// lost) still gets that answer, while a new filing is refused.
async fn a_retry_is_answered_even_when_the_throttle_is_spent(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.requests.require_residency = false;
        s.throttle.posts_per_account.max = 2;
    })
    .await;
    let me = resident_with_a_category(&app).await;
    let first = file(&me, "cle-a", &pothole("Lampadaire éteint")).await;
    assert_eq!(first.0, 201);
    assert_eq!(file(&me, "cle-b", &pothole("Nid-de-poule")).await.0, 201);
    let retry = file(&me, "cle-a", &pothole("Lampadaire éteint")).await;
    assert_eq!((retry.0, retry.1.as_deref()), (201, Some("true")));
    assert_eq!(retry.2, first.2);
    let third = file(&me, "cle-c", &pothole("Banc cassé")).await;
    assert_eq!(third.0, 429, "{:?}", third.2);
    // A known key with another body is not a retry: refused, nothing filed.
    let reused = file(&me, "cle-a", &pothole("Autre chose")).await;
    assert_eq!(reused.0, 422);
    assert_eq!(filed(&app).await, 2);
}
