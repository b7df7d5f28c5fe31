-- Tryton 6.0 as arx reads an ERP (docs/TRYTON.md): views over Tryton's own
-- tables in the shape of the reference ERP's tables (company, customer, bank
-- account, invoice, invoice line, open item, payment, allocation), so that
-- the Tryton profile reads them with the reference profile's statements.
-- Every `arx install --profile tryton` creates or replaces them; they hold no
-- data of their own, and `arx install --uninstall` drops them. Tryton's
-- tables are never altered; arx adds one index (at the end), which Tryton
-- 6.0 lacks and arx's lookups need.
--
-- Amounts are in the company's currency (Tryton's second currencies are not
-- read). An open item is a receivable move line of a party:
--   - an invoice's line to pay (a receivable line of the invoice's move); the
--     invoice's unreconciled payment lines (account_invoice-account_move_line)
--     settle its lines to pay in maturity order, as Tryton's amount to pay
--     counts them;
--   - a receivable debit outside invoices (a dunning fee, an opening balance),
--     open until reconciled; unreconciled lines whose origin is that line
--     (account.move.line,<id>: how arx books a part payment of it) settle it.
-- A payment is a move of a statement journal with receivable lines of a party
-- (Tryton makes one per statement line group: number, date, party). Its
-- receivable credit lines pay items: as an invoice's payment lines, or
-- reconciled with an item; the rest stays on the party's account.

-- Receivable lines of parties with their move and, for an invoice's lines to
-- pay, the invoice.
CREATE OR REPLACE VIEW arx_tryton_receivable AS
SELECT l.id, m.company AS company_id, l.party AS customer_id, l.move AS move_id, m.date, m.number AS move_number,
       m.journal AS journal_id, j.type AS journal_type, l.maturity_date, l.debit, l.credit,
       l.debit - l.credit AS amount, l.reconciliation, l.description, inv.id AS invoice_id,
       EXISTS (SELECT 1 FROM "account_invoice-account_move_line" pl WHERE pl.line = l.id) AS pays_invoice
  FROM account_move_line l
  JOIN account_move m ON m.id = l.move
  JOIN account_journal j ON j.id = m.journal
  JOIN account_account a ON a.id = l.account
  JOIN account_account_type t ON t.id = a.type
  LEFT JOIN account_invoice inv ON inv.move = l.move AND inv.account = l.account
 WHERE t.receivable AND l.party IS NOT NULL;

-- Tryton 6.0 keeps no Peppol participant ids: a party's Peppol id is its EU
-- VAT number under the Peppol scheme (EAS) of that country's VAT numbers,
-- where there is one; NULL otherwise.
CREATE OR REPLACE FUNCTION arx_tryton_peppol_id(vat VARCHAR) RETURNS VARCHAR
  LANGUAGE SQL IMMUTABLE AS $$
  SELECT CASE UPPER(SUBSTR(vat, 1, 2))
           WHEN 'AT' THEN '9914' WHEN 'BE' THEN '9925' WHEN 'DE' THEN '9930' WHEN 'EL' THEN '9933'
           WHEN 'ES' THEN '9920' WHEN 'FR' THEN '9957' WHEN 'LU' THEN '9938' WHEN 'NL' THEN '9944'
           WHEN 'RO' THEN '9947' WHEN 'SK' THEN '9950' END || ':' || UPPER(vat)
$$;

