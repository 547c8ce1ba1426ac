//! The HTTP routes and the router that assembles them with their middleware.

pub mod admin;
pub mod auth;
pub mod consultations;
pub mod health;
pub mod me;
pub mod open311;
pub mod openapi;
pub mod requests;
pub mod residency;
pub mod spa;
pub mod staff;
pub mod totp;
pub mod town;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{any, get};
use protocol::ErrorCode;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::http::request_id::RequestId;
use crate::http::{AppState, csrf, headers, linger, localize, panics, request_id};
use crate::metrics;

/// Largest JSON body the API accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Whether a raw upload's `Content-Type` is one a spreadsheet export may carry for a CSV file
/// (the census and the voter list are sent as raw bodies, not multipart).
fn is_csv_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        mime.as_str(),
        "text/csv" | "application/csv" | "text/plain" | "application/vnd.ms-excel"
    )
}

/// The `/api/v1` routes, and the OpenAPI paths that each module declares with them.
fn api_v1() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, paths) = OpenApiRouter::new()
        .merge(town::routes())
        .merge(auth::routes())
        .merge(me::routes())
        .merge(totp::routes())
        .merge(admin::routes())
        .merge(residency::routes())
        .merge(requests::routes())
        .merge(staff::routes())
        .merge(consultations::routes())
        .split_for_parts();
    let router = router
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::code(ErrorCode::MethodNotAllowed) })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    (router, paths)
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, api_paths) = api_v1();
    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        // Outside /api: a scraper's GET with the operator's bearer token, no session, no CSRF
        // check. Without a token configured it is a 404 (the operator's listener serves it).
        .route("/metrics", get(metrics::public_handler))
        .route("/api/openapi.json", get(openapi::serve(api_paths)))
        .nest("/api/v1", api)
        .nest("/open311/v2", open311::router())
        .route("/api/{*rest}", any(|| async { ApiError::not_found() }))
        .route("/town.css", get(town::stylesheet))
        .route("/town/logo", get(town::logo))
        .merge(spa::service(&state.settings.static_dir))
        .layer(panics::layer())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::check_origin,
        ))
        .layer(axum::middleware::from_fn(localize::localize))
        .layer(axum::middleware::from_fn(linger::drain_refused));
    let tile_origin = state.settings.requests.map_tile_origin();
    for layer in headers::layers(state.settings.is_https(), tile_origin.as_deref()) {
        app = app.layer(layer);
    }
    // Outermost first: the request id is settled before the trace span is made, and the
    // metrics layer sees the final status of everything inside (CSRF refusals included).
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        metrics::track,
    ))
    .layer(
        ServiceBuilder::new().layer(TraceLayer::new_for_http().make_span_with(
            // Only the path: query strings can hold link tokens, which must not reach logs.
            |req: &axum::http::Request<_>| {
                let request_id = req
                    .extensions()
                    .get::<RequestId>()
                    .map_or("", |id| id.0.as_str());
                tracing::info_span!(
                    "http",
                    method = %req.method(),
                    path = %req.uri().path(),
                    request_id = %request_id,
                )
            },
        )),
    )
    .layer(axum::middleware::from_fn(request_id::assign))
    .with_state(state)
}
