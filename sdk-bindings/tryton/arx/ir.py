# arx's scheduled jobs as Tryton scheduled tasks (ir.cron): the dunning run,
# the delivery run (arx's outbox), cash application and the KPI snapshot. A
# task runs for the companies of its cron record (Tryton sets each in the
# context in turn), else for every company with a party code.
import logging

from trytond.model import Model
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from . import common

logger = logging.getLogger(__name__)


def _companies():
    pool = Pool()
    Company = pool.get('company.company')
    company = Transaction().context.get('company')
    if company is not None:
        return [Company(company)]
    return [c for c in Company.search([]) if c.party.code]


class Tasks(Model):
    "arx Scheduled Tasks"
    __name__ = 'arx.tasks'

    @classmethod
    def _each_company(cls, name, function):
        results = {}
        with common.call() as ctx:
            for company in _companies():
                code = common.company_code(company)
                results[code] = function(ctx, code)
                logger.info('arx %s for %s: %s', name, code, results[code])
        return results

    @classmethod
    def dunning_run(cls):
        "The dunning run as of Tryton's date (once per company and date)."
        return cls._each_company('dunning run',
            lambda ctx, code: ctx.dunning_run(code, summary=True))

    @classmethod
    def delivery_run(cls):
        "Works off arx's outbox."
        return cls._each_company('delivery run',
            lambda ctx, code: ctx.delivery_run(company=code))

    @classmethod
    def cashapp_run(cls):
        "Cash application of every imported bank line without a decision."
        return cls._each_company('cash application',
            lambda ctx, code: ctx.cashapp_run(code))

    @classmethod
    def kpi_snapshot(cls):
        "Keeps today's KPIs for the trends."
        return cls._each_company('KPI snapshot',
            lambda ctx, code: ctx.analytics(code, 'snapshot'))


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('arx.tasks|dunning_run', "arx: Dunning Run"),
                ('arx.tasks|delivery_run', "arx: Delivery Run (Outbox)"),
                ('arx.tasks|cashapp_run', "arx: Cash Application"),
                ('arx.tasks|kpi_snapshot', "arx: KPI Snapshot"),
                ])
