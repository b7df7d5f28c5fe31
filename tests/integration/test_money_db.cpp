// Money round-trips exactly through the database: written as decimal text,
// read through the profile's statements (@money), parsed into minor units.
#include "core/money.hpp"
#include "erp/company.hpp"
#include "fixture.hpp"

namespace arx::test {

class money_db : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    install();
    auto &s = ctx().sql();
    s << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'EU', 'Euro GmbH', 'EUR', 'DE')";
    s << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (2, 'JP', 'Yen KK', 'JPY', 'JP')";
    s << "INSERT INTO erp_customer (id, company_id, number, name) VALUES (10, 1, 'C1', 'Kunde AG')";
    s << "INSERT INTO erp_customer (id, company_id, number, name) VALUES (20, 2, 'C1', 'Kokyaku')";
  }

  // Adds an open item with the amount as decimal text, the way arx writes.
  void item(int64_t id, int64_t company, int64_t customer, const std::string &currency, const std::string &amount) {
    ctx().sql() << "INSERT INTO erp_open_item (id, company_id, customer_id, currency, original_amount, open_amount) "
                   "VALUES (:id, :co, :cu, :ccy, :a, :b)",
        soci::use(id), soci::use(company), soci::use(customer), soci::use(currency), soci::use(amount),
        soci::use(amount);
  }

  // The open total of a company per the profile's statement.
  core::money total(int64_t company, const std::string &currency) {
    std::string ccy, sum;
    long long n = 0;
    ctx().sql() << ctx().profile().sql("open_items.totals"), soci::use(company, "company_id"), soci::into(ccy),
        soci::into(n), soci::into(sum);
    EXPECT_EQ(ccy, currency);
    return core::money::from_db(sum, currency);
  }

  std::vector<core::money> items(int64_t company) {
    std::vector<long long> id(100), cust(100), inv(100);
    std::vector<std::string> due(100), ccy(100), orig(100), open(100);
    std::vector<soci::indicator> inv_i(100), due_i(100);
    ctx().sql() << ctx().profile().sql("open_items.by_company"), soci::use(company, "company_id"), soci::into(id),
        soci::into(cust), soci::into(inv, inv_i), soci::into(due, due_i), soci::into(ccy), soci::into(orig),
        soci::into(open);
    std::vector<core::money> out;
    for (size_t i = 0; i < id.size(); ++i) out.push_back(core::money::from_db(open[i], ccy[i]));
    return out;
  }
};

TEST_F(money_db, tenth_plus_two_tenths_is_exactly_three_tenths) {
  item(1, 1, 10, "EUR", "0.10");
  item(2, 1, 10, "EUR", "0.20");
  auto t = total(1, "EUR");
  EXPECT_EQ(t.minor(), 30);
  EXPECT_EQ(t.to_string(), "0.30");
  EXPECT_EQ(t, core::money::parse("0.10", "EUR") + core::money::parse("0.20", "EUR"));
}

TEST_F(money_db, amounts_near_ten_to_the_fifteen_minor_units) {
  // 9,999,999,999,999.99 = 10^15 - 1 cents, and its negative.
  item(1, 1, 10, "EUR", "9999999999999.99");
  item(2, 1, 10, "EUR", "-9999999999999.98");
  item(3, 1, 10, "EUR", "1234567890123.45");
  auto all = items(1);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].minor(), 999999999999999);
  EXPECT_EQ(all[1].minor(), -999999999999998);
  EXPECT_EQ(all[2].minor(), 123456789012345);
  EXPECT_EQ(total(1, "EUR").minor(), 999999999999999 - 999999999999998 + 123456789012345);
}

TEST_F(money_db, large_sums_stay_exact) {
  // Seven amounts of 9,999,999,999,999.99 and one cent: a sum of binary
  // floating point numbers is a cent off here; arx's sum is not.
  for (int i = 1; i <= 7; ++i) item(i, 1, 10, "EUR", "9999999999999.99");
  item(8, 1, 10, "EUR", "0.01");
  EXPECT_EQ(total(1, "EUR").to_string(), "69999999999999.94");
}

TEST_F(money_db, negative_credit_notes_reduce_the_total) {
  item(1, 1, 10, "EUR", "1190.00");
  item(2, 1, 10, "EUR", "-119.00");
  item(3, 1, 10, "EUR", "-0.01");
  auto all = items(1);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].to_string(), "-119.00");
  EXPECT_EQ(all[2].minor(), -1);
  EXPECT_EQ(total(1, "EUR").to_string(), "1070.99");
}

TEST_F(money_db, yen_has_no_minor_unit) {
  item(1, 2, 20, "JPY", "1234");
  item(2, 2, 20, "JPY", "-34");
  auto all = items(2);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].minor(), 1234);
  EXPECT_EQ(all[0].to_string(), "1234");
  EXPECT_EQ(total(2, "JPY").minor(), 1200);
}

TEST_F(money_db, many_small_amounts_sum_exactly) {
  // 1000 items of 0.01 .. 10.00: binary sums would drift, the total must not.
  soci::transaction tx(ctx().sql());
  int64_t expected = 0;
  for (int i = 1; i <= 1000; ++i) {
    item(i, 1, 10, "EUR", core::format_minor(i, 2));
    expected += i;
  }
  tx.commit();
  EXPECT_EQ(total(1, "EUR").minor(), expected);
}

TEST_F(money_db, company_lookup_through_the_profile) {
  auto c = erp::find_company(ctx(), "JP");
  EXPECT_EQ(c.id, 2);
  EXPECT_EQ(c.currency, "JPY");
  std::string msg;
  EXPECT_EQ(status_of([&] { erp::find_company(ctx(), "NOPE"); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_EQ(erp::list_companies(ctx()).size(), 2u);
}

}  // namespace arx::test
