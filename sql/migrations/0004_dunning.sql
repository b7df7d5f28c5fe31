-- arx's own tables, version 4: collections (docs/DUNNING.md). Dunning
-- procedures and their assignment, the runs (one per company and as-of
-- date), the notices they produced with their items, each item's dunning
-- state, disputes, promises to pay, the contact history and collector tasks.
-- Amounts are decimal text in the currency's minor digits; dates are DATE.

-- A dunning procedure: its levels and rules as a JSON definition, checked by
-- arx before it is stored (docs/DUNNING.md names every key). One procedure
-- per company is the default; segments map customers to the others.
CREATE TABLE arx_dunning_procedure (
  company_id  BIGINT NOT NULL,
  code        VARCHAR(30) NOT NULL,
  is_default  SMALLINT NOT NULL,
  definition  VARCHAR(8000) NOT NULL,
  updated_at  BIGINT NOT NULL,
  updated_by  VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, code)
);

-- Per customer: its procedure or segment, its collector, a dunning block.
CREATE TABLE arx_dunning_customer (
  company_id      BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  procedure_code  VARCHAR(30),
  segment         VARCHAR(30),
  collector       VARCHAR(200),
  blocked         SMALLINT NOT NULL DEFAULT 0,
  block_reason    VARCHAR(400),
  blocked_until   DATE,
  updated_at      BIGINT NOT NULL,
  updated_by      VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, customer_number)
);

-- An invoice that must not be dunned (until a date, or until removed).
CREATE TABLE arx_dunning_item_block (
  company_id    BIGINT NOT NULL,
  invoice_id    BIGINT NOT NULL,
  reason        VARCHAR(400) NOT NULL,
  blocked_until DATE,
  created_at    BIGINT NOT NULL,
  created_by    VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, invoice_id)
);

-- The row every dunning transaction of a company locks first.
CREATE TABLE arx_dunning_lock (
  company_id BIGINT PRIMARY KEY,
  locked_at  BIGINT NOT NULL,
  locked_by  VARCHAR(200) NOT NULL
);

-- One run per company and as-of date: a rerun or a second host finds it.
CREATE TABLE arx_dunning_run (
  id           @identity_key,
  company_id   BIGINT NOT NULL,
  as_of        DATE NOT NULL,
  state        VARCHAR(20) NOT NULL CHECK (state IN ('running', 'decided', 'completed')),
  started_at   BIGINT NOT NULL,
  started_by   VARCHAR(200) NOT NULL,
  finished_at  BIGINT,
  UNIQUE (company_id, as_of)
);

-- What the run decided for each customer it looked at: a notice, or why not.
CREATE TABLE arx_dunning_run_customer (
  run_id      BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  outcome     VARCHAR(20) NOT NULL,
  reason      VARCHAR(400),
  PRIMARY KEY (run_id, customer_id)
);

-- A notice: one per customer, currency and run, with its level, channel,
-- the fee invoice it booked and whether its documents are composed.
CREATE TABLE arx_dunning_notice (
  id              @identity_key,
  run_id          BIGINT NOT NULL,
  company_id      BIGINT NOT NULL,
  customer_id     BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  currency        CHAR(3) NOT NULL,
  level           INTEGER NOT NULL,
  procedure_code  VARCHAR(30) NOT NULL,
  channel         VARCHAR(20) NOT NULL,
  template        VARCHAR(60) NOT NULL,
  language        VARCHAR(5) NOT NULL,
  overdue_total   VARCHAR(40) NOT NULL,
  fee             VARCHAR(40) NOT NULL,
  interest        VARCHAR(40) NOT NULL,
  interest_rate   VARCHAR(10) NOT NULL,
  total_due       VARCHAR(40) NOT NULL,
  pay_by          DATE NOT NULL,
  fee_invoice_id  BIGINT,
  fee_invoice_number VARCHAR(40),
  state           VARCHAR(20) NOT NULL CHECK (state IN ('decided', 'composed')),
  created_at      BIGINT NOT NULL,
  UNIQUE (run_id, customer_id, currency)
);
CREATE INDEX arx_dunning_notice_customer ON arx_dunning_notice (company_id, customer_number);

CREATE TABLE arx_dunning_notice_item (
  notice_id      BIGINT NOT NULL,
  seq            INTEGER NOT NULL,
  open_item_id   BIGINT NOT NULL,
  invoice_id     BIGINT,
  invoice_number VARCHAR(40),
  kind           VARCHAR(20) NOT NULL,
  due_date       DATE,
  open_amount    VARCHAR(40) NOT NULL,
  days_overdue   INTEGER NOT NULL,
  level          INTEGER NOT NULL,
  escalated      SMALLINT NOT NULL,
  interest       VARCHAR(40) NOT NULL,
  interest_days  INTEGER NOT NULL,
  PRIMARY KEY (notice_id, seq)
);

