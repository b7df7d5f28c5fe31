// The KPI formulas and the forecast's arithmetic (plugin/analytics), against
// cases computed by hand (docs/KPIS.md gives the formulas).
#include <gtest/gtest.h>

#include <cmath>

#include "analytics/forecast.hpp"
#include "analytics/kpi.hpp"
#include "analytics/params.hpp"

namespace arx::analytics {
namespace {

core::date ymd(int y, unsigned m, unsigned d) {
  return core::date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// AR 1,200.00 of which 400.00 not yet due, sales 900.00 in 90 days, AR at
// the period's start 1,000.00; 100.00 at 91-120 days and 50.00 over 120.
balances example() {
  balances b;
  b.ar = 120000;
  b.ar_begin = 100000;
  b.sales = 90000;
  b.bucket = {40000, 30000, 20000, 15000, 10000, 5000};
  return b;
}

TEST(AnalyticsFormulas, ratios_are_tenths_rounded_half_away_from_zero_and_null_without_a_base) {
  EXPECT_EQ(ratio_tenths(1, 3, 1), 3);    // 0.333.. -> 0.3
  EXPECT_EQ(ratio_tenths(2, 3, 1), 7);    // 0.666.. -> 0.7
  EXPECT_EQ(ratio_tenths(1, 4, 1), 3);    // 0.25 -> 0.3
  EXPECT_EQ(ratio_tenths(-1, 4, 1), -3);  // -0.25 -> -0.3
  EXPECT_EQ(ratio_tenths(1, 8, 1), 1);    // 0.125 -> 0.1
  EXPECT_EQ(ratio_tenths(7, 2, 100), 3500);
  EXPECT_FALSE(ratio_tenths(5, 0, 100).has_value());
  EXPECT_FALSE(ratio_tenths(5, -3, 100).has_value());
  // No overflow on large ledgers: 9e16 minor units x 366 days.
  EXPECT_EQ(ratio_tenths(90000000000000000, 90000000000000000, 366), 3660);
  EXPECT_EQ(tenths_json(413), "41.3");
  EXPECT_EQ(tenths_json(-5), "-0.5");
  EXPECT_TRUE(tenths_json(std::nullopt).is_null());
}

TEST(AnalyticsFormulas, hundredths_become_minor_units_of_the_currency) {
  EXPECT_EQ(hundredths_to_minor(12345, 2), 12345);    // EUR
  EXPECT_EQ(hundredths_to_minor(150000, 0), 1500);    // JPY 1500.00
  EXPECT_EQ(hundredths_to_minor(-150050, 0), -1501);  // half away from zero
  EXPECT_EQ(hundredths_to_minor(149, 0), 1);
  EXPECT_EQ(hundredths_to_minor(12345, 3), 123450);   // KWD 123.450
}

TEST(AnalyticsFormulas, dso_best_possible_dso_and_add_by_hand) {
  const balances b = example();
  EXPECT_EQ(dso(b, 90), 1200);                // 1200 / 900 x 90 = 120.0
  EXPECT_EQ(best_possible_dso(b, 90), 400);   // 400 / 900 x 90 = 40.0
  EXPECT_EQ(add(b, 90), 800);                 // 120.0 - 40.0
  EXPECT_EQ(b.overdue(), 80000);
  balances odd = b;
  odd.sales = 70000;                          // 1200 / 700 x 90 = 154.2857.., 400 / 700 x 90 = 51.428..
  EXPECT_EQ(dso(odd, 90), 1543);
  EXPECT_EQ(best_possible_dso(odd, 90), 514);
  EXPECT_EQ(add(odd, 90), 1029);              // 800 / 700 x 90 = 102.857..
  balances none = b;
  none.sales = 0;
  EXPECT_FALSE(dso(none, 90).has_value());
  EXPECT_FALSE(best_possible_dso(none, 90).has_value());
  EXPECT_FALSE(add(none, 90).has_value());
}

TEST(AnalyticsFormulas, cei_and_the_share_over_90_days_by_hand) {
  const balances b = example();
  // (1000 + 900 - 1200) / (1000 + 900 - 400) = 700 / 1500 = 46.666.. %
  EXPECT_EQ(cei(b), 467);
  // (100 + 50) / 1200 = 12.5 %
  EXPECT_EQ(over_90_share(b), 125);
  balances all_collected = b;
  all_collected.ar = all_collected.bucket[0] = 0;
  all_collected.bucket = {};
  EXPECT_EQ(cei(all_collected), 1000);  // everything collectible was collected
  EXPECT_FALSE(over_90_share(all_collected).has_value());
  balances nothing;
  EXPECT_FALSE(cei(nothing).has_value());
}

TEST(AnalyticsFormulas, balances_add_up_and_keep_the_oldest_due_date) {
  balances a = example(), b = example();
  a.oldest_due = ymd(2026, 5, 1);
  b.oldest_due = ymd(2026, 3, 1);
  a.count = {1, 2, 3, 4, 5, 6};
  a.add(b);
  EXPECT_EQ(a.ar, 240000);
  EXPECT_EQ(a.bucket[5], 10000);
  EXPECT_EQ(a.count[5], 6);
  EXPECT_EQ(a.oldest_due, ymd(2026, 3, 1));
  EXPECT_EQ(a.over_90(), 30000);
}

TEST(AnalyticsFormulas, countback_uses_the_ar_up_month_by_month) {
  // As of 15 December: 500 sold in December so far, 600 in November, 800 in
  // October; AR 1500: December's 15 days, November's 30, and 400/800 of
  // October's 31 days = 15.5: 60.5 days.
  const std::vector<month_sales> months = {{15, 50000}, {30, 60000}, {31, 80000}};
  EXPECT_EQ(countback_dso(150000, months), 605);
  EXPECT_EQ(countback_dso(50000, months), 150);    // exactly December's sales
  EXPECT_EQ(countback_dso(25000, months), 75);     // half of December's 15 days
  EXPECT_EQ(countback_dso(0, months), 0);
  EXPECT_EQ(countback_dso(-100, months), 0);
  EXPECT_FALSE(countback_dso(200000, months).has_value());  // more AR than the sales given
  // A month without sales counts all its days.
  EXPECT_EQ(countback_dso(5000, {{10, 0}, {30, 10000}}), 250);
  // Credit notes may leave a month negative: it is passed over like an empty one.
  EXPECT_EQ(countback_dso(5000, {{10, -2000}, {30, 10000}}), 250);
}

TEST(AnalyticsFormulas, countback_months_end_at_the_as_of_date) {
  const auto m = countback_months(ymd(2026, 12, 15), 3);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].first, ymd(2026, 12, 1));
  EXPECT_EQ(m[0].second, ymd(2026, 12, 15));
  EXPECT_EQ(m[1].first, ymd(2026, 11, 1));
  EXPECT_EQ(m[1].second, ymd(2026, 11, 30));
  EXPECT_EQ(m[2].first, ymd(2026, 10, 1));
  EXPECT_EQ(m[2].second, ymd(2026, 10, 31));
  const auto leap = countback_months(ymd(2028, 3, 1), 2);
  EXPECT_EQ(leap[1].second, ymd(2028, 2, 29));
}

TEST(AnalyticsParams, names_are_found_once_outside_literals_and_casts) {
  EXPECT_EQ(parameter_names("SELECT :a, :b1 FROM t WHERE x = :a AND y::text = ':no' AND z >= :c_2"),
            (std::vector<std::string>{"a", "b1", "c_2"}));
  EXPECT_TRUE(parameter_names("SELECT '10:30' FROM t").empty());
}

// ---- forecast -----------------------------------------------------------------

const core::date D = ymd(2026, 12, 1);

TEST(AnalyticsForecast, an_item_arrives_after_its_customers_usual_delay) {
  delay_history pool;
  pool.add(10, 1.0, 1);
  // Due 3 days ago; the customer pays 10 days after the due date: day D+7.
  const auto r = forecast_items({{1, 1, core::add_days(D, -3), 100000}}, {}, pool, D, 13);
  EXPECT_DOUBLE_EQ(r.weeks[0].expected, 100000);
  EXPECT_DOUBLE_EQ(r.weeks[0].sigma, 0);
  for (size_t w = 1; w < 13; ++w) EXPECT_DOUBLE_EQ(r.weeks[w].expected, 0);
  EXPECT_DOUBLE_EQ(r.beyond, 0);
  EXPECT_EQ(r.open_total, 100000);
}

TEST(AnalyticsForecast, two_habits_split_the_amount_and_give_an_interval) {
  delay_history pool;
  pool.add(0, 1.0, 1);
  pool.add(14, 1.0, 1);
  // Due in 5 days: half on D+5 (week 1), half on D+19 (week 3).
  const auto r = forecast_items({{1, 1, core::add_days(D, 5), 1000}}, {}, pool, D, 13);
  EXPECT_DOUBLE_EQ(r.weeks[0].expected, 500);
  EXPECT_DOUBLE_EQ(r.weeks[2].expected, 500);
  EXPECT_DOUBLE_EQ(r.weeks[0].sigma, 500);  // 1000 x sqrt(0.5 x 0.5)
  EXPECT_DOUBLE_EQ(r.weeks[0].low(), 0);
  EXPECT_DOUBLE_EQ(r.weeks[0].high(), 500 + 1.645 * 500);
}

TEST(AnalyticsForecast, an_overdue_item_only_has_the_delays_longer_than_its_age) {
  delay_history pool;
  pool.add(0, 3.0, 3);
  pool.add(20, 1.0, 1);
  // 5 days past due: paying on the due date is no longer possible; day due+20 = D+15, week 3.
  const auto r = forecast_items({{1, 1, core::add_days(D, -5), 800}}, {}, pool, D, 13);
  EXPECT_DOUBLE_EQ(r.weeks[2].expected, 800);
  // Older than every delay seen: not forecast at all.
  const auto old = forecast_items({{1, 2, core::add_days(D, -30), 700}}, {}, pool, D, 13);
  EXPECT_EQ(old.no_history, 700);
  for (const auto &w : old.weeks) EXPECT_DOUBLE_EQ(w.expected, 0);
}

TEST(AnalyticsForecast, few_observations_lean_on_the_company_history) {
  delay_history pool, own;
  pool.add(14, 1.0, 1);
  for (int i = 0; i < 5; ++i) own.add(0, 1.0, 1);  // 5 observations: weight 5 / (5 + 5)
  const std::map<int64_t, delay_history> histories = {{7, own}};
  const auto r = forecast_items({{7, 1, core::add_days(D, 2), 1000}}, histories, pool, D, 13);
  EXPECT_DOUBLE_EQ(r.weeks[0].expected, 500);  // due + 0 = D+2
  EXPECT_DOUBLE_EQ(r.weeks[2].expected, 500);  // due + 14 = D+16
}

TEST(AnalyticsForecast, one_customers_items_move_together_others_independently) {
  delay_history pool;
  pool.add(0, 1.0, 1);
  pool.add(30, 1.0, 1);
  const core::date due = core::add_days(D, 1);
  const auto same = forecast_items({{1, 1, due, 100}, {1, 2, due, 100}}, {}, pool, D, 13);
  EXPECT_DOUBLE_EQ(same.weeks[0].expected, 100);
  EXPECT_DOUBLE_EQ(same.weeks[0].sigma, 100);  // (50 + 50)
  const auto apart = forecast_items({{1, 1, due, 100}, {2, 2, due, 100}}, {}, pool, D, 13);
  EXPECT_DOUBLE_EQ(apart.weeks[0].expected, 100);
  EXPECT_NEAR(apart.weeks[0].sigma, std::sqrt(50.0 * 50.0 * 2), 1e-9);
}

TEST(AnalyticsForecast, delays_beyond_the_horizon_are_reported_apart) {
  delay_history pool;
  pool.add(200, 1.0, 1);
  pool.add(1000, 1.0, 1);  // clamped to max_delay
  EXPECT_DOUBLE_EQ(pool.mass[static_cast<size_t>(max_delay - min_delay)], 1.0);
  const auto r = forecast_items({{1, 1, D, 500}}, {}, pool, D, 13);
  for (const auto &w : r.weeks) EXPECT_DOUBLE_EQ(w.expected, 0);
  EXPECT_DOUBLE_EQ(r.beyond, 500);
}

}  // namespace
}  // namespace arx::analytics
