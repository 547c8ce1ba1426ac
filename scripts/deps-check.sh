#!/usr/bin/env bash
# Dependency audit with cargo-deny (configuration: deny.toml) over every crate of Cargo.lock:
#   licenses  every licence is in the AGPL-3.0-or-later-compatible allow list;
#   bans      no banned crate (OpenSSL), no wildcard version requirement;
#   sources   crates come from crates.io only (no git, no other registry).
# These three need no advisory database. The RustSec advisory check
# (`cargo deny check advisories`) fetches its database from github.com, which this machine
# and CI cannot reach: run it where github.com is reachable (docs/security.md, "Dependency
# audit").
#
# Installs cargo-deny (pinned version, `cargo install --locked`) when it is missing.
# Environment: CARGO  how to run cargo (default: `flock /tmp/voix-cargo.lock cargo`, the shared
#                     machine's build lock; use CARGO=cargo when the caller already holds it).
#              DENY_GRAPHS=1  print, for each finding, the dependency path that brings the
#                     crate in (long: every duplicate version gets its tree).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CARGO="${CARGO:-flock /tmp/voix-cargo.lock cargo}"
DENY_VERSION=0.20.2

if ! command -v cargo-deny >/dev/null; then
  echo "deps-check: installing cargo-deny $DENY_VERSION (a few minutes)"
  $CARGO install --locked cargo-deny --version "$DENY_VERSION"
fi
graphs=(--hide-inclusion-graph)
[[ "${DENY_GRAPHS:-0}" == 1 ]] && graphs=()
# --locked: Cargo.lock is what is checked, never an updated resolution.
$CARGO deny --locked --color never check "${graphs[@]}" licenses bans sources
echo "deps-check: ok (licenses, bans, sources; advisories need github.com: see docs/security.md)"
