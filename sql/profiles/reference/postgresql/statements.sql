-- Statements of the reference profile that need PostgreSQL's own SQL
-- (docs/PROFILES.md): they are added to, or replace by name, those of
-- ../statements.sql when arx runs on PostgreSQL.

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
