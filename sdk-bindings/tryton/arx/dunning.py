# The dunning run as a Tryton wizard: arx's preview for a date first, then the
# run itself (exactly once per company and date: a second run for the same
# date changes nothing). arx writes its notices, fees and the outbox through
# its own connection; this wizard writes nothing in Tryton before calling it.
from trytond.model import ModelView, fields
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import common


class DunningStart(ModelView):
    "arx Dunning Run"
    __name__ = 'arx.dunning.start'
    company = fields.Many2One('company.company', "Company", required=True)
    date = fields.Date("Date", required=True,
        help="The date arx duns as of.")

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return common.business_date()


class DunningNotice(ModelView):
    "arx Dunning Notice"
    __name__ = 'arx.dunning.notice'
    customer = fields.Char("Customer", readonly=True)
    level = fields.Integer("Level", readonly=True)
    currency = fields.Char("Currency", readonly=True)
    overdue_total = fields.Char("Overdue", readonly=True)
    fee = fields.Char("Fee", readonly=True)
    interest = fields.Char("Interest", readonly=True)
    total_due = fields.Char("Total Due", readonly=True)
    channel = fields.Char("Channel", readonly=True)
    items = fields.Integer("Items", readonly=True)


class DunningPreview(ModelView):
    "arx Dunning Preview"
    __name__ = 'arx.dunning.preview'
    summary = fields.Text("Summary", readonly=True)
    notices = fields.One2Many('arx.dunning.notice', None, "Notices",
        readonly=True)


class DunningDone(ModelView):
    "arx Dunning Run Done"
    __name__ = 'arx.dunning.done'
    status = fields.Char("Status", readonly=True)
    run_id = fields.Integer("arx Run", readonly=True)
    summary = fields.Text("Summary", readonly=True)


def notice_values(notice):
    return {
        'customer': notice.get('customer_number'),
        'level': notice.get('level'),
        'currency': notice.get('currency'),
        'overdue_total': str(notice.get('overdue_total', '')),
        'fee': str(notice.get('fee', '')),
        'interest': str(notice.get('interest', '')),
        'total_due': str(notice.get('total_due', '')),
        'channel': notice.get('channel'),
        'items': len(notice.get('items') or []),
        }


def summary_text(result):
    totals = (result or {}).get('totals') or {}
    lines = ['customers: %s, notices: %s, items: %s' % (
            totals.get('customers', 0), totals.get('notices', 0),
            totals.get('items', 0))]
    outcomes = totals.get('outcomes') or {}
    if outcomes:
        lines.append('outcomes: ' + ', '.join(
                '%s %s' % (k, v) for k, v in sorted(outcomes.items())))
    for currency, amounts in sorted((totals.get('amounts') or {}).items()):
        lines.append('%s: ' % currency + ', '.join(
                '%s %s' % (k, v) for k, v in sorted(amounts.items())))
    for held in (result or {}).get('held') or []:
        lines.append('held %s: %s' % (
                held.get('customer_number'), held.get('reason')))
    return '\n'.join(lines)


class Dunning(Wizard):
    "arx Dunning Run"
    __name__ = 'arx.dunning'
    start = StateView('arx.dunning.start',
        'arx.dunning_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Preview", 'preview', 'tryton-forward', default=True),
            ])
    preview = StateView('arx.dunning.preview',
        'arx.dunning_preview_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Run", 'run', 'tryton-ok', default=True),
            ])
    run = StateTransition()
    done = StateView('arx.dunning.done',
        'arx.dunning_done_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_preview(self, fields):
        code = common.company_code(self.start.company)
        with common.call() as ctx:
            result = ctx.dunning_preview(code, as_of=self.start.date)
        return {
            'summary': summary_text(result),
            'notices': [notice_values(n)
                for n in result.get('notices') or []],
            }

    def transition_run(self):
        code = common.company_code(self.start.company)
        with common.call() as ctx:
            result = ctx.dunning_run(code, as_of=self.start.date)
        self.done.status = result.get('status')
        self.done.run_id = result.get('run_id')
        self.done.summary = summary_text(result)
        return 'done'

    def default_done(self, fields):
        return {
            'status': self.done.status,
            'run_id': self.done.run_id,
            'summary': self.done.summary,
            }
