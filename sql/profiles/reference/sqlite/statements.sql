-- Statements of the reference profile that need SQLite's own SQL
-- (docs/PROFILES.md): they are added to, or replace by name, those of
-- ../statements.sql when arx runs on SQLite.

-- ids (the ERP port's writes, docs/PROFILES.md): new ids from the counters
-- of sqlite/schema.sql. ids.<kind>.reserve raises the counter by :count
-- (taking SQLite's write lock until the transaction ends); ids.<kind> then
-- returns the :count ids up to the counter, one per row.

-- name: ids.payment.reserve
UPDATE erp_id_counter SET last_id = last_id + :count WHERE name = 'erp_payment'

-- name: ids.payment
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT c.last_id - n.i FROM erp_id_counter c CROSS JOIN n WHERE c.name = 'erp_payment'

-- name: ids.allocation.reserve
UPDATE erp_id_counter SET last_id = last_id + :count WHERE name = 'erp_payment_allocation'

-- name: ids.allocation
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT c.last_id - n.i FROM erp_id_counter c CROSS JOIN n WHERE c.name = 'erp_payment_allocation'

-- name: ids.invoice_line.reserve
UPDATE erp_id_counter SET last_id = last_id + :count WHERE name = 'erp_invoice_line'

-- name: ids.invoice_line
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT c.last_id - n.i FROM erp_id_counter c CROSS JOIN n WHERE c.name = 'erp_invoice_line'

-- name: ids.open_item.reserve
UPDATE erp_id_counter SET last_id = last_id + :count WHERE name = 'erp_open_item'

-- name: ids.open_item
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT c.last_id - n.i FROM erp_id_counter c CROSS JOIN n WHERE c.name = 'erp_open_item'

-- name: ids.fee_invoice.reserve
UPDATE erp_id_counter SET last_id = last_id + :count WHERE name = 'erp_invoice'

-- name: ids.fee_invoice
-- A fee document's id and its number: DN-<id>.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
SELECT c.last_id - n.i, 'DN-' || CAST(c.last_id - n.i AS VARCHAR(20))
  FROM erp_id_counter c CROSS JOIN n WHERE c.name = 'erp_invoice'

-- collections (plugin/collections)

-- name: collections.payment_delays
-- The worklist's payment history summed per customer in the database, days
-- counted with julianday(): per customer, the payments (allocations of kind
-- 'payment') with value dates from :since to :as_of, how many came after the
-- item's due date, and their days late, each clamped to 0..365. Without this
-- statement arx reads collections.paid_items and counts the days itself.
SELECT o.customer_id, COUNT(*), SUM(CASE WHEN p.value_date > o.due_date THEN 1 ELSE 0 END),
       SUM(MIN(MAX(CAST(julianday(date(p.value_date)) - julianday(date(o.due_date)) AS INTEGER), 0), 365))
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
  JOIN erp_open_item o ON o.id = a.open_item_id
 WHERE o.company_id = :company_id AND a.kind = 'payment' AND o.due_date IS NOT NULL
   AND p.value_date >= :since AND p.value_date <= :as_of
 GROUP BY o.customer_id
