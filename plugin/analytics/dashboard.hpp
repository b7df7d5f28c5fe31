// The receivables dashboard (docs/KPIS.md, "Dashboard"): one self-contained
// HTML page (plugin/analytics/dashboard.html, compiled in) with the data of
// one company and currency embedded as JSON: headline KPIs, aging, the KPI
// trend from the stored snapshots, the 13-week forecast with its interval,
// the straight-through rate over time, the top overdue customers and the
// delivery channels. No network is needed to show it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::analytics {

// The data the page draws (its contract is in docs/KPIS.md).
nlohmann::json dashboard_data(db::context &ctx, const std::string &company, core::date as_of,
                              const std::string &currency);

// The page with `data` embedded (every '<' escaped, so no text of the data
// can close the script element).
std::string dashboard_page(const nlohmann::json &data);

}  // namespace arx::analytics
