"""arx.Context: one open arx_context (a database connection with its ERP
profile) and one method per function of the ABI's table."""

import ctypes
import datetime
import decimal
import json
import logging
import os
import threading
import weakref

from . import _abi, _args
from ._library import Library, default_library
from .errors import (ConflictError, Error, InvalidHandleError, NotImplementedError,
                     make_error)

__all__ = ["Context"]

# Python logging level for each ARX_LOG_* level.
_PY_LEVEL = {
    _abi.LOG_ERROR: logging.ERROR,
    _abi.LOG_WARN: logging.WARNING,
    _abi.LOG_INFO: logging.INFO,
    _abi.LOG_DEBUG: logging.DEBUG,
}


def _arx_log_level(py_level):
    """The highest ARX_LOG_* level a logger at `py_level` would record."""
    if py_level <= logging.DEBUG:
        return _abi.LOG_DEBUG
    if py_level <= logging.INFO:
        return _abi.LOG_INFO
    if py_level <= logging.WARNING:
        return _abi.LOG_WARN
    return _abi.LOG_ERROR


def _parse_json(raw):
    """A result document: JSON with its non-integer numbers as Decimal (money
    is never a float)."""
    return json.loads(raw.decode("utf-8"), parse_float=decimal.Decimal)


def _details(raw):
    """The document a failing call returned, parsed when it is JSON."""
    if raw is None:
        return None
    try:
        return _parse_json(raw)
    except ValueError:
        return raw


class _Callbacks:
    """What the plugin calls back during a call on the context: the log sink,
    progress (with cancellation) and the business date. Held apart from the
    Context so that the ctypes callbacks do not keep the Context alive; the
    plugin keeps these function pointers until context_close, and so does the
    Context's finalizer."""

    def __init__(self, logger, progress, cancel, business_date):
        self.logger = logger
        self.progress = progress
        self.cancel = cancel
        self.business_date = business_date
        # The first exception a progress or business-date callback raised
        # during the current call; raised to the caller when that call fails.
        self.pending = None
        self.log_fn = _abi.LogFn(self._on_log)
        self.progress_fn = (_abi.ProgressFn(self._on_progress)
                            if progress is not None or cancel is not None else None)
        self.business_date_fn = (_abi.BusinessDateFn(self._on_business_date)
                                 if business_date is not None else None)

    def _keep(self, exc):
        if self.pending is None:
            self.pending = exc

    def _on_log(self, _host_data, level, message):
        try:
            text = message.decode("utf-8", "replace") if message else ""
            self.logger.log(_PY_LEVEL.get(level, logging.DEBUG), "%s", text)
        except BaseException:  # noqa: B036 - a failing log sink must not abort the work it reports on
            pass

    def _on_progress(self, _host_data, phase, done, total):
        try:
            if self.cancel is not None and self.cancel.is_set():
                return 1
            if self.progress is not None:
                go_on = self.progress(phase.decode("utf-8", "replace") if phase else "", done, total)
                if go_on is not None and not go_on:
                    return 1
            return 0
        except BaseException as e:  # noqa: B036 - raised to the caller after the plugin cancelled
            self._keep(e)
            return 1

    def _on_business_date(self, _host_data, out):
        try:
            value = self.business_date() if callable(self.business_date) else self.business_date
            out[0] = _args.date("business_date", value)
            if out[0].year == 0:
                raise TypeError("business_date returned None; it must return a datetime.date")
            return _abi.OK
        except Error as e:
            self._keep(e)
            return e.status if e.status < 0 else _abi.E_ERROR
        except BaseException as e:  # noqa: B036 - raised to the caller after the call failed
            self._keep(e)
            return _abi.E_ERROR


def _close_handle(api, state, _callbacks):
    """Closes the plugin's context once (from close() or the finalizer).
    `_callbacks` is held here so that the function pointers the plugin keeps
    outlive the context."""
    handle = state.pop("handle", None)
    if handle:
        api.context_close(handle)


