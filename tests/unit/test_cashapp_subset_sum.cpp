// Unit tests for plugin/cashapp/subset_sum: which open items one payment
// settles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "cashapp/subset_sum.hpp"
#include "core/error.hpp"

namespace {

using arx::cashapp::find_subset;
using arx::cashapp::subset_result;
using idx = std::vector<size_t>;

constexpr uint64_t plenty = 2'000'000;

int64_t sum_of(const std::vector<int64_t>& amounts, const idx& chosen) {
  int64_t s = 0;
  for (size_t i : chosen) s += amounts[i];
  return s;
}

// The search found exactly one subset: these items, this far from the amount.
void expect_unique(const subset_result &r, const idx &chosen, int64_t difference) {
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, chosen);
  EXPECT_EQ(r.difference, difference);
}

TEST(CashappSubsetSum, unique_exact_subset) {
  const std::vector<int64_t> amounts = {10000, 25050, 4999, 12345};
  const subset_result r = find_subset(amounts, 14999, 0, 60, plenty);
  expect_unique(r, {0, 2}, 0);
  EXPECT_TRUE(r.alternative.empty());
}

TEST(CashappSubsetSum, single_item_and_all_items) {
  const std::vector<int64_t> amounts = {10000, 25050, 4999, 12345};
  subset_result r = find_subset(amounts, 25050, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{1}));
  r = find_subset(amounts, 52394, 0, 60, plenty);
  expect_unique(r, {0, 1, 2, 3}, 0);
}

TEST(CashappSubsetSum, within_tolerance_reports_the_difference) {
  const std::vector<int64_t> amounts = {10000, 25050, 4999, 12345};
  // Paid 15000.00 for 14999.00 of items: one cent... one unit over.
  subset_result r = find_subset(amounts, 15000, 1, 60, plenty);
  expect_unique(r, {0, 2}, 1);
  // Short payment: 14990 for 14999, tolerance 10 -> difference -9.
  r = find_subset(amounts, 14990, 10, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.difference, -9);
  // Outside the tolerance nothing fits.
  r = find_subset(amounts, 14990, 8, 60, plenty);
  EXPECT_EQ(r.status, subset_result::none);
  EXPECT_TRUE(r.chosen.empty());
  EXPECT_EQ(r.difference, 14990);
}

TEST(CashappSubsetSum, two_sets_with_the_same_sum_are_ambiguous) {
  const std::vector<int64_t> amounts = {100, 200, 300};
  const subset_result r = find_subset(amounts, 300, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::ambiguous);
  EXPECT_EQ(r.chosen, (idx{2}));  // fewer items first
  EXPECT_EQ(r.alternative, (idx{0, 1}));
  EXPECT_EQ(r.difference, 0);
}

TEST(CashappSubsetSum, equal_amounts_are_distinct_items) {
  const subset_result r = find_subset({500, 500}, 500, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::ambiguous);
  EXPECT_EQ(r.chosen, (idx{0}));
  EXPECT_EQ(r.alternative, (idx{1}));
}

TEST(CashappSubsetSum, exact_and_within_tolerance_is_still_ambiguous) {
  // 1000 hits the target exactly, 998 is within the tolerance: ambiguous,
  // the exact one first.
  const subset_result r = find_subset({998, 1000}, 1000, 5, 60, plenty);
  EXPECT_EQ(r.status, subset_result::ambiguous);
  EXPECT_EQ(r.chosen, (idx{1}));
  EXPECT_EQ(r.difference, 0);
  EXPECT_EQ(r.alternative, (idx{0}));
}

TEST(CashappSubsetSum, credit_notes_take_part) {
  const std::vector<int64_t> amounts = {10000, -2500, 5000, 7000};
  subset_result r = find_subset(amounts, 7500, 0, 60, plenty);
  expect_unique(r, {0, 1}, 0);
  // Invoice 7000 and invoice 5000 less the credit note 2500.
  r = find_subset(amounts, 9500, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{1, 2, 3}));
  // A refund: the credit note alone.
  r = find_subset(amounts, -2500, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{1}));
}

