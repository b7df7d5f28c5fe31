-- arx's own tables, version 3: cash application (docs/CASHAPP.md). Imported
-- bank statements and their lines, the decisions of the matching runs, what
-- arx learned (payer accounts, model weights) and the collectors' feedback.
-- Amounts are exact decimal text (VARCHAR, never a binary REAL on SQLite);
-- instants are UTC seconds (BIGINT).

-- Every imported file, by its SHA-256: the same file twice is found at once.
CREATE TABLE arx_bank_file (
  id           @identity_key,
  company_id   BIGINT NOT NULL,
  sha256       CHAR(64) NOT NULL,
  format       VARCHAR(20) NOT NULL,
  source_name  VARCHAR(400) NOT NULL,
  statements   INTEGER NOT NULL,
  imported_at  BIGINT NOT NULL,
  imported_by  VARCHAR(200) NOT NULL,
  UNIQUE (company_id, sha256)
);

-- A statement (camt Stmt/Ntfctn/Rpt, MT940 message, BAI2 account, lockbox
-- batch). Its identity is (company, account, statement id); content_sha256
-- is the hash of its parsed lines, so the same statement in another file is
-- recognised and a changed one refused.
CREATE TABLE arx_bank_statement (
  id             @identity_key,
  company_id     BIGINT NOT NULL,
  file_id        BIGINT NOT NULL,
  format         VARCHAR(20) NOT NULL,
  account        VARCHAR(70) NOT NULL,
  statement_ref  VARCHAR(200) NOT NULL,
  sequence       VARCHAR(40),
  currency       CHAR(3),
  from_date      DATE,
  to_date        DATE,
  content_sha256 CHAR(64) NOT NULL,
  line_count     INTEGER NOT NULL,
  imported_at    BIGINT NOT NULL,
  UNIQUE (company_id, account, statement_ref)
);

-- One movement of money. state: 'new' (not yet decided), 'applied',
-- 'suggested', 'unmatched', 'ignored' (debits and pending entries, which are
-- never matched), 'returned' (a return that reversed a payment), 'rejected'
-- (a collector turned the suggestion down and nothing else was chosen).
CREATE TABLE arx_bank_line (
  id                 @identity_key,
  statement_id       BIGINT NOT NULL,
  company_id         BIGINT NOT NULL,
  line_no            INTEGER NOT NULL,
  amount             VARCHAR(40) NOT NULL,
  currency           CHAR(3) NOT NULL,
  credit             SMALLINT NOT NULL,
  reversal           SMALLINT NOT NULL,
  returned           SMALLINT NOT NULL,
  booked             SMALLINT NOT NULL,
  return_reason      VARCHAR(35),
  booking_date       DATE,
  value_date         DATE,
  payer_name         VARCHAR(400),
  payer_account      VARCHAR(70),
  payer_bic          VARCHAR(11),
  ultimate_payer     VARCHAR(400),
  end_to_end_id      VARCHAR(100),
  bank_reference     VARCHAR(200),
  customer_reference VARCHAR(100),
  mandate_id         VARCHAR(100),
  remittance         VARCHAR(4000),
  transaction_code   VARCHAR(40),
  position           VARCHAR(200) NOT NULL,
  state              VARCHAR(20) NOT NULL,
  UNIQUE (statement_id, line_no)
);
CREATE INDEX arx_bank_line_state ON arx_bank_line (company_id, state);

-- Structured references of a line (RF creditor references, referred documents).
CREATE TABLE arx_bank_line_reference (
  line_id   BIGINT NOT NULL,
  seq       INTEGER NOT NULL,
  kind      VARCHAR(20) NOT NULL,
  reference VARCHAR(200) NOT NULL,
  amount    VARCHAR(40),
  PRIMARY KEY (line_id, seq)
);

-- A matching run. mode 'live' writes to the ERP, 'shadow' only records.
CREATE TABLE arx_cashapp_run (
  id             @identity_key,
  company_id     BIGINT NOT NULL,
  mode           VARCHAR(10) NOT NULL,
  started_at     BIGINT NOT NULL,
  finished_at    BIGINT,
  lines          INTEGER NOT NULL DEFAULT 0,
  applied        INTEGER NOT NULL DEFAULT 0,
  suggested      INTEGER NOT NULL DEFAULT 0,
  unmatched      INTEGER NOT NULL DEFAULT 0,
  amount_applied VARCHAR(40),
  started_by     VARCHAR(200) NOT NULL
);

-- What a run (or a collector) decided for a line: one generation per
-- decision, the latest not superseded. A live decision is final for its line
-- until a collector confirms or rejects it; shadow decisions (shadow = 1) are
-- kept apart and never touch the ERP. Rows are keyed by (line, shadow,
-- generation) so a run writes decisions and allocations in two vector inserts.
CREATE TABLE arx_cashapp_decision (
  line_id         BIGINT NOT NULL,
  shadow          SMALLINT NOT NULL,
  generation      INTEGER NOT NULL,
  run_id          BIGINT,
  company_id      BIGINT NOT NULL,
  status          VARCHAR(20) NOT NULL,
  confidence      VARCHAR(20) NOT NULL,
  customer_id     BIGINT,
  customer_number VARCHAR(30),
  payment_id      BIGINT,
  on_account      VARCHAR(40),
  reasons         VARCHAR(4000) NOT NULL,
  features        VARCHAR(4000),
  decided_at      BIGINT NOT NULL,
  decided_by      VARCHAR(200) NOT NULL,
  superseded      SMALLINT NOT NULL DEFAULT 0,
  PRIMARY KEY (line_id, shadow, generation)
);
CREATE INDEX arx_cashapp_decision_run ON arx_cashapp_decision (company_id, shadow, superseded, status);

CREATE TABLE arx_cashapp_allocation (
  line_id        BIGINT NOT NULL,
  shadow         SMALLINT NOT NULL,
  generation     INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  open_item_id   BIGINT,
  invoice_number VARCHAR(40),
  amount         VARCHAR(40) NOT NULL,
  kind           VARCHAR(20) NOT NULL,
  PRIMARY KEY (line_id, shadow, generation, seq)
);

-- One row per company: runs and confirmations lock it for each statement's
-- transaction, so two hosts never apply the same line or item at once.
CREATE TABLE arx_cashapp_lock (
  company_id BIGINT PRIMARY KEY,
  locked_at  BIGINT NOT NULL,
  locked_by  VARCHAR(200) NOT NULL
);

-- Payer accounts learned from confirmed matches: the next payment from this
-- account names its customer.
CREATE TABLE arx_cashapp_account (
  company_id    BIGINT NOT NULL,
  account       VARCHAR(70) NOT NULL,
  customer_id   BIGINT NOT NULL,
  confirmations INTEGER NOT NULL,
  updated_at    BIGINT NOT NULL,
  PRIMARY KEY (company_id, account, customer_id)
);

-- The scoring model per company: weights as JSON, retrained in-process from
-- the collectors' confirmations and rejections (arx_cashapp_feedback).
CREATE TABLE arx_cashapp_model (
  company_id BIGINT PRIMARY KEY,
  weights    VARCHAR(4000) NOT NULL,
  examples   INTEGER NOT NULL,
  trained_at BIGINT NOT NULL
);

CREATE TABLE arx_cashapp_feedback (
  id          @identity_key,
  company_id  BIGINT NOT NULL,
  line_id     BIGINT NOT NULL,
  label       SMALLINT NOT NULL,
  features    VARCHAR(4000) NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by VARCHAR(200) NOT NULL
);
CREATE INDEX arx_cashapp_feedback_company ON arx_cashapp_feedback (company_id, id);