class Context:
    """One open arx context: a connection to the ERP database through ODBC.

    Context(connection_string, *, library=None, profile=None, profile_dir=None,
            user=None, business_date=None, progress=None, cancel=None,
            logger=None, log_level=None, check_schema=True)

    connection_string  the ODBC connection string, e.g.
                       "DRIVER=SQLite3;Database=/srv/erp.db"
    library            an arx.Library, a path to libarx.so, or None for the
                       default one ($ARX_PLUGIN, else the installed plugin)
    profile            the ERP profile; None = "reference"
    profile_dir        a directory of profiles replacing the built-in ones
    user               the ERP user calls are made for (audit trail); None =
                       "host"
    business_date      the host's "today": a datetime.date, or a callable
                       returning one (asked by every run that needs today).
                       None: the plugin uses the system date.
    progress           callable(phase, done, total) called during long work;
                       returning False (or raising) cancels the call, which
                       then raises CancelledError (or the callable's
                       exception) after the plugin rolled back its unit of
                       work. None or True go on.
    cancel             an object with is_set() (threading.Event): once set,
                       the next progress report cancels the running call.
    logger             where the plugin's log lines go; None = the "arx"
                       logger. Levels: ERROR, WARNING, INFO, DEBUG.
    log_level          the most detailed Python level the plugin sends; None
                       = the logger's effective level when the context opens.
    check_schema       False opens a database whose arx schema is missing or
                       outdated (for install()); True refuses it with
                       SchemaError.

    Use it in a `with` block or call close(); a closed context raises
    InvalidHandleError. One thread at a time uses a context: concurrent calls
    wait for each other, and a callback calling into its own context raises
    ConflictError.

    Results are parsed JSON (dicts and lists, non-integer numbers as
    decimal.Decimal); documents (PDF, XML, the dashboard's HTML) are bytes or
    str as each method says. Every failure raises a subclass of arx.Error.
    """

    def __init__(self, connection_string, *, library=None, profile=None, profile_dir=None,
                 user=None, business_date=None, progress=None, cancel=None, logger=None,
                 log_level=None, check_schema=True):
        self._state = {}
        conn = _args.text("connection_string", connection_string, required=True)
        profile_b = _args.text("profile", profile)
        profile_dir_b = _args.path("profile_dir", profile_dir)
        user_b = _args.text("user", user)
        _args.flag("check_schema", check_schema)
        if business_date is not None and not callable(business_date):
            _args.date("business_date", business_date)  # a fixed date: checked now
        if progress is not None and not callable(progress):
            raise TypeError("progress must be callable, not %s" % type(progress).__name__)
        if cancel is not None and not callable(getattr(cancel, "is_set", None)):
            raise TypeError("cancel must have an is_set() method (e.g. threading.Event), not %s"
                            % type(cancel).__name__)
        if logger is None:
            logger = logging.getLogger("arx")
        elif not isinstance(logger, (logging.Logger, logging.LoggerAdapter)):
            raise TypeError("logger must be a logging.Logger, not %s" % type(logger).__name__)
        if log_level is None:
            log_level = logger.getEffectiveLevel()
        elif isinstance(log_level, bool) or not isinstance(log_level, int):
            raise TypeError("log_level must be a logging level (int), not %s"
                            % type(log_level).__name__)

        if library is None:
            library = default_library()
        elif isinstance(library, (str, os.PathLike)):
            library = Library(library)
        elif not isinstance(library, Library):
            raise TypeError("library must be an arx.Library, a path or None, not %s"
                            % type(library).__name__)
        self._library = library
        self._api = library._api
        self._lock = threading.Lock()
        self._owner = None
        self._callbacks = _Callbacks(logger, progress, cancel, business_date)

        options = _abi.ContextOptions(
            connection_string=conn, profile=profile_b, profile_dir=profile_dir_b, user=user_b,
            log_level=_arx_log_level(log_level),
            flags=0 if check_schema else _abi.CONTEXT_NO_SCHEMA_CHECK)
        options.log = self._callbacks.log_fn
        if self._callbacks.progress_fn is not None:
            options.progress = self._callbacks.progress_fn
        if self._callbacks.business_date_fn is not None:
            options.business_date = self._callbacks.business_date_fn

        handle = _abi.ContextPtr()
        message = ctypes.c_char_p()
        status = self._api.context_open(ctypes.byref(options), ctypes.byref(handle),
                                        ctypes.byref(message))
        if status != _abi.OK:
            if handle:
                self._api.context_close(handle)
            self._raise_pending()
            text = message.value.decode("utf-8", "replace") if message.value else ""
            raise make_error(status, text or "cannot open an arx context (%s)"
                             % _abi.status_name(status), function="context_open")
        if not handle:
            raise make_error(_abi.E_INTERNAL, "context_open reported success but gave no context",
                             function="context_open")
        self._state["handle"] = handle
        # Closes the plugin's context if the object is dropped unclosed (or at
        # exit); holds the callbacks for as long as the plugin may call them.
        self._finalizer = weakref.finalize(self, _close_handle, self._api, self._state,
                                           self._callbacks)

    # ---- life cycle ---------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Closes the connection. Idempotent; later calls raise
        InvalidHandleError."""
        if self._owner == threading.get_ident():
            raise ConflictError("an arx context cannot be closed from inside one of its own "
                                "callbacks", function="context_close")
        with self._lock:
            finalizer = getattr(self, "_finalizer", None)
            if finalizer is not None:
                finalizer()

    @property
    def closed(self):
        return "handle" not in self._state

    @property
    def library(self):
        return self._library

    @property
    def last_error(self):
        """The plugin's message for the last failure on this context ("" after
        a success)."""
        handle = self._state.get("handle")
        if not handle:
            return ""
        raw = self._api.last_error(handle)
        return raw.decode("utf-8", "replace") if raw else ""

    def __repr__(self):
        return "<arx.Context %s>" % ("closed" if self.closed else "open")

    # ---- calling the table --------------------------------------------------

    def _raise_pending(self, arx_error=None):
        pending, self._callbacks.pending = self._callbacks.pending, None
        if pending is not None:
            if arx_error is not None and hasattr(pending, "add_note"):
                pending.add_note("arx: %s" % arx_error)
            raise pending

    def _invoke(self, member, *args, out=True):
        """Calls the table's `member` with the handle, `args` and (when `out`)
        a result buffer. Returns (status, result bytes or None, message); the
        buffer is released on every path."""
        if not _abi.api_has(self._api, member):
            raise NotImplementedError("this arx plugin (ABI %s) does not provide %s"
                                      % (_abi.abi_text(self._api.abi_version), member),
                                      function=member)
        me = threading.get_ident()
        if self._owner == me:
            raise ConflictError("%s called from inside a callback of the same arx context"
                                % member, function=member)
        with self._lock:
            handle = self._state.get("handle")
            if not handle:
                raise InvalidHandleError("cannot call %s: the arx context is closed" % member,
                                         function=member)
            self._owner = me
            self._callbacks.pending = None
            try:
                fn = getattr(self._api, member)
                if not out:
                    status = fn(handle, *args)
                    raw = None
                else:
                    buffer = _abi.BufferPtr()
                    try:
                        status = fn(handle, *args, ctypes.byref(buffer))
                        raw = None
                        if buffer and buffer.contents.data:
                            raw = ctypes.string_at(buffer.contents.data, buffer.contents.size)
                    finally:
                        if buffer:
                            self._api.buffer_free(buffer)
                message = ""
                if status != _abi.OK:
                    text = self._api.last_error(handle)
                    message = text.decode("utf-8", "replace") if text else ""
                else:
                    self._callbacks.pending = None  # the work completed regardless
            finally:
                self._owner = None
        return status, raw, message

    def _fail(self, member, status, raw, message):
        error = make_error(status, message or "the arx plugin reported %s from %s"
                           % (_abi.status_name(status), member),
                           details=_details(raw), function=member)
        self._raise_pending(error)
        raise error

    def _call(self, member, *args):
        """A call whose result is a buffer; the raw bytes, or an exception."""
        status, raw, message = self._invoke(member, *args)
        if status != _abi.OK:
            self._fail(member, status, raw, message)
        return raw

    def _call_json(self, member, *args):
        raw = self._call(member, *args)
        return None if raw is None else _parse_json(raw)

    def _call_plain(self, member, *args):
        status, raw, message = self._invoke(member, *args, out=False)
        if status != _abi.OK:
            self._fail(member, status, raw, message)

    def _call_report(self, member, accepted, *args):
        """A call that returns its document with the failure `accepted` too
        (schema_check, invoice_validate): the document either way."""
        status, raw, message = self._invoke(member, *args)
        if status != _abi.OK and not (status == accepted and raw is not None):
            self._fail(member, status, raw, message)
        return None if raw is None else _parse_json(raw)

    # ---- schema -------------------------------------------------------------

    def install(self, *, erp_schema=False):
        """Installs or upgrades arx's tables (schema_install); erp_schema=True
        also creates the reference ERP's tables (demos, tests). Returns the
        report of what was applied."""
        flags = _abi.INSTALL_ERP_SCHEMA if _args.flag("erp_schema", erp_schema) else 0
        return self._call_json("schema_install", ctypes.byref(_abi.InstallOptions(flags=flags)))

    def uninstall(self):
        """Drops arx's own tables (never the ERP's): schema_install with
        ARX_INSTALL_UNINSTALL."""
        options = _abi.InstallOptions(flags=_abi.INSTALL_UNINSTALL)
        return self._call_json("schema_install", ctypes.byref(options))

    def schema_check(self):
        """The schema state {"state": "current"|"missing"|"outdated"|...,
        "database_version", "plugin_version", ...}. A state other than
        "current" is reported, not raised."""
        return self._call_report("schema_check", _abi.E_SCHEMA)

    # ---- configuration ------------------------------------------------------

    def config_get(self, key, *, company=None):
        """One key's effective value: {"key", "value", "default", "type",
        "source", "description", ...}."""
        return self._call_json("config_get", _args.text("company", company),
                               _args.text("key", key, required=True))

    def config_set(self, key, value, *, company=None, reason=None):
        """Sets one key (value None resets it to its default). A str, int,
        bool or Decimal value is sent in its text form. ConfigError names the
        key and what is allowed when the value is refused."""
        options = _abi.ConfigSetOptions(company=_args.text("company", company),
                                        key=_args.text("key", key, required=True),
                                        value=_args.config_value("value", value),
                                        reason=_args.text("reason", reason))
        self._call_plain("config_set", ctypes.byref(options))

    def config_reset(self, key, *, company=None, reason=None):
        """Resets one key to its default (config_set with no value)."""
        self.config_set(key, None, company=company, reason=reason)

    def config_list(self, *, company=None):
        """Every key: {"company", "keys": [{"key", "value", "default",
        "source", "type", "allowed", "description"}, ...]}."""
        return self._call_json("config_list", _args.text("company", company))

    # ---- invoice posting hook -----------------------------------------------

    @staticmethod
    def _invoice(company, invoice):
        company_b = _args.text("company", company, required=True)
        if isinstance(invoice, str):
            return _abi.InvoiceOptions(company=company_b,
                                       invoice_number=_args.text("invoice", invoice))
        if isinstance(invoice, int) and not isinstance(invoice, bool):
            if invoice <= 0:
                raise ValueError("invoice id must be positive, not %d" % invoice)
            return _abi.InvoiceOptions(company=company_b,
                                       invoice_id=_args.integer("invoice", invoice, "int64"))
        raise TypeError("invoice must be an invoice number (str) or an ERP invoice id (int), not %s"
                        % type(invoice).__name__)

    def invoice_validate(self, company, invoice):
        """Before the ERP posts an invoice (number or id): the findings, blocking
        errors and warnings. Returned whether or not something blocks."""
        return self._call_report("invoice_validate", _abi.E_VALIDATION,
                                 ctypes.byref(self._invoice(company, invoice)))

    def invoice_post(self, company, invoice):
        """After the ERP posted an invoice: its documents are generated and
        queued; {"status": "queued"|"already_posted", "channel", "job", ...}.
        ValidationError (findings in .details) when no channel can take it."""
        return self._call_json("invoice_post", ctypes.byref(self._invoice(company, invoice)))

    def invoice_render(self, company, invoice_number, format):  # noqa: A002 - the ABI's name
        """One document of an invoice as bytes: format "ubl", "xrechnung-ubl",
        "xrechnung-cii", "cii" (XML) or "pdf"."""
        options = _abi.RenderOptions(company=_args.text("company", company, required=True),
                                     invoice_number=_args.text("invoice_number", invoice_number,
                                                               required=True),
                                     format=_args.text("format", format, required=True))
        return self._call("invoice_render", ctypes.byref(options)) or b""

    def invoice_resend(self, company, invoice_number, *, channel=None, recipient=None):
        """Queues a new delivery of a posted invoice with its attachments."""
        options = _abi.ResendOptions(company=_args.text("company", company, required=True),
                                     invoice_number=_args.text("invoice_number", invoice_number,
                                                               required=True),
                                     channel=_args.text("channel", channel),
                                     recipient=_args.text("recipient", recipient))
        return self._call_json("invoice_resend", ctypes.byref(options))

    def invoice_attach(self, company, invoice_number, filename, data, *, content_type=None):
        """Stores a file (bytes) with an invoice; later resends carry it."""
        content = _args.data("data", data, required=True)
        options = _abi.AttachOptions(company=_args.text("company", company, required=True),
                                     invoice_number=_args.text("invoice_number", invoice_number,
                                                               required=True),
                                     filename=_args.text("filename", filename, required=True),
                                     content_type=_args.text("content_type", content_type))
        holder = ctypes.create_string_buffer(content, len(content))
        options.data = ctypes.cast(holder, ctypes.c_void_p)
        options.data_size = len(content)
        return self._call_json("invoice_attach", ctypes.byref(options))

    # ---- delivery -----------------------------------------------------------

    def delivery_preference_set(self, company, customer, channels, *, email=None,
                                attach_xml=False):
        """Sets a customer's delivery chain: channels as "peppol,email,print" or
        a list of channel names; None, "" or [] returns the customer to the
        company's default."""
        if isinstance(channels, (list, tuple)):
            for channel in channels:
                if not isinstance(channel, str):
                    raise TypeError("channels must hold str, not %s" % type(channel).__name__)
            channels = ",".join(channels)
        options = _abi.DeliveryPreferenceOptions(
            company=_args.text("company", company, required=True),
            customer=_args.text("customer", customer, required=True),
            channels=_args.text("channels", channels),
            email=_args.text("email", email),
            flags=_abi.DELIVERY_ATTACH_XML if _args.flag("attach_xml", attach_xml) else 0)
        self._call_plain("delivery_preference_set", ctypes.byref(options))

    def delivery_preference_get(self, company, customer):
        """The preference in force: {"channels", "email", "attach_xml", "source"}."""
        return self._call_json("delivery_preference_get",
                               _args.text("company", company, required=True),
                               _args.text("customer", customer, required=True))

    def delivery_run(self, *, company=None, max_jobs=0, now=None):
        """Works off the outbox. `now` (a timezone-aware datetime or Unix
        seconds) replaces the clock, for replaying a schedule; hosts leave it
        None."""
        if now is None:
            now_unix = 0
        elif isinstance(now, datetime.datetime):
            if now.tzinfo is None:
                raise ValueError("now must be a timezone-aware datetime")
            now_unix = int(now.timestamp())
        else:
            now_unix = _args.integer("now", now, "int64")
        options = _abi.DeliveryRunOptions(company=_args.text("company", company),
                                          max_jobs=_args.integer("max_jobs", max_jobs, "uint32"),
                                          now_unix=now_unix)
        return self._call_json("delivery_run", ctypes.byref(options))

    def delivery_status(self, *, company=None, state=None, reference=None, limit=0):
        """The outbox: counts per channel and state, the jobs needing a person,
        and the listed jobs (limit 0 = 50)."""
        options = _abi.DeliveryStatusOptions(company=_args.text("company", company),
                                             state=_args.text("state", state),
                                             reference=_args.text("reference", reference),
                                             limit=_args.integer("limit", limit, "uint32"))
        return self._call_json("delivery_status", ctypes.byref(options))

    # ---- statements of account ----------------------------------------------

    @staticmethod
    def _statement(company, customer, as_of, currency):
        return _abi.StatementOptions(company=_args.text("company", company, required=True),
                                     customer=_args.text("customer", customer, required=True),
                                     currency=_args.text("currency", currency),
                                     as_of=_args.date("as_of", as_of))

    def statement_render(self, company, customer, *, as_of=None, currency=None):
        """The statement of account as PDF bytes (as_of None = the business date)."""
        options = self._statement(company, customer, as_of, currency)
        return self._call("statement_render", ctypes.byref(options)) or b""

    def statement_send(self, company, customer, *, as_of=None, currency=None):
        """Queues the statement of account for e-mail (once per customer, date
        and currency)."""
        options = self._statement(company, customer, as_of, currency)
        return self._call_json("statement_send", ctypes.byref(options))

    # ---- payment matching hook ----------------------------------------------

    def statement_import(self, *, path=None, data=None, company=None, format=None):  # noqa: A002
        """Imports one bank file, read by the plugin from `path` or given as
        `data` (bytes or str). format: "camt.052", "camt.053", "camt.054",
        "mt940", "mt942", "bai2", "csv"; None detects. ParseError names the
        line or element of a malformed file."""
        if (path is None) == (data is None):
            raise TypeError("statement_import needs exactly one of path= and data=")
        content = _args.data("data", data)
        options = _abi.StatementImportOptions(company=_args.text("company", company),
                                              path=_args.path("path", path),
                                              format=_args.text("format", format))
        holder = None
        if content is not None:
            holder = ctypes.create_string_buffer(content, len(content))
            options.data = ctypes.cast(holder, ctypes.c_void_p)
            options.data_size = len(content)
        # `holder` keeps the bytes alive until the call returns.
        result = self._call_json("statement_import", ctypes.byref(options))
        return result

    def cashapp_run(self, company, *, currency=None, statement_id=0, shadow=False):
        """Matches the imported lines without a decision and applies the
        confident ones: {"lines", "applied", "suggested", "unmatched",
        "amount_applied": {currency: amount}, "seconds"}. shadow=True records
        the decisions only."""
        options = _abi.CashappRunOptions(
            company=_args.text("company", company, required=True),
            currency=_args.text("currency", currency),
            statement_id=_args.integer("statement_id", statement_id, "int64"),
            flags=_abi.CASHAPP_SHADOW if _args.flag("shadow", shadow) else 0)
        return self._call_json("cashapp_run", ctypes.byref(options))

    def cashapp_list(self, company, *, statement_id=0, status=None, limit=0, offset=0,
                     shadow=False):
        """The decisions: {"lines": [{"line_id", "amount", "status",
        "confidence", "allocations", ...}]}; status "applied", "suggested",
        "unmatched" or None for all."""
        options = _abi.CashappListOptions(
            company=_args.text("company", company, required=True),
            statement_id=_args.integer("statement_id", statement_id, "int64"),
            status=_args.text("status", status),
            limit=_args.integer("limit", limit, "uint32"),
            offset=_args.integer("offset", offset, "uint32"),
            flags=_abi.CASHAPP_SHADOW if _args.flag("shadow", shadow) else 0)
        return self._call_json("cashapp_list", ctypes.byref(options))

    def cashapp_decide(self, line_id, decision, *, reason=None):
        """Confirms (decision "confirm": applies the suggestion) or rejects
        ("reject") the suggestion of a line (its line_id in cashapp_list)."""
        codes = {"confirm": _abi.DECISION_CONFIRM, "reject": _abi.DECISION_REJECT}
        if not isinstance(decision, str):
            raise TypeError("decision must be 'confirm' or 'reject', not %s"
                            % type(decision).__name__)
        if decision not in codes:
            raise ValueError("decision must be 'confirm' or 'reject', not %r" % decision)
        options = _abi.CashappDecision(suggestion_id=_args.integer("line_id", line_id, "int64"),
                                       decision=codes[decision],
                                       reason=_args.text("reason", reason))
        return self._call_json("cashapp_decide", ctypes.byref(options))

    def cashapp_confirm(self, line_id, *, reason=None):
        return self.cashapp_decide(line_id, "confirm", reason=reason)

    def cashapp_reject(self, line_id, *, reason=None):
        return self.cashapp_decide(line_id, "reject", reason=reason)

    # ---- dunning run hook ---------------------------------------------------

    @staticmethod
    def _dunning(company, as_of, customer, summary):
        return _abi.DunningOptions(company=_args.text("company", company, required=True),
                                   as_of=_args.date("as_of", as_of),
                                   customer=_args.text("customer", customer),
                                   flags=_abi.DUNNING_SUMMARY if _args.flag("summary", summary)
                                   else 0)

    def dunning_run(self, company, *, as_of=None, customer=None, summary=False):
        """Runs dunning as of a date (None = the business date), exactly once
        per company and date. summary=True returns the totals only."""
        options = self._dunning(company, as_of, customer, summary)
        return self._call_json("dunning_run", ctypes.byref(options))

    def dunning_preview(self, company, *, as_of=None, customer=None, summary=False):
        """What dunning_run would do, writing nothing."""
        options = self._dunning(company, as_of, customer, summary)
        return self._call_json("dunning_preview", ctypes.byref(options))

    # ---- collections and analytics -----------------------------------------

    def _action(self, member, company, action, params):
        request = _abi.ActionRequest(company=_args.text("company", company, required=True),
                                     action=_args.text("action", action, required=True),
                                     params=_args.params("params", params))
        return self._call(member, ctypes.byref(request))

    def collections(self, company, action, /, **params):
        """One collections action (docs/DUNNING.md): dispute_open,
        promise_add, worklist, ... with its parameters as keyword arguments."""
        raw = self._action("collections", company, action, params)
        return None if raw is None else _parse_json(raw)

    def analytics(self, company, action, /, **params):
        """One analytics action (docs/KPIS.md): kpi, forecast, backtest,
        snapshot, trend, dashboard_data (parsed JSON) or dashboard (the HTML
        page as str). Dates may be datetime.date values."""
        raw = self._action("analytics", company, action, params)
        if raw is None:
            return None
        if action == "dashboard":
            return raw.decode("utf-8")
        return _parse_json(raw)

    def kpi(self, company, *, as_of=None, **params):
        """The KPIs as of a date (None = the business date): analytics "kpi"."""
        if as_of is not None:
            params["as_of"] = _args.iso_date("as_of", as_of)
        return self.analytics(company, "kpi", **params)

    def dashboard(self, company, *, as_of=None, **params):
        """The self-contained dashboard page (HTML str): analytics "dashboard"."""
        if as_of is not None:
            params["as_of"] = _args.iso_date("as_of", as_of)
        return self.analytics(company, "dashboard", **params)

    # ---- demo data for the reference ERP -------------------------------------

    def demo_generate(self, *, seed=1, customers=0, invoices=0, as_of=None):
        """Fills the reference ERP's tables with seeded demo data (customers and
        invoices per company; 0 = the plugin's defaults, 300 and 3000) ending
        at as_of (None = the business date). Returns what was created."""
        options = _abi.DemoOptions(seed=_args.integer("seed", seed, "uint64"),
                                   customers=_args.integer("customers", customers, "uint32"),
                                   invoices=_args.integer("invoices", invoices, "uint32"),
                                   as_of=_args.date("as_of", as_of))
        return self._call_json("demo_generate", ctypes.byref(options))

    def demo_bank_statement(self, company, *, seed=1, lines=0, on=None):
        """A camt.053 statement (bytes) paying the company's open items the
        ways customers pay, booked on `on` (None = the business date)."""
        options = _abi.DemoStatementOptions(company=_args.text("company", company, required=True),
                                            seed=_args.integer("seed", seed, "uint64"),
                                            lines=_args.integer("lines", lines, "uint32"),
                                            on=_args.date("on", on))
        return self._call("demo_bank_statement", ctypes.byref(options)) or b""
