// The dunning decision for one customer, without a database: which of its
// open items are dunned, at which level, what the notice charges, or why the
// customer is held. The run feeds it what it read set-based and stores what
// it returns; the preview only shows it. Unit tests cover every rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "pdf/notice.hpp"
#include "dunning/procedure.hpp"

namespace arx::dunning {

struct item_input : item_ref {
  std::string currency;
  int64_t open_amount = 0;             // minor units of `currency`
  int64_t disputed_amount = 0;         // under open disputes (never more than open_amount counts)
  std::optional<std::string> block_reason;      // an item block in force
  bool cash_suggested = false;         // an open cash-application suggestion names the item
  int level = 0;                       // reached by earlier notices
  std::optional<core::date> last_dunned;        // as-of date of the notice that gave that level
  std::optional<core::date> interest_until;     // interest charged up to this date
};

struct customer_input {
  int64_t customer_id = 0;
  std::string customer_number;
  std::string language = "en";
  std::optional<std::string> block_reason;      // customer blocked for dunning
  std::optional<std::string> promise;           // an active promise to pay ("500.00 by 2026-12-15")
  std::vector<std::pair<std::string, int64_t>> unapplied_cash; // per currency, minor units
  std::vector<item_input> items;                // open items, any order
};

struct settings {
  core::date as_of;
  int grace_days = 3;
  std::string min_customer_amount = "10.00";    // decimal text in each notice currency
  std::string interest_rate_percent = "10.27";  // per year, up to 2 decimals
};

struct excluded_item {
  int64_t open_item_id = 0;
  std::string invoice_number;
  std::string reason;
};

struct decision {
  // notice: `notices` holds one per currency that needs one.
  // held: the customer is excluded (block, promise, unapplied cash).
  // nothing_new: overdue items, but none reaches a new level.
  // below_minimum: the overdue total is below the minimum amount.
  // excluded: every overdue item is excluded (dispute, block, suggestion).
  // not_overdue: nothing is overdue beyond the grace days.
  std::string outcome;
  std::string reason;
  std::vector<notice> notices;
  std::vector<excluded_item> excluded;
};

decision decide(const customer_input &customer, const procedure &proc, const settings &s);

// Interest in minor units on `amount` for `days` at `rate_percent` per year
// (actual/365), rounded half away from zero; exact integer arithmetic.
int64_t interest_minor(int64_t amount, int days, std::string_view rate_percent);

// `percent` (decimal text, up to 2 places) of `amount`, rounded half away
// from zero.
int64_t percent_of(int64_t amount, std::string_view percent);

}  // namespace arx::dunning
