#!/usr/bin/env bash
# Runs every test CI runs: formatting, lints, unit and integration tests on SQLite and
# PostgreSQL (with a real SMTP server), the wasm builds, and the browser tests in Chromium.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; override with
# VOIX_TEST_PG_URL), python3 with aiosmtpd, node/npm, chromium at /usr/bin/chromium.
# .ci/run installs and starts all of these on a fresh machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n== %s\n' "$*"; }

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
cargo test

step "SPA build"
scripts/build-spa.sh

step "browser tests (Chromium)"
scripts/e2e.sh
