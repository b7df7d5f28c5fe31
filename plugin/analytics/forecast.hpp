// arx cash forecast: the receipts expected per week from the open items,
// each customer paying as it has paid before (docs/KPIS.md, "Cash forecast").
//
// Every customer has a learned distribution of payment delays (value date -
// due date, weighted by the amount paid) from the last year's payments,
// blended with the company's when it has few observations. An item open at
// the as-of date, `age` days past its due date, arrives on day due + delay
// with the delay drawn from that distribution given delay > age. The
// expectation per week sums amount x probability; the interval treats a
// customer's items as paid together (fully correlated) and customers as
// independent: sigma^2 = sum over customers of (sum of amount x sqrt(p(1-p)))^2,
// and the 90 % band is expected +- 1.645 sigma, not below 0.
//
// The figures are estimates, so they are computed in double and rounded to
// the currency's minor unit when reported; booked money never passes here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::analytics {

// Delays are clamped to this range (days relative to the due date).
inline constexpr int min_delay = -90;
inline constexpr int max_delay = 400;
// A customer's own history counts n / (n + prior_weight) against the company's.
inline constexpr double prior_weight = 5.0;

struct delay_history {
  std::vector<double> mass = std::vector<double>(max_delay - min_delay + 1, 0.0);
  double total = 0;
  int64_t observations = 0;
  void add(int delay_days, double weight, int64_t count);
};

struct forecast_item {
  int64_t customer_id = 0;
  int64_t id = 0;
  core::date due{};
  int64_t amount = 0;  // minor units, > 0
};

struct week_estimate {
  double expected = 0, sigma = 0;
  double low() const;
  double high() const;
};

struct forecast_result {
  std::vector<week_estimate> weeks;
  double beyond = 0;         // expected after the last week
  int64_t no_history = 0;    // open amount of items older than every delay seen: not forecast
  int64_t open_total = 0;
};

// The forecast of `items` (any order) as of `as_of` over `weeks` weeks
// (week k = days as_of+7(k-1)+1 .. as_of+7k). `histories` per customer;
// `pool` is the company's (every customer's) history.
forecast_result forecast_items(const std::vector<forecast_item> &items,
                               const std::map<int64_t, delay_history> &histories, const delay_history &pool,
                               core::date as_of, int weeks);

struct forecast_request {
  std::string company;
  core::date as_of{};
  int weeks = 13;            // 1..52
  int history_days = 365;    // 30..1095
  std::string currency;      // empty: every currency with open items
};

// {"company", "as_of", "weeks", "currencies": [{"currency", "open_total", "weeks": [{"week", "start",
// "end", "expected", "low", "high"}], "expected_total", "beyond_horizon", "not_forecast",
// "customers_learned", "observations"}]}.
nlohmann::json forecast(db::context &ctx, const forecast_request &request);

// The forecast made as of as_of - 7 x weeks from what was known then,
// beside what arrived for those items in each week, and beside a forecast
// from the due dates alone (each item on its due date, overdue ones in the
// first week): per currency "weeks": [{"week", "start", "end", "expected",
// "low", "high", "actual", "due_date_forecast", "inside"}], "actual_total",
// "expected_total", "due_date_total", "wape" (sum |expected - actual| /
// sum actual, percent), "due_date_wape", "weeks_inside".
nlohmann::json backtest(db::context &ctx, const forecast_request &request);

}  // namespace arx::analytics
