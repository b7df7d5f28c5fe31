#!/usr/bin/env bash
# Runs the arx Tryton module's tests (test_module.py) on a copy of the Tryton
# template database that scripts/test's tryton stage built (ctest runs this;
# docs/TRYTON.md). Needs ARX_TEST_PG_DB, ARX_TRYTON_CONFIG,
# ARX_TRYTON_TEMPLATE, ARX_CLI, ARX_PLUGIN and ARX_TRYTON_MODULE_PATH (a
# folder on which trytond finds the module by its entry point; CMake makes
# it in the build tree).
set -euo pipefail
for v in ARX_TEST_PG_DB ARX_TRYTON_CONFIG ARX_TRYTON_TEMPLATE ARX_CLI ARX_PLUGIN ARX_TRYTON_MODULE_PATH; do
    [[ -n ${!v:-} ]] || { echo "test_module.sh: $v is not set (scripts/test's tryton stage sets the database ones)" >&2; exit 1; }
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
db=tryton_module
field() { sed -n "s/.*$1=\\([^;]*\\).*/\\1/p" <<<"$ARX_TEST_PG_DB"; }
export PGPASSWORD; PGPASSWORD="$(field Pwd)"
psql_arx() { psql -X -q -v ON_ERROR_STOP=1 -h "$(field Server)" -p "$(field Port)" -U "$(field Uid)" "$@"; }
psql_arx -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE $ARX_TRYTON_TEMPLATE"
trap 'psql_arx -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
"$ARX_CLI" --db "$(sed "s/Database=[^;]*/Database=$db/" <<<"$ARX_TEST_PG_DB")" --profile tryton install >/dev/null
export PYTHONPATH="$ARX_TRYTON_MODULE_PATH${PYTHONPATH:+:$PYTHONPATH}"
/usr/bin/trytond-admin -c "$ARX_TRYTON_CONFIG" -d "$db" -u arx --activate-dependencies >/dev/null
export ARX_TRYTON_DB=$db
cd "$here"
/usr/bin/python3 -m unittest -v test_module
