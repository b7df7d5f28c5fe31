#include "analytics/kpi.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analytics/params.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "db/text_rows.hpp"
#include "db/uses.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"

namespace arx::analytics {

using nlohmann::json;

// ---------------------------------------------------------------- formulas

void balances::add(const balances &o) {
  ar += o.ar;
  ar_begin += o.ar_begin;
  sales += o.sales;
  for (size_t i = 0; i < bucket.size(); ++i) {
    bucket[i] += o.bucket[i];
    count[i] += o.count[i];
  }
  if (o.oldest_due && (!oldest_due || *o.oldest_due < *oldest_due)) oldest_due = o.oldest_due;
}

__extension__ typedef __int128 i128;

tenths ratio_tenths(int64_t n, int64_t d, int64_t scale) {
  if (d <= 0) return std::nullopt;
  const i128 num = static_cast<i128>(n) * scale * 10;
  const i128 q = num / d, r = num % d;
  i128 out = q;
  // half away from zero
  if (r != 0 && (r < 0 ? -r : r) * 2 >= d) out += num < 0 ? -1 : 1;
  return static_cast<int64_t>(out);
}

tenths dso(const balances &b, int period_days) { return ratio_tenths(b.ar, b.sales, period_days); }

tenths best_possible_dso(const balances &b, int period_days) { return ratio_tenths(b.bucket[0], b.sales, period_days); }

tenths add(const balances &b, int period_days) {
  // From the unrounded ratio, so that ADD + BPDSO may differ from DSO by the
  // last digit's rounding only, never by two roundings.
  return ratio_tenths(b.ar - b.bucket[0], b.sales, period_days);
}

tenths cei(const balances &b) {
  const int64_t collectible = b.ar_begin + b.sales;
  return ratio_tenths(collectible - b.ar, collectible - b.bucket[0], 100);
}

tenths over_90_share(const balances &b) { return ratio_tenths(b.over_90(), b.ar, 100); }

tenths countback_dso(int64_t ar, const std::vector<month_sales> &months) {
  if (ar <= 0) return int64_t{0};
  int64_t left = ar, days_tenths = 0;
  for (const auto &m : months) {
    if (m.sales > 0 && left <= m.sales) {
      return days_tenths + *ratio_tenths(left, m.sales, m.days);
    }
    days_tenths += int64_t{m.days} * 10;
    if (m.sales > 0) left -= m.sales;
  }
  return std::nullopt;
}

std::vector<std::pair<core::date, core::date>> countback_months(core::date as_of, int n) {
  using namespace std::chrono;
  std::vector<std::pair<core::date, core::date>> out;
  core::date end = as_of;
  for (int i = 0; i < n; ++i) {
    const core::date first{end.year(), end.month(), day{1}};
    out.emplace_back(first, end);
    end = core::add_days(first, -1);
  }
  return out;
}

json tenths_json(tenths t) {
  if (!t) return nullptr;
  return core::format_scaled(*t, 1);
}

// ------------------------------------------------------------------ reading

int64_t hundredths_to_minor(int64_t hundredths, int exponent) {
  if (exponent >= 2) {
    int64_t f = 1;
    for (int i = 2; i < exponent; ++i) f *= 10;
    return hundredths * f;
  }
  const int64_t f = exponent == 1 ? 10 : 100;
  // half away from zero (a JPY column holds whole yen, so nothing rounds)
  const int64_t q = hundredths / f, r = hundredths % f;
  return q + ((r < 0 ? -r : r) * 2 >= f ? (hundredths < 0 ? -1 : 1) : 0);
}

namespace {

using db::text_rows;

int64_t parse_amount(const std::string &text, int exponent) {
  if (text.empty()) return 0;
  return core::parse_minor(text, exponent, core::excess_digits::round);
}

int64_t epoch_of(core::date d) {
  return static_cast<int64_t>(std::chrono::sys_days(d).time_since_epoch().count()) * 86400;
}

struct customer_row {
  int64_t id = 0;
  std::string number, name, currency, collector;
  balances b;
};

struct currency_extra {
  // disputes
  int64_t disputes = 0, disputed = 0, dispute_age_sum = 0, dispute_oldest = -1;
  // promises
  int64_t kept = 0, broken = 0, open_promises = 0, kept_amount = 0, broken_amount = 0;
  // reminders
  int64_t sent = 0, matured = 0, paid_within = 0, dunned = 0, collected_within = 0;
  // cash application
  int64_t lines = 0, applied = 0, suggested = 0, unmatched = 0, reviewed = 0;
  int64_t amount = 0, applied_amount = 0, matched_amount = 0;
};

json money_json(int64_t minor, const std::string &currency) {
  return core::format_minor(minor, core::currency_exponent(currency));
}

json aging_json(const balances &b, const std::string &currency) {
  json a = json::array();
  for (size_t i = 0; i < bucket_names.size(); ++i)
    a.push_back({{"bucket", bucket_names[i]}, {"amount", money_json(b.bucket[i], currency)}, {"count", b.count[i]}});
  return a;
}

json balances_json(const balances &b, const std::string &currency, int period, core::date as_of) {
  json j = {{"currency", currency},
            {"ar_total", money_json(b.ar, currency)},
            {"ar_current", money_json(b.bucket[0], currency)},
            {"overdue", money_json(b.overdue(), currency)},
            {"over_90", money_json(b.over_90(), currency)},
            {"ar_begin", money_json(b.ar_begin, currency)},
            {"sales", money_json(b.sales, currency)},
            {"aging", aging_json(b, currency)},
            {"dso", tenths_json(dso(b, period))},
            {"best_possible_dso", tenths_json(best_possible_dso(b, period))},
            {"add", tenths_json(add(b, period))},
            {"cei", tenths_json(cei(b))},
            {"over_90_share", tenths_json(over_90_share(b))}};
  j["oldest_days_overdue"] = b.oldest_due ? json(core::days_between(*b.oldest_due, as_of)) : json(nullptr);
  return j;
}

}  // namespace

json compute(db::context &ctx, const kpi_request &rq) {
  if (rq.period_days < 1 || rq.period_days > 366)
    invalid_argument("period_days must be 1..366, not " + std::to_string(rq.period_days));
  if (rq.paid_within_days < 1 || rq.paid_within_days > 365)
    invalid_argument("paid_within_days must be 1..365, not " + std::to_string(rq.paid_within_days));
  if (!rq.group.empty() && rq.group != "customer" && rq.group != "collector")
    invalid_argument("group must be customer or collector, not '" + rq.group + "'");
  if (!rq.currency.empty() && !core::is_currency(rq.currency))
    invalid_argument("currency '" + rq.currency + "' is not an ISO 4217 code");
  const erp::company co = erp::find_company(ctx, rq.company);
  soci::session &sql = ctx.sql();
  const core::date D = rq.as_of, B = core::add_days(D, -rq.period_days);
  const std::string d = core::format_date(D), b = core::format_date(B);
  const long long cid = co.id;

  // 1. Balances per customer and currency, when asked for by customer or
  // collector, or for one customer.
  const bool one_customer = !rq.customer.empty();
  std::vector<customer_row> rows;
  if (one_customer || !rq.group.empty()) {
    const std::string text = ctx.profile().sql("analytics.balances");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n[0] == 'c') return cid;
      if (n[0] == 'b') return b;
      if (n[0] == 'm' || n[0] == 'n') {
        const int days = std::stoi(n.substr(1, n.back() == 'b' ? n.size() - 2 : n.size() - 1));
        return core::format_date(core::add_days(D, -days));
      }
      return d;
    });
    text_rows(20, 5000).run(sql, text, std::ref(bind), [&](const text_rows &r) {
      customer_row c;
      c.number = r.text(0);
      c.name = r.text(1);
      c.id = r.integer(2);
      c.currency = r.text(3);
      if (!rq.currency.empty() && c.currency != rq.currency) return;
      if (!rq.customer.empty() && c.number != rq.customer) return;
      const int e = core::currency_exponent(c.currency);
      c.b.ar = hundredths_to_minor(r.integer(4), e);
      for (size_t i = 0; i < 6; ++i) c.b.bucket[i] = hundredths_to_minor(r.integer(5 + i), e);
      c.b.ar_begin = hundredths_to_minor(r.integer(11), e);
      c.b.sales = hundredths_to_minor(r.integer(12), e);
      for (size_t i = 0; i < 6; ++i) c.b.count[i] = r.integer(13 + i);
      c.b.oldest_due = r.date(19);
      rows.push_back(std::move(c));
    });
  }
  if (!rq.customer.empty() && rows.empty()) {
    // Known customer without items, or unknown?
    if (!erp::find_customer(ctx, co.id, rq.customer)) fail(ARX_E_NOT_FOUND, "customer '" + rq.customer + "' not found in company " + co.code);
  }
  std::unordered_map<int64_t, bool> wanted_customer;
  for (const auto &c : rows) wanted_customer[c.id] = true;
  auto wanted = [&](int64_t customer_id, const std::string &currency) {
    if (!rq.currency.empty() && currency != rq.currency) return false;
    return !one_customer || wanted_customer.count(customer_id);
  };

  // 2. The company's balances per currency, bucket and day in one pass; the
  // days of the last 24 months give the countback its monthly sales.
  std::map<std::string, balances> totals;
  std::map<std::string, std::vector<month_sales>> months;
  if (one_customer) {
    for (const auto &c : rows) totals[c.currency].add(c.b);
  } else {
    const auto spans = countback_months(D, 24);
    const std::string from = core::format_date(core::add_days(spans.back().first, -1));
    std::map<std::string, std::vector<int64_t>> per_month;
    const std::string text = ctx.profile().sql("analytics.totals");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n[0] == 'c') return cid;
      if (n[0] == 'b') return b;
      if (n[0] == 'f') return from;
      if (n[0] == 'm') return core::format_date(core::add_days(D, -std::stoi(n.substr(1))));
      return d;
    });
    text_rows(8, 5000).run(sql, text, std::ref(bind), [&](const text_rows &r) {
      const std::string cur = r.text(0);
      if (!rq.currency.empty() && cur != rq.currency) return;
      const int e = core::currency_exponent(cur);
      const auto bucket = static_cast<size_t>(std::clamp<int64_t>(r.integer(1), 0, 5));
      const auto day = r.date(2);
      balances &t = totals[cur];
      const int64_t open = hundredths_to_minor(r.integer(3), e), original = hundredths_to_minor(r.integer(5), e);
      t.ar += open;
      t.bucket[bucket] += open;
      t.ar_begin += hundredths_to_minor(r.integer(4), e);
      t.count[bucket] += r.integer(6);
      if (day && *day > B) t.sales += original;
      if (const auto oldest = r.date(7); oldest && (!t.oldest_due || *oldest < *t.oldest_due)) t.oldest_due = oldest;
      if (!day) return;
      auto &v = per_month[cur];
      v.resize(spans.size());
      for (size_t i = 0; i < spans.size(); ++i)
        if (*day >= spans[i].first && *day <= spans[i].second) {
          v[i] += original;
          break;
        }
    });
    for (auto &[cur, v] : per_month) {
      auto &m = months[cur];
      for (size_t i = 0; i < spans.size(); ++i)
        m.push_back({core::days_between(spans[i].first, spans[i].second) + 1, v[i]});
    }
  }
  std::map<std::string, currency_extra> extra;

  // 3. Disputes open at D.
  {
    const long long until = epoch_of(core::add_days(D, 1));
    text_rows(4, 5000).run(
        sql,
        "SELECT customer_id, currency, amount, opened_on FROM arx_dispute WHERE company_id = :c AND opened_on <= :d "
        "AND (state = 'open' OR resolved_at >= :u)",
        db::uses({{"c", cid}, {"d", d}, {"u", until}}), [&](const text_rows &r) {
          const std::string cur = r.text(1);
          if (!wanted(r.integer(0), cur)) return;
          auto &x = extra[cur];
          ++x.disputes;
          x.disputed += parse_amount(r.text(2), core::currency_exponent(cur));
          const int64_t age = core::days_between(*r.date(3), D);
          x.dispute_age_sum += age;
          x.dispute_oldest = std::max(x.dispute_oldest, age);
        });
  }

  // 4. Promises to pay: due in the period and settled by D; open at D.
  text_rows(7, 5000).run(
      sql,
      "SELECT customer_id, currency, state, amount, promised_date, made_on, settled_on FROM arx_promise WHERE "
      "company_id = :c AND made_on <= :d AND state <> 'cancelled'",
      db::uses({{"c", cid}, {"d", d}}), [&](const text_rows &r) {
        const std::string cur = r.text(1);
        if (!wanted(r.integer(0), cur)) return;
        auto &x = extra[cur];
        const std::string state = r.text(2);
        const auto settled = r.date(6);
        const core::date promised = *r.date(4);
        const bool settled_by_d = settled && *settled <= D && state != "open";
        if (!settled_by_d) {
          ++x.open_promises;
          return;
        }
        if (promised <= B) return;  // settled, but due before the period
        const int64_t amount = parse_amount(r.text(3), core::currency_exponent(cur));
        if (state == "kept") {
          ++x.kept;
          x.kept_amount += amount;
        } else if (state == "broken") {
          ++x.broken;
          x.broken_amount += amount;
        }
      });

  // 5. Reminders: notices of runs in the period; paid within N days.
  {
    struct notice {
      core::date on{};
      std::string currency;
      std::vector<int64_t> items;
    };
    std::map<int64_t, notice> notices;
    std::unordered_map<int64_t, int64_t> open_now;  // open item -> hundredths open today
    std::unordered_map<int64_t, int64_t> customer_of_notice;
    std::string text = ctx.profile().sql("analytics.reminder_items");
    param_binder bind(text, [&](const std::string &n) -> param_value {
      if (n == "c") return cid;
      if (n == "b") return b;
      return d;
    });
    text_rows(5, 5000).run(sql, text, std::ref(bind), [&](const text_rows &r) {
      notice &n = notices[r.integer(0)];
      n.on = *r.date(1);
      n.currency = r.text(2);
      n.items.push_back(r.integer(3));
      open_now[r.integer(3)] = r.integer(4);
    });
    if (!notices.empty()) {
      // A notice counts for one customer only when it is one of theirs.
      if (one_customer) {
        text_rows(2, 5000).run(
            sql,
            "SELECT n.id, n.customer_id FROM arx_dunning_notice n JOIN arx_dunning_run r ON r.id = n.run_id WHERE "
            "n.company_id = :c AND r.as_of > :b AND r.as_of <= :d",
            db::uses({{"c", cid}, {"b", b}, {"d", d}}),
            [&](const text_rows &r) { customer_of_notice[r.integer(0)] = r.integer(1); });
      }
      std::unordered_map<int64_t, std::vector<std::pair<core::date, int64_t>>> paid;
      text = ctx.profile().sql("analytics.reminder_payments");
      param_binder bind2(text, [&](const std::string &n) -> param_value {
        if (n == "c") return cid;
        if (n == "b" || n == "b2") return b;
        return d;
      });
      text_rows(3, 5000).run(sql, text, std::ref(bind2), [&](const text_rows &r) {
        paid[r.integer(0)].emplace_back(*r.date(1), r.integer(2));
      });
      for (const auto &[id, n] : notices) {
        if (!wanted(one_customer ? customer_of_notice[id] : 0, n.currency)) continue;
        auto &x = extra[n.currency];
        const int e = core::currency_exponent(n.currency);
        ++x.sent;
        const core::date horizon = core::add_days(n.on, rq.paid_within_days);
        int64_t dunned = 0, collected = 0;
        bool all_paid = true;
        for (const int64_t item : n.items) {
          int64_t at_notice = open_now[item], at_horizon = open_now[item];
          for (const auto &[day, amount] : paid[item]) {
            if (day > n.on) at_notice += amount;
            if (day > horizon) at_horizon += amount;
            if (day > n.on && day <= horizon) collected += amount;
          }
          dunned += at_notice;
          if (at_horizon > 0) all_paid = false;
        }
        x.dunned += hundredths_to_minor(dunned, e);
        if (horizon <= D) {
          ++x.matured;
          x.collected_within += hundredths_to_minor(collected, e);
          if (all_paid) ++x.paid_within;
        }
      }
    }
  }

  // 6. Cash application: the bank credits of the period and arx's first
  // (automatic) decision on each.
  if (!one_customer) {
    struct line {
      int generation = 0;
      std::string status, currency, amount, state;
    };
    std::unordered_map<int64_t, line> lines;
    text_rows(6, 5000).run(
        sql,
        "SELECT l.id, d.generation, d.status, l.currency, l.amount, l.state FROM arx_bank_line l JOIN "
        "arx_cashapp_decision d ON d.line_id = l.id AND d.shadow = 0 AND d.run_id IS NOT NULL WHERE l.company_id = "
        ":c AND l.credit = 1 AND l.booked = 1 AND l.reversal = 0 AND l.returned = 0 AND COALESCE(l.value_date, "
        "l.booking_date) > :b AND COALESCE(l.value_date, l.booking_date) <= :d",
        db::uses({{"c", cid}, {"b", b}, {"d", d}}), [&](const text_rows &r) {
          line &l = lines[r.integer(0)];
          const int g = static_cast<int>(r.integer(1));
          if (l.generation != 0 && l.generation <= g) return;
          l = {g, r.text(2), r.text(3), r.text(4), r.text(5)};
        });
    for (const auto &[id, l] : lines) {
      if (!rq.currency.empty() && l.currency != rq.currency) continue;
      auto &x = extra[l.currency];
      const int64_t amount = parse_amount(l.amount, core::currency_exponent(l.currency));
      ++x.lines;
      x.amount += amount;
      if (l.status == "applied") {
        ++x.applied;
        x.applied_amount += amount;
      } else if (l.status == "suggested") {
        ++x.suggested;
        if (l.state == "applied") ++x.reviewed;
      } else {
        ++x.unmatched;
      }
      if (l.status == "applied" || l.status == "suggested") x.matched_amount += amount;
    }
  }

  json out = {{"company", co.code},
              {"as_of", d},
              {"period", {{"from", core::format_date(core::add_days(B, 1))}, {"to", d}, {"days", rq.period_days}}},
              {"paid_within_days", rq.paid_within_days},
              {"currencies", json::array()}};
  if (one_customer) out["customer"] = rq.customer;
  std::map<std::string, bool> currencies;
  for (const auto &[cur, t] : totals) currencies[cur] = true;
  for (const auto &[cur, x] : extra) currencies[cur] = true;
  for (const auto &[cur, present] : currencies) {
    const balances &t = totals[cur];
    const currency_extra &x = extra[cur];
    json j = balances_json(t, cur, rq.period_days, D);
    j["countback_dso"] = months.count(cur) ? tenths_json(countback_dso(t.ar, months[cur])) : json(nullptr);
    j["disputes"] = {{"open", x.disputes},
                     {"amount", money_json(x.disputed, cur)},
                     {"average_age_days", tenths_json(ratio_tenths(x.dispute_age_sum, x.disputes, 1))},
                     {"oldest_age_days", x.dispute_oldest < 0 ? json(nullptr) : json(x.dispute_oldest)}};
    j["promises"] = {{"kept", x.kept},
                     {"broken", x.broken},
                     {"open", x.open_promises},
                     {"kept_rate", tenths_json(ratio_tenths(x.kept, x.kept + x.broken, 100))},
                     {"kept_amount", money_json(x.kept_amount, cur)},
                     {"broken_amount", money_json(x.broken_amount, cur)}};
    j["reminders"] = {{"sent", x.sent},
                      {"matured", x.matured},
                      {"paid_within", x.paid_within},
                      {"paid_rate", tenths_json(ratio_tenths(x.paid_within, x.matured, 100))},
                      {"dunned_amount", money_json(x.dunned, cur)},
                      {"collected_within", money_json(x.collected_within, cur)}};
    if (!one_customer)
      j["cash_application"] = {{"lines", x.lines},
                               {"applied", x.applied},
                               {"suggested", x.suggested},
                               {"applied_after_review", x.reviewed},
                               {"unmatched", x.unmatched},
                               {"amount", money_json(x.amount, cur)},
                               {"applied_amount", money_json(x.applied_amount, cur)},
                               {"matched_amount", money_json(x.matched_amount, cur)},
                               {"stp_rate", tenths_json(ratio_tenths(x.applied, x.lines, 100))},
                               {"stp_amount_rate", tenths_json(ratio_tenths(x.applied_amount, x.amount, 100))},
                               {"match_rate", tenths_json(ratio_tenths(x.applied + x.suggested, x.lines, 100))},
                               {"match_amount_rate", tenths_json(ratio_tenths(x.matched_amount, x.amount, 100))}};
    out["currencies"].push_back(std::move(j));
  }

  // 7. Delivery of the invoices of the period, by channel (every currency).
  if (!one_customer) {
    const long long from = epoch_of(core::add_days(B, 1)), to = epoch_of(core::add_days(D, 1));
    std::map<std::string, std::pair<int64_t, int64_t>> by_channel;  // channel -> (jobs, sent)
    int64_t all = 0, electronic = 0, einvoice = 0;
    text_rows(3, 1000).run(
        sql,
        "SELECT channel, state, COUNT(*) FROM arx_delivery_job WHERE company_id = :c AND purpose = 'invoice' AND "
        "created_at >= :f AND created_at < :t AND state <> 'fell_back' GROUP BY channel, state",
        db::uses({{"c", cid}, {"f", from}, {"t", to}}), [&](const text_rows &r) {
          const std::string ch = r.text(0);
          const int64_t n = r.integer(2);
          by_channel[ch].first += n;
          if (r.text(1) == "sent") by_channel[ch].second += n;
          all += n;
          if (ch != "print") electronic += n;
          if (ch == "peppol" || ch == "xrechnung") einvoice += n;
        });
    json channels = json::array();
    for (const auto &[ch, n] : by_channel)
      channels.push_back({{"channel", ch},
                          {"electronic", ch != "print"},
                          {"invoices", n.first},
                          {"sent", n.second},
                          {"share", tenths_json(ratio_tenths(n.first, all, 100))}});
    out["delivery"] = {{"invoices", all},
                       {"channels", channels},
                       {"electronic_share", tenths_json(ratio_tenths(electronic, all, 100))},
                       {"einvoice_share", tenths_json(ratio_tenths(einvoice, all, 100))}};
  }

  // 8. Per customer or collector.
  if (!rq.group.empty()) {
    std::unordered_map<std::string, std::string> collector_of;
    text_rows(2, 5000).run(sql, "SELECT customer_number, collector FROM arx_dunning_customer WHERE company_id = :c",
                           db::uses({{"c", cid}}), [&](const text_rows &r) { collector_of[r.text(0)] = r.text(1); });
    std::vector<std::tuple<int64_t, std::string, json>> sorted;
    if (rq.group == "customer") {
      for (auto &c : rows) {
        json j = balances_json(c.b, c.currency, rq.period_days, D);
        const auto col = collector_of.find(c.number);
        j["customer_number"] = c.number;
        j["name"] = c.name;
        j["collector"] = col == collector_of.end() || col->second.empty() ? json(nullptr) : json(col->second);
        sorted.emplace_back(c.b.overdue(), c.number, std::move(j));
      }
    } else {
      std::map<std::pair<std::string, std::string>, std::pair<balances, int64_t>> groups;
      for (const auto &c : rows) {
        const auto col = collector_of.find(c.number);
        const std::string who = col == collector_of.end() ? std::string() : col->second;
        auto &g = groups[{who, c.currency}];
        g.first.add(c.b);
        ++g.second;
      }
      for (auto &[key, g] : groups) {
        json j = balances_json(g.first, key.second, rq.period_days, D);
        j["collector"] = key.first.empty() ? json(nullptr) : json(key.first);
        j["customers"] = g.second;
        sorted.emplace_back(g.first.overdue(), key.first, std::move(j));
      }
    }
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
      return std::get<1>(a) < std::get<1>(b);
    });
    json arr = json::array();
    for (auto &s : sorted) {
      if (rq.limit && arr.size() >= rq.limit) break;
      arr.push_back(std::move(std::get<2>(s)));
    }
    out[rq.group == "customer" ? "customers" : "collectors"] = std::move(arr);
  }
  return out;
}

}  // namespace arx::analytics
