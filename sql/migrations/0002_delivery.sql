-- arx's own tables, version 2: invoice delivery. Posting an invoice writes its
-- documents and delivery jobs here in one transaction; the delivery run works
-- the jobs off (docs/DELIVERY.md). Instants are UTC seconds since 1970 (BIGINT),
-- so every dialect compares them the same way.

-- How a customer wants its invoices: a fallback chain of channels, tried in
-- order at posting (a channel whose data is missing is skipped) and again when
-- a channel fails for good. Customers without a row use the company's
-- invoice.delivery_channels.
CREATE TABLE arx_delivery_preference (
  company_id      BIGINT NOT NULL,
  customer_number VARCHAR(30) NOT NULL,
  channels        VARCHAR(200) NOT NULL,
  email           VARCHAR(400),
  attach_xml      SMALLINT NOT NULL DEFAULT 0,
  updated_at      BIGINT NOT NULL,
  updated_by      VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, customer_number)
);

-- Every document arx generated or was given for an invoice or a customer:
-- the exact bytes that were (or will be) delivered, base64 in chunks so every
-- ODBC driver stores them whole.
CREATE TABLE arx_document (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  invoice_id      BIGINT,
  customer_number VARCHAR(30) NOT NULL,
  reference       VARCHAR(60) NOT NULL,
  role            VARCHAR(20) NOT NULL,
  format          VARCHAR(20) NOT NULL,
  filename        VARCHAR(200) NOT NULL,
  content_type    VARCHAR(100) NOT NULL,
  size_bytes      BIGINT NOT NULL,
  sha256          CHAR(64) NOT NULL,
  created_at      BIGINT NOT NULL,
  created_by      VARCHAR(200) NOT NULL
);
CREATE INDEX arx_document_invoice ON arx_document (company_id, invoice_id);

CREATE TABLE arx_document_chunk (
  document_id BIGINT NOT NULL,
  seq         INTEGER NOT NULL,
  data        VARCHAR(4000) NOT NULL,
  PRIMARY KEY (document_id, seq)
);

-- The outbox: one job per delivery of an invoice (or statement) through one
-- channel. idempotency_key is unique: posting the same invoice twice finds the
-- job and adds none; a resend is a new generation with its own key.
CREATE TABLE arx_delivery_job (
  id              @identity_key,
  company_id      BIGINT NOT NULL,
  invoice_id      BIGINT,
  customer_number VARCHAR(30) NOT NULL,
  reference       VARCHAR(60) NOT NULL,
  purpose         VARCHAR(20) NOT NULL,
  idempotency_key VARCHAR(200) NOT NULL UNIQUE,
  generation      INTEGER NOT NULL,
  channel         VARCHAR(20) NOT NULL,
  fallback        VARCHAR(200) NOT NULL,
  recipient       VARCHAR(400),
  state           VARCHAR(20) NOT NULL CHECK (state IN ('queued', 'claimed', 'sending', 'sent', 'failed', 'uncertain', 'fell_back')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_by      VARCHAR(100),
  lease_until     BIGINT,
  last_error      VARCHAR(2000),
  proof           VARCHAR(2000),
  sent_at         BIGINT,
  created_at      BIGINT NOT NULL
);
CREATE INDEX arx_delivery_job_due ON arx_delivery_job (state, next_attempt_at);
CREATE INDEX arx_delivery_job_invoice ON arx_delivery_job (company_id, invoice_id);

-- The documents a job delivers, in attachment order.
CREATE TABLE arx_delivery_job_document (
  job_id      BIGINT NOT NULL,
  document_id BIGINT NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (job_id, document_id)
);

-- What happened to each job, attempt by attempt: the history a clerk reads
-- when a customer says an invoice never arrived.
CREATE TABLE arx_delivery_event (
  id      @identity_key,
  job_id  BIGINT NOT NULL,
  at      BIGINT NOT NULL,
  event   VARCHAR(20) NOT NULL,
  detail  VARCHAR(2000)
);
CREATE INDEX arx_delivery_event_job ON arx_delivery_event (job_id, id);