-- The company as seller; its contact point (BT-41) is the name on its e-mail
-- address, else the company's name.
CREATE OR REPLACE VIEW arx_tryton_company AS
SELECT c.id, p.code, p.name, cur.code AS currency, co.code AS country, v.code AS vat_id,
       b.iban, b.bic, a.street, a.city, a.postal_code AS postcode,
       e.value AS email, arx_tryton_peppol_id(v.code) AS peppol_id,
       (SELECT m.value FROM party_contact_mechanism m
         WHERE m.party = p.id AND m.type IN ('phone', 'mobile') AND m.active
         ORDER BY m.sequence NULLS LAST, m.id LIMIT 1) AS phone,
       COALESCE(e.name, p.name) AS contact_name
  FROM company_company c
  JOIN party_party p ON p.id = c.party
  JOIN currency_currency cur ON cur.id = c.currency
  LEFT JOIN LATERAL (SELECT a.street, a.city, a.postal_code, a.country FROM party_address a
                      WHERE a.party = p.id AND a.active ORDER BY a.sequence NULLS LAST, a.id LIMIT 1) a ON TRUE
  LEFT JOIN country_country co ON co.id = a.country
  LEFT JOIN LATERAL (SELECT i.code FROM party_identifier i
                      WHERE i.party = p.id AND i.type = 'eu_vat' ORDER BY i.sequence NULLS LAST, i.id LIMIT 1) v ON TRUE
  LEFT JOIN LATERAL (SELECT m.value, m.name FROM party_contact_mechanism m
                      WHERE m.party = p.id AND m.type = 'email' AND m.active
                      ORDER BY m.sequence NULLS LAST, m.id LIMIT 1) e ON TRUE
  LEFT JOIN LATERAL (SELECT n.number_compact AS iban, k.bic FROM bank_account_number n
                       JOIN bank_account ba ON ba.id = n.account
                       JOIN "bank_account-party_party" o ON o.account = ba.id
                       LEFT JOIN bank k ON k.id = ba.bank
                      WHERE o.owner = p.id AND n.type = 'iban' AND ba.active
                      ORDER BY n.sequence NULLS LAST, n.id LIMIT 1) b ON TRUE;

-- A company's customers: the parties with a code that have customer invoices
-- or receivable lines in it.
CREATE OR REPLACE VIEW arx_tryton_customer AS
SELECT p.id, c.id AS company_id, p.code AS number, p.name, co.code AS country, v.code AS vat_id,
       (SELECT m.value FROM party_contact_mechanism m
         WHERE m.party = p.id AND m.type = 'email' AND m.active ORDER BY m.sequence NULLS LAST, m.id LIMIT 1) AS email,
       (SELECT LOWER(SUBSTR(l.code, 1, 2)) FROM party_party_lang pl JOIN ir_lang l ON l.id = pl.lang
         WHERE pl.party = p.id AND (pl.company = c.id OR pl.company IS NULL)
         ORDER BY pl.company NULLS LAST, pl.id LIMIT 1) AS language,
       a.street, a.city, a.postal_code AS postcode,
       arx_tryton_peppol_id(v.code) AS peppol_id, CAST(NULL AS INTEGER) AS payment_terms_days
  FROM company_company c
  JOIN party_party p ON p.code IS NOT NULL AND p.active AND p.id <> c.party
  LEFT JOIN LATERAL (SELECT a.street, a.city, a.postal_code, a.country FROM party_address a
                      WHERE a.party = p.id AND a.active ORDER BY a.sequence NULLS LAST, a.id LIMIT 1) a ON TRUE
  LEFT JOIN country_country co ON co.id = a.country
  LEFT JOIN LATERAL (SELECT i.code FROM party_identifier i
                      WHERE i.party = p.id AND i.type = 'eu_vat' ORDER BY i.sequence NULLS LAST, i.id LIMIT 1) v ON TRUE
 WHERE EXISTS (SELECT 1 FROM account_invoice i WHERE i.party = p.id AND i.company = c.id AND i.type = 'out')
    OR EXISTS (SELECT 1 FROM arx_tryton_receivable r WHERE r.customer_id = p.id AND r.company_id = c.id);

CREATE OR REPLACE VIEW arx_tryton_customer_bank_account AS
SELECT n.id, o.owner AS customer_id, n.number_compact AS iban
  FROM bank_account_number n
  JOIN bank_account b ON b.id = n.account
  JOIN "bank_account-party_party" o ON o.account = b.id
 WHERE n.type = 'iban' AND b.active;

