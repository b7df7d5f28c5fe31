// Cash application opens a dispute for a short payment it books as a
// deduction (cashapp.open_dispute_on_short_payment), in the same transaction;
// not when the key is off, and not in shadow mode.
#include <nlohmann/json.hpp>

#include "collections/dispute.hpp"
#include "config/store.hpp"
#include "json_checks.hpp"
#include "seed.hpp"

namespace arx::test {
namespace {

class CollectionsCashapp : public seeded_test<seed::company_detail::iban> {
protected:
  void seed(soci::session &s) override {
    seed::customer(s, 12, "C3", "Klant B.V.", "NL");
    seed::open_invoice(s, {.id = 5, .customer = 12, .number = "RE-3001", .amount = "1000.00"});
    seed::open_invoice(s, {.id = 6, .customer = 12, .number = "RE-3002", .amount = "200.00"});
  }
  // A statement with one line: 995.00 for RE-3001 (short by 5.00, within the
  // default tolerance of 0.50 %).
  void import_short_payment() {
    seed::import_statement(
        ctx(), seed::camt_statement("S-1", seed::camt_entry("995.00", "B6", "Klant BV", "", "Factuur RE-3001")), T0);
  }
  json run(bool shadow = false) { return seed::cashapp_run(ctx(), shadow, T0); }
  long long line_id() {
    long long id = 0;
    ctx().sql() << "SELECT id FROM arx_bank_line WHERE bank_reference = 'B6'", soci::into(id);
    return id;
  }
};

TEST_F(CollectionsCashapp, a_deduction_opens_a_short_payment_dispute_for_the_difference) {
  import_short_payment();
  const json totals = run();
  ASSERT_EQ(totals["applied"], 1) << totals.dump();
  // The deduction closed the item; the dispute holds the 5.00.
  const json list = collections::list_disputes(ctx(), "DE01", "C3", "");
  ASSERT_EQ(list["disputes"].size(), 1u) << list.dump(2);
  const json &d = list["disputes"][0];
  expect_fields(d, {{"invoice_number", "RE-3001"},
                    {"open_item_id", 5},
                    {"amount", "5.00"},
                    {"currency", "EUR"},
                    {"reason_code", "short_payment"},
                    {"source", "cashapp"},
                    {"bank_line_id", line_id()},
                    {"state", "open"}});
  long long events = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_contact_event WHERE kind = 'dispute_opened' AND customer_number = 'C3' AND "
                 "reference = 'RE-3001'",
      soci::into(events);
  EXPECT_EQ(events, 1);

  // A rerun decides nothing new and opens no second dispute.
  run();
  EXPECT_EQ(count("arx_dispute"), 1);

  // Rejected, the 5.00 are dunnable again; the ledger shows the item closed by the deduction.
  const json r = collections::resolve_dispute(ctx(), "DE01", d["id"].get<int64_t>(), "rejected", "no reason given");
  EXPECT_EQ(r["resolution"], "rejected");
}

TEST_F(CollectionsCashapp, no_dispute_when_the_key_is_off_or_in_shadow_mode) {
  config::set(ctx(), "DE01", "cashapp.open_dispute_on_short_payment", std::string("false"), "collections test");
  import_short_payment();
  run(true);
  EXPECT_EQ(count("arx_dispute"), 0);
  const json totals = run();
  ASSERT_EQ(totals["applied"], 1) << totals.dump();
  long long deductions = 0;
  ctx().sql() << "SELECT COUNT(*) FROM erp_payment_allocation WHERE kind = 'deduction'", soci::into(deductions);
  EXPECT_EQ(deductions, 1);
  EXPECT_EQ(count("arx_dispute"), 0);
  EXPECT_EQ(count("arx_contact_event"), 0);
}

TEST_F(CollectionsCashapp, a_shadow_run_opens_no_dispute_even_with_the_key_on) {
  import_short_payment();
  const json totals = run(true);
  EXPECT_EQ(totals["mode"], "shadow");
  EXPECT_EQ(count("arx_dispute"), 0);
  EXPECT_EQ(count("erp_payment_allocation"), 0);
}

}  // namespace
}  // namespace arx::test
