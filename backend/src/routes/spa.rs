//! Serves the built SPA: static files, and `index.html` for every other path so that deep links
//! (`/reset-password?token=…`) work. When the SPA has not been built, a short page says how.

use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use tower_http::services::{ServeDir, ServeFile};

use crate::http::AppState;

pub fn service(static_dir: &Path) -> Router<AppState> {
    let index = static_dir.join("index.html");
    if index.is_file() {
        let serve = ServeDir::new(static_dir)
            .precompressed_gzip()
            .fallback(ServeFile::new(index));
        Router::new().fallback_service(serve)
    } else {
        tracing::warn!(dir = %static_dir.display(), "SPA not built: run scripts/build-spa.sh");
        Router::new().fallback(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Voix</title></head>\
                 <body><main><h1>Voix</h1><p>L'interface web n'est pas construite : lancez <code>scripts/build-spa.sh</code>.</p>\
                 <p lang=\"en\">The web interface is not built: run <code>scripts/build-spa.sh</code>.</p></main></body></html>",
            )
                .into_response()
        })
    }
}
