// Cash application on both databases: a statement with the cases a finance
// team meets every day (a reference and a known account, a cash discount, an
// OCR-damaged number from a factoring company, a short payment, a payment for
// two invoices without a reference, a stranger), written back to the ERP
// exactly; reruns deciding nothing twice; shadow mode writing nothing; a
// collector's confirmation and rejection; a process killed mid-run; two runs
// at once (PostgreSQL).
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "json_checks.hpp"
#include "seed.hpp"

namespace arx::test {
namespace {

class cashapp_run : public seeded_test<seed::company_detail::iban> {
protected:
  void seed(soci::session &s) override {
    seed::customer(s, 10, "C1", "Kunde AG");
    seed::customer(s, 11, "C2", "Müller Maschinenbau GmbH");
    seed::customer(s, 12, "C3", "Klant B.V.");
    seed::customer(s, 13, "C4", "Anders KG");
    s << "INSERT INTO erp_customer_bank_account (id, customer_id, iban) VALUES (1, 10, 'DE89370400440532013000')";
    item(1, 10, "RE-1001", "119.00");
    item(2, 10, "RE-1002", "238.00");
    item(3, 11, "RE-2001", "500.00", "2.00", "2026-11-20");
    item(4, 11, "RE-2002", "300.00");
    item(5, 12, "RE-3001", "1000.00");
    item(6, 12, "RE-3002", "200.00");
    item(7, 12, "RE-3003", "300.00");
    item(8, 13, "RE-4001", "119.00");  // the same amount as RE-1001, at another customer
  }

  void item(int64_t id, int64_t customer_id, const std::string &number, const std::string &amount,
            const std::string &discount = "", const std::string &discount_date = "") {
    seed::open_invoice(ctx().sql(), {.id = id,
                                     .customer = customer_id,
                                     .number = number,
                                     .amount = amount,
                                     .cash_discount_percent = discount,
                                     .cash_discount_date = discount_date});
  }

  static std::string entry(const std::string &amount, const std::string &ref, const std::string &name,
                           const std::string &iban, const std::string &text) {
    return seed::camt_entry(amount, ref, name, iban, text);
  }
  static std::string camt(const std::string &id, const std::string &entries) {
    return seed::camt_statement(id, entries);
  }
  // The day's statement: one line per case.
  static std::string day_one() {
    return camt("S-1", entry("119.00", "B1", "Kunde AG", "DE89370400440532013000", "RE-1001") +
                           entry("490.00", "B2", "MUELLER MASCHINENBAU", "", "Rechnung RE 2001 abzgl. Skonto") +
                           entry("500.00", "B3", "KLANT BV", "", "Betaling") +
                           entry("300.00", "B4", "Factor Finanz AG", "", "Zahlung fuer Kunde RE-2OO2") +
                           entry("77.00", "B5", "Jemand Anderes", "", "Spende") +
                           entry("995.00", "B6", "Klant BV", "", "Factuur RE-3001"));
  }

  json import(const std::string &bytes) { return seed::import_statement(ctx(), bytes, T0); }
  json run(bool shadow = false) { return seed::cashapp_run(ctx(), shadow, T0); }
  json results(bool shadow = false) {
    cashapp::results_request r;
    r.company = "DE01";
    r.shadow = shadow;
    return service::cashapp_results(ctx(), r);
  }
  std::string open(int64_t item) { return seed::open_amount(ctx(), item); }
  static const json &line(const json &res, const std::string &bank_reference) {
    for (const auto &l : res.at("lines"))
      if (l.at("bank_reference") == bank_reference) return l;
    throw std::runtime_error("no result line " + bank_reference);
  }
  long long line_id(const std::string &bank_reference) {
    long long id = 0;
    ctx().sql() << "SELECT id FROM arx_bank_line WHERE bank_reference = :b", soci::into(id), soci::use(bank_reference);
    return id;
  }

