//! The officials' key-ceremony messages (Belenios threshold set-up): any bytes given as a
//! certificate, a polynomial, a voutput or threshold parameters yield `Ok` or a precise error,
//! never a panic. The first byte picks the message kind, the rest is its JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use protocol::belenios::group::{BELENIOS_2048, Group};
use protocol::belenios::pedersen::{self, Polynomial, Voutput};
use protocol::belenios::trustees::{self, SignedMsg, ThresholdParams};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(group) = Group::by_name(BELENIOS_2048) else {
        return;
    };
    match kind % 4 {
        0 => {
            if let Ok(cert) = serde_json::from_str::<SignedMsg>(text) {
                let _ = pedersen::check_certificate(group, &cert);
                let _ = pedersen::step2(group, &[cert.clone(), cert]);
            }
        }
        1 => {
            if let Ok(polynomial) = serde_json::from_str::<Polynomial>(text) {
                let certs = [polynomial.coefexps.clone()];
                let _ = pedersen::step2(group, &certs);
            }
        }
        2 => {
            if let Ok(voutput) = serde_json::from_str::<Voutput>(text) {
                let _ = pedersen::check_voutput(group, &[], 0, &[], &voutput);
            }
        }
        _ => {
            if let Ok(params) = serde_json::from_str::<ThresholdParams>(text) {
                let _ = trustees::check_pedersen(group, &params);
                let _ = trustees::parse_coefexps(&params);
            }
        }
    }
});
