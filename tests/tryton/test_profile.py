"""arx on a real Tryton 6.0 database through the `tryton` profile, driven
with the `arx` command and checked in Tryton's terms: its invoices' states and
amounts to pay as Tryton computes them, its statements, moves,
reconciliations and dunnings.

Needs (scripts/test's tryton stage provides them):
  ARX_CLI             the arx command
  ARX_PLUGIN          the plugin it loads
  ARX_TEST_PG_DB      the throwaway cluster's psqlODBC connection string
  ARX_TRYTON_CONFIG   a trytond configuration file for that cluster
  ARX_TRYTON_TEMPLATE the Tryton database built by tests/tryton/fixture.py
  ARX_CONFORMANCE     ../shared/conformance (for the e-invoice validators)
Each test class works on its own copy of the template.
"""
import datetime
import decimal
import json
import os
import re
import subprocess
import tempfile
import unittest

import psycopg2

COMPANY = "TRY01"
AS_OF = "2026-12-07"


def pg_params():
    """psycopg2 keywords from ARX_TEST_PG_DB (Server, Port, Uid, Pwd)."""
    parts = dict(p.split("=", 1) for p in os.environ["ARX_TEST_PG_DB"].split(";") if "=" in p)
    return {"host": parts["Server"], "port": int(parts["Port"]), "user": parts["Uid"], "password": parts["Pwd"]}


def copy_template(name):
    """A fresh copy of the Tryton template database; returns its ODBC string."""
    conn = psycopg2.connect(dbname="postgres", **pg_params())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cur.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, os.environ["ARX_TRYTON_TEMPLATE"]))
    conn.close()
    return re.sub(r"Database=[^;]*", "Database=" + name, os.environ["ARX_TEST_PG_DB"])