  int run_crashing(const char *crash) {
    return in_child("ARX_CASHAPP_CRASH", crash, [](db::context &c) {
      cashapp::run_request r;
      r.company = "DE01";
      r.now_unix = T0;
      service::cashapp_run(c, r);
    });
  }
};

TEST_F(cashapp_run, the_days_cases_are_applied_suggested_or_left_and_written_back_exactly) {
  import(day_one());
  const json totals = run();
  EXPECT_EQ(totals["lines"], 6) << totals.dump();
  EXPECT_EQ(totals["applied"], 4) << totals.dump();
  EXPECT_EQ(totals["suggested"], 1) << totals.dump();
  EXPECT_EQ(totals["unmatched"], 1) << totals.dump();
  EXPECT_EQ(totals["amount_applied"]["EUR"], "1904.00");

  const json res = results();
  ASSERT_EQ(res["lines"].size(), 6u) << res.dump(2);
  // Reference and known account: exact.
  const json &b1 = line(res, "B1");
  EXPECT_EQ(b1["status"], "applied") << b1.dump(2);
  expect_fields(b1, {{"customer_number", "C1"},
                     {"allocations", json::parse(R"([{"invoice_number":"RE-1001","amount":"119.00","kind":"payment"}])")},
                     {"amount", "119.00"}});
  // Cash discount within its terms (2 % of 500.00).
  const json &b2 = line(res, "B2");
  EXPECT_EQ(b2["status"], "applied") << b2.dump(2);
  EXPECT_EQ(b2["allocations"], json::parse(R"([{"invoice_number":"RE-2001","amount":"490.00","kind":"payment"},
                                              {"invoice_number":"RE-2001","amount":"10.00","kind":"discount"}])"));
  // Two invoices of the payer's customer add up to the amount: suggested.
  const json &b3 = line(res, "B3");
  EXPECT_EQ(b3["status"], "suggested") << b3.dump(2);
  EXPECT_EQ(b3["customer_number"], "C3");
  EXPECT_EQ(b3["allocations"], json::parse(R"([{"invoice_number":"RE-3002","amount":"200.00","kind":"payment"},
                                              {"invoice_number":"RE-3003","amount":"300.00","kind":"payment"}])"));
  // A factoring company pays with an OCR-damaged number: the number decides.
  const json &b4 = line(res, "B4");
  EXPECT_EQ(b4["status"], "applied") << b4.dump(2);
  EXPECT_EQ(b4["customer_number"], "C2");
  // Nothing points anywhere.
  const json &b5 = line(res, "B5");
  EXPECT_EQ(b5["status"], "unmatched") << b5.dump(2);
  EXPECT_TRUE(b5["allocations"].empty());
  EXPECT_FALSE(b5["reasons"].empty());
  // Short by 5.00 of 1000.00: within tolerance, a deduction.
  const json &b6 = line(res, "B6");
  EXPECT_EQ(b6["status"], "applied") << b6.dump(2);
  EXPECT_EQ(b6["allocations"], json::parse(R"([{"invoice_number":"RE-3001","amount":"995.00","kind":"payment"},
                                              {"invoice_number":"RE-3001","amount":"5.00","kind":"deduction"}])"));

  // The ERP: one payment per applied line, allocations, open amounts.
  EXPECT_EQ(count("erp_payment"), 4);
  EXPECT_EQ(count("erp_payment_allocation"), 6);
  EXPECT_EQ(open(1), "0.00");
  EXPECT_EQ(open(2), "238.00");
  EXPECT_EQ(open(3), "0.00");
  EXPECT_EQ(open(4), "0.00");
  EXPECT_EQ(open(5), "0.00");
  EXPECT_EQ(open(6), "200.00");  // suggested only
  EXPECT_EQ(open(8), "119.00");  // the decoy is untouched
  std::string amount;
  ctx().sql() << "SELECT " + std::string(ctx().db().kind() == db::dialect::sqlite ? "printf('%.2f', amount)"
                                                                                    : "CAST(amount AS VARCHAR)") +
                     " FROM erp_payment WHERE bank_reference = 'B2'",
      soci::into(amount);
  EXPECT_EQ(amount, "490.00");

  // A second run finds nothing new and changes nothing.
  const json again = run();
  EXPECT_EQ(again["lines"], 0);
  EXPECT_EQ(count("erp_payment"), 4);
  EXPECT_EQ(count("erp_payment_allocation"), 6);
}

TEST_F(cashapp_run, shadow_mode_records_decisions_and_writes_nothing_to_the_erp) {
  import(day_one());
  const json shadow = run(true);
  EXPECT_EQ(shadow["mode"], "shadow");
  EXPECT_EQ(shadow["applied"], 4);
  EXPECT_EQ(count("erp_payment"), 0);
  EXPECT_EQ(count("erp_payment_allocation"), 0);
  EXPECT_EQ(open(1), "119.00");
  EXPECT_EQ(results(true)["lines"].size(), 6u);
  EXPECT_EQ(results(false)["lines"].size(), 0u);
  // A second shadow run decides nothing again; the live run then applies.
  EXPECT_EQ(run(true)["lines"], 0);
  const json live = run();
  EXPECT_EQ(live["applied"], 4);
  EXPECT_EQ(count("erp_payment"), 4);
  // The shadow decisions are what the live run did.
  const json s = results(true), l = results(false);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(s["lines"][i]["status"], l["lines"][i]["status"]) << i;
    EXPECT_EQ(s["lines"][i]["allocations"], l["lines"][i]["allocations"]) << i;
  }
}

TEST_F(cashapp_run, a_confirmed_suggestion_is_applied_once_and_teaches_the_model) {
  import(day_one());
  run();
  const long long b3 = line_id("B3");
  const json done = service::cashapp_decide(ctx(), b3, true, "checked the remittance e-mail", T0 + 60);
  EXPECT_EQ(done["state"], "applied");
  EXPECT_EQ(open(6), "0.00");
  EXPECT_EQ(open(7), "0.00");
  seed::expect_rows(ctx(), {{"erp_payment", 5}, {"arx_cashapp_feedback", 1}, {"arx_cashapp_model", 1}});
  EXPECT_EQ(line(json(results()), "B3")["status"], "applied");
  std::string message;
  EXPECT_EQ(status_of([&] { service::cashapp_decide(ctx(), b3, true, "", T0 + 61); }, &message), ARX_E_CONFLICT);
  EXPECT_NE(message.find("already applied"), std::string::npos) << message;
  EXPECT_EQ(count("erp_payment"), 5);
  // An unmatched line has nothing to confirm; an unknown one is not found.
  EXPECT_EQ(status_of([&] { service::cashapp_decide(ctx(), line_id("B5"), true, "", T0); }), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([&] { service::cashapp_decide(ctx(), 999999, false, "", T0); }), ARX_E_NOT_FOUND);
}

TEST_F(cashapp_run, a_rejected_suggestion_stays_out_and_a_changed_item_is_not_overwritten) {
  import(day_one());
  run();
  const long long b3 = line_id("B3");
  // Someone books part of RE-3002 in the ERP meanwhile: confirming would
  // overwrite it, so it is refused and nothing is written.
  ctx().sql() << "UPDATE erp_open_item SET open_amount = 150.00 WHERE id = 6";
  std::string message;
  EXPECT_EQ(status_of([&] { service::cashapp_decide(ctx(), b3, true, "", T0 + 60); }, &message), ARX_E_CONFLICT);
  EXPECT_NE(message.find("changed since the suggestion was made"), std::string::npos) << message;
  EXPECT_EQ(open(7), "300.00");
  EXPECT_EQ(count("erp_payment"), 4);
  const json rejected = service::cashapp_decide(ctx(), b3, false, "not theirs", T0 + 70);
  EXPECT_EQ(rejected["state"], "rejected");
  EXPECT_EQ(count("arx_cashapp_feedback"), 1);
  EXPECT_EQ(run()["lines"], 0);
  EXPECT_EQ(line(results(), "B3")["status"], "unmatched");
}

TEST_F(cashapp_run, a_run_killed_between_statements_is_completed_by_the_next_without_doubles) {
  ARX_NEEDS_CRASH_POINTS();
  import(day_one());
  import(camt("S-2", entry("238.00", "C1", "Kunde AG", "DE89370400440532013000", "RE-1002") +
                         entry("119.00", "C2", "Anders KG", "", "RE-4001")));
  ASSERT_EQ(run_crashing("after_commit:1"), 86);
  EXPECT_EQ(count("erp_payment"), 4);  // the first statement, whole
  EXPECT_EQ(open(2), "238.00");
  const json rest = run();
  EXPECT_EQ(rest["lines"], 2);
  EXPECT_EQ(rest["applied"], 2);
  EXPECT_EQ(count("erp_payment"), 6);
  EXPECT_EQ(open(2), "0.00");
  EXPECT_EQ(open(8), "0.00");
}

TEST_F(cashapp_run, a_run_killed_before_its_commit_leaves_nothing_behind) {
  ARX_NEEDS_CRASH_POINTS();
  import(day_one());
  ASSERT_EQ(run_crashing("before_commit:1"), 86);
  EXPECT_EQ(count("erp_payment"), 0);
  EXPECT_EQ(count("arx_cashapp_decision"), 0);
  EXPECT_EQ(open(1), "119.00");
  EXPECT_EQ(run()["applied"], 4);
  EXPECT_EQ(count("erp_payment"), 4);
}

TEST_F(cashapp_run, two_runs_at_once_apply_each_line_once) {
  if (backend() != "postgresql") GTEST_SKIP() << "concurrent writers: PostgreSQL (SQLite serialises writers itself)";
  import(day_one());
  ctx_.reset();
  std::vector<std::thread> runs;
  std::vector<std::string> errors(2);
  for (int i = 0; i < 2; ++i)
    runs.emplace_back([&, i] {
      try {
        db::context c(settings());
        cashapp::run_request r;
        r.company = "DE01";
        r.now_unix = T0;
        service::cashapp_run(c, r);
      } catch (const std::exception &e) {
        errors[static_cast<size_t>(i)] = e.what();
      }
    });
  for (auto &t : runs) t.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(count("erp_payment"), 4);
  EXPECT_EQ(count("erp_payment_allocation"), 6);
  EXPECT_EQ(open(1), "0.00");
  long long decided = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_cashapp_decision WHERE shadow = 0", soci::into(decided);
  EXPECT_EQ(decided, 6);
}

// The PostgreSQL backend ends in the middle of a run's transaction (a trigger
// has the server terminate the session on the second statement's first
// allocation, as pg_terminate_backend or a server restart would): the run
// fails with a database error, the first statement stays whole, nothing of
// the second is written; the context notices the lost connection, connects
// again, and the next run applies the rest once.
TEST_F(cashapp_run, a_backend_terminated_mid_run_loses_nothing_and_the_next_run_completes_once) {
  if (backend() != "postgresql") GTEST_SKIP() << "a server connection to lose: PostgreSQL";
  import(day_one());
  import(camt("S-2", entry("238.00", "C1", "Kunde AG", "DE89370400440532013000", "RE-1002") +
                         entry("119.00", "C2", "Anders KG", "", "RE-4001")));
  ctx().sql() << "CREATE FUNCTION arx_test_end_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 "IF CAST(NEW.amount AS TEXT) = '238.00' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; "
                 "RETURN NEW; END $$";
  ctx().sql() << "CREATE TRIGGER arx_test_end_session AFTER INSERT ON erp_payment_allocation FOR EACH ROW "
                 "EXECUTE FUNCTION arx_test_end_session()";
  ctx_.reset();
  db::context c(settings());
  cashapp::run_request r;
  r.company = "DE01";
  r.now_unix = T0;
  std::string why;
  EXPECT_EQ(status_of([&] { service::cashapp_run(c, r); }, &why), ARX_E_DATABASE);
  EXPECT_NE(why.find("apply.allocation"), std::string::npos) << why;  // names the statement
  EXPECT_TRUE(c.connection_lost());
  {
    db::database other(conn_);
    other.session() << "DROP TRIGGER arx_test_end_session ON erp_payment_allocation";
  }
  EXPECT_EQ(count("erp_payment"), 4);  // the first statement, whole
  EXPECT_EQ(open(2), "238.00");
  long long decided = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_cashapp_decision WHERE shadow = 0", soci::into(decided);
  EXPECT_EQ(decided, 6);

  c.ensure_connected();
  EXPECT_FALSE(c.connection_lost());
  const json rest = service::cashapp_run(c, r);
  EXPECT_EQ(rest["lines"], 2) << rest.dump();
  EXPECT_EQ(rest["applied"], 2) << rest.dump();
  EXPECT_EQ(count("erp_payment"), 6);
  EXPECT_EQ(open(2), "0.00");
  EXPECT_EQ(open(8), "0.00");
  ctx().sql() << "SELECT COUNT(*) FROM arx_cashapp_decision WHERE shadow = 0", soci::into(decided);
  EXPECT_EQ(decided, 8);
}

}  // namespace
}  // namespace arx::test

