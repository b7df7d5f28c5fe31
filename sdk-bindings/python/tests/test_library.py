"""Loading the plugin and negotiating the ABI (arx.Library)."""

import os
import subprocess
import sys
import unittest
from unittest import mock

import arx
import support


class RealPlugin(unittest.TestCase):
    def test_negotiates_abi_1(self):
        lib = support.plugin()
        major, minor = lib.abi_version
        self.assertEqual(major, 1)
        self.assertGreaterEqual(minor, 5, "the plugin under test is built from this tree (ABI 1.5)")
        self.assertRegex(lib.version, r"^\d+\.\d+\.\d+")
        self.assertTrue(lib.provides("analytics"))
        self.assertTrue(lib.provides("demo_generate"))

    def test_provides_checks_its_argument(self):
        lib = support.plugin()
        with self.assertRaises(ValueError):
            lib.provides("no_such_function")
        with self.assertRaises(ValueError):
            lib.provides("struct_size")
        with self.assertRaises(TypeError):
            lib.provides(3)

    def test_arx_plugin_environment_variable_is_used(self):
        path = support.plugin().path
        with mock.patch.dict(os.environ, {"ARX_PLUGIN": path}):
            self.assertEqual(arx.Library().path, path)
        with mock.patch.dict(os.environ, {"ARX_PLUGIN": "/nonexistent/libarx.so"}):
            with self.assertRaises(arx.LoadError) as caught:
                arx.Library()
        self.assertIn("/nonexistent/libarx.so", caught.exception.message)
        self.assertIn("$ARX_PLUGIN", caught.exception.message)

    def test_without_a_path_the_soname_is_loaded(self):
        # As an installed plugin is found: by the dynamic loader, here
        # through LD_LIBRARY_PATH (the build tree has the libarx.so.1 link).
        plugin_dir = os.path.dirname(os.path.realpath(support.plugin().path))
        env = {k: v for k, v in os.environ.items() if k != "ARX_PLUGIN"}
        env["LD_LIBRARY_PATH"] = plugin_dir
        probe = ("import arx; lib = arx.Library(); "
                 "print(lib.path, lib.version, *lib.abi_version)")
        out = subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        self.assertEqual(out, ["libarx.so.1", support.plugin().version, "1",
                               str(support.plugin().abi_version[1])])

    def test_path_argument_is_checked(self):
        with self.assertRaises(TypeError):
            arx.Library(42)
        with self.assertRaises(TypeError):
            arx.Library(support.plugin().path, host_name=b"bytes")


class Refusals(unittest.TestCase):
    def test_missing_file(self):
        with self.assertRaises(arx.LoadError) as caught:
            arx.Library("/nonexistent/libarx.so.1")
        self.assertIsInstance(caught.exception, arx.Error)
        self.assertEqual(caught.exception.status, -1)
        self.assertIn("cannot load the arx plugin /nonexistent/libarx.so.1", caught.exception.message)

    def test_a_library_that_is_not_an_arx_plugin(self):
        with self.assertRaises(arx.LoadError) as caught:
            arx.Library("libm.so.6")
        self.assertIn("is not an arx plugin", caught.exception.message)
        self.assertIn("arx_get_api", caught.exception.message)

    def test_a_plugin_of_another_abi_major(self):
        path = support.fake_plugin("major2")
        with self.assertRaises(arx.VersionError) as caught:
            arx.Library(path)
        e = caught.exception
        self.assertEqual(e.status, -4)
        self.assertEqual(e.status_name, "ARX_E_VERSION")
        self.assertIn("speaks ABI 2.0", e.message)
        self.assertIn("needs ABI 1.x", e.message)
        self.assertIn("ARX_E_VERSION", str(e))

    def test_a_plugin_that_refuses_this_host(self):
        path = support.fake_plugin("refuse")
        with self.assertRaises(arx.VersionError) as caught:
            arx.Library(path)
        self.assertIn("refused this host (ABI 1.5)", caught.exception.message)
        self.assertIn("fake: this plugin refuses every host", caught.exception.message)


class OlderPlugin(unittest.TestCase):
    """The fake plugin's table is ABI 1.0-sized."""

    def setUp(self):
        self.path = support.fake_plugin("plain")
        self.lib = arx.Library(self.path)

    def test_a_function_beyond_the_table_is_not_implemented(self):
        self.assertEqual(self.lib.abi_version, (1, 0))
        self.assertFalse(self.lib.provides("analytics"))
        with self.lib.open("fake") as ctx:
            with self.assertRaises(arx.NotImplementedError) as caught:
                ctx.kpi("C")
            self.assertIsInstance(caught.exception, NotImplementedError)  # the built-in too
            self.assertIn("does not provide analytics", caught.exception.message)
            self.assertIn("ABI 1.0", caught.exception.message)
            # A 1.0 member the fake leaves NULL.
            with self.assertRaises(arx.NotImplementedError):
                ctx.dunning_run("C")

    def test_context_open_failure_carries_the_plugin_message(self):
        with self.assertRaises(arx.DatabaseError) as caught:
            self.lib.open("fail")
        self.assertEqual(caught.exception.message, "fake: cannot connect to 'fail'")
        self.assertEqual(caught.exception.function, "context_open")

    def test_buffers_are_released_on_every_path(self):
        with self.lib.open("fake") as ctx:
            self.assertEqual(ctx.config_list(), {"keys": []})
            self.assertEqual(support.fake_live_buffers(self.path), 0)
            # A failure that comes with a document: the document is the
            # error's details, and its buffer is released.
            with self.assertRaises(arx.ConfigError) as caught:
                ctx.config_get("any.key")
            self.assertEqual(caught.exception.details, {"refused": True})
            self.assertEqual(caught.exception.message, "fake: refused with a document")
            self.assertEqual(support.fake_live_buffers(self.path), 0)
            # A result that is not JSON fails in Python, after the release.
            with self.assertRaises(ValueError):
                ctx.schema_check()
            self.assertEqual(support.fake_live_buffers(self.path), 0)


if __name__ == "__main__":
    unittest.main()
