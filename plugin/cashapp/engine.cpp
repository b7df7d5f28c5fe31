#include "cashapp/engine.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "cashapp/subset_sum.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/rf_reference.hpp"

namespace arx::cashapp {
namespace {

// At most this many reference candidates per line and hits per candidate:
// remittance text is free text, and a line listing 500 numbers is a
// remittance advice for a person, not for a fuzzy search.
constexpr size_t max_candidates = 40;
constexpr size_t max_hits_per_candidate = 8;
// Customers a line is weighed against.
constexpr size_t max_customers = 6;
constexpr double min_name_similarity = 0.72;

// Products of an amount and a rate fit in 128 bits whatever the amount.
__extension__ typedef __int128 wide;

std::string compact_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != ' ' && c != '-' && c != '/' && c != '.') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string amount_text(int64_t minor, int exponent) { return core::format_minor(minor, exponent); }

// The stored and shown names of an enumeration, in the order of its
// enumerators; `fallback` names a value outside it.
constexpr std::array<std::string_view, 3> kind_names = {"payment", "discount", "deduction"};
constexpr std::array<std::string_view, 3> status_names = {"applied", "suggested", "unmatched"};

template <class E, size_t N>
std::string_view name_of(const std::array<std::string_view, N> &names, E value, E fallback) noexcept {
  const auto i = static_cast<size_t>(value);
  return names[i < N ? i : static_cast<size_t>(fallback)];
}

}  // namespace

std::string_view kind_name(allocation_kind k) noexcept { return name_of(kind_names, k, allocation_kind::payment); }

std::string_view status_name(decision_status s) noexcept {
  return name_of(status_names, s, decision_status::unmatched);
}

std::string proposal::signature() const {
  std::vector<size_t> items;
  for (const auto &a : allocations) items.push_back(a.item);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::string s = std::to_string(customer_id) + ":";
  for (size_t i : items) s += std::to_string(i) + ",";
  return s;
}

ledger::ledger(std::string currency, int exponent, engine_settings settings, const model &m)
    : currency_(std::move(currency)), exponent_(exponent), settings_(settings), model_(m) {}

void ledger::add_customer(customer_info c) {
  if (c.tokens.empty()) c.tokens = name_tokens(c.name);
  // Customer numbers short enough to be any number ("12") say nothing.
  if (const std::string key = normalize_reference(c.number); key.size() >= 4) customer_numbers_[key] = c.id;
  customer_index_[c.id] = customers_.size();
  customers_.push_back(std::move(c));
}

void ledger::add_account(const std::string &iban, int64_t customer_id, bool learned) {
  const std::string key = compact_upper(iban);
  if (key.empty()) return;
  auto range = accounts_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it)
    if (it->second.first == customer_id) {
      it->second.second = it->second.second && learned;  // the ERP's word counts more
      return;
    }
  accounts_.emplace(key, std::make_pair(customer_id, learned));
}

void ledger::add_item(open_item item) {
  const size_t index = items_.size();
  items_of_customer_[item.customer_id].push_back(index);
  numbers_.add(static_cast<int64_t>(index), item.invoice_number);
  if (!item.payment_reference.empty()) {
    const std::string rf = compact_upper(item.payment_reference);
    if (core::is_valid_rf_reference(rf)) rf_.emplace(rf, index);
  }
  items_.push_back(std::move(item));
}

void ledger::finalize() {
  numbers_.finalize();
  std::vector<std::pair<int64_t, std::string>> names;
  names.reserve(customers_.size());
  for (const auto &c : customers_) names.emplace_back(c.id, c.name);
  names_ = name_index(names);
  // Oldest due first: the order a clerk pays items in, and the order subset
  // search sees them in.
  for (auto &[customer, list] : items_of_customer_)
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      const auto &x = items_[a], &y = items_[b];
      if (x.due_date != y.due_date) return x.due_date < y.due_date;
      return x.id < y.id;
    });
  finalized_ = true;
}

const customer_info *ledger::customer(int64_t id) const {
  const auto it = customer_index_.find(id);
  return it == customer_index_.end() ? nullptr : &customers_[it->second];
}

std::vector<std::tuple<std::string, int64_t, bool>> ledger::accounts() const {
  std::vector<std::tuple<std::string, int64_t, bool>> out;
  for (const auto &[account, who] : accounts_) out.emplace_back(account, who.first, who.second);
  std::sort(out.begin(), out.end());
  return out;
}

