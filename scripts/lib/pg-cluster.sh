#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for arx's tests.
#
# Sourced by scripts/test and scripts/sanitize:
#     source scripts/lib/pg-cluster.sh
#     arx_pg_start      # starts the cluster, exports ARX_TEST_PG_DB, installs
#                       # the EXIT/INT/TERM trap that stops and removes it
# Run on its own:
#     scripts/lib/pg-cluster.sh run -- ctest --test-dir build -L postgresql
#     scripts/lib/pg-cluster.sh check     # start, prove psql and ODBC work, stop
#
# The cluster lives in a fresh mktemp directory, listens on 127.0.0.1 only (on a
# free port) and on a Unix socket inside that directory. Run as root, the server
# and its tools run as the `postgres` user. It holds one role `arx` with a random
# password and one database `arx_test` owned by it; the psqlODBC connection
# string goes to ARX_TEST_PG_DB (arx_pg_superuser_psql runs psql as the
# superuser, for scripts that create further databases). The trap stops the server (pg_ctl stop -m fast)
# and removes the directory however the script ends.

ARX_PG_BIN="${ARX_PG_BIN:-/usr/lib/postgresql/15/bin}"
ARX_PG_DIR=""        # the cluster's temp directory while it runs
ARX_PG_PORT=""
_arx_pg_password=""  # the arx role's password (also inside ARX_TEST_PG_DB)

_arx_pg_log() { printf '[postgresql] %s\n' "$*" >&2; }

_arx_is_root() { [[ $(id -u) -eq 0 ]]; }

# Runs a PostgreSQL tool as the cluster's owner, from inside the cluster's
# directory (the owner may not be able to read the caller's working directory).
_arx_pg_as_owner() {
    if _arx_is_root; then
        (cd "$ARX_PG_DIR" && runuser -u postgres -- env HOME="$ARX_PG_DIR" "$@")
    else
        (cd "$ARX_PG_DIR" && env HOME="$ARX_PG_DIR" "$@")
    fi
}

