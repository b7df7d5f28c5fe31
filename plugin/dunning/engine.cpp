#include "dunning/engine.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/money.hpp"

namespace arx::dunning {

namespace {

// Products of amounts, rates and days can pass 2^63; the quotient cannot.
__extension__ typedef __int128 i128;

int64_t divide_rounded(i128 num, i128 den) {
  i128 q = num / den, r = num % den;
  if (r < 0) r = -r;
  if (2 * r >= den) q += num < 0 ? -1 : 1;
  return static_cast<int64_t>(q);
}

// What the engine knows of one item while deciding.
struct working {
  const item_input *in;
  int64_t dunned = 0;   // the undisputed open amount
  int days = 0;
};

}  // namespace

int64_t interest_minor(int64_t amount, int days, std::string_view rate_percent) {
  if (days <= 0 || amount == 0) return 0;
  const int64_t rate = core::parse_scaled(rate_percent, 2);  // hundredths of a percent
  return divide_rounded(static_cast<i128>(amount) * rate * days, static_cast<i128>(100) * 100 * 365);
}

int64_t percent_of(int64_t amount, std::string_view percent) {
  const int64_t p = core::parse_scaled(percent, 2);
  return divide_rounded(static_cast<i128>(amount) * p, 10000);
}

decision decide(const customer_input &c, const procedure &proc, const settings &s) {
  decision d;
  if (c.block_reason) {
    d.outcome = "held";
    d.reason = "dunning block: " + *c.block_reason;
    return d;
  }
  if (c.promise) {
    d.outcome = "held";
    d.reason = "promise to pay: " + *c.promise;
    return d;
  }
  if (proc.levels.empty()) throw error(ARX_E_CONFIG, "dunning procedure '" + proc.code + "' has no levels");

  std::map<std::string, std::vector<const item_input *>> by_currency;
  for (const auto &it : c.items)
    if (it.open_amount != 0) by_currency[it.currency].push_back(&it);

  std::vector<std::string> reasons;  // why a currency got no notice, best first
  int rank = 99;
  auto note = [&](int r, const std::string &outcome, std::string why) {
    if (r < rank) {
      rank = r;
      d.outcome = outcome;
      d.reason = std::move(why);
    }
  };

  for (auto &[currency, items] : by_currency) {
    const int exponent = core::currency_exponent(currency);
    notice n;
    n.customer_id = c.customer_id;
    n.customer_number = c.customer_number;
    n.currency = currency;
    n.exponent = exponent;
    n.procedure_code = proc.code;
    n.language = c.language;
    n.as_of = s.as_of;
    n.interest_rate = s.interest_rate_percent;

    std::vector<working> overdue;
    std::vector<notice_item> not_due, credits;
    for (const item_input *it : items) {
      auto base = [&] {
        notice_item ni;
        static_cast<item_ref &>(ni) = *it;
        ni.level = it->level;
        return ni;
      };
      if (it->open_amount < 0) {  // an open credit: listed, and it nets the amount asked for
        auto ni = base();
        ni.open_amount = it->open_amount;
        ni.days_overdue = it->due_date ? core::days_between(*it->due_date, s.as_of) : 0;
        credits.push_back(ni);
        continue;
      }
      if (it->block_reason) {
        d.excluded.push_back({it->open_item_id, it->invoice_number, "blocked: " + *it->block_reason});
        continue;
      }
      if (it->cash_suggested) {
        d.excluded.push_back({it->open_item_id, it->invoice_number,
                              "a cash-application suggestion pays it (confirm or reject it first)"});
        continue;
      }
      const int64_t disputed = std::clamp<int64_t>(it->disputed_amount, 0, it->open_amount);
      const int64_t undisputed = it->open_amount - disputed;
      if (undisputed <= 0) {
        d.excluded.push_back({it->open_item_id, it->invoice_number, "in dispute"});
        continue;
      }
      if (!it->due_date) {
        d.excluded.push_back({it->open_item_id, it->invoice_number, "no due date"});
        continue;
      }
      const int days = core::days_between(*it->due_date, s.as_of);
      if (days <= s.grace_days) {
        if (proc.list_not_due) {
          auto ni = base();
          ni.open_amount = undisputed;
          ni.disputed_amount = disputed;
          ni.days_overdue = days;
          ni.level = 0;
          not_due.push_back(ni);
        }
        continue;
      }
      overdue.push_back({it, undisputed, days});
    }
    if (overdue.empty()) {
      if (!d.excluded.empty()) note(3, "excluded", "every overdue item is excluded (" + d.excluded.front().reason + ")");
      else note(5, "not_overdue", "nothing is overdue beyond the grace days");
      continue;
    }
    for (const auto &[ccy, cash] : c.unapplied_cash)
      if (ccy == currency && cash > 0) {
        overdue.clear();
        note(1, "held", "unapplied cash of " + core::format_minor(cash, exponent) + " " + currency +
                            " (apply it before dunning)");
        break;
      }
    if (overdue.empty()) continue;

    const int max_level = static_cast<int>(proc.levels.size());
    bool escalated_any = false;
    int64_t overdue_total = 0;
    for (const auto &w : overdue) {
      notice_item ni;
      static_cast<item_ref &>(ni) = *w.in;
      ni.open_amount = w.dunned;
      ni.disputed_amount = std::clamp<int64_t>(w.in->disputed_amount, 0, w.in->open_amount);
      ni.days_overdue = w.days;
      const int current = std::min(w.in->level, max_level);
      ni.level = current;
      if (current < max_level) {
        const level_rule &next = proc.levels[static_cast<size_t>(current)];
        const bool old_enough = w.days >= next.days_overdue;
        const bool waited = current == 0 || !w.in->last_dunned ||
                            core::days_between(*w.in->last_dunned, s.as_of) >= next.min_days_since_previous;
        const bool large_enough = w.dunned >= core::parse_minor(next.min_item_amount, exponent,
                                                                core::excess_digits::round);
        if (old_enough && waited && large_enough) {
          ni.level = current + 1;
          ni.escalated = true;
          escalated_any = true;
        }
      }
      overdue_total += w.dunned;
      n.items.push_back(ni);
    }
    for (const auto &cr : credits) overdue_total += cr.open_amount;
    if (!escalated_any) {
      note(4, "nothing_new", "no overdue item reaches its next level yet");
      continue;
    }
    const int64_t minimum = core::parse_minor(s.min_customer_amount, exponent, core::excess_digits::round);
    if (overdue_total < minimum) {
      note(2, "below_minimum", "overdue " + core::format_minor(overdue_total, exponent) + " " + currency +
                                   " is below the minimum of " + core::format_minor(minimum, exponent));
      continue;
    }
    for (const auto &ni : n.items) n.level = std::max(n.level, ni.level);
    const level_rule &rule = proc.levels[static_cast<size_t>(n.level - 1)];
    n.channel = rule.channel;
    n.template_name = rule.template_name;
    n.overdue_total = overdue_total;
    n.fee = core::parse_minor(rule.fee_fixed, exponent, core::excess_digits::round) +
            percent_of(overdue_total, rule.fee_percent);
    if (rule.interest) {
      for (auto &ni : n.items) {
        if (ni.kind == "fee" || ni.open_amount <= 0 || !ni.due_date) continue;  // no interest on fees
        const auto &src = *std::find_if(overdue.begin(), overdue.end(),
                                        [&](const working &w) { return w.in->open_item_id == ni.open_item_id; })->in;
        core::date from = *ni.due_date;
        if (src.interest_until && *src.interest_until > from) from = *src.interest_until;
        const int days = core::days_between(from, s.as_of);
        if (days <= 0) continue;
        ni.interest_from = core::add_days(from, 1);
        ni.interest_days = days;
        ni.interest = interest_minor(ni.open_amount, days, s.interest_rate_percent);
        n.interest += ni.interest;
      }
    }
    n.total_due = n.overdue_total + n.fee + n.interest;
    n.pay_by = core::add_days(s.as_of, rule.payment_days);
    std::stable_sort(n.items.begin(), n.items.end(), [](const notice_item &a, const notice_item &b) {
      return std::tie(*a.due_date, a.invoice_number) < std::tie(*b.due_date, b.invoice_number);
    });
    for (auto &cr : credits) n.items.push_back(cr);
    for (auto &nd : not_due) n.items.push_back(nd);
    d.notices.push_back(std::move(n));
  }
  if (!d.notices.empty()) {
    d.outcome = "notice";
    d.reason.clear();
  } else if (d.outcome.empty()) {
    d.outcome = "not_overdue";
    d.reason = "no open items";
  }
  return d;
}

}  // namespace arx::dunning
