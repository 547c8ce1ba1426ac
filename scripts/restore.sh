#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a NEW place, never over live data, so the
# running installation does not need to stop (switch over once the copy is checked):
#   - SQLite: into a new data directory (its `voix.sqlite3` must not exist yet);
#   - PostgreSQL: with pg_restore into a new database (created when missing; refused when it
#     already holds tables), plus a data directory for `mail/` and the configuration file.
#
# Usage:
#   scripts/restore.sh BACKUP_DIR --data-dir NEW_DIR                                  (SQLite)
#   scripts/restore.sh BACKUP_DIR --data-dir NEW_DIR --database-url postgres://…/NEW_DB  (PostgreSQL)
#
# The backup's checksums are verified first. `mail.tar` is unpacked into NEW_DIR/mail, the
# ballot seal key copied to NEW_DIR/ballot-seal.key. The
# configuration file becomes NEW_DIR/voix.toml, unless NEW_DIR already has one or the file
# names a `database_url` (it would point the restored copy at the OLD database): it is then
# written as NEW_DIR/voix.toml.from-backup for you to review.
#
# Then, with the same voix version as the backup (or a newer one: it migrates):
#   voix audit verify --data-dir NEW_DIR [--database-url …]    exit 0: every town's chain is intact
#   voix serve --data-dir NEW_DIR [--database-url …]
# A restored copy started with the backup's [smtp] or [imap] settings sends the emails that
# were still queued and polls the same mailbox: for a restore drill, remove those sections.
#
# Needs `sqlite3` for SQLite, `pg_restore` and `psql` (postgresql-client) for PostgreSQL.
set -euo pipefail
umask 077

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "restore: $*" >&2; exit 1; }

backup=
data_dir=
database_url=
while (($#)); do
  case "$1" in
    --data-dir) data_dir="${2:?}"; shift 2 ;;
    --database-url) database_url="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "$backup" ]] || die "one backup only"; backup="$1"; shift ;;
  esac
done
[[ -n "$backup" && -n "$data_dir" ]] || usage
[[ -f "$backup/MANIFEST" && -f "$backup/SHA256SUMS" ]] || die "$backup is not a backup of scripts/backup.sh"
(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || die "checksums do not match: the backup is damaged"
engine="$(sed -n 's/^engine=//p' "$backup/MANIFEST")"

mkdir -p "$data_dir"
if [[ -f "$backup/ballot-seal.key" && -e "$data_dir/ballot-seal.key" ]] \
  && ! cmp -s "$backup/ballot-seal.key" "$data_dir/ballot-seal.key"; then
  die "$data_dir/ballot-seal.key exists and differs from the backup's: restore into a new data directory"
fi

case "$engine" in
  sqlite)
    [[ -z "$database_url" ]] || die "a SQLite backup is restored into --data-dir only"
    command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
    target="$data_dir/voix.sqlite3"
    for f in "$target" "$target-wal" "$target-shm"; do
      [[ ! -e "$f" ]] || die "$f exists: restore into a new data directory"
    done
    # Copy under another name, check, then rename: a crash never leaves a half file under
    # the name voix opens.
    cp "$backup/voix.sqlite3" "$target.restoring"
    check="$(sqlite3 "$target.restoring" "pragma integrity_check;")"
    if [[ "$check" != ok ]]; then
      rm -f "$target.restoring"
      die "the backup's database fails its integrity check: $check"
    fi
    mv "$target.restoring" "$target"
    echo "restore: SQLite database restored to $target" >&2
    ;;
  postgres)
    case "$database_url" in
      postgres://*|postgresql://*) ;;
      *) die "a PostgreSQL backup needs --database-url postgres://USER@HOST/NEW_DB" ;;
    esac
    command -v pg_restore >/dev/null || die "pg_restore not found (apt-get install postgresql-client)"
    # postgres://user:pw@host:port/db?params → the database name, and the same URL on the
    # server's maintenance database to create it.
    rest="${database_url#*://}"
    authority="${rest%%/*}"
    path="${rest#"$authority"}"
    path="${path#/}"
    name="${path%%\?*}"
    query=
    [[ "$path" == *\?* ]] && query="?${path#*\?}"
    [[ -n "$name" ]] || die "the database URL names no database"
    [[ "$name" =~ ^[A-Za-z0-9_-]+$ ]] || die "database names are letters, digits, _ and - here"
    maintenance="${database_url%%://*}://$authority/postgres$query"
    exists="$(psql --dbname="$maintenance" -Atqc "select 1 from pg_database where datname = '$name'")"
    if [[ "$exists" != 1 ]]; then
      psql --dbname="$maintenance" -qc "create database \"$name\"" >/dev/null
      echo "restore: created database $name" >&2
    fi
    tables="$(psql --dbname="$database_url" -Atqc \
      "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")"
    [[ "$tables" == 0 ]] || die "database $name already holds $tables tables: restore into a new database"
    # One transaction: a failure leaves the new database empty. Objects belong to the
    # restoring role (the backup carries no owners or grants).
    pg_restore --dbname="$database_url" --no-owner --no-privileges --single-transaction \
      --exit-on-error "$backup/voix.pgdump"
    echo "restore: PostgreSQL database restored into $name" >&2
    ;;
  *) die "unknown engine '$engine' in $backup/MANIFEST" ;;
esac

if [[ -f "$backup/mail.tar" ]]; then
  tar -C "$data_dir" -xf "$backup/mail.tar"
fi
# The ballot seal key: without it, the ballots waiting in the backup cannot be published.
if [[ -f "$backup/ballot-seal.key" ]]; then
  install -m 0600 "$backup/ballot-seal.key" "$data_dir/ballot-seal.key"
fi
if [[ -f "$backup/voix.toml" ]]; then
  if [[ -e "$data_dir/voix.toml" ]] || grep -Eq '^[[:space:]]*database_url[[:space:]]*=' "$backup/voix.toml"; then
    cp "$backup/voix.toml" "$data_dir/voix.toml.from-backup"
    echo "restore: configuration written to $data_dir/voix.toml.from-backup: review it (database_url, listen, [smtp], [imap]) before use" >&2
  else
    cp "$backup/voix.toml" "$data_dir/voix.toml"
  fi
fi
echo "restore: done; check it with: voix audit verify --data-dir $data_dir${database_url:+ --database-url …}" >&2
