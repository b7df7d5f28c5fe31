// arx demo on a real database: what it reports is what is in the tables, the
// ledger it writes is consistent, and it never fills an ERP twice.
#include "core/money.hpp"
#include "db/profile.hpp"
#include "fixture.hpp"

namespace arx::test {

class demo_data : public db_test {
protected:
  nlohmann::json run(uint64_t seed = 11) {
    return service::demo_generate(ctx(), {.seed = seed, .customers = 40, .invoices = 400, .as_of = arx_date{2026, 6, 30}});
  }
};

TEST_F(demo_data, reports_what_is_in_the_tables) {
  install();
  auto report = run();
  EXPECT_EQ(report.at("as_of"), "2026-06-30");
  const auto &rows = report.at("rows");
  for (auto table : {"erp_company", "erp_customer", "erp_customer_bank_account", "erp_invoice", "erp_invoice_line",
                     "erp_open_item", "erp_payment", "erp_payment_allocation"}) {
    EXPECT_EQ(rows.at(table).get<long long>(), count(table)) << table;
    EXPECT_GT(count(table), 0) << table;
  }
  EXPECT_EQ(count("erp_company"), 3);
  EXPECT_EQ(count("erp_invoice"), 3 * 400);
}

TEST_F(demo_data, ledger_is_consistent_to_the_cent) {
  install();
  run();
  // Per open item: original, open and the sum of its allocations, as exact
  // decimal text (the profile macro makes SQLite's REALs exact), then checked
  // in integer minor units: open = original - allocated.
  std::string sql = db::expand_macros(
      "SELECT o.id, o.currency, @money(o.original_amount), @money(o.open_amount), "
      "@money(COALESCE((SELECT SUM(a.amount) FROM erp_payment_allocation a WHERE a.open_item_id = o.id), 0)) "
      "FROM erp_open_item o ORDER BY o.id",
      ctx().db().kind(), "test");
  long long items = count("erp_open_item");
  std::vector<long long> ids(static_cast<size_t>(items) + 1);
  std::vector<std::string> ccy(ids.size()), orig(ids.size()), open(ids.size()), alloc(ids.size());
  ctx().sql() << sql, soci::into(ids), soci::into(ccy), soci::into(orig), soci::into(open), soci::into(alloc);
  ASSERT_EQ(static_cast<long long>(ids.size()), items);
  size_t partly_paid = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto o = core::money::from_db(orig[i], ccy[i]), op = core::money::from_db(open[i], ccy[i]),
         a = core::money::from_db(alloc[i], ccy[i]);
    EXPECT_EQ(op, o - a) << "open item " << ids[i];
    if (!a.is_zero() && !op.is_zero()) ++partly_paid;
  }
  EXPECT_GT(partly_paid, 0u) << "the demo has partially paid items";
}

namespace {
// What a ledger looks like in a few numbers: rows per table and open totals.
std::string fingerprint(db::context &c) {
  std::string f;
  std::vector<std::string> table(20);
  std::vector<long long> rows(20);
  c.sql() << c.profile().sql("erp.row_counts"), soci::into(table), soci::into(rows);
  for (size_t i = 0; i < table.size(); ++i) f += table[i] + "=" + std::to_string(rows[i]) + ",";
  for (long long company : {1LL, 2LL, 3LL}) {
    std::vector<std::string> ccy(10), sum(10);
    std::vector<long long> cnt(10);
    c.sql() << c.profile().sql("open_items.totals"), soci::use(company, "company_id"), soci::into(ccy),
        soci::into(cnt), soci::into(sum);
    for (size_t i = 0; i < ccy.size(); ++i) f += ccy[i] + ":" + std::to_string(cnt[i]) + ":" + sum[i] + ";";
  }
  return f;
}
}  // namespace

TEST_F(demo_data, the_same_seed_gives_the_same_ledger) {
  install();
  run(5);
  std::string first = fingerprint(ctx());
  start_over();
  install();
  run(5);
  EXPECT_EQ(fingerprint(ctx()), first);
  start_over();
  install();
  run(6);
  EXPECT_NE(fingerprint(ctx()), first);
}

TEST_F(demo_data, refuses_an_erp_that_already_holds_data) {
  install();
  run();
  long long invoices = count("erp_invoice");
  std::string msg;
  EXPECT_EQ(status_of([&] { run(); }, &msg), ARX_E_CONFLICT);
  EXPECT_NE(msg.find("already holds"), std::string::npos) << msg;
  EXPECT_EQ(count("erp_invoice"), invoices);
}

TEST_F(demo_data, requires_the_reference_schema) {
  service::schema_install(ctx(), 0); // arx only, no ERP tables
  std::string msg;
  EXPECT_EQ(status_of([&] { run(); }, &msg), ARX_E_SCHEMA);
  EXPECT_NE(msg.find("--erp-schema"), std::string::npos) << msg;
}

}  // namespace arx::test
