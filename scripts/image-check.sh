#!/usr/bin/env bash
# Checks the container image's contents without a Docker engine: builds them with the
# Dockerfile's own script (scripts/build-release.sh), then runs them as the image does —
# unprivileged user, configuration from VOIX_* environment variables, data in its own
# folder — and checks the HEALTHCHECK command, the SPA and a graceful stop on SIGTERM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d)"
SERVER=
# (Never `kill 0`: that would signal this whole process group, the test run included.)
trap 'if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
scripts/build-release.sh "$WORK/image"
chmod -R a+rX "$WORK"
mkdir -p "$WORK/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# As in the Dockerfile: ENV VOIX_DATA_DIR, VOIX_LISTEN, VOIX_STATIC_DIR; USER (non-root).
run_as=()
if [[ "$(id -u)" == 0 ]]; then
  chown nobody "$WORK/data"
  run_as=(setpriv --reuid nobody --regid nogroup --clear-groups --)
fi
env VOIX_DATA_DIR="$WORK/data" VOIX_LISTEN="127.0.0.1:$PORT" VOIX_STATIC_DIR="$WORK/image/share/voix/web" \
  "${run_as[@]}" "$WORK/image/bin/voix" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
fail() { echo "image-check: $*" >&2; cat "$WORK/serve.log" >&2; exit 1; }
# The image's HEALTHCHECK command.
curl -fsS "http://127.0.0.1:$PORT/healthz" | grep -q '"status":"ok"' || fail "healthz"
curl -fsS "http://127.0.0.1:$PORT/" | grep -q '<html lang="fr"' || fail "the SPA is not served"
ctype=$(curl -fsS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT/pkg/voix_bg.wasm")
[[ "$ctype" == application/wasm* ]] || fail "wasm served as $ctype"
[[ -f "$WORK/data/voix.sqlite3" ]] || fail "no database in the data volume"
if [[ "$(id -u)" == 0 ]]; then
  owner=$(stat -c %U "$WORK/data/voix.sqlite3")
  [[ "$owner" == nobody ]] || fail "the database belongs to $owner, not the unprivileged user"
fi
kill -TERM "$SERVER"
wait "$SERVER" || fail "voix did not stop cleanly on SIGTERM"
SERVER=
grep -q "voix stopped" "$WORK/serve.log" || fail "no graceful shutdown in the log"
echo "image-check: ok (release build, unprivileged run, healthcheck, SPA, wasm, graceful stop)"
