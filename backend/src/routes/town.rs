//! The request's town: its public identity for the SPA, its colours as a stylesheet (so pages
//! need no inline style under the CSP) and its logo.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use protocol::api::TownInfo;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::http::AppState;
use crate::http::town::CurrentTown;
use crate::repo::towns;

/// The town this host name serves.
#[utoipa::path(get, path = "/town", tag = "town", responses((status = 200, body = TownInfo)))]
pub async fn info(
    axum::extract::State(state): axum::extract::State<crate::http::AppState>,
    CurrentTown(town): CurrentTown,
) -> axum::Json<TownInfo> {
    let mut info = town.info();
    info.directory_login = state
        .settings
        .ldap
        .as_ref()
        .is_some_and(|l| l.serves(&town.slug, town.is_default));
    let requests = &state.settings.requests;
    info.filing_requires_residency = requests.require_residency;
    if let Some(url) = &requests.map_tile_url {
        info.map_tile_url = Some(url.clone());
        info.map_center = requests
            .map_center
            .map(|(lat, lon)| protocol::api::MapCenter { lat, lon });
        info.map_zoom = Some(requests.map_zoom);
        info.map_attribution = requests.map_attribution.clone();
    }
    axum::Json(info)
}

/// Black or white, whichever contrasts more with `#rrggbb` (WCAG relative luminance).
fn contrast_text(hex: &str) -> &'static str {
    let channel = |i: usize| {
        let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with white: 1.05 / (l + 0.05); with black: (l + 0.05) / 0.05.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// `/town.css`: the town's colours as CSS custom properties.
pub async fn stylesheet(CurrentTown(town): CurrentTown) -> Response {
    let css = format!(
        ":root {{\n  --town-primary: {p};\n  --town-primary-contrast: {pc};\n  --town-accent: {a};\n}}\n",
        p = town.primary_color,
        pc = contrast_text(&town.primary_color),
        a = town.accent_color,
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        css,
    )
        .into_response()
}

/// `/town/logo`: the town's logo, 404 when it has none.
pub async fn logo(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
) -> Result<Response, ApiError> {
    let mut tx = state.db.read().await?;
    let (bytes, mime) = towns::logo(&mut tx, &town.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(info))
}

#[cfg(test)]
mod tests {
    use super::contrast_text;

    #[test]
    fn picks_readable_text_colour() {
        assert_eq!(contrast_text("#1d4e89"), "#ffffff");
        assert_eq!(contrast_text("#ffe14d"), "#000000");
    }
}
