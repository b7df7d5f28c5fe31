// Cash application: how well and how fast (docs/BENCHMARKS.md).
//
// A seeded ledger (customers, open invoices) and bank lines paying it in the
// ways of plugin/cashapp/synthetic.hpp, with the truth of every line. For each
// size (lines x open items) it reports
//   - quality: straight-through rate of matchable lines, false applications
//     among applied lines, top-1 accuracy of suggestions, unmatched rate,
//     overall and per scenario;
//   - engine speed: lines decided per second on one core, in memory;
//   - end to end on SQLite (and on PostgreSQL when ARX_TEST_PG_DB is set):
//     import of the camt.053 files, the run (read the ledger, decide, write
//     back), beside the floor: reading the same open items and writing the
//     same payments, allocations and open amounts in bulk, in one transaction.
//
//   arx_bench_cashapp [--sizes 10000x100000,100000x1000000] [--no-db] [--out FILE]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cashapp/engine.hpp"
#include "cashapp/synthetic.hpp"
#include "db/batch.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"
#include "common.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;
namespace syn = arx::cashapp::synthetic;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

struct size_spec {
  size_t lines, items;
};

// Is an applied (or proposed) allocation what the truth says?
bool correct(const arx::cashapp::ledger &l, const arx::cashapp::proposal &p, const syn::truth &t) {
  if (!t.matchable || p.customer_id != t.customer_id) return false;
  std::map<int64_t, int64_t> got, want;
  for (const auto &a : p.allocations) got[l.items()[a.item].id] += a.minor;
  for (const auto &[id, minor] : t.allocations) want[id] += minor;
  return got == want;
}

struct tally {
  int64_t lines = 0, matchable = 0, applied = 0, applied_wrong = 0, suggested = 0, suggested_top1 = 0, unmatched = 0;
  json to_json() const {
    auto ratio = [](int64_t a, int64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
    return {{"lines", lines},
            {"matchable", matchable},
            {"applied", applied},
            {"applied_wrong", applied_wrong},
            {"suggested", suggested},
            {"unmatched", unmatched},
            {"straight_through_rate", ratio(applied - applied_wrong, matchable)},
            {"false_application_rate", ratio(applied_wrong, applied)},
            {"suggestion_top1_accuracy", ratio(suggested_top1, suggested)},
            {"unmatched_rate", ratio(unmatched, lines)}};
  }
};

json engine_run(const syn::ledger_rows &rows, const std::vector<syn::payment> &payments) {
  arx::cashapp::model m;
  const auto t_build = clock_type::now();
  arx::cashapp::ledger l("EUR", 2, arx::cashapp::engine_settings{}, m);
  syn::fill(l, rows);
  const double build = seconds_since(t_build);

  std::vector<arx::cashapp::payment_line> lines;
  lines.reserve(payments.size());
  for (const auto &p : payments) {
    arx::cashapp::payment_line x;
    x.line_id = static_cast<int64_t>(lines.size() + 1);
    x.amount_minor = p.line.amount.minor();
    x.value_date = p.line.value_date;
    x.payer_name = p.line.payer_name;
    x.payer_account = p.line.payer_account;
    x.ultimate_payer = p.line.ultimate_payer;
    x.remittance = p.line.remittance;
    lines.push_back(std::move(x));
  }
  tally all;
  std::map<std::string, tally> per;
  const auto t = clock_type::now();
  std::vector<arx::cashapp::decision> decisions;
  decisions.reserve(lines.size());
  for (const auto &x : lines) {
    decisions.push_back(l.decide(x));
    if (decisions.back().status == arx::cashapp::decision_status::applied) l.apply(decisions.back().ranked.front());
  }
  const double decide = seconds_since(t);
  // Scoring after the clock stopped; `correct` looks at the ledger's items,
  // which do not move (only open amounts change).
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto &d = decisions[i];
    const auto &truth = payments[i].expected;
    for (tally *x : {&all, &per[std::string(syn::scenario_name(truth.kind))]}) {
      ++x->lines;
      if (truth.matchable) ++x->matchable;
      if (d.status == arx::cashapp::decision_status::applied) {
        ++x->applied;
        if (!correct(l, d.ranked.front(), truth)) {
          ++x->applied_wrong;
          if (x == &all && std::getenv("ARX_BENCH_EXPLAIN")) {
            std::string why;
            for (const auto &reason : d.reasons) why += reason + "; ";
            std::fprintf(stderr, "wrong %s: paid %s text '%s' name '%s' -> customer %lld (truth %lld): %s\n",
                         std::string(syn::scenario_name(truth.kind)).c_str(), payments[i].line.amount.to_string().c_str(),
                         payments[i].line.remittance.c_str(), payments[i].line.payer_name.c_str(),
                         static_cast<long long>(d.ranked.front().customer_id), static_cast<long long>(truth.customer_id),
                         why.c_str());
          }
        }
      } else if (d.status == arx::cashapp::decision_status::suggested) {
        ++x->suggested;
        if (correct(l, d.ranked.front(), truth)) ++x->suggested_top1;
      } else {
        ++x->unmatched;
      }
    }
  }
  json per_json = json::object();
  for (const auto &[k, v] : per) per_json[k] = v.to_json();
  return {{"ledger_build_seconds", build},
          {"decide_seconds", decide},
          {"lines_per_second", static_cast<double>(lines.size()) / decide},
          {"overall", all.to_json()},
          {"per_scenario", per_json}};
}

