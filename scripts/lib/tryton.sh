# shellcheck shell=bash
# The Tryton 6.0 test database arx's Tryton tests and benchmark run against.
#
# Source after common.sh and pg-cluster.sh, while a cluster runs:
#     source scripts/lib/common.sh
#     source scripts/lib/pg-cluster.sh
#     source scripts/lib/tryton.sh
#     arx_pg_start
#     arx_tryton_template              # builds (or restores) the template database
#     arx_tryton_db tryton_case1       # a copy of it for one test; prints and
#                                      # exports its psqlODBC connection string
#
# arx_tryton_template [FIXTURE ARGS...] builds the database `tryton_template`,
# owned by the arx role, in three steps:
#   1. trytond-admin --all                      (Tryton's base modules)
#   2. trytond-admin -u MODULES --activate-dependencies   (ARX_TRYTON_MODULES)
#   3. tests/tryton/fixture.py FIXTURE ARGS     (company, chart, customers,
#                                                invoices: docs/TRYTON.md)
# After step 2 and after step 3 it keeps a pg_dump of the database under
# ARX_TRYTON_CACHE_DIR (build/tryton-cache), named by a hash of what made it:
# the installed Tryton package versions and the module list (step 2), plus the
# fixture script's content and arguments (step 3). The next run restores the
# newest matching dump instead of repeating the steps; a changed fixture script
# reuses the step-2 dump; a dump that does not restore is deleted and rebuilt.
# ARX_TRYTON_NO_CACHE=1 builds from scratch and leaves the cache alone.
#
# arx_tryton_db NAME copies the template (CREATE DATABASE NAME TEMPLATE ...) and
# exports ARX_TRYTON_DB (NAME), ARX_TRYTON_ODBC (ARX_TEST_PG_DB with
# Database=NAME), ARX_TRYTON_CONFIG (the trytond config file, in the cluster's
# directory) and ARX_TRYTON_SUMMARY (the fixture's JSON summary); it prints
# ARX_TRYTON_ODBC on stdout. arx_tryton_psql runs psql on that copy.
#
# The superuser creates and copies the databases (arx_pg_superuser_psql); the
# arx role owns them, and Tryton and pg_dump/pg_restore log in as arx over TCP
# with the password from ARX_TEST_PG_DB. Tryton's admin user gets a random
# password that nobody needs: the fixture runs trytond in-process.

ARX_TRYTON_PYTHON="${ARX_TRYTON_PYTHON:-/usr/bin/python3}"   # Debian's, with trytond
ARX_TRYTON_ADMIN="${ARX_TRYTON_ADMIN:-/usr/bin/trytond-admin}"
ARX_TRYTON_TEMPLATE="tryton_template"
ARX_TRYTON_CACHE_DIR="${ARX_TRYTON_CACHE_DIR:-$ARX_ROOT/build/tryton-cache}"
ARX_TRYTON_FIXTURE="$ARX_ROOT/tests/tryton/fixture.py"
# The modules arx works with; --activate-dependencies adds company, party,
# currency, country, product, account, account_product, ...
ARX_TRYTON_MODULES=(
    account_invoice
    account_statement account_statement_rule
    account_dunning account_dunning_fee account_dunning_letter account_dunning_email
    account_credit_limit
    bank
)
# The Debian packages whose versions key the cache.
ARX_TRYTON_PACKAGES_GLOB=('tryton-server' 'tryton-proteus' 'tryton-modules-*' 'python3-psycopg2')

_arx_tryton_log() { printf '[tryton] %s\n' "$*" >&2; }

# The arx role's password, from the connection string pg-cluster.sh exported.
_arx_tryton_password() {
    local pwd="${ARX_TEST_PG_DB##*;Pwd=}"
    pwd="${pwd%%;*}"
    [[ -n $pwd && $pwd != "$ARX_TEST_PG_DB" ]] || return 1
    printf '%s\n' "$pwd"
}

# _arx_tryton_pg TOOL ARGS...: a PostgreSQL client as arx over TCP.
# shellcheck disable=SC2153  # ARX_PG_BIN and ARX_PG_PORT come from pg-cluster.sh
_arx_tryton_pg() {
    local tool="$1"
    shift
    PGPASSWORD="$(_arx_tryton_password)" "$ARX_PG_BIN/$tool" -h 127.0.0.1 -p "$ARX_PG_PORT" -U arx "$@"
}

# Writes the trytond config into the cluster's directory (once per cluster).
_arx_tryton_write_config() {
    local conf="$ARX_PG_DIR/trytond.conf" pwd
    pwd="$(_arx_tryton_password)" || {
        _arx_tryton_log "ARX_TEST_PG_DB has no Pwd=: was it exported by arx_pg_start?"
        return 1
    }
    mkdir -p "$ARX_PG_DIR/tryton-files" || return 1
    (
        umask 077
        cat >"$conf" <<EOF
# trytond config for arx's throwaway Tryton test database (scripts/lib/tryton.sh)
[database]
uri = postgresql://arx:$pwd@127.0.0.1:$ARX_PG_PORT/
path = $ARX_PG_DIR/tryton-files
language = en
EOF
    ) || return 1
    export ARX_TRYTON_CONFIG="$conf"
}

