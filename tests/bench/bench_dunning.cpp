// Dunning: how fast a run is beside the floor (docs/BENCHMARKS.md).
//
// A seeded ledger: customers with open invoices whose due dates spread over
// the last four months and the next one. For each database (SQLite, and
// PostgreSQL when ARX_TEST_PG_DB is set) it measures
//   - the first run (every overdue customer gets its first reminder),
//   - the run two weeks later (escalation: fees and interest booked as fee
//     invoices and open items in the ERP),
//   - a rerun of that date (nothing new to do),
// each beside the floor: reading the same open items and writing the same
// notices and notice items in bulk, in one transaction, nothing decided.
// The runs decide and book; composing the documents (template, letter PDF,
// invoice copies, outbox jobs) is measured apart on a smaller ledger, as
// notices per second, because it renders PDFs rather than moving rows.
//
//   arx_bench_dunning [--customers N] [--items-per-customer K] [--compose-customers N (0: none)]
//                     [--database sqlite|postgresql] [--no-db] [--out FILE]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/money.hpp"
#include "db/batch.hpp"
#include "dunning/run.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"
#include "common.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

const arx::core::date first_run = arx::core::parse_date("2026-12-01");
const arx::core::date second_run = arx::core::parse_date("2026-12-15");

// Customers 1..n, k open items each; item amounts 50.00..5,000.00, a quarter
// partly paid; due dates from 120 days before the first run to 30 after.
void load_ledger(arx::db::context &ctx, size_t customers, size_t per_customer, bool with_lines) {
  auto &s = ctx.sql();
  soci::transaction tx(s);
  s << "INSERT INTO erp_company (id, code, name, currency, country, iban, email, street, city, postcode, vat_id) "
       "VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE', 'DE02120300000000202051', 'ar@muster.example', 'Hauptstr. 1', "
       "'Berlin', '10115', 'DE123456789')";
  std::mt19937_64 rng(2026);
  arx::db::row_batch cust({"id", "number", "name", "language", "email"});
  static const char *languages[] = {"de", "de", "en", "nl"};
  for (size_t c = 1; c <= customers; ++c) {
    cust.add_row();
    cust.set("id", static_cast<int64_t>(c));
    cust.set("number", "K" + std::to_string(100000 + c));
    cust.set("name", "Kunde " + std::to_string(c) + " GmbH");
    cust.set("language", std::string(languages[c % 4]));
    cust.set("email", "ap" + std::to_string(c) + "@kunde.example");
  }
  cust.execute(s, "INSERT INTO erp_customer (id, company_id, number, name, country, language, email, street, city, "
                  "postcode) VALUES (:id, 1, :number, :name, 'DE', :language, :email, 'Weg 2', 'Hamburg', '20095')",
               5000);
  arx::db::row_batch invoices({"id", "customer_id", "number", "issue_date", "due_date", "net", "gross"});
  arx::db::row_batch lines({"id", "invoice_id", "price", "net"});
  arx::db::row_batch items({"id", "customer_id", "invoice_id", "due_date", "original", "open"});
  int64_t id = 0;
  for (size_t c = 1; c <= customers; ++c)
    for (size_t k = 0; k < per_customer; ++k) {
      ++id;
      const int64_t gross = 5000 + static_cast<int64_t>(rng() % 495001);
      const int64_t open = rng() % 4 == 0 ? gross / 3 : gross;
      const int offset = static_cast<int>(rng() % 151) - 120;
      const auto due = arx::core::add_days(first_run, offset);
      invoices.add_row();
      invoices.set("id", id);
      invoices.set("customer_id", static_cast<int64_t>(c));
      invoices.set("number", "RE-" + std::to_string(1000000 + id));
      invoices.set("issue_date", arx::core::format_date(arx::core::add_days(due, -30)));
      invoices.set("due_date", arx::core::format_date(due));
      invoices.set("net", arx::core::format_minor(gross, 2));
      invoices.set("gross", arx::core::format_minor(gross, 2));
      if (with_lines) {
        lines.add_row();
        lines.set("id", id);
        lines.set("invoice_id", id);
        lines.set("price", arx::core::format_minor(gross, 2));
        lines.set("net", arx::core::format_minor(gross, 2));
      }
      items.add_row();
      items.set("id", id);
      items.set("invoice_id", id);
      items.set("customer_id", static_cast<int64_t>(c));
      items.set("due_date", arx::core::format_date(due));
      items.set("original", arx::core::format_minor(gross, 2));
      items.set("open", arx::core::format_minor(open, 2));
    }
  invoices.execute(s, "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, "
                      "currency, net_amount, tax_amount, gross_amount, state) VALUES (:id, 1, :customer_id, :number, "
                      "'invoice', :issue_date, :due_date, 'EUR', :net, '0.00', :gross, 'posted')",
                   5000);
  lines.execute(s, "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, "
                   "net_amount, tax_category, tax_percent) VALUES (:id, :invoice_id, 1, 'Ware', 1, 'C62', :price, :net, 'E', 0)",
                5000);
  items.execute(s, "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                   "original_amount, open_amount) VALUES (:id, 1, :customer_id, :invoice_id, :due_date, 'EUR', :original, :open)",
                5000);
  tx.commit();
}

