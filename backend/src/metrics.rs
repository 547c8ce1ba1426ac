//! Prometheus metrics: a small hand-written registry and the text exposition format (0.0.4).
//!
//! A dependency-free registry is enough for the handful of series Voix exposes, and keeps the
//! label set under our control: labels are only the HTTP method, the matched route *template*
//! (never the raw path, which may hold ids or tokens) and the status code, so no personal data
//! reaches the scraper and the number of series stays bounded.
//!
//! One [`Metrics`] lives in each application's state (not a global), so several servers in one
//! process — the integration tests — count separately.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::email::outbox::{self, Depth};
use crate::error::ApiError;
use crate::http::AppState;

/// Upper bounds (seconds) of the request duration histogram: 5 ms to 10 s, roughly ×2.5 apart,
/// which separates a static file, a database query and an argon2 hash.
pub const DURATION_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The `Content-Type` of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The route label of requests that matched no route (SPA files and deep links, 404s): one
/// series for all of them rather than one per path.
pub const UNMATCHED: &str = "unmatched";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RouteKey {
    method: &'static str,
    route: String,
}

#[derive(Debug, Default)]
struct Histogram {
    /// Non-cumulative counts per bucket of [`DURATION_BUCKETS`]; made cumulative when rendered.
    buckets: [u64; DURATION_BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = DURATION_BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Debug, Default)]
struct HttpSeries {
    requests: HashMap<(RouteKey, u16), u64>,
    durations: HashMap<RouteKey, Histogram>,
}

/// The registry.
#[derive(Debug, Default)]
pub struct Metrics {
    http: Mutex<HttpSeries>,
    delivery_failures: AtomicU64,
    delivered: AtomicU64,
    ballots_cast: AtomicU64,
    ballots_rejected: AtomicU64,
}

impl Metrics {
    /// Records one answered HTTP request.
    pub fn observe_request(&self, method: &Method, route: &str, status: u16, elapsed: Duration) {
        let key = RouteKey {
            method: method_label(method),
            route: route.to_owned(),
        };
        let mut http = self.lock_http();
        *http.requests.entry((key.clone(), status)).or_default() += 1;
        http.durations
            .entry(key)
            .or_default()
            .observe(elapsed.as_secs_f64());
    }

