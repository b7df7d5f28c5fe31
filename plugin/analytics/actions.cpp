#include "analytics/actions.hpp"

#include <map>

#include "analytics/dashboard.hpp"
#include "analytics/forecast.hpp"
#include "analytics/kpi.hpp"
#include "analytics/snapshot.hpp"
#include "core/error.hpp"
#include "core/action_table.hpp"
#include "core/params.hpp"

namespace arx::analytics {

using nlohmann::json;

namespace {

using params = core::action_params;
using handler = std::string (*)(db::context &, const std::string &, const params &);

std::string text_of(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

int small(const params &p, const char *key, int fallback) {
  const int64_t v = p.integer(key, false, fallback);
  if (v < -100000 || v > 100000) invalid_argument(std::string("analytics parameter '") + key + "' is out of range");
  return static_cast<int>(v);
}

// What every analytics request names: the company, the as-of date (today when
// not given) and the currency (empty: all).
template <class Request>
Request request_of(db::context &ctx, const std::string &company, const params &p) {
  Request r;
  r.company = company;
  r.as_of = p.date("as_of").value_or(ctx.today());
  r.currency = p.text("currency");
  return r;
}

forecast_request forecast_of(db::context &ctx, const std::string &company, const params &p) {
  auto r = request_of<forecast_request>(ctx, company, p);
  r.weeks = small(p, "weeks", 13);
  r.history_days = small(p, "history_days", 365);
  p.done();
  return r;
}

// The dashboard's data, for the page and for a host that draws its own.
json dashboard_of(db::context &ctx, const std::string &company, const params &p) {
  const auto d = p.date("as_of");
  const std::string currency = p.text("currency");
  p.done();
  return dashboard_data(ctx, company, d ? *d : ctx.today(), currency);
}

const std::map<std::string, handler> &handlers() {
  static const std::map<std::string, handler> h = {
      {"kpi",
       [](db::context &ctx, const std::string &company, const params &p) {
         auto r = request_of<kpi_request>(ctx, company, p);
         r.period_days = small(p, "period_days", 90);
         r.paid_within_days = small(p, "paid_within_days", 14);
         r.group = p.text("group");
         r.customer = p.text("customer");
         r.limit = static_cast<uint32_t>(std::max(0, small(p, "limit", 0)));
         p.done();
         return text_of(compute(ctx, r));
       }},
      {"forecast",
       [](db::context &ctx, const std::string &company, const params &p) {
         return text_of(forecast(ctx, forecast_of(ctx, company, p)));
       }},
      {"backtest",
       [](db::context &ctx, const std::string &company, const params &p) {
         return text_of(backtest(ctx, forecast_of(ctx, company, p)));
       }},
      {"snapshot",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto d = p.date("as_of"), from = p.date("from"), to = p.date("to");
         const int period = small(p, "period_days", 90), every = small(p, "every", 7);
         p.done();
         if (from || to) {
           if (d) invalid_argument("analytics action 'snapshot': give as_of or from/to, not both");
           return text_of(snapshot_range(ctx, company, from ? *from : ctx.today(), to ? *to : ctx.today(), every, period));
         }
         return text_of(snapshot(ctx, company, d ? *d : ctx.today(), period));
       }},
      {"trend",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto d = p.date("as_of");
         const std::string currency = p.text("currency");
         const int period = small(p, "period_days", 90), limit = small(p, "limit", 0);
         p.done();
         return text_of(trend(ctx, company, currency, d ? *d : ctx.today(), period,
                              static_cast<uint32_t>(std::max(0, limit))));
       }},
      {"dashboard_data",
       [](db::context &ctx, const std::string &company, const params &p) {
         return text_of(dashboard_of(ctx, company, p));
       }},
      {"dashboard",
       [](db::context &ctx, const std::string &company, const params &p) {
         return dashboard_page(dashboard_of(ctx, company, p));
       }},
  };
  return h;
}

}  // namespace

std::string analytics_action(db::context &ctx, const std::string &company, const std::string &action,
                             const std::string &text) {
  return core::call_action(handlers(), "analytics", action, text, ctx, company);
}

}  // namespace arx::analytics
