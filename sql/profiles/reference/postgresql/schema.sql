-- The reference ERP's own ids on PostgreSQL (docs/PROFILES.md, "Ids"): one
-- sequence per table whose rows arx creates. They start at 10^12; rows loaded
-- by hand (tests, benchmarks, the demo) keep their ids below that, so the two
-- never meet. Run after ../schema.sql; IF NOT EXISTS makes a rerun harmless.

CREATE SEQUENCE IF NOT EXISTS erp_payment_id_seq START WITH 1000000000000;
CREATE SEQUENCE IF NOT EXISTS erp_payment_allocation_id_seq START WITH 1000000000000;
CREATE SEQUENCE IF NOT EXISTS erp_invoice_id_seq START WITH 1000000000000;
CREATE SEQUENCE IF NOT EXISTS erp_invoice_line_id_seq START WITH 1000000000000;
CREATE SEQUENCE IF NOT EXISTS erp_open_item_id_seq START WITH 1000000000000;
