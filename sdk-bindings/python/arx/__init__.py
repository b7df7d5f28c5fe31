"""arx for Python hosts: the arx accounts-receivable plugin (libarx.so)
through its C ABI (sdk-bindings/c/arx.h), with ctypes and nothing else.

    import datetime, arx

    with arx.Context("DRIVER=SQLite3;Database=/srv/erp.db", user="alice",
                     business_date=datetime.date(2026, 3, 31)) as ctx:
        preview = ctx.dunning_preview("DE01")

arx.Library loads and negotiates the plugin; arx.Context is one open
connection with a method per function of the ABI; every failure raises a
subclass of arx.Error (arx.errors). See sdk-bindings/python/README.md.
"""

import logging as _logging

from . import errors
from ._abi import ABI_VERSION_MAJOR, ABI_VERSION_MINOR, status_name
from ._context import Context
from ._library import Library, default_library
from .errors import (CancelledError, ConfigError, ConflictError, DatabaseError, Error,
                     InternalError, InvalidArgumentError, InvalidHandleError, LoadError,
                     NotFoundError, NotImplementedError, NullArgumentError,
                     OutOfMemoryError, ParseError, SchemaError, UnspecifiedError,
                     ValidationError, VersionError)

# A library's logger: records go wherever the host's logging configuration
# sends them, and nowhere (not to stderr) when it has none.
_logging.getLogger("arx").addHandler(_logging.NullHandler())

#: The ABI this binding was written against, as (major, minor).
ABI_VERSION = (ABI_VERSION_MAJOR, ABI_VERSION_MINOR)


def open(connection_string, **options):  # noqa: A001 - arx.open, like io.open
    """arx.Context(connection_string, **options)."""
    return Context(connection_string, **options)


__all__ = [
    "ABI_VERSION", "Context", "Library", "default_library", "open", "status_name", "errors",
    "Error", "UnspecifiedError", "NullArgumentError", "InvalidArgumentError",
    "VersionError", "InvalidHandleError", "NotImplementedError", "DatabaseError",
    "SchemaError", "ConfigError", "NotFoundError", "CancelledError", "ConflictError",
    "ParseError", "ValidationError", "OutOfMemoryError", "InternalError", "LoadError",
]
