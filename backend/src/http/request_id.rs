//! Request ids: every response carries `x-request-id`, and the request's tracing span records
//! the same id, so a user's report or a proxy log line leads to the server's log lines.
//!
//! An incoming id (set by a reverse proxy or load balancer) is kept when it is a short, plain
//! token, so one id follows the request across hops. Anything else — too long, or with
//! spaces, control characters or quotes — is replaced by a fresh random id: the id is written
//! to logs and must not be a way to inject text into them or to bloat them.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The header carrying the id, in both directions.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest incoming id kept as is.
pub const MAX_LEN: usize = 64;

/// The id of the current request, in the request's extensions for the tracing span and
/// handlers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Whether an incoming id is kept: 1 to [`MAX_LEN`] characters of `[A-Za-z0-9_-]`.
pub fn is_sane(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new random id (a UUID v4, 36 characters).
pub fn generate() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The middleware: settles the id before the trace layer builds its span (so this layer must
/// wrap the trace layer), rewrites the request header to it, and copies it to the response.
pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .map_or_else(generate, str::to_owned);
    // A sane id is ASCII without control characters, so it is always a valid header value.
    let value = HeaderValue::from_str(&id).ok();
    if let Some(v) = &value {
        req.headers_mut().insert(X_REQUEST_ID.clone(), v.clone());
    }
    req.extensions_mut().insert(RequestId(id));
    let mut response = next.run(req).await;
    if let Some(v) = value {
        response.headers_mut().insert(X_REQUEST_ID.clone(), v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sane_ids_are_short_plain_tokens() {
        assert!(is_sane("abc-DEF_123"));
        assert!(is_sane(&"a".repeat(MAX_LEN)));
        assert!(!is_sane(""));
        assert!(!is_sane(&"a".repeat(MAX_LEN + 1)));
        assert!(!is_sane("has space"));
        assert!(!is_sane("line\nbreak"));
        assert!(!is_sane("quote\""));
        assert!(!is_sane("accentué"));
    }

    #[test]
    fn generated_ids_are_sane_and_distinct() {
        let (a, b) = (generate(), generate());
        assert!(is_sane(&a), "{a}");
        assert_ne!(a, b);
    }
}