class TrytonCase(unittest.TestCase):
    database = None  # set by each class

    @classmethod
    def setUpClass(cls):
        missing = [v for v in ("ARX_CLI", "ARX_TEST_PG_DB", "ARX_TRYTON_CONFIG", "ARX_TRYTON_TEMPLATE",
                               "ARX_CONFORMANCE") if not os.environ.get(v)]
        if missing:
            raise AssertionError("not set: %s (scripts/test's tryton stage builds the Tryton database and sets "
                                 "them)" % ", ".join(missing))
        cls.odbc = copy_template(cls.database)
        cls.db = psycopg2.connect(dbname=cls.database, **pg_params())
        cls.db.autocommit = True
        cls.tmp = tempfile.TemporaryDirectory()
        cls.arx("install")

    @classmethod
    def tearDownClass(cls):
        cls.db.close()
        cls.tmp.cleanup()

    @classmethod
    def run_arx(cls, *args, as_of=AS_OF):
        cmd = [os.environ["ARX_CLI"], "--db", cls.odbc, "--profile", "tryton", "--user", "admin", "--json",
               "--as-of", as_of] + list(args)
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300)

    @classmethod
    def arx(cls, *args, as_of=AS_OF):
        """Runs arx and returns its JSON result; fails on a non-zero exit."""
        p = cls.run_arx(*args, as_of=as_of)
        if p.returncode != 0:
            raise AssertionError("arx %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
        return json.loads(p.stdout) if p.stdout.strip() else None

    def sql(self, query, *params):
        with self.db.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    def one(self, query, *params):
        rows = self.sql(query, *params)
        self.assertEqual(len(rows), 1, query)
        return rows[0][0] if len(rows[0]) == 1 else rows[0]

    def tryton(self, fn):
        """Runs fn(pool) inside a read-only Tryton transaction on this
        class's database (Tryton's own models and computations)."""
        code = (
            "import json, sys\n"
            "from trytond.config import config\n"
            "config.update_etc(sys.argv[1])\n"
            "from trytond.pool import Pool\n"
            "from trytond.transaction import Transaction\n"
            "Pool.start()\n"
            "pool = Pool(sys.argv[2])\n"
            "with Transaction().start(sys.argv[2], 0, readonly=True):\n"
            "    pool.init()\n"
            "with Transaction().start(sys.argv[2], 0, readonly=True, context={'company': 1}):\n"
            + "".join("    " + line + "\n" for line in fn.strip().splitlines())
        )
        p = subprocess.run(["/usr/bin/python3", "-c", code, os.environ["ARX_TRYTON_CONFIG"], self.database],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise AssertionError("Tryton check failed: %s" % p.stderr[-2000:])
        return json.loads(p.stdout.strip().splitlines()[-1])


class ReadsAndDocuments(TrytonCase):
    """What arx reads of Tryton: companies, customers, open items, invoices."""
    database = "tryton_reads"

    def test_receivables_match_trytons_ledger(self):
        kpi = self.arx("kpi", "--company", COMPANY)
        total = self.one(
            "SELECT SUM(l.debit - l.credit) FROM account_move_line l JOIN account_account a ON a.id = l.account "
            "JOIN account_account_type t ON t.id = a.type WHERE t.receivable AND l.reconciliation IS NULL")
        eur = [c for c in kpi["currencies"] if c["currency"] == "EUR"]
        self.assertEqual(len(eur), 1, kpi["currencies"])
        self.assertEqual(decimal.Decimal(eur[0]["ar_total"]), total)
        self.assertEqual(sum(b["count"] for b in eur[0]["aging"]),
                         self.one("SELECT COUNT(*) FROM arx_tryton_open_item WHERE open_amount <> 0"))

    def test_customers_are_parties_with_codes(self):
        preview = self.arx("dunning", "preview", "--company", COMPANY)
        numbers = {n["customer_number"] for n in preview["notices"]}
        codes = {r[0] for r in self.sql("SELECT code FROM party_party WHERE code LIKE 'C0%%'")}
        self.assertTrue(numbers, "overdue customers are reminded")
        self.assertTrue(numbers <= codes, numbers - codes)

    def test_a_draft_invoice_is_checked_before_tryton_posts_it(self):
        draft_id = self.one("SELECT MIN(id) FROM account_invoice WHERE state = 'draft'")
        result = self.arx("invoice", "validate", "draft-%d" % draft_id, "--company", COMPANY)
        self.assertEqual(result["blocking"], 0, result)

    def test_a_party_without_address_or_email_blocks_with_the_rule(self):
        # C0021 has neither an address nor an e-mail (tests/tryton/fixture.py).
        number = self.one("SELECT MIN(i.number) FROM account_invoice i JOIN party_party p ON p.id = i.party "
                          "WHERE p.code = 'C0021' AND i.state = 'posted'")
        p = self.run_arx("invoice", "validate", number, "--company", COMPANY)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("BT-55", p.stdout + p.stderr)
        self.assertIn("BR-11", p.stdout + p.stderr)

    def test_e_invoices_of_tryton_invoices_pass_the_validators(self):
        # An invoice of a customer with a VAT id (its Peppol id) and an address.
        number = self.one(
            "SELECT MIN(i.number) FROM account_invoice i JOIN party_identifier v ON v.party = i.party "
            "AND v.type = 'eu_vat' WHERE i.state = 'posted' AND i.number LIKE 'RE-%%'")
        files = []
        for fmt in ("ubl", "xrechnung-ubl", "cii", "xrechnung-cii"):
            out = os.path.join(self.tmp.name, "%s.%s.xml" % (number, fmt))
            self.arx("invoice", "render", number, "--company", COMPANY, "--format", fmt, "--out", out)
            files.append(out)
        validator = os.path.join(os.environ["ARX_CONFORMANCE"], "validate-einvoice")
        p = subprocess.run([validator] + files, capture_output=True, text=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("4 passed, 0 failed", p.stdout)

    def test_posting_queues_the_documents_and_keeps_the_payment_reference(self):
        number = self.one(
            "SELECT MIN(i.number) FROM account_invoice i JOIN party_contact_mechanism m ON m.party = i.party "
            "AND m.type = 'email' WHERE i.state = 'posted' AND i.number LIKE 'RE-%%'")
        posted = self.arx("invoice", "post", number, "--company", COMPANY)
        self.assertEqual(posted["channel"], "email", posted)
        self.assertEqual(self.one("SELECT COUNT(*) FROM arx_delivery_job WHERE reference = %s", number), 1)
        reference = self.one("SELECT r.reference FROM arx_invoice_reference r JOIN account_invoice i "
                             "ON i.id = r.invoice_id WHERE i.number = %s", number)
        self.assertRegex(reference, r"^RF\d\d")
        again = self.arx("invoice", "post", number, "--company", COMPANY)
        self.assertEqual(self.one("SELECT COUNT(*) FROM arx_delivery_job WHERE reference = %s", number), 1,
                         again)

    def test_posted_invoices_of_complete_customers_pass_arx_checks(self):
        # Tryton rounds VAT half to even; arx keeps the ledger's VAT where it
        # is a rounding of the EN 16931 figure, so none of these blocks.
        numbers = [r[0] for r in self.sql(
            "SELECT i.number FROM account_invoice i "
            "JOIN party_party p ON p.id = i.party AND p.code NOT IN ('C0007', 'C0013', 'C0021') "
            "WHERE i.state = 'posted' AND i.number LIKE 'RE-%%' ORDER BY i.number")]
        self.assertGreater(len(numbers), 50)
        adopted = 0
        for number in numbers:
            result = self.arx("invoice", "validate", number, "--company", COMPANY)
            self.assertEqual(result["blocking"], 0, (number, result["findings"]))
            adopted += sum(1 for f in result["findings"] if f["rule"] == "BR-S-09")
        self.assertGreater(adopted, 0, "some invoices of the fixture round VAT half to even")

    def test_credit_notes_name_the_invoice_they_correct(self):
        number = self.one("SELECT MIN(number) FROM account_invoice WHERE number LIKE 'GS-%%'")
        out = os.path.join(self.tmp.name, "credit.xml")
        self.arx("invoice", "render", number, "--company", COMPANY, "--format", "cii", "--out", out)
        corrected = self.one(
            "SELECT oi.number FROM account_invoice ci JOIN account_invoice_line cl ON cl.invoice = ci.id "
            "JOIN account_invoice_line ol ON cl.origin = 'account.invoice.line,' || ol.id "
            "JOIN account_invoice oi ON oi.id = ol.invoice WHERE ci.number = %s LIMIT 1", number)
        with open(out, encoding="utf-8") as f:
            self.assertIn(corrected, f.read())


class CashApplication(TrytonCase):
    """A bank file imported by arx becomes a Tryton statement; the payments
    arx applies leave Tryton's invoices paid and their lines reconciled."""
    database = "tryton_cashapp"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.camt = os.path.join(cls.tmp.name, "statement.xml")
        cls.arx("demo", "statement", "--company", COMPANY, "--out", cls.camt, "--lines", "20")
        cls.imported = cls.arx("statement", "import", cls.camt)
        cls.run_result = cls.arx("cashapp", "run", "--company", COMPANY)

    def test_01_the_file_is_a_tryton_statement_with_its_origins(self):
        st = self.imported["statements"][0]
        name, state, lines, total = self.one(
            "SELECT name, state, number_of_lines, total_amount FROM account_statement")
        self.assertEqual(name, st["statement_ref"])
        self.assertEqual(lines, st["lines"])
        origins, origin_total = self.one("SELECT COUNT(*), SUM(amount) FROM account_statement_origin")
        self.assertEqual(origins, st["lines"])
        self.assertEqual(origin_total, total)

    def test_02_applied_payments_leave_invoices_paid_as_tryton_computes_it(self):
        self.assertGreater(self.run_result["applied"], 10, self.run_result)
        paid = [r[0] for r in self.sql(
            "SELECT DISTINCT sl.invoice FROM account_statement_line sl WHERE sl.invoice IS NOT NULL")]
        self.assertTrue(paid)
        checks = self.tryton("""
Invoice = pool.get('account.invoice')
rows = [(i.id, i.state, str(i.amount_to_pay), bool(i.reconciled)) for i in Invoice.browse(%r)]
print(json.dumps(rows))
""" % paid)
        fully = [r for r in checks if r[2] == "0" or decimal.Decimal(r[2]) == 0]
        self.assertTrue(fully, checks)
        for inv_id, state, to_pay, reconciled in checks:
            if decimal.Decimal(to_pay) == 0:
                self.assertEqual(state, "paid", (inv_id, state, to_pay))
                self.assertTrue(reconciled, inv_id)
            else:
                self.assertEqual(state, "posted", (inv_id, state, to_pay))

    def test_03_moves_are_posted_numbered_and_balanced(self):
        rows = self.sql(
            "SELECT m.id, m.state, m.number, m.post_number, SUM(l.debit), SUM(l.credit) FROM account_move m "
            "JOIN account_move_line l ON l.move = m.id WHERE m.origin LIKE 'account.statement,%%' "
            "GROUP BY m.id, m.state, m.number, m.post_number")
        self.assertEqual(len(rows), self.run_result["applied"])
        for move_id, state, number, post_number, debit, credit in rows:
            self.assertEqual(state, "posted", move_id)
            self.assertTrue(number and post_number, move_id)
            self.assertEqual(debit, credit, move_id)
        applied = decimal.Decimal(self.run_result["amount_applied"]["EUR"])
        cash = self.one("SELECT SUM(amount) FROM account_statement_line")
        self.assertEqual(cash, applied)

    def test_03b_origins_left_to_a_person_keep_the_statement_in_draft(self):
        pending = self.sql(
            "SELECT o.id, o.amount - COALESCE((SELECT SUM(sl.amount) FROM account_statement_line sl "
            "WHERE sl.origin = o.id), 0) FROM account_statement_origin o")
        open_origins = [p for p in pending if p[1] != 0]
        left = self.run_result["suggested"] + self.run_result["unmatched"]
        credits = self.imported["statements"][0]["credits"]
        self.assertGreaterEqual(len(open_origins), left, pending)
        self.assertLessEqual(len(open_origins), left + self.imported["statements"][0]["lines"] - credits)
        state = self.one("SELECT state FROM account_statement")
        self.assertEqual(state, "draft" if open_origins else "posted")

    def test_04_reconciliations_balance(self):
        for rec, debit, credit in self.sql(
                "SELECT reconciliation, SUM(debit), SUM(credit) FROM account_move_line "
                "WHERE reconciliation IS NOT NULL GROUP BY reconciliation"):
            self.assertEqual(debit, credit, rec)

    def test_04b_the_ledger_view_and_the_single_item_check_agree(self):
        # arx_tryton_open_item (bulk reads) and arx_tryton_item_open (the
        # check after a booking) apply one rule two ways.
        self.assertGreater(self.one("SELECT COUNT(*) FROM arx_tryton_open_item WHERE open_amount = 0"), 0)
        self.assertEqual(self.sql("SELECT id, open_amount, arx_tryton_item_open(id) FROM arx_tryton_open_item "
                                  "WHERE open_amount <> arx_tryton_item_open(id)"), [])

    def test_05_the_same_file_again_changes_nothing(self):
        before = self.one("SELECT COUNT(*) FROM account_statement_origin")
        again = self.arx("statement", "import", self.camt)
        self.assertEqual(again["status"], "already_imported")
        self.assertEqual(self.one("SELECT COUNT(*) FROM account_statement_origin"), before)
        rerun = self.arx("cashapp", "run", "--company", COMPANY)
        self.assertEqual(rerun["applied"], 0)

    def test_06_a_file_for_an_unknown_bank_account_is_refused(self):
        with open(self.camt, encoding="utf-8") as f:
            text = f.read()
        own = self.one("SELECT number_compact FROM bank_account_number n JOIN account_statement_journal j "
                       "ON j.bank_account = n.account")
        other = os.path.join(self.tmp.name, "other.xml")
        with open(other, "w", encoding="utf-8") as f:
            f.write(text.replace(own, "DE02120300000000202051").replace("DEMO-", "OTHER-"))
        before = self.one("SELECT COUNT(*) FROM account_statement")
        p = self.run_arx("statement", "import", other)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("DE02120300000000202051", p.stderr)
        self.assertEqual(self.one("SELECT COUNT(*) FROM account_statement"), before)


class Dunning(TrytonCase):
    """A dunning run leaves Tryton dunnings at arx's levels and fees as
    posted moves; it refuses while Tryton's own dunnings wait to go out."""
    database = "tryton_dunning"

    def test_01_levels_become_tryton_dunnings_and_fees_moves(self):
        first = self.arx("dunning", "run", "--company", COMPANY, "--summary")
        self.assertEqual(first["status"], "completed", first)
        levels = dict(self.sql(
            "SELECT dl.overdue, COUNT(*) FROM account_dunning d JOIN account_dunning_level dl ON dl.id = d.level "
            "WHERE d.state = 'waiting' GROUP BY dl.overdue"))
        self.assertEqual(list(levels), [datetime.timedelta(days=7)], levels)
        later = self.arx("dunning", "run", "--company", COMPANY, "--summary", as_of="2026-12-21")
        fees = decimal.Decimal(later["totals"]["amounts"]["EUR"]["fee"])
        levels = dict(self.sql(
            "SELECT dl.overdue, COUNT(*) FROM account_dunning d JOIN account_dunning_level dl ON dl.id = d.level "
            "GROUP BY dl.overdue"))
        self.assertIn(datetime.timedelta(days=21), levels)
        moves = self.sql(
            "SELECT m.id, m.state, SUM(l.debit), SUM(l.credit), COUNT(l.party) FROM account_move m "
            "JOIN account_move_line l ON l.move = m.id WHERE m.description LIKE 'arx dunning fee%%' "
            "GROUP BY m.id, m.state")
        self.assertTrue(moves, "level 2 charges fees")
        for move_id, state, debit, credit, parties in moves:
            self.assertEqual((state, parties), ("posted", 1), move_id)
            self.assertEqual(debit, credit, move_id)
        booked = self.one("SELECT SUM(l.credit) FROM account_move m JOIN account_move_line l ON l.move = m.id "
                          "WHERE m.description LIKE 'arx dunning fee%%' AND l.party IS NULL")
        interest = decimal.Decimal(later["totals"]["amounts"]["EUR"]["interest"])
        self.assertEqual(booked, fees + interest)

    def test_02_the_same_date_again_changes_nothing(self):
        before = self.one("SELECT COUNT(*) FROM account_dunning")
        moves = self.one("SELECT COUNT(*) FROM account_move")
        self.arx("dunning", "run", "--company", COMPANY, "--summary", as_of="2026-12-21")
        self.assertEqual(self.one("SELECT COUNT(*) FROM account_dunning"), before)
        self.assertEqual(self.one("SELECT COUNT(*) FROM account_move"), moves)

    def test_03_trytons_own_pending_dunnings_stop_a_run(self):
        self.sql("UPDATE account_dunning SET state = 'draft' WHERE id = (SELECT MIN(id) FROM account_dunning) "
                 "RETURNING id")
        notices = self.one("SELECT COUNT(*) FROM arx_dunning_notice")
        p = self.run_arx("dunning", "run", "--company", COMPANY, as_of="2026-12-28")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("not yet sent", p.stderr)
        self.assertEqual(self.one("SELECT COUNT(*) FROM arx_dunning_notice"), notices)


if __name__ == "__main__":
    unittest.main()
