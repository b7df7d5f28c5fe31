# arx's settings an AR administrator changes most, on Tryton's accounting
# configuration. They live in arx's typed and audited configuration (per
# company: the company of the user's context), never in Tryton's tables:
# each field reads arx's value and writes it back through config_set with the
# Tryton user's login, so arx's audit names who changed what.
import decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.exceptions import UserError
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

from . import common

# Tryton field -> (arx key, kind)
SETTINGS = {
    'arx_delivery_channels': ('invoice.delivery_channels', 'text'),
    'arx_cashapp_mode': ('cashapp.mode', 'text'),
    'arx_auto_apply_min_confidence': (
        'cashapp.auto_apply_min_confidence', 'decimal'),
    'arx_short_payment_tolerance': (
        'cashapp.short_payment_tolerance', 'decimal'),
    'arx_dunning_grace_days': ('dunning.grace_days', 'integer'),
    'arx_dunning_min_customer_amount': (
        'dunning.min_customer_amount', 'decimal'),
    }


def _from_arx(value, kind):
    if value is None or value == '':
        return None
    if kind == 'decimal':
        return decimal.Decimal(str(value))
    if kind == 'integer':
        return int(value)
    return str(value)


class Configuration(metaclass=PoolMeta):
    __name__ = 'account.configuration'

    arx_delivery_channels = fields.Function(fields.Char(
            "Invoice Delivery Channels",
            help="arx's default channels and fallback order for invoices, "
            "e.g. \"peppol,email,print\" (invoice.delivery_channels)."),
        'get_arx_setting', setter='set_arx_setting')
    arx_cashapp_mode = fields.Function(fields.Selection([
                ('live', "Live"),
                ('shadow', "Shadow"),
                ], "Cash Application Mode",
            help="Shadow records arx's matching decisions without booking "
            "in Tryton (cashapp.mode)."),
        'get_arx_setting', setter='set_arx_setting')
    arx_auto_apply_min_confidence = fields.Function(fields.Numeric(
            "Auto-Apply Confidence", digits=(3, 2),
            help="The confidence from which arx applies a payment without "
            "asking, 0.50 to 1.00 (cashapp.auto_apply_min_confidence)."),
        'get_arx_setting', setter='set_arx_setting')
    arx_short_payment_tolerance = fields.Function(fields.Numeric(
            "Short Payment Tolerance", digits=(16, 2),
            help="A short payment up to this amount is applied in full with "
            "a deduction (cashapp.short_payment_tolerance)."),
        'get_arx_setting', setter='set_arx_setting')
    arx_dunning_grace_days = fields.Function(fields.Integer(
            "Dunning Grace Days",
            help="Days after the due date before arx duns an item "
            "(dunning.grace_days)."),
        'get_arx_setting', setter='set_arx_setting')
    arx_dunning_min_customer_amount = fields.Function(fields.Numeric(
            "Dunning Minimum Amount", digits=(16, 2),
            help="The smallest overdue total of a customer that gets a "
            "reminder (dunning.min_customer_amount)."),
        'get_arx_setting', setter='set_arx_setting')

    @classmethod
    def get_arx_setting(cls, configurations, names):
        values = {name: {c.id: None for c in configurations}
            for name in names}
        if Transaction().context.get('company') is None:
            return values
        code = common.company_code()
        with common.call() as ctx:
            for name in names:
                key, kind = SETTINGS[name]
                value = _from_arx(
                    ctx.config_get(key, company=code).get('value'), kind)
                for configuration in configurations:
                    values[name][configuration.id] = value
        return values

    @classmethod
    def set_arx_setting(cls, configurations, name, value):
        if Transaction().context.get('company') is None:
            raise UserError(gettext('arx.msg_no_company'))
        code = common.company_code()
        key, kind = SETTINGS[name]
        if kind == 'decimal' and value is not None:
            value = decimal.Decimal(value)
        with common.call() as ctx:
            ctx.config_set(key, value, company=code,
                reason='Tryton accounting configuration')
