-- Named statements of the reference ERP profile (docs/PROFILES.md).
-- Parameters are bound by name (:code); amounts are read through @money(...)
-- and summed with @money_sum(...), so they arrive as exact decimal text on
-- every database (docs/PROFILES.md).

-- name: company.by_code
-- One company by its code: id, code, name, currency, country.
SELECT id, code, name, currency, country FROM erp_company WHERE code = :code

-- name: company.list
SELECT id, code, name, currency, country FROM erp_company ORDER BY code

-- name: customer.count
SELECT COUNT(*) FROM erp_customer WHERE company_id = :company_id

-- name: open_items.by_company
-- The receivables ledger of one company: every item with an open amount.
SELECT id, customer_id, invoice_id, due_date, currency,
       @money(original_amount), @money(open_amount)
  FROM erp_open_item
 WHERE company_id = :company_id AND open_amount <> 0
 ORDER BY id

-- name: open_items.totals
-- Open receivables per currency of one company.
SELECT currency, COUNT(*), @money_sum(open_amount)
  FROM erp_open_item
 WHERE company_id = :company_id AND open_amount <> 0
 GROUP BY currency
 ORDER BY currency

-- name: erp.row_counts
-- What the ERP holds, for reports such as the demo's.
SELECT (SELECT COUNT(*) FROM erp_company),
       (SELECT COUNT(*) FROM erp_customer),
       (SELECT COUNT(*) FROM erp_customer_bank_account),
       (SELECT COUNT(*) FROM erp_invoice),
       (SELECT COUNT(*) FROM erp_invoice_line),
       (SELECT COUNT(*) FROM erp_open_item),
       (SELECT COUNT(*) FROM erp_payment),
       (SELECT COUNT(*) FROM erp_payment_allocation)

-- The demo generator fills the reference ERP with these (one statement per
-- table, executed with arrays of rows).

-- name: demo.insert_company
INSERT INTO erp_company (id, code, name, currency, country, vat_id, iban, bic, street, city, postcode, email, peppol_id,
                         phone, contact_name)
VALUES (:id, :code, :name, :currency, :country, :vat_id, :iban, :bic, :street, :city, :postcode, :email, :peppol_id,
        :phone, :contact_name)

-- name: demo.insert_customer
INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, postcode,
                          peppol_id, payment_terms_days)
VALUES (:id, :company_id, :number, :name, :country, :vat_id, :email, :language, :street, :city, :postcode,
        :peppol_id, :payment_terms_days)

-- name: demo.insert_customer_bank_account
INSERT INTO erp_customer_bank_account (id, customer_id, iban) VALUES (:id, :customer_id, :iban)

-- name: demo.insert_invoice
INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, net_amount,
                         tax_amount, gross_amount, state, buyer_reference, order_reference, payment_reference,
                         cash_discount_percent, cash_discount_date)
VALUES (:id, :company_id, :customer_id, :number, :kind, :issue_date, :due_date, :currency, :net_amount,
        :tax_amount, :gross_amount, :state, :buyer_reference, :order_reference, :payment_reference,
        :cash_discount_percent, :cash_discount_date)

-- name: demo.insert_invoice_line
INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, net_amount,
                              tax_category, tax_percent)
VALUES (:id, :invoice_id, :line_no, :description, :quantity, :unit_code, :unit_price, :net_amount,
        :tax_category, :tax_percent)

-- name: demo.insert_open_item
INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, original_amount, open_amount)
VALUES (:id, :company_id, :customer_id, :invoice_id, :due_date, :currency, :original_amount, :open_amount)

-- name: demo.insert_payment
INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount, payer_name, payer_iban,
                         bank_reference, remittance_text)
VALUES (:id, :company_id, :customer_id, :value_date, :currency, :amount, :payer_name, :payer_iban,
        :bank_reference, :remittance_text)

-- name: demo.insert_payment_allocation
INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind)
VALUES (:id, :payment_id, :open_item_id, :amount, :kind)

-- E-invoices (docs/EINVOICE.md). The reference ERP keeps the number of the
-- invoice a credit note corrects in order_reference; these statements map it
-- to the preceding-invoice reference (BT-25) and leave the order reference
-- (BT-13) to invoices. It invoices on shipment to the customer's address and
-- has no delivery columns: the delivery date (BT-72) is the issue date and
-- the goods go to the buyer's address (BG-15).

-- name: einvoice.invoice
-- One invoice, credit note or fee of a company by its number.
SELECT id, kind, number, issue_date, due_date, currency, @money(net_amount), @money(tax_amount),
       @money(gross_amount), state, buyer_reference,
       CASE WHEN kind = 'credit_note' THEN NULL ELSE order_reference END,
       CASE WHEN kind = 'credit_note' THEN order_reference ELSE NULL END,
       payment_reference, @money(cash_discount_percent), cash_discount_date, issue_date, customer_id
  FROM erp_invoice
 WHERE company_id = :company_id AND number = :number

