-- Named statements of the reference ERP profile (docs/PROFILES.md).
-- Parameters are bound by name (:code); amounts are read through @money(...)
-- and summed with @money_sum(...), so they arrive as exact decimal text on
-- every database (docs/PROFILES.md).

-- name: company.by_code
-- One company by its code: id, code, name, currency, country.
SELECT id, code, name, currency, country FROM erp_company WHERE code = :code

-- name: company.list
SELECT id, code, name, currency, country FROM erp_company ORDER BY code

-- name: open_item.by_id
-- One open item: id, customer id, open amount, currency.
SELECT id, customer_id, @money(open_amount), currency FROM erp_open_item WHERE id = :id

-- name: customer.count
SELECT COUNT(*) FROM erp_customer WHERE company_id = :company_id

-- name: customers.by_company
-- The customers of one company: id, number, name, language (may be NULL).
SELECT id, number, name, language FROM erp_customer WHERE company_id = :company_id

-- name: customer_accounts.by_company
-- The bank accounts of a company's customers: IBAN, customer id.
SELECT a.iban, a.customer_id
  FROM erp_customer_bank_account a JOIN erp_customer c ON c.id = a.customer_id
 WHERE c.company_id = :company_id

-- name: payments.count_by_customer
-- How many payments each customer of a company made (cash application's
-- history feature): customer id, count.
SELECT customer_id, COUNT(*) FROM erp_payment
 WHERE company_id = :company_id AND customer_id IS NOT NULL
 GROUP BY customer_id

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

-- name: erp.schema_table
-- A table whose presence shows that the ERP's tables are there (the demo
-- checks it before it writes).
SELECT 'erp_company'

-- name: erp.row_counts
-- What the ERP holds, for reports such as the demo's: per table its name and
-- number of rows, the companies first.
SELECT 'erp_company', COUNT(*) FROM erp_company
UNION ALL SELECT 'erp_customer', COUNT(*) FROM erp_customer
UNION ALL SELECT 'erp_customer_bank_account', COUNT(*) FROM erp_customer_bank_account
UNION ALL SELECT 'erp_invoice', COUNT(*) FROM erp_invoice
UNION ALL SELECT 'erp_invoice_line', COUNT(*) FROM erp_invoice_line
UNION ALL SELECT 'erp_open_item', COUNT(*) FROM erp_open_item
UNION ALL SELECT 'erp_payment', COUNT(*) FROM erp_payment
UNION ALL SELECT 'erp_payment_allocation', COUNT(*) FROM erp_payment_allocation

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

-- ---- the ERP port's writes (plugin/erp/booking.hpp, docs/PROFILES.md) --------
-- Ids come from ids.<kind> (the dialect folders: sequences on PostgreSQL, a
-- counter table on SQLite, both from 10^12). Amounts are bound as decimal
-- text, dates as ISO dates.

-- name: apply.payment
-- A payment arx applied or recorded as unapplied cash. The reference ERP
-- keeps what stays on account implicitly (the amount less the allocations of
-- kind payment), so :on_account is not stored.
INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount, payer_name, payer_iban,
                         bank_reference, remittance_text)
VALUES (:id, :company_id, :customer_id, :value_date, :currency, :amount, :payer_name, :payer_iban,
        :bank_reference, :remittance_text)

-- name: apply.allocation
-- One part of a payment applied to an open item: kind payment, discount or
-- deduction.
INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind)
VALUES (:id, :payment_id, :open_item_id, :amount, :kind)

-- name: write_off.allocation
-- An amount written off: an allocation without a payment.
INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind)
VALUES (:id, NULL, :open_item_id, :amount, 'write_off')

-- name: settle.item
-- An item's new open amount after the allocations of one operation, only
-- while it still holds the amount arx read: a change by someone else in the
-- meantime makes the update miss, which settle.check then shows.
UPDATE erp_open_item SET open_amount = CAST(:open_amount AS DECIMAL(18,2))
 WHERE id = :open_item_id AND open_amount = CAST(:expected AS DECIMAL(18,2))