-- Each open item's place in dunning: its level, when it was last dunned and
-- up to which date interest has been charged.
CREATE TABLE arx_dunning_item_state (
  company_id     BIGINT NOT NULL,
  open_item_id   BIGINT NOT NULL,
  level          INTEGER NOT NULL,
  last_as_of     DATE NOT NULL,
  last_notice_id BIGINT NOT NULL,
  interest_until DATE,
  PRIMARY KEY (company_id, open_item_id)
);

-- A dispute on an invoice or part of it. The disputed amount is not dunned
-- while the dispute is open.
CREATE TABLE arx_dispute (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  customer_id     BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  invoice_id      BIGINT NOT NULL,
  invoice_number  VARCHAR(40) NOT NULL,
  open_item_id    BIGINT NOT NULL,
  currency        CHAR(3) NOT NULL,
  amount          VARCHAR(40) NOT NULL,
  reason_code     VARCHAR(30) NOT NULL,
  owner           VARCHAR(200),
  due_date        DATE,
  notes           VARCHAR(4000),
  source          VARCHAR(20) NOT NULL,
  bank_line_id    BIGINT,
  state           VARCHAR(20) NOT NULL CHECK (state IN ('open', 'resolved')),
  resolution      VARCHAR(20) CHECK (resolution IN ('credit_note', 'write_off', 'rejected')),
  resolution_note VARCHAR(400),
  opened_on       DATE NOT NULL,
  opened_at       BIGINT NOT NULL,
  opened_by       VARCHAR(200) NOT NULL,
  resolved_at     BIGINT,
  resolved_by     VARCHAR(200)
);
CREATE INDEX arx_dispute_item ON arx_dispute (company_id, state, open_item_id);
CREATE INDEX arx_dispute_customer ON arx_dispute (company_id, customer_number);

-- A promise to pay: amount and date, checked against incoming payments.
CREATE TABLE arx_promise (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  customer_id     BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  currency        CHAR(3) NOT NULL,
  amount          VARCHAR(40) NOT NULL,
  promised_date   DATE NOT NULL,
  made_on         DATE NOT NULL,
  state           VARCHAR(20) NOT NULL CHECK (state IN ('open', 'kept', 'broken', 'cancelled')),
  paid_amount     VARCHAR(40),
  note            VARCHAR(400),
  created_at      BIGINT NOT NULL,
  created_by      VARCHAR(200) NOT NULL,
  settled_on      DATE
);
CREATE INDEX arx_promise_customer ON arx_promise (company_id, state, customer_id);

-- Every contact with a customer in one place: notices, e-mails, letters,
-- calls, dispute events, promises.
CREATE TABLE arx_contact_event (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  business_date   DATE NOT NULL,
  at              BIGINT NOT NULL,
  kind            VARCHAR(30) NOT NULL,
  reference       VARCHAR(100),
  amount          VARCHAR(40),
  currency        CHAR(3),
  detail          VARCHAR(2000),
  created_by      VARCHAR(200) NOT NULL
);
CREATE INDEX arx_contact_event_customer ON arx_contact_event (company_id, customer_number, id);

-- Work for a collector: a call a dunning level asks for, or one a collector
-- plans; done with an outcome.
CREATE TABLE arx_collection_task (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  kind            VARCHAR(20) NOT NULL,
  notice_id       BIGINT,
  due_date        DATE NOT NULL,
  assigned_to     VARCHAR(200),
  state           VARCHAR(20) NOT NULL CHECK (state IN ('open', 'done')),
  outcome         VARCHAR(400),
  created_at      BIGINT NOT NULL,
  done_at         BIGINT,
  done_by         VARCHAR(200)
);
CREATE INDEX arx_collection_task_customer ON arx_collection_task (company_id, state, customer_number);

-- Dunning templates an admin changed: per company, name and language. Names
-- without a row use the templates built into arx.
CREATE TABLE arx_dunning_template (
  company_id  BIGINT NOT NULL,
  name        VARCHAR(60) NOT NULL,
  language    VARCHAR(5) NOT NULL,
  subject     VARCHAR(400) NOT NULL,
  body        VARCHAR(8000) NOT NULL,
  updated_at  BIGINT NOT NULL,
  updated_by  VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, name, language)
);
