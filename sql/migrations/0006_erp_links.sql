-- arx's own tables, version 6: what arx keeps about ERP records where the
-- ERP has no place for it (docs/TRYTON.md).
-- The ERP's ids of imported bank statements and their lines, for ERPs that
-- keep bank statements of their own (Tryton's account_statement and its
-- origins); NULL where the ERP keeps none (the reference ERP).
ALTER TABLE arx_bank_statement ADD COLUMN erp_statement_id BIGINT;
ALTER TABLE arx_bank_line ADD COLUMN erp_line_id BIGINT;

-- The structured payment reference (ISO 11649 RF) arx gave a posted invoice,
-- for ERPs whose invoices have no field for it (Tryton 6.0); the profile
-- reads it back with the invoice.
CREATE TABLE arx_invoice_reference (
  company_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  reference  VARCHAR(40) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (company_id, invoice_id)
);