-- Customer invoices; in arx's terms a paid one is posted and a validated one
-- a draft. One without a number yet (a draft) is named draft-<id>, so that
-- arx can check it before Tryton posts it. A negative total is a credit note. Net is the sum
-- of the lines, tax the sum of the invoice's taxes, as Tryton computes them;
-- the due date is the earliest maturity of the lines to pay. Tryton's
-- reference (the customer's order or routing reference) is the buyer
-- reference (BT-10); a credit note made by Tryton's credit wizard names the
-- invoice it corrects through its lines' origin, which the reference ERP
-- keeps in order_reference (the preceding invoice, BT-25). The payment
-- reference is the one arx gave the invoice (arx_invoice_reference).
CREATE OR REPLACE VIEW arx_tryton_invoice AS
SELECT i.id, i.company AS company_id, i.party AS customer_id, COALESCE(i.number, 'draft-' || i.id) AS number,
       CASE WHEN t.net + t.tax < 0 THEN 'credit_note' ELSE 'invoice' END AS kind,
       i.invoice_date AS issue_date,
       (SELECT MIN(l.maturity_date) FROM account_move_line l
         WHERE l.move = i.move AND l.account = i.account) AS due_date,
       cur.code AS currency, t.net AS net_amount, t.tax AS tax_amount, t.net + t.tax AS gross_amount,
       CASE i.state WHEN 'paid' THEN 'posted' WHEN 'validated' THEN 'draft' ELSE i.state END AS state,
       i.reference AS buyer_reference,
       CASE WHEN t.net + t.tax < 0 THEN
         (SELECT oi.number FROM account_invoice_line cl
            JOIN account_invoice_line ol ON cl.origin = 'account.invoice.line,' || ol.id
            JOIN account_invoice oi ON oi.id = ol.invoice
           WHERE cl.invoice = i.id ORDER BY cl.sequence NULLS LAST, cl.id LIMIT 1)
       END AS order_reference,
       (SELECT r.reference FROM arx_invoice_reference r WHERE r.company_id = i.company AND r.invoice_id = i.id)
         AS payment_reference,
       CAST(NULL AS NUMERIC) AS cash_discount_percent, CAST(NULL AS DATE) AS cash_discount_date
  FROM account_invoice i
  JOIN currency_currency cur ON cur.id = i.currency
  CROSS JOIN LATERAL (
       SELECT (SELECT COALESCE(SUM(ROUND(CAST(il.quantity AS NUMERIC) * il.unit_price, cur.digits)), 0)
                 FROM account_invoice_line il WHERE il.invoice = i.id AND il.type = 'line') AS net,
              (SELECT COALESCE(SUM(it.amount), 0) FROM account_invoice_tax it WHERE it.invoice = i.id) AS tax) t
 WHERE i.type = 'out';

-- Invoice lines with their unit as a UN/ECE code (Tryton's unit symbols) and
-- their VAT: category S with the rate of a percentage tax, Z at 0 %, E
-- without a tax.
CREATE OR REPLACE VIEW arx_tryton_invoice_line AS
SELECT il.id, il.invoice AS invoice_id,
       CAST(ROW_NUMBER() OVER (PARTITION BY il.invoice ORDER BY il.sequence NULLS LAST, il.id) AS INTEGER) AS line_no,
       il.description, ROUND(CAST(il.quantity AS NUMERIC), 4) AS quantity,
       CASE u.symbol WHEN 'u' THEN 'C62' WHEN 'kg' THEN 'KGM' WHEN 'g' THEN 'GRM' WHEN 'h' THEN 'HUR'
                     WHEN 'min' THEN 'MIN' WHEN 'm' THEN 'MTR' WHEN 'km' THEN 'KMT' WHEN 'l' THEN 'LTR'
                     WHEN 'm²' THEN 'MTK' WHEN 'm³' THEN 'MTQ' WHEN 'd' THEN 'DAY' ELSE 'C62' END AS unit_code,
       il.unit_price, ROUND(CAST(il.quantity AS NUMERIC) * il.unit_price, cur.digits) AS net_amount,
       CASE WHEN tx.rate IS NULL THEN 'E' WHEN tx.rate = 0 THEN 'Z' ELSE 'S' END AS tax_category,
       ROUND(tx.rate * 100, 2) AS tax_percent
  FROM account_invoice_line il
  JOIN account_invoice i ON i.id = il.invoice
  JOIN currency_currency cur ON cur.id = i.currency
  LEFT JOIN product_uom u ON u.id = il.unit
  LEFT JOIN LATERAL (SELECT t.rate FROM "account_invoice_line_account_tax" lt
                       JOIN account_tax t ON t.id = lt.tax
                      WHERE lt.line = il.id AND t.type = 'percentage'
                      ORDER BY t.id LIMIT 1) tx ON TRUE
 WHERE il.type = 'line';

-- Open items; besides the reference shape: the document's number, kind and
-- date (a fee or other move: its move number, kind 'fee', the move's date),
-- and what matching reads of an invoice (so that no statement joins the
-- invoice view a second time).
CREATE OR REPLACE VIEW arx_tryton_open_item AS
WITH due AS (
  SELECT r.*, SIGN(r.amount) AS sign,
         SUM(ABS(r.amount)) OVER (PARTITION BY r.invoice_id, r.reconciliation IS NULL
                                  ORDER BY r.maturity_date NULLS LAST, r.id) AS running
    FROM arx_tryton_receivable r
   WHERE NOT r.pays_invoice AND (r.invoice_id IS NOT NULL OR r.debit > 0)
), paid AS (
  SELECT pl.invoice AS invoice_id, SUM(r.credit - r.debit) AS amount
    FROM "account_invoice-account_move_line" pl
    JOIN account_move_line r ON r.id = pl.line
   WHERE r.reconciliation IS NULL
   GROUP BY pl.invoice
), paid_line AS (
  SELECT CAST(SUBSTR(l.origin, 19) AS INTEGER) AS item_id, SUM(l.credit - l.debit) AS amount
    FROM account_move_line l
   WHERE l.origin LIKE 'account.move.line,%' AND l.reconciliation IS NULL
   GROUP BY 1
)
SELECT d.id, d.company_id, d.customer_id, d.invoice_id,
       COALESCE(d.maturity_date, d.date) AS due_date, cur.code AS currency,
       d.amount AS original_amount,
       CASE WHEN d.reconciliation IS NOT NULL THEN 0
            WHEN d.invoice_id IS NULL THEN d.amount - COALESCE(pli.amount, 0)
            ELSE d.sign * (ABS(d.amount) - LEAST(ABS(d.amount),
                           GREATEST(0, d.sign * COALESCE(p.amount, 0) - (d.running - ABS(d.amount)))))
       END AS open_amount,
       COALESCE(i.number, d.move_number) AS number,
       CASE WHEN d.invoice_id IS NULL THEN 'fee' ELSE i.kind END AS kind,
       COALESCE(i.issue_date, d.date) AS issue_date,
       i.payment_reference, i.cash_discount_percent, i.cash_discount_date
  FROM due d
  JOIN company_company c ON c.id = d.company_id
  JOIN currency_currency cur ON cur.id = c.currency
  LEFT JOIN arx_tryton_invoice i ON i.id = d.invoice_id
  LEFT JOIN paid p ON p.invoice_id = d.invoice_id
  LEFT JOIN paid_line pli ON pli.item_id = d.id AND d.invoice_id IS NULL;

-- Payments: the receivable lines a statement journal's move holds for one
-- party, together.
CREATE OR REPLACE VIEW arx_tryton_payment AS
SELECT r.move_id AS id, r.company_id, MIN(r.customer_id) AS customer_id, MIN(r.date) AS value_date,
       MIN(cur.code) AS currency, SUM(r.credit - r.debit) AS amount,
       CAST(NULL AS VARCHAR) AS payer_name, CAST(NULL AS VARCHAR) AS payer_iban,
       MIN(r.move_number) AS bank_reference, MIN(r.description) AS remittance_text
  FROM arx_tryton_receivable r
  JOIN company_company c ON c.id = r.company_id
  JOIN currency_currency cur ON cur.id = c.currency
 WHERE r.journal_type = 'statement' AND r.invoice_id IS NULL
 GROUP BY r.move_id, r.company_id;

-- Allocations: a receivable credit that pays an item: one of an invoice's
-- payment lines (to the invoice's first line to pay), a line whose origin is
-- the item's line, or one reconciled with the item (to the oldest item of the
-- reconciliation). Kind: payment from a statement journal, else write_off
-- (a write-off method's move); payment_id is the statement move, NULL for a
-- write-off. A cash discount booked in the statement move counts as paid.
CREATE OR REPLACE VIEW arx_tryton_payment_allocation AS
SELECT r.id, CASE WHEN r.journal_type = 'statement' THEN r.move_id END AS payment_id,
       (SELECT MIN(t.id) FROM arx_tryton_receivable t
         WHERE t.invoice_id = pl.invoice AND NOT t.pays_invoice) AS open_item_id,
       r.credit - r.debit AS amount,
       CASE WHEN r.journal_type = 'statement' THEN 'payment' ELSE 'write_off' END AS kind
  FROM "account_invoice-account_move_line" pl
  JOIN arx_tryton_receivable r ON r.id = pl.line
UNION ALL
SELECT a.* FROM (
  SELECT r.id, CASE WHEN r.journal_type = 'statement' THEN r.move_id END AS payment_id,
         CASE WHEN l.origin LIKE 'account.move.line,%' THEN CAST(SUBSTR(l.origin, 19) AS INTEGER)
              ELSE (SELECT MIN(t.id) FROM arx_tryton_receivable t
                     WHERE t.reconciliation = r.reconciliation AND t.debit > 0 AND NOT t.pays_invoice) END
           AS open_item_id,
         r.credit - r.debit AS amount,
         CASE WHEN r.journal_type = 'statement' THEN 'payment' ELSE 'write_off' END AS kind
    FROM arx_tryton_receivable r
    JOIN account_move_line l ON l.id = r.id
   WHERE r.credit > 0 AND r.invoice_id IS NULL AND NOT r.pays_invoice
     AND (l.origin LIKE 'account.move.line,%' OR r.reconciliation IS NOT NULL)) a
 WHERE a.open_item_id IS NOT NULL;

-- ---- what arx's bookings in Tryton use (postgresql/statements.sql) ---------

-- The Tryton user arx books for: the user whose login the host passed, else
-- Tryton's root (0), as Tryton's own scheduled tasks do.
CREATE OR REPLACE FUNCTION arx_tryton_user(login VARCHAR) RETURNS INTEGER
  LANGUAGE SQL STABLE AS $$
  SELECT COALESCE((SELECT u.id FROM res_user u WHERE u.login = $1 AND u.active), 0)
$$;

-- A Tryton sequence's prefix or suffix for a date: ${year}, ${month} and
-- ${day} (or $year, $month, $day) replaced, as ir.sequence does.
CREATE OR REPLACE FUNCTION arx_tryton_affix(affix VARCHAR, on_date DATE) RETURNS VARCHAR
  LANGUAGE SQL IMMUTABLE AS $$
  SELECT REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE($1, ''),
           '${year}', TO_CHAR($2, 'YYYY')), '${month}', TO_CHAR($2, 'MM')), '${day}', TO_CHAR($2, 'DD')),
           '$year', TO_CHAR($2, 'YYYY')), '$month', TO_CHAR($2, 'MM')), '$day', TO_CHAR($2, 'DD'))
