//! `GET /api/openapi.json`: the document's header and the errors common to every operation;
//! the paths come from each routes module's `routes()`, the schemas from protocol's types.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::{Modify, OpenApi};

use super::health;

#[derive(Debug, OpenApi)]
#[openapi(
    paths(health::healthz),
    info(title = "Voix API", description = "API of Voix, the resident platform of a town hall.",
         license(name = "AGPL-3.0-or-later")),
    tags((name = "auth", description = "Accounts and sessions"), (name = "me", description = "The signed-in account"),
         (name = "admin", description = "Administration"), (name = "town", description = "Town identity"),
         (name = "residency", description = "Census and residency verification"),
         (name = "requests", description = "Service requests (residents and the public)"),
         (name = "staff", description = "Service requests: the town's services at work"),
         (name = "consultations", description = "Consultations: consultative ballots and their set-up"),
         (name = "health", description = "Liveness"))
)]
pub struct ApiDoc;

/// The error answers any `/api` operation can give through the shared extractors and
/// middleware (body parsing, session, CSRF check, throttling, database), documented once here
/// rather than on every handler.
#[derive(Debug)]
struct CommonErrors;

const COMMON_ERRORS: [(&str, &str); 11] = [
    (
        "400",
        "Malformed body: invalid JSON, unknown field or wrong type (`invalid_body`), or invalid link token",
    ),
    ("401", "No valid session, or wrong credentials"),
    (
        "403",
        "Not allowed: role, `csrf` origin check, second-factor enrolment required",
    ),
    ("404", "Unknown resource in this town"),
    ("405", "Method not allowed on this path"),
    ("413", "Body too large (`payload_too_large`)"),
    ("415", "Body is not JSON (`unsupported_media_type`)"),
    (
        "422",
        "Well-formed but unacceptable values, or a missing, unknown or malformed query parameter (`validation`, `weak_password`…)",
    ),
    ("429", "Too many attempts; see the Retry-After header"),
    ("500", "Internal error (logged; no detail is given)"),
    ("503", "A dependency (database, directory) is unavailable"),
];

impl utoipa::Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, ResponseBuilder};
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in operations.into_iter().flatten() {
                for (status, description) in COMMON_ERRORS {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| {
                            ResponseBuilder::new()
                                .description(description)
                                .content(
                                    "application/json",
                                    Content::new(Some(Ref::from_schema_name("ApiErrorBody"))),
                                )
                                .build()
                                .into()
                        });
                }
            }
        }
    }
}

/// The whole document: the header, `/healthz`, and the `/api/v1` paths of the router, built and
/// serialised once when the router is made.
fn document(api_v1: utoipa::openapi::OpenApi) -> Vec<u8> {
    let mut doc = ApiDoc::openapi().nest("/api/v1", api_v1);
    CommonErrors.modify(&mut doc);
    serde_json::to_vec(&doc).expect("an OpenAPI document always serialises")
}

/// The handler of `GET /api/openapi.json`.
pub fn serve(
    api_v1: utoipa::openapi::OpenApi,
) -> impl Fn() -> std::future::Ready<axum::response::Response> + Clone + Send + Sync + 'static {
    let body = axum::body::Bytes::from(document(api_v1));
    move || {
        std::future::ready(
            ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
        )
    }
}
