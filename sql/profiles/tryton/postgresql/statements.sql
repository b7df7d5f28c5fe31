-- What arx books in Tryton (docs/TRYTON.md), through Tryton's own tables, as
-- Tryton's own screens and workflows would have booked it: ids from the
-- tables' sequences, numbers from Tryton's sequences, moves posted, the
-- booking user from :user. The helper functions are in views.sql.

-- ---- bank statements (erp/bank.hpp) ----------------------------------------
-- A bank file arx imports becomes a Tryton statement (draft) of the statement
-- journal of the company's bank account, with one origin per bank line, as
-- Tryton's own importers make them. Cash application then adds the statement
-- lines that apply them.

-- name: ids.statement
SELECT nextval('account_statement_id_seq') FROM generate_series(1, :count)

-- name: ids.statement_line
SELECT nextval('account_statement_origin_id_seq') FROM generate_series(1, :count)

-- name: statement.record
-- Balances chain on from the journal's latest statement. (Each parameter
-- appears once: the first CTE reads them all.)
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS id, CAST(:statement_ref AS VARCHAR) AS name, CAST(:company_id AS INTEGER) AS company_id,
         CAST(:account AS VARCHAR) AS account, CAST(:currency AS VARCHAR) AS currency, CAST(:date AS DATE) AS day, CAST(:total AS NUMERIC) AS total,
         CAST(:lines AS INTEGER) AS lines, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), j AS (
  SELECT arg.*, arx_tryton_statement_journal(arg.company_id, arg.account, arg.currency) AS journal_id FROM arg
)
INSERT INTO account_statement (id, name, company, journal, date, start_balance, end_balance, total_amount,
                               number_of_lines, state, create_uid, create_date)
SELECT j.id, j.name, j.company_id, j.journal_id, j.day, COALESCE(prev.end_balance, 0),
       COALESCE(prev.end_balance, 0) + j.total, j.total, j.lines, 'draft', j.uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM j
  LEFT JOIN LATERAL (SELECT s.end_balance FROM account_statement s
                      WHERE s.journal = j.journal_id AND s.state <> 'cancelled'
                      ORDER BY s.date DESC, s.id DESC LIMIT 1) prev ON TRUE

-- name: statement.line
-- An origin per bank line: the bank's reference as its number, the payer and
-- the remittance text as its description, the party whose bank account paid.
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS id, CAST(:statement_id AS INTEGER) AS statement_id,
         CAST(:line_no AS VARCHAR) AS line_no, CAST(:bank_reference AS VARCHAR) AS bank_reference,
         CAST(:date AS DATE) AS day, CAST(:amount AS NUMERIC) AS amount,
         REPLACE(UPPER(CAST(:payer_account AS VARCHAR)), ' ', '') AS payer_account,
         CAST(:payer_name AS VARCHAR) AS payer_name, CAST(:remittance AS VARCHAR) AS remittance,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
)
INSERT INTO account_statement_origin (id, statement, number, date, amount, party, description, create_uid,
                                      create_date)
SELECT arg.id, arg.statement_id, COALESCE(arg.bank_reference, arg.line_no), arg.day, arg.amount,
       (SELECT MIN(o.owner) FROM bank_account_number n
          JOIN "bank_account-party_party" o ON o.account = n.account
         WHERE n.number_compact = arg.payer_account
        HAVING COUNT(DISTINCT o.owner) = 1),
       NULLIF(CONCAT_WS(': ', arg.payer_name, arg.remittance), ''), arg.uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM arg

-- name: cashapp.company_by_account
-- The company of the statement journal whose bank account is the statement's.
SELECT DISTINCT c.id, c.code
  FROM (SELECT CAST(:account AS VARCHAR) AS account) arg
  JOIN bank_account_number n ON n.number_compact = arg.account OR n.number = arg.account
  JOIN account_statement_journal sj ON sj.bank_account = n.account
  JOIN arx_tryton_company c ON c.id = sj.company

-- ---- payments (erp/booking.hpp) --------------------------------------------
-- A payment is a posted move of the statement journal (the journal of the
-- bank line's statement, else the company's for the bank account and
-- currency): the bank's debit, a receivable credit per allocation (linked to
-- the invoice as a payment line, or to a fee's line as its origin), and what
-- stays on the party's account. Each cash part is a statement line of the
-- bank line's origin. Cash of an unknown payer books nothing: the origin
-- stays pending in its statement, where Tryton shows it for a person.

