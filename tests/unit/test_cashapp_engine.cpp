// The matching engine in memory: the decisions a collector would make on
// small, hand-built ledgers.
#include <gtest/gtest.h>

#include "cashapp/engine.hpp"
#include "core/error.hpp"

namespace {

using namespace arx::cashapp;

class Engine : public testing::Test {
protected:
  Engine() : l("EUR", 2, engine_settings{}, m) {
    l.add_customer({1, "C1001", "Kunde AG", {}, 0});
    l.add_customer({2, "C1002", "Müller Maschinenbau GmbH", {}, 0});
    l.add_customer({3, "C1003", "Anders KG", {}, 0});
    l.add_account("DE89 3704 0044 0532 0130 00", 1, false);
    add(11, 1, "RE-2026-000101", 11900);
    add(12, 1, "RE-2026-000102", 23800);
    add(21, 2, "RE-2026-000201", 11900);  // the same amount as RE-...101, at another customer
    add(31, 3, "RE-2026-000301", 50000);
    l.finalize();
  }
  void add(int64_t id, int64_t customer, const std::string &number, int64_t open) {
    open_item it;
    it.id = id;
    it.customer_id = customer;
    it.invoice_number = number;
    it.kind = "invoice";
    it.issue_date = arx::core::parse_date("2026-11-01");
    it.due_date = arx::core::parse_date("2026-12-01");
    it.open_minor = open;
    l.add_item(it);
  }
  payment_line pay(int64_t amount, const std::string &name, const std::string &text, const std::string &iban = "") {
    payment_line p;
    p.line_id = 1;
    p.amount_minor = amount;
    p.value_date = arx::core::parse_date("2026-12-01");
    p.payer_name = name;
    p.payer_account = iban;
    p.remittance = text;
    return p;
  }
  int64_t item_of(const decision &d) { return l.items()[d.ranked.at(0).allocations.at(0).item].id; }

  model m;
  ledger l;
};

TEST_F(Engine, AnExactNumberBeatsItsNeighbours) {
  const decision d = l.decide(pay(11900, "Kunde AG", "RE-2026-000101"));
  ASSERT_EQ(d.status, decision_status::applied);
  EXPECT_EQ(item_of(d), 11);
}

TEST_F(Engine, TheSameAmountAtTwoCustomersIsDecidedByTheNameNotTheAmount) {
  const decision d = l.decide(pay(11900, "MUELLER MASCHINENBAU", ""));
  ASSERT_EQ(d.status, decision_status::applied) << d.reasons.front();
  EXPECT_EQ(d.ranked[0].customer_id, 2);
  // Without a name the amount alone points nowhere.
  EXPECT_EQ(l.decide(pay(11900, "", "")).status, decision_status::unmatched);
}

TEST_F(Engine, ACustomerNumberInTheTextNamesThePayer) {
  const decision d = l.decide(pay(50000, "Somebody Else", "Kd-Nr. C1003"));
  ASSERT_FALSE(d.ranked.empty());
  EXPECT_EQ(d.ranked[0].customer_id, 3);
  EXPECT_EQ(d.ranked[0].f[f_customer_ref], 1);
}

TEST_F(Engine, AnAppliedItemIsNotPaidTwice) {
  const decision first = l.decide(pay(11900, "Kunde AG", "RE-2026-000101", "DE89370400440532013000"));
  ASSERT_EQ(first.status, decision_status::applied);
  l.apply(first.ranked[0]);
  const decision second = l.decide(pay(11900, "Kunde AG", "RE-2026-000101", "DE89370400440532013000"));
  EXPECT_NE(second.status, decision_status::applied);
}

TEST_F(Engine, ATwoInvoicePaymentFromAKnownAccount) {
  const decision d = l.decide(pay(35700, "KUNDE AG", "", "DE89370400440532013000"));
  ASSERT_EQ(d.status, decision_status::applied) << (d.reasons.empty() ? "" : d.reasons.back());
  EXPECT_EQ(d.ranked[0].allocations.size(), 2u);
}

TEST_F(Engine, ModelRoundTripsAndLearns) {
  model trained;
  std::vector<model::example> ex;
  features f{};
  f[f_name] = 1;
  f[f_amount_exact] = 1;
  f[f_date] = 1;
  for (int i = 0; i < 30; ++i) ex.push_back({f, false});
  trained.train(ex);
  EXPECT_LT(trained.probability(f), model().probability(f));
  const model back = model::from_json(trained.to_json());
  EXPECT_DOUBLE_EQ(back.probability(f), trained.probability(f));
  EXPECT_THROW(model::from_json("{\"bias\":1,\"weights\":{\"nonsense\":2}}"), arx::error);
}

}  // namespace
