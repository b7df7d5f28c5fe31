// The analytics commands (kpi, kpi snapshot, kpi trend, forecast, dashboard)
// and how their results are shown.
#include <filesystem>
#include <fstream>
#include <ostream>

#include "commands.hpp"

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

// ---- the commands

namespace {

// ---- analytics: every command is one action of the plugin's analytics()

void analytics_call(session &s, const po::variables_map &vm, const char *action, json params,
                    void (*printer)(std::ostream &, const json &) = print_generic) {
  if (s.global().as_of && !params.contains("as_of") && !params.contains("from")) params["as_of"] = format_date(*s.explicit_date());
  s.emit(s.context().analytics(required_company(vm), action, params.dump()), printer);
}

// An action's parameters: the text options named in `texts` (see
// copy_options) and the whole-number options in `counts` (option -> key).
json action_params(const char *command, const po::variables_map &vm, std::initializer_list<const char *> texts,
                   std::initializer_list<std::pair<const char *, const char *>> counts) {
  json params = json::object();
  copy_options(vm, params, texts);
  for (const auto &[option, key] : counts)
    if (auto v = optional_value(vm, option))
      params[key] = parse_count(command, std::string("--") + option, *v, 100000);
  return params;
}

int run_kpi(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = action_params("kpi", vm, {"currency", "customer"},
                         {{"period", "period_days"}, {"paid-within", "paid_within_days"}, {"limit", "limit"}});
  if (auto by = optional_value(vm, "by")) p["group"] = *by;
  analytics_call(s, vm, "kpi", p, print_kpis);
  return 0;
}
int run_kpi_snapshot(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = action_params("kpi snapshot", vm, {"from", "to"}, {{"period", "period_days"}, {"every", "every"}});
  if (p.contains("from") && !p.contains("to")) p["to"] = format_date(s.business_date());
  analytics_call(s, vm, "snapshot", p);
  return 0;
}
int run_kpi_trend(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  analytics_call(s, vm, "trend",
                 action_params("kpi trend", vm, {"currency"}, {{"period", "period_days"}, {"limit", "limit"}}));
  return 0;
}
int run_forecast(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  const json p = action_params("forecast", vm, {"currency"}, {{"weeks", "weeks"}, {"history", "history_days"}});
  analytics_call(s, vm, vm["backtest"].as<bool>() ? "backtest" : "forecast", p, print_forecast);
  return 0;
}
int run_dashboard(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = action_params("dashboard", vm, {"currency"}, {});
  if (s.global().as_of) p["as_of"] = format_date(*s.explicit_date());
  const std::string page = s.context().analytics(required_company(vm), "dashboard", p.dump());
  const std::filesystem::path dir = vm["out"].as<std::string>();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw arx::host::error(ARX_E_INVALID_ARGUMENT, "cannot create " + dir.string() + ": " + ec.message());
  const std::filesystem::path file = dir / "index.html", part = dir / "index.html.part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << page;
    if (!out.flush()) throw arx::host::error(ARX_E_ERROR, "cannot write " + part.string());
  }
  std::filesystem::rename(part, file, ec);
  if (ec) throw arx::host::error(ARX_E_ERROR, "cannot write " + file.string() + ": " + ec.message());
  // The page carries its data; the headline is read back from it.
  json data = json::object();
  const std::string open = "<script id=\"arx-data\" type=\"application/json\">";
  const size_t a = page.find(open), b = a == std::string::npos ? a : page.find("</script>", a);
  if (b != std::string::npos) data = json::parse(page.substr(a + open.size(), b - a - open.size()), nullptr, false);
  json result = {{"page", file.string()}, {"bytes", page.size()},
                 {"headline", data.is_object() && data.contains("headline") ? data["headline"] : json(nullptr)},
                 {"currency", data.is_object() ? data.value("currency", "") : ""}};
  s.emit(result.dump(), [](std::ostream &out, const json &r) {
    out << "Dashboard written to " << scalar_text(r.at("page")) << " (" << scalar_text(r.at("bytes")) << " bytes)\n";
    const json &h = r.at("headline");
    if (!h.is_object()) return;
    const std::string cur = scalar_text(r.at("currency"));
    auto opt = [&](const char *k, const char *unit) {
      const std::string v = scalar_text(h.value(k, json(nullptr)));
      return v == "-" ? v : v + unit;
    };
    print_indented_table(out, {{"AR total", scalar_text(h.at("ar_total")) + " " + cur},
                               {"overdue", scalar_text(h.at("overdue")) + " " + cur},
                               {"DSO", opt("dso", " days")},
                               {"best possible DSO", opt("best_possible_dso", " days")},
                               {"ADD", opt("add", " days")},
                               {"CEI", opt("cei", " %")},
                               {"over 90 days", opt("over_90_share", " %")},
                               {"straight through", opt("stp_rate", " %")},
                               {"delivered electronically", opt("electronic_share", " %")}},
                         2);
  });
  return 0;
}

} // namespace

std::vector<command> analytics_commands() {
  return {
    {"kpi", "--company CODE [--as-of DATE] [--period DAYS] [--by customer|collector] [--json]",
     "Receivables KPIs as of a date: DSO (standard, countback, best possible), ADD, CEI, aging, disputes, "
     "promises, reminders, cash application and delivery rates", 0, 0,
     run_kpi,
     {company_required, value("period", "DAYS", "the DSO and CEI period (default 90)"),
      value("paid-within", "DAYS", "reminders paid within DAYS (default 14)"),
      value("currency", "CUR", "only this currency"), value("by", "GROUP", "also per customer or per collector"),
      value("customer", "NUMBER", "only this customer"),
      value("limit", "N", "at most N rows per group, by overdue amount")}},
    {"kpi snapshot", "--company CODE [--as-of DATE | --from DATE [--to DATE] [--every DAYS]] [--period DAYS]",
     "Store the KPIs of a date (the scheduled job), or of every DAYS days over a range", 0, 0, run_kpi_snapshot,
     {company_required, value("from", "DATE", "first date of a range"),
      value("to", "DATE", "last date of the range (default: the business date)"),
      value("every", "DAYS", "days between snapshots (default 7)"),
      value("period", "DAYS", "the DSO and CEI period (default 90)")}},
    {"kpi trend", "--company CODE [--currency CUR] [--limit N] [--period DAYS]",
     "The stored KPI snapshots up to the business date, oldest first", 0, 0, run_kpi_trend,
     {company_required, value("currency", "CUR", "only this currency"), value("limit", "N", "the last N snapshots"),
      value("period", "DAYS", "the period of the snapshots (default 90)")}},
    {"forecast", "--company CODE [--as-of DATE] [--weeks N] [--backtest]",
     "Expected receipts per week from each customer's payment habits, with a 90 % interval; --backtest "
     "compares the forecast made N weeks ago with what arrived", 0, 0,
     run_forecast,
     {company_required, value("weeks", "N", "weeks ahead (default 13)"),
      value("history", "DAYS", "days of payments to learn from (default 365)"),
      value("currency", "CUR", "only this currency"),
      flag("backtest", "forecast as of N weeks before the date and compare")}},
    {"dashboard", "--company CODE --out DIR [--as-of DATE] [--currency CUR]",
     "Write the receivables dashboard (one self-contained HTML page) to DIR/index.html", 0, 0, run_dashboard,
     {company_required, required("out", "DIR", "the folder to write to"),
      value("currency", "CUR", "the currency shown (default: the company's)")}},
  };
}

}  // namespace arx::cli
