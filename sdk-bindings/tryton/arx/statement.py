# The bank file wizard: arx imports a camt, MT940 or BAI2 file into a Tryton
# statement (with an origin per bank line), runs cash application on it and
# lists its suggestions, which the user confirms or rejects.
#
# arx writes through its own database connection. Each step calls arx before
# this wizard's transaction writes anything, so Tryton holds no lock that arx
# waits for; arx commits its own work. What arx booked is therefore visible to
# Tryton from the next request on (the wizard's own transaction keeps the
# snapshot it started with), and the wizard shows arx's results as arx
# returned them.
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import common

FORMATS = [
    (None, "Detect"),
    ('camt.053', "camt.053"),
    ('camt.054', "camt.054"),
    ('camt.052', "camt.052"),
    ('mt940', "MT940"),
    ('mt942', "MT942"),
    ('bai2', "BAI2"),
    ('csv', "CSV lockbox"),
    ]


class ImportStart(ModelView):
    "arx Bank File Import"
    __name__ = 'arx.statement.import.start'
    company = fields.Many2One('company.company', "Company", required=True)
    file_ = fields.Binary("File", required=True, filename='filename')
    filename = fields.Char("File Name")
    file_format = fields.Selection(FORMATS, "File Format",
        help="Left empty, arx detects the format.")
    shadow = fields.Boolean("Shadow",
        help="Record arx's decisions without booking anything in Tryton.")

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_shadow():
        return False


class Suggestion(ModelView):
    "arx Cash Application Suggestion"
    __name__ = 'arx.cashapp.suggestion'
    line_id = fields.Integer("arx Line", readonly=True)
    bank_reference = fields.Char("Bank Reference", readonly=True)
    amount = fields.Char("Amount", readonly=True)
    currency = fields.Char("Currency", readonly=True)
    customer = fields.Char("Customer", readonly=True)
    confidence = fields.Char("Confidence", readonly=True)
    allocations = fields.Char("Proposed Allocations", readonly=True)
    reasons = fields.Text("Reasons", readonly=True)
    decision = fields.Selection([
            ('', "Later"),
            ('confirm', "Confirm"),
            ('reject', "Reject"),
            ], "Decision")

    @staticmethod
    def default_decision():
        return ''


class ImportResult(ModelView):
    "arx Bank File Import Result"
    __name__ = 'arx.statement.import.result'
    company = fields.Many2One('company.company', "Company", readonly=True)
    statements = fields.Many2Many('account.statement', None, None,
        "Statements", readonly=True)
    lines = fields.Integer("Bank Lines", readonly=True)
    applied = fields.Integer("Applied", readonly=True)
    suggested = fields.Integer("Suggested", readonly=True)
    unmatched = fields.Integer("Unmatched", readonly=True)
    amount_applied = fields.Char("Amount Applied", readonly=True)
    summary = fields.Text("Summary", readonly=True)
    suggestions = fields.One2Many('arx.cashapp.suggestion', None,
        "Suggestions",
        states={'readonly': Eval('shadow', False)}, depends=['shadow'])
    shadow = fields.Boolean("Shadow", readonly=True)


def _allocations_text(allocations):
    return ', '.join('%s %s%s' % (
            a.get('invoice_number') or a.get('number') or '?',
            a.get('amount', ''),
            '' if a.get('kind') in (None, 'payment') else ' (%s)' % a['kind'])
        for a in allocations or [])


def suggestion_values(line):
    """A suggestion row from one line of arx's cashapp_list."""
    return {
        'line_id': line.get('line_id'),
        'bank_reference': line.get('bank_reference'),
        'amount': str(line.get('amount', '')),
        'currency': line.get('currency'),
        'customer': line.get('customer_number'),
        'confidence': str(line.get('confidence', '')),
        'allocations': _allocations_text(line.get('allocations')),
        'reasons': '\n'.join(line.get('reasons') or []),
        'decision': '',
        }


def statement_ids(result):
    """The Tryton statements an import created (arx keeps the ERP's ids)."""
    ids = []
    for statement in (result or {}).get('statements') or []:
        for key in ('erp_statement_id', 'statement_id', 'id'):
            if isinstance(statement.get(key), int):
                ids.append(statement[key])
                break
    return ids


