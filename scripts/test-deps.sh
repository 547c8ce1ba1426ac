#!/usr/bin/env bash
# Installs and starts what the tests need and a fresh Debian machine lacks: Chromium and its
# driver, belenios-tool, OpenLDAP, Dovecot, sqlite3, PostgreSQL (started on 127.0.0.1:5432),
# aiosmtpd and schemathesis (PyPI). Idempotent and quiet when everything is there;
# scripts/test.sh runs it first. Installing needs root (apt-get); the services the tests
# start themselves (slapd, Dovecot, SMTP) are never the system's.
set -euo pipefail

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v belenios-tool >/dev/null || need+=(belenios-tool)
command -v openssl >/dev/null || need+=(openssl)
command -v node >/dev/null || need+=(nodejs npm)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapmodify >/dev/null || need+=(ldap-utils)
{ [ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ]; } || need+=(dovecot-imapd)
# Backups (scripts/backup-check.sh): the sqlite3 shell; pg_dump/pg_restore come with postgresql.
command -v sqlite3 >/dev/null || need+=(sqlite3)
if ((${#need[@]})); then
  echo "test-deps: apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" fonts-dejavu-core >/dev/null
fi
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd
command -v st >/dev/null || python3 -m pip install --quiet schemathesis

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "test-deps: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "test-deps: PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
