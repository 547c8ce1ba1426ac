#!/usr/bin/env bash
# Makes sure the Rust pieces the SPA build needs are present: the wasm32 target and the
# wasm-bindgen CLI at exactly the version of the `wasm-bindgen` crate in Cargo.lock.
# Idempotent; installs only what is missing (the CLI build takes about 4 minutes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "toolchain: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

want="$(awk '/^\[\[package\]\]/{p=0} /^name = "wasm-bindgen"$/{p=1;next} p&&/^version = /{gsub(/"/,"",$3);print $3;exit}' "$ROOT/Cargo.lock")"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have" != "$want" ]]; then
  echo "toolchain: cargo install wasm-bindgen-cli --version $want (found: ${have:-none})"
  # Without --locked: the CLI's own lock file pins a crate the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$want"
fi
