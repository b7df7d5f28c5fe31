"""Real operations end to end on the reference ERP's demo data (SQLite)."""

import datetime
import decimal
import threading
import unittest
import xml.etree.ElementTree as ET

import arx
import support

COMPANY = support.COMPANY


class CashApplication(unittest.TestCase):
    """A demo bank statement imported, matched and listed: the figures of the
    run agree with the decisions it lists."""

    def setUp(self):
        tmp = support.TempDir(self)
        self.conn = tmp.db()
        support.installed_demo_db(self.conn)
        self.ctx = arx.Context(self.conn, library=support.plugin(),
                               business_date=support.BUSINESS_DATE)
        self.addCleanup(self.ctx.close)

    def test_import_run_and_list(self):
        ctx = self.ctx
        statement = ctx.demo_bank_statement(COMPANY, seed=3, lines=10)
        self.assertIsInstance(statement, bytes)
        root = ET.fromstring(statement)
        self.assertIn("camt.053", root.tag)

        imported = ctx.statement_import(data=statement, format="camt.053")
        self.assertEqual(imported["status"], "imported")
        self.assertEqual(imported["lines"], 10)
        self.assertEqual(imported["credits"], 10)
        self.assertEqual(imported["statements"][0]["status"], "imported")

        run = ctx.cashapp_run(COMPANY)
        self.assertEqual(run["lines"], 10)
        self.assertEqual(run["applied"] + run["suggested"] + run["unmatched"], 10)
        self.assertGreater(run["applied"], 0)

        listed = ctx.cashapp_list(COMPANY)["lines"]
        self.assertEqual(len(listed), 10)
        applied = [line for line in listed if line["status"] == "applied"]
        self.assertEqual(len(applied), run["applied"])
        # What the run reports as applied is the money of the lines it applied,
        # each of which allocates a payment to at least one invoice.
        received = sum((decimal.Decimal(line["amount"]) for line in applied), decimal.Decimal(0))
        self.assertEqual(decimal.Decimal(run["amount_applied"]["EUR"]), received)
        for line in applied:
            self.assertIn("payment", [a["kind"] for a in line["allocations"]])
        only_applied = ctx.cashapp_list(COMPANY, status="applied")["lines"]
        self.assertEqual(sorted(line["line_id"] for line in only_applied),
                         sorted(line["line_id"] for line in applied))
        self.assertEqual(len(ctx.cashapp_list(COMPANY, limit=3)["lines"]), 3)

        # The same file again changes nothing, and a second run has nothing new.
        self.assertEqual(ctx.statement_import(data=statement)["status"], "already_imported")
        self.assertEqual(ctx.cashapp_run(COMPANY)["lines"], 0)

    def test_a_malformed_bank_file_is_a_parse_error(self):
        with self.assertRaises(arx.ParseError) as caught:
            self.ctx.statement_import(data=b"<Document>no camt</Document>")
        e = caught.exception
        self.assertEqual(e.status, -13)
        self.assertIn("camt", e.message)
        self.assertEqual(e.function, "statement_import")

    def test_deciding_an_unknown_line_is_not_found(self):
        with self.assertRaises(arx.NotFoundError) as caught:
            self.ctx.cashapp_confirm(999999, reason="checked by hand")
        self.assertEqual(caught.exception.message, "cashapp_decide: no bank statement line 999999")


