#!/usr/bin/env bash
# scripts/with-postgres.sh CMD...
# Runs CMD with TEST_DATABASE_URL naming a PostgreSQL *server* (its maintenance database
# `postgres`); the test suite makes and drops its own throwaway database there.
#   DATABASE_URL set                      -> that server
#   a server answers on 127.0.0.1:5432    -> postgresql://postgres@127.0.0.1:5432/postgres
#   PostgreSQL binaries installed         -> a throwaway cluster (trust auth, loopback only,
#                                            a free port from 55432 up), always removed after
#   none, and we are root                 -> apt-get install postgresql, then a throwaway cluster
# FORCE_THROWAWAY_PG=1 skips the first two (to test the throwaway path). CMD's exit code is kept.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

if [ -z "${FORCE_THROWAWAY_PG:-}" ]; then
  if [ -n "${DATABASE_URL:-}" ]; then
    export TEST_DATABASE_URL="$DATABASE_URL"
    exec "$@"
  fi
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/postgres"
    exec "$@"
  fi
fi

find_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    echo "$d"
  fi
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL for the tests (apt-get install postgresql)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bindir=$(find_bindir)
  fi
  if [ -z "$bindir" ]; then
    echo "PostgreSQL is needed for make test-postgres: set DATABASE_URL to a server URL," >&2
    echo "start a server on 127.0.0.1:5432, or install Debian's package 'postgresql'" >&2
    echo "(sudo apt-get install postgresql)." >&2
    exit 1
  fi
fi

# A free port: nothing listening on it yet.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${PG_PORT:-55432}
while port_in_use "$port"; do
  port=$((port + 1))
  if [ "$port" -gt 55532 ]; then
    echo "No free port for a throwaway PostgreSQL between 55432 and 55532." >&2
    exit 1
  fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/register-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root.
  pguser=postgres
  id "$pguser" >/dev/null 2>&1 || pguser=nobody
  chown "$pguser:" "$dir"
  as_pg=(runuser -u "$pguser" --)
fi
pg() { (cd "$dir" && "${as_pg[@]}" "$@"); }

cleanup() {
  pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
if ! pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off" \
    start >/dev/null; then
  echo "The throwaway PostgreSQL did not start:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi
echo "Throwaway PostgreSQL on 127.0.0.1:$port (removed afterwards)" >&2

export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit "$status"
