// Analytics: the KPI set and the cash forecast beside the floor
// (docs/BENCHMARKS.md, "Analytics").
//
// A seeded ledger of one company: customers with items issued over the 450
// days before the as-of date, due 30 days later, each customer paying with
// its own habit (from 5 days early to 40 days late) in two instalments;
// what would have been paid after the as-of date is still open. Payments
// without an allocation (cash on account) bring the payments to the count
// asked for. For each database (SQLite, and PostgreSQL when ARX_TEST_PG_DB is
// set) it times, in one run:
//   - the KPI set (analytics::compute, company level) beside its floor: the
//     bare aggregates over the same rows (the items joined to their invoices,
//     and the allocations of the period joined to their payments);
//   - the KPI set per customer (every customer's row built and sorted);
//   - the forecast beside its floor: the bare aggregates over the items
//     joined to their invoices and the year's allocations joined to their
//     payments and items.
//
//   arx_bench_analytics [--customers N] [--items N] [--payments N] [--database sqlite|postgresql]
//                       [--out FILE]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/forecast.hpp"
#include "analytics/kpi.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "db/batch.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"
#include "common.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

const arx::core::date as_of = arx::core::parse_date("2026-12-01");

struct sizes {
  size_t customers = 100000, items = 1000000, payments = 2000000;
};

void load_ledger(arx::db::context &ctx, const sizes &n) {
  auto &s = ctx.sql();
  soci::transaction tx(s);
  s << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE')";
  arx::db::row_batch cust({"id", "number", "name"});
  for (size_t c = 1; c <= n.customers; ++c) {
    cust.add_row();
    cust.set("id", static_cast<int64_t>(c));
    cust.set("number", "K" + std::to_string(100000 + c));
    cust.set("name", "Kunde " + std::to_string(c) + " GmbH");
  }
  cust.execute(s, "INSERT INTO erp_customer (id, company_id, number, name, country) VALUES (:id, 1, :number, :name, "
                  "'DE')",
               5000);
  std::mt19937_64 rng(2026);
  arx::db::row_batch invoices({"id", "customer_id", "number", "issue_date", "due_date", "net", "gross"});
  arx::db::row_batch items({"id", "customer_id", "invoice_id", "due_date", "original", "open"});
  arx::db::row_batch payments({"id", "customer_id", "value_date", "amount"});
  arx::db::row_batch allocations({"id", "payment_id", "open_item_id", "amount"});
  int64_t payment_id = 0;
  auto pay = [&](int64_t customer, arx::core::date on, int64_t amount, int64_t item) {
    ++payment_id;
    payments.add_row();
    payments.set("id", payment_id);
    payments.set("customer_id", customer);
    payments.set("value_date", arx::core::format_date(on));
    payments.set("amount", arx::core::format_minor(amount, 2));
    if (item == 0) return;
    allocations.add_row();
    allocations.set("id", payment_id);
    allocations.set("payment_id", payment_id);
    allocations.set("open_item_id", item);
    allocations.set("amount", arx::core::format_minor(amount, 2));
  };
  // Everything at once, in the order of the foreign keys.
  auto flush = [&](bool all) {
    if (!all && allocations.rows() + payments.rows() < 50000) return;
    const size_t at = 1;
    if (invoices.rows() >= at)
      invoices.execute(s, "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, "
                          "currency, net_amount, tax_amount, gross_amount, state) VALUES (:id, 1, :customer_id, "
                          ":number, 'invoice', :issue_date, :due_date, 'EUR', :net, '0.00', :gross, 'posted')",
                       5000);
    if (items.rows() >= at)
      items.execute(s, "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                       "original_amount, open_amount) VALUES (:id, 1, :customer_id, :invoice_id, :due_date, 'EUR', :original, "
                       ":open)",
                    5000);
    if (payments.rows() >= at)
      payments.execute(s, "INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount) VALUES "
                          "(:id, 1, :customer_id, :value_date, 'EUR', :amount)",
                       5000);
    if (allocations.rows() >= at)
      allocations.execute(s, "INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind) VALUES "
                             "(:id, :payment_id, :open_item_id, :amount, 'payment')",
                          5000);
  };
  for (size_t i = 1; i <= n.items; ++i) {
    const auto id = static_cast<int64_t>(i);
    const auto customer = static_cast<int64_t>(1 + (i - 1) % n.customers);
    const int habit = static_cast<int>(customer % 10) * 5 - 5;  // -5 .. +40 days
    const auto issued = arx::core::add_days(as_of, -static_cast<int>(rng() % 450));
    const auto due = arx::core::add_days(issued, 30);
    const int64_t gross = 5000 + static_cast<int64_t>(rng() % 495001);
    const int64_t first = gross / 2;
    const auto first_on = arx::core::add_days(due, habit + static_cast<int>(rng() % 11) - 5);
    const auto second_on = arx::core::add_days(first_on, 14);
    int64_t open = gross;
    if (first_on <= as_of && payment_id < static_cast<int64_t>(n.payments)) {
      pay(customer, first_on, first, id);
      open -= first;
    }
    if (second_on <= as_of && open < gross && payment_id < static_cast<int64_t>(n.payments)) {
      pay(customer, second_on, gross - first, id);
      open = 0;
    }
    invoices.add_row();
    invoices.set("id", id);
    invoices.set("customer_id", customer);
    invoices.set("number", "RE-" + std::to_string(1000000 + id));
    invoices.set("issue_date", arx::core::format_date(issued));
    invoices.set("due_date", arx::core::format_date(due));
    invoices.set("net", arx::core::format_minor(gross, 2));
    invoices.set("gross", arx::core::format_minor(gross, 2));
    items.add_row();
    items.set("id", id);
    items.set("customer_id", customer);
    items.set("invoice_id", id);
    items.set("due_date", arx::core::format_date(due));
    items.set("original", arx::core::format_minor(gross, 2));
    items.set("open", arx::core::format_minor(open, 2));
    flush(false);
  }
  // Cash on account up to the payment count.
  while (payment_id < static_cast<int64_t>(n.payments)) {
    pay(static_cast<int64_t>(1 + rng() % n.customers), arx::core::add_days(as_of, -static_cast<int>(rng() % 450)),
        1000 + static_cast<int64_t>(rng() % 100000), 0);
    flush(false);
  }
  flush(true);
  tx.commit();
}

