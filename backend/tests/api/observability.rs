//! `/metrics` (Prometheus text format) and `x-request-id` on every response.

use voix::config::Secret;

use crate::helpers::{Backend, TEST_HOSTS, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    metrics_count_requests_by_route_template,
    metrics_report_the_outbox,
    metrics_are_never_public_on_a_towns_host,
    metrics_have_a_listener_of_their_own,
    request_ids_are_echoed_generated_or_replaced,
);

const TOKEN: &str = "le jeton du collecteur prometheus";

/// An app whose `/metrics` answers the operator's bearer token on the main listener.
async fn scraped_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.metrics.token = Some(Secret::new(TOKEN))).await
}

async fn scrape(app: &TestApp) -> String {
    let r = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    r.text().await.unwrap()
}

/// The value of the sample whose name and labels are exactly `series`.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(series)?.strip_prefix(' ')?;
        rest.parse().ok()
    })
}

async fn metrics_count_requests_by_route_template(backend: Backend) {
    let app = scraped_app(backend).await;
    let r = app
        .login("personne@example.org", "pas le bon mot de passe")
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    assert_eq!(app.get("/healthz").await.status(), 200);
    // A path with what could be personal data must not become a label.
    let _ = app.get("/no-such-page/camille@example.org").await;
    let _ = app
        .get("/api/v1/admin/users/0b0e3f3a-1111-2222-3333-444455556666/residency")
        .await;

    let text = scrape(&app).await;
    assert_eq!(
        value(
            &text,
            r#"voix_http_requests_total{method="POST",route="/api/v1/auth/login",status="401"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            r#"voix_http_requests_total{method="GET",route="/api/v1/me",status="401"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            r#"voix_http_requests_total{method="GET",route="/healthz",status="200"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/admin/users/{id}/residency""#),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched""#), "{text}");
    assert!(!text.contains('@'), "personal data in metrics: {text}");
    assert!(!text.contains("0b0e3f3a"), "an id in metrics: {text}");

    assert!(text.contains("# TYPE voix_http_request_duration_seconds histogram"));
    assert_eq!(
        value(
            &text,
            r#"voix_http_request_duration_seconds_bucket{method="POST",route="/api/v1/auth/login",le="+Inf"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            r#"voix_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        value(
            &text,
            r#"voix_http_request_duration_seconds_sum{method="POST",route="/api/v1/auth/login"}"#
        )
        .is_some_and(|s| s > 0.0),
        "{text}"
    );
    assert_eq!(
        value(&text, "voix_outbox_delivery_failures_total"),
        Some(0.0)
    );

    // The scrape itself is counted by the next one.
    let again = scrape(&app).await;
    assert_eq!(
        value(
            &again,
            r#"voix_http_requests_total{method="GET",route="/metrics",status="200"}"#
        ),
        Some(1.0),
        "{again}"
    );
}

async fn metrics_report_the_outbox(backend: Backend) {
    let app = scraped_app(backend).await;
    let before = scrape(&app).await;
    assert_eq!(
        value(&before, r#"voix_outbox_messages{status="pending"}"#),
        Some(0.0),
        "{before}"
    );
    assert_eq!(value(&before, "voix_email_delivered_total"), Some(0.0));

    assert_eq!(
        app.register("compteur@example.org", "fr").await.status(),
        202
    );
    let text = scrape(&app).await;
    let pending = value(&text, r#"voix_outbox_messages{status="pending"}"#).unwrap_or(-1.0);
    let sent = value(&text, r#"voix_outbox_messages{status="sent"}"#).unwrap_or(-1.0);
    assert_eq!(pending + sent, 1.0, "{text}");
    assert_eq!(
        value(&text, r#"voix_outbox_messages{status="dead"}"#),
        Some(0.0)
    );
    assert!(!text.contains("compteur"), "{text}");

    // Once the file transport has written it, the worker has counted it.
    app.wait_for_mail("compteur@example.org", 1).await;
    let mut delivered = None;
    for _ in 0..100 {
        let text = scrape(&app).await;
        delivered = value(&text, "voix_email_delivered_total");
        if delivered == Some(1.0)
            && value(&text, r#"voix_outbox_messages{status="sent"}"#) == Some(1.0)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(delivered, Some(1.0));
}

/// What a resident (or a competitor town) can reach on a town's host: no `/metrics`, with no
/// token, a wrong one or a token sent another way — the figures count every town.
async fn metrics_are_never_public_on_a_towns_host(backend: Backend) {
    for app in [spawn_app(backend).await, scraped_app(backend).await] {
        app.add_test_towns().await;
        for base in [
            app.base.clone(),
            format!("http://{}:{}", TEST_HOSTS[1], app.port),
        ] {
            let url = format!("{base}/metrics");
            for attempt in [
                app.client.get(&url),
                app.client.get(&url).bearer_auth("le jeton du collecteur"),
                app.client.get(&url).bearer_auth(format!("{TOKEN}x")),
                app.client.get(format!("{url}?token={TOKEN}")),
                app.client.get(&url).basic_auth("prometheus", Some(TOKEN)),
            ] {
                let r = attempt.send().await.unwrap();
                assert_eq!(r.status(), 404, "{url}");
                let text = r.text().await.unwrap();
                assert!(!text.contains("voix_"), "{text}");
            }
        }
    }
}

/// `[metrics] listen`: the figures on the operator's address, and only there.
async fn metrics_have_a_listener_of_their_own(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.metrics.listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let port = app.metrics_port.expect("a metrics listener");
    assert_ne!(port, app.port);
    let r = app
        .client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("voix_ballots_cast_total"));
    // Nothing else there: not the API, not the SPA.
    let r = app
        .client
        .get(format!("http://127.0.0.1:{port}/api/v1/town"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // And not on the public listener.
    assert_eq!(app.get("/metrics").await.status(), 404);
}

async fn request_ids_are_echoed_generated_or_replaced(backend: Backend) {
    let app = spawn_app(backend).await;
    let id_of = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let sane = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };

    // Echoed when sane, on the API, on errors and on the SPA alike.
    for path in ["/healthz", "/api/v1/me", "/api/v1/nothing-here", "/"] {
        let r = app
            .client
            .get(app.url(path))
            .header("x-request-id", "proxy-Id_42")
            .send()
            .await
            .unwrap();
        assert_eq!(id_of(&r).as_deref(), Some("proxy-Id_42"), "{path}");
    }

    // Generated when absent, different each time.
    let a = id_of(&app.get("/healthz").await).expect("an id");
    let b = id_of(&app.get("/api/v1/me").await).expect("an id");
    assert!(sane(&a) && sane(&b), "{a} {b}");
    assert_ne!(a, b);

    // Replaced when not a short plain token.
    let long = "a".repeat(500);
    for bad in [
        long.as_str(),
        "has spaces in it",
        "tab\there",
        "quote\"d",
        "<script>",
        "",
    ] {
        let r = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", bad)
            .send()
            .await
            .unwrap();
        let id = id_of(&r).expect("an id");
        assert_ne!(id, bad);
        assert!(sane(&id), "{id:?} for {bad:?}");
    }

    // A line break cannot travel inside a header value (the HTTP parser refuses obs-fold
    // before the app sees the request); a value that is not even UTF-8 is replaced too.
    let r = app
        .client
        .get(app.url("/healthz"))
        .header(
            "x-request-id",
            reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert!(id_of(&r).is_some_and(|id| sane(&id)));
}
