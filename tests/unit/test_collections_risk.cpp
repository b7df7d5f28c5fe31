// The worklist's risk model (plugin/collections/risk.hpp): shrinkage towards
// the company's figures, broken promises, the score's factors. Every
// expectation is computed by hand in the comment beside it.
#include <gtest/gtest.h>

#include "collections/risk.hpp"

namespace arx::collections::risk {
namespace {

TEST(CollectionsRisk, history_counts_late_items_and_clamps_days) {
  history h;
  add(h, -3);       // early: paid, not late, no days
  add(h, 0);        // on the due date: not late
  add(h, 10, 2);    // two items 10 days late
  add(h, 400);      // clamped to 365
  EXPECT_EQ(h.paid, 5);
  EXPECT_EQ(h.late, 3);
  EXPECT_EQ(h.days_late, 10 * 2 + 365);
  add(h, 5, 0);     // nothing
  EXPECT_EQ(h.paid, 5);
  history total;
  add(total, h);
  add(total, h);
  EXPECT_EQ(total.paid, 10);
  EXPECT_EQ(total.late, 6);
  EXPECT_EQ(total.days_late, 770);
}

TEST(CollectionsRisk, the_prior_is_the_companys_rate_with_laplaces_rule) {
  // No history at all: an even chance, no days.
  prior empty = company_prior({});
  EXPECT_DOUBLE_EQ(empty.p_late, 0.5);
  EXPECT_DOUBLE_EQ(empty.days_late, 0.0);
  // 10 paid, 4 late, 80 days: p0 = 5/12, d0 = 8.
  prior p = company_prior({10, 4, 80});
  EXPECT_DOUBLE_EQ(p.p_late, 5.0 / 12.0);
  EXPECT_DOUBLE_EQ(p.days_late, 8.0);
  // All on time: still above zero (1/12).
  EXPECT_DOUBLE_EQ(company_prior({10, 0, 0}).p_late, 1.0 / 12.0);
}

TEST(CollectionsRisk, few_observations_stay_near_the_prior_many_speak_for_themselves) {
  const prior p{5.0 / 12.0, 8.0};
  // No history: exactly the prior.
  estimate none = estimate_for({}, p, 0);
  EXPECT_DOUBLE_EQ(none.p_late, 5.0 / 12.0);
  EXPECT_DOUBLE_EQ(none.predicted_days_late, 8.0);
  EXPECT_EQ(none.paid, 0);
  EXPECT_DOUBLE_EQ(none.observed_days_late, 0.0);
  // 4 paid, all 20 days late: p = (4 + 5*5/12) / 9 = 0.675926, days = (80 + 40) / 9 = 13.333.
  estimate few = estimate_for({4, 4, 80}, p, 0);
  EXPECT_NEAR(few.p_late, (4.0 + 25.0 / 12.0) / 9.0, 1e-12);
  EXPECT_NEAR(few.p_late, 0.675926, 1e-6);
  EXPECT_NEAR(few.predicted_days_late, 120.0 / 9.0, 1e-12);
  EXPECT_DOUBLE_EQ(few.observed_days_late, 20.0);
  // 200 paid, all 20 days late: p = (200 + 25/12) / 205 = 0.985772, days = (4000 + 40) / 205 = 19.707.
  estimate many = estimate_for({200, 200, 4000}, p, 0);
  EXPECT_NEAR(many.p_late, 0.985772, 1e-6);
  EXPECT_NEAR(many.predicted_days_late, 19.707317, 1e-6);
  // 6 paid, all on time: p = (25/12) / 11 = 0.189394, days = 40 / 11 = 3.636.
  estimate punctual = estimate_for({6, 0, 0}, p, 0);
  EXPECT_NEAR(punctual.p_late, 0.189394, 1e-6);
  EXPECT_NEAR(punctual.predicted_days_late, 3.636364, 1e-6);
}

TEST(CollectionsRisk, each_broken_promise_halves_the_chance_of_paying_on_time) {
  const prior p{5.0 / 12.0, 8.0};
  // On time 7/12; one broken promise: 1 - 7/24 = 0.708333; two: 1 - 7/48 = 0.854167.
  EXPECT_NEAR(estimate_for({}, p, 1).p_late, 1.0 - 7.0 / 24.0, 1e-12);
  EXPECT_NEAR(estimate_for({}, p, 2).p_late, 1.0 - 7.0 / 48.0, 1e-12);
  EXPECT_DOUBLE_EQ(estimate_for({}, p, 2).p_late_history, 5.0 / 12.0);
  // The predicted days do not change.
  EXPECT_DOUBLE_EQ(estimate_for({}, p, 2).predicted_days_late, 8.0);
  EXPECT_DOUBLE_EQ(estimate_for({}, p, -1).p_late, 5.0 / 12.0);
}

TEST(CollectionsRisk, the_age_factor_grows_a_month_at_a_time_up_to_half_a_year) {
  EXPECT_DOUBLE_EQ(age_factor(0), 1.0);
  EXPECT_DOUBLE_EQ(age_factor(-5), 1.0);
  EXPECT_DOUBLE_EQ(age_factor(30), 2.0);
  EXPECT_DOUBLE_EQ(age_factor(45), 2.5);
  EXPECT_DOUBLE_EQ(age_factor(180), 7.0);
  EXPECT_DOUBLE_EQ(age_factor(1000), 7.0);
}

TEST(CollectionsRisk, the_score_is_amount_times_risk_times_age_lowered_by_promises_and_blocks) {
  score_input in;
  in.collectable_minor = 100000;  // 1,000.00
  in.exponent = 2;
  in.oldest_days_overdue = 30;    // x 2
  in.p_late = 0.5;
  EXPECT_DOUBLE_EQ(score(in), 1000.0);
  in.active_promise = true;       // x 0.25
  EXPECT_DOUBLE_EQ(score(in), 250.0);
  in.blocked = true;              // x 0.5
  EXPECT_DOUBLE_EQ(score(in), 125.0);
  in.active_promise = in.blocked = false;
  in.exponent = 0;                // 100,000 JPY
  EXPECT_DOUBLE_EQ(score(in), 100000.0);
  in.collectable_minor = 0;
  EXPECT_DOUBLE_EQ(score(in), 0.0);
  in.collectable_minor = -5;
  EXPECT_DOUBLE_EQ(score(in), 0.0);
}

}  // namespace
}  // namespace arx::collections::risk