-- name: settle.check
-- After settle.item, in its transaction: the open amounts of the items that
-- the allocations with ids from :first_allocation_id to :last_allocation_id
-- were made to (rows of other items are ignored).
SELECT DISTINCT o.id, @money(o.open_amount)
  FROM erp_payment_allocation a
  JOIN erp_open_item o ON o.id = a.open_item_id
 WHERE a.id BETWEEN :first_allocation_id AND :last_allocation_id AND o.company_id = :company_id

-- name: fee.invoice
-- A dunning notice's fee and interest, booked as a posted invoice of kind
-- 'fee'; its number is its payment reference.
INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, net_amount,
                         tax_amount, gross_amount, state, payment_reference)
VALUES (:id, :company_id, :customer_id, :number, 'fee', :issue_date, :due_date, :currency, :net_amount,
        :tax_amount, :gross_amount, 'posted', :payment_reference)

-- name: fee.line
-- Dunning fees and interest are not subject to VAT (category O).
INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, net_amount,
                              tax_category, tax_percent)
VALUES (:id, :invoice_id, :line_no, :description, 1, 'C62', :unit_price, :net_amount, 'O', NULL)

-- name: fee.open_item
INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, original_amount, open_amount)
VALUES (:id, :company_id, :customer_id, :invoice_id, :due_date, :currency, :original_amount, :open_amount)

-- name: reverse.allocations
-- The allocations of one payment of the company: allocation id, open item
-- id, amount, kind, currency.
SELECT a.id, a.open_item_id, @money(a.amount), a.kind, p.currency
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
 WHERE a.payment_id = :payment_id AND p.company_id = :company_id
 ORDER BY a.id

-- name: reverse.settle
-- Gives an item back what one allocation took. Rounded to the column's two
-- decimals, so that SQLite's binary sums stay the exact amount.
UPDATE erp_open_item SET open_amount = ROUND(open_amount + CAST(:amount AS DECIMAL(18,2)), 2)
 WHERE id = :open_item_id

-- name: reverse.remove
-- The reference ERP keeps no reversed allocations: the row goes, and the
-- payment's cash is unapplied again.
DELETE FROM erp_payment_allocation WHERE id = :allocation_id

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

-- name: party.company
-- The company as seller: name, VAT id, IBAN, BIC, street, city, postcode,
-- country, e-mail, Peppol id (scheme:id), phone, contact name.
SELECT name, vat_id, iban, bic, street, city, postcode, country, email, peppol_id, phone, contact_name
  FROM erp_company
 WHERE id = :company_id

-- name: party.customer
-- A customer as buyer: number, name, country, VAT id, e-mail, language,
-- street, city, postcode, Peppol id (scheme:id).
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


-- dunning (plugin/dunning) ---------------------------------------------------
-- name: dunning.invoice_by_number
SELECT id FROM erp_invoice WHERE company_id = :company_id AND number = :number

-- name: dunning.open_items
-- The open items of the customers with ids from :first_customer to
-- :last_customer: id, customer, invoice id, number, kind, issue date, due
-- date, currency, open amount; in customer order.
SELECT oi.id, oi.customer_id, oi.invoice_id, i.number, i.kind, i.issue_date, oi.due_date, oi.currency,
       @money(oi.open_amount)
  FROM erp_open_item oi
  LEFT JOIN erp_invoice i ON i.id = oi.invoice_id
 WHERE oi.company_id = :company_id AND oi.open_amount <> 0
   AND oi.customer_id BETWEEN :first_customer AND :last_customer
 ORDER BY oi.customer_id, oi.id

-- name: dunning.customers_with_open_items
-- Which customers have open items (the run walks them in chunks).
SELECT DISTINCT customer_id FROM erp_open_item WHERE company_id = :company_id AND open_amount <> 0
 ORDER BY customer_id

