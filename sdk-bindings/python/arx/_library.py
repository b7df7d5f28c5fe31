"""Loading libarx.so and negotiating the ABI with it."""

import ctypes
import os
import threading

from . import _abi
from .errors import LoadError, NotImplementedError, VersionError, make_error

DEFAULT_HOST_NAME = "arx Python host"

# The plugin's soname carries the ABI major (the library's SOVERSION).
SONAME = "libarx.so.%d" % _abi.ABI_VERSION_MAJOR


class Library:
    """The arx plugin, loaded and negotiated.

    Library(path=None, host_name="arx Python host")

    path: the plugin file. When None: $ARX_PLUGIN (as the `arx` CLI reads it),
    else the installed plugin by its soname (libarx.so.1, found by the dynamic
    loader). An explicit path or $ARX_PLUGIN is the only one tried.

    Raises LoadError when the file cannot be loaded or exports no
    arx_get_api, VersionError when the plugin refuses this host or speaks
    another ABI major, and NotImplementedError when its table lacks a
    function of ABI 1.0.

    The library stays loaded for the life of the process (ctypes never
    unloads), so contexts may outlive the Library object.
    """

    def __init__(self, path=None, host_name=DEFAULT_HOST_NAME):
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise TypeError("path must be a str or os.PathLike, not %s" % type(path).__name__)
        if not isinstance(host_name, str):
            raise TypeError("host_name must be a str, not %s" % type(host_name).__name__)
        source = ""
        if path is None:
            env = os.environ.get("ARX_PLUGIN")
            if env:
                path, source = env, " (from $ARX_PLUGIN)"
            else:
                path, source = SONAME, " (the installed plugin, by its soname)"
        self.path = os.fspath(path)
        try:
            self._dll = ctypes.CDLL(self.path)
        except OSError as e:
            raise LoadError("cannot load the arx plugin %s%s: %s" % (self.path, source, e)) from None
        try:
            get_api = _abi.GetApiFn(("arx_get_api", self._dll))
        except AttributeError:
            raise LoadError("%s is not an arx plugin: it exports no arx_get_api" % self.path) from None

        self._host_name = host_name.encode("utf-8")
        info = _abi.HostInfo(struct_size=ctypes.sizeof(_abi.HostInfo),
                             abi_version=_abi.ABI_VERSION,
                             api_size=ctypes.sizeof(_abi.Api),
                             reserved=0,
                             host_name=self._host_name)
        table = ctypes.POINTER(_abi.Api)()
        message = ctypes.c_char_p()
        status = get_api(ctypes.byref(info), ctypes.byref(table), ctypes.byref(message))
        if status != _abi.OK:
            text = message.value.decode("utf-8", "replace") if message.value else _abi.status_name(status)
            raise make_error(status, "the arx plugin %s refused this host (ABI %s): %s"
                             % (self.path, _abi.abi_text(_abi.ABI_VERSION), text),
                             function="arx_get_api")
        if not table:
            raise VersionError("the arx plugin %s returned no function table" % self.path,
                               function="arx_get_api")
        api = table.contents
        if _abi.abi_major(api.abi_version) != _abi.ABI_VERSION_MAJOR:
            raise VersionError("the arx plugin %s speaks ABI %s; this binding needs ABI %d.x"
                               % (self.path, _abi.abi_text(api.abi_version),
                                  _abi.ABI_VERSION_MAJOR), function="arx_get_api")
        if api.struct_size < _abi.API_1_0_SIZE:
            raise VersionError("the arx plugin %s has a function table of %d bytes, smaller "
                               "than the ABI 1.0 table (%d bytes)"
                               % (self.path, api.struct_size, _abi.API_1_0_SIZE),
                               function="arx_get_api")
        for member in ("context_open", "context_close", "last_error", "buffer_free"):
            if not _abi.api_has(api, member):
                raise NotImplementedError("the arx plugin %s does not provide %s"
                                          % (self.path, member), function=member)
        self._api = api

    @property
    def abi_version(self):
        """The ABI the plugin's table reports, as (major, minor)."""
        return (_abi.abi_major(self._api.abi_version), _abi.abi_minor(self._api.abi_version))

    @property
    def version(self):
        """The plugin's own version, e.g. "1.0.0"."""
        if not _abi.api_has(self._api, "version"):
            return ""
        raw = self._api.version()
        return raw.decode("utf-8", "replace") if raw else ""

    def provides(self, function):
        """True when the plugin's table holds the ABI function `function`
        (e.g. "analytics", added in ABI 1.5)."""
        if not isinstance(function, str):
            raise TypeError("function must be a str, not %s" % type(function).__name__)
        if function not in dict(_abi.Api._fields_) or function in ("struct_size", "abi_version"):
            raise ValueError("%r is not a function of the arx ABI" % function)
        return _abi.api_has(self._api, function)

    def open(self, connection_string, **options):
        """A Context on this library: see arx.Context."""
        from ._context import Context
        return Context(connection_string, library=self, **options)

    def __repr__(self):
        return "<arx.Library %s, plugin %s, ABI %d.%d>" % ((self.path, self.version) + self.abi_version)


_default = None
_default_lock = threading.Lock()


def default_library():
    """The Library found without a path ($ARX_PLUGIN or the soname), loaded
    once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Library()
        return _default
