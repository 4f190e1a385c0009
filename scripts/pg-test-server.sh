#!/usr/bin/env bash
# Throwaway PostgreSQL + PostGIS cluster for the store tests.
#
#   scripts/pg-test-server.sh [start [DIR]]   initdb into DIR (default: a new temp dir), start it on a
#                                             free 127.0.0.1 port, create database marsad_test with
#                                             postgis (+ pg_trgm); prints the URL on stdout
#   scripts/pg-test-server.sh stop DIR        stop the cluster and delete DIR
#
# Typical use:
#   export MARSAD_TEST_PG_URL=$(scripts/pg-test-server.sh start /tmp/marsad-pg)
#   .venv/bin/pytest tests/test_store*.py
#   scripts/pg-test-server.sh stop /tmp/marsad-pg
#
# PostgreSQL refuses to run as root, so when run as root the cluster is owned by and run as the
# `postgres` system user (created by the Debian postgresql packages). Needs postgresql-15-postgis-3.
set -euo pipefail

die() { echo "pg-test-server: $*" >&2; exit 1; }

pg_bindir() {
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$dir" ]] || dir=$(dirname "$(command -v initdb 2>/dev/null || true)")
    [[ -x "$dir/initdb" ]] || die "initdb not found; install postgresql-15-postgis-3 or set PG_BIN"
    echo "$dir"
}

# Run a command as the cluster owner: ourselves, or `postgres` when we are root.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free port found"
}

start() {
    local dir=${1:-} bin port
    bin=$(pg_bindir)
    if [[ -z "$dir" ]]; then dir=$(mktemp -d /tmp/marsad-pg.XXXXXX); fi
    mkdir -p "$dir"
    [[ ! -e "$dir/data" ]] || die "$dir/data exists; stop it first or choose another DIR"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user"
        chown postgres "$dir"
    fi
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || die "initdb failed, see $dir/initdb.log"
    # Durability is pointless for a throwaway test cluster; turning it off makes tests faster.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || die "server did not start, see $dir/server.log"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres marsad_test
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d marsad_test -v ON_ERROR_STOP=1 \
        -c "CREATE EXTENSION IF NOT EXISTS postgis" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
    local url="postgresql://postgres@127.0.0.1:$port/marsad_test"
    echo "$url" >"$dir/url"
    echo "pg-test-server: running in $dir; stop with: $0 stop $dir" >&2
    echo "$url"
}

stop() {
    local dir=${1:-} bin
    [[ -n "$dir" ]] || die "usage: $0 stop DIR"
    [[ -d "$dir/data" ]] || die "no cluster in $dir"
    bin=$(pg_bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

case "${1:-start}" in
    start) start "${2:-}" ;;
    stop) stop "${2:-}" ;;
    *) die "usage: $0 [start [DIR]] | stop DIR" ;;
esac