// Runs f and returns the seconds it took.
template <class F> double seconds_of(F &&f) {
  const auto t = clock_type::now();
  f();
  return seconds_since(t);
}

// Runs a query and reads its one row of aggregates as text.
double timed_aggregate(arx::db::context &ctx, const std::string &sql, const std::string &day) {
  const auto t = clock_type::now();
  std::string a, b;
  soci::indicator ia, ib;
  std::string d = day;
  if (sql.find(":d") != std::string::npos)
    ctx.sql() << sql, soci::into(a, ia), soci::into(b, ib), soci::use(d, "d");
  else
    ctx.sql() << sql, soci::into(a, ia), soci::into(b, ib);
  return seconds_since(t);
}

// A floor: an aggregate over the open items a computation reads plus one over
// the payments since `days` before the as-of date (bound as :d).
double floor_seconds(arx::db::context &ctx, const std::string &items_sql, const std::string &payments_sql,
                     int days) {
  const std::string since = arx::core::format_date(arx::core::add_days(as_of, -days));
  return timed_aggregate(ctx, items_sql, "") + timed_aggregate(ctx, payments_sql, since);
}

// The floor of the KPI set: the rows it reads, summed without the cases,
// buckets and groups.
double kpi_floor(arx::db::context &ctx) {
  return floor_seconds(ctx,
                       "SELECT COUNT(*), SUM(o.open_amount + o.original_amount) FROM erp_open_item o LEFT JOIN "
                       "erp_invoice i ON i.id = o.invoice_id WHERE o.company_id = 1 AND i.issue_date IS NOT NULL",
                       "SELECT COUNT(*), SUM(a.amount) FROM erp_payment_allocation a JOIN erp_payment p ON p.id = "
                       "a.payment_id WHERE p.company_id = 1 AND p.value_date > :d",
                       90);
}

// The floor of the forecast: the open items it reads and the year's payments.
double forecast_floor(arx::db::context &ctx) {
  return floor_seconds(ctx,
                       "SELECT COUNT(*), SUM(o.open_amount) FROM erp_open_item o LEFT JOIN erp_invoice i ON i.id = "
                       "o.invoice_id WHERE o.company_id = 1 AND i.issue_date IS NOT NULL",
                       "SELECT COUNT(*), SUM(a.amount) FROM erp_payment_allocation a JOIN erp_payment p ON p.id = "
                       "a.payment_id JOIN erp_open_item o ON o.id = a.open_item_id WHERE o.company_id = 1 AND "
                       "p.value_date > :d",
                       365);
}