// ---- the database side ------------------------------------------------------

void load_ledger(arx::db::context &ctx, const syn::ledger_rows &rows) {
  auto &s = ctx.sql();
  soci::transaction tx(s);
  s << "INSERT INTO erp_company (id, code, name, currency, country, iban) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', "
       "'DE', 'DE02120300000000202051')";
  arx::db::row_batch customers({"id", "number", "name"});
  arx::db::row_batch accounts({"id", "customer_id", "iban"});
  for (const auto &c : rows.customers) {
    customers.add_row();
    customers.set("id", c.id);
    customers.set("number", c.number);
    customers.set("name", c.name);
    if (!c.iban.empty()) {
      accounts.add_row();
      accounts.set("id", c.id);
      accounts.set("customer_id", c.id);
      accounts.set("iban", c.iban);
    }
  }
  customers.execute(s, "INSERT INTO erp_customer (id, company_id, number, name, country) VALUES (:id, 1, :number, "
                       ":name, 'DE')", 5000);
  accounts.execute(s, "INSERT INTO erp_customer_bank_account (id, customer_id, iban) VALUES (:id, :customer_id, :iban)",
                   5000);
  arx::db::row_batch invoices({"id", "customer_id", "number", "issue_date", "due_date", "net", "gross", "pct", "pct_date"});
  arx::db::row_batch items({"id", "customer_id", "invoice_id", "due_date", "original", "open"});
  for (const auto &it : rows.items) {
    const std::string amount = arx::core::format_minor(it.open_minor, 2);
    invoices.add_row();
    invoices.set("id", it.id);
    invoices.set("customer_id", it.customer_id);
    invoices.set("number", it.number);
    invoices.set("issue_date", arx::core::format_date(it.issue_date));
    invoices.set("due_date", arx::core::format_date(it.due_date));
    invoices.set("net", amount);
    invoices.set("gross", amount);
    if (it.discount_date) {
      invoices.set("pct", arx::core::format_scaled(it.discount_basis_points, 2));
      invoices.set("pct_date", arx::core::format_date(*it.discount_date));
    } else {
      invoices.set_null("pct");
      invoices.set_null("pct_date");
    }
    items.add_row();
    items.set("id", it.id);
    items.set("customer_id", it.customer_id);
    items.set("invoice_id", it.id);
    items.set("due_date", arx::core::format_date(it.due_date));
    items.set("original", amount);
    items.set("open", amount);
  }
  invoices.execute(s, "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, "
                      "currency, net_amount, tax_amount, gross_amount, state, cash_discount_percent, "
                      "cash_discount_date) VALUES (:id, 1, :customer_id, :number, 'invoice', :issue_date, :due_date, "
                      "'EUR', :net, '0.00', :gross, 'posted', :pct, :pct_date)", 5000);
  items.execute(s, "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                   "original_amount, open_amount) VALUES (:id, 1, :customer_id, :invoice_id, :due_date, 'EUR', :original, "
                   ":open)", 5000);
  tx.commit();
}

