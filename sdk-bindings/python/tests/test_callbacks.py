"""What the plugin calls back: the log (to Python's logging), progress with
cancellation, and the business date."""

import datetime
import logging
import threading
import unittest

import arx
import support

COMPANY = support.COMPANY


class Logging(unittest.TestCase):
    def setUp(self):
        self.conn = support.TempDir(self).db()

    def test_plugin_log_lines_reach_the_arx_logger(self):
        with self.assertLogs("arx", level="INFO") as logs:
            with arx.Context(self.conn, library=support.plugin(), log_level=logging.INFO,
                             check_schema=False) as ctx:
                result = ctx.install(erp_schema=True)
        info = [r for r in logs.records if r.levelno == logging.INFO]
        self.assertGreater(len(result["applied"]), 0)
        self.assertIn("install: applied %d migrations" % len(result["applied"]), [r.getMessage() for r in info])
        self.assertTrue(all(r.name == "arx" for r in logs.records))

    def test_a_failing_call_is_logged_at_error(self):
        support.installed_demo_db(self.conn)
        with arx.Context(self.conn, library=support.plugin(), log_level=logging.INFO) as ctx:
            with self.assertLogs("arx", level="ERROR") as logs:
                with self.assertRaises(arx.NotFoundError) as caught:
                    ctx.dunning_preview("NOPE")
        self.assertEqual([r.levelno for r in logs.records], [logging.ERROR])
        self.assertEqual(logs.records[0].getMessage(), caught.exception.message)

    def test_log_level_limits_what_the_plugin_sends(self):
        with self.assertNoLogs("arx", level="DEBUG"):
            with arx.Context(self.conn, library=support.plugin(), log_level=logging.WARNING,
                             check_schema=False) as ctx:
                ctx.install(erp_schema=True)

    def test_the_default_level_is_the_loggers(self):
        logger = logging.getLogger("erp.host.arx")
        logger.setLevel(logging.WARNING)
        self.addCleanup(logger.setLevel, logging.NOTSET)
        with arx.Context(self.conn, library=support.plugin(), logger=logger,
                         check_schema=False) as ctx:
            with self.assertNoLogs("erp.host.arx", level="DEBUG"):
                ctx.install(erp_schema=True)  # INFO lines are not even sent
        logger.setLevel(logging.INFO)
        with arx.Context(self.conn, library=support.plugin(), logger=logger) as ctx:
            with self.assertLogs("erp.host.arx", level="INFO") as logs:
                ctx.demo_generate(**support.DEMO, as_of=support.BUSINESS_DATE)
        self.assertTrue(any(r.getMessage().startswith("demo: wrote") for r in logs.records))


class Progress(unittest.TestCase):
    def setUp(self):
        self.conn = support.TempDir(self).db()

    def open(self, **options):
        options.setdefault("library", support.plugin())
        options.setdefault("business_date", support.BUSINESS_DATE)
        ctx = arx.Context(self.conn, **options)
        self.addCleanup(ctx.close)
        return ctx

    def test_progress_is_reported(self):
        reports = []
        ctx = self.open(check_schema=False,
                        progress=lambda phase, done, total: reports.append((phase, done, total)))
        applied = ctx.install(erp_schema=True)["applied"]
        self.assertEqual(reports, [("migrations", i, len(applied)) for i in range(len(applied))])

    def test_returning_false_cancels_and_nothing_is_written(self):
        ctx = self.open(check_schema=False, progress=lambda phase, done, total: False)
        with self.assertRaises(arx.CancelledError) as caught:
            ctx.install(erp_schema=True)
        self.assertEqual(caught.exception.status, -11)
        self.assertEqual(caught.exception.function, "schema_install")
        self.assertTrue(caught.exception.message)
        state = ctx.schema_check()
        self.assertEqual(state["state"], "missing")
        self.assertEqual(state["database_version"], 0)

    def test_cancelling_a_dunning_run_rolls_it_back(self):
        support.installed_demo_db(self.conn)
        phases = []

        def stop_at_once(phase, done, total):
            phases.append(phase)
            return False

        with arx.Context(self.conn, library=support.plugin(), business_date=support.BUSINESS_DATE,
                         progress=stop_at_once) as ctx:
            customer = ctx.dunning_preview(COMPANY)["notices"][0]["customer_number"]
            with self.assertRaises(arx.CancelledError) as caught:
                ctx.dunning_run(COMPANY, summary=True)
        self.assertEqual(phases, ["dunning"])
        self.assertIn("cancelled by the host during 'dunning'", caught.exception.message)
        # The cancelled run left nothing behind: no notice in the customer's
        # history, and the next run writes every notice itself.
        with arx.Context(self.conn, library=support.plugin(),
                         business_date=support.BUSINESS_DATE) as again:
            self.assertEqual(again.collections(COMPANY, "history", customer=customer)["entries"], [])
            run = again.dunning_run(COMPANY, summary=True)
            self.assertEqual(run["status"], "completed")
            self.assertGreater(run["totals"]["notices"], 0)
            self.assertEqual(run["totals"]["new_in_this_call"]["notices"], run["totals"]["notices"])

    def test_a_cancel_event(self):
        support.installed_demo_db(self.conn)
        stop = threading.Event()
        ctx = self.open(cancel=stop)
        statement = ctx.demo_bank_statement(COMPANY, lines=5)
        ctx.statement_import(data=statement)
        stop.set()
        with self.assertRaises(arx.CancelledError):
            ctx.cashapp_run(COMPANY)
        self.assertEqual(ctx.cashapp_list(COMPANY)["lines"], [])
        stop.clear()
        self.assertEqual(ctx.cashapp_run(COMPANY)["lines"], 5)

    def test_an_exception_in_the_callback_cancels_and_propagates(self):
        def broken(phase, done, total):
            raise KeyError("host bug")

        ctx = self.open(check_schema=False, progress=broken)
        with self.assertRaises(KeyError) as caught:
            ctx.install(erp_schema=True)
        notes = getattr(caught.exception, "__notes__", [])
        self.assertTrue(any("ARX_E_CANCELLED" in note for note in notes), notes)
        self.assertEqual(ctx.schema_check()["state"], "missing")

    def test_calling_the_context_from_its_own_callback_is_refused(self):
        holder = {}

        def reenter(phase, done, total):
            holder["ctx"].config_list()

        ctx = holder["ctx"] = self.open(check_schema=False, progress=reenter)
        with self.assertRaises(arx.ConflictError) as caught:
            ctx.install()
        self.assertIn("config_list called from inside a callback", caught.exception.message)
        holder.clear()


