//! `GET /healthz`: 200 when the database answers, 503 otherwise (for load balancers and the
//! container HEALTHCHECK).

use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::http::AppState;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub database: &'static str,
}

#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, axum::Json<Health>) {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(Health {
                status: "ok",
                database: "ok",
            }),
        ),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(Health {
                    status: "unavailable",
                    database: "unreachable",
                }),
            )
        }
    }
}
