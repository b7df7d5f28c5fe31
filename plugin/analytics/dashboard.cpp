#include "analytics/dashboard.hpp"

#include <chrono>
#include <ctime>

#include "analytics/forecast.hpp"
#include "analytics/kpi.hpp"
#include "analytics/snapshot.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "erp/company.hpp"

namespace arx::analytics {

extern const char dashboard_template[];

using nlohmann::json;

namespace {

const json &field(const json &j, const char *key) {
  static const json null = nullptr;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

}  // namespace

json dashboard_data(db::context &ctx, const std::string &company, core::date as_of, const std::string &currency) {
  const erp::company co = erp::find_company(ctx, company);
  const std::string cur = currency.empty() ? co.currency : currency;
  kpi_request rq;
  rq.company = company;
  rq.as_of = as_of;
  rq.currency = cur;
  rq.group = "customer";
  rq.limit = 10;
  const json k = compute(ctx, rq);
  json c = json::object();
  for (const auto &x : k["currencies"])
    if (x["currency"] == cur) c = x;

  json data = {{"company", {{"code", co.code}, {"name", co.name}}},
               {"as_of", core::format_date(as_of)},
               {"currency", cur},
               {"generated_at", core::instant_text(core::now_unix())}};
  const json &cash = field(c, "cash_application");
  const json &delivery = field(k, "delivery");
  data["headline"] = {{"ar_total", c.empty() ? json("0") : c["ar_total"]},
                      {"overdue", c.empty() ? json("0") : c["overdue"]},
                      {"dso", field(c, "dso")},
                      {"countback_dso", field(c, "countback_dso")},
                      {"best_possible_dso", field(c, "best_possible_dso")},
                      {"add", field(c, "add")},
                      {"cei", field(c, "cei")},
                      {"over_90_share", field(c, "over_90_share")},
                      {"stp_rate", field(cash, "stp_rate")},
                      {"match_rate", field(cash, "match_rate")},
                      {"electronic_share", field(delivery, "electronic_share")},
                      {"disputed", c.empty() ? json("0") : c["disputes"]["amount"]},
                      {"promises_kept_rate", c.empty() ? json(nullptr) : c["promises"]["kept_rate"]}};
  data["aging"] = c.empty() ? json::array() : c["aging"];

  json points = json::array();
  const json stored = trend(ctx, company, cur, as_of, rq.period_days, 60);
  for (const auto &s : stored["snapshots"])
    points.push_back({{"as_of", s["as_of"]}, {"dso", s["dso"]}, {"cei", s["cei"]}, {"add", s["add"]},
                      {"stp_rate", s["stp_rate"]}});
  data["trend"] = points;

  forecast_request fr;
  fr.company = company;
  fr.as_of = as_of;
  fr.currency = cur;
  json weeks = json::array();
  const json expected = forecast(ctx, fr);
  for (const auto &f : expected["currencies"])
    if (f["currency"] == cur) weeks = f["weeks"];
  data["forecast"] = weeks;

  json top = json::array();
  for (const auto &r : k["customers"]) {
    if (core::parse_minor(r["overdue"].get<std::string>(), core::currency_exponent(cur)) <= 0) continue;
    top.push_back({{"customer", r["customer_number"]},
                   {"name", r["name"]},
                   {"overdue", r["overdue"]},
                   {"oldest_days", r["oldest_days_overdue"]},
                   {"collector", r["collector"]}});
  }
  data["top_overdue"] = top;

  json channels = json::array();
  for (const auto &ch : field(delivery, "channels"))
    channels.push_back({{"channel", ch["channel"]}, {"electronic", ch["electronic"]}, {"count", ch["invoices"]},
                        {"share", ch["share"]}});
  data["delivery"] = channels;
  return data;
}

std::string dashboard_page(const json &data) {
  std::string page = dashboard_template;
  const std::string marker = "{{ARX_DATA}}";
  const size_t at = page.find(marker);
  if (at == std::string::npos) fail(ARX_E_INTERNAL, "the dashboard page has no {{ARX_DATA}} marker");
  const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string escaped;
  escaped.reserve(text.size() + 64);
  for (const char ch : text) {
    if (ch == '<') escaped += "\\u003c";
    else escaped += ch;
  }
  page.replace(at, marker.size(), escaped);
  return page;
}

}  // namespace arx::analytics
