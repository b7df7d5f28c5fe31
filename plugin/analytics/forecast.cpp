#include "analytics/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "analytics/kpi.hpp"
#include "analytics/params.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "db/text_rows.hpp"
#include "erp/company.hpp"

namespace arx::analytics {

using nlohmann::json;

void delay_history::add(int delay_days, double weight, int64_t count) {
  if (weight <= 0) return;
  const int d = std::clamp(delay_days, min_delay, max_delay);
  mass[static_cast<size_t>(d - min_delay)] += weight;
  total += weight;
  observations += count;
}

double week_estimate::low() const { return std::max(0.0, expected - 1.645 * sigma); }
double week_estimate::high() const { return expected + 1.645 * sigma; }

forecast_result forecast_items(const std::vector<forecast_item> &items,
                               const std::map<int64_t, delay_history> &histories, const delay_history &pool,
                               core::date as_of, int weeks) {
  forecast_result out;
  out.weeks.resize(static_cast<size_t>(weeks));
  const size_t n = pool.mass.size();
  std::vector<const forecast_item *> order;
  order.reserve(items.size());
  for (const auto &i : items) order.push_back(&i);
  std::sort(order.begin(), order.end(), [](const auto *a, const auto *b) { return a->customer_id < b->customer_id; });

  // tail[k] = probability of a delay >= min_delay + k, for the current customer.
  std::vector<double> tail(n + 1, 0.0);
  std::vector<double> spread(static_cast<size_t>(weeks), 0.0);  // the customer's sum of A sqrt(p(1-p)) per week
  auto flush = [&] {
    for (size_t w = 0; w < spread.size(); ++w) {
      out.weeks[w].sigma += spread[w] * spread[w];
      spread[w] = 0;
    }
  };
  int64_t current = -1;
  for (size_t idx = 0; idx < order.size(); ++idx) {
    const forecast_item &it = *order[idx];
    if (it.customer_id != current) {
      if (current != -1) flush();
      current = it.customer_id;
      const auto h = histories.find(current);
      const double own = h == histories.end() ? 0.0 : static_cast<double>(h->second.observations);
      const double w = own / (own + prior_weight);
      tail[n] = 0;
      for (size_t k = n; k-- > 0;) {
        double p = pool.total > 0 ? (1.0 - w) * pool.mass[k] / pool.total : 0.0;
        if (h != histories.end() && h->second.total > 0) p += w * h->second.mass[k] / h->second.total;
        if (pool.total <= 0 && h != histories.end() && h->second.total > 0) p = h->second.mass[k] / h->second.total;
        tail[k] = tail[k + 1] + p;
      }
    }
    out.open_total += it.amount;
    const int age = core::days_between(it.due, as_of);  // days past due at as_of
    // P(delay > age) = tail at index age + 1 - min_delay.
    auto tail_at = [&](int delay) -> double {
      if (delay < min_delay) return tail[0];
      if (delay > max_delay) return 0.0;
      return tail[static_cast<size_t>(delay - min_delay)];
    };
    const double alive = tail_at(age + 1);
    if (alive <= 1e-12) {
      out.no_history += it.amount;
      continue;
    }
    double used = 0;
    for (int w = 0; w < weeks; ++w) {
      // arrival day offset t = delay - age in [7w + 1, 7w + 7]
      const double p = (tail_at(age + 7 * w + 1) - tail_at(age + 7 * w + 8)) / alive;
      if (p <= 0) continue;
      const double a = static_cast<double>(it.amount);
      out.weeks[static_cast<size_t>(w)].expected += a * p;
      spread[static_cast<size_t>(w)] += a * std::sqrt(p * (1.0 - p));
      used += p;
    }
    out.beyond += static_cast<double>(it.amount) * std::max(0.0, 1.0 - used);
  }
  if (current != -1) flush();
  for (auto &w : out.weeks) w.sigma = std::sqrt(w.sigma);
  return out;
}

namespace {

using db::text_rows;

int64_t rounded(double v) { return static_cast<int64_t>(std::llround(v)); }

struct currency_input {
  std::vector<forecast_item> items;
  std::map<int64_t, delay_history> histories;
  delay_history pool;
};

// Open items at `as_of` and the delays learned up to it, per currency.
std::map<std::string, currency_input> load(db::context &ctx, int64_t company_id, core::date as_of,
                                           int history_days, const std::string &only) {
  std::map<std::string, currency_input> in;
  soci::session &sql = ctx.sql();
  const long long cid = company_id;
  const std::string d = core::format_date(as_of);
  const std::string since = core::format_date(core::add_days(as_of, -history_days));
  {
    const std::string text = ctx.profile().sql("analytics.open_at");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n[0] == 'c') return cid;
      return d;
    });
    text_rows(5, 5000).run(sql, text, std::ref(bind), [&](const text_rows &r) {
      const std::string cur = r.text(2);
      if (!only.empty() && cur != only) return;
      const auto due = r.date(3);
      const int64_t amount = hundredths_to_minor(r.integer(4), core::currency_exponent(cur));
      if (amount <= 0) return;
      in[cur].items.push_back({r.integer(0), r.integer(1), due ? *due : as_of, amount});
    });
  }
  {
    const std::string text = ctx.profile().sql("analytics.paid_items");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n == "company_id") return cid;
      if (n == "since") return since;
      return d;
    });
    text_rows(6, 5000).run(sql, text, std::ref(bind), [&](const text_rows &r) {
      const std::string cur = r.text(1);
      if (!only.empty() && cur != only) return;
      const int delay = core::days_between(*r.date(2), *r.date(3));
      const double weight = static_cast<double>(r.integer(4));
      const int64_t count = r.integer(5);
      auto &c = in[cur];
      c.histories[r.integer(0)].add(delay, weight, count);
      c.pool.add(delay, weight, count);
    });
  }
  return in;
}

