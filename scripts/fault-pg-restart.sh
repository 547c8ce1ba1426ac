#!/usr/bin/env bash
# Fault test: PostgreSQL is restarted while `voix serve` is under load. During the outage
# requests must fail cleanly (503 `unavailable`, never a 500 nor a dropped connection), and
# once PostgreSQL is back Voix serves again by itself, without being restarted.
#   scripts/fault-pg-restart.sh
# Needs the local PostgreSQL cluster (pg_ctlcluster) on 127.0.0.1:5432 and nothing else using
# it meanwhile (it is restarted).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo build -q -p backend
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
VOIX="${TARGET_DIR:-$ROOT/target}/debug/voix"
PG_ADMIN="${VOIX_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
CLUSTER="$(ls /etc/postgresql | head -n1)"
WORK="$(mktemp -d)"
DB="voix_fault_$$"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
  psql "$PG_ADMIN/postgres" -qc "drop database if exists $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

psql "$PG_ADMIN/postgres" -qc "create database $DB" >/dev/null
URL="$PG_ADMIN/$DB"
echo 'totp_required_roles = []' > "$WORK/voix.toml"
echo "un mot de passe solide" | "$VOIX" admin create-user --data-dir "$WORK" --database-url "$URL" \
  --email agent@fault.test --role staff >/dev/null
"$VOIX" serve --demo --data-dir "$WORK" --database-url "$URL" --listen "127.0.0.1:$PORT" \
  >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/healthz" >/dev/null || { echo "voix did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
YEAR=$(date -u +%Y)

python3 scripts/support/load.py --base "$BASE" --clients 8 --seconds 30 \
  --login "agent@fault.test:un mot de passe solide" --out "$WORK/load.txt" \
  /api/v1/categories "/api/v1/requests/$YEAR-000001" /open311/v2/requests.json /healthz &
LOAD=$!
sleep 8
echo "restarting PostgreSQL under load"
RESTART_AT=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
sleep 5
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
BACK_AT=$(date +%s.%N)
wait "$LOAD"

python3 - "$WORK/load.txt" "$RESTART_AT" "$BACK_AT" <<'PY'
import sys
from collections import Counter
path, restart_at, back_at = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = [l.split() for l in open(path) if l.strip()]
by_phase = {"before": Counter(), "outage": Counter(), "after": Counter()}
first_ok_after = None
for t, status, ms, what in rows:
    t = float(t)
    phase = "before" if t < restart_at else ("outage" if t < back_at else "after")
    by_phase[phase][status] += 1
    if phase == "after" and status == "200" and first_ok_after is None:
        first_ok_after = t
for phase, c in by_phase.items():
    print(f"{phase:>7}: " + ", ".join(f"{s}: {n}" for s, n in sorted(c.items())))
# 429 is the login throttle doing its job (one account logs in over and over): a clean answer.
ok = lambda r: r[1] in ("200", "503") or (r[1] == "429" and r[3].endswith("/auth/login"))
bad = [r for r in rows if not ok(r)]
if bad:
    print("unexpected answers (only 200, 503, and 429 on login are acceptable):", *bad[:10], sep="\n  ")
    sys.exit(1)
if by_phase["before"]["200"] == 0 or by_phase["outage"]["503"] == 0:
    print("the load did not cover the outage")
    sys.exit(1)
tail = [r for r in rows if float(r[0]) > back_at + 5]
if not tail or any(r[1] not in ("200", "429") or not ok(r) for r in tail):
    print("Voix did not recover within 5 s of PostgreSQL's return")
    sys.exit(1)
print(f"recovered {first_ok_after - back_at:.2f} s after PostgreSQL was back, without a restart")
PY
if grep -q "panicked" "$WORK/serve.log"; then
  echo "the server panicked" >&2
  exit 1
fi
echo "fault-pg-restart: ok"
