// How one demo company's customers settled their items: payment runs,
// full and short payments, cash discounts, instalments, credit notes netted
// against payments, fees paid along, write-offs; and the open items that
// remain. Rules in docs/DEMO_DATA.md.
#include <algorithm>

#include "demo/builder.hpp"

namespace arx::demo::detail {

sys_days company_builder::next_run(const cust &c, sys_days t) const {
  switch (c.runs) {
  case run_kind::none: return next_business(t);
  case run_kind::weekly: return t + (c.run_day - std::chrono::weekday{t});
  case run_kind::biweekly: {
    if (t <= c.run_anchor) return c.run_anchor;
    const int64_t periods = ((t - c.run_anchor).count() + 13) / 14;
    return c.run_anchor + days{periods * 14};
  }
  case run_kind::semi_monthly: {
    auto m = std::chrono::year_month{ymd(t).year(), ymd(t).month()};
    for (int k = 0; k < 2; ++k, m += std::chrono::months{1}) {
      const sys_days mid = next_business(sys_days{m / std::chrono::day{15}});
      const sys_days end = prev_business(sys_days{m / std::chrono::last});
      if (mid >= t) return mid;
      if (end >= t) return end;
    }
    return as_of_ + days{1};
  }
  case run_kind::random: {
    auto it = std::lower_bound(c.random_runs.begin(), c.random_runs.end(), t);
    return it == c.random_runs.end() ? as_of_ + days{1} : *it;
  }
  }
  return next_business(t);
}

int company_builder::group_for(int ci, sys_days date, bool shared) {
  if (shared) {
    const auto key = std::make_pair(ci, static_cast<int64_t>(date.time_since_epoch().count()));
    auto it = shared_groups_.find(key);
    if (it != shared_groups_.end()) return it->second;
    shared_groups_.emplace(key, static_cast<int>(groups_.size()));
  }
  group g;
  g.cust = ci;
  g.date = date;
  groups_.push_back(std::move(g));
  return static_cast<int>(groups_.size() - 1);
}

void company_builder::allocate(int g, int item_index, int64_t amount, alloc_kind kind, int part, int parts) {
  groups_[static_cast<size_t>(g)].allocs.push_back({item_index, amount, kind, part, parts});
  if (kind == alloc_kind::payment) groups_[static_cast<size_t>(g)].total += amount;
}

// The date a payment aimed at `target` arrives, or none when after as_of.
std::optional<sys_days> company_builder::arrival(const doc &d, const cust &c, sys_days target, prng &r) const {
  sys_days t = next_run(c, std::max(target, d.issue + days{1}));
  if (d.fee_date && t <= *d.fee_date) t = next_run(c, next_business(*d.fee_date + days{r.between(3, 30)}));
  if (t > as_of_) return std::nullopt;
  return t;
}

// One payment of the whole invoice, less bank charges now and then.
void company_builder::pay_full(int di, sys_days target, prng &r) {
  doc &d = docs_[static_cast<size_t>(di)];
  const cust &c = custs_[static_cast<size_t>(d.cust)];
  const auto when = arrival(d, c, target, r);
  if (!when) return;
  const int64_t gross = row(d).gross_amount;
  const int g = group_for(d.cust, *when, c.runs != run_kind::none);
  if (c.bank_charges && gross > 20000 && r.chance(350)) {
    const int64_t charges = r.between(5, 35) * 100;
    allocate(g, d.item, gross - charges, alloc_kind::payment);
    allocate(g, d.item, charges, alloc_kind::write_off);
  } else {
    allocate(g, d.item, gross, alloc_kind::payment);
  }
  d.final_group = g;
}

// Paid within the cash discount period, the discount taken.
void company_builder::pay_with_discount(int di, prng &r) {
  doc &d = docs_[static_cast<size_t>(di)];
  const invoice &iv = row(d);
  const sys_days last = sys_days{*iv.cash_discount_date};
  const int64_t window = (last - d.issue).count();
  sys_days t = prev_business(d.issue + days{r.between(std::min<int64_t>(2, window), window)});
  if (t < d.issue) t = d.issue;
  if (t > as_of_) return;
  const int64_t discount = div_round(mul(iv.gross_amount, *iv.cash_discount_percent), 10000);
  const int g = group_for(d.cust, t, false);
  allocate(g, d.item, iv.gross_amount - discount, alloc_kind::payment);
  allocate(g, d.item, discount, alloc_kind::discount);
  d.final_group = g;
}

void company_builder::pay_in_instalments(int di, prng &r) {
  doc &d = docs_[static_cast<size_t>(di)];
  const cust &c = custs_[static_cast<size_t>(d.cust)];
  const int64_t gross = row(d).gross_amount;
  const int parts = static_cast<int>(r.between(2, 4));
  const int64_t unit = gross >= 500000 ? 10000 : 100;  // round to hundreds or to whole units
  const int64_t share = std::max<int64_t>(unit, gross / parts / unit * unit);
  sys_days target = sys_days{*row(d).due_date} + days{r.between(0, 20)};
  int64_t paid = 0;
  for (int k = 1; k <= parts; ++k) {
    const auto when = arrival(d, c, target, r);
    if (!when) return;
    const int64_t amount = k == parts ? gross - paid : share;
    const int g = group_for(d.cust, *when, false);
    allocate(g, d.item, amount, alloc_kind::payment, k, parts);
    paid += amount;
    d.final_group = g;
    target = *when + days{r.between(10, 35)};
  }
}

void company_builder::plan_invoice(int di, prng &r) {
  doc &d = docs_[static_cast<size_t>(di)];
  const cust &c = custs_[static_cast<size_t>(d.cust)];
  const invoice &iv = row(d);
  const sys_days due = sys_days{*iv.due_date};
  const bool discount = iv.cash_discount_percent.has_value();
  auto after = [&](int64_t delay) { return due + days{delay}; };
  switch (c.prof) {
  case profile::prompt:
    if (discount && r.chance(500)) pay_with_discount(di, r);
    else pay_full(di, after(r.chance(50) ? r.between(3, 15) : r.between(-8, 2)), r);
    break;
  case profile::late: {
    int64_t delay = c.late_mean + r.between(-c.late_spread, c.late_spread);
    if (r.chance(30)) delay += r.between(30, 90);
    pay_full(di, after(delay), r);
    break;
  }
  case profile::batch: pay_full(di, after(r.between(-5, 3)), r); break;
  case profile::discount_taker:
    if (discount && r.chance(920)) pay_with_discount(di, r);
    else pay_full(di, after(r.between(-3, 5)), r);
    break;
  case profile::instalments:
    if (iv.gross_amount >= 50000 && r.chance(700)) pay_in_instalments(di, r);
    else pay_full(di, after(r.between(0, 25)), r);
    break;
  case profile::erratic: pay_full(di, after(r.chance(100) ? r.between(60, 150) : r.between(-10, 60)), r); break;
  case profile::chronic: {
    if (r.chance(120)) {
      items_[static_cast<size_t>(d.item)].never_paid = true;
      break;
    }
    const auto when = arrival(d, c, after(r.between(20, 140)), r);
    if (!when) break;
    const int g = group_for(d.cust, *when, false);
    const int64_t gross = iv.gross_amount;
    if (discount && r.chance(400)) {
      // Discount taken long after the discount date: the rest stays open.
      allocate(g, d.item, gross - div_round(mul(gross, *iv.cash_discount_percent), 10000), alloc_kind::payment);
    } else if (r.chance(150) && gross >= 10000) {
      // Short payment for a complaint: booked as a deduction or left open.
      const int64_t cut = std::max<int64_t>(100, div_round(mul(gross, r.between(3, 20)), 100) / 100 * 100);
      allocate(g, d.item, gross - cut, alloc_kind::payment);
      if (r.chance(500)) allocate(g, d.item, cut, alloc_kind::deduction);
    } else {
      allocate(g, d.item, gross, alloc_kind::payment);
    }
    d.final_group = g;
    break;
  }
  }
}

void company_builder::settle() {
  prng r = stream(opt_.seed, static_cast<uint64_t>(index_), 5);

  // Opening balances: most were paid in the first weeks of the history.
  for (size_t i = 0; i < items_.size() && items_[i].doc < 0; ++i) {
    if (!r.chance(700)) continue;
    const sys_days when = next_business(start_ + days{r.between(3, 60)});
    if (when > as_of_) continue;
    allocate(group_for(items_[i].cust, when, false), static_cast<int>(i), items_[i].original, alloc_kind::payment);
  }
  // Invoices, by customer behaviour.
  for (size_t i = 0; i < docs_.size(); ++i)
    if (docs_[i].kind == doc_kind::invoice && docs_[i].item >= 0) plan_invoice(static_cast<int>(i), r);

  // Fees: paid along with the invoice they were raised on, if at all.
  for (auto &d : docs_) {
    if (d.kind != doc_kind::fee || d.item < 0) continue;
    const doc &ref = docs_[static_cast<size_t>(d.ref)];
    if (ref.final_group >= 0 && groups_[static_cast<size_t>(ref.final_group)].date >= d.issue && r.chance(450)) {
      allocate(ref.final_group, d.item, row(d).gross_amount, alloc_kind::payment);
      d.final_group = ref.final_group;
    }
  }

  // Credit notes: deducted from the payment of the invoice they correct or
  // from the customer's next payment; some are still open.
  std::vector<std::vector<int>> by_customer(custs_.size());
  for (size_t g = 0; g < groups_.size(); ++g)
    by_customer[static_cast<size_t>(groups_[g].cust)].push_back(static_cast<int>(g));
  for (auto &ordered : by_customer)
    std::sort(ordered.begin(), ordered.end(), [&](int a, int b) {
      const auto &ga = groups_[static_cast<size_t>(a)], &gb = groups_[static_cast<size_t>(b)];
      return ga.date != gb.date ? ga.date < gb.date : a < b;
    });
  for (auto &d : docs_) {
    if (d.kind != doc_kind::credit_note || d.item < 0) continue;
    const int64_t amount = row(d).gross_amount;  // negative
    auto fits = [&](int g) {
      const group &gr = groups_[static_cast<size_t>(g)];
      return gr.date >= d.issue && gr.total + amount > 0;
    };
    const int mode = r.index(100);
    int chosen = -1;
    const int ref_group = docs_[static_cast<size_t>(d.ref)].final_group;
    if (mode < 60 && ref_group >= 0 && fits(ref_group)) chosen = ref_group;
    if (chosen < 0 && mode < 85) {
      const auto &ordered = by_customer[static_cast<size_t>(d.cust)];
      auto it = std::lower_bound(ordered.begin(), ordered.end(), d.issue,
                                 [&](int g, sys_days t) { return groups_[static_cast<size_t>(g)].date < t; });
      for (int tries = 0; it != ordered.end() && tries < 10 && chosen < 0; ++it, ++tries)
        if (fits(*it)) chosen = *it;
    }
    if (chosen >= 0) {
      allocate(chosen, d.item, amount, alloc_kind::payment);
      d.final_group = chosen;
    }
  }

  // Cash of the last days is on the bank statement but not applied yet.
  for (auto &g : groups_) {
    if (g.date > as_of_ - days{4} && r.chance(500)) {
      g.unapplied = true;
      g.unknown_payer = r.chance(250);
    }
    if (g.total <= 0) internal_fault("a payment without a positive amount");
  }

  // Invoices a chronically late customer never paid: half written off after 180 days.
  for (size_t i = 0; i < items_.size(); ++i)
    if (items_[i].never_paid && items_[i].due <= as_of_ - days{180} && r.chance(500))
      write_offs_.emplace_back(static_cast<int>(i), items_[i].original);

  for (const auto &g : groups_)
    if (!g.unapplied)
      for (const auto &a : g.allocs) items_[static_cast<size_t>(a.item)].allocated += a.amount;
  for (const auto &[i, amount] : write_offs_) items_[static_cast<size_t>(i)].allocated += amount;
}

void company_builder::emit_open_items() {
  for (const auto &it : items_) {
    const cust &c = custs_[static_cast<size_t>(it.cust)];
    open_item o;
    o.id = it.id;
    o.company_id = company_id_;
    o.customer_id = c.row.id;
    if (it.doc >= 0) o.invoice_id = out_.invoices[docs_[static_cast<size_t>(it.doc)].row].id;
    o.due_date = ymd(it.due);
    o.currency = c.currency;
    o.original_amount = it.original;
    o.open_amount = it.original - it.allocated;
    out_.open_items.push_back(std::move(o));
  }
}

}  // namespace arx::demo::detail
