"""The arx Tryton module driven through trytond in-process (Debian's python3).

Environment:
    ARX_TRYTON_CONFIG  trytond configuration file ([database] uri)
    ARX_TRYTON_DB      a copy of the Tryton fixture with arx installed (tryton
                       profile) and the module `arx` activated
    ARX_PLUGIN         the plugin (build/plugin/libarx.so.1)
tests/tryton/test_module.sh prepares all three and runs this file; the tests
run in order and each commits, so the database is used up afterwards.
"""
import datetime
import logging
import os
import unittest
from unittest import mock

from trytond.config import config

config.update_etc(os.environ['ARX_TRYTON_CONFIG'])
if os.environ.get('ARX_PLUGIN') and not config.has_option('arx', 'plugin'):
    if not config.has_section('arx'):
        config.add_section('arx')
    config.set('arx', 'plugin', os.environ['ARX_PLUGIN'])

from trytond.exceptions import UserError  # noqa: E402
from trytond.pool import Pool  # noqa: E402
from trytond.transaction import Transaction  # noqa: E402

import arx  # noqa: E402

logging.basicConfig(level=logging.WARNING,
    format='%(levelname)s %(name)s: %(message)s')

DB = os.environ['ARX_TRYTON_DB']
COMPANY_CODE = 'TRY01'
TODAY = datetime.date(2026, 12, 7)
CLEAN_INVOICE = 'RE-2026-00002'
PARTY_WITHOUT_CONTACT = 'C0021'   # no e-mail, empty address (fixture)


def setUpModule():
    Pool.start()
    Pool(DB).init()
    # Tryton's date is the fixture's as-of date, whatever the clock says: the
    # module hands it to arx as the business date (a scheduled dunning run on
    # another day would be another run).
    global _today
    _today = mock.patch.object(Pool(DB).get('ir.date'), 'today',
        staticmethod(lambda timezone=None: TODAY))
    _today.start()


def tearDownModule():
    _today.stop()


class ArxTrytonModuleTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with Transaction().start(DB, 0, readonly=True):
            pool = Pool()
            Module = pool.get('ir.module')
            User = pool.get('res.user')
            module, = Module.search([('name', '=', 'arx')])
            if module.state != 'activated':
                raise AssertionError('module arx is not activated in %s'
                    % DB)
            admin, = User.search([('login', '=', 'admin')])
            cls.admin = admin.id
            cls.company = admin.company.id if admin.company else 1
        cls.context = {'company': cls.company, 'date': TODAY}

    def transaction(self, **context):
        return Transaction().start(DB, self.admin,
            context=dict(self.context, **context))

    def sql(self, query, *args):
        with Transaction().start(DB, 0, readonly=True) as transaction:
            cursor = transaction.connection.cursor()
            cursor.execute(query, args)
            return cursor.fetchall()

    def arx_context(self):
        from trytond.modules.arx import common
        return arx.Context(common.connection_string(DB),
            library=os.environ.get('ARX_PLUGIN') or None, profile='tryton',
            user='tests', business_date=TODAY)

    def copy_invoice(self, number, party_code=None):
        "A committed draft copied from a posted invoice."
        with self.transaction() as transaction:
            pool = Pool()
            Invoice = pool.get('account.invoice')
            Party = pool.get('party.party')
            source, = Invoice.search([('number', '=', number)])
            default = {'invoice_date': TODAY}
            if party_code:
                party, = Party.search([('code', '=', party_code)])
                default['party'] = party.id
                default['invoice_address'] = party.address_get(
                    type='invoice').id
                default['party_tax_identifier'] = None
            draft, = Invoice.copy([source], default=default)
            self.assertEqual(draft.state, 'draft')
            transaction.commit()
            return draft.id

    def import_file(self, camt):
        "Runs the bank file wizard's import step; its session and result."
        with self.transaction() as transaction:
            Wizard = Pool().get('arx.statement.import', type='wizard')
            session_id, _, _ = Wizard.create()
            transaction.commit()
        with self.transaction():
            Wizard = Pool().get('arx.statement.import', type='wizard')
            result = Wizard.execute(session_id, {'start': {
                        'company': self.company,
                        'file_': camt,
                        'file_format': None,
                        'shadow': False,
                        }}, 'import_')
        return session_id, result

    # ---- connection --------------------------------------------------------

    def test_00_connection_string(self):
        from trytond.modules.arx import common
        with self.transaction():
            odbc = common.connection_string()
            self.assertIn('DRIVER={PostgreSQL Unicode}', odbc)
            self.assertIn('Database=%s' % DB, odbc)
            self.assertEqual(common.company_code(), COMPANY_CODE)
            self.assertEqual(common.user_login(), 'admin')
            with common.call() as ctx:
                self.assertEqual(ctx.schema_check()['state'], 'current')

    # ---- posting -----------------------------------------------------------

    def test_10_post_queues_delivery(self):
        draft_id = self.copy_invoice(CLEAN_INVOICE)
        # the committed draft is visible to arx, named draft-<id>
        with self.arx_context() as ctx:
            report = ctx.invoice_validate(COMPANY_CODE, draft_id)
        self.assertEqual(report['invoice'], 'draft-%d' % draft_id)
        with self.transaction(_skip_warnings=True):
            Invoice = Pool().get('account.invoice')
            Invoice.post([Invoice(draft_id)])
        # The post hook ran after the commit: arx's outbox holds the job.
        with self.transaction():
            invoice = Pool().get('account.invoice')(draft_id)
            self.assertEqual(invoice.state, 'posted')
            number = invoice.number
        self.assertTrue(number)
        jobs = self.sql(
            "SELECT reference, channel, state, purpose FROM arx_delivery_job"
            " WHERE invoice_id = %s", draft_id)
        self.assertEqual(len(jobs), 1, jobs)
        self.assertEqual(jobs[0][0], number)
        with self.arx_context() as ctx:
            status = ctx.delivery_status(company=COMPANY_CODE,
                reference=number)
        self.assertIn(number, repr(status))

    def test_11_post_blocked_names_field_and_rule(self):
        draft_id = self.copy_invoice(CLEAN_INVOICE, PARTY_WITHOUT_CONTACT)
        with self.transaction(_skip_warnings=True):
            Invoice = Pool().get('account.invoice')
            with self.assertRaises(UserError) as raised:
                Invoice.post([Invoice(draft_id)])
        message = str(raised.exception)
        self.assertIn('arx refuses to post', message)
        # a field (EN 16931 business term or address part) and a rule
        self.assertRegex(message, r'\[[A-Za-z0-9-]+\]')
        self.assertRegex(message, r'(?i)e-?mail|address|BT-')
        with self.transaction():
            invoice = Pool().get('account.invoice')(draft_id)
            self.assertEqual(invoice.state, 'draft')
            self.assertFalse(invoice.number)
            self.assertFalse(invoice.move)

    # ---- bank file and cash application -------------------------------------

    def test_20_import_wizard(self):
        with self.arx_context() as ctx:
            camt = ctx.demo_bank_statement(COMPANY_CODE, lines=20, on=TODAY)
        paid_before = self.sql(
            "SELECT COUNT(*) FROM account_invoice WHERE state = 'paid'")[0][0]
        session_id, result = self.import_file(camt)
        defaults = result['view']['defaults']
        self.assertEqual(result['view']['state'], 'result')
        self.assertEqual(defaults['lines'], 20, defaults)
        self.assertGreater(defaults['applied'], 0, defaults)
        self.assertEqual(defaults['lines'], defaults['applied']
            + defaults['suggested'] + defaults['unmatched'])
        statement_ids = defaults['statements']
        self.assertTrue(statement_ids, defaults)
        with self.transaction():
            pool = Pool()
            Statement = pool.get('account.statement')
            statements = Statement.browse(statement_ids)
            origins = sum((list(s.origins) for s in statements), [])
            lines = sum((list(s.lines) for s in statements), [])
            self.assertEqual(len(origins), 20)
            self.assertTrue(lines)
            invoices = {l.invoice for l in lines if l.invoice}
            self.assertTrue(invoices)
            paid = [i for i in invoices if i.state == 'paid']
            self.assertTrue(paid)
            for invoice in paid:
                self.assertTrue(invoice.reconciled)
                for line in invoice.lines_to_pay:
                    self.assertTrue(line.reconciliation)
        paid_after = self.sql(
            "SELECT COUNT(*) FROM account_invoice WHERE state = 'paid'")[0][0]
        self.assertGreater(paid_after, paid_before)

        # Suggestions for a collector: with the auto-apply bar at 100 %, a
        # second file's matches wait for a person instead of being applied.
        with self.arx_context() as ctx:
            ctx.config_set('cashapp.auto_apply_min_confidence', '1.00',
                company=COMPANY_CODE, reason='module test: suggest, never apply')
            camt = ctx.demo_bank_statement(COMPANY_CODE, seed=2, lines=20,
                on=TODAY)
        session_id, result = self.import_file(camt)
        defaults = result['view']['defaults']
        with self.arx_context() as ctx:
            ctx.config_set('cashapp.auto_apply_min_confidence', None,
                company=COMPANY_CODE, reason='module test done')
        # confirm the first suggestion, reject the second
        suggestions = defaults['suggestions']
        self.assertGreaterEqual(len(suggestions), 2, defaults)
        decided = {}
        for suggestion, decision in zip(suggestions, ['confirm', 'reject']):
            suggestion['decision'] = decision
            decided[suggestion['line_id']] = decision
        with self.transaction():
            Wizard = Pool().get('arx.statement.import', type='wizard')
            Wizard.execute(session_id, {'result': {
                        'suggestions': suggestions}}, 'decide')
        with self.arx_context() as ctx:
            listed = ctx.cashapp_list(COMPANY_CODE)['lines']
        status = {l['line_id']: l['status'] for l in listed}
        for line_id, decision in decided.items():
            # a rejected suggestion goes back to the unmatched lines
            expected = {'confirm': ('applied',),
                'reject': ('unmatched', 'rejected')}[decision]
            self.assertIn(status[line_id], expected,
                (line_id, decision, status[line_id]))

    def test_25_a_user_finishes_a_statement_arx_booked_in_part(self):
        # The first file's statement: arx applied most lines; the payer it
        # could not identify is left pending for a person.
        with self.transaction():
            pool = Pool()
            Statement = pool.get('account.statement')
            statement, = Statement.search([('state', '=', 'draft')],
                order=[('id', 'ASC')], limit=1)
            statement_id = statement.id
            pending = [o for o in statement.origins if o.pending_amount]
            arx_lines = {l.id: (l.move.id, l.invoice.id if l.invoice else None)
                for l in statement.lines}
        self.assertTrue(pending)
        self.assertTrue(arx_lines)
        moves_before = self.sql("SELECT COUNT(*) FROM account_move")[0][0]
        with self.transaction() as transaction:
            pool = Pool()
            Statement = pool.get('account.statement')
            Line = pool.get('account.statement.line')
            Party = pool.get('party.party')
            party, = Party.search([('code', '=', 'C0001')])
            statement = Statement(statement_id)
            lines = []
            for origin in statement.origins:
                if not origin.pending_amount:
                    continue
                lines.append(Line(statement=statement, origin=origin,
                        date=origin.date, amount=origin.pending_amount,
                        party=party, account=party.account_receivable_used,
                        description='booked by hand'))
            Line.save(lines)
            Statement.validate_statement([statement])
            transaction.commit()
        with self.transaction():
            pool = Pool()
            statement = pool.get('account.statement')(statement_id)
            self.assertEqual(statement.state, 'validated')
            for line in statement.lines:
                self.assertTrue(line.move, line.id)
                if line.id in arx_lines:
                    # arx's lines keep their moves and invoices
                    move_id, invoice_id = arx_lines[line.id]
                    self.assertEqual(line.move.id, move_id)
                    self.assertEqual(
                        line.invoice.id if line.invoice else None, invoice_id)
        moves_after = self.sql("SELECT COUNT(*) FROM account_move")[0][0]
        self.assertEqual(moves_after - moves_before, len(pending))

    # ---- dunning ----------------------------------------------------------

    def test_30_dunning_wizard_and_cron(self):
        with self.transaction() as transaction:
            Wizard = Pool().get('arx.dunning', type='wizard')
            session_id, _, _ = Wizard.create()
            transaction.commit()
        with self.transaction():
            Wizard = Pool().get('arx.dunning', type='wizard')
            preview = Wizard.execute(session_id, {'start': {
                        'company': self.company, 'date': TODAY}}, 'preview')
        self.assertEqual(preview['view']['state'], 'preview')
        notices = preview['view']['defaults']['notices']
        self.assertTrue(notices)
        with self.transaction():
            Wizard = Pool().get('arx.dunning', type='wizard')
            done = Wizard.execute(session_id, {}, 'run')
        self.assertEqual(done['view']['defaults']['status'], 'completed',
            done['view']['defaults'])
        run_id = done['view']['defaults']['run_id']
        count, = self.sql("SELECT COUNT(*) FROM arx_dunning_notice"
            " WHERE run_id = %s", run_id)[0]
        self.assertEqual(count, len(notices))
        # Tryton's dunnings show the reminded items at arx's level.
        items, = self.sql("SELECT COUNT(DISTINCT i.open_item_id)"
            " FROM arx_dunning_notice_item i JOIN arx_dunning_notice n"
            " ON n.id = i.notice_id WHERE n.run_id = %s AND i.escalated = 1",
            run_id)[0]
        with self.transaction():
            Dunning = Pool().get('account.dunning')
            dunnings = Dunning.search([('state', '=', 'waiting')])
            self.assertEqual(len(dunnings), items)
            self.assertEqual({d.level.overdue.days for d in dunnings}, {7})

        # the scheduled task for the same date changes nothing
        with self.transaction():
            Tasks = Pool().get('arx.tasks')
            results = Tasks.dunning_run()
        self.assertEqual(results[COMPANY_CODE]['status'], 'already_completed')
        with self.transaction():
            pool = Pool()
            Cron = pool.get('ir.cron')
            crons = Cron.search([('method', 'like', 'arx.tasks|%'),
                    ('active', 'in', [True, False])],
                order=[('id', 'ASC')])
            self.assertEqual(len(crons), 4)
            for cron in crons:
                if cron.method != 'arx.tasks|dunning_run':
                    Cron.run_once([cron])
        snapshots = self.sql("SELECT COUNT(*) FROM arx_kpi_snapshot")
        self.assertGreater(snapshots[0][0], 0)

    # ---- settings ----------------------------------------------------------

    def test_40_settings_round_trip(self):
        with self.transaction():
            Configuration = Pool().get('account.configuration')
            configuration = Configuration(1)
            self.assertEqual(configuration.arx_dunning_grace_days, 3)
            self.assertEqual(configuration.arx_cashapp_mode, 'live')
        with self.transaction():
            Configuration = Pool().get('account.configuration')
            Configuration.write([Configuration(1)], {
                    'arx_dunning_grace_days': 5,
                    'arx_auto_apply_min_confidence': '0.90',
                    })
        with self.transaction():
            Configuration = Pool().get('account.configuration')
            configuration = Configuration(1)
            self.assertEqual(configuration.arx_dunning_grace_days, 5)
            self.assertEqual(str(configuration.arx_auto_apply_min_confidence),
                '0.90')
        audit = self.sql("SELECT config_key, old_value, new_value, changed_by"
            " FROM arx_config_audit ORDER BY id")
        self.assertIn(('dunning.grace_days', None, '5', 'admin'), audit)
        with self.transaction():
            Configuration = Pool().get('account.configuration')
            with self.assertRaises(UserError) as raised:
                Configuration.write([Configuration(1)], {
                        'arx_auto_apply_min_confidence': '0.10'})
        self.assertIn('cashapp.auto_apply_min_confidence',
            str(raised.exception))

    # ---- party -------------------------------------------------------------

    def test_50_party_collections(self):
        with self.transaction():
            Party = Pool().get('party.party')
            party, = Party.search([('code', '=', 'C0001')])
            self.assertTrue(party.arx_delivery_preference)
            self.assertIsNotNone(party.arx_history)
            ranked = [p for p in Party.search([('code', 'like', 'C%')])
                if p.arx_worklist_rank]
            self.assertTrue(ranked)
            self.assertEqual(min(p.arx_worklist_rank for p in ranked), 1)

    # ---- dashboard ----------------------------------------------------------

    def test_60_dashboard(self):
        with self.transaction():
            Report = Pool().get('arx.dashboard', type='report')
            oext, content, direct_print, name = Report.execute([], {
                    'company': self.company, 'date': TODAY.isoformat()})
        self.assertEqual(oext, 'html')
        self.assertIn(b'<html', content[:500].lower())
        self.assertIn(COMPANY_CODE, name)


if __name__ == '__main__':
    unittest.main()
