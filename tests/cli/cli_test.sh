#!/usr/bin/env bash
# Tests of the arx command-line host, one case per ctest test:
#
#   cli_test.sh CASE
#
# Environment (set by tests/cli/CMakeLists.txt):
#   ARX_BIN          the arx executable under test
#   ARX_TEST_PLUGIN  the real plugin (libarx.so) built in this tree
#   ARX_FAKE_PLUGIN  the scripted stand-in plugin (fake_plugin.cpp)
#   JSON_PROBE       the json_probe helper (json_probe.cpp)
#
# Cases on the real plugin use a fresh SQLite database in a temporary
# directory through the "SQLite3" ODBC driver.
set -u

: "${ARX_BIN:?}" "${ARX_TEST_PLUGIN:?}" "${ARX_FAKE_PLUGIN:?}" "${JSON_PROBE:?}"
# The developer's own settings must not leak into the cases.
unset ARX_DB ARX_PLUGIN ARX_BUSINESS_DATE ARX_FAKE_MODE ARX_FAKE_STEP_MS

work=$(mktemp -d "${TMPDIR:-/tmp}/arx-cli-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="DRIVER=SQLite3;Database=$work/arx.db"
rc=0
J=

# run ARGS...: runs arx; stdout, stderr and the exit status land in
# $work/out, $work/err and $rc.
run() {
  "$ARX_BIN" "$@" >"$work/out" 2>"$work/err"
  rc=$?
}
real() { run --plugin "$ARX_TEST_PLUGIN" --db "$db" "$@"; }
fake() { run --plugin "$ARX_FAKE_PLUGIN" --db fake "$@"; }

fail() {
  echo "FAIL: $*"
  echo "--- command stdout:"; cat "$work/out"
  echo "--- command stderr:"; cat "$work/err"
  exit 1
}
expect_rc() { [[ $rc -eq $1 ]] || fail "expected exit status $1, got $rc"; }
expect_err() { grep -qF -- "$1" "$work/err" || fail "stderr does not contain '$1'"; }
expect_out() { grep -qF -- "$1" "$work/out" || fail "stdout does not contain '$1'"; }
expect_no_out() { [[ ! -s "$work/out" ]] || fail "stdout should be empty"; }
# json [--type|--size] POINTER: stdout must be one JSON document; sets J.
json() {
  J=$("$JSON_PROBE" "$@" <"$work/out" 2>"$work/probe") ||
    fail "json_probe $*: $(cat "$work/probe")"
}
expect_json() { # POINTER EXPECTED
  json "$1"
  [[ "$J" == "$2" ]] || fail "JSON at '$1' is '$J', expected '$2'"
}

# ---- cases on the real plugin ---------------------------------------------

case_demo_json() {
  real --json demo --seed 7 --customers 5 --invoices 20
  expect_rc 0
  json --type ""
  [[ "$J" == object ]] || fail "demo --json printed a $J, expected an object"
  # The demo installs the schema: the database is current afterwards.
  real --json check
  expect_rc 0
  expect_json /state current
}

case_config_list_json() {
  real demo --seed 1 --customers 5 --invoices 20
  expect_rc 0
  real --json config list
  expect_rc 0
  # The entries: the document itself, or its "keys" member.
  local at=""
  json --type ""
  if [[ "$J" == object ]]; then at=/keys; json --type "$at"; fi
  [[ "$J" == array ]] || fail "config list --json holds no array of entries"
  json --size "$at"
  [[ "$J" -gt 0 ]] || fail "config list is empty"
  json "$at/0/key"; local key=$J
  json "$at/0/value"; local value=$J
  json "$at/0/source"
  # config get answers the same value for the first key of the list.
  real --json config get "$key"
  expect_rc 0
  expect_json /key "$key"
  expect_json /value "$value"
  # The human table has a header and names the key.
  real config list
  expect_rc 0
  expect_out "KEY"
  expect_out "$key"
}

case_config_set_bad_value() {
  real install
  expect_rc 0
  real config set dunning.grace_days not-a-number
  expect_rc 1
  expect_err "dunning.grace_days"
  expect_err "(status ARX_E_CONFIG -9)"
  expect_no_out
  real config set no.such.key 1
  expect_rc 1
  expect_err "no.such.key"
  expect_err "ARX_E_CONFIG"
}

case_config_round_trip() {
  real install
  expect_rc 0
  real --json config get dunning.grace_days
  expect_rc 0
  json /default; local default=$J
  real --json config set dunning.grace_days 11 --reason "cli test"
  expect_rc 0
  expect_json /value 11
  real --json config get dunning.grace_days
  expect_json /value 11
  real --json config reset dunning.grace_days
  expect_rc 0
  expect_json /value "$default"
}

case_check_and_install() {
  real check
  expect_rc 1
  expect_err "ARX_E_SCHEMA"
  real --json check
  expect_rc 1
  expect_json /state missing
  real install
  expect_rc 0
  expect_out "schema: current"
  real --json check
  expect_rc 0
  expect_json /state current
  real install --uninstall
  expect_rc 0
  real --json check
  expect_rc 1
  expect_json /state missing
}

case_not_implemented() {
  real install
  expect_rc 0
  # invoice post has landed: it answers for itself (here: no ERP tables),
  # never "not implemented".
  real invoice post X --company C
  expect_rc 1
  expect_err "invoice_post: database error"
  # Every hook of the real plugin has landed; the scripted plugin still
  # answers "not implemented" for dunning, and arx reports it as such.
  real --json dunning preview --company C --as-of 2024-01-31
  expect_rc 1
  expect_err "dunning_preview:"
  fake --json dunning preview --company C --as-of 2024-01-31
  expect_rc 1
  expect_err "ARX_E_NOT_IMPLEMENTED"
}

case_dunning() {
  real --json --as-of 2026-11-15 demo --seed 7 --customers 20 --invoices 200
  expect_rc 0
  real --json --as-of 2026-12-01 dunning preview --company DE01 --summary
  expect_rc 0
  expect_json /status preview
  json /totals/notices
  [[ $J -gt 0 ]] || fail "the preview has no notices"
  local notices=$J
  real --json --as-of 2026-12-01 dunning run --company DE01
  expect_rc 0
  expect_json /status completed
  expect_json /totals/notices "$notices"
  real --as-of 2026-12-01 dunning run --company DE01
  expect_rc 0
  expect_out "Dunning already_completed for company DE01 as of 2026-12-01"
  expect_out "INVOICE"
  real --json --as-of 2026-11-20 dunning run --company DE01
  expect_rc 1
  expect_err "ARX_E_CONFLICT"
  real --json dunning procedures --company DE01
  expect_rc 0
  expect_json /procedures/0/code standard
  real --json dunning customer NOPE --company DE01 --collector "A. Meyer"
  expect_rc 1
  expect_err "no customer NOPE"
  real --json --as-of 2026-12-01 worklist --company DE01 --limit 3
  expect_rc 0
  json --size /rows
  [[ $J -le 3 ]] || fail "the worklist has more than 3 rows"
  real --json dispute list --company DE01
  expect_rc 0
  json --type /disputes
}

case_delivery_now() {
  # --now is the run's clock: the run reports it, leases and backoffs end by it.
  real --json --as-of 2026-11-15 demo --seed 7 --customers 5 --invoices 20
  expect_rc 0
  real --json delivery run --now 1796000000
  expect_rc 0
  expect_json /at 2026-11-30T00:53:20Z
  real --json delivery run --now soon
  expect_rc 2
  expect_err "--now must be a whole number"
}

case_version() {
  real --json version
  expect_rc 0
  expect_json /plugin_abi 1.5
  expect_json /plugin_path "$ARX_TEST_PLUGIN"
  # Without --plugin the binary of the build tree finds the plugin built next to it.
  run --json version
  expect_rc 0
  json /plugin_path
  [[ "$J" -ef "$ARX_TEST_PLUGIN" ]] || fail "default plugin is $J, expected $ARX_TEST_PLUGIN"
  # $ARX_PLUGIN comes before the default.
  ARX_PLUGIN=$ARX_FAKE_PLUGIN run --json version
  expect_json /plugin 9.9.9-fake
}

# ---- usage and loading: no database needed ------------------------------------

case_unknown_command() {
  run frobnicate
  expect_rc 2
  expect_err "unknown command 'frobnicate'"
  expect_err "usage: arx"
  run config get
  expect_rc 2
  expect_err "usage: arx [global options] config get KEY"
  run config list --bogus
  expect_rc 2
  expect_err "'--bogus'"
  run invoice validate X
  expect_rc 2
  expect_err "--company"
  run --as-of 2023-02-29 check
  expect_rc 2
  expect_err "2023-02-29"
  run
  expect_rc 2
}

case_help() {
  run --help
  expect_rc 0
  expect_out "config set KEY VALUE"
  expect_out "ARX_DB"
  run help demo
  expect_rc 0
  expect_out "--seed N"
  run config set --help
  expect_rc 0
  expect_out "--reason TEXT"
}

case_plugin_missing() {
  run --plugin /nonexistent/libarx.so.1 version
  expect_rc 1
  expect_err "/nonexistent/libarx.so.1"
  expect_err "No such file"
  ARX_PLUGIN=/nonexistent/env/libarx.so.1 run version
  expect_rc 1
  expect_err "/nonexistent/env/libarx.so.1"
  expect_err "ARX_PLUGIN"
}

# ---- host behaviour, checked with the scripted fake plugin --------------------

case_abi_mismatch() {
  ARX_FAKE_MODE=major2 fake version
  expect_rc 1
  expect_err "ABI 2.0"
  expect_err "ARX_E_VERSION"
  ARX_FAKE_MODE=no_dunning fake dunning run --company C
  expect_rc 1
  expect_err "does not provide dunning_run"
}

case_business_date() {
  fake --json --as-of 2024-02-29 demo
  expect_rc 0
  expect_json /as_of 2024-02-29
  ARX_BUSINESS_DATE=2023-12-31 fake --json demo
  expect_json /as_of 2023-12-31
  # --as-of wins over the environment.
  ARX_BUSINESS_DATE=2023-12-31 fake --json demo --as-of 2022-06-30
  expect_json /as_of 2022-06-30
  ARX_BUSINESS_DATE=31.12.2023 fake demo
  expect_rc 2
  expect_err "ARX_BUSINESS_DATE"
  json_today=$(date +%Y-%m-%d)
  fake --json demo
  expect_json /as_of "$json_today"
}

case_failure_document() {
  # A failure that comes with a document prints it (stdout) and the error (stderr).
  fake --json invoice validate INV-1 --company C
  expect_rc 1
  expect_json /errors/0/code E1
  expect_err "ARX_E_VALIDATION"
  # A value that starts with "-" is an argument, not an option.
  fake config set dunning.grace_days -5
  expect_rc 1
  expect_err "not '-5'"
  fake config set dunning.grace_days -- --7
  expect_rc 1
  expect_err "not '--7'"
}

case_interrupt() {
  # First Ctrl-C: the progress callback cancels, the plugin reports it.
  ARX_FAKE_STEP_MS=300 "$ARX_BIN" --plugin "$ARX_FAKE_PLUGIN" --db fake demo \
    >"$work/out" 2>"$work/err" &
  local pid=$!
  sleep 1
  kill -INT "$pid"
  wait "$pid"; rc=$?
  expect_rc 1
  expect_err "ARX_E_CANCELLED"
  # Second Ctrl-C: the host exits at once.
  ARX_FAKE_STEP_MS=2000 "$ARX_BIN" --plugin "$ARX_FAKE_PLUGIN" --db fake demo \
    >"$work/out" 2>"$work/err" &
  pid=$!
  sleep 0.3
  kill -INT "$pid"
  sleep 0.2
  kill -INT "$pid"
  wait "$pid"; rc=$?
  expect_rc 130
  expect_err "interrupted"
}

name=${1:?usage: cli_test.sh CASE}
if ! declare -F "case_$name" >/dev/null; then
  echo "cli_test.sh: no case '$name'"
  exit 2
fi
"case_$name"
echo "ok: $name"
