#!/usr/bin/env bash
# Backup and restore, end to end, on SQLite and on PostgreSQL (scripts/backup.sh and
# scripts/restore.sh, as docs/operations.md tells operators to use them):
#
#  1. a real `voix serve --demo` (debug build) on a fresh data folder / fresh PostgreSQL
#     database: demo accounts, categories, service requests with timelines and audit entries;
#  2. while it runs AND a staff member keeps adding internal notes (each one a timeline event
#     and a hash-chained audit entry), scripts/backup.sh takes the backup;
#  3. scripts/restore.sh restores it elsewhere (new data folder / new database);
#  4. `voix audit verify` on the restored copy must exit 0 (the chain survived a live backup),
#     and every consultation archive it serves passes `voix verify`, byte for byte the same as
#     the original's;
#  5. a second `voix serve` on the restored copy must answer the same JSON as the first one
#     did: town, categories, users, every demo request (YYYY-000001…, anonymous and staff
#     views), the staff queue and the audit log — the request being written to during the
#     backup holds a prefix of the notes, and every other byte is identical. The session
#     cookies opened on the first server work on the second (sessions are in the database).
#
# Usage: scripts/backup-check.sh [sqlite|postgres]...        (default: both)
# Environment:
#   VOIX_TEST_PG_URL   PostgreSQL server (default postgres://postgres@127.0.0.1:5432, trust auth)
#   CARGO              how to run cargo (default: `flock /tmp/voix-cargo.lock cargo`, the shared
#                      machine's build lock; use CARGO=cargo when the caller already holds it)
#   VOIX_BIN           a voix binary to use instead of building the debug one
# Needs sqlite3, psql, pg_dump, pg_restore, curl and python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PG_URL="${VOIX_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
CARGO="${CARGO:-flock /tmp/voix-cargo.lock cargo}"
engines=("$@")
((${#engines[@]})) || engines=(sqlite postgres)

fail() { echo "backup-check: $*" >&2; exit 1; }
for tool in sqlite3 psql pg_dump pg_restore curl python3; do
  command -v "$tool" >/dev/null || fail "$tool not found (.ci/run installs it)"
done

if [[ -n "${VOIX_BIN:-}" ]]; then
  VOIX="$VOIX_BIN"
else
  $CARGO build -q -p backend
  TARGET_DIR="$($CARGO metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  VOIX="${TARGET_DIR:-$ROOT/target}/debug/voix"
fi
[[ -x "$VOIX" ]] || fail "no voix binary at $VOIX"

WORK="$(mktemp -d)"
PIDS=()
DBS=()
# Stops what this script started (by pid, never by name or process group), drops its
# databases and removes its folder.
cleanup() {
  local pid db
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for db in "${DBS[@]}"; do
    psql --dbname="$PG_URL/postgres" -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server LOG PORT ARGS… : runs `voix serve ARGS` in the background and waits for
# /healthz; the pid is left in $SERVER.
SERVER=
start_server() {
  local log="$1" port="$2"
  shift 2
  "$VOIX" serve --listen "127.0.0.1:$port" "$@" >"$log" 2>&1 &
  SERVER=$!
  PIDS+=("$SERVER")
  for _ in $(seq 1 150); do
    curl -fsS -m 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER" 2>/dev/null || { cat "$log" >&2; fail "voix serve exited at start"; }
    sleep 0.2
  done
  cat "$log" >&2
  fail "voix serve did not answer /healthz on port $port"
}

stop_server() {
  local pid="$1" log="$2"
  kill -TERM "$pid"
  wait "$pid" || { cat "$log" >&2; fail "voix serve did not stop cleanly"; }
  grep -q "panicked" "$log" && { cat "$log" >&2; fail "voix serve panicked"; }
  return 0
}

# login BASE EMAIL PASSWORD → the voix_session token
login() {
  local token
  token=$(curl -fsS -i -X POST -H 'Content-Type: application/json' -H "Origin: $1" \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: voix_session=\([^;]*\);.*/\1/p')
  [[ -n "$token" ]] || fail "could not log in as $2 on $1"
  echo "$token"
}

# snapshot BASE STAFF_TOKEN ADMIN_TOKEN OUT.json : every page compared, as JSON.
snapshot() {
  python3 - "$@" <<'PY'
import json, sys, urllib.request, urllib.error
base, staff, admin, out = sys.argv[1:5]
def get(path, token=None):
    req = urllib.request.Request(base + path)
    if token:
        req.add_header("Cookie", "voix_session=" + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, None
def ok(path, token=None):
    status, body = get(path, token)
    if status != 200:
        sys.exit(f"backup-check: GET {path} answered {status} on {base}")
    return body
snap = {
    "town": ok("/api/v1/town"),
    "categories": ok("/api/v1/categories"),
    "staff_categories": ok("/api/v1/staff/categories", staff),
    "users": ok("/api/v1/admin/users?limit=500", admin),
    "me": ok("/api/v1/me", admin),
    "queue": ok("/api/v1/staff/requests?per_page=100&sort=oldest", staff),
    "requests": {},
    "audit": [],
}
# The demo's tracking numbers are YYYY-000001, YYYY-000002…: read them one by one, as anyone
# can, until the first unknown one.
year = snap["queue"]["items"][0]["number"].split("-")[0] if snap["queue"]["items"] else "0"
n = 1
while True:
    number = f"{year}-{n:06d}"
    status, public = get(f"/api/v1/requests/{number}")
    if status == 404:
        break
    if status != 200:
        sys.exit(f"backup-check: GET /api/v1/requests/{number} answered {status} on {base}")
    snap["requests"][number] = {"public": public, "staff": ok(f"/api/v1/requests/{number}", staff)}
    n += 1
page = 1
while True:
    body = ok(f"/api/v1/admin/audit?page={page}", admin)
    snap["audit_total"] = body["total"]
    snap["audit_chain_valid"] = body["chain_valid"]
    if not body["items"]:
        break
    snap["audit"] += body["items"]
    page += 1
json.dump(snap, open(out, "w"), ensure_ascii=False, indent=1, sort_keys=True)
PY
}

# compare BEFORE.json AFTER.json RESTORED.json WRITTEN_NUMBER
compare() {
  python3 - "$@" <<'PY'
import json, sys
before, after, restored = (json.load(open(p)) for p in sys.argv[1:4])
written = sys.argv[4]
problems = []
def same(what, a, b):
    if a != b:
        problems.append(f"{what} differs:\n  original: {json.dumps(a, ensure_ascii=False)[:600]}\n  restored: {json.dumps(b, ensure_ascii=False)[:600]}")
def without(d, *keys):
    return {k: v for k, v in d.items() if k not in keys}

for key in ("town", "categories", "staff_categories", "users", "me"):
    same(key, before[key], restored[key])
if len(before["requests"]) < 2:
    problems.append(f"only {len(before['requests'])} demo requests were found")
same("request numbers", sorted(before["requests"]), sorted(restored["requests"]))
for number, views in before["requests"].items():
    got = restored["requests"].get(number)
    if got is None:
        continue
    if number != written:
        same(f"request {number} (public view)", views["public"], got["public"])
        same(f"request {number} (staff view)", views["staff"], got["staff"])
        continue
    # The request that received notes during the backup: the same request, a timeline that
    # starts with the one seen before and is a prefix of the final one.
    same(f"request {number} (public view)", without(views["public"], "updated_at"),
         without(got["public"], "updated_at"))
    same(f"request {number} (staff view)", without(views["staff"], "updated_at", "timeline"),
         without(got["staff"], "updated_at", "timeline"))
    t_before, t_restored = views["staff"]["timeline"], got["staff"]["timeline"]
    t_after = after["requests"][number]["staff"]["timeline"]
    if t_restored[:len(t_before)] != t_before:
        problems.append(f"request {number}: the restored timeline lost events seen before the backup")
    if t_after[:len(t_restored)] != t_restored:
        problems.append(f"request {number}: the restored timeline is not a prefix of the original's")
def queue_items(q):
    # age_seconds is computed at the time of the answer.
    return [without(i, "age_seconds", *(["updated_at"] if i["number"] == written else []))
            for i in q["items"]]
same("staff queue", queue_items(before["queue"]), queue_items(restored["queue"]))

if not restored["audit_chain_valid"]:
    problems.append("the restored audit chain does not verify (GET /api/v1/admin/audit)")
final = {e["id"]: e for e in after["audit"]}
kept = {e["id"]: e for e in restored["audit"]}
for entry_id, entry in kept.items():
    if final.get(entry_id) != entry:
        problems.append(f"audit entry {entry_id} differs from the original's")
missing = [e["id"] for e in before["audit"] if e["id"] not in kept]
if missing:
    problems.append(f"audit entries {missing} taken before the backup are missing")
caught = len(restored["audit"]) - len(before["audit"])
written_total = len(after["audit"]) - len(before["audit"])
if caught < 1:
    problems.append("the notes written before the backup started are not in it")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"{len(before['requests'])} requests, {len(before['users'])} users, "
      f"{len(restored['audit'])} audit entries identical; {caught} of the {written_total} notes "
      f"the concurrent writer added are in it")
PY
}

check_engine() {
  local engine="$1"
  local dir="$WORK/$engine"
  local a="$dir/a" b="$dir/b"
  local db_a=() db_b=()
  mkdir -p "$a"
  echo "== $engine: voix serve --demo on a fresh $( [[ $engine == sqlite ]] && echo 'data folder' || echo 'database')"
  # Administrators need a second factor by default; the check signs in with a password only.
  echo 'totp_required_roles = []' >"$a/voix.toml"
  if [[ "$engine" == postgres ]]; then
    local name="voix_backup_check_$$"
    DBS+=("${name}_a" "${name}_b")
    psql --dbname="$PG_URL/postgres" -qc "create database \"${name}_a\"" >/dev/null
    db_a=(--database-url "$PG_URL/${name}_a")
    db_b=(--database-url "$PG_URL/${name}_b")
  fi
  local port_a port_b
  port_a=$(free_port)
  start_server "$dir/a.log" "$port_a" --data-dir "$a" "${db_a[@]}" --demo
  local server_a=$SERVER base_a="http://127.0.0.1:$port_a"
  local admin_pw staff_pw admin staff
  admin_pw=$(awk '$1 == "admin@demo.voix.test" {print $3}' "$dir/a.log")
  staff_pw=$(awk '$1 == "agent@demo.voix.test" {print $3}' "$dir/a.log")
  [[ -n "$admin_pw" && -n "$staff_pw" ]] || { cat "$dir/a.log" >&2; fail "the demo printed no logins"; }
  admin=$(login "$base_a" admin@demo.voix.test "$admin_pw")
  staff=$(login "$base_a" agent@demo.voix.test "$staff_pw")
  snapshot "$base_a" "$staff" "$admin" "$dir/before.json"
  local written
  written=$(python3 -c 'import json,sys; print(min(json.load(open(sys.argv[1]))["requests"]))' "$dir/before.json")

  echo "== $engine: backup while the server runs and a staff member writes notes on $written"
  local stop="$dir/stop-writing" progress="$dir/notes-written"
  (
    i=0
    while [[ ! -e "$stop" ]] && ((i < 500)); do
      curl -fsS -m 10 -o /dev/null -X POST -H 'Content-Type: application/json' -H "Origin: $base_a" \
        -H "Cookie: voix_session=$staff" -d "{\"body\":\"Note de contrôle $i\"}" \
        "$base_a/api/v1/staff/requests/$written/notes"
      i=$((i + 1))
      echo "$i" >"$progress"
    done
  ) &
  local writer=$!
  PIDS+=("$writer")
  # The backup starts once the writer is under way (a few notes in), and runs while it goes on.
  for _ in $(seq 1 300); do
    [[ "$(cat "$progress" 2>/dev/null || echo 0)" -ge 3 ]] && break
    kill -0 "$writer" 2>/dev/null || fail "the writer stopped before the backup"
    sleep 0.1
  done
  local backup
  backup=$(scripts/backup.sh --data-dir "$a" "${db_a[@]}" "$dir/backups" | tail -n1)
  sleep 0.5
  touch "$stop"
  wait "$writer" || fail "the writer's requests failed during the backup"
  ls -l "$backup"
  snapshot "$base_a" "$staff" "$admin" "$dir/after.json"

  echo "== $engine: restore into a new $( [[ $engine == sqlite ]] && echo 'data folder' || echo 'database')"
  scripts/restore.sh "$backup" --data-dir "$b" "${db_b[@]}"
  echo "== $engine: voix audit verify on the restored copy"
  "$VOIX" audit verify --data-dir "$b" "${db_b[@]}" || fail "voix audit verify failed on the restored copy"

  echo "== $engine: a second voix serve on the restored copy answers the same"
  port_b=$(free_port)
  start_server "$dir/b.log" "$port_b" --data-dir "$b" "${db_b[@]}"
  local server_b=$SERVER base_b="http://127.0.0.1:$port_b"
  # The cookies opened on the first server: sessions are restored with the database.
  snapshot "$base_b" "$staff" "$admin" "$dir/restored.json"
  compare "$dir/before.json" "$dir/after.json" "$dir/restored.json" "$written" ||
    fail "$engine: the restored copy differs"
  # Every email file of the backup is one the first server wrote.
  local mails
  mails=$(cd "$b/mail" && find . -type f | sort | comm -23 - <(cd "$a/mail" && find . -type f | sort))
  [[ -z "$mails" ]] || fail "$engine: restored mail files unknown to the original: $mails"
  echo "mail files restored: $(find "$b/mail" -type f | wc -l)"
  # Consultation archives live in the database: every one the restored copy serves must pass
  # `voix verify` and be the same bytes as the original server's.
  echo "== $engine: voix verify on every consultation archive of the restored copy"
  local id archives=0
  for id in $(curl -sf "$base_b/api/v1/consultations" | python3 -c \
      'import json, sys; print(" ".join(c["id"] for c in json.load(sys.stdin) if c["status"] != "key_ceremony"))'); do
    curl -sf "$base_b/api/v1/consultations/$id/archive" -o "$dir/restored-$id.bel" ||
      fail "$engine: no archive for consultation $id on the restored copy"
    curl -sf "$base_a/api/v1/consultations/$id/archive" -o "$dir/original-$id.bel" ||
      fail "$engine: no archive for consultation $id on the original"
    cmp -s "$dir/restored-$id.bel" "$dir/original-$id.bel" ||
      fail "$engine: the archive of consultation $id differs after the restore"
    "$VOIX" verify "$dir/restored-$id.bel" >/dev/null || fail "voix verify failed on consultation $id"
    archives=$((archives + 1))
  done
  [[ $archives -ge 2 ]] || fail "$engine: expected the demo's consultations, verified $archives"
  echo "consultation archives verified: $archives"
  stop_server "$server_b" "$dir/b.log"
  stop_server "$server_a" "$dir/a.log"
  echo "backup-check: $engine ok"
}

for engine in "${engines[@]}"; do
  case "$engine" in
    sqlite|postgres) check_engine "$engine" ;;
    *) fail "unknown engine $engine (sqlite or postgres)" ;;
  esac
done
echo "backup-check: ok (${engines[*]}: backup under writes, restore, audit verify, same data served)"
