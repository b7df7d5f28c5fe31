-- The reference ERP's own ids on SQLite (docs/PROFILES.md, "Ids"): a counter
-- per table whose rows arx creates, holding the last id given. A profile
-- statement raises it first, which takes SQLite's write lock, and reads the
-- block of ids after it in the same transaction. Counters start at 10^12;
-- rows loaded by hand (tests, benchmarks, the demo) keep their ids below
-- that. Run after ../schema.sql; a rerun adds only what is missing.

CREATE TABLE IF NOT EXISTS erp_id_counter (
  name    VARCHAR(40) PRIMARY KEY,
  last_id BIGINT NOT NULL
);

INSERT INTO erp_id_counter (name, last_id)
SELECT 'erp_payment', 999999999999 WHERE NOT EXISTS (SELECT 1 FROM erp_id_counter WHERE name = 'erp_payment');
INSERT INTO erp_id_counter (name, last_id)
SELECT 'erp_payment_allocation', 999999999999
 WHERE NOT EXISTS (SELECT 1 FROM erp_id_counter WHERE name = 'erp_payment_allocation');
INSERT INTO erp_id_counter (name, last_id)
SELECT 'erp_invoice', 999999999999 WHERE NOT EXISTS (SELECT 1 FROM erp_id_counter WHERE name = 'erp_invoice');
INSERT INTO erp_id_counter (name, last_id)
SELECT 'erp_invoice_line', 999999999999 WHERE NOT EXISTS (SELECT 1 FROM erp_id_counter WHERE name = 'erp_invoice_line');
INSERT INTO erp_id_counter (name, last_id)
SELECT 'erp_open_item', 999999999999 WHERE NOT EXISTS (SELECT 1 FROM erp_id_counter WHERE name = 'erp_open_item');
