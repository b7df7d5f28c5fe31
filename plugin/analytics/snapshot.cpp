#include "analytics/snapshot.hpp"

#include <vector>

#include "analytics/kpi.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/text_rows.hpp"
#include "db/uses.hpp"
#include "erp/company.hpp"

namespace arx::analytics {

using nlohmann::json;

namespace {

// The snapshot's columns after the key, with where they come from in the
// KPI JSON of a currency (a path; "delivery." paths are company-wide).
struct column {
  const char *name;
  const char *path;
  bool money;  // NOT NULL amounts (0 when absent) rather than nullable figures
};
constexpr column columns[] = {
    {"ar_total", "ar_total", true},
    {"ar_current", "ar_current", true},
    {"overdue", "overdue", true},
    {"over_90", "over_90", true},
    {"sales", "sales", true},
    {"dso", "dso", false},
    {"countback_dso", "countback_dso", false},
    {"best_possible_dso", "best_possible_dso", false},
    {"add_days", "add", false},
    {"cei", "cei", false},
    {"over_90_share", "over_90_share", false},
    {"disputed", "disputes.amount", true},
    {"promises_kept_rate", "promises.kept_rate", false},
    {"stp_rate", "cash_application.stp_rate", false},
    {"stp_amount_rate", "cash_application.stp_amount_rate", false},
    {"match_rate", "cash_application.match_rate", false},
    {"match_amount_rate", "cash_application.match_amount_rate", false},
    {"electronic_share", "delivery.electronic_share", false},
};

const json *at_path(const json &cur, const json &all, const std::string &path) {
  const json *node = &cur;
  std::string rest = path;
  if (rest.rfind("delivery.", 0) == 0) {
    node = all.contains("delivery") ? &all["delivery"] : nullptr;
    rest = rest.substr(9);
  }
  while (node) {
    const size_t dot = rest.find('.');
    const std::string key = rest.substr(0, dot);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    rest = rest.substr(dot + 1);
  }
  return node;
}

void check_period(int period_days) {
  if (period_days < 1 || period_days > 366)
    invalid_argument("period_days must be 1..366, not " + std::to_string(period_days));
}

}  // namespace

json snapshot(db::context &ctx, const std::string &company, core::date as_of, int period_days) {
  check_period(period_days);
  kpi_request rq;
  rq.company = company;
  rq.as_of = as_of;
  rq.period_days = period_days;
  const json k = compute(ctx, rq);
  const erp::company co = erp::find_company(ctx, company);
  soci::session &sql = ctx.sql();
  long long cid = co.id, created = core::now_unix();
  int period = period_days;
  std::string day = core::format_date(as_of), user = ctx.user();
  std::string insert = "INSERT INTO arx_kpi_snapshot (company_id, as_of, currency, period_days";
  std::string values = ") VALUES (:c, :d, :cur, :p";
  for (const auto &c : columns) {
    insert += std::string(", ") + c.name;
    values += std::string(", :") + c.name;
  }
  insert += ", reminders_sent, reminders_paid, created_at, created_by" + values + ", :rs, :rp, :at, :by)";
  json stored = json::array();
  soci::transaction tr(sql);
  sql << "DELETE FROM arx_kpi_snapshot WHERE company_id = :c AND as_of = :d AND period_days = :p", soci::use(cid, "c"),
      soci::use(day, "d"), soci::use(period, "p");
  for (const auto &cur : k["currencies"]) {
    std::string currency = cur["currency"].get<std::string>();
    std::vector<std::string> texts(std::size(columns));
    std::vector<soci::indicator> inds(std::size(columns), soci::i_ok);
    for (size_t i = 0; i < std::size(columns); ++i) {
      const json *v = at_path(cur, k, columns[i].path);
      if (v && v->is_string()) texts[i] = v->get<std::string>();
      else if (columns[i].money) texts[i] = "0";
      else inds[i] = soci::i_null;
    }
    long long sent = cur["reminders"]["sent"].get<long long>(), paid = cur["reminders"]["paid_within"].get<long long>();
    soci::statement st(sql);
    st.exchange(soci::use(cid, "c"));
    st.exchange(soci::use(day, "d"));
    st.exchange(soci::use(currency, "cur"));
    st.exchange(soci::use(period, "p"));
    for (size_t i = 0; i < std::size(columns); ++i) st.exchange(soci::use(texts[i], inds[i], columns[i].name));
    st.exchange(soci::use(sent, "rs"));
    st.exchange(soci::use(paid, "rp"));
    st.exchange(soci::use(created, "at"));
    st.exchange(soci::use(user, "by"));
    st.alloc();
    st.prepare(insert);
    st.define_and_bind();
    st.execute(true);
    stored.push_back(currency);
  }
  tr.commit();
  return {{"company", co.code}, {"as_of", day}, {"period_days", period_days}, {"stored", stored}};
}

json snapshot_range(db::context &ctx, const std::string &company, core::date from, core::date to, int every,
                    int period_days) {
  if (every < 1 || every > 366) invalid_argument("every must be 1..366 days, not " + std::to_string(every));
  if (to < from) invalid_argument("from " + core::format_date(from) + " is after to " + core::format_date(to));
  if (core::days_between(from, to) / every > 1000) invalid_argument("more than 1000 snapshots in one call");
  int n = 0;
  // From the end backwards, so that `to` is always one of them.
  std::vector<core::date> days;
  for (core::date d = to; d >= from; d = core::add_days(d, -every)) days.push_back(d);
  for (auto it = days.rbegin(); it != days.rend(); ++it) {
    snapshot(ctx, company, *it, period_days);
    ++n;
  }
  return {{"company", company},
          {"from", core::format_date(days.back())},
          {"to", core::format_date(to)},
          {"every", every},
          {"period_days", period_days},
          {"snapshots", n}};
}

json trend(db::context &ctx, const std::string &company, const std::string &currency, core::date to,
           int period_days, uint32_t limit) {
  check_period(period_days);
  const erp::company co = erp::find_company(ctx, company);
  long long cid = co.id;
  int period = period_days;
  std::string day = core::format_date(to);
  std::string cols = "as_of, currency";
  for (const auto &c : columns) cols += std::string(", ") + c.name;
  cols += ", reminders_sent, reminders_paid";
  std::vector<json> rows;
  const size_t n = 2 + std::size(columns) + 2;
  db::text_rows(n, 1000).run(
      ctx.sql(),
      "SELECT " + cols +
          " FROM arx_kpi_snapshot WHERE company_id = :c AND period_days = :p AND as_of <= :d ORDER BY "
          "as_of DESC, currency",
      db::uses({{"c", cid}, {"p", period}, {"d", day}}), [&](const db::text_rows &r) {
        if (!currency.empty() && r.text(1) != currency) return;
        json j = {{"as_of", core::format_date(*r.date(0))}, {"currency", r.text(1)}};
        for (size_t i = 0; i < std::size(columns); ++i) {
          const std::string key = std::string(columns[i].name) == "add_days" ? "add" : columns[i].name;
          j[key] = r.null(2 + i) ? json(nullptr) : json(r.text(2 + i));
        }
        j["reminders_sent"] = r.integer(n - 2);
        j["reminders_paid"] = r.integer(n - 1);
        rows.push_back(std::move(j));
      });
  if (limit && rows.size() > limit) rows.resize(limit);
  json out = json::array();
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) out.push_back(std::move(*it));
  return {{"company", co.code}, {"period_days", period_days}, {"snapshots", out}};
}

}  // namespace arx::analytics
