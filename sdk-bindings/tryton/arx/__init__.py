# arx inside Tryton 6.0: invoice posting hooks, bank file import with cash
# application, the dunning run, scheduled tasks, arx's settings, the party's
# collections view and the KPI dashboard, each calling the arx plugin through
# its Python binding on Tryton's own database.
from trytond.pool import Pool

from . import configuration, dashboard, dunning, invoice, ir, party, statement

__all__ = ['register']


def register():
    Pool.register(
        invoice.Invoice,
        statement.ImportStart,
        statement.ImportResult,
        statement.Suggestion,
        statement.Statement,
        dunning.DunningStart,
        dunning.DunningPreview,
        dunning.DunningNotice,
        dunning.DunningDone,
        configuration.Configuration,
        party.Party,
        dashboard.DashboardStart,
        ir.Tasks,
        ir.Cron,
        module='arx', type_='model')
    Pool.register(
        statement.Import,
        dunning.Dunning,
        dashboard.Dashboard,
        module='arx', type_='wizard')
    Pool.register(
        dashboard.DashboardReport,
        module='arx', type_='report')