-- name: ids.payment
SELECT nextval('account_move_id_seq') FROM generate_series(1, :count)

-- name: ids.allocation
SELECT nextval('account_move_line_id_seq') FROM generate_series(1, :count)

-- name: apply.payment
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS move_id, CAST(:company_id AS INTEGER) AS company_id,
         CAST(:customer_id AS INTEGER) AS party_id, CAST(:value_date AS DATE) AS day,
         CAST(:amount AS NUMERIC) AS amount, CAST(:on_account AS NUMERIC) AS on_account, CAST(:currency AS VARCHAR) AS currency,
         CAST(:bank_line_id AS INTEGER) AS bank_line_id, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid,
         LEFT(COALESCE(CAST(:remittance_text AS VARCHAR), CAST(:bank_reference AS VARCHAR),
                       CAST(:payer_name AS VARCHAR)), 200) AS description
), src AS (
  SELECT arg.*, o.id AS origin_id, o.statement AS statement_id, o.number AS origin_number,
         COALESCE(s.journal, arx_tryton_company_statement_journal(arg.company_id, arg.currency))
           AS statement_journal
    FROM arg
    LEFT JOIN account_statement_origin o ON o.id = arg.bank_line_id
    LEFT JOIN account_statement s ON s.id = o.statement
   WHERE arg.party_id IS NOT NULL
), book AS (
  SELECT src.*, sj.journal AS journal_id, sj.account AS bank_account,
         arx_tryton_period(src.company_id, src.day) AS period_id,
         arx_tryton_receivable_account(src.party_id, src.company_id) AS receivable
    FROM src JOIN account_statement_journal sj ON sj.id = src.statement_journal
), move AS (
  INSERT INTO account_move (id, company, period, journal, date, number, post_number, post_date, state, origin,
                            description, create_uid, create_date)
  SELECT move_id, company_id, period_id, journal_id, day, arx_tryton_move_number(journal_id, company_id, day),
         arx_tryton_post_number(period_id, day), CURRENT_DATE, 'posted',
         CASE WHEN statement_id IS NOT NULL THEN 'account.statement,' || statement_id END,
         description, uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM book
  RETURNING id
), rest AS (
  INSERT INTO account_statement_line (statement, origin, number, date, amount, party, account, move, description,
                                      sequence, create_uid, create_date)
  SELECT statement_id, origin_id, origin_number, day, on_account, party_id, receivable, move_id, description,
         NULL, uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM book WHERE origin_id IS NOT NULL AND on_account <> 0
  RETURNING id
), bank AS (
  INSERT INTO account_move_line (move, account, debit, credit, description, state, create_uid, create_date)
  SELECT move_id, bank_account, GREATEST(amount, 0), GREATEST(-amount, 0), description, 'valid', uid,
         CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM book
  RETURNING id
)
INSERT INTO account_move_line (move, account, party, debit, credit, description, origin, state, create_uid,
                               create_date)
SELECT move_id, receivable, party_id, GREATEST(-on_account, 0), GREATEST(on_account, 0), description,
       (SELECT 'account.statement.line,' || id FROM rest), 'valid', uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM book WHERE on_account <> 0

