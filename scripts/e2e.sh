#!/usr/bin/env bash
# Browser tests: builds the server (debug), starts a real SMTP server (STARTTLS, test
# certificate) and `voix serve` on a fresh SQLite data folder, then runs @playwright/test on
# Debian's Chromium. Set VOIX_E2E_DATABASE_URL=postgres://… to run them on PostgreSQL.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -f frontend/dist/index.html ]] || scripts/build-spa.sh
cargo build -p backend
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
export VOIX_BIN="${TARGET_DIR:-$ROOT/target}/debug/voix"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "basicConstraints=critical,CA:FALSE" \
  -keyout "$WORK/smtp-key.pem" -out "$WORK/smtp-cert.pem" 2>/dev/null
export VOIX_E2E_WORK="$WORK"
# The journeys check the board right after voting: publish each ballot at once (batches of
# one). Ballot secrecy at rest, with the default batches, is attacked by the cargo tests
# (backend/tests/api/consultations/secrecy.rs).
mkdir -p "$WORK/data"
# (The default town's name is also the file's: the command below creates it first.)
printf 'default_town_name = "Ville de Testville"\n[consultations]\nboard_batch_size = 1\n' \
  > "$WORK/data/voix.toml"
# The second town, on its own host name (Chromium resolves *.localhost to loopback): its mails
# must link to it (e2e/tests/second-town.spec.ts).
db_args=()
[[ -n "${VOIX_E2E_DATABASE_URL:-}" ]] && db_args=(--database-url "$VOIX_E2E_DATABASE_URL")
"$VOIX_BIN" admin create-town --data-dir "$WORK/data" "${db_args[@]}" \
  --slug ville-b --name "Ville de Secondville" --host ville-b.localhost >/dev/null

cd e2e
if [[ ! -d node_modules/@playwright/test || ! -d node_modules/axe-core ]]; then
  npm ci --no-audit --no-fund
fi
npx playwright test "$@"
