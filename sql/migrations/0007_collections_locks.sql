-- arx's own tables, version 7: collectors' actions that check before they
-- write (one open promise per customer; open disputes never more than an item
-- has open) take a per-company lock row first, so two collectors, or a
-- collector and the ERP's scheduler, acting at once see each other's work.
CREATE TABLE arx_collections_lock (
  company_id BIGINT PRIMARY KEY,
  locked_at  BIGINT NOT NULL,
  locked_by  VARCHAR(200) NOT NULL
);

-- One open promise per customer, held by the database too. Where two open
-- promises of a customer were made at once before this version, the earlier
-- is cancelled (the later one is what the collector saw last).
UPDATE arx_promise SET state = 'cancelled'
 WHERE state = 'open'
   AND EXISTS (SELECT 1 FROM arx_promise later
                WHERE later.company_id = arx_promise.company_id
                  AND later.customer_id = arx_promise.customer_id
                  AND later.state = 'open'
                  AND later.id > arx_promise.id);
CREATE UNIQUE INDEX arx_promise_one_open ON arx_promise (company_id, customer_id) WHERE state = 'open';
