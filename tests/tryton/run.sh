#!/usr/bin/env bash
# Runs the arx Tryton module's tests (tests/tryton/test_module.py) against
# Debian's trytond 6.0:
#     tests/tryton/run.sh [FIXTURE.dump] [-- unittest arguments]
# 1. PostgreSQL: uses the running cluster named by ARX_PG_DIR, ARX_PG_PORT and
#    ARX_TEST_PG_DB, else starts a throwaway one (scripts/lib/pg-cluster.sh)
#    and stops it at exit.
# 2. A fresh database from the Tryton fixture dump (the argument, else
#    ARX_TRYTON_FIXTURE, else the newest readable fixture-*.dump in
#    build/tryton-cache or /work/wt-tryfix/build/tryton-cache), fixed and with
#    arx installed (tests/tryton/prepare-db.sh); dropped afterwards unless
#    ARX_TRYTON_KEEP_DB is set.
# 3. The module: trytond finds it at trytond/modules/arx. When Debian's
#    package has not installed it there, this script links the source folder
#    there (needs root) and leaves the link for the next run.
# 4. trytond-admin activates arx with its dependencies; the tests run with
#    Debian's /usr/bin/python3, the build's plugin (ARX_PLUGIN) and the Python
#    binding from sdk-bindings/python.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
given_dir="${ARX_PG_DIR:-}" given_port="${ARX_PG_PORT:-}"
source scripts/lib/common.sh
source scripts/lib/pg-cluster.sh   # resets ARX_PG_DIR and ARX_PG_PORT

fixture="${ARX_TRYTON_FIXTURE:-}"
if [[ $# -gt 0 && $1 != -- ]]; then fixture="$1"; shift; fi
[[ ${1:-} == -- ]] && shift
if [[ -z $fixture ]]; then
    for f in $(ls -t build/tryton-cache/fixture-*.dump /work/wt-tryfix/build/tryton-cache/fixture-*.dump \
               2>/dev/null); do
        if pg_restore -l "$f" >/dev/null 2>&1; then fixture="$f"; break; fi
    done
fi
[[ -n $fixture && -r $fixture ]] || arx_die tryton "no Tryton fixture dump (give one, or set ARX_TRYTON_FIXTURE)"

export ARX_PLUGIN="${ARX_PLUGIN:-$root/build/plugin/libarx.so.1}"
export ARX_CLI="${ARX_CLI:-$root/build/sdk-bindings/cli/arx}"
[[ -r $ARX_PLUGIN && -x $ARX_CLI ]] || arx_die tryton "build arx first (targets arx_plugin and arx)"

started=""
if [[ -n $given_dir && -n $given_port && -n ${ARX_TEST_PG_DB:-} ]]; then
    ARX_PG_DIR="$given_dir" ARX_PG_PORT="$given_port"
else
    arx_pg_start   # its EXIT trap is replaced by cleanup below, which stops it
    started=1
fi
export ARX_PG_DIR ARX_PG_PORT ARX_TEST_PG_DB

modules=/usr/lib/python3/dist-packages/trytond/modules
src="$root/sdk-bindings/tryton/arx"
if [[ -L $modules/arx ]]; then
    [[ $(readlink -f "$modules/arx") == "$(readlink -f "$src")" ]] ||
        { arx_log tryton "relinking $modules/arx to $src"; ln -sfn "$src" "$modules/arx"; }
elif [[ -e $modules/arx ]]; then
    arx_log tryton "using the installed module in $modules/arx (not $src)"
else
    ln -s "$src" "$modules/arx"
fi

db="arx_tryton_$$"
work="$(mktemp -d)"
cleanup() {
    rm -rf "$work"
    if [[ -z ${ARX_TRYTON_KEEP_DB:-} ]]; then
        (cd "$ARX_PG_DIR" && runuser -u postgres -- psql -X -q -h "$ARX_PG_DIR" -p "$ARX_PG_PORT" \
            -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1) || true
    else
        arx_log tryton "kept database $db"
    fi
    [[ -z $started ]] || arx_pg_stop
}
trap cleanup EXIT
tests/tryton/prepare-db.sh "$db" "$fixture"
password="$(sed -n 's/.*Pwd=\([^;]*\).*/\1/p' <<<"$ARX_TEST_PG_DB")"
printf '[database]\nuri = postgresql://arx:%s@127.0.0.1:%s/\n\n[arx]\nplugin = %s\n' \
    "$password" "$ARX_PG_PORT" "$ARX_PLUGIN" >"$work/trytond.conf"
# ARX_TRYTON_PROFILE_DIR: profiles replacing the built-in ones ([arx] profile_dir)
[[ -z ${ARX_TRYTON_PROFILE_DIR:-} ]] || printf 'profile_dir = %s\n' "$ARX_TRYTON_PROFILE_DIR" >>"$work/trytond.conf"
export PYTHONPATH="$root/sdk-bindings/python${PYTHONPATH:+:$PYTHONPATH}"
(cd "$work" && /usr/bin/python3 /usr/bin/trytond-admin -c "$work/trytond.conf" -d "$db" -u arx \
    --activate-dependencies)
export ARX_TRYTON_CONFIG="$work/trytond.conf" ARX_TRYTON_DB="$db"
status=0
(cd "$root/tests/tryton" && /usr/bin/python3 -m unittest -v "$@" test_module 2>&1) || status=$?
exit $status