    /// Called by the email worker after each failed delivery attempt.
    pub fn delivery_failed(&self) {
        self.delivery_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// Called by the email worker after each message the transport accepted.
    pub fn delivered(&self) {
        self.delivered.fetch_add(1, Ordering::Relaxed);
    }

    /// A ballot accepted onto a bulletin board (a replayed one is not counted again).
    pub fn ballot_cast(&self) {
        self.ballots_cast.fetch_add(1, Ordering::Relaxed);
    }

    /// A ballot refused because it failed verification (`invalid_ballot`).
    pub fn ballot_rejected(&self) {
        self.ballots_rejected.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text; `outbox` is read from the database by the caller and omitted when
    /// the database did not answer (the other series are still worth scraping then).
    pub fn render(&self, outbox: Option<Depth>) -> String {
        let mut out = String::with_capacity(4096);
        {
            let http = self.lock_http();
            let mut requests: Vec<_> = http.requests.iter().collect();
            requests.sort_by(|a, b| {
                (a.0.0.route.as_str(), a.0.0.method, a.0.1).cmp(&(
                    b.0.0.route.as_str(),
                    b.0.0.method,
                    b.0.1,
                ))
            });
            header_lines(
                &mut out,
                "voix_http_requests_total",
                "counter",
                "HTTP requests answered, by method, route template and status.",
            );
            for ((key, status), n) in requests {
                let status = status.to_string();
                sample(
                    &mut out,
                    "voix_http_requests_total",
                    &[
                        ("method", key.method),
                        ("route", &key.route),
                        ("status", &status),
                    ],
                    *n,
                );
            }

            let mut durations: Vec<_> = http.durations.iter().collect();
            durations.sort_by(|a, b| {
                (a.0.route.as_str(), a.0.method).cmp(&(b.0.route.as_str(), b.0.method))
            });
            header_lines(
                &mut out,
                "voix_http_request_duration_seconds",
                "histogram",
                "Time from receiving a request to sending its response headers.",
            );
            for (key, h) in durations {
                let mut cumulative = 0;
                for (bound, n) in DURATION_BUCKETS.iter().zip(h.buckets) {
                    cumulative += n;
                    let le = bound.to_string();
                    sample(
                        &mut out,
                        "voix_http_request_duration_seconds_bucket",
                        &[("method", key.method), ("route", &key.route), ("le", &le)],
                        cumulative,
                    );
                }
                let labels = [("method", key.method), ("route", key.route.as_str())];
                let mut inf = labels.to_vec();
                inf.push(("le", "+Inf"));
                sample(
                    &mut out,
                    "voix_http_request_duration_seconds_bucket",
                    &inf,
                    h.count,
                );
                sample(
                    &mut out,
                    "voix_http_request_duration_seconds_sum",
                    &labels,
                    h.sum,
                );
                sample(
                    &mut out,
                    "voix_http_request_duration_seconds_count",
                    &labels,
                    h.count,
                );
            }
        }

        if let Some(depth) = outbox {
            header_lines(
                &mut out,
                "voix_outbox_messages",
                "gauge",
                "Messages in the email outbox, by status (read from the database at scrape time).",
            );
            for (status, n) in [
                ("pending", depth.pending),
                ("sent", depth.sent),
                ("dead", depth.dead),
            ] {
                sample(&mut out, "voix_outbox_messages", &[("status", status)], n);
            }
        }
        header_lines(
            &mut out,
            "voix_outbox_delivery_failures_total",
            "counter",
            "Failed email delivery attempts (each retry counts).",
        );
        sample(
            &mut out,
            "voix_outbox_delivery_failures_total",
            &[],
            self.delivery_failures.load(Ordering::Relaxed),
        );
        header_lines(
            &mut out,
            "voix_email_delivered_total",
            "counter",
            "Emails the transport accepted.",
        );
        sample(
            &mut out,
            "voix_email_delivered_total",
            &[],
            self.delivered.load(Ordering::Relaxed),
        );
        header_lines(
            &mut out,
            "voix_ballots_cast_total",
            "counter",
            "Ballots accepted onto a bulletin board (verified, stored, receipt signed).",
        );
        sample(
            &mut out,
            "voix_ballots_cast_total",
            &[],
            self.ballots_cast.load(Ordering::Relaxed),
        );
        header_lines(
            &mut out,
            "voix_ballot_verification_failures_total",
            "counter",
            "Ballots refused because a check failed (proof, signature, credential, canonical form).",
        );
        sample(
            &mut out,
            "voix_ballot_verification_failures_total",
            &[],
            self.ballots_rejected.load(Ordering::Relaxed),
        );
        out
    }

    /// A panic while holding the lock leaves only counters behind: keep using them.
    fn lock_http(&self) -> MutexGuard<'_, HttpSeries> {
        self.http.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Standard methods by name; anything else folds into `other` so a client cannot create
/// series at will.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn header_lines(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {}", escape_help(help));
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (k, v)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{k}=\"{}\"", escape_label(v));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
pub fn escape_label(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// HELP text escapes backslash and line feed only.
fn escape_help(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\n', "\\n")
}

/// Middleware counting and timing every request. Applied with `Router::layer`, it runs after
/// routing, so [`MatchedPath`] holds the route template when a route matched.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    state.metrics.observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// `GET /metrics` on the public listener: only for a scraper with the configured bearer token
/// (`[metrics] token`); otherwise it does not exist (404), whatever the town's host. The
/// figures count every town of the installation: they are the operator's.
pub async fn public_handler(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.settings.metrics.token else {
        return ApiError::not_found().into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compare digests: equal lengths, and no early exit that would time the token.
    let (want, got) = (Sha256::digest(token.expose()), Sha256::digest(presented));
    if !bool::from(want.as_slice().ct_eq(got.as_slice())) {
        return ApiError::not_found().into_response();
    }
    handler(State(state)).await
}

/// The operator's own listener (`[metrics] listen`): `/metrics` and nothing else.
pub fn private_router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(handler))
        .fallback(|| async { ApiError::not_found() })
        .with_state(state)
}

/// The Prometheus exposition itself.
pub async fn handler(State(state): State<AppState>) -> Response {
    let depth = match read_depth(&state).await {
        Ok(d) => Some(d),
        Err(err) => {
            tracing::warn!(error = %err, "metrics: cannot read the outbox depth");
            None
        }
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        state.metrics.render(depth),
    )
        .into_response()
}

async fn read_depth(state: &AppState) -> Result<Depth, sqlx::Error> {
    let mut tx = state.db.begin().await?;
    let depth = outbox::depth(&mut tx).await?;
    tx.commit().await?;
    Ok(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label(r"a\b"), r"a\\b");
        assert_eq!(escape_label("say \"hi\""), r#"say \"hi\""#);
        assert_eq!(escape_label("one\ntwo"), r"one\ntwo");
        assert_eq!(
            escape_label("/api/v1/admin/users/{id}"),
            "/api/v1/admin/users/{id}"
        );
    }

    #[test]
    fn samples_are_rendered_with_escaped_labels() {
        let mut out = String::new();
        sample(&mut out, "m", &[("a", "x\"y"), ("b", "\\\n")], 3);
        assert_eq!(out, "m{a=\"x\\\"y\",b=\"\\\\\\n\"} 3\n");
        let mut out = String::new();
        sample(&mut out, "n", &[], 0);
        assert_eq!(out, "n 0\n");
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        let get = Method::GET;
        m.observe_request(&get, "/x", 200, Duration::from_millis(3));
        m.observe_request(&get, "/x", 200, Duration::from_millis(30));
        m.observe_request(&get, "/x", 404, Duration::from_secs(20));
        let text = m.render(None);
        assert!(
            text.contains(
                "voix_http_requests_total{method=\"GET\",route=\"/x\",status=\"200\"} 2\n"
            )
        );
        assert!(
            text.contains(
                "voix_http_requests_total{method=\"GET\",route=\"/x\",status=\"404\"} 1\n"
            )
        );
        assert!(text.contains("voix_http_request_duration_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.005\"} 1\n"));
        assert!(text.contains(
            "voix_http_request_duration_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.05\"} 2\n"
        ));
        assert!(text.contains(
            "voix_http_request_duration_seconds_bucket{method=\"GET\",route=\"/x\",le=\"10\"} 2\n"
        ));
        assert!(text.contains(
            "voix_http_request_duration_seconds_bucket{method=\"GET\",route=\"/x\",le=\"+Inf\"} 3\n"
        ));
        assert!(
            text.contains(
                "voix_http_request_duration_seconds_count{method=\"GET\",route=\"/x\"} 3\n"
            )
        );
        assert!(text.contains("# TYPE voix_http_request_duration_seconds histogram\n"));
        assert!(!text.contains("voix_outbox_messages"));
    }

    #[test]
    fn outbox_and_worker_counters_are_rendered() {
        let m = Metrics::default();
        m.delivery_failed();
        m.delivery_failed();
        m.delivered();
        let text = m.render(Some(Depth {
            pending: 4,
            sent: 5,
            dead: 1,
        }));
        assert!(text.contains("voix_outbox_messages{status=\"pending\"} 4\n"));
        assert!(text.contains("voix_outbox_messages{status=\"sent\"} 5\n"));
        assert!(text.contains("voix_outbox_messages{status=\"dead\"} 1\n"));
        assert!(text.contains("voix_outbox_delivery_failures_total 2\n"));
        assert!(text.contains("voix_email_delivered_total 1\n"));
    }

    #[test]
    fn unknown_methods_fold_into_other() {
        let m = Metrics::default();
        let odd = Method::from_bytes(b"BREW").unwrap_or(Method::TRACE);
        m.observe_request(&odd, UNMATCHED, 405, Duration::ZERO);
        assert!(
            m.render(None)
                .contains("method=\"other\",route=\"unmatched\"")
        );
    }
}