class Import(Wizard):
    "arx Bank File Import"
    __name__ = 'arx.statement.import'
    start = StateView('arx.statement.import.start',
        'arx.statement_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import and Match", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()
    result = StateView('arx.statement.import.result',
        'arx.statement_import_result_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Apply Decisions", 'decide', 'tryton-ok', default=True,
                states={'invisible': Eval('shadow', False)}),
            ])
    decide = StateTransition()

    def transition_import_(self):
        code = common.company_code(self.start.company)
        data = bytes(self.start.file_ or b'')
        if not data:
            raise UserError(gettext('arx.msg_empty_file'))
        shadow = bool(self.start.shadow)
        with common.call() as ctx:
            imported = ctx.statement_import(data=data, company=code,
                format=self.start.file_format or None)
            ids = statement_ids(imported)
            totals = {'lines': 0, 'applied': 0, 'suggested': 0,
                'unmatched': 0}
            amounts = {}
            runs = []
            for statement_id in (ids or [0]):
                run = ctx.cashapp_run(code, statement_id=statement_id,
                    shadow=shadow)
                runs.append(run)
                for key in totals:
                    totals[key] += int(run.get(key) or 0)
                for currency, amount in (
                        run.get('amount_applied') or {}).items():
                    amounts.setdefault(currency, []).append(str(amount))
            suggestions = []
            for statement_id in (ids or [0]):
                listed = ctx.cashapp_list(code, statement_id=statement_id,
                    status='suggested', shadow=shadow)
                suggestions.extend(listed.get('lines') or [])
        self.result.company = self.start.company
        self.result.statements = ids
        self.result.shadow = shadow
        for key, value in totals.items():
            setattr(self.result, key, value)
        self.result.amount_applied = ', '.join(
            '%s %s' % (' + '.join(v), c) for c, v in sorted(amounts.items()))
        self.result.summary = gettext('arx.msg_import_summary',
            statements=len(ids),
            lines=totals['lines'], applied=totals['applied'],
            suggested=totals['suggested'], unmatched=totals['unmatched'])
        self.result.suggestions = [suggestion_values(s) for s in suggestions]
        return 'result'

    def default_result(self, fields):
        values = {}
        for name in ['lines', 'applied', 'suggested', 'unmatched',
                'amount_applied', 'summary', 'shadow']:
            values[name] = getattr(self.result, name, None)
        values['company'] = self.result.company.id
        values['statements'] = [int(s) for s in self.result.statements]
        values['suggestions'] = [{
                name: getattr(s, name, None)
                for name in ['line_id', 'bank_reference', 'amount',
                    'currency', 'customer', 'confidence', 'allocations',
                    'reasons', 'decision']}
            for s in self.result.suggestions]
        return values

    def transition_decide(self):
        decided = [(s.line_id, s.decision) for s in self.result.suggestions
            if s.decision in ('confirm', 'reject') and s.line_id]
        if not decided:
            return 'end'
        login = common.user_login()
        with common.call() as ctx:
            for line_id, decision in decided:
                ctx.cashapp_decide(line_id, decision,
                    reason='Tryton: %s' % login)
        return 'end'



class Statement(metaclass=PoolMeta):
    "A statement arx imported may hold lines arx booked already"
    __name__ = 'account.statement'

    @classmethod
    @ModelView.button
    def validate_statement(cls, statements):
        # arx books the lines it applies at once, each with its posted move,
        # and leaves the origins it could not apply pending in the draft
        # statement. When a user finishes those in Tryton and validates,
        # Tryton must make moves for the user's lines only: arx's have theirs,
        # and their invoices are paid by them (Tryton would take such an
        # invoice off the line).
        booked = [s for s in statements if any(l.move for l in s.lines)]
        others = [s for s in statements if s not in booked]
        if others:
            super().validate_statement(others)
        if not booked:
            return
        for statement in booked:
            if statement.state != 'draft':
                raise UserError(gettext('arx.msg_statement_not_draft',
                        statement=statement.rec_name))
            # the journal's own check, over all lines
            getattr(statement, 'validate_%s' % statement.validation)()
        for statement in booked:
            statement.lines = [l for l in statement.lines if not l.move]
        cls.create_move(booked)
        cls.write(booked, {'state': 'validated'})
