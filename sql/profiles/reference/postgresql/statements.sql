-- Statements of the reference profile that need PostgreSQL's own SQL
-- (docs/PROFILES.md): they are added to, or replace by name, those of
-- ../statements.sql when arx runs on PostgreSQL.

-- ids (the ERP port's writes, docs/PROFILES.md): new ids from the
-- sequences of postgresql/schema.sql, :count of them, one per row. Sequences
-- never hand out an id twice, whatever runs at the same time.

-- name: ids.payment
SELECT nextval('erp_payment_id_seq') FROM generate_series(1, :count)

-- name: ids.allocation
SELECT nextval('erp_payment_allocation_id_seq') FROM generate_series(1, :count)

-- name: ids.invoice_line
SELECT nextval('erp_invoice_line_id_seq') FROM generate_series(1, :count)

-- name: ids.open_item
SELECT nextval('erp_open_item_id_seq') FROM generate_series(1, :count)

-- name: ids.fee_invoice
-- A fee document's id and its number: DN-<id>.
SELECT s.id, 'DN-' || CAST(s.id AS VARCHAR(20))
  FROM (SELECT nextval('erp_invoice_id_seq') AS id FROM generate_series(1, :count)) s

-- collections (plugin/collections)

-- name: collections.payment_delays
-- The worklist's payment history summed per customer in the database (date
-- - date is a number of days): per customer, the payments (allocations of
-- kind 'payment') with value dates from :since to :as_of, how many came after
-- the item's due date, and their days late, each clamped to 0..365. Without
-- this statement arx reads collections.paid_items and counts the days itself.
SELECT o.customer_id, COUNT(*), SUM(CASE WHEN p.value_date > o.due_date THEN 1 ELSE 0 END),
       SUM(LEAST(GREATEST(p.value_date - o.due_date, 0), 365))
  FROM erp_payment_allocation a
  JOIN erp_payment p ON p.id = a.payment_id
  JOIN erp_open_item o ON o.id = a.open_item_id
 WHERE o.company_id = :company_id AND a.kind = 'payment' AND o.due_date IS NOT NULL
   AND p.value_date >= :since AND p.value_date <= :as_of
 GROUP BY o.customer_id