// The floor: read what the run reads and write what it writes, in bulk, with
// nothing decided. Rolled back, so the run finds the same ledger.
double floor_seconds(arx::db::context &ctx, const syn::ledger_rows &rows, const std::vector<syn::payment> &payments) {
  auto &s = ctx.sql();
  const auto t = clock_type::now();
  soci::transaction tx(s);
  long long cid = 1;
  std::string ccy = "EUR";
  size_t n = 0;
  {
    std::vector<std::string> c0(10000), c1(10000), c2(10000), c3(10000), c4(10000), c5(10000), c6(10000), c7(10000),
        c8(10000), c9(10000);
    std::vector<soci::indicator> i0(10000), i1(10000), i2(10000), i3(10000), i4(10000), i5(10000), i6(10000),
        i7(10000), i8(10000), i9(10000);
    soci::statement st = (s.prepare << ctx.profile().sql("cashapp.open_items"), soci::use(cid, "company_id"),
                          soci::use(ccy, "currency"), soci::into(c0, i0), soci::into(c1, i1), soci::into(c2, i2),
                          soci::into(c3, i3), soci::into(c4, i4), soci::into(c5, i5), soci::into(c6, i6),
                          soci::into(c7, i7), soci::into(c8, i8), soci::into(c9, i9));
    st.execute(false);
    while (st.fetch()) n += c0.size();
  }
  {
    std::vector<std::string> a(10000), b(10000), c(10000), d(10000);
    std::vector<soci::indicator> ia(10000), ib(10000), ic(10000), id(10000);
    soci::statement st = (s.prepare << ctx.profile().sql("customers.by_company"), soci::use(cid, "company_id"),
                          soci::into(a, ia), soci::into(b, ib), soci::into(c, ic), soci::into(d, id));
    st.execute(false);
    while (st.fetch()) n += a.size();
  }
  arx::db::row_batch pays({"id", "company_id", "customer_id", "value_date", "currency", "amount", "payer_name",
                           "payer_iban", "bank_reference", "remittance_text"});
  arx::db::row_batch allocs({"id", "payment_id", "open_item_id", "amount", "kind"});
  std::vector<long long> ids;
  std::vector<std::string> expected, after;
  std::map<int64_t, int64_t> open_of;
  for (const auto &it : rows.items) open_of[it.id] = it.open_minor;
  int64_t pid = 1'000'000'000, aid = 1'000'000'000;
  for (const auto &p : payments) {
    if (!p.expected.matchable) continue;
    pays.add_row();
    pays.set("id", ++pid);
    pays.set("company_id", int64_t{1});
    pays.set("customer_id", p.expected.customer_id);
    pays.set("value_date", arx::core::format_date(*p.line.value_date));
    pays.set("currency", ccy);
    pays.set("amount", p.line.amount.to_string());
    pays.set("payer_name", p.line.payer_name);
    pays.set("payer_iban", p.line.payer_account);
    pays.set("bank_reference", p.line.bank_reference);
    pays.set("remittance_text", p.line.remittance);
    for (const auto &[item, minor] : p.expected.allocations) {
      allocs.add_row();
      allocs.set("id", ++aid);
      allocs.set("payment_id", pid);
      allocs.set("open_item_id", item);
      allocs.set("amount", arx::core::format_minor(minor, 2));
      allocs.set("kind", std::string("payment"));
      ids.push_back(item);
      expected.push_back(arx::core::format_minor(open_of[item], 2));
      after.push_back(arx::core::format_minor(open_of[item] - minor, 2));
    }
  }
  {
    soci::statement st = (s.prepare << ctx.profile().sql("settle.item"), soci::use(after, "open_amount"),
                          soci::use(ids, "open_item_id"), soci::use(expected, "expected"));
    st.execute(true);
  }
  pays.execute(s, ctx.profile().sql("apply.payment"));
  allocs.execute(s, ctx.profile().sql("apply.allocation"));
  const double elapsed = seconds_since(t);
  tx.rollback();
  (void)n;
  return elapsed;
}

json database_run(const std::string &kind, const std::string &conn, const syn::ledger_rows &rows,
                  const std::vector<syn::payment> &payments, arx::core::date on) {
  arx::db::context ctx(arx::bench::settings_for(conn));
  arx::bench::install_fresh(ctx, kind);
  auto t = clock_type::now();
  load_ledger(ctx, rows);
  const double load = seconds_since(t);

  // Bank files of 1,000 lines each: a day's statement of a busy account.
  t = clock_type::now();
  size_t files = 0;
  for (size_t first = 0; first < payments.size(); first += 1000) {
    const std::vector<syn::payment> part(payments.begin() + static_cast<ptrdiff_t>(first),
                                         payments.begin() + static_cast<ptrdiff_t>(std::min(payments.size(), first + 1000)));
    arx::service::statement_import_request r;
    r.bytes = syn::camt053("BENCH-" + std::to_string(++files), "DE02120300000000202051", "EUR", part, on);
    r.source_name = "bench-" + std::to_string(files) + ".xml";
    arx::service::statement_import(ctx, r);
  }
  const double import = seconds_since(t);

  const double floor = floor_seconds(ctx, rows, payments);
  t = clock_type::now();
  arx::cashapp::run_request r;
  r.company = "DE01";
  const json totals = arx::service::cashapp_run(ctx, r);
  const double run = seconds_since(t);
  return {{"database", kind},       {"load_seconds", load},        {"import_seconds", import},
          {"import_files", files},  {"floor_seconds", floor},      {"run_seconds", run},
          {"run_vs_floor", run / floor}, {"totals", totals}};
}

}  // namespace

