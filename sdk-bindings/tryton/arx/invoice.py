# Posting a customer invoice runs arx's validate hook before Tryton posts it
# and arx's post hook (documents and delivery through arx's outbox) once the
# posting has committed.
from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.pool import PoolMeta

from . import common


def _finding_text(finding):
    parts = []
    field = finding.get('field') or finding.get('business_term')
    if field:
        parts.append(str(field))
    if finding.get('rule'):
        parts.append('[%s]' % finding['rule'])
    if finding.get('channel'):
        parts.append('(%s)' % finding['channel'])
    text = ' '.join(parts)
    message = finding.get('message') or ''
    return '%s: %s' % (text, message) if text else message


def _invoice_name(invoice):
    return '%s (%s)' % (invoice.number or invoice.rec_name or invoice.id,
        invoice.party.rec_name)


def blocking_findings(report):
    """The findings of an invoice_validate report that stop the posting."""
    findings = (report or {}).get('findings') or []
    return [f for f in findings
        if f.get('blocking') or f.get('severity') in ('error', 'fatal')]


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def _arx_invoices(cls, invoices):
        # Customer invoices that the posting will move to posted.
        return [i for i in invoices
            if i.type == 'out' and i.state in ('draft', 'validated')]

    @classmethod
    def arx_validate(cls, invoices):
        """arx's validate hook for each customer invoice about to be posted.
        arx reads the invoice through its own connection: it sees the invoice
        as last committed (the client saves a draft before pressing Post),
        named by its id. Raises a UserError listing every blocking finding."""
        invoices = cls._arx_invoices(invoices)
        if not invoices:
            return
        problems = []
        by_company = {}
        for invoice in invoices:
            by_company.setdefault(invoice.company, []).append(invoice)
        for company, company_invoices in by_company.items():
            code = common.company_code(company)
            with common.call() as ctx:
                for invoice in company_invoices:
                    report = ctx.invoice_validate(code, invoice.id)
                    blocking = blocking_findings(report)
                    if blocking:
                        problems.append((invoice, blocking))
        if problems:
            lines = []
            for invoice, findings in problems:
                for finding in findings:
                    lines.append('%s: %s' % (
                            _invoice_name(invoice), _finding_text(finding)))
            raise UserError(gettext('arx.msg_invoice_blocked',
                    invoices=', '.join(
                        _invoice_name(i) for i, _ in problems),
                    findings='\n'.join(lines)))

    @classmethod
    def post(cls, invoices):
        cls.arx_validate(invoices)
        super().post(invoices)

    @classmethod
    def post_batch(cls, invoices):
        cls.arx_validate(invoices)
        super().post_batch(invoices)

    @classmethod
    def _post(cls, invoices):
        super()._post(invoices)
        for invoice in invoices:
            if invoice.type != 'out' or invoice.state not in ('posted', 'paid'):
                continue
            code = common.company_code(invoice.company)
            invoice_id = invoice.id

            def post_hook(ctx, code=code, invoice_id=invoice_id):
                return ctx.invoice_post(code, invoice_id)
            common.after_commit('invoice_post',
                'invoice_post %s %s' % (code, invoice.number), post_hook)
