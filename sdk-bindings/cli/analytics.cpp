// Human-readable output of the analytics commands (kpi, forecast, dashboard).
#include <ostream>

#include "cli.hpp"

namespace arx::cli {

namespace {

std::string field(const json &o, const char *name) {
  return o.is_object() && o.contains(name) ? scalar_text(o.at(name)) : std::string();
}

std::string days(const json &o, const char *name) {
  const std::string v = field(o, name);
  return v == "-" || v.empty() ? "-" : v + " days";
}

std::string percent(const json &o, const char *name) {
  const std::string v = field(o, name);
  return v == "-" || v.empty() ? "-" : v + " %";
}

const json &member(const json &o, const char *name) {
  static const json empty = json::object();
  return o.is_object() && o.contains(name) && o.at(name).is_object() ? o.at(name) : empty;
}

}  // namespace

void print_kpis(std::ostream &out, const json &k) {
  if (!k.is_object() || !k.contains("currencies")) {
    print_document(out, k);
    return;
  }
  const json &period = member(k, "period");
  out << "Receivables KPIs of " << field(k, "company");
  if (k.contains("customer")) out << ", customer " << field(k, "customer");
  out << " as of " << field(k, "as_of") << " (period " << field(period, "from") << " .. " << field(period, "to")
      << ", " << field(period, "days") << " days)\n";
  for (const json &c : k.at("currencies")) {
    const std::string cur = field(c, "currency");
    out << "\n" << cur << "\n";
    std::vector<std::vector<std::string>> rows{
        {"AR total", field(c, "ar_total") + " " + cur},
        {"overdue", field(c, "overdue") + " " + cur},
        {"DSO", days(c, "dso")},
        {"countback DSO", days(c, "countback_dso")},
        {"best possible DSO", days(c, "best_possible_dso")},
        {"ADD", days(c, "add")},
        {"CEI", percent(c, "cei")},
        {"over 90 days", field(c, "over_90") + " " + cur + " (" + percent(c, "over_90_share") + ")"}};
    const json &d = member(c, "disputes");
    rows.push_back({"disputed", field(d, "amount") + " " + cur + " in " + field(d, "open") + " disputes, average age " +
                                    days(d, "average_age_days")});
    const json &p = member(c, "promises");
    rows.push_back({"promises", field(p, "kept") + " kept, " + field(p, "broken") + " broken (" +
                                    percent(p, "kept_rate") + " kept), " + field(p, "open") + " open"});
    const json &r = member(c, "reminders");
    rows.push_back({"reminders", field(r, "sent") + " sent, " + field(r, "paid_within") + " of " + field(r, "matured") +
                                     " paid within " + field(k, "paid_within_days") + " days (" +
                                     percent(r, "paid_rate") + ")"});
    if (c.contains("cash_application")) {
      const json &a = member(c, "cash_application");
      rows.push_back({"cash application", field(a, "lines") + " lines: straight through " + percent(a, "stp_rate") +
                                              " (" + percent(a, "stp_amount_rate") + " of the amount), matched " +
                                              percent(a, "match_rate") + " (" + percent(a, "match_amount_rate") +
                                              ")"});
    }
    print_indented_table(out, rows, 2);
    std::vector<std::vector<std::string>> aging{{"AGING", "AMOUNT", "ITEMS"}};
    for (const json &b : c.at("aging")) aging.push_back({field(b, "bucket"), field(b, "amount"), field(b, "count")});
    out << "\n";
    print_indented_table(out, aging, 2);
  }
  if (k.contains("delivery")) {
    const json &d = member(k, "delivery");
    out << "\nInvoices delivered in the period: " << field(d, "invoices") << ", electronically "
        << percent(d, "electronic_share") << ", as e-invoices " << percent(d, "einvoice_share") << "\n";
    if (d.contains("channels") && !d.at("channels").empty()) {
      std::vector<std::vector<std::string>> rows{{"CHANNEL", "INVOICES", "SENT", "SHARE"}};
      for (const json &ch : d.at("channels"))
        rows.push_back({field(ch, "channel"), field(ch, "invoices"), field(ch, "sent"), percent(ch, "share")});
      print_indented_table(out, rows, 2);
    }
  }
  for (const char *group : {"customers", "collectors"}) {
    if (!k.contains(group)) continue;
    const bool customers = std::string(group) == "customers";
    out << "\n";
    std::vector<std::vector<std::string>> rows{{customers ? "CUSTOMER" : "COLLECTOR", "CUR", "AR", "OVERDUE", "DSO",
                                                "ADD", "CEI", ">90 %", customers ? "OLDEST" : "CUSTOMERS"}};
    for (const json &g : k.at(group))
      rows.push_back({customers ? field(g, "customer_number") + " " + field(g, "name")
                                : (g.at("collector").is_null() ? std::string("(unassigned)") : field(g, "collector")),
                      field(g, "currency"), field(g, "ar_total"), field(g, "overdue"), field(g, "dso"),
                      field(g, "add"), field(g, "cei"), field(g, "over_90_share"),
                      customers ? days(g, "oldest_days_overdue") : field(g, "customers")});
    print_table(out, rows);
  }
}

void print_forecast(std::ostream &out, const json &f) {
  if (!f.is_object() || !f.contains("currencies")) {
    print_document(out, f);
    return;
  }
  const bool backtest = f.contains("forecast_as_of");
  out << (backtest ? "Forecast backtest of " : "Cash forecast of ") << field(f, "company");
  if (backtest) out << ": forecast as of " << field(f, "forecast_as_of") << ", compared with what arrived until ";
  else out << " as of ";
  out << field(f, "as_of") << "\n";
  for (const json &c : f.at("currencies")) {
    const std::string cur = field(c, "currency");
    out << "\n" << cur << ": open " << field(c, "open_total") << ", expected in " << field(f, "weeks") << " weeks "
        << field(c, "expected_total");
    if (backtest)
      out << ", arrived " << field(c, "actual_total") << "; error (WAPE) " << percent(c, "wape")
          << " against " << percent(c, "due_date_wape") << " from due dates alone; " << field(c, "weeks_inside")
          << " weeks inside the 90 % band\n";
    else
      out << ", later " << field(c, "beyond_horizon") << ", not forecast (older than any delay seen) "
          << field(c, "not_forecast") << "\n";
    std::vector<std::vector<std::string>> rows{{"WEEK", "FROM", "TO", "EXPECTED", "LOW", "HIGH"}};
    if (backtest) {
      rows[0].push_back("ARRIVED");
      rows[0].push_back("DUE DATES");
    }
    for (const json &w : c.at("weeks")) {
      rows.push_back({field(w, "week"), field(w, "start"), field(w, "end"), field(w, "expected"), field(w, "low"),
                      field(w, "high")});
      if (backtest) {
        rows.back().push_back(field(w, "actual") + (w.value("inside", false) ? "" : " *"));
        rows.back().push_back(field(w, "due_date_forecast"));
      }
    }
    print_indented_table(out, rows, 2);
  }
}

}  // namespace arx::cli