-- name: apply.allocation
-- A receivable credit on the item's account: a payment (with its statement
-- line), or a cash discount or deduction, whose debit goes to the write-off
-- method's account in the same move.
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS line_id, CAST(:payment_id AS INTEGER) AS move_id,
         CAST(:company_id AS INTEGER) AS company_id, CAST(:customer_id AS INTEGER) AS party_id,
         CAST(:value_date AS DATE) AS day, CAST(:amount AS NUMERIC) AS amount, CAST(:kind AS VARCHAR) AS kind,
         CAST(:open_item_id AS INTEGER) AS item_id, CAST(:bank_line_id AS INTEGER) AS bank_line_id,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), src AS (
  SELECT arg.*, r.account AS account_id, inv.id AS invoice_id,
         o.id AS origin_id, o.statement AS statement_id, o.number AS origin_number,
         LEFT(COALESCE(inv.number, m.number), 200) AS description
    FROM arg
    JOIN account_move_line r ON r.id = arg.item_id
    JOIN account_move m ON m.id = r.move
    LEFT JOIN account_invoice inv ON inv.move = r.move AND inv.account = r.account
    LEFT JOIN account_statement_origin o ON o.id = arg.bank_line_id AND arg.kind = 'payment'
), cash AS (
  INSERT INTO account_statement_line (statement, origin, number, date, amount, party, account, invoice, move,
                                      description, create_uid, create_date)
  SELECT statement_id, origin_id, origin_number, day, amount, party_id, account_id, invoice_id, move_id, description,
         uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM src WHERE origin_id IS NOT NULL
  RETURNING id
), credit AS (
  INSERT INTO account_move_line (id, move, account, party, debit, credit, description, origin, state, create_uid,
                                 create_date)
  SELECT line_id, move_id, account_id, party_id, GREATEST(-amount, 0), GREATEST(amount, 0), description,
         CASE WHEN invoice_id IS NULL THEN 'account.move.line,' || item_id
              ELSE (SELECT 'account.statement.line,' || id FROM cash) END,
         'valid', uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM src
  RETURNING id
), paying AS (
  INSERT INTO "account_invoice-account_move_line" (invoice, line, create_uid, create_date)
  SELECT invoice_id, line_id, uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC' FROM src WHERE invoice_id IS NOT NULL
  RETURNING id
)
INSERT INTO account_move_line (move, account, debit, credit, description, state, create_uid, create_date)
SELECT move_id, (SELECT w.debit_account FROM account_move_reconcile_write_off w
                  WHERE w.id = arx_tryton_write_off_method(company_id, kind)), GREATEST(amount, 0), GREATEST(-amount, 0),
       LEFT(kind || ' ' || description, 200), 'valid', uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM src WHERE kind <> 'payment'

-- name: write_off.allocation
-- A move of the write-off method's journal: the receivable credit (linked to
-- the invoice as a payment line, or to the item's line as its origin) and the
-- debit to the method's account, dated today, as Tryton's reconciliation with
-- a write-off books it.
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS line_id, CAST(:company_id AS INTEGER) AS company_id,
         CAST(:open_item_id AS INTEGER) AS item_id, CAST(:amount AS NUMERIC) AS amount,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid, CURRENT_DATE AS day
), src AS (
  SELECT arg.*, r.account AS account_id, r.party AS party_id, inv.id AS invoice_id,
         LEFT('write-off ' || COALESCE(inv.number, m.number), 200) AS description,
         w.journal AS journal_id, w.debit_account, nextval('account_move_id_seq') AS move_id,
         arx_tryton_period(arg.company_id, arg.day) AS period_id
    FROM arg
    JOIN account_move_line r ON r.id = arg.item_id
    JOIN account_move m ON m.id = r.move
    LEFT JOIN account_invoice inv ON inv.move = r.move AND inv.account = r.account
    JOIN account_move_reconcile_write_off w ON w.id = arx_tryton_write_off_method(arg.company_id, 'write-off')
), move AS (
  INSERT INTO account_move (id, company, period, journal, date, number, post_number, post_date, state, description,
                            create_uid, create_date)
  SELECT move_id, company_id, period_id, journal_id, day, arx_tryton_move_number(journal_id, company_id, day),
         arx_tryton_post_number(period_id, day), day, 'posted', description, uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM src
  RETURNING id
), credit AS (
  INSERT INTO account_move_line (id, move, account, party, debit, credit, description, origin, state, create_uid,
                                 create_date)
  SELECT line_id, move_id, account_id, party_id, GREATEST(-amount, 0), GREATEST(amount, 0), description,
         CASE WHEN invoice_id IS NULL THEN 'account.move.line,' || item_id END, 'valid', uid,
         CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM src
  RETURNING id
), paying AS (
  INSERT INTO "account_invoice-account_move_line" (invoice, line, create_uid, create_date)
  SELECT invoice_id, line_id, uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC' FROM src WHERE invoice_id IS NOT NULL
  RETURNING id
)
INSERT INTO account_move_line (move, account, debit, credit, description, state, create_uid, create_date)
SELECT move_id, debit_account, GREATEST(amount, 0), GREATEST(-amount, 0), description, 'valid', uid,
       CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM src