json week_json(core::date as_of, int w, const week_estimate &e, const std::string &cur) {
  const int exponent = core::currency_exponent(cur);
  return {{"week", w + 1},
          {"start", core::format_date(core::add_days(as_of, 7 * w + 1))},
          {"end", core::format_date(core::add_days(as_of, 7 * w + 7))},
          {"expected", core::format_minor(rounded(e.expected), exponent)},
          {"low", core::format_minor(rounded(e.low()), exponent)},
          {"high", core::format_minor(rounded(e.high()), exponent)}};
}

void check(const forecast_request &rq) {
  if (rq.weeks < 1 || rq.weeks > 52) invalid_argument("weeks must be 1..52, not " + std::to_string(rq.weeks));
  if (rq.history_days < 30 || rq.history_days > 1095)
    invalid_argument("history_days must be 30..1095, not " + std::to_string(rq.history_days));
  if (!rq.currency.empty() && !core::is_currency(rq.currency))
    invalid_argument("currency '" + rq.currency + "' is not an ISO 4217 code");
}

}  // namespace

json forecast(db::context &ctx, const forecast_request &rq) {
  check(rq);
  const erp::company co = erp::find_company(ctx, rq.company);
  auto in = load(ctx, co.id, rq.as_of, rq.history_days, rq.currency);
  json out = {{"company", co.code}, {"as_of", core::format_date(rq.as_of)}, {"weeks", rq.weeks},
              {"currencies", json::array()}};
  for (auto &[cur, c] : in) {
    if (c.items.empty()) continue;
    const forecast_result f = forecast_items(c.items, c.histories, c.pool, rq.as_of, rq.weeks);
    const int exponent = core::currency_exponent(cur);
    json weeks = json::array();
    double total = 0;
    for (int w = 0; w < rq.weeks; ++w) {
      weeks.push_back(week_json(rq.as_of, w, f.weeks[static_cast<size_t>(w)], cur));
      total += f.weeks[static_cast<size_t>(w)].expected;
    }
    out["currencies"].push_back({{"currency", cur},
                                 {"open_total", core::format_minor(f.open_total, exponent)},
                                 {"weeks", weeks},
                                 {"expected_total", core::format_minor(rounded(total), exponent)},
                                 {"beyond_horizon", core::format_minor(rounded(f.beyond), exponent)},
                                 {"not_forecast", core::format_minor(f.no_history, exponent)},
                                 {"customers_learned", c.histories.size()},
                                 {"observations", c.pool.observations}});
  }
  return out;
}

