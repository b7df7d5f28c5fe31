# A party's collections page: how arx delivers its invoices, its open
# disputes and promises to pay, its contact history and its rank on the
# collector worklist, all read from arx for the company of the context. arx
# names a customer by the party's code.
import logging

from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

from . import common

logger = logging.getLogger(__name__)

NAMES = ['arx_delivery_preference', 'arx_disputes', 'arx_promises',
    'arx_history', 'arx_worklist_rank', 'arx_worklist_reason']
HISTORY_LIMIT = 20


def _lines(rows, fields_):
    out = []
    for row in rows:
        out.append('  '.join(str(row[f]) for f in fields_
                if row.get(f) not in (None, '')))
    return '\n'.join(out)


def _rows(result, *keys):
    if isinstance(result, list):
        return result
    for key in keys:
        if isinstance((result or {}).get(key), list):
            return result[key]
    return []


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    arx_delivery_preference = fields.Function(fields.Char(
            "Delivery Preference", readonly=True),
        'get_arx_collections')
    arx_disputes = fields.Function(fields.Text(
            "Open Disputes", readonly=True),
        'get_arx_collections')
    arx_promises = fields.Function(fields.Text(
            "Promises to Pay", readonly=True),
        'get_arx_collections')
    arx_history = fields.Function(fields.Text(
            "Contact History", readonly=True),
        'get_arx_collections')
    arx_worklist_rank = fields.Function(fields.Integer(
            "Worklist Rank", readonly=True,
            help="The party's place on arx's collector worklist "
            "(1 = call first); empty when it is not on the list."),
        'get_arx_collections')
    arx_worklist_reason = fields.Function(fields.Text(
            "Worklist Reason", readonly=True),
        'get_arx_collections')

    @classmethod
    def get_arx_collections(cls, parties, names):
        values = {n: {p.id: None for p in parties} for n in names}
        if Transaction().context.get('company') is None:
            return values
        parties = [p for p in parties if p.code]
        if not parties:
            return values
        code = common.company_code()
        with common.call() as ctx:
            worklist = {}
            if {'arx_worklist_rank', 'arx_worklist_reason'} & set(names):
                rows = _rows(ctx.collections(code, 'worklist'),
                    'rows')
                for rank, row in enumerate(rows, 1):
                    number = row.get('customer_number') or row.get(
                        'customer')
                    worklist.setdefault(number, (row.get('rank') or rank,
                            row))
            for party in parties:
                customer = party.code
                if 'arx_delivery_preference' in names:
                    try:
                        preference = ctx.delivery_preference_get(
                            code, customer)
                    except LookupError:
                        preference = None
                    if preference:
                        text = preference.get('channels') or ''
                        if isinstance(text, list):
                            text = ','.join(text)
                        if preference.get('email'):
                            text += ' <%s>' % preference['email']
                        if preference.get('source'):
                            text += ' (%s)' % preference['source']
                        values['arx_delivery_preference'][party.id] = text
                if 'arx_disputes' in names:
                    rows = _rows(ctx.collections(code, 'dispute_list',
                            customer=customer, state='open'), 'disputes')
                    values['arx_disputes'][party.id] = _lines(rows, [
                            'id', 'invoice_number', 'reason_code',
                            'amount', 'state', 'due'])
                if 'arx_promises' in names:
                    rows = _rows(ctx.collections(code, 'promise_list',
                            customer=customer), 'promises')
                    values['arx_promises'][party.id] = _lines(rows, [
                            'id', 'date', 'amount', 'currency', 'state'])
                if 'arx_history' in names:
                    rows = _rows(ctx.collections(code, 'history',
                            customer=customer, limit=HISTORY_LIMIT),
                        'history', 'events')
                    values['arx_history'][party.id] = _lines(rows, [
                            'at', 'date', 'kind', 'summary', 'text',
                            'user'])
                rank, row = worklist.get(customer, (None, None))
                if 'arx_worklist_rank' in names:
                    values['arx_worklist_rank'][party.id] = rank
                if 'arx_worklist_reason' in names and row:
                    reasons = row.get('reasons') or row.get('reason') or ''
                    if isinstance(reasons, list):
                        reasons = '\n'.join(str(r) for r in reasons)
                    values['arx_worklist_reason'][party.id] = str(reasons)
        return values
