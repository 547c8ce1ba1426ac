//! The last-resort handler (ASVS V7.4.3): a panic inside a handler becomes the answer any
//! internal error gets — JSON `internal`, 500, in the caller's language, counted by
//! `/metrics` — instead of a connection dropped without a word. The server keeps running
//! either way; this makes the failure visible and explicable to the client.

use std::any::Any;

use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;

use crate::error::ApiError;

type Handler = fn(Box<dyn Any + Send + 'static>) -> Response;

/// The layer, placed inside the localisation and metrics layers so both see its 500.
pub fn layer() -> CatchPanicLayer<Handler> {
    CatchPanicLayer::custom(answer as Handler)
}

fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    ApiError::code(ErrorCode::Internal).into_response()
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("deliberate test panic")
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_a_json_500_and_the_next_request_is_served() {
        let app = Router::new()
            .route("/boom", get(boom))
            .route("/ok", get(|| async { "ok" }))
            .layer(super::layer());
        let answer = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(answer.into_body(), 1 << 16)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"], "internal");
        let answer = app
            .oneshot(Request::get("/ok").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
    }
}
