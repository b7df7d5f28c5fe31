#include "cashapp/subset_sum.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace arx::cashapp {

namespace {

// Meet in the middle while each half has at most this many items.
constexpr size_t max_half = 20;

uint64_t magnitude(int64_t v) noexcept {
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

// The item the search sees: a non-zero amount and where it came from.
struct item {
  int64_t amount;
  size_t index;
};

// What both searches collect.
struct collector {
  int64_t target = 0;
  int64_t lo = 0, hi = 0;  // the window target -+ tolerance
  uint64_t max_steps = 0;
  uint64_t steps = 0;
  bool out_of_steps = false;
  std::vector<std::vector<size_t>> fits;  // at most two, original indexes ascending
  // The closest subset seen (for a timed-out suggestion), as the search's own
  // representation; `closest_distance` is |target - sum|.
  bool have_closest = false;
  uint64_t closest_distance = 0;

  // Pays for `k` units of work; false (and out_of_steps) when they are not
  // left.
  bool step(uint64_t k = 1) noexcept {
    if (max_steps - steps < k) {
      steps = max_steps;
      out_of_steps = true;
      return false;
    }
    steps += k;
    return true;
  }
  bool done() const noexcept { return out_of_steps || fits.size() >= 2; }
  bool fits_window(int64_t sum) const noexcept { return sum >= lo && sum <= hi; }
  // True when `sum` is closer to the target than anything seen before.
  bool closer(int64_t sum) noexcept {
    const uint64_t d = magnitude(target - sum);
    if (have_closest && d >= closest_distance) return false;
    have_closest = true;
    closest_distance = d;
    return true;
  }
};

int64_t sum_of(const std::vector<int64_t>& amounts, const std::vector<size_t>& chosen) noexcept {
  int64_t s = 0;
  for (size_t i : chosen) s += amounts[i];
  return s;
}

// The better of two fits: smaller |difference|, fewer items, then the
// lexicographically smaller index list.
bool better(const std::vector<int64_t>& amounts, int64_t target, const std::vector<size_t>& x,
            const std::vector<size_t>& y) {
  const uint64_t dx = magnitude(target - sum_of(amounts, x)), dy = magnitude(target - sum_of(amounts, y));
  if (dx != dy) return dx < dy;
  if (x.size() != y.size()) return x.size() < y.size();
  return x < y;
}

// ------------------------------------------------------ meet in the middle

struct half_sum {
  int64_t sum;
  uint32_t mask;
};

// Every subset of items [0, h1) combined with a sorted table of every subset
// of [h1, n). Returns the closest pair of masks through `closest`.
void meet_in_the_middle(const std::vector<item>& items, size_t max_items, collector& c,
                        std::pair<uint32_t, uint32_t>& closest) {
  const size_t n = items.size(), h1 = n / 2, h2 = n - h1;
  auto to_indexes = [&](uint32_t left, uint32_t right) {
    std::vector<size_t> out;
    for (size_t k = 0; k < h1; ++k)
      if (left >> k & 1u) out.push_back(items[k].index);
    for (size_t k = 0; k < h2; ++k)
      if (right >> k & 1u) out.push_back(items[h1 + k].index);
    std::sort(out.begin(), out.end());
    return out;
  };

  std::vector<half_sum> right(size_t{1} << h2);
  right[0] = {0, 0};
  for (uint32_t m = 1; m < right.size(); ++m) {
    if (!c.step()) return;
    const int low = std::countr_zero(m);
    right[m] = {right[m & (m - 1)].sum + items[h1 + static_cast<size_t>(low)].amount, m};
  }
  if (!c.step(right.size())) return;  // sorting is paid for like generating
  std::sort(right.begin(), right.end(), [](const half_sum& x, const half_sum& y) {
    if (x.sum != y.sum) return x.sum < y.sum;
    return x.mask < y.mask;
  });

  std::vector<int64_t> left_sums(size_t{1} << h1);
  left_sums[0] = 0;
  for (uint32_t m = 0; m < left_sums.size() && !c.done(); ++m) {
    if (!c.step()) return;
    if (m > 0) left_sums[m] = left_sums[m & (m - 1)] + items[static_cast<size_t>(std::countr_zero(m))].amount;
    const int64_t left_sum = left_sums[m];
    const size_t left_count = static_cast<size_t>(std::popcount(m));
    if (left_count > max_items) continue;
    auto at = [](const std::vector<half_sum>& v, int64_t s) {
      return std::lower_bound(v.begin(), v.end(), s, [](const half_sum& x, int64_t y) { return x.sum < y; });
    };
    // The nearest sums on either side of the target, for a suggestion.
    const auto nearest = at(right, c.target - left_sum);
    for (auto it : {nearest, nearest == right.begin() ? right.end() : nearest - 1}) {
      if (it == right.end()) continue;
      const size_t count = left_count + static_cast<size_t>(std::popcount(it->mask));
      if ((m | it->mask) == 0 || count > max_items) continue;
      if (c.closer(left_sum + it->sum)) closest = {m, it->mask};
    }
    // Everything in the window.
    for (auto it = at(right, c.lo - left_sum); it != right.end() && it->sum <= c.hi - left_sum; ++it) {
      if (!c.step()) return;
      const size_t count = left_count + static_cast<size_t>(std::popcount(it->mask));
      if ((m | it->mask) == 0 || count > max_items) continue;
      c.fits.push_back(to_indexes(m, it->mask));
      if (c.done()) return;
    }
  }
}

// ---------------------------------------------------------- branch and bound

struct branch_and_bound {
  const std::vector<item>& items;  // sorted by magnitude, largest first
  collector& c;
  int64_t lo, hi;                  // the window for the selected items' sum
  size_t min_count, max_count;     // for the selected items
  bool complement;                 // selected = left out of the payment
  std::vector<int64_t> neg_suffix, pos_suffix;
  std::vector<size_t> selected;    // positions in `items`
  std::vector<size_t> closest;     // positions, when c.closer() last said so

  branch_and_bound(const std::vector<item>& it, collector& col, int64_t l, int64_t h, size_t mn, size_t mx, bool comp)
      : items(it), c(col), lo(l), hi(h), min_count(mn), max_count(mx), complement(comp) {
    const size_t n = items.size();
    neg_suffix.assign(n + 1, 0);
    pos_suffix.assign(n + 1, 0);
    for (size_t k = n; k-- > 0;) {
      neg_suffix[k] = neg_suffix[k + 1] + std::min<int64_t>(items[k].amount, 0);
      pos_suffix[k] = pos_suffix[k + 1] + std::max<int64_t>(items[k].amount, 0);
    }
  }

  // The payment's subset for a selection of positions.
  std::vector<size_t> chosen_of(const std::vector<size_t>& positions) const {
    std::vector<size_t> out;
    if (complement) {
      std::vector<bool> in(items.size(), false);
      for (size_t p : positions) in[p] = true;
      for (size_t k = 0; k < items.size(); ++k)
        if (!in[k]) out.push_back(items[k].index);
    } else {
      for (size_t p : positions) out.push_back(items[p].index);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // The payment's sum for a selection sum.
  int64_t payment_sum(int64_t selected_sum, int64_t total) const noexcept {
    return complement ? total - selected_sum : selected_sum;
  }

  void consider(int64_t sum, int64_t total) {
    if (selected.size() < min_count || selected.size() > max_count) return;
    if (sum >= lo && sum <= hi) {
      c.fits.push_back(chosen_of(selected));
      return;
    }
    if (c.closer(payment_sum(sum, total))) closest = selected;
  }

  // Extends the selection by items from position `from` on.
  void search(size_t from, int64_t sum, int64_t total) {
    for (size_t j = from; j < items.size() && !c.done(); ++j) {
      // Nothing from j on can bring the sum into the window, nor from any
      // later position (the reachable range only shrinks).
      if (sum + pos_suffix[j] < lo || sum + neg_suffix[j] > hi) return;
      if (selected.size() + 1 > max_count) return;
      if (selected.size() + (items.size() - j) < min_count) return;
      if (!c.step()) return;
      selected.push_back(j);
      const int64_t s = sum + items[j].amount;
      consider(s, total);
      if (!c.done()) search(j + 1, s, total);
      selected.pop_back();
    }
  }
};

}  // namespace

subset_result find_subset(const std::vector<int64_t>& amounts, int64_t target, int64_t tolerance, size_t max_items,
                          uint64_t max_steps) {
  if (tolerance < 0) invalid_argument("subset sum: tolerance " + std::to_string(tolerance) + " is negative");
  // Every intermediate sum stays within |target| + tolerance + sum |amount|.
  uint64_t bound = magnitude(target);
  if (__builtin_add_overflow(bound, static_cast<uint64_t>(tolerance), &bound))
    invalid_argument("subset sum: target and tolerance out of range");
  std::vector<item> items;
  for (size_t i = 0; i < amounts.size(); ++i) {
    if (amounts[i] == 0) continue;
    if (__builtin_add_overflow(bound, magnitude(amounts[i]), &bound))
      invalid_argument("subset sum: the amounts add up beyond the int64 range");
    items.push_back({amounts[i], i});
  }
  if (bound > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    invalid_argument("subset sum: the amounts add up beyond the int64 range");

  subset_result result;
  result.difference = target;
  const size_t n = items.size();
  const size_t max_count = std::min(max_items, n);
  if (n == 0 || max_count == 0) return result;

  collector c;
  c.target = target;
  c.lo = target - tolerance;
  c.hi = target + tolerance;
  c.max_steps = max_steps;
  std::vector<size_t> suggestion;

  const size_t h1 = n / 2, h2 = n - h1;
  const bool halves_fit = h2 <= max_half && (uint64_t{1} << h1) + 2 * (uint64_t{1} << h2) <= max_steps;
  if (halves_fit) {
    std::pair<uint32_t, uint32_t> closest{0, 0};
    meet_in_the_middle(items, max_count, c, closest);
    if (c.have_closest) {
      for (size_t k = 0; k < h1; ++k)
        if (closest.first >> k & 1u) suggestion.push_back(items[k].index);
      for (size_t k = 0; k < h2; ++k)
        if (closest.second >> k & 1u) suggestion.push_back(items[h1 + k].index);
      std::sort(suggestion.begin(), suggestion.end());
    }
  } else {
    std::vector<item> sorted = items;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const item& x, const item& y) { return magnitude(x.amount) > magnitude(y.amount); });
    int64_t total = 0;
    for (const item& it : sorted) total += it.amount;
    // Look for what is left out when that is the smaller problem.
    const bool complement = magnitude(total - target) < magnitude(target);
    branch_and_bound bb = complement
                              ? branch_and_bound(sorted, c, total - c.hi, total - c.lo, n - max_count, n - 1, true)
                              : branch_and_bound(sorted, c, c.lo, c.hi, 1, max_count, false);
    if (complement && c.step()) bb.consider(0, total);  // everything paid
    if (!c.done()) bb.search(0, 0, total);
    if (c.have_closest) suggestion = bb.chosen_of(bb.closest);
  }

  auto choose = [&](const std::vector<size_t>& chosen) {
    result.chosen = chosen;
    result.difference = target - sum_of(amounts, chosen);
  };
  if (c.fits.size() >= 2) {
    result.status = subset_result::ambiguous;
    const bool first_better = better(amounts, target, c.fits[0], c.fits[1]);
    choose(first_better ? c.fits[0] : c.fits[1]);
    result.alternative = first_better ? c.fits[1] : c.fits[0];
  } else if (c.out_of_steps) {
    result.status = subset_result::timed_out;
    if (!c.fits.empty()) choose(c.fits[0]);
    else if (c.have_closest) choose(suggestion);
  } else if (c.fits.size() == 1) {
    result.status = subset_result::unique;
    choose(c.fits[0]);
  }
  return result;
}

}  // namespace arx::cashapp
