"""Opening and closing a context, and the errors of its life cycle and of
its arguments."""

import datetime
import gc
import unittest

import arx
import support


class Opening(unittest.TestCase):
    def test_with_block_opens_and_closes(self):
        tmp = support.TempDir(self)
        with arx.Context(tmp.db(), library=support.plugin(), check_schema=False) as ctx:
            self.assertFalse(ctx.closed)
            state = ctx.schema_check()
            self.assertEqual(state["state"], "missing")
            self.assertIn("arx is not installed", ctx.last_error)
            ctx.install()
            self.assertEqual(ctx.last_error, "")
        self.assertTrue(ctx.closed)
        self.assertEqual(repr(ctx), "<arx.Context closed>")

    def test_library_given_by_path_and_arx_open(self):
        tmp = support.TempDir(self)
        ctx = arx.open(tmp.db(), library=support.plugin().path, check_schema=False)
        try:
            self.assertEqual(ctx.library.path, support.plugin().path)
            self.assertEqual(ctx.install()["schema"]["state"], "current")
        finally:
            ctx.close()

    def test_closed_context_raises_invalid_handle(self):
        tmp = support.TempDir(self)
        ctx = arx.Context(tmp.db(), library=support.plugin(), check_schema=False)
        ctx.close()
        ctx.close()  # idempotent
        with self.assertRaises(arx.InvalidHandleError) as caught:
            ctx.schema_check()
        self.assertEqual(caught.exception.status, -5)
        self.assertIn("cannot call schema_check: the arx context is closed", caught.exception.message)
        with self.assertRaises(arx.InvalidHandleError):
            ctx.dunning_preview("DE01")
        self.assertEqual(ctx.last_error, "")

    def test_a_dropped_context_is_closed_and_its_callbacks_kept_until_then(self):
        tmp = support.TempDir(self)
        seen = []
        ctx = arx.Context(tmp.db(), library=support.plugin(), check_schema=False,
                          progress=lambda phase, done, total: seen.append(phase))
        ctx.install(erp_schema=True)
        self.assertTrue(seen)
        finalizer = ctx._finalizer
        del ctx
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_missing_schema_is_refused_unless_asked(self):
        tmp = support.TempDir(self)
        with self.assertRaises(arx.SchemaError) as caught:
            arx.Context(tmp.db(), library=support.plugin())
        self.assertIn("arx install", caught.exception.message)
        self.assertEqual(caught.exception.function, "context_open")


class BadConnection(unittest.TestCase):
    def test_unknown_odbc_driver(self):
        with self.assertRaises(arx.DatabaseError) as caught:
            arx.Context("DRIVER=NoSuchDriver;Database=/tmp/x.db", library=support.plugin())
        e = caught.exception
        self.assertEqual(e.status, -7)
        self.assertTrue(e.message.startswith("context_open: cannot connect to the database"), e.message)
        self.assertIn("NoSuchDriver", e.message)

    def test_not_a_connection_string(self):
        with self.assertRaises(arx.DatabaseError) as caught:
            arx.Context("garbage", library=support.plugin())
        self.assertIn("cannot connect to the database", caught.exception.message)

    def test_unreachable_postgresql_does_not_show_the_password(self):
        conn = ("DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=none;"
                "Uid=nobody;Pwd=secret")
        with self.assertRaises(arx.DatabaseError) as caught:
            arx.Context(conn, library=support.plugin())
        self.assertIn("cannot connect", caught.exception.message)
        self.assertNotIn("secret", str(caught.exception))


