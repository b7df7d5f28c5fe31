// KPI snapshots (docs/KPIS.md, "Snapshots"): the scheduled job stores the
// company-level KPIs of a date per currency in arx_kpi_snapshot, so trends
// are read back instead of recomputed over the whole ledger.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::analytics {

// Computes the KPIs as of `as_of` and stores them, replacing a snapshot of
// the same date and period (one transaction; a rerun changes nothing but the
// time stamp). {"company", "as_of", "period_days", "stored": [currency, ...]}.
nlohmann::json snapshot(db::context &ctx, const std::string &company, core::date as_of, int period_days);

// Snapshots from `from` to `to`, every `every` days (each its own
// transaction): backfills a trend from the ledger's history.
// {"company", "from", "to", "every", "period_days", "snapshots": n}.
nlohmann::json snapshot_range(db::context &ctx, const std::string &company, core::date from, core::date to,
                              int every, int period_days);

// The stored snapshots up to `to`, oldest first, the last `limit` of them
// (currency empty: all). {"company", "period_days", "snapshots": [{"as_of", "currency", "ar_total", ...}]}.
nlohmann::json trend(db::context &ctx, const std::string &company, const std::string &currency, core::date to,
                     int period_days, uint32_t limit);

}  // namespace arx::analytics
