#!/usr/bin/env bash
# Start a throw-away PostgreSQL on a local port, for DuckLake catalog tests and the README's
# team set-up. Installs PostgreSQL from the OS packages when it is missing (apt-get, root).
#
#   eval "$(bash scripts/start_postgres.sh)"     # exports CLAIMS_TEST_POSTGRES
#   bash scripts/start_postgres.sh stop           # stops it again
#
# Prints only `export ...` lines on stdout; progress and problems go to stderr. Exits 0 with
# nothing exported when PostgreSQL cannot be installed or started (the caller skips loudly).
# CLAIMS_PG_PORT (default 55432) and CLAIMS_PG_DATA (default /tmp/claims-postgres-PORT)
# choose the port and the data folder.
set -uo pipefail

PORT="${CLAIMS_PG_PORT:-55432}"
DATA="${CLAIMS_PG_DATA:-${TMPDIR:-/tmp}/claims-postgres-$PORT}"
say() { echo "start_postgres: $*" >&2; }

find_bin() {
  local name="$1"
  command -v "$name" 2>/dev/null && return 0
  ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1
}

INITDB="$(find_bin initdb)"
if [ -z "$INITDB" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "installing PostgreSQL from the OS packages"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >&2 \
    || say "apt-get could not install postgresql"
  INITDB="$(find_bin initdb)"
fi
if [ -z "$INITDB" ]; then
  say "PostgreSQL is not installed and cannot be installed here"
  exit 0
fi
BIN="$(dirname "$INITDB")"

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
RUN=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    say "running as root and there is no postgres user to run the server"
    exit 0
  fi
  RUN=(runuser -u postgres --)
fi

if [ "${1:-}" = stop ]; then
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA" && [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null 2>&1 \
      || { say "initdb failed in $DATA"; exit 0; }
  fi
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1" start >/dev/null 2>&1 \
    || { say "PostgreSQL did not start (log: $DATA/server.log)"; exit 0; }
fi
say "PostgreSQL is running on 127.0.0.1:$PORT (data $DATA)"
echo "export CLAIMS_TEST_POSTGRES='host=127.0.0.1 port=$PORT user=postgres dbname=postgres'"
echo "export PGDATA_DIR='$DATA'"