-- name: dunning.unapplied_cash
-- Payments of known customers not yet allocated in full: customer, currency,
-- amount, allocated so far (NULL when nothing).
SELECT p.customer_id, p.currency, @money(p.amount), @money_sum(a.amount)
  FROM erp_payment p
  LEFT JOIN erp_payment_allocation a ON a.payment_id = p.id
 WHERE p.company_id = :company_id AND p.customer_id IS NOT NULL
 GROUP BY p.id, p.customer_id, p.currency, p.amount
HAVING p.amount > COALESCE(SUM(a.amount), 0)

-- collections (plugin/collections)
-- Disputes, promises to pay, the contact history and the collectors'
-- worklist. Dates are bound as 'YYYY-MM-DD' text; days between dates are
-- counted by arx after reading them.
-- name: customer.by_number
-- A customer of a company by number: id, number, name.
SELECT id, number, name FROM erp_customer WHERE company_id = :company_id AND number = :number

-- name: collections.invoice_items
-- An invoice by number with its customer and its open items, oldest due
-- first; an invoice without open items gives one row with NULL item columns:
-- invoice id, number, customer id, customer number, open item id, item
-- currency, open amount, due date, invoice currency.
SELECT i.id, i.number, i.customer_id, c.number, o.id, o.currency, @money(o.open_amount), o.due_date, i.currency
  FROM erp_invoice i
  JOIN erp_customer c ON c.id = i.customer_id
  LEFT JOIN erp_open_item o ON o.invoice_id = i.id
 WHERE i.company_id = :company_id AND i.number = :number
 ORDER BY o.due_date, o.id

-- name: collections.item_invoice
-- One open item with its customer and invoice (for a dispute cash
-- application opens): item id, customer id, customer number, invoice id,
-- invoice number, currency.
SELECT o.id, o.customer_id, c.number, o.invoice_id, i.number, o.currency
  FROM erp_open_item o
  JOIN erp_customer c ON c.id = o.customer_id
  LEFT JOIN erp_invoice i ON i.id = o.invoice_id
 WHERE o.id = :id


-- name: collections.promise_payments
-- For each open promise of a company: what the customer paid in the
-- promise's currency with value dates from the day the promise was made up
-- to :as_of. Promise id, sum.
SELECT pr.id, @money_sum(p.amount)
  FROM arx_promise pr
  JOIN erp_payment p ON p.company_id = pr.company_id AND p.customer_id = pr.customer_id
                    AND p.currency = pr.currency
 WHERE pr.company_id = :company_id AND pr.state = 'open'
   AND p.value_date >= pr.made_on AND p.value_date <= :as_of
 GROUP BY pr.id

-- name: collections.overdue
-- The worklist's starting point: per customer and currency, the items due
-- before :as_of with an amount open: customer id, number, name, currency,
-- items, sum, oldest due date.
SELECT o.customer_id, c.number, c.name, o.currency, COUNT(*), @money_sum(o.open_amount), MIN(o.due_date)
  FROM erp_open_item o
  JOIN erp_customer c ON c.id = o.customer_id
 WHERE o.company_id = :company_id AND o.open_amount > 0 AND o.due_date < :as_of
 GROUP BY o.customer_id, c.number, c.name, o.currency

-- name: collections.paid_items
-- The payment history the risk model learns from: per customer, due date and
-- value date, how many payments (allocations of kind 'payment') with value
-- dates from :since to :as_of settled items. Portable, so arx counts the days;
-- the dialect folders add collections.payment_delays, which sums them in the
-- database and is used instead where a profile has it.
SELECT o.customer_id, o.due_date, p.value_date, COUNT(*)
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
  JOIN erp_open_item o ON o.id = a.open_item_id
 WHERE o.company_id = :company_id AND a.kind = 'payment' AND o.due_date IS NOT NULL
   AND p.value_date >= :since AND p.value_date <= :as_of
 GROUP BY o.customer_id, o.due_date, p.value_date

-- name: collections.open_disputes
-- The open disputes of a company with their items: customer id, open item id,
-- currency, disputed amount, the item's open amount and due date.
SELECT d.customer_id, d.open_item_id, d.currency, d.amount, @money(o.open_amount), o.due_date
  FROM arx_dispute d
  JOIN erp_open_item o ON o.id = d.open_item_id
 WHERE d.company_id = :company_id AND d.state = 'open'

