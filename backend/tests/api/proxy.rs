//! Behind reverse proxies (`trust_proxy` = N), the per-address throttles key on the address the
//! trusted proxies vouch for. An attacker who rotates `X-Forwarded-For` values of their own —
//! in an extra header line, at the left of a joined line, or both — must still be throttled.

use reqwest::header::ORIGIN;
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    spoofed_forwarded_lines_do_not_escape_the_login_throttle,
    two_proxies_key_on_the_second_entry_from_the_right,
);

const LIMIT: i64 = 3;

/// A failed login with the given `X-Forwarded-For` lines, as the proxy passes them on.
async fn login_via(app: &TestApp, lines: &[String]) -> u16 {
    let mut req = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(ORIGIN, app.origin())
        .json(&json!({"email": "nobody@example.fr", "password": "not the password"}));
    for line in lines {
        req = req.header("x-forwarded-for", line);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn spoofed_forwarded_lines_do_not_escape_the_login_throttle(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.trust_proxy = 1;
        s.throttle.login_per_ip.max = LIMIT;
        s.throttle.login_per_account.max = 1000;
    })
    .await;
    // The proxy appends the attacker's real address, 198.51.100.7, as its own line; the
    // attacker rotates what comes before it.
    let shapes = |i: i64| {
        [
            vec![format!("203.0.113.{i}"), "198.51.100.7".to_owned()],
            vec![format!("203.0.113.{i}, 198.51.100.7")],
            vec![
                format!("10.9.8.{i}, 203.0.113.{i}"),
                "198.51.100.7".to_owned(),
            ],
        ]
    };
    let mut statuses = Vec::new();
    for i in 0..LIMIT + 3 {
        let lines = &shapes(i)[(i % 3) as usize];
        statuses.push(login_via(&app, lines).await);
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 429, 429, 429],
        "one address behind rotating spoofed entries"
    );
    // Another client behind the same proxy has a budget of its own.
    assert_eq!(
        login_via(&app, &["203.0.113.1, 192.0.2.44".to_owned()]).await,
        401
    );
}

async fn two_proxies_key_on_the_second_entry_from_the_right(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.trust_proxy = 2;
        s.throttle.login_per_ip.max = LIMIT;
        s.throttle.login_per_account.max = 1000;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..LIMIT + 1 {
        // The client, then the outer proxy's view, then the inner proxy's line.
        let lines = [
            format!("203.0.113.{i}, 198.51.100.7"),
            format!("10.0.0.{}", 2 + i % 2),
        ];
        statuses.push(login_via(&app, &lines).await);
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
}