$$;

-- The next number of a Tryton sequence (ir.sequence, incremental), as Tryton
-- draws it: from the sequence's PostgreSQL sequence where Tryton made one,
-- else from number_next_internal under a row lock; padded, with prefix and
-- suffix.
CREATE OR REPLACE FUNCTION arx_tryton_next_number(sequence_id INTEGER, on_date DATE) RETURNS VARCHAR
  LANGUAGE plpgsql AS $$
DECLARE
  s RECORD;
  n BIGINT;
BEGIN
  SELECT q.name, q.type, q.prefix, q.suffix, q.padding, q.number_next_internal AS next_internal
    INTO s FROM ir_sequence q WHERE q.id = sequence_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'arx - Tryton sequence % does not exist', sequence_id;
  END IF;
  IF s.type <> 'incremental' THEN
    RAISE EXCEPTION 'arx - Tryton sequence "%" is of type %, arx numbers from incremental sequences only',
      s.name, s.type;
  END IF;
  IF to_regclass(quote_ident('ir_sequence_' || sequence_id)) IS NOT NULL THEN
    SELECT nextval(quote_ident('ir_sequence_' || sequence_id)) INTO n;
  ELSE
    n = s.next_internal;
    UPDATE ir_sequence SET number_next_internal = number_next_internal + number_increment WHERE id = sequence_id;
  END IF;
  RETURN arx_tryton_affix(s.prefix, on_date)
      || CASE WHEN LENGTH(CAST(n AS TEXT)) >= COALESCE(s.padding, 0) THEN CAST(n AS TEXT) ELSE LPAD(CAST(n AS TEXT), s.padding, '0') END
      || arx_tryton_affix(s.suffix, on_date);
