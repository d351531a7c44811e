#!/usr/bin/env bash
# Installs what Switchboard's build and tests need on a Debian machine, then the npm dependencies.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || needed+=(libkrb5-dev)
# The team gateway's tests start a throwaway Postgres cluster (initdb/pg_ctl as an unprivileged user).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
if [ ${#needed[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${needed[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install (it wipes node_modules).
stamp=node_modules/.switchboard-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