# Letters and digits only, so it needs no quoting in SQL or in an ODBC string.
_arx_pg_random_secret() {
    local s=""
    while ((${#s} < 24)); do
        s+="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    done
    printf '%s\n' "${s:0:24}"
}

# True when some socket already uses the TCP port (IPv4 or IPv6, any state).
_arx_pg_port_in_use() {
    local hex
    hex="$(printf '%04X' "$1")"
    awk 'FNR > 1 { split($2, a, ":"); print a[length(a)] }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -qx "$hex"
}

# A free port below the kernel's ephemeral range, so outgoing connections do
# not take it between the check and the server's bind (a lost race is retried).
_arx_pg_pick_port() {
    local port tries=0
    while ((tries++ < 200)); do
        port=$((20000 + RANDOM % 12000))
        _arx_pg_port_in_use "$port" || { printf '%s\n' "$port"; return 0; }
    done
    return 1
}

# Stops the server if it runs and removes its directory. Safe to call twice.
arx_pg_stop() {
    local dir="$ARX_PG_DIR" pid
    [[ -n $dir ]] || return 0
    ARX_PG_DIR=""
    if [[ -f $dir/data/postmaster.pid ]]; then
        pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        if ! ARX_PG_DIR="$dir" _arx_pg_as_owner "$ARX_PG_BIN/pg_ctl" stop -D "$dir/data" \
                -m fast -w -t 30 >/dev/null 2>&1; then
            _arx_pg_log "pg_ctl stop -m fast failed; stopping immediately"
            ARX_PG_DIR="$dir" _arx_pg_as_owner "$ARX_PG_BIN/pg_ctl" stop -D "$dir/data" \
                -m immediate -w -t 10 >/dev/null 2>&1 ||
                { [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null; } || true
        fi
        _arx_pg_log "stopped the cluster on port ${ARX_PG_PORT:-?}"
    fi
    rm -rf -- "$dir"
    ARX_PG_PORT=""
    _arx_pg_password=""
    unset ARX_TEST_PG_DB
}

# Stops the cluster on EXIT, and on INT/TERM before dying of the same signal.
_arx_pg_install_trap() {
    trap 'arx_pg_stop' EXIT
    trap 'arx_pg_stop; trap - INT; kill -INT $$' INT
    trap 'arx_pg_stop; trap - TERM; kill -TERM $$' TERM
}

# Shows the end of the server log (after a failed start).
_arx_pg_show_log() {
    [[ -f $ARX_PG_DIR/server.log ]] || return 0
    _arx_pg_log "last lines of the server log:"
    tail -n 20 "$ARX_PG_DIR/server.log" >&2 || true
}

# Starts the cluster and exports ARX_TEST_PG_DB. Returns non-zero (after
# cleaning up) when anything fails; works with or without `set -e`.
arx_pg_start() {
    if [[ -n $ARX_PG_DIR ]]; then
        _arx_pg_log "a cluster already runs on port $ARX_PG_PORT"
        return 0
    fi
    local tool
    for tool in initdb pg_ctl psql; do
        [[ -x $ARX_PG_BIN/$tool ]] || {
            _arx_pg_log "$ARX_PG_BIN/$tool not found: install postgresql-15 (scripts/setup)"
            return 1
        }
    done
    if _arx_is_root && ! id postgres >/dev/null 2>&1; then
        _arx_pg_log "running as root but there is no 'postgres' user to own the cluster"
        return 1
    fi

    # As root the directory must be reachable by postgres: use /tmp, not $TMPDIR.
    local base="${TMPDIR:-/tmp}"
    _arx_is_root && base=/tmp
    ARX_PG_DIR="$(mktemp -d "$base/arx-pg.XXXXXX")" || {
        ARX_PG_DIR=""
        _arx_pg_log "mktemp failed under $base"
        return 1
    }
    _arx_pg_install_trap
    if _arx_is_root; then
        chown postgres: "$ARX_PG_DIR" || { arx_pg_stop; return 1; }
    fi

    # initdb: superuser `postgres` with a random password (never used: local
    # socket connections are trusted, and only the owner can reach the socket
    # in the 0700 directory); TCP logins need a SCRAM password.
    local superuser_password
    superuser_password="$(_arx_pg_random_secret)"
    _arx_pg_password="$(_arx_pg_random_secret)"
    printf '%s\n' "$superuser_password" >"$ARX_PG_DIR/pwfile"
    chmod 600 "$ARX_PG_DIR/pwfile"
    _arx_is_root && chown postgres: "$ARX_PG_DIR/pwfile"
    if ! _arx_pg_as_owner "$ARX_PG_BIN/initdb" -D "$ARX_PG_DIR/data" -U postgres \
            --pwfile="$ARX_PG_DIR/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --locale=C -N >"$ARX_PG_DIR/initdb.log" 2>&1; then
        _arx_pg_log "initdb failed:"
        tail -n 20 "$ARX_PG_DIR/initdb.log" >&2
        arx_pg_stop
        return 1
    fi
    rm -f "$ARX_PG_DIR/pwfile"

    # A test cluster: no durability, loopback only, socket in our directory.
    _arx_pg_as_owner tee -a "$ARX_PG_DIR/data/postgresql.conf" >/dev/null <<EOF

# ---- arx throwaway test cluster ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ARX_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
EOF

    local attempt port started=0
    for attempt in 1 2 3 4 5; do
        port="$(_arx_pg_pick_port)" || break
        if _arx_pg_as_owner "$ARX_PG_BIN/pg_ctl" start -D "$ARX_PG_DIR/data" \
                -l "$ARX_PG_DIR/server.log" -w -t 60 -o "-p $port" >/dev/null 2>&1; then
            started=1
            break
        fi
        if grep -q 'could not bind\|could not create listen socket' "$ARX_PG_DIR/server.log" 2>/dev/null; then
            _arx_pg_log "port $port was taken (attempt $attempt); trying another"
            _arx_pg_as_owner truncate -s 0 "$ARX_PG_DIR/server.log" || true
            continue
        fi
        break
    done
    if ((!started)); then
        _arx_pg_log "the server did not start"
        _arx_pg_show_log
        arx_pg_stop
        return 1
    fi
    ARX_PG_PORT="$port"

    if ! _arx_pg_as_owner "$ARX_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
            -h "$ARX_PG_DIR" -p "$ARX_PG_PORT" -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE arx LOGIN PASSWORD '$_arx_pg_password';
CREATE DATABASE arx_test OWNER arx ENCODING 'UTF8' TEMPLATE template0;
EOF
    then
        _arx_pg_log "could not create the arx role and the arx_test database"
        _arx_pg_show_log
        arx_pg_stop
        return 1
    fi

    export ARX_TEST_PG_DB="DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=$ARX_PG_PORT;Database=arx_test;Uid=arx;Pwd=$_arx_pg_password"
    _arx_pg_log "PostgreSQL $("$ARX_PG_BIN/postgres" -V | awk '{print $3}') running on 127.0.0.1:$ARX_PG_PORT (data in $ARX_PG_DIR); ARX_TEST_PG_DB is set"
}

# arx_pg_superuser_psql [PSQL ARGS...]: psql as the cluster's superuser over
# its Unix socket, stopping at the first error; database `postgres` unless the
# arguments name another (-d). For what the arx role may not do itself, such as
# scripts/lib/tryton.sh creating and copying the Tryton databases (owned by arx).
arx_pg_superuser_psql() {
    [[ -n $ARX_PG_DIR ]] || { _arx_pg_log "no cluster is running"; return 1; }
    _arx_pg_as_owner "$ARX_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$ARX_PG_DIR" -p "$ARX_PG_PORT" -U postgres -d postgres "$@"
}

# Proves the running cluster is usable the way the tests use it: the server
# runs as the right user, the arx role logs in over TCP with its password, and
# psqlODBC connects with ARX_TEST_PG_DB.
arx_pg_check() {
    [[ -n $ARX_PG_DIR ]] || { _arx_pg_log "no cluster is running"; return 1; }
    local pid owner expected out
    pid="$(head -n 1 "$ARX_PG_DIR/data/postmaster.pid")"
    owner="$(stat -c %U "/proc/$pid")"
    expected="$(id -un)"
    _arx_is_root && expected=postgres
    [[ $owner == "$expected" ]] || {
        _arx_pg_log "server pid $pid runs as '$owner', expected '$expected'"
        return 1
    }
    _arx_pg_log "server pid $pid runs as $owner"

    out="$(PGPASSWORD="$_arx_pg_password" "$ARX_PG_BIN/psql" -X -At -h 127.0.0.1 \
        -p "$ARX_PG_PORT" -U arx -d arx_test \
        -c "SELECT current_user || '@' || current_database() || ' listen=' || current_setting('listen_addresses')")" || {
        _arx_pg_log "psql as arx over TCP failed"
        return 1
    }
    [[ $out == "arx@arx_test listen=127.0.0.1" ]] || {
        _arx_pg_log "psql answered '$out'"
        return 1
    }
    _arx_pg_log "psql over TCP: $out"

    if PGPASSWORD=wrong-password "$ARX_PG_BIN/psql" -X -At -h 127.0.0.1 -p "$ARX_PG_PORT" \
            -U arx -d arx_test -c 'SELECT 1' >/dev/null 2>&1; then
        _arx_pg_log "a wrong password was accepted over TCP"
        return 1
    fi
    _arx_pg_log "psql with a wrong password is refused"

    out="$(printf 'SELECT 6 * 7 AS answer\n' | isql -b -k "$ARX_TEST_PG_DB" 2>&1)" || {
        _arx_pg_log "isql with ARX_TEST_PG_DB failed: $out"
        return 1
    }
    grep -qw 42 <<<"$out" || {
        _arx_pg_log "isql answered: $out"
        return 1
    }
    _arx_pg_log "psqlODBC via isql with ARX_TEST_PG_DB: SELECT 6 * 7 -> 42"
}

# ---- script mode --------------------------------------------------------------
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    case "${1:-}" in
        run)
            shift
            [[ ${1:-} == -- ]] && shift
            (($# > 0)) || { echo "usage: $0 run -- COMMAND [ARGS...]" >&2; exit 2; }
            arx_pg_start
            status=0
            "$@" || status=$?
            exit "$status"
            ;;
        check)
            arx_pg_start
            arx_pg_check
            ;;
        *)
            echo "usage: $0 run -- COMMAND [ARGS...] | check" >&2
            exit 2
            ;;
    esac
fi
