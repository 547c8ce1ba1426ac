//! `GET /api/openapi.json`, generated from the handlers' annotations and protocol's types.

use utoipa::OpenApi;

use super::{admin, auth, health, me, residency, totp, town};

#[derive(Debug, OpenApi)]
#[openapi(
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
    ),
    tags((name = "auth", description = "Accounts and sessions"), (name = "me", description = "The signed-in account"),
         (name = "admin", description = "Administration"), (name = "town", description = "Town identity"),
         (name = "residency", description = "Census and residency verification"),
         (name = "health", description = "Liveness"))
)]
pub struct ApiDoc;

pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
