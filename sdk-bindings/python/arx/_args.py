"""Argument checks and conversions, done before anything reaches the plugin.

A wrong type raises TypeError and a value C cannot carry (a string with a NUL,
an integer out of its C type's range) ValueError, naming the argument, so a
mistake never becomes a plugin status.
"""

import datetime
import decimal
import json

from . import _abi


def _type_name(value):
    return type(value).__name__


def text(name, value, required=False):
    """A str argument as UTF-8 bytes for a `const char *`; None stays NULL
    unless the argument is required."""
    if value is None:
        if required:
            raise TypeError("%s is required (a str), not None" % name)
        return None
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, _type_name(value)))
    if "\0" in value:
        raise ValueError("%s must not contain a NUL character" % name)
    return value.encode("utf-8")


def data(name, value, required=False):
    """Bytes-like content (or a str, sent as UTF-8) as bytes."""
    if value is None:
        if required:
            raise TypeError("%s is required (bytes or str), not None" % name)
        return None
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s must be bytes or str, not %s" % (name, _type_name(value)))


def path(name, value):
    """A file path (str or os.PathLike) as bytes; None stays NULL."""
    if value is None:
        return None
    if hasattr(value, "__fspath__") and not isinstance(value, (str, bytes)):
        value = value.__fspath__()
    if isinstance(value, bytes):
        if b"\0" in value:
            raise ValueError("%s must not contain a NUL byte" % name)
        return value
    return text(name, value)


_RANGES = {
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
    "int64": (-2**63, 2**63 - 1),
}


def integer(name, value, kind):
    """An int (bool refused) within the range of the C type `kind`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (name, _type_name(value)))
    low, high = _RANGES[kind]
    if not low <= value <= high:
        raise ValueError("%s must be between %d and %d, not %d" % (name, low, high, value))
    return value


def flag(name, value):
    if not isinstance(value, bool):
        raise TypeError("%s must be a bool, not %s" % (name, _type_name(value)))
    return value


def date(name, value):
    """A datetime.date (or "YYYY-MM-DD") as an arx_date; None is year 0, which
    the plugin reads as "the host's business date"."""
    if value is None:
        return _abi.Date(0, 0, 0)
    if isinstance(value, datetime.datetime):
        raise TypeError("%s must be a datetime.date, not a datetime (arx dates are calendar dates)"
                        % name)
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError("%s must be a date as YYYY-MM-DD, not %r" % (name, value)) from None
    if not isinstance(value, datetime.date):
        raise TypeError("%s must be a datetime.date or 'YYYY-MM-DD', not %s"
                        % (name, _type_name(value)))
    return _abi.Date(value.year, value.month, value.day)


def iso_date(name, value):
    """A datetime.date (or "YYYY-MM-DD") as "YYYY-MM-DD" text, for JSON
    parameters."""
    d = date(name, value)
    return "%04d-%02d-%02d" % (d.year, d.month, d.day)


def config_value(name, value):
    """A configuration value in its text form: str, int, bool ("true" /
    "false") or decimal.Decimal. A float is refused: amounts are decimal text."""
    if value is None or isinstance(value, str):
        return text(name, value)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode("ascii")
    if isinstance(value, decimal.Decimal):
        return format(value, "f").encode("ascii")
    raise TypeError("%s must be a str, int, bool or decimal.Decimal, not %s"
                    % (name, _type_name(value)))


def _json_default(value):
    if isinstance(value, datetime.datetime):
        raise TypeError("a datetime cannot be an arx parameter; pass a datetime.date")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    raise TypeError("a %s cannot be an arx parameter (JSON: str, int, bool, list, dict, "
                    "None, datetime.date, decimal.Decimal)" % _type_name(value))


def params(name, value):
    """The parameters of a collections or analytics action: a dict encoded as
    a JSON object (dates as "YYYY-MM-DD", Decimals as decimal text)."""
    if not isinstance(value, dict):
        raise TypeError("%s must be a dict, not %s" % (name, _type_name(value)))
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError("%s keys must be str, not %s" % (name, _type_name(key)))
        if isinstance(item, float):
            raise TypeError("%s[%r] is a float; pass amounts as str or decimal.Decimal"
                            % (name, key))
    return json.dumps(value, default=_json_default, ensure_ascii=False).encode("utf-8")