-- name: reverse.settle
-- Undoing an application: the item's reconciliation goes (its lines are
-- open again, as Tryton's Unreconcile leaves them) and a paid invoice is
-- posted again.
WITH arg AS (
  SELECT CAST(:open_item_id AS INTEGER) AS item_id, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), rec AS (
  SELECT l.reconciliation AS id, arg.uid FROM arg JOIN account_move_line l ON l.id = arg.item_id
   WHERE l.reconciliation IS NOT NULL
), opened AS (
  UPDATE account_move_line SET reconciliation = NULL, write_uid = (SELECT uid FROM arg),
         write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
   WHERE reconciliation IN (SELECT id FROM rec)
  RETURNING id
), posted AS (
  UPDATE account_invoice SET state = 'posted', write_uid = (SELECT uid FROM arg),
         write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
   WHERE state = 'paid' AND move = (SELECT l.move FROM arg JOIN account_move_line l ON l.id = arg.item_id)
  RETURNING id
)
DELETE FROM account_move_reconciliation WHERE id IN (SELECT id FROM rec)

-- name: reverse.remove
-- The allocation's line no longer pays the item: it is no payment line of
-- the invoice and names no item, so its amount stays on the party's account.
WITH arg AS (
  SELECT CAST(:allocation_id AS INTEGER) AS line_id, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), unlinked AS (
  DELETE FROM "account_invoice-account_move_line" WHERE line = (SELECT line_id FROM arg)
  RETURNING id
)
UPDATE account_move_line SET origin = NULL, write_uid = (SELECT uid FROM arg),
       write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
 WHERE id = (SELECT line_id FROM arg) AND origin LIKE 'account.move.line,%'

-- name: settle.item
-- Tryton keeps no open amount to update: an item is settled by what pays it.
-- Once nothing of an invoice is open, its lines to pay and payment lines are
-- reconciled (numbered by the reconciliation sequence) and it is paid, as
-- Tryton's statement validation leaves it; a fee or other line is reconciled
-- with the lines that name it as their origin. A draft statement whose
-- origins arx has booked in full by this settlement is posted, as Tryton's
-- validation and posting leave it. settle.check then compares what is open with what arx
-- expects.
WITH arg AS (
  SELECT CAST(:open_item_id AS INTEGER) AS item_id, CAST(:open_amount AS NUMERIC) AS open_amount,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), item AS (
  SELECT l.id, l.move, l.account, m.company AS company_id, inv.id AS invoice_id, arg.uid
    FROM arg
    JOIN account_move_line l ON l.id = arg.item_id
    JOIN account_move m ON m.id = l.move
    LEFT JOIN account_invoice inv ON inv.move = l.move AND inv.account = l.account
   WHERE arg.open_amount = 0
), it AS (
  SELECT item.* FROM item
   WHERE NOT EXISTS (SELECT 1 FROM account_move_line y
                      WHERE y.move = item.move
                        AND (y.id = item.id OR (item.invoice_id IS NOT NULL AND y.account = item.account))
                        AND y.reconciliation IS NULL AND arx_tryton_item_open(y.id) <> 0)
), members AS (
  SELECT y.id, m.date FROM it
    JOIN account_move_line y ON it.invoice_id IS NOT NULL AND y.move = it.move AND y.account = it.account
    JOIN account_move m ON m.id = y.move
   WHERE y.reconciliation IS NULL
  UNION
  SELECT l.id, m.date FROM it
    JOIN "account_invoice-account_move_line" pl ON pl.invoice = it.invoice_id
    JOIN account_move_line l ON l.id = pl.line JOIN account_move m ON m.id = l.move
   WHERE l.reconciliation IS NULL
  UNION
  SELECT l.id, m.date FROM it
    JOIN account_move_line l ON it.invoice_id IS NULL
                             AND (l.id = it.id OR l.origin = 'account.move.line,' || it.id)
    JOIN account_move m ON m.id = l.move
   WHERE l.reconciliation IS NULL
), rec AS (
  INSERT INTO account_move_reconciliation (id, name, company, date, create_uid, create_date)
  SELECT nextval('account_move_reconciliation_id_seq'),
         arx_tryton_next_number((SELECT cs.reconciliation_sequence FROM account_configuration_sequence cs
                                  WHERE cs.company = it.company_id OR cs.company IS NULL
                                  ORDER BY cs.company NULLS LAST LIMIT 1), CURRENT_DATE),
         it.company_id, (SELECT MAX(date) FROM members), it.uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM it WHERE EXISTS (SELECT 1 FROM members)
  RETURNING id
), reconciled AS (
  UPDATE account_move_line SET reconciliation = (SELECT id FROM rec), write_uid = (SELECT uid FROM arg),
         write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
   WHERE id IN (SELECT id FROM members) AND EXISTS (SELECT 1 FROM rec)
  RETURNING id
), touched AS (
  SELECT DISTINCT sl.statement AS id FROM it JOIN account_statement_line sl ON sl.invoice = it.invoice_id
), booked AS (
  UPDATE account_statement s SET state = 'posted', write_uid = (SELECT uid FROM arg),
         write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
   WHERE s.id IN (SELECT id FROM touched) AND s.state = 'draft'
     AND NOT EXISTS (SELECT 1 FROM account_statement_line sl WHERE sl.statement = s.id AND sl.move IS NULL)
     AND NOT EXISTS (SELECT 1 FROM account_statement_origin o
                       LEFT JOIN (SELECT sl.origin, SUM(sl.amount) AS amount FROM account_statement_line sl
                                   WHERE sl.statement = s.id GROUP BY sl.origin) x ON x.origin = o.id
                      WHERE o.statement = s.id AND o.amount <> COALESCE(x.amount, 0))
  RETURNING s.id
)
UPDATE account_invoice SET state = 'paid', write_uid = (SELECT uid FROM arg),
       write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
 WHERE id IN (SELECT invoice_id FROM it) AND state = 'posted' AND EXISTS (SELECT 1 FROM rec)

