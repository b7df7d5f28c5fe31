// The dunning decision for one customer: levels, waits, minimums, exclusions,
// fees and interest, each against numbers computed by hand.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "dunning/engine.hpp"

using namespace arx;
using namespace arx::dunning;

namespace {

core::date d(const char *s) { return core::parse_date(s); }

item_input item(int64_t id, const char *due, int64_t open, int level = 0, const char *last = nullptr) {
  item_input it;
  it.open_item_id = id;
  it.invoice_id = id;
  it.invoice_number = "RE-" + std::to_string(id);
  it.due_date = d(due);
  it.issue_date = core::add_days(d(due), -30);
  it.currency = "EUR";
  it.open_amount = open;
  it.level = level;
  if (last) it.last_dunned = d(last);
  return it;
}

settings at(const char *as_of) {
  settings s;
  s.as_of = d(as_of);
  s.grace_days = 3;
  s.min_customer_amount = "10.00";
  s.interest_rate_percent = "10.27";
  return s;
}

customer_input customer(std::vector<item_input> items) {
  customer_input c;
  c.customer_id = 7;
  c.customer_number = "C7";
  c.language = "de";
  c.items = std::move(items);
  return c;
}

}  // namespace

TEST(DunningEngine, InterestIsExactActual365) {
  // 1,000.00 at 10.27 % for 30 days = 1000 * 0.1027 * 30 / 365 = 8.4410958... -> 8.44
  EXPECT_EQ(interest_minor(100000, 30, "10.27"), 844);
  // 0.05 for one day rounds to zero; 12,345,678.90 for 400 days = 1,389,480.79 (exact: 1389480.792...)
  EXPECT_EQ(interest_minor(5, 1, "10.27"), 0);
  EXPECT_EQ(interest_minor(1234567890, 400, "10.27"), 138948079);
  EXPECT_EQ(interest_minor(100000, 0, "10.27"), 0);
  EXPECT_EQ(interest_minor(100000, -3, "10.27"), 0);
  // half away from zero: 73.00 at 10.00 % for 1 day = 0.02 exactly (7300*1000/3650000 = 2)
  EXPECT_EQ(interest_minor(7300, 1, "10.00"), 2);
  // 18.25 at 10 % for 1 day = 0.005 -> 0.01
  EXPECT_EQ(interest_minor(1825, 1, "10.00"), 1);
}

TEST(DunningEngine, PercentRoundsHalfAwayFromZero) {
  EXPECT_EQ(percent_of(12345, "2.50"), 309);  // 308.625
  EXPECT_EQ(percent_of(10000, "0"), 0);
  EXPECT_EQ(percent_of(-12345, "2.50"), -309);
}

