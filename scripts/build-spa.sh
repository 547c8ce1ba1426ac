#!/usr/bin/env bash
# Builds the Voix single-page application into frontend/dist/:
#
#   frontend/dist/index.html, boot.js, style.css, favicon.svg   (copied from frontend/static/)
#   frontend/dist/pkg/voix.js, voix_bg.wasm                       (cargo + wasm-bindgen)
#
# Usage: scripts/build-spa.sh            (from any directory)
# On the shared build machine, serialise cargo runs: flock /tmp/voix-cargo.lock scripts/build-spa.sh
#
# Needs the wasm32-unknown-unknown target and the wasm-bindgen CLI at exactly the version of the
# `wasm-bindgen` crate in Cargo.lock (cargo install wasm-bindgen-cli --version <that version>).
# Fetches nothing from the network besides what cargo itself may need (set CARGO_NET_OFFLINE=true
# to forbid that too). No wasm-opt for now (Debian's binaryen 108 breaks the module).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET=wasm32-unknown-unknown
PROFILE=wasm-release
CRATE_LIB=voix_frontend
STATIC="$ROOT/frontend/static"
DIST="$ROOT/frontend/dist"

die() {
  echo "build-spa: error: $*" >&2
  exit 1
}

command -v cargo >/dev/null || die "cargo not found"
WASM_BINDGEN="${WASM_BINDGEN:-wasm-bindgen}"
command -v "$WASM_BINDGEN" >/dev/null ||
  die "wasm-bindgen CLI not found; install it with: cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock>"

# The version of the `wasm-bindgen` crate recorded in Cargo.lock.
locked_version() {
  [[ -f "$ROOT/Cargo.lock" ]] || return 0
  awk '
    /^\[\[package\]\]/ { in_wb = 0 }
    /^name = "wasm-bindgen"$/ { in_wb = 1; next }
    in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

cli_version="$("$WASM_BINDGEN" --version | awk '{ print $2 }')"

check_versions() {
  local locked
  locked="$(locked_version)"
  if [[ -n "$locked" && "$locked" != "$cli_version" ]]; then
    die "wasm-bindgen CLI is $cli_version but Cargo.lock has wasm-bindgen $locked; they must be equal (cargo install wasm-bindgen-cli --version $locked)"
  fi
}

# Fail fast when Cargo.lock already exists, and check again after the build (which may create
# or update it).
check_versions

echo "build-spa: cargo build -p frontend --target $TARGET --profile $PROFILE"
(cd "$ROOT" && cargo build -p frontend --target "$TARGET" --profile "$PROFILE")

check_versions
[[ -n "$(locked_version)" ]] || die "no wasm-bindgen entry in $ROOT/Cargo.lock"

TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
[[ -n "$TARGET_DIR" ]] || TARGET_DIR="$ROOT/target"
WASM="$TARGET_DIR/$TARGET/$PROFILE/$CRATE_LIB.wasm"
[[ -f "$WASM" ]] || die "expected $WASM after the build"

rm -rf "$DIST"
mkdir -p "$DIST/pkg"

echo "build-spa: wasm-bindgen $cli_version -> frontend/dist/pkg"
"$WASM_BINDGEN" --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$DIST/pkg" --out-name voix "$WASM"

for f in index.html boot.js style.css favicon.svg favicon.ico; do
  if [[ -f "$STATIC/$f" ]]; then
    cp "$STATIC/$f" "$DIST/$f"
  fi
done
for f in index.html boot.js style.css; do
  [[ -f "$DIST/$f" ]] || die "missing frontend/static/$f"
done

echo "build-spa: done"
ls -l "$DIST" "$DIST/pkg"