class Ledger(support.DemoDatabase):
    """Read-only calls on the shared demo database."""

    def test_dunning_preview_as_of_the_business_date(self):
        ctx = self.open()
        preview = ctx.dunning_preview(COMPANY)
        self.assertEqual(preview["as_of"], "2026-03-31")
        self.assertEqual(preview["status"], "preview")
        self.assertGreater(preview["totals"]["notices"], 0)
        self.assertEqual(len(preview["notices"]), preview["totals"]["notices"])
        total = sum((decimal.Decimal(n["overdue_total"]) for n in preview["notices"]
                     if n["currency"] == "EUR"), decimal.Decimal(0))
        self.assertEqual(total, decimal.Decimal(
            preview["totals"]["amounts"]["EUR"]["overdue_total"]))
        for notice in preview["notices"]:
            for item in notice["items"]:
                due = datetime.date.fromisoformat(item["due_date"])
                self.assertEqual(item["days_overdue"], (support.BUSINESS_DATE - due).days)

    def test_unknown_company_is_not_found(self):
        ctx = self.open()
        with self.assertRaises(arx.NotFoundError) as caught:
            ctx.dunning_preview("NOPE")
        e = caught.exception
        self.assertIsInstance(e, LookupError)
        self.assertEqual(e.status, -10)
        self.assertEqual(e.message, "dunning_preview: no company with code 'NOPE' in the ERP")
        self.assertEqual(ctx.last_error, e.message)
        with self.assertRaises(arx.NotFoundError):
            ctx.kpi("NOPE")

    def test_invalid_configuration_is_a_config_error(self):
        ctx = self.open()
        with self.assertRaises(arx.ConfigError) as caught:
            ctx.config_set("dunning.grace_days", 99)
        self.assertIn("'dunning.grace_days'", caught.exception.message)
        self.assertIn("from 0 to 60", caught.exception.message)
        with self.assertRaises(arx.ConfigError):
            ctx.config_get("no.such_key")
        keys = {entry["key"] for entry in ctx.config_list()["keys"]}
        self.assertIn("dunning.grace_days", keys)

    def test_unknown_analytics_action_is_an_invalid_argument(self):
        ctx = self.open()
        with self.assertRaises(arx.InvalidArgumentError) as caught:
            ctx.analytics(COMPANY, "no_such_action")
        self.assertIsInstance(caught.exception, ValueError)
        self.assertIn("no_such_action", caught.exception.message)

    def test_documents_are_bytes(self):
        ctx = self.open()
        number = ctx.dunning_preview(COMPANY)["notices"][0]["items"][0]["invoice_number"]
        customer = ctx.dunning_preview(COMPANY)["notices"][0]["customer_number"]
        pdf = ctx.invoice_render(COMPANY, number, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        ubl = ET.fromstring(ctx.invoice_render(COMPANY, number, "ubl"))
        self.assertEqual(ubl.tag, "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice")
        self.assertTrue(ctx.statement_render(COMPANY, customer).startswith(b"%PDF-"))
        self.assertTrue(ctx.dashboard(COMPANY).startswith("<!DOCTYPE html>"))
        findings = ctx.invoice_validate(COMPANY, number)
        self.assertEqual(findings["invoice"], number)
        self.assertEqual(findings["blocking"], 0)

    def test_kpis_follow_the_business_date(self):
        ctx = self.open(business_date=datetime.date(2026, 3, 15))
        kpi = ctx.kpi(COMPANY)
        self.assertEqual(kpi["as_of"], "2026-03-15")
        eur = [c for c in kpi["currencies"] if c["currency"] == "EUR"][0]
        self.assertIsInstance(eur["aging"], list)
        aged = sum((decimal.Decimal(b["amount"]) for b in eur["aging"]), decimal.Decimal(0))
        self.assertEqual(aged, decimal.Decimal(eur["ar_total"]))

    def test_one_context_from_two_threads(self):
        ctx = self.open()
        expected = ctx.config_list()
        results, failures = [], []

        def work():
            try:
                for _ in range(10):
                    results.append(ctx.config_list())
            except Exception as e:  # reported below
                failures.append(e)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        self.assertEqual(len(results), 20)
        self.assertTrue(all(r == expected for r in results))


class Writes(unittest.TestCase):
    """Calls that write, each on a database of its own."""

    def setUp(self):
        tmp = support.TempDir(self)
        self.conn = tmp.db()
        support.installed_demo_db(self.conn)

    def test_dunning_run_once_per_date_on_behalf_of_the_user(self):
        with arx.Context(self.conn, library=support.plugin(), user="alice",
                         business_date=support.BUSINESS_DATE) as ctx:
            preview = ctx.dunning_preview(COMPANY)
            run = ctx.dunning_run(COMPANY, summary=True)
            self.assertEqual(run["as_of"], "2026-03-31")
            self.assertEqual(run["totals"]["notices"], preview["totals"]["notices"])
            self.assertEqual(run["totals"]["amounts"], preview["totals"]["amounts"])
            self.assertNotEqual(run["status"], "already_completed")
            self.assertEqual(ctx.dunning_run(COMPANY, summary=True)["status"], "already_completed")
            # The audit trail names the user the context was opened for.
            customer = preview["notices"][0]["customer_number"]
            history = ctx.collections(COMPANY, "history", customer=customer)
            notices = [e for e in history["entries"] if e["kind"] == "notice"]
            self.assertEqual(len(notices), 1)
            self.assertEqual(notices[0]["by"], "alice")
            self.assertEqual(notices[0]["date"], "2026-03-31")

    def test_configuration_round_trip_is_audited(self):
        with arx.Context(self.conn, library=support.plugin(), user="bob") as ctx:
            ctx.config_set("dunning.grace_days", 5, company=COMPANY, reason="slow payers")
            entry = ctx.config_get("dunning.grace_days", company=COMPANY)
            self.assertEqual(entry["value"], "5")
            self.assertEqual(entry["source"], "company")
            self.assertEqual(entry["history"][0]["by"], "bob")
            self.assertEqual(entry["history"][0]["reason"], "slow payers")
            ctx.config_reset("dunning.grace_days", company=COMPANY)
            self.assertEqual(ctx.config_get("dunning.grace_days", company=COMPANY)["value"], "3")

    def test_invoice_post_queues_once(self):
        with arx.Context(self.conn, library=support.plugin(),
                         business_date=support.BUSINESS_DATE) as ctx:
            number = ctx.dunning_preview(COMPANY)["notices"][0]["items"][0]["invoice_number"]
            posted = ctx.invoice_post(COMPANY, number)
            self.assertEqual(posted["status"], "queued")
            self.assertEqual(posted["invoice"], number)
            self.assertEqual(ctx.invoice_post(COMPANY, number)["status"], "already_posted")
            status = ctx.delivery_status(company=COMPANY, reference=number)
            self.assertEqual([job["reference"] for job in status["jobs"]], [number])

    def test_uninstall_then_install(self):
        with arx.Context(self.conn, library=support.plugin(), check_schema=False) as ctx:
            ctx.uninstall()
            self.assertEqual(ctx.schema_check()["state"], "missing")
            self.assertEqual(ctx.install()["schema"]["state"], "current")


if __name__ == "__main__":
    unittest.main()
