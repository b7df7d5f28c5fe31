# How the Tryton module reaches arx: one arx.Context per call on Tryton's own
# database through psqlODBC, with the Tryton user's login as arx's audit user
# and Tryton's date as arx's business date.
import logging
import threading
import urllib.parse

from trytond.config import config
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

PROFILE = 'tryton'

_libraries = {}
_libraries_lock = threading.Lock()


def _binding():
    try:
        import arx
    except ImportError as exception:
        raise UserError(gettext('arx.msg_binding_missing',
                error=str(exception))) from exception
    return arx


def _library():
    """The arx plugin: [arx] plugin from trytond's configuration, else the
    binding's default ($ARX_PLUGIN, else the installed libarx.so.1). Loaded
    once per process and path."""
    arx = _binding()
    path = config.get('arx', 'plugin', default=None) or None
    with _libraries_lock:
        library = _libraries.get(path)
        if library is None:
            try:
                library = arx.Library(path) if path else arx.Library()
            except arx.Error as exception:
                raise UserError(gettext('arx.msg_plugin_load',
                        error=exception.message or str(exception))
                    ) from exception
            _libraries[path] = library
    return library


def _odbc_value(value):
    # psqlODBC takes a value in braces when it holds a separator.
    value = str(value)
    if any(c in value for c in ';{}= '):
        return '{%s}' % value.replace('}', '}}')
    return value


def connection_string(database_name=None):
    """The ODBC connection string of the current Tryton database: [arx] odbc
    when set (Database= is added when it names none), else built from
    [database] uri: its user, password, host and port with the database's
    name."""
    if database_name is None:
        database_name = Transaction().database.name
    configured = config.get('arx', 'odbc', default=None)
    if configured:
        if 'database=' in configured.lower():
            return configured
        return '%s;Database=%s' % (
            configured.rstrip(';'), _odbc_value(database_name))
    uri = urllib.parse.urlparse(config.get('database', 'uri'))
    if uri.scheme not in ('postgresql', 'postgres'):
        raise UserError(gettext('arx.msg_not_postgresql', scheme=uri.scheme))
    parts = [
        'DRIVER={PostgreSQL Unicode}',
        'Server=%s' % _odbc_value(
            urllib.parse.unquote(uri.hostname or '') or 'localhost'),
        'Port=%s' % (uri.port or 5432),
        'Database=%s' % _odbc_value(database_name),
        ]
    if uri.username:
        parts.append('Uid=%s' % _odbc_value(
                urllib.parse.unquote(uri.username)))
    if uri.password:
        parts.append('Pwd=%s' % _odbc_value(
                urllib.parse.unquote(uri.password)))
    return ';'.join(parts)


def user_login(user_id=None):
    """The login arx records as the acting user (Tryton's root is 'root')."""
    pool = Pool()
    User = pool.get('res.user')
    if user_id is None:
        user_id = Transaction().user
    # The context's user is the one who acts when a task runs as root on
    # someone's behalf.
    user_id = Transaction().context.get('user') or user_id
    return User(user_id).login


def business_date():
    return Pool().get('ir.date').today()


def open_context(**settings):
    """An arx.Context on the current database for the current user and date.
    settings (captured before commit, for hooks that run after it): database,
    login, date."""
    arx = _binding()
    odbc = connection_string(settings.get('database'))
    login = settings.get('login') or user_login()
    date = settings.get('date') or business_date()
    # [arx] profile_dir: a folder of profiles replacing arx's built-in ones
    # (<dir>/tryton/statements.sql, ...), for a site's own SQL.
    profile_dir = config.get('arx', 'profile_dir', default=None) or None
    try:
        return arx.Context(odbc, library=_library(), profile=PROFILE,
            profile_dir=profile_dir, user=login, business_date=date)
    except arx.Error as exception:
        raise UserError(gettext('arx.msg_arx_error',
                function=exception.function or 'context_open',
                error=exception.message or str(exception))) from exception


def hook_settings():
    """What open_context needs, taken inside the Tryton transaction, for a
    call that runs after it ended."""
    return {
        'database': Transaction().database.name,
        'login': user_login(),
        'date': business_date(),
        }


def company_code(company=None):
    """arx names a company by its party's code."""
    pool = Pool()
    Company = pool.get('company.company')
    if company is None:
        company = Transaction().context.get('company')
        if company is None:
            raise UserError(gettext('arx.msg_no_company'))
    if isinstance(company, int):
        company = Company(company)
    code = company.party.code
    if not code:
        raise UserError(gettext('arx.msg_company_without_code',
                company=company.rec_name))
    return code


def arx_user_error(exception):
    """A UserError carrying what arx said."""
    return UserError(gettext('arx.msg_arx_error',
            function=getattr(exception, 'function', None) or 'arx',
            error=getattr(exception, 'message', None) or str(exception)))


class call:
    """with call() as ctx: one arx context for the block; arx's failures
    become UserErrors naming arx's message."""

    def __init__(self, **settings):
        self.settings = settings
        self.context = None

    def __enter__(self):
        self.context = open_context(**self.settings)
        return self.context

    def __exit__(self, type_, value, traceback):
        self.context.close()
        arx = _binding()
        if isinstance(value, arx.Error):
            raise arx_user_error(value) from value
        return False


class AfterCommit:
    """A data manager for Transaction().join(): runs its callables (with an
    arx context each) once Tryton's transaction has committed, because arx
    reads through its own connection and sees only committed rows. A failure
    is logged and the rest still run: what Tryton committed stands."""

    def __init__(self, key):
        self.key = key
        self.queue = []

    def __eq__(self, other):
        if not isinstance(other, AfterCommit):
            return NotImplemented
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def put(self, description, settings, function):
        self.queue.append((description, settings, function))

    def abort(self, trans):
        self.queue = []

    def tpc_begin(self, trans):
        pass

    def commit(self, trans):
        pass

    def tpc_vote(self, trans):
        pass

    def tpc_finish(self, trans):
        queue, self.queue = self.queue, []
        for description, settings, function in queue:
            try:
                context = open_context(**settings)
            except Exception:
                logger.exception('arx: cannot open a context for %s',
                    description)
                continue
            try:
                result = function(context)
                logger.info('arx: %s: %s', description, result)
            except Exception:
                logger.exception('arx: %s failed', description)
            finally:
                context.close()

    def tpc_abort(self, trans):
        self.queue = []


def after_commit(key, description, function):
    """Runs function(arx_context) after the current transaction commits."""
    transaction = Transaction()
    manager = transaction.join(AfterCommit(
            (key, transaction.database.name, id(transaction))))
    manager.put(description, hook_settings(), function)