END
$$;

-- The open period of a company on a date; an error names the date when
-- there is none (Tryton books nothing outside an open period).
CREATE OR REPLACE FUNCTION arx_tryton_period(company_id INTEGER, on_date DATE) RETURNS INTEGER
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  p INTEGER;
BEGIN
  SELECT pe.id INTO p FROM account_period pe JOIN account_fiscalyear f ON f.id = pe.fiscalyear
   WHERE f.company = company_id AND pe.type = 'standard' AND pe.state = 'open'
     AND pe.start_date <= on_date AND pe.end_date >= on_date
   ORDER BY pe.start_date DESC LIMIT 1;
  IF p IS NULL THEN
    RAISE EXCEPTION 'arx - company % has no open Tryton period on %', company_id, on_date;
  END IF;
  RETURN p;
END
$$;

-- A move's number: the next of its journal's sequence for the company.
CREATE OR REPLACE FUNCTION arx_tryton_move_number(journal_id INTEGER, company_id INTEGER, on_date DATE)
  RETURNS VARCHAR LANGUAGE plpgsql AS $$
DECLARE
  seq INTEGER;
BEGIN
  SELECT js.sequence INTO seq FROM account_journal_sequence js
   WHERE js.journal = journal_id AND (js.company = company_id OR js.company IS NULL)
   ORDER BY js.company NULLS LAST LIMIT 1;
  IF seq IS NULL THEN
    RAISE EXCEPTION 'arx - Tryton journal % has no sequence for company %', journal_id, company_id;
  END IF;
  RETURN arx_tryton_next_number(seq, on_date);
