-- arx's own tables, version 6: the ERP's ids of imported bank statements and
-- their lines, for ERPs that keep bank statements of their own (Tryton's
-- account_statement and its origins, docs/TRYTON.md). NULL where the ERP
-- keeps none (the reference ERP).
ALTER TABLE arx_bank_statement ADD COLUMN erp_statement_id BIGINT;
ALTER TABLE arx_bank_line ADD COLUMN erp_line_id BIGINT;
