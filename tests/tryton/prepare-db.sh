#!/usr/bin/env bash
# Makes a Tryton test database for the arx Tryton module from the Tryton
# fixture dump (tests/tryton/README.md):
#     tests/tryton/prepare-db.sh DBNAME FIXTURE.dump
# Needs the cluster of scripts/lib/pg-cluster.sh: ARX_PG_DIR, ARX_PG_PORT and
# ARX_TEST_PG_DB (the arx role's psqlODBC string); ARX_CLI (default
# build/sdk-bindings/cli/arx) installs arx's tables and views with the tryton
# profile. The database is owned by the arx role.
set -euo pipefail
db="${1:?database name}"
dump="${2:?fixture dump}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${ARX_CLI:-$root/build/sdk-bindings/cli/arx}"
: "${ARX_PG_DIR:?}" "${ARX_PG_PORT:?}" "${ARX_TEST_PG_DB:?}"
password="$(sed -n 's/.*Pwd=\([^;]*\).*/\1/p' <<<"$ARX_TEST_PG_DB")"

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd "$ARX_PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$ARX_PG_DIR" && "$@")
    fi
}
as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$ARX_PG_DIR" -p "$ARX_PG_PORT" -d postgres \
    -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\" OWNER arx"
PGPASSWORD="$password" pg_restore --no-owner -U arx -h 127.0.0.1 -p "$ARX_PG_PORT" -d "$db" "$dump"
# What the fixture lacks: a move sequence for the bank statement journal and a
# write-off method for cash discounts and deductions.
PGPASSWORD="$password" psql -X -q -v ON_ERROR_STOP=1 -U arx -h 127.0.0.1 -p "$ARX_PG_PORT" -d "$db" <<'SQL'
UPDATE account_journal_sequence SET sequence = 2 WHERE journal = 5 AND company = 1;
INSERT INTO account_move_reconcile_write_off (company, name, journal, credit_account, debit_account, active,
                                              create_uid, create_date)
SELECT 1, 'Skonto / discount', 4, 3, 3, true, 0, now()
 WHERE NOT EXISTS (SELECT 1 FROM account_move_reconcile_write_off);
SQL
odbc="$(sed "s/Database=[^;]*/Database=$db/" <<<"$ARX_TEST_PG_DB")"
"$cli" --db "$odbc" --profile tryton install >/dev/null
echo "prepared $db" >&2