namespace arx::test {
namespace {

// An ERP user books on an item between the run's read of the ledger and the
// statement that pays it (the host's progress callback, called before each
// statement, stands in for that user): the run does not overwrite the
// booking; it reads the ledger again and decides the statement anew.
struct booking_between {
  std::string conn;
  bool done = false;
};
int32_t book_before_second_statement(void *data, const char *, uint64_t done, uint64_t) {
  auto *b = static_cast<booking_between *>(data);
  if (done >= 1 && !b->done) {
    b->done = true;
    db::database other(b->conn);
    other.session() << "UPDATE erp_open_item SET open_amount = 200.00 WHERE id = 2";
  }
  return 0;
}

TEST_F(cashapp_run, an_item_changed_during_the_run_is_read_again_not_overwritten) {
  import(day_one());
  import(camt("S-2", entry("238.00", "C1", "Kunde AG", "DE89370400440532013000", "RE-1002")));
  ctx_.reset();
  booking_between b{conn_};
  db::context_settings s = settings();
  s.callbacks.progress = &book_before_second_statement;
  s.callbacks.host_data = &b;
  db::context c(s);
  cashapp::run_request r;
  r.company = "DE01";
  r.now_unix = T0;
  const json totals = service::cashapp_run(c, r);
  EXPECT_TRUE(b.done);
  EXPECT_EQ(totals["applied"], 5) << totals.dump();
  // 238.00 paid against the 200.00 now open: the item is settled and 38.00
  // stay on account, instead of the user's booking being overwritten.
  EXPECT_EQ(open(2), "0.00");
  const json res = results();
  const json &c1 = line(res, "C1");
  EXPECT_EQ(c1["allocations"], json::parse(R"([{"invoice_number":"RE-1002","amount":"200.00","kind":"payment"}])"));
  EXPECT_EQ(c1["on_account"], "38.00");
}

// The run's guard against overwriting an item someone changed: the
// conditional update of settle.item (the ERP port's settlement), sent as one
// vector statement, changes only the rows that still hold the amount read.
TEST_F(cashapp_run, the_conditional_open_item_update_changes_only_unchanged_items) {
  std::vector<long long> ids = {1, 2, 3};
  std::vector<std::string> expected = {"119.00", "999.99", "500.00"};  // item 2 holds 238.00
  std::vector<std::string> after = {"0.00", "0.00", "10.00"};
  soci::statement st = (ctx().sql().prepare << ctx().profile().sql("settle.item"),
                        soci::use(after, "open_amount"), soci::use(ids, "open_item_id"), soci::use(expected, "expected"));
  st.execute(true);
  EXPECT_EQ(open(1), "0.00");
  EXPECT_EQ(open(2), "238.00");
  EXPECT_EQ(open(3), "10.00");
}

}  // namespace
}  // namespace arx::test