-- name: settle.check
-- The open amounts, after the booking, of the items its allocations (the
-- move lines with ids from :first_allocation_id to :last_allocation_id) pay:
-- every line to pay of an invoice they are payment lines of, and the lines
-- they name as origin.
WITH arg AS (
  SELECT CAST(:company_id AS INTEGER) AS company_id, CAST(:first_allocation_id AS INTEGER) AS lo,
         CAST(:last_allocation_id AS INTEGER) AS hi
), alloc AS (
  SELECT l.id, l.origin, pl.invoice
    FROM arg
    JOIN account_move_line l ON l.id BETWEEN arg.lo AND arg.hi
    JOIN account_move m ON m.id = l.move AND m.company = arg.company_id
    LEFT JOIN "account_invoice-account_move_line" pl ON pl.line = l.id
), items AS (
  SELECT y.id FROM alloc a
    JOIN account_invoice i ON i.id = a.invoice
    JOIN account_move_line y ON y.move = i.move AND y.account = i.account
  UNION
  SELECT CAST(SUBSTR(a.origin, 19) AS INTEGER) FROM alloc a WHERE a.origin LIKE 'account.move.line,%'
)
SELECT items.id, arx_tryton_item_open(items.id) FROM items

-- ---- dunning (erp/booking.hpp: fees; erp/reminders.hpp: levels) ------------
-- A fee and interest document is a posted move of the fee journal, numbered
-- by it: the receivable debit (the fee's open item, due on the pay-by date)
-- and a credit per fee or interest line to the revenue account, as Tryton's
-- dunning fees are booked.

-- name: ids.fee_invoice
WITH arg AS (SELECT CAST(:company_id AS INTEGER) AS company_id, CAST(:count AS INTEGER) AS n)
SELECT nextval('account_move_id_seq'),
       arx_tryton_move_number(arx_tryton_fee_journal(arg.company_id), arg.company_id, CURRENT_DATE)
  FROM arg, generate_series(1, arg.n)

-- name: ids.invoice_line
SELECT nextval('account_move_line_id_seq') FROM generate_series(1, :count)

-- name: ids.open_item
SELECT nextval('account_move_line_id_seq') FROM generate_series(1, :count)

-- name: fee.invoice
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS id, CAST(:company_id AS INTEGER) AS company_id, CAST(:number AS VARCHAR) AS number,
         CAST(:issue_date AS DATE) AS day, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), book AS (
  SELECT arg.*, arx_tryton_period(arg.company_id, arg.day) AS period_id FROM arg
)
INSERT INTO account_move (id, company, period, journal, date, number, post_number, post_date, state, description,
                          create_uid, create_date)
SELECT id, company_id, period_id, arx_tryton_fee_journal(company_id), day, number,
       arx_tryton_post_number(period_id, day), CURRENT_DATE, 'posted', 'arx dunning fee ' || number, uid,
       CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM book

