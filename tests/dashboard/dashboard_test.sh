#!/usr/bin/env bash
# The dashboard in a real browser: builds a demo ledger with the arx CLI
# (invoices posted to their channels, a bank statement matched, KPI snapshots
# over the half year before a fixed business date), writes the dashboard, and loads it in Debian's
# headless Chromium: no console errors, and a screenshot with every chart
# drawn (tests/dashboard/check_dashboard.py).
#
#   dashboard_test.sh              the arx page built from the demo
#   dashboard_test.sh --sample     the page template with tests/dashboard/sample.json
#
# Environment (set by tests/dashboard/CMakeLists.txt): ARX_BIN, ARX_TEST_PLUGIN,
# ARX_SOURCE_DIR; ARX_CHROMIUM overrides /usr/bin/chromium.
set -euo pipefail
: "${ARX_BIN:?}" "${ARX_TEST_PLUGIN:?}" "${ARX_SOURCE_DIR:?}"
unset ARX_DB ARX_PLUGIN ARX_BUSINESS_DATE
chromium="${ARX_CHROMIUM:-/usr/bin/chromium}"
[[ -x $chromium ]] || { echo "FAIL: $chromium is missing (scripts/setup installs Debian's chromium)"; exit 1; }
check="$ARX_SOURCE_DIR/tests/dashboard/check_dashboard.py"

work=$(mktemp -d "${TMPDIR:-/tmp}/arx-dashboard-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [[ ${1:-} == --sample ]]; then
    python3 "$check" --chromium "$chromium" --template "$ARX_SOURCE_DIR/plugin/analytics/dashboard.html" \
        --data "$ARX_SOURCE_DIR/tests/dashboard/sample.json" --out "$work" --expect-charts 6
    exit
fi

# One fixed business date: the demo ledger, and so the charts' shares, are the
# same whatever day the test runs.
as_of=2026-12-07
arx=("$ARX_BIN" --plugin "$ARX_TEST_PLUGIN" --db "DRIVER=SQLite3;Database=$work/arx.db" --as-of "$as_of")
step() { echo "+ arx $*"; "${arx[@]}" "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err"; exit 1; }; }

step demo --customers 120 --invoices 1500
# Post the latest posted invoices of DE01: delivery jobs on their channels.
mapfile -t numbers < <(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (n,) in db.execute("SELECT i.number FROM erp_invoice i JOIN erp_company c ON c.id = i.company_id "
                       "WHERE c.code = ? AND i.state = ? AND i.kind = ? ORDER BY i.id DESC LIMIT 12",
                       ("DE01", "posted", "invoice")):
    print(n)' "$work/arx.db")
((${#numbers[@]} > 0)) || { echo "FAIL: the demo has no posted invoices"; exit 1; }
posted=0
for n in "${numbers[@]}"; do
    "${arx[@]}" invoice post "$n" --company DE01 >/dev/null 2>&1 && posted=$((posted + 1))
done
((posted > 0)) || { echo "FAIL: no invoice could be posted"; exit 1; }
# The outbox stamps its jobs with the clock, not the business date: as if the
# postings had happened on the business date, their jobs get its noon (the KPI
# period counts deliveries by that stamp).
python3 -c 'import calendar, datetime, sqlite3, sys
at = calendar.timegm(datetime.datetime.strptime(sys.argv[2], "%Y-%m-%d").replace(hour=12).timetuple())
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE arx_delivery_job SET created_at = ?", (at,)).rowcount
db.commit()
sys.exit(0 if n > 0 else "FAIL: the postings queued no delivery job")' "$work/arx.db" "$as_of"
step demo statement --company DE01 --lines 60 --out "$work/bank.xml"
step statement import "$work/bank.xml"
step cashapp run --company DE01
step kpi snapshot --company DE01 --from "$(date -d "$as_of -182 days" +%F)" --every 14
step dashboard --company DE01 --out "$work/dashboard"
cat "$work/out"
python3 "$check" --chromium "$chromium" --page "$work/dashboard/index.html" --out "$work/shot" --expect-charts 6
