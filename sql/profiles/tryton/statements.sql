-- Named statements of the Tryton 6.0 profile (docs/TRYTON.md, docs/PROFILES.md).
-- Tryton runs on PostgreSQL; postgresql/views.sql shows its ledger in the
-- shape of the reference ERP's tables, so arx reads Tryton with the reference
-- profile's statements on those views. The statements below replace the
-- reference ones where Tryton differs.
--
-- base: reference
-- table: erp_company = arx_tryton_company
-- table: erp_customer = arx_tryton_customer
-- table: erp_customer_bank_account = arx_tryton_customer_bank_account
-- table: erp_invoice = arx_tryton_invoice
-- table: erp_invoice_line = arx_tryton_invoice_line
-- table: erp_open_item = arx_tryton_open_item
-- table: erp_payment = arx_tryton_payment
-- table: erp_payment_allocation = arx_tryton_payment_allocation

-- name: erp.schema_table
-- Tryton's invoices show that this is a Tryton database.
SELECT 'account_invoice'

-- name: erp.row_counts
SELECT 'company_company', COUNT(*) FROM company_company
UNION ALL SELECT 'party_party', COUNT(*) FROM party_party
UNION ALL SELECT 'account_invoice', COUNT(*) FROM account_invoice
UNION ALL SELECT 'account_invoice_line', COUNT(*) FROM account_invoice_line
UNION ALL SELECT 'account_move', COUNT(*) FROM account_move
UNION ALL SELECT 'account_move_line', COUNT(*) FROM account_move_line
UNION ALL SELECT 'account_statement', COUNT(*) FROM account_statement
UNION ALL SELECT 'account_dunning', COUNT(*) FROM account_dunning

-- Open items outside invoices (dunning fees, opening balances) carry their
-- move's number, kind 'fee' and the move's date, so reminders and matching
-- name them.

-- name: cashapp.open_items
SELECT oi.id, oi.customer_id, oi.number, oi.payment_reference, oi.kind, oi.issue_date, oi.due_date,
       @money(oi.cash_discount_percent), oi.cash_discount_date, @money(oi.open_amount)
  FROM arx_tryton_open_item oi
 WHERE oi.company_id = :company_id AND oi.currency = :currency AND oi.open_amount <> 0

-- name: dunning.open_items
SELECT oi.id, oi.customer_id, oi.invoice_id, oi.number, oi.kind, oi.issue_date, oi.due_date, oi.currency,
       @money(oi.open_amount)
  FROM arx_tryton_open_item oi
 WHERE oi.company_id = :company_id AND oi.open_amount <> 0
   AND oi.customer_id BETWEEN :first_customer AND :last_customer
 ORDER BY oi.customer_id, oi.id

-- name: delivery.statement_items
SELECT o.number, o.kind, o.issue_date, o.due_date, @money(o.original_amount), @money(o.open_amount), o.currency
  FROM arx_tryton_open_item o
 WHERE o.company_id = :company_id AND o.customer_id = :customer_id AND o.open_amount <> 0
 ORDER BY o.due_date, o.number

-- name: delivery.set_payment_reference
-- Tryton 6.0's invoices have no field for a structured payment reference:
-- arx keeps the one it gives an invoice in arx_invoice_reference, and the
-- invoice view reads it back.
INSERT INTO arx_invoice_reference (company_id, invoice_id, reference, created_at)
VALUES (:company_id, :invoice_id, :reference, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) AS BIGINT))
ON CONFLICT (company_id, invoice_id) DO UPDATE SET reference = EXCLUDED.reference

-- name: einvoice.invoice
-- As the reference's, but found by Tryton's indexed invoice number (or the
-- id in draft-<id>) before the view computes anything: dunning reads an
-- invoice per reminded item.
WITH arg AS (SELECT CAST(:company_id AS INTEGER) AS company_id, CAST(:number AS VARCHAR) AS number),
found AS (
  SELECT i.id FROM arg JOIN account_invoice i ON i.number = arg.number AND i.company = arg.company_id
  UNION ALL
  SELECT CAST(SUBSTR(arg.number, 7) AS INTEGER) FROM arg WHERE arg.number ~ '^draft-[0-9]{1,9}$'
)
SELECT v.id, v.kind, v.number, v.issue_date, v.due_date, v.currency, @money(v.net_amount), @money(v.tax_amount),
       @money(v.gross_amount), v.state, v.buyer_reference,
       CASE WHEN v.kind = 'credit_note' THEN NULL ELSE v.order_reference END,
       CASE WHEN v.kind = 'credit_note' THEN v.order_reference ELSE NULL END,
       v.payment_reference, @money(v.cash_discount_percent), v.cash_discount_date, v.issue_date, v.customer_id
  FROM arx_tryton_invoice v
 WHERE v.id = (SELECT id FROM found LIMIT 1) AND v.company_id = (SELECT company_id FROM arg)