# The cache keys: one for the database with the modules activated, one for
# that plus the fixture run with the given arguments.
_arx_tryton_base_key() {
    {
        echo "arx tryton base v1"
        dpkg-query -W -f='${Package}=${Version}\n' "${ARX_TRYTON_PACKAGES_GLOB[@]}" 2>/dev/null | sort
        printf '%s\n' "${ARX_TRYTON_MODULES[@]}"
        echo "postgresql $("$ARX_PG_BIN/postgres" -V)"
    } | sha256sum | cut -c1-16
}
_arx_tryton_fixture_key() {
    {
        echo "$1"
        sha256sum <"$ARX_TRYTON_FIXTURE"
        shift
        printf 'arg %s\n' "$@"
    } | sha256sum | cut -c1-16
}

# _arx_tryton_create_db NAME [TEMPLATE]: an empty database owned by arx, or a copy.
_arx_tryton_create_db() {
    local name="$1" template="${2:-template0}"
    arx_pg_superuser_psql -c "CREATE DATABASE \"$name\" OWNER arx ENCODING 'UTF8' TEMPLATE \"$template\"" >/dev/null
}

# _arx_tryton_drop_db NAME: drops NAME if it exists (quietly).
_arx_tryton_drop_db() {
    printf 'SET client_min_messages = warning;\nDROP DATABASE IF EXISTS "%s";\n' "$1" |
        arx_pg_superuser_psql >/dev/null
}

# _arx_tryton_dump DB FILE: pg_dump into FILE (atomically), replacing other
# dumps of the same kind (the FILE name up to its last '-').
_arx_tryton_dump() {
    local db="$1" file="$2" stem old
    mkdir -p "$(dirname "$file")" || return 1
    _arx_tryton_pg pg_dump -Fc -Z 6 -f "$file.part$$" "$db" || { rm -f "$file.part$$"; return 1; }
    stem="${file%-*}"
    for old in "$stem"-*.dump; do
        [[ $old == "$file" || ! -e $old ]] || rm -f -- "$old" "${old%.dump}.json"
    done
    mv -f "$file.part$$" "$file"
}

# _arx_tryton_restore FILE DB: a new database DB from a dump.
_arx_tryton_restore() {
    local file="$1" db="$2"
    _arx_tryton_create_db "$db" || return 1
    _arx_tryton_pg pg_restore --exit-on-error --no-owner --no-privileges -d "$db" "$file"
}

# _arx_tryton_restore_cached FILE DB: restores DB from a cached dump; a dump
# that fails to restore is removed (and DB dropped) so that the caller rebuilds.
_arx_tryton_restore_cached() {
    local file="$1" db="$2"
    _arx_tryton_step "restoring $db from $file" "$ARX_PG_DIR/tryton-restore.log" \
        _arx_tryton_restore "$file" "$db" && return 0
    _arx_tryton_log "warning: removing $file, which did not restore; building instead"
    rm -f -- "$file" "${file%.dump}.json"
    _arx_tryton_drop_db "$db" || true
    return 1
}

# _arx_tryton_keep DB FILE [SUMMARY]: keeps a dump of DB (and the summary next
# to it) in the cache; a failure only warns.
_arx_tryton_keep() {
    local db="$1" file="$2" summary="${3:-}" start
    start=$(date +%s)
    if _arx_tryton_dump "$db" "$file" &&
            { [[ -z $summary ]] || cp "$summary" "${file%.dump}.json"; }; then
        _arx_tryton_log "kept $file ($(du -h "$file" | cut -f1), $(($(date +%s) - start)) s)"
    else
        rm -f -- "$file" "${file%.dump}.json"
        _arx_tryton_log "warning: could not keep $file (continuing without it)"
    fi
}

# Runs one step, logs its time; on failure names the step and shows its log.
_arx_tryton_step() {
    local name="$1" log="$2" start rc=0
    shift 2
    _arx_tryton_log "$name ..."
    start=$(date +%s.%N)
    "$@" >"$log" 2>&1 || rc=$?
    local secs
    secs="$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
    if ((rc != 0)); then
        _arx_tryton_log "FAILED: $name (exit $rc after ${secs}s); last lines of $log:"
        tail -n 30 "$log" >&2
        return "$rc"
    fi
    _arx_tryton_log "$name: ${secs}s"
}

