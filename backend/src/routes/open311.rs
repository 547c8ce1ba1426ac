//! Open311 GeoReport v2 under `/open311/v2/` (being written).

use axum::Router;

use crate::http::AppState;

/// The `/open311/v2` routes.
pub fn router() -> Router<AppState> {
    Router::new()
}