-- analytics (plugin/analytics, docs/KPIS.md)
-- Amounts arrive as whole hundredths (the DECIMAL(18,2) columns' scale) so
-- that they sum exactly as integers on every database. An item's date is its
-- invoice's issue date (its due date without an invoice); its due date is its
-- own (its invoice's issue date without one). Its balance on a day is what is
-- open today plus what dated payments allocated to it after that day.
-- Allocations without a payment (write-offs) carry no date and count as made.

-- name: analytics.balances
-- Per customer and currency: customer number and name, then in hundredths the
-- balance at :d1 of items dated up to then, its part not yet due, its parts
-- 1-30, 31-60, 61-90, 91-120 and over 120 days past due, the balance at :b1
-- (the period's start) of items dated up to then, the sales (original amounts
-- of items dated after :b2 up to :d9); then the number of items with a
-- balance in each of the six buckets, and the oldest due date of an overdue
-- item with a positive balance.
SELECT c.number, c.name, g.customer_id, g.currency, g.ar, g.cur, g.b1, g.b2, g.b3, g.b4, g.b5,
       g.ar_begin, g.sales, g.n0, g.n1, g.n2, g.n3, g.n4, g.n5, g.oldest_due
  FROM (SELECT k.customer_id, k.currency,
               SUM(CASE WHEN k.item_date <= :d1 THEN k.open_d ELSE 0 END) AS ar,
               SUM(CASE WHEN k.item_date <= :d2 AND (k.due IS NULL OR k.due >= :d3) THEN k.open_d ELSE 0 END) AS cur,
               SUM(CASE WHEN k.item_date <= :d4 AND k.due < :d5 AND k.due >= :m30 THEN k.open_d ELSE 0 END) AS b1,
               SUM(CASE WHEN k.item_date <= :d6 AND k.due < :m30b AND k.due >= :m60 THEN k.open_d ELSE 0 END) AS b2,
               SUM(CASE WHEN k.item_date <= :d7 AND k.due < :m60b AND k.due >= :m90 THEN k.open_d ELSE 0 END) AS b3,
               SUM(CASE WHEN k.item_date <= :d8 AND k.due < :m90b AND k.due >= :m120 THEN k.open_d ELSE 0 END) AS b4,
               SUM(CASE WHEN k.item_date <= :d10 AND k.due < :m120b THEN k.open_d ELSE 0 END) AS b5,
               SUM(CASE WHEN k.item_date <= :b1 THEN k.open_b ELSE 0 END) AS ar_begin,
               SUM(CASE WHEN k.item_date > :b2 AND k.item_date <= :d9 THEN k.original ELSE 0 END) AS sales,
               SUM(CASE WHEN k.item_date <= :d11 AND k.open_d <> 0 AND (k.due IS NULL OR k.due >= :d12) THEN 1 ELSE 0 END) AS n0,
               SUM(CASE WHEN k.item_date <= :d13 AND k.open_d <> 0 AND k.due < :d14 AND k.due >= :n30 THEN 1 ELSE 0 END) AS n1,
               SUM(CASE WHEN k.item_date <= :d15 AND k.open_d <> 0 AND k.due < :n30b AND k.due >= :n60 THEN 1 ELSE 0 END) AS n2,
               SUM(CASE WHEN k.item_date <= :d16 AND k.open_d <> 0 AND k.due < :n60b AND k.due >= :n90 THEN 1 ELSE 0 END) AS n3,
               SUM(CASE WHEN k.item_date <= :d17 AND k.open_d <> 0 AND k.due < :n90b AND k.due >= :n120 THEN 1 ELSE 0 END) AS n4,
               SUM(CASE WHEN k.item_date <= :d18 AND k.open_d <> 0 AND k.due < :n120b THEN 1 ELSE 0 END) AS n5,
               MIN(CASE WHEN k.item_date <= :d19 AND k.open_d > 0 AND k.due < :d20 THEN k.due END) AS oldest_due
          FROM (SELECT o.customer_id, o.currency,
                       COALESCE(i.issue_date, o.due_date) AS item_date,
                       COALESCE(o.due_date, i.issue_date) AS due,
                       CAST(ROUND(o.original_amount * 100) AS BIGINT) AS original,
                       CAST(ROUND(o.open_amount * 100) AS BIGINT) + COALESCE(x.after_d, 0) AS open_d,
                       CAST(ROUND(o.open_amount * 100) AS BIGINT) + COALESCE(x.after_b, 0) AS open_b
                  FROM erp_open_item o
                  LEFT JOIN erp_invoice i ON i.id = o.invoice_id
                  LEFT JOIN (SELECT a.open_item_id,
                                    SUM(CASE WHEN p.value_date > :dx THEN CAST(ROUND(a.amount * 100) AS BIGINT)
                                             ELSE 0 END) AS after_d,
                                    SUM(CAST(ROUND(a.amount * 100) AS BIGINT)) AS after_b
                               FROM erp_payment_allocation a
                               JOIN erp_payment p ON p.id = a.payment_id
                              WHERE p.company_id = :c2 AND p.value_date > :bx
                              GROUP BY a.open_item_id) x ON x.open_item_id = o.id
                 WHERE o.company_id = :c1) k
         GROUP BY k.customer_id, k.currency) g
  JOIN erp_customer c ON c.id = g.customer_id

-- name: analytics.totals
-- The company's balances in one pass, per currency, aging bucket (0 not yet
-- due, 1 for 1-30 days past due at :d2, ... 5 for over 120) and day (the
-- item's date when after :f, else NULL): in hundredths the balance at :d3 of
-- the items dated up to :d1, the part of it of items dated up to :b1 at :b2
-- (the period's start), the original amounts; the number of items with a
-- balance, the oldest due date of an overdue item with a positive balance.
SELECT m.currency, m.bucket, m.day, SUM(m.open_d), SUM(CASE WHEN m.item_date <= :b1 THEN m.open_b ELSE 0 END),
       SUM(m.original), SUM(CASE WHEN m.open_d <> 0 THEN 1 ELSE 0 END),
       MIN(CASE WHEN m.open_d > 0 AND m.bucket > 0 THEN m.due END)
  FROM (SELECT k.currency, k.item_date, k.due, k.original, k.open_d, k.open_b,
               CASE WHEN k.item_date > :f THEN k.item_date END AS day,
               CASE WHEN k.due IS NULL OR k.due >= :d2 THEN 0 WHEN k.due >= :m30 THEN 1 WHEN k.due >= :m60 THEN 2
                    WHEN k.due >= :m90 THEN 3 WHEN k.due >= :m120 THEN 4 ELSE 5 END AS bucket
          FROM (SELECT o.currency,
                       COALESCE(i.issue_date, o.due_date) AS item_date,
                       COALESCE(o.due_date, i.issue_date) AS due,
                       CAST(ROUND(o.original_amount * 100) AS BIGINT) AS original,
                       CAST(ROUND(o.open_amount * 100) AS BIGINT) + COALESCE(x.after_d, 0) AS open_d,
                       CAST(ROUND(o.open_amount * 100) AS BIGINT) + COALESCE(x.after_b, 0) AS open_b
                  FROM erp_open_item o
                  LEFT JOIN erp_invoice i ON i.id = o.invoice_id
                  LEFT JOIN (SELECT a.open_item_id,
                                    SUM(CASE WHEN p.value_date > :d3 THEN CAST(ROUND(a.amount * 100) AS BIGINT)
                                             ELSE 0 END) AS after_d,
                                    SUM(CAST(ROUND(a.amount * 100) AS BIGINT)) AS after_b
                               FROM erp_payment_allocation a
                               JOIN erp_payment p ON p.id = a.payment_id
                              WHERE p.company_id = :c2 AND p.value_date > :b2
                              GROUP BY a.open_item_id) x ON x.open_item_id = o.id
                 WHERE o.company_id = :c1) k
         WHERE k.item_date <= :d1) m
 GROUP BY m.currency, m.bucket, m.day

-- name: analytics.reminder_items
-- The items of the dunning notices of runs dated after :b up to :d: notice
-- id, run date, notice currency, open item id, the item's open amount today
-- in hundredths.
SELECT n.id, r.as_of, n.currency, o.id, CAST(ROUND(o.open_amount * 100) AS BIGINT)
  FROM arx_dunning_notice n
  JOIN arx_dunning_run r ON r.id = n.run_id
  JOIN arx_dunning_notice_item ni ON ni.notice_id = n.id
  JOIN erp_open_item o ON o.id = ni.open_item_id
 WHERE n.company_id = :c AND r.as_of > :b AND r.as_of <= :d

-- name: analytics.reminder_payments
-- The dated allocations after :b2 to the items of those notices: open item
-- id, value date, amount in hundredths.
SELECT a.open_item_id, p.value_date, CAST(ROUND(a.amount * 100) AS BIGINT)
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
 WHERE p.value_date > :b2
   AND a.open_item_id IN (SELECT ni.open_item_id
                            FROM arx_dunning_notice n
                            JOIN arx_dunning_run r ON r.id = n.run_id
                            JOIN arx_dunning_notice_item ni ON ni.notice_id = n.id
                           WHERE n.company_id = :c AND r.as_of > :b AND r.as_of <= :d)

-- name: analytics.open_at
-- The cash forecast's starting point: the items dated up to :d1 with a
-- positive balance at :d2: customer id, open item id, currency, due date,
-- balance in hundredths.
SELECT k.customer_id, k.id, k.currency, k.due, k.open_d
  FROM (SELECT o.customer_id, o.id, o.currency,
               COALESCE(i.issue_date, o.due_date) AS item_date,
               COALESCE(o.due_date, i.issue_date) AS due,
               CAST(ROUND(o.open_amount * 100) AS BIGINT) + COALESCE(x.after_d, 0) AS open_d
          FROM erp_open_item o
          LEFT JOIN erp_invoice i ON i.id = o.invoice_id
          LEFT JOIN (SELECT a.open_item_id, SUM(CAST(ROUND(a.amount * 100) AS BIGINT)) AS after_d
                       FROM erp_payment_allocation a
                       JOIN erp_payment p ON p.id = a.payment_id
                      WHERE p.company_id = :c2 AND p.value_date > :d2
                      GROUP BY a.open_item_id) x ON x.open_item_id = o.id
         WHERE o.company_id = :c1) k
 WHERE k.item_date <= :d1 AND k.open_d > 0

-- name: analytics.paid_items
-- What the forecast learns from: per customer, currency, due date and value
-- date, the hundredths paid (allocations of kind 'payment') with value dates
-- after :since up to :as_of, and how many allocations.
SELECT o.customer_id, o.currency, COALESCE(o.due_date, i.issue_date), p.value_date,
       SUM(CAST(ROUND(a.amount * 100) AS BIGINT)), COUNT(*)
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
  JOIN erp_open_item o ON o.id = a.open_item_id
  LEFT JOIN erp_invoice i ON i.id = o.invoice_id
 WHERE o.company_id = :company_id AND a.kind = 'payment' AND COALESCE(o.due_date, i.issue_date) IS NOT NULL
   AND p.value_date > :since AND p.value_date <= :as_of
 GROUP BY o.customer_id, o.currency, COALESCE(o.due_date, i.issue_date), p.value_date

-- name: analytics.receipts
-- What arrived: the dated allocations of kind 'payment' after :f up to :t, per open
-- item and value date, in hundredths (the forecast backtest).
SELECT a.open_item_id, p.value_date, SUM(CAST(ROUND(a.amount * 100) AS BIGINT))
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
 WHERE p.company_id = :c AND a.kind = 'payment' AND p.value_date > :f AND p.value_date <= :t
 GROUP BY a.open_item_id, p.value_date
