-- arx's own tables, version 5: AR analytics (docs/KPIS.md). The KPI snapshot
-- job stores the company-level figures per currency and as-of date, so that
-- trends are read back instead of recomputed. Amounts are decimal text in the
-- currency's minor digits; days and rates are decimal text with one or two
-- decimals; NULL where a figure has no meaning (no sales, no lines, ...).
CREATE TABLE arx_kpi_snapshot (
  company_id         BIGINT NOT NULL,
  as_of              DATE NOT NULL,
  currency           CHAR(3) NOT NULL,
  period_days        INTEGER NOT NULL,
  ar_total           VARCHAR(40) NOT NULL,
  ar_current         VARCHAR(40) NOT NULL,
  overdue            VARCHAR(40) NOT NULL,
  over_90            VARCHAR(40) NOT NULL,
  sales              VARCHAR(40) NOT NULL,
  dso                VARCHAR(20),
  countback_dso      VARCHAR(20),
  best_possible_dso  VARCHAR(20),
  add_days           VARCHAR(20),
  cei                VARCHAR(20),
  over_90_share      VARCHAR(20),
  disputed           VARCHAR(40) NOT NULL,
  promises_kept_rate VARCHAR(20),
  stp_rate           VARCHAR(20),
  stp_amount_rate    VARCHAR(20),
  match_rate         VARCHAR(20),
  match_amount_rate  VARCHAR(20),
  electronic_share   VARCHAR(20),
  reminders_sent     INTEGER NOT NULL,
  reminders_paid     INTEGER NOT NULL,
  created_at         BIGINT NOT NULL,
  created_by         VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, as_of, currency, period_days)
);