-- name: fee.line
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS id, CAST(:invoice_id AS INTEGER) AS move_id,
         CAST(:description AS VARCHAR) AS description, CAST(:net_amount AS NUMERIC) AS amount,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
)
INSERT INTO account_move_line (id, move, account, debit, credit, description, state, create_uid, create_date)
SELECT arg.id, arg.move_id, arx_tryton_fee_account(m.company), GREATEST(-arg.amount, 0), GREATEST(arg.amount, 0),
       LEFT(arg.description, 200), 'valid', arg.uid, CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM arg JOIN account_move m ON m.id = arg.move_id

-- name: fee.open_item
WITH arg AS (
  SELECT CAST(:id AS INTEGER) AS id, CAST(:company_id AS INTEGER) AS company_id,
         CAST(:customer_id AS INTEGER) AS party_id, CAST(:invoice_id AS INTEGER) AS move_id,
         CAST(:due_date AS DATE) AS due, CAST(:original_amount AS NUMERIC) AS amount,
         arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
)
INSERT INTO account_move_line (id, move, account, party, debit, credit, maturity_date, description, state,
                               create_uid, create_date)
SELECT arg.id, arg.move_id, arx_tryton_receivable_account(arg.party_id, arg.company_id), arg.party_id,
       GREATEST(arg.amount, 0), GREATEST(-arg.amount, 0), arg.due, m.description, 'valid', arg.uid,
       CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM arg JOIN account_move m ON m.id = arg.move_id

-- name: dunning.record
-- The item's Tryton dunning at arx's level: the level of that rank in the
-- party's dunning procedure (else the default procedure), the last one where
-- arx goes further; 'waiting' as Tryton leaves a processed dunning. An item
-- Tryton already dunned moves to the level.
WITH arg AS (
  SELECT CAST(:company_id AS INTEGER) AS company_id, CAST(:open_item_id AS INTEGER) AS line_id,
         CAST(:level AS INTEGER) AS level, CAST(:date AS DATE) AS day, arx_tryton_user(CAST(:user AS VARCHAR)) AS uid
), proc AS (
  SELECT arg.*, COALESCE(
           (SELECT pp.dunning_procedure FROM party_party_dunning_procedure pp
             WHERE pp.party = l.party AND pp.dunning_procedure IS NOT NULL ORDER BY pp.id LIMIT 1),
           (SELECT c.default_dunning_procedure FROM account_configuration_default_dunning_procedure c
             WHERE c.default_dunning_procedure IS NOT NULL ORDER BY c.id LIMIT 1)) AS procedure_id
    FROM arg JOIN account_move_line l ON l.id = arg.line_id
), lvl AS (
  SELECT proc.*,
         (SELECT dl.id FROM account_dunning_level dl WHERE dl.procedure = proc.procedure_id
           ORDER BY dl.sequence NULLS LAST, dl.id
          OFFSET LEAST(proc.level, (SELECT COUNT(*) FROM account_dunning_level x
                                     WHERE x.procedure = proc.procedure_id)) - 1 LIMIT 1) AS level_id
    FROM proc WHERE proc.procedure_id IS NOT NULL
), moved AS (
  UPDATE account_dunning d SET level = lvl.level_id, state = 'waiting', write_uid = lvl.uid,
         write_date = CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
    FROM lvl WHERE d.line = lvl.line_id AND lvl.level_id IS NOT NULL
  RETURNING d.id
)
INSERT INTO account_dunning (company, line, procedure, level, blocked, state, create_uid, create_date)
SELECT lvl.company_id, lvl.line_id, lvl.procedure_id, lvl.level_id, FALSE, 'waiting', lvl.uid,
       CURRENT_TIMESTAMP AT TIME ZONE 'UTC'
  FROM lvl
 WHERE lvl.level_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM account_dunning d WHERE d.line = lvl.line_id)

-- name: dunning.pending_in_erp
-- Tryton's own dunnings of the company not yet processed (state draft: made
-- by Tryton's Create Dunnings, to be sent by its Process Dunnings).
SELECT COUNT(*), COALESCE('account.dunning ' || CAST(MIN(d.id) AS VARCHAR) || ' (move line ' ||
                          CAST(MIN(d.line) AS VARCHAR) || ')', '')
  FROM account_dunning d
 WHERE d.company = :company_id AND d.state = 'draft'
