#!/usr/bin/env bash
# Installs (Debian packages) and starts throw-away MariaDB and PostgreSQL servers on 127.0.0.1 for the
# database tests, without systemd: each server runs from a data folder under $HEMATOLOGY_ML_DB_DIR.
#
#   eval "$(.ci/start-databases.sh)"            # start both, export the connection strings
#   .ci/start-databases.sh restart mariadb      # stop and start one again (the restart test uses it)
#   .ci/start-databases.sh stop                 # stop both
#
# Everything it says goes to stderr; stdout carries only the `export` lines, so `eval` is safe.
set -euo pipefail

STATE="${HEMATOLOGY_ML_DB_DIR:-/tmp/hematology-ml-ci-db}"
MARIADB_PORT="${HEMATOLOGY_ML_MARIADB_PORT:-33306}"
POSTGRES_PORT="${HEMATOLOGY_ML_POSTGRES_PORT:-55432}"
# A test-only password on a server bound to 127.0.0.1 and deleted with the folder: not a secret.
PASSWORD="hematology-test"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

say() { echo "start-databases: $*" >&2; }

install_packages() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_mariadb() {
  local dir="$STATE/mariadb"
  if alive "$dir/mariadbd.pid"; then say "MariaDB already running"; return; fi
  mkdir -p "$dir"
  local fresh=0
  if [ ! -d "$dir/data/mysql" ]; then
    fresh=1
    mariadb-install-db --no-defaults --user=root --datadir="$dir/data" --auth-root-authentication-method=socket >"$dir/install.log" 2>&1
  fi
  mariadbd --no-defaults --user=root --datadir="$dir/data" --bind-address=127.0.0.1 --port="$MARIADB_PORT" \
    --socket="$dir/mariadb.sock" --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping >/dev/null 2>&1 || { cat "$dir/error.log" >&2; exit 1; }
  if [ "$fresh" = 1 ]; then
    # The anonymous ''@'localhost' user would win over 'u'@'%' from 127.0.0.1: drop it, and name
    # localhost explicitly too. Tests create one database per test, so the user may create databases.
    mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot >&2 <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'hematology'@'localhost' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS 'hematology'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'hematology'@'localhost';
GRANT ALL PRIVILEGES ON *.* TO 'hematology'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS hematology_test CHARACTER SET utf8mb4;
FLUSH PRIVILEGES;
SQL
  fi
  say "MariaDB on 127.0.0.1:$MARIADB_PORT (pid $(cat "$dir/mariadbd.pid"))"
}

start_postgres() {
  local dir="$STATE/postgres"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  if [ -f "$dir/data/postmaster.pid" ] && su postgres -c "$PG_BIN/pg_ctl -D '$dir/data' status" >/dev/null 2>&1; then
    say "PostgreSQL already running"; return
  fi
  local fresh=0
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    fresh=1
    su postgres -c "$PG_BIN/initdb -D '$dir/data' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1
  fi
  su postgres -c "$PG_BIN/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 30 \
    -o \"-p $POSTGRES_PORT -k '$dir' -c listen_addresses=127.0.0.1\" start" >&2
  if [ "$fresh" = 1 ]; then
    su postgres -c "$PG_BIN/psql -h '$dir' -p $POSTGRES_PORT -U postgres -v ON_ERROR_STOP=1 -q" >&2 <<SQL
CREATE ROLE hematology LOGIN CREATEDB PASSWORD '$PASSWORD';
CREATE DATABASE hematology_test OWNER hematology;
SQL
  fi
  say "PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
}

stop_mariadb() {
  local pidfile="$STATE/mariadb/mariadbd.pid"
  if alive "$pidfile"; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
}

stop_postgres() {
  [ -f "$STATE/postgres/data/postmaster.pid" ] || return 0
  su postgres -c "$PG_BIN/pg_ctl -D '$STATE/postgres/data' -m fast -w stop" >&2 || true
}

case "${1:-start}" in
  start)
    install_packages
    mkdir -p "$STATE"
    start_mariadb
    start_postgres
    echo "export HEMATOLOGY_ML_TEST_MARIADB='Server=127.0.0.1;Port=$MARIADB_PORT;User ID=hematology;Password=$PASSWORD;Database=hematology_test'"
    echo "export HEMATOLOGY_ML_TEST_POSTGRES='Host=127.0.0.1;Port=$POSTGRES_PORT;Username=hematology;Password=$PASSWORD;Database=hematology_test'"
    echo "export HEMATOLOGY_ML_TEST_DB_RESTART='$SELF restart'"
    ;;
  restart)
    case "${2:?restart needs mariadb or postgres}" in
      mariadb) stop_mariadb; start_mariadb ;;
      postgres) stop_postgres; start_postgres ;;
      *) say "unknown server '$2'"; exit 2 ;;
    esac
    ;;
  stop) stop_mariadb; stop_postgres ;;
  *) say "usage: $0 [start|restart mariadb|restart postgres|stop]"; exit 2 ;;
esac