json backtest(db::context &ctx, const forecast_request &rq) {
  check(rq);
  const erp::company co = erp::find_company(ctx, rq.company);
  const core::date start = core::add_days(rq.as_of, -7 * rq.weeks);
  auto in = load(ctx, co.id, start, rq.history_days, rq.currency);

  // What arrived afterwards, per item and day.
  std::unordered_map<int64_t, std::vector<std::pair<core::date, int64_t>>> arrived;
  {
    const long long cid = co.id;
    const std::string f = core::format_date(start), t = core::format_date(rq.as_of);
    const std::string text = ctx.profile().sql("analytics.receipts");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n == "c") return cid;
      if (n == "f") return f;
      return t;
    });
    text_rows(3, 5000).run(ctx.sql(), text, std::ref(bind), [&](const text_rows &r) {
      arrived[r.integer(0)].emplace_back(*r.date(1), r.integer(2));
    });
  }
  json out = {{"company", co.code},
              {"as_of", core::format_date(rq.as_of)},
              {"forecast_as_of", core::format_date(start)},
              {"weeks", rq.weeks},
              {"currencies", json::array()}};
  for (auto &[cur, c] : in) {
    if (c.items.empty()) continue;
    const int exponent = core::currency_exponent(cur);
    const forecast_result f = forecast_items(c.items, c.histories, c.pool, start, rq.weeks);
    std::vector<int64_t> actual(static_cast<size_t>(rq.weeks), 0), naive(static_cast<size_t>(rq.weeks), 0);
    for (const auto &it : c.items) {
      const int offset = std::max(1, core::days_between(start, it.due));
      if (offset <= 7 * rq.weeks) naive[static_cast<size_t>((offset - 1) / 7)] += it.amount;
      const auto a = arrived.find(it.id);
      if (a == arrived.end()) continue;
      for (const auto &[day, hundredths] : a->second) {
        const int t = core::days_between(start, day);
        if (t >= 1 && t <= 7 * rq.weeks) actual[static_cast<size_t>((t - 1) / 7)] += hundredths_to_minor(hundredths, exponent);
      }
    }
    json weeks = json::array();
    double err = 0, naive_err = 0, total = 0;
    int64_t actual_total = 0, naive_total = 0;
    int inside = 0;
    for (int w = 0; w < rq.weeks; ++w) {
      const week_estimate &e = f.weeks[static_cast<size_t>(w)];
      const int64_t act = actual[static_cast<size_t>(w)], nv = naive[static_cast<size_t>(w)];
      json j = week_json(start, w, e, cur);
      const bool in_band = static_cast<double>(act) >= std::floor(e.low()) && static_cast<double>(act) <= std::ceil(e.high());
      j["actual"] = core::format_minor(act, exponent);
      j["due_date_forecast"] = core::format_minor(nv, exponent);
      j["inside"] = in_band;
      inside += in_band ? 1 : 0;
      err += std::abs(e.expected - static_cast<double>(act));
      naive_err += std::abs(static_cast<double>(nv - act));
      total += e.expected;
      actual_total += act;
      naive_total += nv;
      weeks.push_back(std::move(j));
    }
    auto pct = [&](double e) -> json {
      if (actual_total <= 0) return nullptr;
      return std::round(e / static_cast<double>(actual_total) * 1000.0) / 10.0;
    };
    out["currencies"].push_back({{"currency", cur},
                                 {"open_total", core::format_minor(f.open_total, exponent)},
                                 {"weeks", weeks},
                                 {"expected_total", core::format_minor(rounded(total), exponent)},
                                 {"actual_total", core::format_minor(actual_total, exponent)},
                                 {"due_date_total", core::format_minor(naive_total, exponent)},
                                 {"wape", pct(err)},
                                 {"due_date_wape", pct(naive_err)},
                                 {"weeks_inside", inside}});
  }
  return out;
}

}  // namespace arx::analytics
