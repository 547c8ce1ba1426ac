//! `GET /api/openapi.json`, generated from the handlers' annotations and protocol's types.

use utoipa::OpenApi;

use super::{admin, auth, health, me, town};

#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "Voix API", description = "API of Voix, the resident platform of a town hall.",
         license(name = "AGPL-3.0-or-later")),
    paths(
        health::healthz,
        town::info,
        auth::register, auth::verify_email, auth::login, auth::logout, auth::logout_all,
        auth::reset_request, auth::reset_confirm,
        me::get_me, me::update_me, me::change_password, me::export, me::delete_me,
        admin::list_users, admin::update_user, admin::list_towns, admin::create_town,
    ),
    tags((name = "auth", description = "Accounts and sessions"), (name = "me", description = "The signed-in account"),
         (name = "admin", description = "Administration"), (name = "town", description = "Town identity"),
         (name = "health", description = "Liveness"))
)]
pub struct ApiDoc;

pub async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