int64_t ledger::tolerance_for(int64_t amount) const {
  // The smaller of the absolute and the relative tolerance.
  const int64_t relative = static_cast<int64_t>((static_cast<wide>(amount) * settings_.short_tolerance_basis_points) / 10000);
  return std::min(settings_.short_tolerance_minor, relative);
}

int64_t ledger::discount_of(const open_item &it, const std::optional<core::date> &value_date) const {
  if (it.discount_basis_points <= 0 || !it.discount_date || !value_date || it.open_minor <= 0) return 0;
  if (core::days_between(*it.discount_date, *value_date) > settings_.discount_grace_days) return 0;
  // The discount is taken on the open amount, rounded half away from zero
  // like every amount arx computes.
  const wide product = static_cast<wide>(it.open_minor) * it.discount_basis_points;
  return static_cast<int64_t>((product + 5000) / 10000);
}

void ledger::collect_references(const payment_line &line, std::vector<ref_signal> &out) const {
  auto add = [&](size_t item, double quality, std::optional<int64_t> remitted, std::string how) {
    if (items_[item].open_minor == 0) return;  // settled meanwhile
    for (auto &s : out)
      if (s.item == item) {
        if (quality > s.quality) {
          s.quality = quality;
          s.how = std::move(how);
        }
        if (remitted && !s.remitted_minor) s.remitted_minor = remitted;
        return;
      }
    out.push_back({item, quality, remitted, std::move(how)});
  };
  auto by_number = [&](std::string_view text, double exact, double digits, double d1, double d2,
                       std::optional<int64_t> remitted, const char *where) {
    // Only the best tier of hits counts: an exact number makes its near
    // neighbours (RE-1002 beside RE-1001) irrelevant, and a number without
    // its prefix beats a typo.
    // Cheapest first: the fuzzy search runs only for a number that has no
    // exact (or prefix-less) match, and distance 2 only without distance 1.
    std::vector<reference_hit> hits = numbers_.find(text, 0, max_hits_per_candidate + 1);
    if (hits.empty()) hits = numbers_.find(text, 1, max_hits_per_candidate + 1);
    if (hits.empty()) hits = numbers_.find(text, 2, max_hits_per_candidate + 1);
    int best_tier = 3;
    for (const auto &hit : hits) {
      const int tier = hit.how == reference_hit::exact ? 0 : hit.how == reference_hit::digits_only ? 1 : 1 + hit.distance;
      best_tier = std::min(best_tier, tier);
    }
    size_t n = 0;
    for (const auto &hit : hits) {
      const int tier = hit.how == reference_hit::exact ? 0 : hit.how == reference_hit::digits_only ? 1 : 1 + hit.distance;
      if (tier != best_tier) continue;
      if (++n > max_hits_per_candidate) break;
      double q = exact;
      std::string how = std::string(where) + " exact";
      if (hit.how == reference_hit::digits_only) {
        q = digits;
        how = std::string(where) + " without prefix";
      } else if (hit.how == reference_hit::fuzzy) {
        q = hit.distance == 1 ? d1 : d2;
        how = std::string(where) + " within " + std::to_string(hit.distance) + (hit.distance == 1 ? " edit" : " edits");
      }
      add(static_cast<size_t>(hit.item_key), q, remitted, std::move(how));
    }
  };
  auto by_rf = [&](std::string_view text, std::optional<int64_t> remitted) {
    const std::string rf = compact_upper(text);
    if (rf.size() < 5 || rf[0] != 'R' || rf[1] != 'F' || !core::is_valid_rf_reference(rf)) return false;
    const auto it = rf_.find(rf);
    if (it != rf_.end()) add(it->second, 1.0, remitted, "rf");
    return true;
  };
  for (const auto &r : line.references) {
    if (!r.document && by_rf(r.text, r.amount_minor)) continue;
    by_number(r.text, 1.0, 0.85, 0.75, 0.55, r.amount_minor, "structured reference");
  }
  size_t candidates = 0;
  for (const std::string *text : {&line.remittance, &line.end_to_end_id}) {
    if (text->empty()) continue;
    for (const auto &c : reference_candidates(*text)) {
      if (++candidates > max_candidates) return;
      if (c.size() > 4 && c[0] == 'R' && c[1] == 'F' && by_rf(c, std::nullopt)) continue;
      by_number(c, 0.95, 0.8, 0.7, 0.5, std::nullopt, "invoice number in the text");
    }
  }
}

