//! A request refused as too large (413) is answered only after the rest of its body has been
//! read and thrown away, up to a bound.
//!
//! The body limit refuses an oversized upload from its `Content-Length`, before reading it.
//! Closing a connection whose unread data is still arriving makes the kernel send a reset,
//! which can destroy the 413 on its way: the client, still sending, sees "connection reset"
//! instead of `payload_too_large`. Reading the remainder first (a "lingering close", as web
//! servers do) lets the answer arrive. The bound keeps it cheap for the server: at most
//! [`DRAIN_MAX_BYTES`] or [`DRAIN_MAX_TIME`], then the connection is closed anyway.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use http_body::{Frame, SizeHint};

/// The most of a refused body read before answering.
pub const DRAIN_MAX_BYTES: usize = 32 * 1024 * 1024;
/// The longest spent reading it.
pub const DRAIN_MAX_TIME: Duration = Duration::from_secs(10);

/// The request's body, shared with this middleware so that what the handler left unread can
/// still be drained once the answer is known.
struct Shared(Arc<Mutex<Option<Body>>>);

impl http_body::Body for Shared {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let mut body = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), http_body::Body::size_hint)
    }
}

/// The middleware: runs the request, and before a 413 leaves, drains what is left of the body.
pub async fn drain_refused(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let shared = Arc::new(Mutex::new(Some(body)));
    let response = next
        .run(Request::from_parts(
            parts,
            Body::new(Shared(shared.clone())),
        ))
        .await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let rest = shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(rest) = rest {
            drain(rest).await;
        }
    }
    response
}

async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    let mut read = 0usize;
    let _ = tokio::time::timeout(DRAIN_MAX_TIME, async {
        while let Some(Ok(chunk)) = stream.next().await {
            read = read.saturating_add(chunk.len());
            if read > DRAIN_MAX_BYTES {
                break;
            }
        }
    })
    .await;
}