class ArgumentTypes(support.DemoDatabase):
    """Wrong types raise TypeError (bad values ValueError) before C is called:
    the plugin logs every failing call at ERROR, and nothing is logged."""

    def assert_refused_before_c(self, exc_type, call, *args, **kwargs):
        with self.assertNoLogs("arx", level="DEBUG"):
            with self.assertRaises(exc_type):
                call(*args, **kwargs)

    def test_open_arguments(self):
        lib = support.plugin()
        for kwargs in ({"user": 7}, {"profile": b"reference"}, {"progress": 5},
                       {"cancel": object()}, {"business_date": "31.03.2026"},
                       {"business_date": 20260331}, {"logger": "arx"}, {"log_level": "DEBUG"},
                       {"check_schema": 1}, {"library": 3.0}):
            with self.subTest(kwargs=kwargs):
                exc_type = ValueError if kwargs.get("business_date") == "31.03.2026" else TypeError
                self.assert_refused_before_c(exc_type, arx.Context, self.conn,
                                             **dict({"library": lib}, **kwargs))
        self.assert_refused_before_c(TypeError, arx.Context, b"DRIVER=SQLite3", library=lib)
        self.assert_refused_before_c(TypeError, arx.Context, None, library=lib)
        self.assert_refused_before_c(ValueError, arx.Context, "DRIVER=SQLite3\0x", library=lib)

    def test_call_arguments(self):
        ctx = self.open(log_level=10)
        ctx.config_list()  # a success: last_error is ""
        cases = [
            (TypeError, ctx.dunning_preview, (42,), {}),
            (TypeError, ctx.dunning_preview, ("DE01",), {"as_of": 20260331}),
            (TypeError, ctx.dunning_preview, ("DE01",), {"as_of": datetime.datetime(2026, 3, 31)}),
            (ValueError, ctx.dunning_preview, ("DE01",), {"as_of": "2026-02-30"}),
            (TypeError, ctx.dunning_preview, ("DE01",), {"summary": "yes"}),
            (TypeError, ctx.config_set, ("dunning.grace_days", 1.5), {}),
            (TypeError, ctx.config_get, (None,), {}),
            (TypeError, ctx.cashapp_list, ("DE01",), {"limit": "10"}),
            (TypeError, ctx.cashapp_list, ("DE01",), {"limit": True}),
            (ValueError, ctx.cashapp_list, ("DE01",), {"limit": -1}),
            (ValueError, ctx.demo_generate, (), {"seed": 2**64}),
            (ValueError, ctx.cashapp_decide, (1, "maybe"), {}),
            (TypeError, ctx.invoice_validate, ("DE01", 1.0), {}),
            (TypeError, ctx.statement_import, (), {}),
            (TypeError, ctx.statement_import, (), {"data": 12}),
            (TypeError, ctx.collections, ("DE01", "worklist"), {"limit": object()}),
            (TypeError, ctx.analytics, ("DE01", "kpi"), {"period_days": 30.0}),
            (TypeError, ctx.delivery_preference_set, ("DE01", "C1", ["email", 3]), {}),
            (ValueError, ctx.delivery_run, (), {"now": datetime.datetime(2026, 3, 31)}),
        ]
        for exc_type, call, args, kwargs in cases:
            with self.subTest(call=call.__name__, args=args, kwargs=kwargs):
                self.assert_refused_before_c(exc_type, call, *args, **kwargs)
        self.assertEqual(ctx.last_error, "")

    def test_accepted_value_types(self):
        tmp = support.TempDir(self)
        with arx.Context(tmp.db(), library=support.plugin(), check_schema=False) as ctx:
            ctx.install(erp_schema=True)
            ctx.config_set("dunning.grace_days", 4)
            self.assertEqual(ctx.config_get("dunning.grace_days")["value"], "4")
            ctx.config_set("cashapp.open_dispute_on_short_payment", False)
            self.assertEqual(ctx.config_get("cashapp.open_dispute_on_short_payment")["value"],
                             "false")
            ctx.config_reset("dunning.grace_days")
            entry = ctx.config_get("dunning.grace_days")
            self.assertEqual(entry["value"], entry["default"])
        # Dates as text or datetime.date.
        ctx = self.open()
        self.assertEqual(ctx.kpi("DE01", as_of="2026-03-30")["as_of"], "2026-03-30")
        self.assertEqual(ctx.kpi("DE01", as_of=datetime.date(2026, 3, 29))["as_of"], "2026-03-29")

if __name__ == "__main__":
    unittest.main()