bool ledger::amount_fit(const payment_line &line, const std::vector<size_t> &items, proposal &p) const {
  // Pays `items` in full with the payment: exact, after cash discount, short
  // within tolerance, or with a surplus left on account.
  int64_t open = 0, discount = 0;
  for (size_t i : items) {
    open += items_[i].open_minor;
    discount += discount_of(items_[i], line.value_date);
  }
  const int64_t paid = line.amount_minor;
  auto pay_all = [&] {
    for (size_t i : items) p.allocations.push_back({i, items_[i].open_minor, allocation_kind::payment});
  };
  if (open <= 0) return false;
  if (paid == open) {
    pay_all();
    p.f[f_amount_exact] = 1;
    p.reasons.push_back("amount " + amount_text(paid, exponent_) + " is exactly the open amount");
    return true;
  }
  if (discount > 0 && paid == open - discount) {
    for (size_t i : items) {
      const int64_t d = discount_of(items_[i], line.value_date);
      p.allocations.push_back({i, items_[i].open_minor - d, allocation_kind::payment});
      if (d) p.allocations.push_back({i, d, allocation_kind::discount});
    }
    p.f[f_amount_discount] = 1;
    p.reasons.push_back("amount is the open amount less " + amount_text(discount, exponent_) +
                        " cash discount within its terms");
    return true;
  }
  const int64_t short_by = open - paid;
  if (short_by > 0 && short_by <= tolerance_for(open)) {
    // Each item is paid in full but the last (largest open) one, which takes
    // the deduction.
    size_t target = items.front();
    for (size_t i : items)
      if (items_[i].open_minor > items_[target].open_minor) target = i;
    for (size_t i : items) {
      if (i == target) {
        p.allocations.push_back({i, items_[i].open_minor - short_by, allocation_kind::payment});
        p.allocations.push_back({i, short_by, allocation_kind::deduction});
      } else {
        p.allocations.push_back({i, items_[i].open_minor, allocation_kind::payment});
      }
    }
    p.f[f_amount_tolerance] = 1;
    p.reasons.push_back("short by " + amount_text(short_by, exponent_) + ", within tolerance: a deduction");
    return true;
  }
  if (paid > open) {
    pay_all();
    p.on_account_minor = paid - open;
    p.f[f_amount_over] = 1;
    p.reasons.push_back("paid " + amount_text(paid - open, exponent_) + " more than open: left on account");
    return true;
  }
  return false;
}

void ledger::score(const payment_line &line, proposal &p) const {
  // Date plausibility: a payment long before the invoice was issued, or more
  // than a year after it fell due, is unusual.
  double date = 1;
  if (line.value_date)
    for (const auto &a : p.allocations) {
      const auto &it = items_[a.item];
      if (it.issue_date && core::days_between(*it.issue_date, *line.value_date) < -5) date = std::min(date, 0.0);
      else if (it.due_date && core::days_between(*it.due_date, *line.value_date) > 365) date = std::min(date, 0.5);
    }
  p.f[f_date] = p.allocations.empty() ? 0 : date;
  const customer_info *c = customer(p.customer_id);
  p.f[f_history] = c && c->payments_seen > 0 ? 1 : 0;
  p.probability = model_.probability(p.f);
}

