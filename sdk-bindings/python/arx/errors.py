"""The exceptions of the arx binding: one class per arx_status.

Every failure of a call into the plugin raises a subclass of Error carrying
the status (the ARX_E_* code of arx.h), the plugin's message (last_error of
the context, or the message context_open / arx_get_api gave) and, for the
calls that return a result document together with a failure (invoice_post
"blocked", schema_check), that document parsed as `details`.

Some classes also derive from the built-in exception a Python caller would
expect: InvalidArgumentError is a ValueError, OutOfMemoryError a MemoryError,
NotImplementedError the built-in NotImplementedError.
"""

import builtins

from . import _abi

__all__ = [
    "Error", "UnspecifiedError", "NullArgumentError", "InvalidArgumentError",
    "VersionError", "InvalidHandleError", "NotImplementedError", "DatabaseError",
    "SchemaError", "ConfigError", "NotFoundError", "CancelledError",
    "ConflictError", "ParseError", "ValidationError", "OutOfMemoryError",
    "InternalError", "LoadError", "error_class",
]


class Error(Exception):
    """A failure reported by the arx plugin (or found by this binding before
    calling it).

    status   the arx_status code (negative; arx.h's ARX_E_*)
    message  the plugin's message (what last_error returned)
    details  the result document the plugin returned with the failure, parsed
             from JSON, or None
    function the ABI function that failed ("dunning_preview"), or None
    """

    status = _abi.E_ERROR

    def __init__(self, message, status=None, details=None, function=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message
        self.details = details
        self.function = function

    @property
    def status_name(self):
        """"ARX_E_NOT_FOUND" for this error's status."""
        return _abi.status_name(self.status)

    def __str__(self):
        return "%s [%s]" % (self.message, self.status_name)

    def __repr__(self):
        return "%s(%r, status=%d)" % (type(self).__name__, self.message, self.status)


class UnspecifiedError(Error):
    """ARX_E_ERROR: a failure without a more specific status."""
    status = _abi.E_ERROR


class NullArgumentError(Error, ValueError):
    """ARX_E_NULL_ARGUMENT: a required argument was missing."""
    status = _abi.E_NULL_ARGUMENT


class InvalidArgumentError(Error, ValueError):
    """ARX_E_INVALID_ARGUMENT: an argument has an invalid value."""
    status = _abi.E_INVALID_ARGUMENT


class VersionError(Error):
    """ARX_E_VERSION: the plugin speaks another ABI major (or refused a
    struct size)."""
    status = _abi.E_VERSION


class InvalidHandleError(Error):
    """ARX_E_INVALID_HANDLE: the context is closed (or unknown to the plugin)."""
    status = _abi.E_INVALID_HANDLE


class NotImplementedError(Error, builtins.NotImplementedError):  # noqa: A001
    """ARX_E_NOT_IMPLEMENTED: the capability has not landed in this plugin, or
    the plugin's table is too old to hold the function."""
    status = _abi.E_NOT_IMPLEMENTED


class DatabaseError(Error):
    """ARX_E_DATABASE: the database is unreachable or a statement failed."""
    status = _abi.E_DATABASE


class SchemaError(Error):
    """ARX_E_SCHEMA: arx's schema is missing, outdated or newer than the plugin."""
    status = _abi.E_SCHEMA


class ConfigError(Error):
    """ARX_E_CONFIG: an unknown configuration key or a refused value."""
    status = _abi.E_CONFIG


class NotFoundError(Error, LookupError):
    """ARX_E_NOT_FOUND: the named company, customer, invoice ... does not exist."""
    status = _abi.E_NOT_FOUND


class CancelledError(Error):
    """ARX_E_CANCELLED: the progress callback (or the cancel event) stopped the
    call; the plugin rolled back the unit of work it was in."""
    status = _abi.E_CANCELLED


class ConflictError(Error):
    """ARX_E_CONFLICT: a concurrent or contradicting operation (also raised by
    the binding when a callback calls back into its own context)."""
    status = _abi.E_CONFLICT


class ParseError(Error):
    """ARX_E_PARSE: an input file or text could not be parsed; the message
    names the line or the element."""
    status = _abi.E_PARSE


class ValidationError(Error):
    """ARX_E_VALIDATION: business validation found blocking errors (the
    findings are in `details` when the plugin returned them)."""
    status = _abi.E_VALIDATION


class OutOfMemoryError(Error, MemoryError):
    """ARX_E_OUT_OF_MEMORY."""
    status = _abi.E_OUT_OF_MEMORY


class InternalError(Error):
    """ARX_E_INTERNAL: an unexpected fault inside the plugin (a bug)."""
    status = _abi.E_INTERNAL


class LoadError(UnspecifiedError):
    """The plugin library could not be loaded, or is not an arx plugin."""


_BY_STATUS = {cls.status: cls for cls in (
    UnspecifiedError, NullArgumentError, InvalidArgumentError, VersionError,
    InvalidHandleError, NotImplementedError, DatabaseError, SchemaError,
    ConfigError, NotFoundError, CancelledError, ConflictError, ParseError,
    ValidationError, OutOfMemoryError, InternalError)}


def error_class(status):
    """The exception class for an arx_status; Error for a code this binding
    does not know (a newer plugin may add codes)."""
    return _BY_STATUS.get(status, Error)


def make_error(status, message, details=None, function=None):
    return error_class(status)(message, status=status, details=details, function=function)
