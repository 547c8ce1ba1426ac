#!/usr/bin/env bash
# Builds everything (SPA to wasm, server in release mode) and starts `voix serve` on the SQLite
# default (./data), with the SPA served at http://127.0.0.1:8080. Extra arguments go to
# `voix serve`, e.g. scripts/run.sh --demo
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/toolchain.sh
scripts/build-spa.sh
cargo build --release -p backend
exec cargo run --release -q -p backend -- serve --static-dir "$ROOT/frontend/dist" "$@"