void ledger::proposals_for(const payment_line &line, int64_t customer_id, const std::vector<ref_signal> &refs,
                           double name_sim, int iban_known, bool name_conflict, std::vector<proposal> &out) const {
  proposal base;
  base.customer_id = customer_id;
  // A name only counts when it is this customer's name (shared words such as
  // "Maschinenbau" give every customer some similarity).
  base.f[f_name] = name_sim >= min_name_similarity ? name_sim : 0;
  base.f[f_name_conflict] = name_conflict ? 1 : 0;
  base.f[f_iban_erp] = iban_known == 1 ? 1 : 0;
  base.f[f_iban_learned] = iban_known == 2 ? 1 : 0;
  const customer_info *c = customer(customer_id);
  const std::string who = c ? c->number : std::to_string(customer_id);
  if (iban_known == 1) base.reasons.push_back("payer account is " + who + "'s in the ERP");
  if (iban_known == 2) base.reasons.push_back("payer account learned for " + who + " from confirmed matches");
  if (name_sim >= min_name_similarity)
    base.reasons.push_back("payer name matches " + who + " (" + std::to_string(static_cast<int>(name_sim * 100)) + " %)");
  if (name_conflict) base.reasons.push_back("the payer's name or account belongs to another customer");

  std::vector<const ref_signal *> mine;
  for (const auto &r : refs)
    if (items_[r.item].customer_id == customer_id) mine.push_back(&r);

  bool exact_found = false;
  const size_t before = out.size();
  if (!mine.empty()) {
    proposal p = base;
    double best = 0;
    bool rf = false;
    std::vector<size_t> items;
    for (const auto *r : mine) {
      best = std::max(best, r->quality);
      rf = rf || r->how == "rf";
      items.push_back(r->item);
      p.reasons.push_back(r->how + ": " + items_[r->item].invoice_number);
    }
    p.f[f_reference] = best;
    p.f[f_rf] = rf ? 1 : 0;
    p.f[f_reference_all] = 1;
    // Remitted amounts per document, when the payer gave them for all.
    const bool remitted = std::all_of(mine.begin(), mine.end(), [](const ref_signal *r) { return r->remitted_minor.has_value(); });
    int64_t remitted_sum = 0;
    if (remitted)
      for (const auto *r : mine) remitted_sum += *r->remitted_minor;
    if (remitted && remitted_sum == line.amount_minor && mine.size() > 1) {
      // Trust the payer's split; a document paid less than open is a
      // discount, a deduction or a partial payment by the same rules.
      bool all_exact = true;
      for (const auto *r : mine) {
        const auto &it = items_[r->item];
        const int64_t pay = std::min(*r->remitted_minor, it.open_minor);
        const int64_t rest = it.open_minor - pay;
        p.allocations.push_back({r->item, pay, allocation_kind::payment});
        if (rest > 0) {
          all_exact = false;
          const int64_t d = discount_of(it, line.value_date);
          if (rest == d) p.allocations.push_back({r->item, d, allocation_kind::discount});
          else if (rest <= tolerance_for(it.open_minor)) p.allocations.push_back({r->item, rest, allocation_kind::deduction});
        }
        if (*r->remitted_minor > it.open_minor) p.on_account_minor += *r->remitted_minor - it.open_minor;
      }
      p.f[all_exact ? f_amount_exact : f_amount_partial] = 1;
      p.reasons.push_back("the payer's remittance advice assigns the amount per document");
      score(line, p);
      exact_found = all_exact;
      out.push_back(std::move(p));
    } else if (amount_fit(line, items, p)) {
      score(line, p);
      exact_found = p.f[f_amount_exact] > 0 || p.f[f_amount_discount] > 0 || p.f[f_amount_tolerance] > 0;
      out.push_back(std::move(p));
    } else if (items.size() > 1) {
      // Some of the named items: a subset of them that the amount pays.
      std::vector<int64_t> amounts;
      for (size_t i : items) amounts.push_back(items_[i].open_minor);
      const subset_result s = find_subset(amounts, line.amount_minor, 0, items.size(), settings_.subset_max_steps);
      if (s.status == subset_result::unique || s.status == subset_result::ambiguous) {
        proposal q = base;
        q.f[f_reference] = best;
        q.f[f_rf] = rf ? 1 : 0;
        q.f[f_reference_all] = static_cast<double>(s.chosen.size()) / static_cast<double>(items.size());
        for (size_t k : s.chosen) {
          q.allocations.push_back({items[k], items_[items[k]].open_minor, allocation_kind::payment});
          q.reasons.push_back(mine[k]->how + ": " + items_[items[k]].invoice_number);
        }
        q.f[f_amount_exact] = 1;
        q.ambiguous = s.status == subset_result::ambiguous;
        q.reasons.push_back(q.ambiguous ? "the amount pays more than one set of the named invoices"
                                        : "the amount pays exactly these of the named invoices");
        score(line, q);
        exact_found = !q.ambiguous;
        out.push_back(std::move(q));
      }
    }
    if (!exact_found && out.size() == before) {
      // Less than the named items: a partial payment, oldest due first.
      proposal q = base;
      q.f[f_reference] = best;
      q.f[f_rf] = rf ? 1 : 0;
      q.f[f_reference_all] = 1;
      int64_t left = line.amount_minor;
      std::vector<size_t> ordered = items;
      std::sort(ordered.begin(), ordered.end(), [&](size_t a, size_t b) {
        return items_[a].due_date != items_[b].due_date ? items_[a].due_date < items_[b].due_date : a < b;
      });
      for (size_t i : ordered) {
        if (left <= 0) break;
        const int64_t open = items_[i].open_minor;
        if (open <= 0) continue;
        const int64_t pay = std::min(open, left);
        q.allocations.push_back({i, pay, allocation_kind::payment});
        left -= pay;
        q.reasons.push_back(mine[0]->how + ": " + items_[i].invoice_number);
      }
      if (!q.allocations.empty() && left == 0) {
        q.f[f_amount_partial] = 1;
        q.reasons.push_back("a partial payment: " + amount_text(line.amount_minor, exponent_) + " of the named items");
        score(line, q);
        out.push_back(std::move(q));
      }
    }
  }
  if (exact_found) return;

  // By amount alone, over the customer's open items: one item (exactly, or
  // after its cash discount), else a subset.
  const auto found = items_of_customer_.find(customer_id);
  if (found == items_of_customer_.end()) return;
  std::vector<size_t> open;
  for (size_t i : found->second)
    if (items_[i].open_minor != 0) open.push_back(i);
  std::vector<size_t> singles;
  for (size_t i : open) {
    const int64_t a = items_[i].open_minor;
    if (a == line.amount_minor || (a > 0 && a - discount_of(items_[i], line.value_date) == line.amount_minor))
      singles.push_back(i);
  }
  if (!singles.empty()) {
    for (size_t i : singles) {
      proposal p = base;
      if (!amount_fit(line, {i}, p)) continue;
      p.f[f_subset] = 0;
      p.ambiguous = singles.size() > 1;
      p.reasons.push_back("open item " + items_[i].invoice_number + " has this amount");
      if (p.ambiguous) p.reasons.push_back(std::to_string(singles.size()) + " open items of " + who + " have this amount");
      score(line, p);
      out.push_back(std::move(p));
      if (out.size() > 8) break;
    }
    return;
  }
  if (open.size() < 2) return;
  std::vector<size_t> window(open.begin(), open.begin() + static_cast<ptrdiff_t>(std::min(open.size(), settings_.subset_max_items)));
  std::vector<int64_t> amounts;
  for (size_t i : window) amounts.push_back(items_[i].open_minor);
  const int64_t tolerance = tolerance_for(line.amount_minor);
  subset_result s = find_subset(amounts, line.amount_minor, 0, window.size(), settings_.subset_max_steps);
  if (s.status == subset_result::none && tolerance > 0)
    s = find_subset(amounts, line.amount_minor, tolerance, window.size(), settings_.subset_max_steps);
  if (s.status != subset_result::unique && s.status != subset_result::ambiguous) return;
  std::vector<size_t> chosen;
  for (size_t k : s.chosen) chosen.push_back(window[k]);
  proposal p = base;
  if (!amount_fit(line, chosen, p)) return;
  p.f[f_subset] = 1;
  p.ambiguous = s.status == subset_result::ambiguous;
  p.reasons.push_back(std::to_string(chosen.size()) + " open items of " + who + " add up to the amount");
  if (p.ambiguous) p.reasons.push_back("another set of " + who + "'s items adds up to it as well");
  score(line, p);
  out.push_back(std::move(p));
}

