#!/usr/bin/env bash
# Builds exactly what the container image ships, into DEST (default: target/image):
#   DEST/bin/voix              the server, release profile
#   DEST/share/voix/web/       the built SPA (index.html, boot.js, style.css, pkg/)
# The Dockerfile's build stage runs this script, and CI runs it on the host through
# scripts/image-check.sh (no Docker engine there), so the two cannot drift apart.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DEST="${1:-$ROOT/target/image}"
scripts/toolchain.sh
scripts/build-spa.sh
cargo build --release --locked -p backend
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
rm -rf "$DEST"
mkdir -p "$DEST/bin" "$DEST/share/voix"
cp "${TARGET_DIR:-$ROOT/target}/release/voix" "$DEST/bin/voix"
cp -r frontend/dist "$DEST/share/voix/web"
echo "build-release: $DEST"
