#!/usr/bin/env bash
# Backs up a Voix installation while it runs (no need to stop `voix serve`):
#   - the database: SQLite through the online backup API (`sqlite3 DB ".backup FILE"`, a
#     consistent snapshot even while the server writes), PostgreSQL with `pg_dump -Fc`
#     (one transaction, so one consistent snapshot too);
#   - the configuration file (`--config`, or `<data dir>/voix.toml` when it exists);
#   - the `mail/` folder of the data directory, when it exists (the file transport's `.eml`
#     files; empty or absent with an SMTP relay);
#   - the ballot seal key (`ballot_seal_key_file` of the configuration file, else
#     `<data dir>/ballot-seal.key`): ballots waiting for the board's next batch are sealed
#     with it, and cannot be published without it.
#
# Usage:
#   scripts/backup.sh [--data-dir DIR] [--database-url URL] [--config FILE] DEST
#
# The database is the one `voix` itself would open: `--database-url`, else $VOIX_DATABASE_URL,
# else `database_url` of the configuration file, else `sqlite:<data dir>/voix.sqlite3`. The data
# directory is `--data-dir`, else $VOIX_DATA_DIR, else ./data.
#
# Writes DEST/voix-<sqlite|postgres>-<UTC time>/ holding `voix.sqlite3` or `voix.pgdump`,
# `voix.toml`, `mail.tar`, `ballot-seal.key`, `MANIFEST` and `SHA256SUMS`, and prints that folder's path as the
# last line of standard output. The backup is readable by its owner only: it holds password
# hashes, TOTP secrets (stored unencrypted, see docs/privacy.md), personal data and, in the
# configuration file, the SMTP/IMAP/LDAP passwords. Restore it with scripts/restore.sh.
#
# Needs `sqlite3` (Debian package sqlite3) for SQLite, `pg_dump` (postgresql-client, at least
# the server's major version) for PostgreSQL.
set -euo pipefail
umask 077

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "backup: $*" >&2; exit 1; }

data_dir="${VOIX_DATA_DIR:-./data}"
database_url="${VOIX_DATABASE_URL:-}"
config="${VOIX_CONFIG:-}"
dest=
while (($#)); do
  case "$1" in
    --data-dir) data_dir="${2:?}"; shift 2 ;;
    --database-url) database_url="${2:?}"; shift 2 ;;
    --config) config="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$dest" ]] || die "one destination only"; dest="$1"; shift ;;
  esac
done
[[ -n "$dest" ]] || usage
if [[ -z "$config" && -f "$data_dir/voix.toml" ]]; then
  config="$data_dir/voix.toml"
fi
if [[ -n "$config" && ! -f "$config" ]]; then
  die "no configuration file $config"
fi
# `database_url = "…"` of the configuration file (a top-level string key, as voix reads it).
if [[ -z "$database_url" && -n "$config" ]]; then
  database_url="$(sed -n 's/^[[:space:]]*database_url[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$config" | head -n1)"
fi
if [[ -z "$database_url" ]]; then
  database_url="sqlite:$data_dir/voix.sqlite3"
fi

case "$database_url" in
  sqlite:*) engine=sqlite ;;
  postgres://*|postgresql://*) engine=postgres ;;
  *) die "unsupported database URL (expected sqlite:PATH or postgres://…)" ;;
esac

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
out="$dest/voix-$engine-$stamp"
[[ ! -e "$out" ]] || die "$out already exists"
partial="$out.partial"
rm -rf "$partial"
mkdir "$partial"
# A failed run leaves no half-written backup behind.
trap 'rm -rf "$partial"' EXIT

case "$engine" in
  sqlite)
    command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
    file="${database_url#sqlite:}"
    file="${file#//}"
    file="${file%%\?*}"
    [[ -f "$file" ]] || die "no SQLite database at $file"
    # The online backup API copies a consistent snapshot page by page while voix keeps
    # writing (WAL mode); the busy timeout waits for a writer's lock instead of failing.
    sqlite3 "$file" ".timeout 30000" ".backup '$partial/voix.sqlite3'"
    check="$(sqlite3 "$partial/voix.sqlite3" "pragma integrity_check;")"
    [[ "$check" == ok ]] || die "the copy fails its integrity check: $check"
    ;;
  postgres)
    command -v pg_dump >/dev/null || die "pg_dump not found (apt-get install postgresql-client)"
    # Custom format: compressed, restored with pg_restore (table by table if need be). Keep
    # the password out of the URL (other local users see command lines): ~/.pgpass or
    # PGPASSWORD are read by pg_dump.
    pg_dump --dbname="$database_url" --format=custom --no-owner --no-privileges \
      --file="$partial/voix.pgdump"
    ;;
esac

if [[ -n "$config" ]]; then
  cp "$config" "$partial/voix.toml"
fi
if [[ -d "$data_dir/mail" ]]; then
  tar -C "$data_dir" -cf "$partial/mail.tar" mail
fi
seal_key=""
if [[ -n "$config" ]]; then
  seal_key="$(sed -n 's/^[[:space:]]*ballot_seal_key_file[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$config" | head -n1)"
fi
seal_key="${seal_key:-$data_dir/ballot-seal.key}"
if [[ -f "$seal_key" ]]; then
  cp "$seal_key" "$partial/ballot-seal.key"
fi
{
  echo "engine=$engine"
  echo "created_at=$stamp"
  echo "host=$(hostname 2>/dev/null || echo unknown)"
  if command -v voix >/dev/null; then echo "voix=$(voix --version 2>/dev/null || true)"; fi
} >"$partial/MANIFEST"
(cd "$partial" && sha256sum -- * >SHA256SUMS)
mv "$partial" "$out"
trap - EXIT
echo "backup: $engine database, $(du -sh "$out" | cut -f1) in $out" >&2
echo "$out"