-- name: einvoice.number_by_id
SELECT number FROM erp_invoice WHERE company_id = :company_id AND id = :invoice_id

-- name: einvoice.seller
SELECT name, vat_id, iban, bic, street, city, postcode, country, email, peppol_id, phone, contact_name
  FROM erp_company
 WHERE id = :company_id

-- name: einvoice.buyer
SELECT number, name, country, vat_id, email, language, street, city, postcode, peppol_id
  FROM erp_customer
 WHERE id = :customer_id

-- name: einvoice.lines
SELECT line_no, description, @decimal4(quantity), unit_code, @decimal4(unit_price), @money(net_amount),
       tax_category, @money(tax_percent)
  FROM erp_invoice_line
 WHERE invoice_id = :invoice_id
 ORDER BY line_no

-- ---- delivery (invoice posting, statements of account) ----------------------

-- name: delivery.customer_by_number
SELECT id FROM erp_customer WHERE company_id = :company_id AND number = :number

-- name: delivery.set_payment_reference
-- Stores the structured payment reference (ISO 11649 RF) arx gave a posted
-- invoice, so cash application can match it. arx calls it only when the ERP
-- holds no valid RF reference for the invoice.
UPDATE erp_invoice SET payment_reference = :reference WHERE id = :invoice_id

-- name: delivery.statement_items
-- A customer's open items for a statement of account: every item with an
-- open amount, oldest due first.
SELECT i.number, i.kind, i.issue_date, o.due_date, @money(o.original_amount), @money(o.open_amount), o.currency
  FROM erp_open_item o
  JOIN erp_invoice i ON i.id = o.invoice_id
 WHERE o.company_id = :company_id AND o.customer_id = :customer_id AND o.open_amount <> 0
 ORDER BY o.due_date, i.number

-- ---- cash application (docs/CASHAPP.md) -----------------------------------

-- name: cashapp.company_by_account
-- The company a bank account belongs to, by the IBAN on the statement.
SELECT id, code FROM erp_company WHERE REPLACE(UPPER(iban), ' ', '') = :account

-- name: cashapp.open_items
-- The open items of one company in one currency, with what matching needs of
-- their invoices: number, RF payment reference, kind, dates, cash discount.
SELECT oi.id, oi.customer_id, i.number, i.payment_reference, i.kind, i.issue_date, oi.due_date,
       @money(i.cash_discount_percent), i.cash_discount_date, @money(oi.open_amount)
  FROM erp_open_item oi
  LEFT JOIN erp_invoice i ON i.id = oi.invoice_id
 WHERE oi.company_id = :company_id AND oi.currency = :currency AND oi.open_amount <> 0

-- name: cashapp.customers
SELECT id, number, name FROM erp_customer WHERE company_id = :company_id

-- name: cashapp.payment_counts
-- How many payments each customer made before (the history feature).
SELECT customer_id, COUNT(*) FROM erp_payment
 WHERE company_id = :company_id AND customer_id IS NOT NULL
 GROUP BY customer_id

-- name: cashapp.customer_accounts
SELECT a.iban, a.customer_id
  FROM erp_customer_bank_account a JOIN erp_customer c ON c.id = a.customer_id
 WHERE c.company_id = :company_id

-- name: cashapp.max_ids
-- The reference ERP numbers payments and allocations itself; arx continues
-- after the highest ids, inside the transaction that holds the company lock.
SELECT (SELECT COALESCE(MAX(id), 0) FROM erp_payment), (SELECT COALESCE(MAX(id), 0) FROM erp_payment_allocation)

-- name: cashapp.insert_payment
INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount, payer_name, payer_iban,
                         bank_reference, remittance_text)
VALUES (:id, :company_id, :customer_id, :value_date, :currency, :amount, :payer_name, :payer_iban,
        :bank_reference, :remittance_text)

-- name: cashapp.insert_allocation
INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind)
VALUES (:id, :payment_id, :open_item_id, :amount, :kind)

-- name: cashapp.update_open_item
-- Only when the item still has the open amount arx read: a change by someone
-- else in the meantime makes the update miss, and arx redoes the statement.
UPDATE erp_open_item SET open_amount = CAST(:open_amount AS DECIMAL(18,2))
 WHERE id = :id AND open_amount = CAST(:expected AS DECIMAL(18,2))

-- name: cashapp.open_item
SELECT id, customer_id, @money(open_amount), currency FROM erp_open_item WHERE id = :id

-- name: cashapp.open_amounts_of_statement
-- After a statement's writes, in its transaction: the open amounts of the
-- items its lines were allocated to, which must be what arx wrote (an item
-- someone else changed in the meantime was not updated, and shows here).
SELECT DISTINCT o.id, @money(o.open_amount)
  FROM arx_cashapp_allocation a
  JOIN arx_bank_line l ON l.id = a.line_id
  JOIN erp_open_item o ON o.id = a.open_item_id
 WHERE l.statement_id = :statement_id AND a.shadow = 0 AND a.generation = 1