TEST(DunningEngine, FirstLevelAfterGraceDays) {
  const auto proc = builtin_procedure();
  // Due 2026-11-27: 4 days overdue on 2026-12-01 (grace 3) -> level 1, no fee, no interest.
  auto r = decide(customer({item(1, "2026-11-27", 50000)}), proc, at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice") << r.reason;
  ASSERT_EQ(r.notices.size(), 1u);
  const auto &n = r.notices[0];
  EXPECT_EQ(n.level, 1);
  EXPECT_EQ(n.channel, "email");
  EXPECT_EQ(n.template_name, "reminder");
  EXPECT_EQ(n.fee, 0);
  EXPECT_EQ(n.interest, 0);
  EXPECT_EQ(n.overdue_total, 50000);
  EXPECT_EQ(n.total_due, 50000);
  EXPECT_EQ(core::format_date(n.pay_by), "2026-12-11");
  ASSERT_EQ(n.items.size(), 1u);
  EXPECT_EQ(n.items[0].days_overdue, 4);
  EXPECT_TRUE(n.items[0].escalated);

  // Within the grace days: nothing.
  auto g = decide(customer({item(1, "2026-11-28", 50000)}), proc, at("2026-12-01"));
  EXPECT_EQ(g.outcome, "not_overdue");
  EXPECT_TRUE(g.notices.empty());
}

TEST(DunningEngine, EscalationWaitsForDaysOverdueAndSincePrevious) {
  const auto proc = builtin_procedure();
  // Level 1 given on 2026-11-20; on 2026-12-01 the item is 20 days overdue
  // (level 2 needs 14) but only 11 days since the last notice (needs 14).
  auto wait = decide(customer({item(1, "2026-11-11", 50000, 1, "2026-11-20")}), proc, at("2026-12-01"));
  EXPECT_EQ(wait.outcome, "nothing_new");
  // On 2026-12-04: 14 days since, 23 overdue -> level 2 with 5.00 fee and
  // interest from the due date: 500.00 * 10.27 % * 23 / 365 = 3.2358... -> 3.24.
  auto r = decide(customer({item(1, "2026-11-11", 50000, 1, "2026-11-20")}), proc, at("2026-12-04"));
  ASSERT_EQ(r.outcome, "notice") << r.reason;
  const auto &n = r.notices[0];
  EXPECT_EQ(n.level, 2);
  EXPECT_EQ(n.template_name, "second_reminder");
  EXPECT_EQ(n.fee, 500);
  EXPECT_EQ(n.interest, 324);
  EXPECT_EQ(n.items[0].interest_days, 23);
  EXPECT_EQ(core::format_date(*n.items[0].interest_from), "2026-11-12");
  EXPECT_EQ(n.total_due, 50000 + 500 + 324);
}

TEST(DunningEngine, InterestOnlySinceLastCharge) {
  const auto proc = builtin_procedure();
  auto it = item(1, "2026-11-01", 100000, 2, "2026-11-20");
  it.interest_until = d("2026-11-20");
  // Level 3 on 2026-12-04 (33 overdue >= 28, 14 since): interest for 14 days
  // after 2026-11-20: 1000 * 0.1027 * 14 / 365 = 3.939... -> 3.94; fee 10.00.
  auto r = decide(customer({it}), proc, at("2026-12-04"));
  ASSERT_EQ(r.outcome, "notice") << r.reason;
  EXPECT_EQ(r.notices[0].level, 3);
  EXPECT_EQ(r.notices[0].channel, "both");
  EXPECT_EQ(r.notices[0].interest, 394);
  EXPECT_EQ(r.notices[0].fee, 1000);
  EXPECT_EQ(core::format_date(r.notices[0].pay_by), "2026-12-11");
}

TEST(DunningEngine, OneStepPerRunAndLastLevelDoesNotRepeat) {
  const auto proc = builtin_procedure();
  // 200 days overdue, never dunned: level 1 only (one step per notice).
  auto r = decide(customer({item(1, "2026-05-15", 50000)}), proc, at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice");
  EXPECT_EQ(r.notices[0].level, 1);
  // At the last level (4, the call) nothing new ever comes.
  auto last = decide(customer({item(1, "2026-05-15", 50000, 4, "2026-10-01")}), proc, at("2026-12-01"));
  EXPECT_EQ(last.outcome, "nothing_new");
}

TEST(DunningEngine, NoticeListsEveryOverdueItemAtItsLevel) {
  const auto proc = builtin_procedure();
  // Item 1 stays at level 1 (notice 5 days ago); item 2 is new -> notice at level 1 listing both.
  auto r = decide(customer({item(1, "2026-11-01", 30000, 1, "2026-11-26"), item(2, "2026-11-25", 20000)}), proc,
                  at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice");
  const auto &n = r.notices[0];
  ASSERT_EQ(n.items.size(), 2u);
  EXPECT_EQ(n.items[0].open_item_id, 1);  // oldest due date first
  EXPECT_FALSE(n.items[0].escalated);
  EXPECT_EQ(n.items[0].level, 1);
  EXPECT_TRUE(n.items[1].escalated);
  EXPECT_EQ(n.overdue_total, 50000);
}

TEST(DunningEngine, MinimumAmounts) {
  auto proc = builtin_procedure();
  // Customer minimum 10.00: 9.99 overdue is below it.
  auto small = decide(customer({item(1, "2026-11-01", 999)}), proc, at("2026-12-01"));
  EXPECT_EQ(small.outcome, "below_minimum");
  EXPECT_NE(small.reason.find("9.99"), std::string::npos);
  // An open credit nets the total: 50.00 - 45.00 = 5.00 < 10.00.
  auto credit = item(2, "2026-11-20", -4500);
  credit.kind = "credit_note";
  auto netted = decide(customer({item(1, "2026-11-01", 5000), credit}), proc, at("2026-12-01"));
  EXPECT_EQ(netted.outcome, "below_minimum");
  // Item minimum per level: level 1 needs 100.00; 99.99 does not escalate.
  proc.levels[0].min_item_amount = "100.00";
  auto per_item = decide(customer({item(1, "2026-11-01", 9999)}), proc, at("2026-12-01"));
  EXPECT_EQ(per_item.outcome, "nothing_new");
}

TEST(DunningEngine, ExclusionsHoldOrDropItems) {
  const auto proc = builtin_procedure();
  auto c = customer({item(1, "2026-11-01", 50000)});
  c.block_reason = "legal case";
  auto blocked = decide(c, proc, at("2026-12-01"));
  EXPECT_EQ(blocked.outcome, "held");
  EXPECT_NE(blocked.reason.find("legal case"), std::string::npos);

  c = customer({item(1, "2026-11-01", 50000)});
  c.promise = "500.00 EUR by 2026-12-10";
  EXPECT_EQ(decide(c, proc, at("2026-12-01")).outcome, "held");

  c = customer({item(1, "2026-11-01", 50000)});
  c.unapplied_cash = {{"EUR", 12000}};
  auto cash = decide(c, proc, at("2026-12-01"));
  EXPECT_EQ(cash.outcome, "held");
  EXPECT_NE(cash.reason.find("120.00 EUR"), std::string::npos);
  // Cash in another currency does not hold the EUR notice.
  c.unapplied_cash = {{"USD", 12000}};
  EXPECT_EQ(decide(c, proc, at("2026-12-01")).outcome, "notice");

  auto blocked_item = item(1, "2026-11-01", 50000);
  blocked_item.block_reason = "awaiting proof of delivery";
  auto suggested = item(2, "2026-11-01", 30000);
  suggested.cash_suggested = true;
  auto disputed = item(3, "2026-11-01", 20000);
  disputed.disputed_amount = 20000;
  auto partly = item(4, "2026-11-01", 20000);
  partly.disputed_amount = 5000;
  auto r = decide(customer({blocked_item, suggested, disputed, partly}), proc, at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice");
  ASSERT_EQ(r.excluded.size(), 3u);
  ASSERT_EQ(r.notices[0].items.size(), 1u);
  EXPECT_EQ(r.notices[0].items[0].open_item_id, 4);
  EXPECT_EQ(r.notices[0].items[0].open_amount, 15000);  // only the undisputed part
  EXPECT_EQ(r.notices[0].items[0].disputed_amount, 5000);
}

TEST(DunningEngine, PartlyPaidItemIsDunnedForItsOpenAmount) {
  const auto proc = builtin_procedure();
  auto r = decide(customer({item(1, "2026-11-01", 12345)}), proc, at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice");
  EXPECT_EQ(r.notices[0].overdue_total, 12345);
}

TEST(DunningEngine, FeesAreNotChargedInterestAndPercentFee) {
  auto proc = builtin_procedure();
  proc.levels[0].fee_percent = "1.00";
  proc.levels[0].fee_fixed = "2.50";
  proc.levels[0].interest = true;
  auto fee = item(9, "2026-11-01", 1000);
  fee.kind = "fee";
  auto r = decide(customer({item(1, "2026-11-01", 100000), fee}), proc, at("2026-12-01"));
  ASSERT_EQ(r.outcome, "notice");
  const auto &n = r.notices[0];
  // fee: 2.50 + 1 % of 1,010.00 = 2.50 + 10.10 = 12.60
  EXPECT_EQ(n.fee, 1260);
  // interest only on the invoice: 1000 * 0.1027 * 30 / 365 = 8.44
  EXPECT_EQ(n.interest, 844);
  for (const auto &i : n.items)
    if (i.kind == "fee") {
      EXPECT_EQ(i.interest, 0);
    }
}

TEST(DunningEngine, NotYetDueItemsListedOnlyWhenAsked) {
  auto proc = builtin_procedure();
  auto c = customer({item(1, "2026-11-01", 50000), item(2, "2026-12-20", 7000)});
  EXPECT_EQ(decide(c, proc, at("2026-12-01")).notices[0].items.size(), 1u);
  proc.list_not_due = true;
  auto r = decide(c, proc, at("2026-12-01"));
  ASSERT_EQ(r.notices[0].items.size(), 2u);
  EXPECT_EQ(r.notices[0].items[1].level, 0);
  EXPECT_LT(r.notices[0].items[1].days_overdue, 0);
  EXPECT_EQ(r.notices[0].overdue_total, 50000);  // not-yet-due items are not asked for
}

TEST(DunningEngine, OneNoticePerCurrency) {
  const auto proc = builtin_procedure();
  auto usd = item(2, "2026-11-01", 7000);
  usd.currency = "USD";
  auto r = decide(customer({item(1, "2026-11-01", 50000), usd}), proc, at("2026-12-01"));
  ASSERT_EQ(r.notices.size(), 2u);
  EXPECT_EQ(r.notices[0].currency, "EUR");
  EXPECT_EQ(r.notices[1].currency, "USD");
}

TEST(DunningEngine, ProcedureDefinitionsAreChecked) {
  nlohmann::json ok = {{"levels", {{{"days_overdue", 0}, {"template", "reminder"}},
                                   {{"days_overdue", 14}, {"template", "second_reminder"}, {"fee_fixed", "5.00"}}}}};
  auto p = parse_procedure("b2b", ok);
  ASSERT_EQ(p.levels.size(), 2u);
  EXPECT_EQ(p.levels[1].fee_fixed, "5.00");
  auto message = [](const nlohmann::json &j) {
    try {
      parse_procedure("b2b", j);
    } catch (const error &e) {
      EXPECT_EQ(e.status(), ARX_E_CONFIG);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  auto bad = ok;
  bad["levels"][1]["fee_percent"] = 2.5;  // a binary number, not text
  EXPECT_NE(message(bad).find("levels[1].fee_percent"), std::string::npos);
  bad = ok;
  bad["levels"][1]["days_overdue"] = -1;
  EXPECT_NE(message(bad).find("levels[1].days_overdue"), std::string::npos);
  bad = ok;
  bad["levels"][1]["channel"] = "fax";
  EXPECT_NE(message(bad).find("'fax'"), std::string::npos);
  bad = ok;
  bad["levels"][1]["days_overdue"] = 0;
  bad["levels"][0]["days_overdue"] = 5;
  EXPECT_NE(message(bad).find("less than the previous"), std::string::npos);
  bad = ok;
  bad["level"] = 1;
  EXPECT_NE(message(bad).find("unknown key"), std::string::npos);
  EXPECT_NE(message(nlohmann::json::object()).find("levels"), std::string::npos);
  // Round trip through the stored form.
  auto again = parse_procedure("b2b", procedure_json(p));
  EXPECT_EQ(procedure_json(again), procedure_json(p));
}

TEST(DunningEngine, EveryItemExcludedIsSaidSo) {
  auto disputed = item(1, "2026-11-01", 20000);
  disputed.disputed_amount = 25000;  // more than open counts as all of it
  auto r = decide(customer({disputed}), builtin_procedure(), at("2026-12-01"));
  EXPECT_EQ(r.outcome, "excluded");
  EXPECT_NE(r.reason.find("in dispute"), std::string::npos);
  EXPECT_TRUE(r.notices.empty());
}
