"""The C ABI of sdk-bindings/c/arx.h, declared for ctypes.

Every struct here mirrors its C declaration field by field and in order; the
plugin reads an options struct only as far as its struct_size says, so a
struct declared here as of ABI 1.5 also works with an older 1.x plugin for
the fields that plugin knows. Nothing in this module calls the plugin.
"""

import ctypes
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int32, c_int64,
                    c_size_t, c_uint32, c_uint64, c_void_p)

# ---- versions --------------------------------------------------------------

ABI_VERSION_MAJOR = 1
ABI_VERSION_MINOR = 5
ABI_VERSION = (ABI_VERSION_MAJOR << 16) | ABI_VERSION_MINOR


def abi_major(version):
    return (version & 0xFFFFFFFF) >> 16


def abi_minor(version):
    return version & 0xFFFF


def abi_text(version):
    """"1.5" for an ARX_ABI_VERSION value."""
    return "%d.%d" % (abi_major(version), abi_minor(version))


# ---- status ----------------------------------------------------------------

OK = 0
E_ERROR = -1
E_NULL_ARGUMENT = -2
E_INVALID_ARGUMENT = -3
E_VERSION = -4
E_INVALID_HANDLE = -5
E_NOT_IMPLEMENTED = -6
E_DATABASE = -7
E_SCHEMA = -8
E_CONFIG = -9
E_NOT_FOUND = -10
E_CANCELLED = -11
E_CONFLICT = -12
E_PARSE = -13
E_VALIDATION = -14
E_OUT_OF_MEMORY = -15
E_INTERNAL = -16

STATUS_NAMES = {
    OK: "ARX_OK",
    E_ERROR: "ARX_E_ERROR",
    E_NULL_ARGUMENT: "ARX_E_NULL_ARGUMENT",
    E_INVALID_ARGUMENT: "ARX_E_INVALID_ARGUMENT",
    E_VERSION: "ARX_E_VERSION",
    E_INVALID_HANDLE: "ARX_E_INVALID_HANDLE",
    E_NOT_IMPLEMENTED: "ARX_E_NOT_IMPLEMENTED",
    E_DATABASE: "ARX_E_DATABASE",
    E_SCHEMA: "ARX_E_SCHEMA",
    E_CONFIG: "ARX_E_CONFIG",
    E_NOT_FOUND: "ARX_E_NOT_FOUND",
    E_CANCELLED: "ARX_E_CANCELLED",
    E_CONFLICT: "ARX_E_CONFLICT",
    E_PARSE: "ARX_E_PARSE",
    E_VALIDATION: "ARX_E_VALIDATION",
    E_OUT_OF_MEMORY: "ARX_E_OUT_OF_MEMORY",
    E_INTERNAL: "ARX_E_INTERNAL",
}


def status_name(status):
    """The symbolic name of a status; "ARX_E_?" for a code a newer plugin added."""
    return STATUS_NAMES.get(status, "ARX_E_?")


# ---- log levels and flags --------------------------------------------------

LOG_ERROR = 0
LOG_WARN = 1
LOG_INFO = 2
LOG_DEBUG = 3

CONTEXT_NO_SCHEMA_CHECK = 0x1
INSTALL_ERP_SCHEMA = 0x1
INSTALL_UNINSTALL = 0x2
CASHAPP_SHADOW = 0x1
DECISION_CONFIRM = 1
DECISION_REJECT = 2
DUNNING_SUMMARY = 0x1
DELIVERY_ATTACH_XML = 0x1


# ---- plain structs ---------------------------------------------------------

class Buffer(Structure):
    # data is read as a pointer, not as c_char_p: a PDF holds NUL bytes, and
    # the length is `size`.
    _fields_ = [("data", c_void_p), ("size", c_size_t)]


class Date(Structure):
    _fields_ = [("year", c_int32), ("month", c_int32), ("day", c_int32)]


class _Context(Structure):
    """The opaque arx_context; only pointers to it are used."""


ContextPtr = POINTER(_Context)
BufferPtr = POINTER(Buffer)

