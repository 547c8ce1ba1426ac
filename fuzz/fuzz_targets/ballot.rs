//! Any string submitted as a ballot for the reference election is accepted only if valid, and
//! never panics the verifier.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use protocol::belenios::election::ElectionContext;

const ELECTION: &str = include_str!("../../protocol/tests/data/wasm/election.json");

fn context() -> &'static ElectionContext {
    static CTX: OnceLock<ElectionContext> = OnceLock::new();
    CTX.get_or_init(|| ElectionContext::from_raw(ELECTION.trim_end_matches('\n')).expect("reference election"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = context().verify_ballot(text);
        let _ = protocol::belenios::ballot::tracker(text);
    }
});
