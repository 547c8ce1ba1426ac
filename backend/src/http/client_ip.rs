//! The client's address, for throttling and logs.
//!
//! Behind reverse proxies (`trust_proxy` = the number of proxies in front of Voix), the address
//! is read from `X-Forwarded-For`. Every line of that header is one list (RFC 9110 §5.3: field
//! lines with the same name are one comma-separated value), in the order the lines arrived; each
//! proxy appends the address it received the request from. Only the entries written by the
//! trusted proxies can be believed, so the client is the entry `hops` places from the right:
//! whatever a client writes itself lies further left and is never read. When the list is
//! shorter than that, or the entry is not an address, the connecting peer's address is used
//! (all such requests then share one throttle, the safe side).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// The address `hops` trusted proxies vouch for, from every `X-Forwarded-For` line; `None`
/// when it cannot be known (no proxy trusted, too few entries, not an address).
pub fn forwarded_client(headers: &HeaderMap, hops: u8) -> Option<IpAddr> {
    if hops == 0 {
        return None;
    }
    let mut entries = Vec::new();
    for line in headers.get_all("x-forwarded-for") {
        // A line that is not visible ASCII cannot have been written by a proxy: distrust all.
        let line = line.to_str().ok()?;
        entries.extend(line.split(',').map(str::trim));
    }
    let index = entries.len().checked_sub(usize::from(hops))?;
    entries[index].parse::<IpAddr>().ok()
}

pub fn client_ip(parts: &Parts, trust_proxy: u8) -> String {
    if let Some(ip) = forwarded_client(&parts.headers, trust_proxy) {
        return ip.to_string();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ci| ci.0.ip().to_string())
}

/// Extractor: the client's address as [`client_ip`] finds it.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<super::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &super::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(client_ip(parts, state.settings.trust_proxy)))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn one_proxy_believes_only_the_last_entry_of_all_lines() {
        // The client's own line first, the proxy's appended as a second line.
        let h = headers(&["203.0.113.66", "198.51.100.7"]);
        assert_eq!(forwarded_client(&h, 1), ip("198.51.100.7"));
        // The same as one comma-joined line.
        let h = headers(&["203.0.113.66, 198.51.100.7"]);
        assert_eq!(forwarded_client(&h, 1), ip("198.51.100.7"));
        // A spoofed left-most value changes nothing.
        let h = headers(&["1.2.3.4, 5.6.7.8", "198.51.100.7"]);
        assert_eq!(forwarded_client(&h, 1), ip("198.51.100.7"));
    }

    #[test]
    fn two_proxies_take_the_second_entry_from_the_right() {
        let h = headers(&["203.0.113.66, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(forwarded_client(&h, 2), ip("198.51.100.7"));
        let h = headers(&["2001:db8::1", "10.0.0.2"]);
        assert_eq!(forwarded_client(&h, 2), ip("2001:db8::1"));
    }

    #[test]
    fn unknowable_addresses_fall_back_to_the_peer() {
        assert_eq!(forwarded_client(&headers(&["198.51.100.7"]), 0), None);
        assert_eq!(forwarded_client(&headers(&["198.51.100.7"]), 2), None);
        assert_eq!(forwarded_client(&headers(&[]), 1), None);
        assert_eq!(forwarded_client(&headers(&["1.2.3.4, unknown"]), 1), None);
        assert_eq!(forwarded_client(&headers(&["1.2.3.4,"]), 1), None);
    }
}