END
$$;

-- A posted move's post number: its period's post move sequence, else its
-- fiscal year's.
CREATE OR REPLACE FUNCTION arx_tryton_post_number(period_id INTEGER, on_date DATE) RETURNS VARCHAR
  LANGUAGE SQL AS $$
  SELECT arx_tryton_next_number(COALESCE(pe.post_move_sequence, f.post_move_sequence), $2)
    FROM account_period pe JOIN account_fiscalyear f ON f.id = pe.fiscalyear
   WHERE pe.id = $1
$$;

-- The statement journal of a company's bank account (IBAN or number, as on
-- the bank file) in a currency; an error names both when Tryton has none.
CREATE OR REPLACE FUNCTION arx_tryton_statement_journal(company_id INTEGER, bank_account_no VARCHAR, currency_code VARCHAR)
  RETURNS INTEGER LANGUAGE plpgsql STABLE AS $$
DECLARE
  j INTEGER;
BEGIN
  SELECT sj.id INTO j FROM account_statement_journal sj
    JOIN bank_account_number n ON n.account = sj.bank_account
    JOIN currency_currency cur ON cur.id = sj.currency
   WHERE sj.company = company_id AND cur.code = currency_code
     AND (n.number_compact = REPLACE(UPPER(bank_account_no), ' ', '') OR n.number = bank_account_no)
   ORDER BY sj.id LIMIT 1;
  IF j IS NULL THEN
    RAISE EXCEPTION 'arx - Tryton has no statement journal for bank account % in %', bank_account_no, currency_code;
  END IF;
  RETURN j;
END
$$;

-- A party's receivable account in a company: its own, else the company's
-- default (account configuration).
CREATE OR REPLACE FUNCTION arx_tryton_receivable_account(party_id INTEGER, company_id INTEGER) RETURNS INTEGER
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  a INTEGER;
BEGIN
  SELECT pa.account_receivable INTO a FROM party_party_account pa
   WHERE pa.party = party_id AND pa.company = company_id AND pa.account_receivable IS NOT NULL LIMIT 1;
  IF a IS NULL THEN
    SELECT d.default_account_receivable INTO a FROM account_configuration_default_account d
     WHERE d.company = company_id AND d.default_account_receivable IS NOT NULL LIMIT 1;
  END IF;
  IF a IS NULL THEN
    RAISE EXCEPTION 'arx - party % has no receivable account in company %', party_id, company_id;
  END IF;
  RETURN a;
END
$$;

-- The write-off method a cash discount, deduction or write-off is booked
-- with (Tryton: Accounting > Configuration > Write-off methods): the
-- company's active method whose name holds the kind, else its first one.
CREATE OR REPLACE FUNCTION arx_tryton_write_off_method(company_id INTEGER, kind VARCHAR) RETURNS INTEGER
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  w INTEGER;
BEGIN
  SELECT m.id INTO w FROM account_move_reconcile_write_off m
   WHERE m.company = company_id AND m.active
   ORDER BY (POSITION(LOWER(REPLACE(kind, '_', '-')) IN LOWER(m.name)) > 0) DESC, m.id LIMIT 1;
  IF w IS NULL THEN
    RAISE EXCEPTION 'arx - company % has no Tryton write-off method to book a % with', company_id, kind;
  END IF;
  RETURN w;
END
$$;

