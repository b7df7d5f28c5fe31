// arx AR analytics: the receivables KPIs (docs/KPIS.md gives every formula).
//
// Two layers. The formulas are pure functions over integer sums (any amount
// unit: they only take ratios), tested against hand-computed cases. compute()
// reads the sums set-based from the ERP and arx's own tables (a handful of
// aggregate statements, whatever the number of items) and returns the KPI
// set as JSON for a company, per currency, and optionally per customer or
// collector.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::analytics {

// ---------------------------------------------------------------- formulas

// Aging buckets by days past due at the as-of date.
inline constexpr std::array<const char *, 6> bucket_names = {"current", "1-30", "31-60", "61-90", "91-120", "120+"};

// The sums one set of KPIs is computed from, in one currency and unit.
struct balances {
  int64_t ar = 0;                      // balance at the as-of date
  int64_t ar_begin = 0;                // balance at the period's start
  int64_t sales = 0;                   // items dated in the period (credit notes negative)
  std::array<int64_t, 6> bucket{};     // ar split by days past due; bucket[0] = not yet due
  std::array<int64_t, 6> count{};      // items with a balance per bucket
  std::optional<core::date> oldest_due;  // oldest due date of an overdue item with a positive balance
  void add(const balances &o);
  int64_t overdue() const { return ar - bucket[0]; }
  int64_t over_90() const { return bucket[4] + bucket[5]; }
};

// A figure with one decimal, held as tenths (413 = 41.3); nullopt when it
// has no meaning (a division by zero or a negative base).
using tenths = std::optional<int64_t>;

// n / d * scale in tenths, rounded half away from zero; nullopt when d <= 0.
tenths ratio_tenths(int64_t n, int64_t d, int64_t scale);

// Standard DSO = AR / sales * period days. nullopt without positive sales.
tenths dso(const balances &b, int period_days);
// Best possible DSO = current (not yet due) AR / sales * period days.
tenths best_possible_dso(const balances &b, int period_days);
// ADD = DSO - best possible DSO.
tenths add(const balances &b, int period_days);
// CEI = (AR begin + sales - AR end) / (AR begin + sales - current AR end) * 100.
tenths cei(const balances &b);
// Share over 90 days = (91-120 + 120+) / AR * 100; nullopt unless AR > 0.
tenths over_90_share(const balances &b);

// One month of the countback: its sales and how many days of it count
// (the as-of month counts up to the as-of day).
struct month_sales {
  int days = 0;
  int64_t sales = 0;
};
// Countback DSO: the AR is used up against the sales of the latest month,
// then the month before, ...; each month used up counts its days, the month
// where the AR runs out a share of them. `months` is latest first. nullopt
// when the months given cannot use the AR up; 0.0 when AR <= 0.
tenths countback_dso(int64_t ar, const std::vector<month_sales> &months);

// The months of a countback ending at `as_of`, latest first, `n` of them:
// {first day, last day} of each (the first one ends at as_of).
std::vector<std::pair<core::date, core::date>> countback_months(core::date as_of, int n);

// "41.3" or null.
nlohmann::json tenths_json(tenths t);

// ------------------------------------------------------------------ reading

// The analytics statements sum amounts as whole hundredths (the reference
// columns' scale); this is the amount in the currency's minor units, rounded
// half away from zero where the exponent is smaller.
int64_t hundredths_to_minor(int64_t hundredths, int exponent);

struct kpi_request {
  std::string company;
  core::date as_of{};
  int period_days = 90;        // the DSO/CEI period, 1..366
  int paid_within_days = 14;   // reminders paid within N days, 1..365
  std::string currency;        // empty: every currency
  std::string group;           // "", "customer" or "collector"
  std::string customer;        // one customer only (its number), or empty
  uint32_t limit = 0;          // rows per group list (0: all), by overdue amount
};

// The KPI set as JSON (docs/KPIS.md names every field). Throws arx::error:
// ARX_E_NOT_FOUND for an unknown company or customer, ARX_E_INVALID_ARGUMENT
// for a period, N or group out of range.
nlohmann::json compute(db::context &ctx, const kpi_request &request);

}  // namespace arx::analytics