class BusinessDate(unittest.TestCase):
    def setUp(self):
        self.conn = support.TempDir(self).db()
        support.installed_demo_db(self.conn)

    def preview(self, business_date):
        with arx.Context(self.conn, library=support.plugin(), business_date=business_date) as ctx:
            return ctx.dunning_preview(COMPANY)

    def test_a_fixed_date_and_a_callable(self):
        asked = []

        def today():
            asked.append(True)
            return datetime.date(2026, 6, 30)

        early = self.preview(datetime.date(2026, 3, 31))
        late = self.preview(today)
        self.assertTrue(asked)
        self.assertEqual(early["as_of"], "2026-03-31")
        self.assertEqual(late["as_of"], "2026-06-30")
        for preview, day in ((early, datetime.date(2026, 3, 31)), (late, datetime.date(2026, 6, 30))):
            for notice in preview["notices"]:
                for item in notice["items"]:
                    due = datetime.date.fromisoformat(item["due_date"])
                    self.assertEqual(item["days_overdue"], (day - due).days)
        # Three months on, more of the same ledger is overdue.
        self.assertGreater(late["totals"]["items"], early["totals"]["items"])

    def test_an_explicit_as_of_wins(self):
        with arx.Context(self.conn, library=support.plugin(),
                         business_date=datetime.date(2026, 6, 30)) as ctx:
            self.assertEqual(ctx.dunning_preview(COMPANY, as_of="2026-03-31")["as_of"], "2026-03-31")
            self.assertEqual(ctx.kpi(COMPANY)["as_of"], "2026-06-30")

    def test_a_failing_business_date_callback(self):
        def broken():
            raise RuntimeError("the ERP calendar is closed")

        with arx.Context(self.conn, library=support.plugin(), business_date=broken) as ctx:
            with self.assertRaises(RuntimeError) as caught:
                ctx.dunning_preview(COMPANY)
            self.assertEqual(str(caught.exception), "the ERP calendar is closed")
            self.assertTrue(any("ARX_E_ERROR" in n for n in caught.exception.__notes__))

        # An arx.Error passes its status on to the plugin, and is raised.
        def refuse():
            raise arx.NotFoundError("no calendar for today")

        with arx.Context(self.conn, library=support.plugin(), business_date=refuse) as ctx:
            with self.assertRaises(arx.NotFoundError) as caught:
                ctx.dunning_preview(COMPANY)
            self.assertEqual(caught.exception.message, "no calendar for today")
            self.assertTrue(any("ARX_E_NOT_FOUND" in n for n in caught.exception.__notes__))

    def test_a_callable_returning_no_date(self):
        with arx.Context(self.conn, library=support.plugin(), business_date=lambda: "soon") as ctx:
            with self.assertRaises(ValueError):
                ctx.dunning_preview(COMPANY)
        with arx.Context(self.conn, library=support.plugin(), business_date=lambda: None) as ctx:
            with self.assertRaises(TypeError):
                ctx.dunning_preview(COMPANY)


if __name__ == "__main__":
    unittest.main()
