#!/usr/bin/env bash
# Runs every test CI runs: formatting, lints, unit and integration tests on SQLite and
# PostgreSQL (with a real SMTP server), the SPA's unit tests, the wasm builds, ballot creation in Chromium (wasm),
# and the browser tests of the SPA.
#
# Installs and starts what is missing first (scripts/test-deps.sh: Debian packages, PyPI
# tools, PostgreSQL on 127.0.0.1:5432 with user postgres and trust auth — override the URL
# with VOIX_TEST_PG_URL), then the Rust pieces of the wasm build (scripts/toolchain.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
step() { printf '\n== %s\n' "$*"; }
# Runs a command, keeping its output for the final count.
counted() { "$@" 2>&1 | tee -a "$LOG"; }

step "what the tests need"
scripts/test-deps.sh

step "format"
cargo fmt --all -- --check

step "toolchain"
scripts/toolchain.sh

step "clippy (server and protocol)"
cargo clippy --all-targets -- -D warnings
step "clippy (SPA, wasm32)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
step "protocol builds for wasm32"
cargo build -p protocol --target wasm32-unknown-unknown

step "unit and integration tests (SQLite and PostgreSQL)"
counted cargo test

step "the SPA's unit tests (native: texts, form rules, formatting)"
counted cargo test -p frontend --lib

step "ballot creation in Chromium (wasm)"
counted scripts/test-wasm-browser.sh

step "SPA build"
scripts/build-spa.sh

step "browser tests of the SPA (Chromium)"
counted scripts/e2e.sh

step "API fuzzing against the OpenAPI document (schemathesis)"
scripts/api-fuzz.sh 40

step "container image contents, built and run as the Dockerfile does"
scripts/image-check.sh

step "backup while serving, restore elsewhere, same data served (SQLite and PostgreSQL)"
scripts/backup-check.sh

step "fault: PostgreSQL restarted under load, Voix recovers without a restart"
scripts/fault-pg-restart.sh

step "dependency licenses, bans and sources (cargo-deny)"
scripts/deps-check.sh

# One closing line for the whole run: cargo's "N passed; M failed" and Playwright's "N passed".
passed=$(grep -oE '(ok|FAILED)\. [0-9]+ passed' "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE '[0-9]+ failed' "$LOG" | awk '{s+=$1} END {print s+0}')
e2e=$(grep -oE '^ +[0-9]+ passed \(' "$LOG" | awk '{s+=$1} END {print s+0}')
printf '\n%s passed, %s failed\n' "$((passed + e2e))" "$failed"