TEST(CashappSubsetSum, empty_subset_never_counts) {
  // Target 0: only a non-empty subset summing to 0 would do.
  subset_result r = find_subset({100, 200}, 0, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::none);
  EXPECT_TRUE(r.chosen.empty());
  r = find_subset({100, -100, 300}, 0, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{0, 1}));
  // Within the tolerance of zero: the empty subset is still not a fit.
  r = find_subset({100}, 5, 10, 60, plenty);
  EXPECT_EQ(r.status, subset_result::none);
}

TEST(CashappSubsetSum, empty_input_and_zero_amounts) {
  subset_result r = find_subset({}, 100, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::none);
  EXPECT_EQ(r.difference, 100);
  // Zero amounts are never chosen (each would double every fit).
  r = find_subset({0, 100, 0}, 100, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{1}));
  r = find_subset({0, 0}, 0, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::none);
}

TEST(CashappSubsetSum, max_items_limits_the_subset_size) {
  const std::vector<int64_t> amounts = {100, 100, 100};
  EXPECT_EQ(find_subset(amounts, 300, 0, 2, plenty).status, subset_result::none);
  const subset_result r = find_subset(amounts, 300, 0, 3, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{0, 1, 2}));
  EXPECT_EQ(find_subset(amounts, 100, 0, 0, plenty).status, subset_result::none);
}

TEST(CashappSubsetSum, work_bound_zero_times_out_without_suggestion) {
  const subset_result r = find_subset({100, 200}, 300, 0, 60, 0);
  EXPECT_EQ(r.status, subset_result::timed_out);
  EXPECT_TRUE(r.chosen.empty());
  EXPECT_EQ(r.difference, 300);
}

