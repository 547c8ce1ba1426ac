#!/usr/bin/env bash
# Runs protocol/tests/wasm_browser.rs in headless Chromium: the voting core compiled to
# wasm32 creates and verifies a ballot in a real browser (wasm-bindgen-test-runner drives
# Chromium through Debian's chromedriver; options in protocol/webdriver.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=180
cargo test -p protocol --target wasm32-unknown-unknown --test wasm_browser -- --nocapture
