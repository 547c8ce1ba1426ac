//! Security headers on every response.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy: the SPA is same-origin JavaScript plus WebAssembly, with no
/// inline script or style, and no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       img-src 'self' data:; connect-src 'self'; font-src 'self'; \
                       frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// The Content-Security-Policy for these settings: [`CSP`], with the map's tile server
/// (`scheme://host[:port]`, see `RequestSettings::map_tile_origin`) allowed as an image source
/// when the request form shows a map.
pub fn csp(tile_origin: Option<&str>) -> String {
    match tile_origin {
        Some(origin) => CSP.replacen(
            "img-src 'self' data:",
            &format!("img-src 'self' data: {origin}"),
            1,
        ),
        None => CSP.to_owned(),
    }
}

/// The layers that set the security headers when a handler did not set them itself.
pub fn layers(https: bool, tile_origin: Option<&str>) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let csp = match tile_origin {
        // The origin comes from `url` and only holds host-name characters; should it ever not
        // make a valid header, the static policy (no map tiles) is the safe fallback.
        Some(_) => HeaderValue::from_str(&csp(tile_origin))
            .unwrap_or_else(|_| HeaderValue::from_static(CSP)),
        None => HeaderValue::from_static(CSP),
    };
    let mut v = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Reset and verification tokens travel in URLs: never leak them to another site.
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self), payment=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    if https {
        v.push((header::STRICT_TRANSPORT_SECURITY, "max-age=63072000"));
    }
    std::iter::once(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        csp,
    ))
    .chain(v.into_iter().map(|(name, value)| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    }))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::{CSP, csp};

    #[test]
    fn the_tile_server_is_an_image_source_only_with_a_map() {
        assert_eq!(csp(None), CSP);
        let with = csp(Some("https://tile.openstreetmap.org"));
        assert!(with.contains("img-src 'self' data: https://tile.openstreetmap.org;"));
        assert!(with.contains("connect-src 'self';"));
        assert_eq!(with.matches("tile.openstreetmap.org").count(), 1);
    }
}
