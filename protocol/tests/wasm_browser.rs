//! Ballot creation in a real browser: the protocol crate compiled to wasm32 and run in headless
//! Chromium by `wasm-bindgen-test-runner` (see scripts/test-wasm-browser.sh). It builds a
//! ballot for the reference election (3 questions, 10 ciphertexts, like the consultations'
//! template) with the browser's random generator, verifies it, and prints how long creation took.
#![cfg(target_arch = "wasm32")]

use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::OsRandom;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ELECTION: &str = include_str!("data/wasm/election.json");
/// voter1's private credential in the reference election (`sample/private_creds.txt`).
const CREDENTIAL: &str = "JFs-gPC-Js8-thi-fxA";

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn creates_and_verifies_a_ballot_in_the_browser() {
    let ctx = ElectionContext::from_raw(ELECTION.trim_end_matches('\n'))
        .expect("reference election parses");
    let choices = vec![vec![0, 1, 0], vec![1, 0, 1, 0], vec![0, 0, 1]];
    let started = now_ms();
    let ballot = ctx
        .create_ballot(CREDENTIAL, &choices, &mut OsRandom)
        .expect("ballot creation succeeds in the browser");
    let created_ms = now_ms() - started;
    let verified = ctx.verify_ballot(&ballot);
    assert!(verified.is_ok(), "{verified:?}");
    console_log!(
        "ballot (3 questions, 10 ciphertexts) created in {created_ms:.0} ms in the browser"
    );
    // A ballot for an impossible choice is refused, not produced.
    assert!(
        ctx.create_ballot(
            CREDENTIAL,
            &[vec![1, 1, 1], vec![1, 0, 0, 0], vec![0, 1, 0]],
            &mut OsRandom
        )
        .is_err()
    );
}