# ---- host callbacks --------------------------------------------------------

LogFn = CFUNCTYPE(None, c_void_p, c_int32, c_char_p)
ProgressFn = CFUNCTYPE(c_int32, c_void_p, c_char_p, c_uint64, c_uint64)
BusinessDateFn = CFUNCTYPE(c_int32, c_void_p, POINTER(Date))


# ---- entry point -----------------------------------------------------------

class HostInfo(Structure):
    _fields_ = [
        ("struct_size", c_uint32),
        ("abi_version", c_uint32),
        ("api_size", c_uint32),
        ("reserved", c_uint32),
        ("host_name", c_char_p),
    ]


# ---- options structs -------------------------------------------------------

class _Versioned(Structure):
    """An options struct whose header is filled in on construction."""

    def __init__(self, **fields):
        super().__init__(**fields)
        self.struct_size = ctypes.sizeof(self)
        self.abi_version = ABI_VERSION


_HEADER = [("struct_size", c_uint32), ("abi_version", c_uint32)]


class ContextOptions(_Versioned):
    _fields_ = _HEADER + [
        ("connection_string", c_char_p),
        ("profile", c_char_p),
        ("profile_dir", c_char_p),
        ("user", c_char_p),
        ("log", LogFn),
        ("progress", ProgressFn),
        ("business_date", BusinessDateFn),
        ("host_data", c_void_p),
        ("log_level", c_int32),
        ("flags", c_uint32),
    ]


class InstallOptions(_Versioned):
    _fields_ = _HEADER + [("flags", c_uint32), ("reserved", c_uint32)]


class ConfigSetOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("key", c_char_p),
        ("value", c_char_p),
        ("reason", c_char_p),
    ]


class InvoiceOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("invoice_id", c_int64),
        ("invoice_number", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class StatementImportOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("path", c_char_p),
        # Raw bytes with their own length: a pointer, not a NUL-ended string.
        ("data", c_void_p),
        ("data_size", c_size_t),
        ("format", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class CashappRunOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("currency", c_char_p),
        ("statement_id", c_int64),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class CashappListOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("statement_id", c_int64),
        ("status", c_char_p),
        ("limit", c_uint32),
        ("offset", c_uint32),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class CashappDecision(_Versioned):
    _fields_ = _HEADER + [
        ("suggestion_id", c_int64),
        ("decision", c_int32),
        ("reserved", c_uint32),
        ("reason", c_char_p),
    ]


class DunningOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("as_of", Date),
        ("customer", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class DemoOptions(_Versioned):
    _fields_ = _HEADER + [
        ("seed", c_uint64),
        ("customers", c_uint32),
        ("invoices", c_uint32),
        ("as_of", Date),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class RenderOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("invoice_id", c_int64),
        ("invoice_number", c_char_p),
        ("format", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class DeliveryPreferenceOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("customer", c_char_p),
        ("channels", c_char_p),
        ("email", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class DeliveryRunOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("max_jobs", c_uint32),
        ("flags", c_uint32),
        ("now_unix", c_int64),
    ]


class DeliveryStatusOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("state", c_char_p),
        ("reference", c_char_p),
        ("limit", c_uint32),
        ("reserved", c_uint32),
    ]


class ResendOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("invoice_number", c_char_p),
        ("channel", c_char_p),
        ("recipient", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class AttachOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("invoice_number", c_char_p),
        ("filename", c_char_p),
        ("content_type", c_char_p),
        ("data", c_void_p),
        ("data_size", c_size_t),
    ]


class StatementOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("customer", c_char_p),
        ("currency", c_char_p),
        ("as_of", Date),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


class DemoStatementOptions(_Versioned):
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("seed", c_uint64),
        ("lines", c_uint32),
        ("flags", c_uint32),
        ("on", Date),
    ]


class ActionRequest(_Versioned):
    """arx_collections_request and arx_analytics_request: the same layout."""
    _fields_ = _HEADER + [
        ("company", c_char_p),
        ("action", c_char_p),
        ("params", c_char_p),
        ("flags", c_uint32),
        ("reserved", c_uint32),
    ]


# ---- the function table ----------------------------------------------------

_ctx = ContextPtr
_out = POINTER(BufferPtr)


def _status_fn(*args):
    return CFUNCTYPE(c_int32, *args)


class Api(Structure):
    """struct arx_api, as of ABI 1.5. A member may be read only when the
    plugin's struct_size covers it (see has())."""
    _fields_ = _HEADER + [
        # ABI 1.0
        ("version", CFUNCTYPE(c_char_p)),
        ("context_open", _status_fn(POINTER(ContextOptions), POINTER(_ctx), POINTER(c_char_p))),
        ("context_close", CFUNCTYPE(None, _ctx)),
        ("last_error", CFUNCTYPE(c_char_p, _ctx)),
        ("buffer_free", CFUNCTYPE(None, BufferPtr)),
        ("schema_install", _status_fn(_ctx, POINTER(InstallOptions), _out)),
        ("schema_check", _status_fn(_ctx, _out)),
        ("config_get", _status_fn(_ctx, c_char_p, c_char_p, _out)),
        ("config_set", _status_fn(_ctx, POINTER(ConfigSetOptions))),
        ("config_list", _status_fn(_ctx, c_char_p, _out)),
        ("invoice_validate", _status_fn(_ctx, POINTER(InvoiceOptions), _out)),
        ("invoice_post", _status_fn(_ctx, POINTER(InvoiceOptions), _out)),
        ("statement_import", _status_fn(_ctx, POINTER(StatementImportOptions), _out)),
        ("cashapp_run", _status_fn(_ctx, POINTER(CashappRunOptions), _out)),
        ("cashapp_list", _status_fn(_ctx, POINTER(CashappListOptions), _out)),
        ("cashapp_decide", _status_fn(_ctx, POINTER(CashappDecision), _out)),
        ("dunning_run", _status_fn(_ctx, POINTER(DunningOptions), _out)),
        ("dunning_preview", _status_fn(_ctx, POINTER(DunningOptions), _out)),
        ("demo_generate", _status_fn(_ctx, POINTER(DemoOptions), _out)),
        # ABI 1.1
        ("invoice_render", _status_fn(_ctx, POINTER(RenderOptions), _out)),
        # ABI 1.2
        ("delivery_preference_set", _status_fn(_ctx, POINTER(DeliveryPreferenceOptions))),
        ("delivery_preference_get", _status_fn(_ctx, c_char_p, c_char_p, _out)),
        ("delivery_run", _status_fn(_ctx, POINTER(DeliveryRunOptions), _out)),
        ("delivery_status", _status_fn(_ctx, POINTER(DeliveryStatusOptions), _out)),
        ("invoice_resend", _status_fn(_ctx, POINTER(ResendOptions), _out)),
        ("invoice_attach", _status_fn(_ctx, POINTER(AttachOptions), _out)),
        ("statement_render", _status_fn(_ctx, POINTER(StatementOptions), _out)),
        ("statement_send", _status_fn(_ctx, POINTER(StatementOptions), _out)),
        # ABI 1.3
        ("demo_bank_statement", _status_fn(_ctx, POINTER(DemoStatementOptions), _out)),
        # ABI 1.4
        ("collections", _status_fn(_ctx, POINTER(ActionRequest), _out)),
        # ABI 1.5
        ("analytics", _status_fn(_ctx, POINTER(ActionRequest), _out)),
    ]


def api_has(api, member):
    """ARX_API_HAS: the plugin's table is long enough to hold `member` and
    sets it. Reads nothing beyond the plugin's struct_size."""
    field = getattr(Api, member)
    if api.struct_size < field.offset + field.size:
        return False
    return bool(getattr(api, member))


# Every member of ABI 1.0, which this binding requires of any plugin.
API_1_0_SIZE = Api.demo_generate.offset + Api.demo_generate.size

GetApiFn = CFUNCTYPE(c_int32, POINTER(HostInfo), POINTER(POINTER(Api)), POINTER(c_char_p))