-- The journal dunning fees are booked in: the journal of Tryton's first
-- active dunning fee definition, else the company's first revenue journal.
CREATE OR REPLACE FUNCTION arx_tryton_fee_journal(company_id INTEGER) RETURNS INTEGER
  LANGUAGE SQL STABLE AS $$
  SELECT COALESCE(
    (SELECT f.journal FROM account_dunning_fee f WHERE f.active ORDER BY f.id LIMIT 1),
    (SELECT j.id FROM account_journal j WHERE j.type = 'revenue' AND j.active ORDER BY j.id LIMIT 1))
$$;

-- The account dunning fees and interest are credited to: the company's
-- default revenue account (account configuration).
CREATE OR REPLACE FUNCTION arx_tryton_fee_account(company_id INTEGER) RETURNS INTEGER
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  a INTEGER;
BEGIN
  SELECT d.default_category_account_revenue INTO a FROM account_configuration_default_account d
   WHERE d.company = company_id AND d.default_category_account_revenue IS NOT NULL LIMIT 1;
  IF a IS NULL THEN
    RAISE EXCEPTION 'arx - company % has no default revenue account to book dunning fees to', company_id;
  END IF;
  RETURN a;
END
$$;

-- What is open of one item, by the rule of arx_tryton_open_item, from the
-- item's own rows (Tryton's indexes) rather than the whole ledger: for the
-- checks around a booking.
CREATE OR REPLACE FUNCTION arx_tryton_item_open(line_id INTEGER) RETURNS NUMERIC
  LANGUAGE plpgsql STABLE AS $$
DECLARE
  l RECORD;
  invoice_id INTEGER;
  paid NUMERIC;
  before NUMERIC;
  amount NUMERIC;
  sign NUMERIC;
BEGIN
  SELECT ml.debit - ml.credit AS amount, ml.reconciliation, ml.maturity_date, ml.move, ml.account
    INTO l FROM account_move_line ml WHERE ml.id = line_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF l.reconciliation IS NOT NULL THEN
    RETURN 0;
  END IF;
  SELECT i.id INTO invoice_id FROM account_invoice i WHERE i.move = l.move AND i.account = l.account;
  IF invoice_id IS NULL THEN
    SELECT COALESCE(SUM(x.credit - x.debit), 0) INTO paid FROM account_move_line x
     WHERE x.origin = 'account.move.line,' || line_id AND x.reconciliation IS NULL;
    RETURN l.amount - paid;
  END IF;
  SELECT COALESCE(SUM(x.credit - x.debit), 0) INTO paid
    FROM "account_invoice-account_move_line" pl JOIN account_move_line x ON x.id = pl.line
   WHERE pl.invoice = invoice_id AND x.reconciliation IS NULL;
  SELECT COALESCE(SUM(ABS(y.debit - y.credit)), 0) INTO before FROM account_move_line y
   WHERE y.move = l.move AND y.account = l.account AND y.reconciliation IS NULL AND y.id <> line_id
     AND NOT EXISTS (SELECT 1 FROM "account_invoice-account_move_line" pl WHERE pl.line = y.id)
     AND (COALESCE(y.maturity_date, DATE '9999-12-31') < COALESCE(l.maturity_date, DATE '9999-12-31')
          OR (COALESCE(y.maturity_date, DATE '9999-12-31') = COALESCE(l.maturity_date, DATE '9999-12-31')
              AND y.id < line_id));
  sign = SIGN(l.amount);
  amount = ABS(l.amount);
  RETURN sign * (amount - LEAST(amount, GREATEST(0, sign * paid - before)));
END
$$;

-- A company's statement journal in a currency, for cash that arrived on no
-- bank line arx imported; an error names both when Tryton has none.
CREATE OR REPLACE FUNCTION arx_tryton_company_statement_journal(company_id INTEGER, currency_code VARCHAR)
  RETURNS INTEGER LANGUAGE plpgsql STABLE AS $$
DECLARE
  j INTEGER;
BEGIN
  SELECT sj.id INTO j FROM account_statement_journal sj JOIN currency_currency cur ON cur.id = sj.currency
   WHERE sj.company = company_id AND cur.code = currency_code ORDER BY sj.id LIMIT 1;
  IF j IS NULL THEN
    RAISE EXCEPTION 'arx - company % has no Tryton statement journal in %', company_id, currency_code;
  END IF;
  RETURN j;
END
$$;

-- A reminded item's Tryton dunning is found by its line (dunning.record):
-- without an index each lookup reads every dunning.
CREATE INDEX IF NOT EXISTS arx_tryton_dunning_line ON account_dunning (line);
