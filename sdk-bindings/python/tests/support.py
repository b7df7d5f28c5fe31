"""What the Python binding's tests share: the plugin under test, throwaway
SQLite databases, and the fake plugin of fake_plugin.c compiled on demand.

The plugin is the one $ARX_PLUGIN names (CTest sets it to the build tree's
libarx.so); without it the installed plugin is used, as arx.Library() does.
"""

import atexit
import ctypes
import datetime
import os
import shutil
import subprocess
import tempfile
import unittest

import arx

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "c"))

# The demo data every read-only test class shares: seeded, so the same
# ledger every run, ending on this business date.
BUSINESS_DATE = datetime.date(2026, 3, 31)
DEMO = dict(seed=7, customers=20, invoices=100)
COMPANY = "DE01"


def plugin():
    return arx.default_library()


class TempDir:
    """A directory removed with everything in it when the test ends."""

    def __init__(self, test):
        self.path = tempfile.mkdtemp(prefix="arx-py-")
        test.addCleanup(shutil.rmtree, self.path, True)

    def db(self, name="erp.db"):
        """The ODBC connection string of a new SQLite database file."""
        return "DRIVER=SQLite3;Database=" + os.path.join(self.path, name)


def installed_demo_db(conn):
    """Installs arx and the reference ERP into `conn` and fills it with the
    demo data ending on BUSINESS_DATE."""
    with arx.Context(conn, library=plugin(), check_schema=False,
                     business_date=BUSINESS_DATE) as ctx:
        ctx.install(erp_schema=True)
        ctx.demo_generate(**DEMO)


class DemoDatabase(unittest.TestCase):
    """A test class whose tests share one installed demo database (created
    once for the class; tests that write use a database of their own)."""

    @classmethod
    def setUpClass(cls):
        cls._dir = tempfile.mkdtemp(prefix="arx-py-class-")
        cls.conn = "DRIVER=SQLite3;Database=" + os.path.join(cls._dir, "demo.db")
        installed_demo_db(cls.conn)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls._dir, True)

    def open(self, **options):
        options.setdefault("library", plugin())
        options.setdefault("business_date", BUSINESS_DATE)
        ctx = arx.Context(self.conn, **options)
        self.addCleanup(ctx.close)
        return ctx


_fakes = {}


def compiler():
    for candidate in (os.environ.get("ARX_TEST_CC"), os.environ.get("CC"), "cc", "gcc"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def fake_plugin(mode):
    """The path of fake_plugin.c built as a shared library for `mode`
    ("major2", "refuse" or "plain"), compiled once per process."""
    if mode in _fakes:
        return _fakes[mode]
    cc = compiler()
    if cc is None:
        raise unittest.SkipTest("no C compiler to build the fake plugin (set ARX_TEST_CC)")
    out_dir = tempfile.mkdtemp(prefix="arx-py-fake-")
    atexit.register(shutil.rmtree, out_dir, True)
    out = os.path.join(out_dir, "libarx_fake_%s.so" % mode)
    defines = {"major2": ["-DFAKE_MAJOR2"], "refuse": ["-DFAKE_REFUSE"], "plain": []}[mode]
    built = subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
                            "-fvisibility=hidden", "-I", HEADER_DIR, *defines,
                            os.path.join(HERE, "fake_plugin.c"), "-o", out],
                           capture_output=True, text=True)
    if built.returncode != 0:
        raise RuntimeError("building the fake plugin (%s) failed:\n%s" % (mode, built.stderr))
    _fakes[mode] = out
    return out


def fake_live_buffers(path):
    """How many buffers the fake plugin at `path` has handed out and not had
    back (the library is already loaded, so this is the same instance)."""
    return ctypes.CDLL(path).fake_live_buffers()
