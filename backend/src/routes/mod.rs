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
use axum::routing::{any, delete, get, patch, post, put};
use protocol::ErrorCode;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

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

/// The `/api/v1` routes.
fn api_v1() -> Router<AppState> {
    Router::new()
        .route("/town", get(town::info))
        .route("/auth/register", post(auth::register))
        .route("/auth/verify-email", post(auth::verify_email))
        .route("/auth/login", post(auth::login))
        .route("/auth/directory-login", post(auth::directory_login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-all", post(auth::logout_all))
        .route("/auth/password-reset/request", post(auth::reset_request))
        .route("/auth/password-reset/confirm", post(auth::reset_confirm))
        .route(
            "/me",
            get(me::get_me).patch(me::update_me).delete(me::delete_me),
        )
        .route("/me/password", post(me::change_password))
        .route("/me/export", get(me::export))
        .route("/me/totp", delete(totp::disable))
        .route("/me/totp/enrol", post(totp::enrol))
        .route("/me/totp/confirm", post(totp::confirm))
        .route("/admin/users", get(admin::list_users))
        .route("/admin/users/{id}", patch(admin::update_user))
        .route("/admin/users/{id}/totp-reset", post(admin::reset_totp))
        .route(
            "/me/residency",
            get(residency::my_residency).post(residency::request_residency),
        )
        .route(
            "/admin/census",
            // Only this route accepts large bodies (the census file).
            post(residency::import_census)
                .layer(DefaultBodyLimit::max(residency::MAX_CENSUS_BYTES))
                .get(residency::census_summary),
        )
        .route("/admin/residency", get(residency::lookup))
        .route(
            "/admin/users/{id}/residency",
            post(residency::verify_manually).delete(residency::revoke),
        )
        .route(
            "/admin/towns",
            get(admin::list_towns).post(admin::create_town),
        )
        .route("/admin/audit", get(staff::audit_log))
        .route("/categories", get(requests::list_categories))
        .route(
            "/requests",
            // Only this route accepts photos.
            post(requests::file).layer(DefaultBodyLimit::max(requests::MAX_FILING_BYTES)),
        )
        .route("/requests/mine", get(requests::mine))
        .route("/requests/{number}", get(requests::detail))
        .route("/requests/{number}/photos/{id}", get(requests::photo))
        .route("/requests/{number}/comments", post(requests::comment))
        .route("/requests/{number}/reopen", post(requests::reopen))
        .route(
            "/requests/{number}/follow",
            put(requests::follow).delete(requests::unfollow),
        )
        .route("/requests/{number}/flags", post(requests::flag))
        .route("/staff/requests", get(staff::queue))
        .route("/staff/requests.csv", get(staff::export_csv))
        .route(
            "/staff/requests/{number}/status",
            post(staff::change_status),
        )
        .route(
            "/staff/requests/{number}/updates",
            post(staff::public_update),
        )
        .route("/staff/requests/{number}/notes", post(staff::internal_note))
        .route("/staff/requests/{number}/assign", post(staff::assign))
        .route("/staff/requests/{number}/hide", post(staff::hide))
        .route("/staff/members", get(staff::members))
        .route("/staff/flags", get(staff::flags))
        .route("/staff/flags/{id}/resolve", post(staff::resolve_flag))
        .route(
            "/staff/users/{id}/block",
            put(staff::block).delete(staff::unblock),
        )
        .route(
            "/staff/categories",
            get(staff::list_categories).post(staff::create_category),
        )
        .route("/staff/categories/{code}", put(staff::update_category))
        .route("/consultations", get(consultations::list))
        .route("/consultations/{id}", get(consultations::detail))
        .route("/staff/consultations", post(consultations::create))
        .route(
            "/staff/consultations/{id}",
            put(consultations::update).delete(consultations::delete),
        )
        .route(
            "/staff/consultations/{id}/voters",
            // Like the census import, this route takes a file: up to 10 MB.
            put(consultations::upload_voters)
                .layer(DefaultBodyLimit::max(consultations::MAX_VOTER_LIST_BYTES)),
        )
        .route(
            "/staff/consultations/{id}/key-ceremony",
            post(consultations::start_key_ceremony),
        )
        .route("/staff/consultations/{id}/open", post(consultations::open))
        .route(
            "/staff/consultations/{id}/close",
            post(consultations::close),
        )
        .route(
            "/staff/consultations/{id}/tally",
            post(consultations::tally),
        )
        .route(
            "/consultations/{id}/ballots",
            // A ballot of a large election exceeds the default body limit.
            post(consultations::cast).layer(DefaultBodyLimit::max(consultations::MAX_BALLOT_BYTES)),
        )
        .route("/consultations/{id}/board", get(consultations::board))
        .route("/consultations/{id}/election", get(consultations::election))
        .route(
            "/consultations/{id}/receipts/verify",
            post(consultations::verify_receipt),
        )
        .route("/consultations/{id}/archive", get(consultations::archive))
        .route("/consultations/{id}/results", get(consultations::results))
        .route("/staff/officials", get(consultations::officials))
        .route(
            "/consultations/{id}/ceremony",
            get(consultations::ceremony_state),
        )
        .route("/trustee/consultations", get(consultations::trustee_list))
        .route(
            "/trustee/consultations/{id}",
            get(consultations::trustee_work),
        )
        .route(
            "/trustee/consultations/{id}/ceremony",
            post(consultations::trustee_ceremony)
                .layer(DefaultBodyLimit::max(consultations::MAX_CEREMONY_BYTES)),
        )
        .route(
            "/trustee/consultations/{id}/decryption",
            post(consultations::trustee_decryption)
                .layer(DefaultBodyLimit::max(consultations::MAX_DECRYPTION_BYTES)),
        )
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::code(ErrorCode::MethodNotAllowed) })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        // Outside /api: a scraper's GET with the operator's bearer token, no session, no CSRF
        // check. Without a token configured it is a 404 (the operator's listener serves it).
        .route("/metrics", get(metrics::public_handler))
        .route("/api/openapi.json", get(openapi::openapi_json))
        .nest("/api/v1", api_v1())
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