// The floor: read the open items the run reads (one query over the whole
// ledger) and write as many notices and notice items as the run wrote, in
// bulk, in one transaction; rolled back.
double floor_seconds(arx::db::context &ctx, size_t notices, size_t notice_items, size_t fee_invoices = 0) {
  auto &s = ctx.sql();
  const auto t = clock_type::now();
  soci::transaction tx(s);
  long long cid = 1, lo = 0, hi = INT64_MAX;
  {
    constexpr size_t n = 10000;
    std::vector<std::vector<std::string>> cols(9, std::vector<std::string>(n));
    std::vector<std::vector<soci::indicator>> inds(9, std::vector<soci::indicator>(n));
    soci::statement st(s);
    st.exchange(soci::use(cid, "company_id"));
    st.exchange(soci::use(lo, "first_customer"));
    st.exchange(soci::use(hi, "last_customer"));
    for (size_t c = 0; c < 9; ++c) st.exchange(soci::into(cols[c], inds[c]));
    st.alloc();
    st.prepare(ctx.profile().sql("dunning.open_items"));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
    }
  }
  arx::db::row_batch head({"run_id", "customer_id", "customer_number"});
  for (size_t i = 0; i < notices; ++i) {
    head.add_row();
    head.set("run_id", int64_t{999999});
    head.set("customer_id", static_cast<int64_t>(i + 1));
    head.set("customer_number", "K" + std::to_string(100000 + i + 1));
  }
  head.execute(s, "INSERT INTO arx_dunning_notice (run_id, company_id, customer_id, customer_number, currency, level, "
                  "procedure_code, channel, template, language, overdue_total, fee, interest, interest_rate, total_due, "
                  "pay_by, state, created_at) VALUES (:run_id, 1, :customer_id, :customer_number, 'EUR', 1, 'standard', "
                  "'email', 'reminder', 'de', '100.00', '0.00', '0.00', '10.27', '100.00', '2026-12-11', 'decided', 1)");
  arx::db::row_batch lines({"notice_id", "seq", "open_item_id", "invoice_id"});
  for (size_t i = 0; i < notice_items; ++i) {
    lines.add_row();
    lines.set("notice_id", static_cast<int64_t>(1'000'000'000 + i / 10));
    lines.set("seq", static_cast<int64_t>(i % 10));
    lines.set("open_item_id", static_cast<int64_t>(i + 1));
    lines.set("invoice_id", static_cast<int64_t>(i + 1));
  }
  lines.execute(s, "INSERT INTO arx_dunning_notice_item (notice_id, seq, open_item_id, invoice_id, invoice_number, kind, "
                   "due_date, open_amount, days_overdue, level, escalated, interest, interest_days) VALUES (:notice_id, "
                   ":seq, :open_item_id, :invoice_id, 'RE-1', 'invoice', '2026-11-01', '100.00', 30, 1, 1, '0.00', 0)");
  // The fee invoices the run booked: invoice, fee and interest lines, open item.
  if (fee_invoices) {
    arx::db::row_batch inv({"id", "customer_id", "number", "reference"}), fee_lines({"id", "invoice_id", "line_no"}),
        fee_items({"id", "customer_id", "invoice_id"});
    for (size_t i = 0; i < fee_invoices; ++i) {
      const auto id = static_cast<int64_t>(2'000'000'000 + i), customer = static_cast<int64_t>(i + 1);
      inv.add_row();
      inv.set("id", id);
      inv.set("customer_id", customer);
      inv.set("number", "FLOOR-" + std::to_string(i));
      inv.set("reference", "FLOOR-" + std::to_string(i));
      for (int64_t line = 1; line <= 2; ++line) {
        fee_lines.add_row();
        fee_lines.set("id", id * 2 + line);
        fee_lines.set("invoice_id", id);
        fee_lines.set("line_no", line);
      }
      fee_items.add_row();
      fee_items.set("id", id);
      fee_items.set("customer_id", customer);
      fee_items.set("invoice_id", id);
    }
    inv.execute(s, "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                   "net_amount, tax_amount, gross_amount, state, payment_reference) VALUES (:id, 1, :customer_id, "
                   ":number, 'fee', '2026-12-15', '2026-12-25', 'EUR', '12.34', '0.00', '12.34', 'posted', :reference)");
    fee_lines.execute(s, "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, "
                         "unit_price, net_amount, tax_category, tax_percent) VALUES (:id, :invoice_id, :line_no, "
                         "'Mahngebühr 2026-12-15', 1, 'C62', '6.17', '6.17', 'O', NULL)");
    fee_items.execute(s, "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                         "original_amount, open_amount) VALUES (:id, 1, :customer_id, :invoice_id, '2026-12-25', 'EUR', "
                         "'12.34', '12.34')");
  }
  const double elapsed = seconds_since(t);
  tx.rollback();
  return elapsed;
}

json timed_run(arx::db::context &ctx, arx::core::date as_of, bool compose) {
  arx::dunning::run_request r;
  r.company = "DE01";
  r.as_of = as_of;
  r.summary = true;
  r.compose = compose;
  const auto t = clock_type::now();
  json out = arx::dunning::run(ctx, r);
  out["seconds"] = seconds_since(t);
  return out;
}

json database_run(const std::string &kind, const std::string &conn, size_t customers, size_t per_customer) {
  arx::db::context ctx(arx::bench::settings_for(conn));
  arx::bench::install_fresh(ctx, kind);
  auto t = clock_type::now();
  load_ledger(ctx, customers, per_customer, false);
  const double load = seconds_since(t);
  json runs = json::array();
  for (const auto &[label, date] : {std::pair{"first run", first_run}, std::pair{"escalation run", second_run},
                                    std::pair{"rerun", second_run}}) {
    const json r = timed_run(ctx, date, false);
    const size_t notices = r["totals"]["new_in_this_call"]["notices"].get<size_t>();
    const size_t items = r["totals"]["items"].get<size_t>();
    const std::string name = label;
    // The floor writes what this call wrote (nothing for the rerun: it reads only).
    const double floor = floor_seconds(ctx, notices, name == "rerun" ? 0 : items);
    // The same with the fee invoices this call booked (a notice with a fee or interest books one).
    long long fee_invoices = 0;
    const std::string as_of = r["as_of"].get<std::string>();
    if (name != "rerun")
      ctx.sql() << "SELECT COUNT(*) FROM arx_dunning_notice n JOIN arx_dunning_run r ON r.id = n.run_id "
                   "WHERE r.as_of = :d AND n.fee_invoice_id IS NOT NULL",
          soci::use(as_of, "d"), soci::into(fee_invoices);
    const double floor_booked =
        fee_invoices ? floor_seconds(ctx, notices, items, static_cast<size_t>(fee_invoices)) : floor;
    std::fprintf(stderr, "  %s %s: %.2f s (%zu notices, %lld fee invoices), floor %.2f s, with fee invoices %.2f s; "
                 "phases %s\n", kind.c_str(), label, r["seconds"].get<double>(), notices, fee_invoices, floor,
                 floor_booked, r["phases"].dump().c_str());
    runs.push_back({{"run", label},
                    {"as_of", r["as_of"]},
                    {"seconds", r["seconds"]},
                    {"floor_seconds", floor},
                    {"run_vs_floor", r["seconds"].get<double>() / floor},
                    {"fee_invoices", fee_invoices},
                    {"floor_with_fee_invoices_seconds", floor_booked},
                    {"run_vs_floor_with_fee_invoices", r["seconds"].get<double>() / floor_booked},
                    {"new_notices", notices},
                    {"totals", r["totals"]},
                    {"phases", r["phases"]}});
  }
  return {{"database", kind}, {"load_seconds", load}, {"runs", runs}};
}

// Composing: a smaller ledger, one run with its documents.
json compose_run(const std::string &kind, const std::string &conn, size_t customers) {
  arx::db::context ctx(arx::bench::settings_for(conn));
  arx::bench::install_fresh(ctx, kind);
  load_ledger(ctx, customers, 10, true);
  const json decided = timed_run(ctx, first_run, false);
  const auto t = clock_type::now();
  const json r = timed_run(ctx, first_run, true);
  const double seconds = seconds_since(t);
  const double composed = r["documents"]["composed"].get<double>();
  std::fprintf(stderr, "  %s compose: %.0f notices in %.2f s\n", kind.c_str(), composed, seconds);
  return {{"database", kind},
          {"customers", customers},
          {"notices", composed},
          {"seconds", seconds},
          {"notices_per_second", composed / seconds},
          {"documents", r["documents"]},
          {"decide_seconds", decided["seconds"]}};
}

}  // namespace

int main(int argc, char **argv) {
  size_t customers = 100000, per_customer = 10, compose_customers = 1000;
  bool with_db = true;
  std::string only_database;  // --database sqlite|postgresql: just that one
  std::string out = ARX_BENCH_DEFAULT_OUT;
  if (!arx::bench::read_arguments(argc, argv,
                                  {.numbers = {{"--customers", &customers}, {"--items-per-customer", &per_customer},
                                               {"--compose-customers", &compose_customers}},
                                   .texts = {{"--out", &out}, {"--database", &only_database}},
                                   .flags = {{"--no-db", &with_db}}},
                                  "usage: arx_bench_dunning [--customers N] [--items-per-customer K] "
                                  "[--compose-customers N] [--database sqlite|postgresql] [--no-db] [--out FILE]"))
    return 2;
  const std::string load_at_start = arx::bench::load_average();
  json results = {{"customers", customers}, {"open_items", customers * per_customer}};
  json summary = json::array();
  if (with_db) {
    const std::string file = arx::bench::sqlite_file("dunning");
    const auto dbs = arx::bench::databases(file);
    json runs = json::array(), compose = json::array();
    for (const auto &[kind, conn] : dbs) {
      if (!only_database.empty() && kind != only_database) continue;
      std::filesystem::remove(file);
      std::fprintf(stderr, "dunning: %zu customers, %zu open items on %s\n", customers, customers * per_customer,
                   kind.c_str());
      runs.push_back(database_run(kind, conn, customers, per_customer));
      std::filesystem::remove(file);
      if (compose_customers) {
        compose.push_back(compose_run(kind, conn, compose_customers));
        std::filesystem::remove(file);
        summary.push_back(arx::bench::metric(kind + " compose", compose.back()["notices_per_second"], "notices/s"));
      }
      for (const auto &r : runs.back()["runs"]) {
        const std::string name = kind + " " + r["run"].get<std::string>() + " / floor";
        summary.push_back(arx::bench::metric(name, r["run_vs_floor"], "x"));
        if (r["fee_invoices"].get<long long>() > 0)
          summary.push_back(arx::bench::metric(name + " with fee invoices", r["run_vs_floor_with_fee_invoices"], "x"));
      }
    }
    results["end_to_end"] = runs;
    results["compose"] = compose;
  }
  arx::bench::write_report("dunning", load_at_start, summary, results, out);
  return 0;
}