int main(int argc, char **argv) {
  std::vector<size_spec> sizes = {{10000, 100000}, {100000, 1000000}};
  bool with_db = true;
  std::string out = ARX_BENCH_DEFAULT_OUT;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-db") with_db = false;
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::string list = argv[++i];
      size_t pos = 0;
      while (pos < list.size()) {
        const size_t comma = std::min(list.find(',', pos), list.size());
        const std::string one = list.substr(pos, comma - pos);
        const size_t x = one.find('x');
        sizes.push_back({std::stoul(one.substr(0, x)), std::stoul(one.substr(x + 1))});
        pos = comma + 1;
      }
    } else if (a == "--repetitions" || a == "--min-time") {
      ++i;  // scripts/bench's common arguments; one pass here
    } else {
      std::fprintf(stderr, "usage: arx_bench_cashapp [--sizes LINESxITEMS,...] [--no-db] [--out FILE]\n");
      return 2;
    }
  }
  const std::string load_at_start = arx::bench::load_average();
  const arx::core::date on = arx::core::parse_date("2026-12-01");
  json results = json::array();
  for (const auto &size : sizes) {
    std::fprintf(stderr, "cashapp: %zu lines against %zu open items\n", size.lines, size.items);
    const syn::ledger_rows rows = syn::make_ledger(std::max<size_t>(size.items / 10, 10), size.items, 2026, on);
    const std::vector<syn::payment> payments = syn::make_payments(rows, size.lines, 7, on, "EUR");
    json r = {{"lines", payments.size()}, {"open_items", rows.items.size()}, {"customers", rows.customers.size()}};
    r["engine"] = engine_run(rows, payments);
    std::fprintf(stderr, "  engine: %.0f lines/s, straight-through %.4f, false applications %.5f\n",
                 r["engine"]["lines_per_second"].get<double>(),
                 r["engine"]["overall"]["straight_through_rate"].get<double>(),
                 r["engine"]["overall"]["false_application_rate"].get<double>());
    if (with_db) {
      json dbs = json::array();
      const std::string file = arx::bench::sqlite_file("cashapp");
      std::filesystem::remove(file);
      dbs.push_back(database_run("sqlite", "DRIVER=SQLite3;Database=" + file, rows, payments, on));
      std::filesystem::remove(file);
      std::fprintf(stderr, "  sqlite: run %.2f s, floor %.2f s\n", dbs.back()["run_seconds"].get<double>(),
                   dbs.back()["floor_seconds"].get<double>());
      if (const char *pg = std::getenv("ARX_TEST_PG_DB")) {
        dbs.push_back(database_run("postgresql", pg, rows, payments, on));
        std::fprintf(stderr, "  postgresql: run %.2f s, floor %.2f s\n", dbs.back()["run_seconds"].get<double>(),
                     dbs.back()["floor_seconds"].get<double>());
      }
      r["end_to_end"] = dbs;
    }
    results.push_back(r);
  }
  // The headline figures for scripts/bench's summary.
  json summary = json::array();
  for (const auto &r : results) {
    const std::string size = std::to_string(r["lines"].get<size_t>()) + " lines x " +
                             std::to_string(r["open_items"].get<size_t>()) + " items";
    const json &o = r["engine"]["overall"];
    summary.push_back(arx::bench::metric("straight-through, " + size, o["straight_through_rate"], ""));
    summary.push_back(arx::bench::metric("false applications, " + size, o["false_application_rate"], ""));
    summary.push_back(arx::bench::metric("engine, " + size, r["engine"]["lines_per_second"], "lines/s"));
    if (r.contains("end_to_end"))
      for (const auto &e : r["end_to_end"])
        summary.push_back(
            arx::bench::metric(e["database"].get<std::string>() + " run / floor, " + size, e["run_vs_floor"], "x"));
  }
  arx::bench::write_report("cashapp", load_at_start, summary, results, out);
  return 0;
}
