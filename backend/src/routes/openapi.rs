//! `GET /api/openapi.json`, generated from the handlers' annotations and protocol's types.

use utoipa::OpenApi;

use super::{admin, auth, consultations, health, me, requests, residency, staff, totp, town};

#[derive(Debug, OpenApi)]
#[openapi(
    modifiers(&CommonErrors),
    info(title = "Voix API", description = "API of Voix, the resident platform of a town hall.",
         license(name = "AGPL-3.0-or-later")),
    paths(
        health::healthz,
        town::info,
        auth::register, auth::verify_email, auth::login, auth::directory_login, auth::logout, auth::logout_all,
        auth::reset_request, auth::reset_confirm,
        me::get_me, me::update_me, me::change_password, me::export, me::delete_me,
        totp::enrol, totp::confirm, totp::disable,
        admin::list_users, admin::update_user, admin::reset_totp, admin::list_towns, admin::create_town,
        residency::import_census, residency::census_summary, residency::my_residency,
        residency::request_residency, residency::lookup, residency::verify_manually, residency::revoke,
        requests::list_categories, requests::file, requests::mine, requests::detail, requests::photo,
        requests::comment, requests::reopen, requests::follow, requests::unfollow, requests::flag,
        staff::queue, staff::export_csv, staff::change_status, staff::public_update, staff::internal_note,
        staff::assign, staff::hide, staff::members, staff::flags, staff::resolve_flag, staff::block,
        staff::unblock, staff::list_categories, staff::create_category, staff::update_category,
        staff::audit_log,
        consultations::list, consultations::detail, consultations::create, consultations::update,
        consultations::delete, consultations::upload_voters, consultations::start_key_ceremony,
        consultations::officials, consultations::open, consultations::cast, consultations::board,
        consultations::election,
        consultations::verify_receipt, consultations::archive, consultations::close,
        consultations::tally, consultations::results,
        consultations::ceremony_state, consultations::trustee_list, consultations::trustee_work,
        consultations::trustee_ceremony, consultations::trustee_decryption,
    ),
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

pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
