// One payment for several open items: which of a customer's open amounts add
// up to what was paid. Exact integer arithmetic on minor units throughout,
// deterministic (a work bound, no clock), so a result can be reproduced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace arx::cashapp {

struct subset_result {
  enum status_t {
    none,       // the search finished: no subset fits
    unique,     // the search finished: exactly one subset fits
    ambiguous,  // at least two subsets fit: `chosen` and `alternative`
    timed_out,  // max_steps ran out with fewer than two fits found
  } status = none;
  // Indexes into the input amounts, ascending. For `unique` the fitting
  // subset; for `ambiguous` the better of the two found (smaller
  // |difference|, then fewer items, then the lexicographically smaller index
  // list); for `timed_out` a suggestion: the one fitting subset found, else
  // the subset whose sum came closest to the target, else empty; for `none`
  // empty.
  std::vector<size_t> chosen;
  // target - sum(chosen amounts), minor units (target itself when `chosen` is
  // empty). Positive: paid more than the items; negative: short payment.
  int64_t difference = 0;
  // For `ambiguous` the other fitting subset, else empty.
  std::vector<size_t> alternative;
};

// Finds subsets of `amounts` (open amounts in minor units; negative ones are
// credit notes, zeros are never chosen) whose sum is within `tolerance`
// (>= 0) of `target`: |target - sum| <= tolerance. The empty subset never
// counts, and neither does a subset of more than `max_items` items (the
// number of items one payment may settle).
//
// The rule: the search collects fitting subsets until it has two distinct
// ones (two items of equal amount make two distinct subsets). Two -> the
// payment is ambiguous and both are returned, even when one of them hits the
// target exactly and the other only within the tolerance: picking one is a
// decision for the caller (or a collector), not for arithmetic. One fit after
// an exhaustive search -> unique; none -> none. When `max_steps` units of
// work run out first -> timed_out, with the best found so far as a
// suggestion.
//
// The search: up to 2 x 2^20 half sums fit the work bound, a
// meet-in-the-middle search (every subset sum of each half; the second half
// sorted and searched for the window [target - tolerance - left, target +
// tolerance - left]) is exhaustive; otherwise, or when the halves would not
// fit into max_steps, a depth-first branch and bound over the amounts sorted
// by magnitude, pruned by the smallest and largest sum the remaining items
// can still add (their negative and positive suffix sums) and by the item
// count. When the target is nearer the sum of all amounts than zero, the
// branch and bound looks for the items left out instead (the complement),
// which keeps "pays everything but one invoice" fast. A step is one node of
// the search tree, or one half sum generated or compared.
//
// Throws arx::error (ARX_E_INVALID_ARGUMENT) for a negative tolerance and
// when the sum of the magnitudes of the amounts, or target +- tolerance,
// leaves the int64 range.
subset_result find_subset(const std::vector<int64_t>& amounts, int64_t target, int64_t tolerance, size_t max_items,
                          uint64_t max_steps);

}  // namespace arx::cashapp
