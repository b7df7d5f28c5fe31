-- The reference ERP: the tables arx reads and writes in demos and tests.
-- A real ERP owns its schema; this one stands in for it. Column names are a
-- contract (tests and benchmarks fill these tables directly).
-- Portable SQL for every dialect. SQLite gives DECIMAL columns NUMERIC affinity;
-- arx reads amounts there with printf(%.2f) so they stay exact (docs/MONEY.md).

CREATE TABLE IF NOT EXISTS erp_company (
  id          BIGINT PRIMARY KEY,
  code        VARCHAR(20) NOT NULL UNIQUE,
  name        VARCHAR(200) NOT NULL,
  currency    CHAR(3) NOT NULL,
  country     CHAR(2) NOT NULL,
  vat_id      VARCHAR(30),
  iban        VARCHAR(34),
  bic         VARCHAR(11),
  street      VARCHAR(200),
  city        VARCHAR(100),
  postcode    VARCHAR(20),
  email       VARCHAR(200),
  peppol_id   VARCHAR(100),
  phone        VARCHAR(40),
  contact_name VARCHAR(200)
);

CREATE TABLE IF NOT EXISTS erp_customer (
  id                 BIGINT PRIMARY KEY,
  company_id         BIGINT NOT NULL REFERENCES erp_company(id),
  number             VARCHAR(30) NOT NULL,
  name               VARCHAR(200) NOT NULL,
  country            CHAR(2),
  vat_id             VARCHAR(30),
  email              VARCHAR(200),
  language           VARCHAR(5),
  street             VARCHAR(200),
  city               VARCHAR(100),
  postcode           VARCHAR(20),
  peppol_id          VARCHAR(100),
  payment_terms_days INTEGER,
  UNIQUE (company_id, number)
);

CREATE TABLE IF NOT EXISTS erp_customer_bank_account (
  id          BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL REFERENCES erp_customer(id),
  iban        VARCHAR(34) NOT NULL
);
CREATE INDEX IF NOT EXISTS erp_customer_bank_account_iban ON erp_customer_bank_account (iban);

CREATE TABLE IF NOT EXISTS erp_invoice (
  id                    BIGINT PRIMARY KEY,
  company_id            BIGINT NOT NULL REFERENCES erp_company(id),
  customer_id           BIGINT NOT NULL REFERENCES erp_customer(id),
  number                VARCHAR(40) NOT NULL,
  kind                  VARCHAR(20) NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'fee')),
  issue_date            DATE NOT NULL,
  due_date              DATE,
  currency              CHAR(3) NOT NULL,
  net_amount            DECIMAL(18,2) NOT NULL,
  tax_amount            DECIMAL(18,2) NOT NULL,
  gross_amount          DECIMAL(18,2) NOT NULL,
  state                 VARCHAR(20) NOT NULL CHECK (state IN ('draft', 'posted', 'cancelled')),
  buyer_reference       VARCHAR(200),
  order_reference       VARCHAR(200),
  payment_reference     VARCHAR(200),
  cash_discount_percent DECIMAL(5,2),
  cash_discount_date    DATE,
  UNIQUE (company_id, number)
);
CREATE INDEX IF NOT EXISTS erp_invoice_customer ON erp_invoice (customer_id);

CREATE TABLE IF NOT EXISTS erp_invoice_line (
  id           BIGINT PRIMARY KEY,
  invoice_id   BIGINT NOT NULL REFERENCES erp_invoice(id),
  line_no      INTEGER NOT NULL,
  description  VARCHAR(400),
  quantity     DECIMAL(18,4) NOT NULL,
  unit_code    VARCHAR(10),
  unit_price   DECIMAL(18,4) NOT NULL,
  net_amount   DECIMAL(18,2) NOT NULL,
  tax_category VARCHAR(3),
  tax_percent  DECIMAL(5,2),
  UNIQUE (invoice_id, line_no)
);

CREATE TABLE IF NOT EXISTS erp_open_item (
  id              BIGINT PRIMARY KEY,
  company_id      BIGINT NOT NULL REFERENCES erp_company(id),
  customer_id     BIGINT NOT NULL REFERENCES erp_customer(id),
  invoice_id      BIGINT REFERENCES erp_invoice(id),
  due_date        DATE,
  currency        CHAR(3) NOT NULL,
  original_amount DECIMAL(18,2) NOT NULL,
  open_amount     DECIMAL(18,2) NOT NULL
);
CREATE INDEX IF NOT EXISTS erp_open_item_customer ON erp_open_item (customer_id);
CREATE INDEX IF NOT EXISTS erp_open_item_invoice ON erp_open_item (invoice_id);

CREATE TABLE IF NOT EXISTS erp_payment (
  id              BIGINT PRIMARY KEY,
  company_id      BIGINT NOT NULL REFERENCES erp_company(id),
  customer_id     BIGINT REFERENCES erp_customer(id),
  value_date      DATE NOT NULL,
  currency        CHAR(3) NOT NULL,
  amount          DECIMAL(18,2) NOT NULL,
  payer_name      VARCHAR(200),
  payer_iban      VARCHAR(34),
  bank_reference  VARCHAR(100),
  remittance_text VARCHAR(1000)
);

-- The analytics read the payments of a period (docs/KPIS.md).
CREATE INDEX IF NOT EXISTS erp_payment_value_date ON erp_payment (company_id, value_date);

CREATE TABLE IF NOT EXISTS erp_payment_allocation (
  id           BIGINT PRIMARY KEY,
  payment_id   BIGINT REFERENCES erp_payment(id),
  open_item_id BIGINT NOT NULL REFERENCES erp_open_item(id),
  amount       DECIMAL(18,2) NOT NULL,
  kind         VARCHAR(20) NOT NULL CHECK (kind IN ('payment', 'discount', 'write_off', 'deduction'))
);
CREATE INDEX IF NOT EXISTS erp_payment_allocation_item ON erp_payment_allocation (open_item_id);
CREATE INDEX IF NOT EXISTS erp_payment_allocation_payment ON erp_payment_allocation (payment_id);