# arx_tryton_template [FIXTURE ARGS...]: see the top of this file.
arx_tryton_template() {
    [[ -n ${ARX_PG_DIR:-} && -n ${ARX_PG_PORT:-} ]] || {
        _arx_tryton_log "no PostgreSQL cluster runs: call arx_pg_start first"
        return 1
    }
    [[ -x $ARX_TRYTON_ADMIN ]] || {
        _arx_tryton_log "$ARX_TRYTON_ADMIN not found: install tryton-server (scripts/setup)"
        return 1
    }
    "$ARX_TRYTON_PYTHON" -c 'import trytond, proteus' 2>/dev/null || {
        _arx_tryton_log "$ARX_TRYTON_PYTHON cannot import trytond and proteus: install tryton-server and tryton-proteus (scripts/setup)"
        return 1
    }
    [[ -f $ARX_TRYTON_FIXTURE ]] || { _arx_tryton_log "$ARX_TRYTON_FIXTURE is missing"; return 1; }
    _arx_tryton_write_config || { _arx_tryton_log "could not write the trytond config"; return 1; }

    local db="$ARX_TRYTON_TEMPLATE" base_key fixture_key base_dump full_dump
    local summary="$ARX_PG_DIR/tryton-fixture.json"
    base_key="$(_arx_tryton_base_key)"
    fixture_key="$(_arx_tryton_fixture_key "$base_key" "$@")"
    base_dump="$ARX_TRYTON_CACHE_DIR/base-$base_key.dump"
    # Named by the arguments too, so that a new dump replaces only older ones
    # built with the same arguments (the default and a benchmark size coexist).
    full_dump="$ARX_TRYTON_CACHE_DIR/fixture-$(printf '%s\n' "$@" | sha256sum | cut -c1-8)-$fixture_key.dump"
    local use_cache=1
    [[ ${ARX_TRYTON_NO_CACHE:-0} == 1 ]] && use_cache=0

    _arx_tryton_drop_db "$db" || {
        _arx_tryton_log "could not drop an earlier $db"
        return 1
    }

    # The newest matching dump, else the activated-modules dump, else the
    # three steps; a dump that does not restore is removed and rebuilt.
    local stage=none
    if ((use_cache)) && [[ -f $full_dump && -f ${full_dump%.dump}.json ]] &&
            _arx_tryton_restore_cached "$full_dump" "$db"; then
        cp "${full_dump%.dump}.json" "$summary" || return 1
        stage=fixture
    elif ((use_cache)) && [[ -f $base_dump ]] && _arx_tryton_restore_cached "$base_dump" "$db"; then
        stage=modules
    fi
    if [[ $stage == none ]]; then
        _arx_tryton_create_db "$db" || { _arx_tryton_log "could not create database $db"; return 1; }
        local passfile="$ARX_PG_DIR/tryton-admin-password"
        (umask 077; head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 >"$passfile"; echo >>"$passfile") || return 1
        _arx_tryton_step "trytond-admin --all (Tryton's base)" "$ARX_PG_DIR/tryton-admin-all.log" \
            env TRYTONPASSFILE="$passfile" "$ARX_TRYTON_ADMIN" -c "$ARX_TRYTON_CONFIG" -d "$db" \
            --all --email admin@example.com || return 1
        _arx_tryton_step "trytond-admin: activating ${ARX_TRYTON_MODULES[*]}" \
            "$ARX_PG_DIR/tryton-admin-activate.log" \
            "$ARX_TRYTON_ADMIN" -c "$ARX_TRYTON_CONFIG" -d "$db" \
            -u "${ARX_TRYTON_MODULES[@]}" --activate-dependencies || return 1
        if ((use_cache)); then _arx_tryton_keep "$db" "$base_dump"; fi
        stage=modules
    fi
    if [[ $stage == modules ]]; then
        _arx_tryton_step "fixture: tests/tryton/fixture.py $*" "$ARX_PG_DIR/tryton-fixture.log" \
            "$ARX_TRYTON_PYTHON" "$ARX_TRYTON_FIXTURE" --config "$ARX_TRYTON_CONFIG" \
            --database "$db" --summary "$summary" "$@" || return 1
        if ((use_cache)); then _arx_tryton_keep "$db" "$full_dump" "$summary"; fi
    fi
    export ARX_TRYTON_SUMMARY="$summary"
    _arx_tryton_log "template database $db is ready (summary: $summary)"
}

# arx_tryton_db NAME: a copy of the template for one test; see the top of this file.
arx_tryton_db() {
    local name="${1:-}"
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || {
        _arx_tryton_log "arx_tryton_db: NAME must be lower-case letters, digits and _ (got '$name')"
        return 1
    }
    [[ -n ${ARX_TRYTON_CONFIG:-} ]] || { _arx_tryton_log "arx_tryton_db: run arx_tryton_template first"; return 1; }
    if ! _arx_tryton_drop_db "$name" || ! _arx_tryton_create_db "$name" "$ARX_TRYTON_TEMPLATE"; then
        _arx_tryton_log "could not copy $ARX_TRYTON_TEMPLATE to $name"
        return 1
    fi
    export ARX_TRYTON_DB="$name"
    export ARX_TRYTON_ODBC="${ARX_TEST_PG_DB/;Database=arx_test;/;Database=$name;}"
    printf '%s\n' "$ARX_TRYTON_ODBC"
}

# arx_tryton_psql [PSQL ARGS...]: psql as arx on ARX_TRYTON_DB over TCP,
# unaligned and quiet, stopping at the first error.
arx_tryton_psql() {
    [[ -n ${ARX_TRYTON_DB:-} ]] || { _arx_tryton_log "arx_tryton_psql: run arx_tryton_db first"; return 1; }
    _arx_tryton_pg psql -X -q -At -v ON_ERROR_STOP=1 -d "$ARX_TRYTON_DB" "$@"
}
