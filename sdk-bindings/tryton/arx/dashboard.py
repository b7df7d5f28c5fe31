# arx's KPI dashboard from Tryton's Financial menu: a wizard asks for the
# company and date, then opens arx's self-contained dashboard page as an HTML
# report.
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction
from trytond.wizard import Button, StateReport, StateView, Wizard

from . import common


class DashboardStart(ModelView):
    "arx KPI Dashboard"
    __name__ = 'arx.dashboard.start'
    company = fields.Many2One('company.company', "Company", required=True)
    date = fields.Date("As of", required=True)

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return common.business_date()


class Dashboard(Wizard):
    "arx KPI Dashboard"
    __name__ = 'arx.dashboard'
    start = StateView('arx.dashboard.start',
        'arx.dashboard_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Open", 'open_', 'tryton-ok', default=True),
            ])
    open_ = StateReport('arx.dashboard')

    def do_open_(self, action):
        return action, {
            'company': self.start.company.id,
            'date': self.start.date.isoformat(),
            }


class DashboardReport(Report):
    "arx KPI Dashboard"
    __name__ = 'arx.dashboard'

    @classmethod
    def execute(cls, ids, data):
        cls.check_access()
        pool = Pool()
        Company = pool.get('company.company')
        company = Company(data['company'])
        code = common.company_code(company)
        with common.call() as ctx:
            html = ctx.dashboard(code, as_of=data.get('date'))
        name = 'arx-dashboard-%s-%s' % (code, data.get('date') or '')
        return 'html', html.encode('utf-8'), False, name