decision ledger::decide(const payment_line &line) const {
  if (!finalized_) fail(ARX_E_INTERNAL, "cash application: the ledger was not finalized");
  decision d;
  if (line.amount_minor <= 0) {
    d.reasons.push_back("not a payment received");
    return d;
  }
  std::vector<ref_signal> refs;
  collect_references(line, refs);

  // Who may have paid: customers of named items, of the payer's account, of
  // the payer's name.
  struct who {
    int64_t id;
    double name = 0;
    int iban = 0;  // 0 unknown, 1 ERP, 2 learned
    double strength = 0;
  };
  std::vector<who> candidates;
  auto at = [&](int64_t id) -> who & {
    for (auto &c : candidates)
      if (c.id == id) return c;
    candidates.push_back({id});
    return candidates.back();
  };
  // A customer number in the remittance ("Kd-Nr. C10074").
  std::vector<int64_t> named_customers;
  if (!customer_numbers_.empty() && !line.remittance.empty())
    for (const auto &c : reference_candidates(line.remittance)) {
      const auto it = customer_numbers_.find(c);
      if (it != customer_numbers_.end() &&
          std::find(named_customers.begin(), named_customers.end(), it->second) == named_customers.end())
        named_customers.push_back(it->second);
    }
  for (const auto &r : refs) {
    who &c = at(items_[r.item].customer_id);
    c.strength = std::max(c.strength, r.quality);
  }
  const std::string account = compact_upper(line.payer_account);
  if (!account.empty()) {
    auto range = accounts_.equal_range(account);
    for (auto it = range.first; it != range.second; ++it) {
      who &c = at(it->second.first);
      const int kind = it->second.second ? 2 : 1;
      c.iban = c.iban == 1 ? 1 : kind;
      c.strength = std::max(c.strength, 0.9);
    }
  }
  std::vector<std::string> payer_tokens, ultimate_tokens;
  if (!line.payer_name.empty()) payer_tokens = name_tokens(line.payer_name);
  if (!line.ultimate_payer.empty()) ultimate_tokens = name_tokens(line.ultimate_payer);
  auto similarity_to = [&](int64_t id) {
    const customer_info *info = customer(id);
    if (!info) return 0.0;
    double sim = 0;
    if (!payer_tokens.empty()) sim = name_similarity(payer_tokens, info->tokens);
    if (!ultimate_tokens.empty()) sim = std::max(sim, name_similarity(ultimate_tokens, info->tokens));
    return sim;
  };
  for (int64_t id : named_customers) at(id).strength = std::max(at(id).strength, 0.8);
  bool payer_known = false;
  for (auto &c : candidates) {
    c.name = similarity_to(c.id);
    payer_known = payer_known || c.iban == 1 || c.name >= min_name_similarity;
  }
  // The payer's name is looked up when nothing found so far is the payer: it
  // finds the customer when there is no reference, and it contradicts a
  // reference that names another customer's invoice (a typo that hit a real
  // number). When a referenced customer is the payer, the lookup is skipped.
  if (!payer_known)
    for (const std::string *n : {&line.payer_name, &line.ultimate_payer}) {
      if (n->empty()) continue;
      for (const auto &[id, sim] : names_.lookup(*n, min_name_similarity, 3)) {
        who &c = at(id);
        c.strength = std::max(c.strength, sim * 0.8);
        c.name = std::max(c.name, similarity_to(id));
      }
    }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const who &a, const who &b) { return a.strength + a.name > b.strength + b.name; });
  if (candidates.size() > max_customers) candidates.resize(max_customers);

  // Who the payer is by name or account alone, when that is clear.
  int64_t payer_is = 0;
  for (const auto &c : candidates)
    if (c.iban == 1 || c.name >= 0.9) {
      if (payer_is && payer_is != c.id) {
        payer_is = 0;  // two customers fit: no contradiction can be claimed
        break;
      }
      payer_is = c.id;
    }
  std::vector<proposal> all;
  for (const auto &c : candidates) {
    const size_t first = all.size();
    proposals_for(line, c.id, refs, c.name, c.iban, payer_is != 0 && payer_is != c.id, all);
    if (std::find(named_customers.begin(), named_customers.end(), c.id) != named_customers.end())
      for (size_t i = first; i < all.size(); ++i) {
        all[i].f[f_customer_ref] = 1;
        all[i].reasons.push_back("the remittance names customer number " + (customer(c.id) ? customer(c.id)->number : std::string()));
        score(line, all[i]);
      }
  }
  std::stable_sort(all.begin(), all.end(), [](const proposal &a, const proposal &b) { return a.probability > b.probability; });
  // One proposal per set of items (the best way of reaching it).
  std::set<std::string> seen;
  for (auto &p : all) {
    if (!seen.insert(p.signature()).second) continue;
    d.ranked.push_back(std::move(p));
    if (d.ranked.size() == 3) break;
  }
  if (d.ranked.empty()) {
    if (refs.empty() && candidates.empty()) d.reasons.push_back("no reference, account or name points to a customer");
    else d.reasons.push_back("the amount fits no open items of the customers found");
    return d;
  }
  const proposal &best = d.ranked.front();
  d.confidence = best.probability;
  d.reasons = best.reasons;
  const double runner = d.ranked.size() > 1 ? d.ranked[1].probability : 0.0;
  const bool confident = best.probability >= settings_.auto_apply_confidence;
  const bool ahead = best.probability - runner >= settings_.auto_apply_margin;
  if (confident && ahead && !best.ambiguous && !best.allocations.empty()) {
    d.status = decision_status::applied;
  } else {
    d.status = decision_status::suggested;
    if (best.ambiguous) d.reasons.push_back("not applied: another set of items fits as well");
    else if (!ahead) d.reasons.push_back("not applied: the runner-up is too close");
    else if (!confident) d.reasons.push_back("not applied: confidence below the threshold");
  }
  return d;
}

void ledger::apply(const proposal &p) {
  for (const auto &a : p.allocations) items_[a.item].open_minor -= a.minor;
}

}  // namespace arx::cashapp