json database_run(const std::string &kind, const std::string &conn, const sizes &n) {
  arx::db::context ctx(arx::bench::settings_for(conn));
  arx::bench::install_fresh(ctx, kind);
  auto t = clock_type::now();
  load_ledger(ctx, n);
  ctx.sql() << "ANALYZE";
  const double load = seconds_since(t);
  std::fprintf(stderr, "  %s: ledger loaded in %.1f s\n", kind.c_str(), load);
  // Warm the caches once, then measure each beside its floor.
  kpi_floor(ctx);
  json out = {{"database", kind}, {"load_seconds", load}};
  arx::analytics::kpi_request rq;
  rq.company = "DE01";
  rq.as_of = as_of;
  const double floor = kpi_floor(ctx);
  json k;
  const double kpi = seconds_of([&] { k = arx::analytics::compute(ctx, rq); });
  rq.group = "customer";
  rq.limit = 10;
  const double kpi_customers = seconds_of([&] { arx::analytics::compute(ctx, rq); });
  const double floor2 = kpi_floor(ctx);
  arx::analytics::forecast_request fr;
  fr.company = "DE01";
  fr.as_of = as_of;
  const double ffloor = forecast_floor(ctx);
  json f;
  const double fc = seconds_of([&] { f = arx::analytics::forecast(ctx, fr); });
  const json &eur = k["currencies"][0];
  std::fprintf(stderr,
               "  %s: KPIs %.2f s (floor %.2f s, again %.2f s), per customer %.2f s; forecast %.2f s (floor %.2f s); "
               "AR %s, DSO %s, CEI %s\n",
               kind.c_str(), kpi, floor, floor2, kpi_customers, fc, ffloor, eur["ar_total"].get<std::string>().c_str(),
               eur["dso"].dump().c_str(), eur["cei"].dump().c_str());
  const double fl = std::min(floor, floor2);
  out["kpi_seconds"] = kpi;
  out["kpi_floor_seconds"] = fl;
  out["kpi_vs_floor"] = kpi / fl;
  out["kpi_per_customer_seconds"] = kpi_customers;
  out["kpi_per_customer_vs_floor"] = kpi_customers / fl;
  out["forecast_seconds"] = fc;
  out["forecast_floor_seconds"] = ffloor;
  out["forecast_vs_floor"] = fc / ffloor;
  out["ar_total"] = eur["ar_total"];
  out["dso"] = eur["dso"];
  out["cei"] = eur["cei"];
  out["forecast_expected_total"] = f["currencies"][0]["expected_total"];
  return out;
}

}  // namespace

int run(int argc, char **argv);

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "arx_bench_analytics: %s\n", e.what());
    return 1;
  }
}

int run(int argc, char **argv) {
  sizes n;
  std::string only_database;
  std::string out = ARX_BENCH_DEFAULT_OUT;
  if (!arx::bench::read_arguments(argc, argv,
                                  {.numbers = {{"--customers", &n.customers}, {"--items", &n.items},
                                               {"--payments", &n.payments}},
                                   .texts = {{"--out", &out}, {"--database", &only_database}},
                                   .flags = {}},
                                  "usage: arx_bench_analytics [--customers N] [--items N] [--payments N] "
                                  "[--database sqlite|postgresql] [--out FILE]"))
    return 2;
  if (n.customers == 0 || n.items == 0) {
    std::fprintf(stderr, "arx_bench_analytics: --customers and --items must be at least 1\n");
    return 2;
  }
  const std::string load_at_start = arx::bench::load_average();
  const std::string file = arx::bench::sqlite_file("analytics");
  const auto dbs = arx::bench::databases(file);
  json runs = json::array(), summary = json::array();
  for (const auto &[kind, conn] : dbs) {
    if (!only_database.empty() && kind != only_database) continue;
    std::filesystem::remove(file);
    std::fprintf(stderr, "analytics: %zu customers, %zu items, %zu payments on %s\n", n.customers, n.items, n.payments,
                 kind.c_str());
    runs.push_back(database_run(kind, conn, n));
    if (!std::getenv("ARX_BENCH_KEEP_DB")) std::filesystem::remove(file);
    else std::fprintf(stderr, "  kept %s\n", file.c_str());
    summary.push_back(arx::bench::metric(kind + " KPIs / floor", runs.back()["kpi_vs_floor"], "x"));
    summary.push_back(
        arx::bench::metric(kind + " KPIs per customer / floor", runs.back()["kpi_per_customer_vs_floor"], "x"));
    summary.push_back(arx::bench::metric(kind + " forecast / floor", runs.back()["forecast_vs_floor"], "x"));
  }
  const json results = {{"customers", n.customers}, {"items", n.items}, {"payments", n.payments}, {"runs", runs}};
  arx::bench::write_report("analytics", load_at_start, summary, results, out);
  return 0;
}