TEST(CashappSubsetSum, work_bound_reached_gives_a_suggestion) {
  // 60 even amounts and an odd target: nothing can fit, and 60 items are
  // far too many to rule out within 10,000 steps.
  std::vector<int64_t> amounts;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 60; ++i) amounts.push_back(2 * static_cast<int64_t>(rng() % 500000 + 1000));
  const subset_result r = find_subset(amounts, 3'000'001, 0, 60, 10'000);
  EXPECT_EQ(r.status, subset_result::timed_out);
  ASSERT_FALSE(r.chosen.empty());
  EXPECT_EQ(r.difference, 3'000'001 - sum_of(amounts, r.chosen));
  EXPECT_NE(r.difference, 0);
  EXPECT_TRUE(r.alternative.empty());
  // Deterministic: the same call gives the same suggestion.
  const subset_result again = find_subset(amounts, 3'000'001, 0, 60, 10'000);
  EXPECT_EQ(again.chosen, r.chosen);
  EXPECT_EQ(again.difference, r.difference);
}

TEST(CashappSubsetSum, timed_out_with_one_fit_suggests_it) {
  // 1000 fits at once; ruling out combinations of the small ones takes more
  // than 5 steps (11 items: the halves would not fit 5 steps either, so this
  // is branch and bound, largest first: 5000, then 1000).
  const std::vector<int64_t> amounts = {1000, 1, 2, 4, 8, 16, 32, 64, 128, 256, 5000};
  subset_result r = find_subset(amounts, 1000, 0, 60, 5);
  EXPECT_EQ(r.status, subset_result::timed_out);
  EXPECT_EQ(r.chosen, (idx{0}));
  EXPECT_EQ(r.difference, 0);
  // Before the fit, the closest sum seen is the suggestion: 5000.
  r = find_subset(amounts, 1000, 0, 60, 1);
  EXPECT_EQ(r.status, subset_result::timed_out);
  EXPECT_EQ(r.chosen, (idx{10}));
  EXPECT_EQ(r.difference, -4000);
  r = find_subset(amounts, 1000, 0, 60, plenty);
  EXPECT_EQ(r.status, subset_result::unique);
  EXPECT_EQ(r.chosen, (idx{0}));
}

TEST(CashappSubsetSum, everything_but_one_invoice_among_fifty) {
  // Branch and bound over 50 items, searching the one left out.
  std::vector<int64_t> amounts;
  int64_t total = 0;
  for (int i = 0; i < 50; ++i) {
    amounts.push_back(int64_t{1} << i);
    total += amounts.back();
  }
  const subset_result r = find_subset(amounts, total - (int64_t{1} << 17), 0, 60, plenty);
  ASSERT_EQ(r.status, subset_result::unique);
  ASSERT_EQ(r.chosen.size(), 49u);
  EXPECT_EQ(std::count(r.chosen.begin(), r.chosen.end(), size_t{17}), 0);
  EXPECT_EQ(r.difference, 0);
  // And a few items out of fifty.
  const subset_result few = find_subset(amounts, (int64_t{1} << 3) + (int64_t{1} << 40), 0, 60, plenty);
  ASSERT_EQ(few.status, subset_result::unique);
  EXPECT_EQ(few.chosen, (idx{3, 40}));
}

TEST(CashappSubsetSum, complement_respects_max_items) {
  // 45 items (branch and bound: the halves are too large for meet in the
  // middle), paying all but one -> 44 items; max_items 43 forbids it.
  std::vector<int64_t> amounts;
  for (int i = 0; i < 45; ++i) amounts.push_back(int64_t{1} << i);
  int64_t total = 0;
  for (int64_t a : amounts) total += a;
  const int64_t target = total - amounts[5];
  EXPECT_EQ(find_subset(amounts, target, 0, 44, plenty).status, subset_result::unique);
  EXPECT_EQ(find_subset(amounts, target, 0, 43, plenty).status, subset_result::none);
  // Everything paid, with max_items at the count.
  const subset_result all = find_subset(amounts, total, 0, 45, plenty);
  EXPECT_EQ(all.status, subset_result::unique);
  EXPECT_EQ(all.chosen.size(), 45u);
  EXPECT_EQ(find_subset(amounts, total, 0, 44, plenty).status, subset_result::none);
}

TEST(CashappSubsetSum, invalid_arguments_throw) {
  EXPECT_THROW(find_subset({100}, 100, -1, 60, plenty), arx::error);
  EXPECT_THROW(find_subset({INT64_MAX, 1}, 100, 0, 60, plenty), arx::error);
  EXPECT_THROW(find_subset({100}, INT64_MIN, 0, 60, plenty), arx::error);
  EXPECT_THROW(find_subset({100}, INT64_MAX, 1, 60, plenty), arx::error);
}

// ---------------------------------------------------------- against brute force

// What the rule says, by enumerating every subset.
struct truth {
  size_t fits = 0;  // capped at 2
  idx only;         // the fit when there is exactly one
};

truth brute_force(const std::vector<int64_t>& amounts, int64_t target, int64_t tolerance, size_t max_items) {
  truth t;
  const size_t n = amounts.size();
  for (uint32_t m = 1; m < (1u << n); ++m) {
    int64_t s = 0;
    idx chosen;
    bool has_zero = false;
    for (size_t k = 0; k < n; ++k)
      if (m >> k & 1u) {
        s += amounts[k];
        chosen.push_back(k);
        has_zero = has_zero || amounts[k] == 0;
      }
    if (has_zero || chosen.size() > max_items) continue;
    if (s >= target - tolerance && s <= target + tolerance) {
      if (++t.fits == 1) t.only = chosen;
    }
  }
  if (t.fits > 2) t.fits = 2;
  return t;
}

void expect_agrees(const std::vector<int64_t>& amounts, int64_t target, int64_t tolerance, size_t max_items,
                   const subset_result& r, const truth& t) {
  auto fits = [&](const idx& c) {
    const int64_t s = sum_of(amounts, c);
    return !c.empty() && c.size() <= max_items && s >= target - tolerance && s <= target + tolerance;
  };
  switch (t.fits) {
  case 0:
    EXPECT_EQ(r.status, subset_result::none);
    EXPECT_TRUE(r.chosen.empty());
    break;
  case 1:
    EXPECT_EQ(r.status, subset_result::unique);
    EXPECT_EQ(r.chosen, t.only);
    EXPECT_EQ(r.difference, target - sum_of(amounts, t.only));
    break;
  default:
    ASSERT_EQ(r.status, subset_result::ambiguous);
    EXPECT_TRUE(fits(r.chosen));
    EXPECT_TRUE(fits(r.alternative));
    EXPECT_NE(r.chosen, r.alternative);
    EXPECT_LE(std::abs(r.difference), std::abs(target - sum_of(amounts, r.alternative)));
    EXPECT_EQ(r.difference, target - sum_of(amounts, r.chosen));
    break;
  }
}

TEST(CashappSubsetSum, meet_in_the_middle_agrees_with_brute_force) {
  std::mt19937_64 rng(2024);
  for (int round = 0; round < 400; ++round) {
    const size_t n = 1 + rng() % 14;
    std::vector<int64_t> amounts;
    for (size_t k = 0; k < n; ++k) {
      int64_t a = static_cast<int64_t>(rng() % 2000) + 1;
      if (rng() % 5 == 0) a = -a;  // credit notes
      if (rng() % 20 == 0) a = 0;
      amounts.push_back(a);
    }
    // A target that some subset hits about half of the time.
    int64_t target = static_cast<int64_t>(rng() % 4000);
    if (rng() % 2 == 0) {
      target = 0;
      for (size_t k = 0; k < n; ++k)
        if (rng() % 2) target += amounts[k];
    }
    const int64_t tolerance = rng() % 3 == 0 ? static_cast<int64_t>(rng() % 5) : 0;
    const size_t max_items = rng() % 4 == 0 ? 1 + rng() % 4 : 60;
    SCOPED_TRACE("round " + std::to_string(round));
    expect_agrees(amounts, target, tolerance, max_items, find_subset(amounts, target, tolerance, max_items, plenty),
                  brute_force(amounts, target, tolerance, max_items));
  }
}

TEST(CashappSubsetSum, branch_and_bound_agrees_with_brute_force) {
  // 12 interesting amounts among 33 that can never fit (each larger than
  // the target plus the tolerance plus every credit note): 45 items are
  // too many for meet in the middle, the brute force only needs the 12.
  std::mt19937_64 rng(99);
  for (int round = 0; round < 200; ++round) {
    std::vector<int64_t> small;
    int64_t credits = 0;
    for (size_t k = 0; k < 12; ++k) {
      int64_t a = static_cast<int64_t>(rng() % 5000) + 1;
      if (rng() % 4 == 0) {
        a = -a;
        credits -= a;
      }
      small.push_back(a);
    }
    int64_t target = 0;
    for (size_t k = 0; k < small.size(); ++k)
      if (rng() % 2) target += small[k];
    if (rng() % 3 == 0) target += static_cast<int64_t>(rng() % 50);
    const int64_t tolerance = rng() % 3 == 0 ? static_cast<int64_t>(rng() % 20) : 0;
    // Interleave the big ones; remember where the small ones went.
    std::vector<int64_t> amounts;
    std::vector<size_t> where;
    for (size_t k = 0, s = 0; k < 45; ++k) {
      if (s < small.size() && (rng() % 4 == 0 || 45 - k == small.size() - s)) {
        where.push_back(amounts.size());
        amounts.push_back(small[s++]);
      } else {
        amounts.push_back(std::max<int64_t>(target, 0) + tolerance + credits + 10001 +
                          static_cast<int64_t>(rng() % 100000));
      }
    }
    truth t = brute_force(small, target, tolerance, 60);
    for (size_t& i : t.only) i = where[i];
    SCOPED_TRACE("round " + std::to_string(round));
    expect_agrees(amounts, target, tolerance, 60, find_subset(amounts, target, tolerance, 60, plenty), t);
  }
}

}  // namespace
