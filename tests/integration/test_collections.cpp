// Collections on both databases (plugin/collections): disputes opened,
// refused and resolved (a write-off booked in the ERP), promises to pay made,
// cancelled and checked against payments, a customer's history with its
// delivery jobs, and the collectors' worklist ranked as the risk model says.
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "collections/dispute.hpp"
#include "collections/history.hpp"
#include "collections/promise.hpp"
#include "collections/worklist.hpp"
#include "json_checks.hpp"
#include "seed.hpp"

namespace arx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

core::date ymd(int y, unsigned m, unsigned d) {
  return core::date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// Seconds since 1970 of a UTC date and time.
int64_t instant(core::date d, int hour) {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::sys_days{d}.time_since_epoch()).count() +
         hour * 3600;
}

class Collections : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    today_ = {2026, 12, 1};
    db::context_settings s = settings();
    s.callbacks.business_date = &business_date;
    s.callbacks.host_data = &today_;
    ctx_ = std::make_unique<db::context>(s);
    install();
    ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'DE01', 'Muster GmbH', "
                   "'EUR', 'DE')";
    customer(10, "C1", "Alpha AG");
    customer(11, "C2", "Beta GmbH");
    customer(12, "C3", "Gamma KG");
    customer(13, "C4", "Delta SE");
    customer(14, "C5", "Epsilon OHG");
    customer(15, "C6", "Zeta UG");
  }

  static arx_status business_date(void *data, arx_date *out) {
    *out = *static_cast<arx_date *>(data);
    return ARX_OK;
  }
  void set_today(int y, int m, int d) { today_ = {y, m, d}; }

  void customer(int64_t id, const std::string &number, const std::string &name) {
    seed::customer(ctx().sql(), id, number, name);
  }
  // An invoice with one open item of `open` left of `amount`, due on `due`.
  void item(int64_t id, int64_t customer_id, const std::string &number, const std::string &amount,
            const std::string &open, const std::string &due, const std::string &currency = "EUR") {
    seed::open_invoice(ctx().sql(), {.id = id,
                                     .customer = customer_id,
                                     .number = number,
                                     .amount = amount,
                                     .open = open,
                                     .issue_date = "2026-01-01",
                                     .due_date = due,
                                     .currency = currency});
  }
  void payment(int64_t id, int64_t customer_id, const std::string &value_date, const std::string &amount,
               const std::string &currency = "EUR") {
    ctx().sql() << "INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount) VALUES (:id, 1, "
                   ":c, :d, :ccy, :a)",
        soci::use(id), soci::use(customer_id), soci::use(value_date), soci::use(currency), soci::use(amount);
  }
  void allocation(int64_t id, int64_t payment_id, int64_t item_id, const std::string &amount) {
    ctx().sql() << "INSERT INTO erp_payment_allocation (id, payment_id, open_item_id, amount, kind) VALUES (:id, :p, "
                   ":o, :a, 'payment')",
        soci::use(id), soci::use(payment_id), soci::use(item_id), soci::use(amount);
  }
  std::string open(int64_t item_id) { return seed::open_amount(ctx(), item_id); }
  long long events(const std::string &kind, const std::string &customer) {
    long long n = 0;
    ctx().sql() << "SELECT COUNT(*) FROM arx_contact_event WHERE kind = :k AND customer_number = :c", soci::into(n),
        soci::use(kind), soci::use(customer);
    return n;
  }

  json dispute(const std::string &invoice, const std::string &amount, const std::string &reason = "pricing") {
    collections::dispute_request r;
    r.company = "DE01";
    r.invoice_number = invoice;
    r.amount = amount;
    r.reason_code = reason;
    r.owner = "claims-desk";
    r.notes = "customer says the price list of 2026 applies";
    return collections::open_dispute(ctx(), r);
  }
  arx_status dispute_status(const std::string &invoice, const std::string &amount, const std::string &reason,
                            std::string *message, const std::string &company = "DE01") {
    return status_of(
        [&] {
          collections::dispute_request r;
          r.company = company;
          r.invoice_number = invoice;
          r.amount = amount;
          r.reason_code = reason;
          collections::open_dispute(ctx(), r);
        },
        message);
  }

  arx_date today_{2026, 12, 1};
};

// ---- disputes ---------------------------------------------------------------

TEST_F(Collections, a_dispute_takes_the_whole_item_or_part_of_it_and_never_more_than_is_open) {
  item(1, 10, "RE-100", "1000.00", "1000.00", "2026-11-01");
  item(2, 10, "RE-101", "500.00", "0.00", "2026-10-01");
  item(3, 10, "RE-102", "200.00", "200.00", "2026-11-15");

  const json part = dispute("RE-100", "300.00");
  expect_fields(part, {{"invoice_number", "RE-100"}, {"customer_number", "C1"}, {"open_item_id", 1},
                       {"amount", "300.00"}, {"currency", "EUR"}, {"state", "open"}, {"reason_code", "pricing"},
                       {"source", "manual"}, {"owner", "claims-desk"}, {"opened_on", "2026-12-01"},
                       {"opened_by", "it-tester"}, {"resolution", nullptr}, {"bank_line_id", nullptr}});

  // Empty amount: what is still open and undisputed (1000.00 - 300.00).
  const json whole = dispute("RE-100", "", "quality");
  EXPECT_EQ(whole["amount"], "700.00");
  EXPECT_NE(whole["id"], part["id"]);

  std::string msg;
  EXPECT_EQ(dispute_status("RE-100", "", "pricing", &msg), ARX_E_VALIDATION);
  EXPECT_NE(msg.find("1000.00 EUR open is already under open disputes"), std::string::npos) << msg;
  EXPECT_EQ(dispute_status("RE-100", "0.01", "pricing", &msg), ARX_E_VALIDATION);
  EXPECT_NE(msg.find("0.00 EUR left"), std::string::npos) << msg;

  // More than is open: the message names the numbers.
  EXPECT_EQ(dispute_status("RE-102", "200.01", "quantity", &msg), ARX_E_VALIDATION);
  EXPECT_NE(msg.find("200.01 EUR"), std::string::npos) << msg;
  EXPECT_NE(msg.find("200.00 EUR open, 0.00 EUR under open disputes, 200.00 EUR left"), std::string::npos) << msg;
  EXPECT_EQ(dispute_status("RE-102", "0", "quantity", &msg), ARX_E_VALIDATION);
  EXPECT_EQ(dispute_status("RE-102", "-5.00", "quantity", &msg), ARX_E_VALIDATION);
  EXPECT_EQ(dispute_status("RE-102", "1,00", "quantity", &msg), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(dispute_status("RE-102", "1.005", "quantity", &msg), ARX_E_INVALID_ARGUMENT);

  // Unknown invoice, company, reason; a paid invoice.
  EXPECT_EQ(dispute_status("RE-999", "10.00", "pricing", &msg), ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("RE-999"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DE01"), std::string::npos) << msg;
  EXPECT_EQ(dispute_status("RE-100", "10.00", "pricing", &msg, "XX99"), ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("XX99"), std::string::npos) << msg;
  EXPECT_EQ(dispute_status("RE-102", "10.00", "angry", &msg), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("angry"), std::string::npos) << msg;
  EXPECT_NE(msg.find("pricing, quantity, quality, delivery, not_ordered, duplicate, short_payment, other"),
            std::string::npos)
      << msg;
  EXPECT_EQ(dispute_status("RE-101", "10.00", "pricing", &msg), ARX_E_VALIDATION);
  EXPECT_NE(msg.find("nothing to dispute"), std::string::npos) << msg;

  // What was written: two disputes, two events, nothing from the refusals.
  EXPECT_EQ(count("arx_dispute"), 2);
  EXPECT_EQ(events("dispute_opened", "C1"), 2);
  const json list = collections::list_disputes(ctx(), "DE01", "C1", "open");
  ASSERT_EQ(list["disputes"].size(), 2u);
  EXPECT_EQ(list["disputes"][0]["amount"], "300.00");
  EXPECT_EQ(list["disputes"][1]["amount"], "700.00");
  EXPECT_EQ(collections::list_disputes(ctx(), "DE01", "", "resolved")["disputes"].size(), 0u);
  EXPECT_EQ(collections::list_disputes(ctx(), "DE01", "C2", "")["disputes"].size(), 0u);
  EXPECT_EQ(status_of([&] { collections::list_disputes(ctx(), "DE01", "C99", ""); }), ARX_E_NOT_FOUND);
  EXPECT_EQ(status_of([&] { collections::list_disputes(ctx(), "DE01", "", "closed"); }), ARX_E_INVALID_ARGUMENT);
}

TEST_F(Collections, a_write_off_books_an_allocation_and_lowers_the_open_item_once) {
  item(1, 10, "RE-100", "1000.00", "1000.00", "2026-11-01");
  item(2, 10, "RE-101", "500.00", "0.00", "2026-10-01");
  item(3, 10, "RE-102", "200.00", "200.00", "2026-11-15");
  payment(1, 10, "2026-10-05", "500.00");
  allocation(7, 1, 2, "500.00");

  const json d = dispute("RE-100", "250.00");
  const int64_t id = d["id"];
  const json done = collections::resolve_dispute(ctx(), "DE01", id, "write_off", "goodwill, key account");
  expect_fields(done, {{"state", "resolved"}, {"resolution", "write_off"},
                       {"resolution_note", "goodwill, key account"}, {"written_off", "250.00"},
                       {"resolved_by", "it-tester"}});
  EXPECT_EQ(open(1), "750.00");
  // The allocation, without a payment, has an id from the reference ERP's
  // allocator (docs/PROFILES.md: from 10^12, above every hand-loaded row).
  long long alloc_id = 0, item_id = 0;
  std::string amount, kind;
  soci::indicator pay_ind = soci::i_ok;
  long long pay = 0;
  ctx().sql() << "SELECT id, payment_id, open_item_id, " +
                     std::string(ctx().db().kind() == db::dialect::sqlite ? "printf('%.2f', amount)"
                                                                           : "CAST(amount AS VARCHAR)") +
                     ", kind FROM erp_payment_allocation WHERE kind = 'write_off'",
      soci::into(alloc_id), soci::into(pay, pay_ind), soci::into(item_id), soci::into(amount), soci::into(kind);
  EXPECT_GE(alloc_id, 1000000000000LL);
  EXPECT_EQ(pay_ind, soci::i_null);
  EXPECT_EQ(item_id, 1);
  EXPECT_EQ(amount, "250.00");
  EXPECT_EQ(count("erp_payment_allocation"), 2);
  EXPECT_EQ(events("dispute_resolved", "C1"), 1);

  // Twice: a conflict, and nothing more is booked.
  std::string msg;
  EXPECT_EQ(status_of([&] { collections::resolve_dispute(ctx(), "DE01", id, "write_off", ""); }, &msg),
            ARX_E_CONFLICT);
  EXPECT_NE(msg.find("already resolved (write_off by it-tester)"), std::string::npos) << msg;
  EXPECT_EQ(open(1), "750.00");
  EXPECT_EQ(count("erp_payment_allocation"), 2);

  // The item was partly paid since the dispute: only what is open is written off.
  const json d2 = dispute("RE-102", "");
  EXPECT_EQ(d2["amount"], "200.00");
  ctx().sql() << "UPDATE erp_open_item SET open_amount = 50 WHERE id = 3";
  const json done2 = collections::resolve_dispute(ctx(), "DE01", d2["id"].get<int64_t>(), "write_off", "");
  EXPECT_EQ(done2["written_off"], "50.00");
  EXPECT_EQ(open(3), "0.00");
  EXPECT_EQ(count("erp_payment_allocation"), 3);
  std::string event_amount;
  ctx().sql() << "SELECT amount FROM arx_contact_event WHERE kind = 'dispute_resolved' AND reference = 'RE-102'",
      soci::into(event_amount);
  EXPECT_EQ(event_amount, "50.00");
}

TEST_F(Collections, a_credit_note_or_a_rejection_leaves_the_ledger_alone) {
  item(1, 10, "RE-100", "1000.00", "1000.00", "2026-11-01");
  const int64_t a = dispute("RE-100", "100.00")["id"];
  std::string msg;
  EXPECT_EQ(status_of([&] { collections::resolve_dispute(ctx(), "DE01", a, "credit_note", ""); }, &msg),
            ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("credit note's number"), std::string::npos) << msg;
  const json credit = collections::resolve_dispute(ctx(), "DE01", a, "credit_note", "GS-7001");
  EXPECT_EQ(credit["resolution"], "credit_note");
  EXPECT_EQ(credit["resolution_note"], "GS-7001");
  EXPECT_FALSE(credit.contains("written_off"));
  EXPECT_EQ(open(1), "1000.00");
  EXPECT_EQ(count("erp_payment_allocation"), 0);

  const int64_t b = dispute("RE-100", "900.00", "delivery")["id"];
  const json rejected = collections::resolve_dispute(ctx(), "DE01", b, "rejected", "delivery note signed");
  EXPECT_EQ(rejected["state"], "resolved");
  EXPECT_EQ(rejected["resolution"], "rejected");
  EXPECT_EQ(open(1), "1000.00");
  // Nothing is under dispute any more: all 1000.00 can be disputed (and dunned) again.
  EXPECT_EQ(dispute("RE-100", "")["amount"], "1000.00");

  EXPECT_EQ(status_of([&] { collections::resolve_dispute(ctx(), "DE01", b, "credit_note", "GS-1"); }), ARX_E_CONFLICT);
  EXPECT_EQ(status_of([&] { collections::resolve_dispute(ctx(), "DE01", b, "forgive", ""); }), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([&] { collections::resolve_dispute(ctx(), "DE01", 999, "rejected", ""); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("no dispute 999 in company DE01"), std::string::npos) << msg;
  EXPECT_EQ(events("dispute_resolved", "C1"), 2);
  EXPECT_EQ(collections::list_disputes(ctx(), "DE01", "C1", "resolved")["disputes"].size(), 2u);
  EXPECT_EQ(collections::list_disputes(ctx(), "DE01", "C1", "open")["disputes"].size(), 1u);
}

// ---- promises ---------------------------------------------------------------

TEST_F(Collections, a_customer_has_one_open_promise_at_a_time) {
  const json p = collections::add_promise(ctx(), "DE01", "C2", "500.00", "", ymd(2026, 12, 15), "CFO on the phone");
  expect_fields(p, {{"customer_number", "C2"}, {"amount", "500.00"}, {"currency", "EUR"},
                    {"promised_date", "2026-12-15"}, {"made_on", "2026-12-01"}, {"state", "open"},
                    {"note", "CFO on the phone"}, {"paid_amount", nullptr}, {"created_by", "it-tester"}});

  std::string msg;
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C2", "100.00", "", ymd(2026, 12, 20), ""); }, &msg),
            ARX_E_CONFLICT);
  EXPECT_NE(msg.find("500.00 EUR by 2026-12-15"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cancel it first"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C3", "0.00", "", ymd(2026, 12, 20), ""); }),
            ARX_E_VALIDATION);
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C3", "-1", "", ymd(2026, 12, 20), ""); }),
            ARX_E_VALIDATION);
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C3", "10.00", "", ymd(2026, 11, 30), ""); }, &msg),
            ARX_E_VALIDATION);
  EXPECT_NE(msg.find("2026-11-30 is before the business date 2026-12-01"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C99", "10.00", "", ymd(2026, 12, 20), ""); }, &msg),
            ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("C99"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C3", "10.00", "XYZ", ymd(2026, 12, 20), ""); }),
            ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([&] { collections::add_promise(ctx(), "DE01", "C3", "ten", "", ymd(2026, 12, 20), ""); }),
            ARX_E_INVALID_ARGUMENT);
  // Today itself is allowed.
  EXPECT_EQ(collections::add_promise(ctx(), "DE01", "C3", "10", "USD", ymd(2026, 12, 1), "")["amount"], "10.00");

  set_today(2026, 12, 2);
  const json c = collections::cancel_promise(ctx(), "DE01", p["id"].get<int64_t>());
  EXPECT_EQ(c["state"], "cancelled");
  EXPECT_EQ(c["settled_on"], "2026-12-02");
  EXPECT_EQ(status_of([&] { collections::cancel_promise(ctx(), "DE01", p["id"].get<int64_t>()); }, &msg), ARX_E_CONFLICT);
  EXPECT_NE(msg.find("is cancelled, not open"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::cancel_promise(ctx(), "DE01", 999); }), ARX_E_NOT_FOUND);

  // Cancelled: a new promise is accepted.
  const json again = collections::add_promise(ctx(), "DE01", "C2", "450.00", "", ymd(2026, 12, 18), "");
  EXPECT_EQ(again["made_on"], "2026-12-02");
  const json list = collections::list_promises(ctx(), "DE01", "C2");
  ASSERT_EQ(list["promises"].size(), 2u);
  EXPECT_EQ(list["promises"][0]["state"], "cancelled");
  EXPECT_EQ(list["promises"][1]["state"], "open");
  EXPECT_EQ(collections::list_promises(ctx(), "DE01", "")["promises"].size(), 3u);
  EXPECT_EQ(events("promise", "C2"), 2);
  EXPECT_EQ(events("promise_cancelled", "C2"), 1);
}

TEST_F(Collections, promises_are_kept_broken_or_left_open_by_the_payments_that_came_in) {
  // Made on 2026-12-01.
  const int64_t p1 = collections::add_promise(ctx(), "DE01", "C1", "300.00", "", ymd(2026, 12, 5), "")["id"];
  const int64_t p2 = collections::add_promise(ctx(), "DE01", "C2", "500.00", "", ymd(2026, 12, 3), "")["id"];
  const int64_t p3 = collections::add_promise(ctx(), "DE01", "C3", "400.00", "", ymd(2026, 12, 10), "")["id"];
  const int64_t p4 = collections::add_promise(ctx(), "DE01", "C4", "100.00", "USD", ymd(2026, 12, 5), "")["id"];
  // C1: 100.00 before the promise (not counted) + 200.00 + 100.00 = 300.00 -> kept.
  payment(1, 10, "2026-11-30", "100.00");
  payment(2, 10, "2026-12-02", "200.00");
  payment(3, 10, "2026-12-04", "100.00");
  // C2: 250.00 of 500.00; due 2026-12-03 + 2 days' grace = 2026-12-05 < 2026-12-06 -> broken.
  payment(4, 11, "2026-12-02", "250.00");
  // C3: 150.00 of 400.00, 2026-12-10 + 2 is still ahead -> open.
  payment(5, 12, "2026-12-05", "150.00");
  // C4: a EUR payment does not count for a USD promise, a USD one after the as-of date neither;
  // 2026-12-05 + 2 = 2026-12-07 >= 2026-12-06 -> open.
  payment(6, 13, "2026-12-02", "100.00", "EUR");
  payment(7, 13, "2026-12-07", "60.00", "USD");

  const json r = collections::check_promises(ctx(), 1, ymd(2026, 12, 6), 2);
  EXPECT_EQ(r["checked"], 4) << r.dump(2);
  expect_fields(r, {{"kept", 1}, {"broken", 1}, {"open", 2}});
  ASSERT_EQ(r["changed"].size(), 2u);
  EXPECT_EQ(r["changed"][0]["id"], p1);
  EXPECT_EQ(r["changed"][0]["state"], "kept");
  EXPECT_EQ(r["changed"][0]["paid_amount"], "300.00");
  EXPECT_EQ(r["changed"][0]["settled_on"], "2026-12-06");
  EXPECT_EQ(r["changed"][1]["id"], p2);
  EXPECT_EQ(r["changed"][1]["state"], "broken");
  EXPECT_EQ(r["changed"][1]["paid_amount"], "250.00");

  const json list = collections::list_promises(ctx(), "DE01", "");
  ASSERT_EQ(list["promises"].size(), 4u);
  EXPECT_EQ(list["promises"][0]["state"], "kept");
  EXPECT_EQ(list["promises"][0]["settled_on"], "2026-12-06");
  EXPECT_EQ(list["promises"][1]["state"], "broken");
  EXPECT_EQ(list["promises"][1]["paid_amount"], "250.00");
  EXPECT_EQ(list["promises"][2]["state"], "open");
  EXPECT_TRUE(list["promises"][2]["paid_amount"].is_null());
  EXPECT_EQ(list["promises"][3]["state"], "open");
  EXPECT_EQ(events("promise_kept", "C1"), 1);
  EXPECT_EQ(events("promise_broken", "C2"), 1);
  std::string day, detail;
  ctx().sql() << "SELECT business_date, detail FROM arx_contact_event WHERE kind = 'promise_broken'", soci::into(day),
      soci::into(detail);
  EXPECT_EQ(core::parse_date(day), ymd(2026, 12, 6));
  EXPECT_NE(detail.find("paid 250.00 EUR of 500.00 EUR by 2026-12-03"), std::string::npos) << detail;

  // In force on 2026-12-06: C3 and C4; on 2026-12-08 C4's grace has ended.
  const auto active = collections::active_promises(ctx(), 1, ymd(2026, 12, 6), 2);
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active.at(12), "400.00 EUR by 2026-12-10");
  EXPECT_EQ(active.at(13), "100.00 USD by 2026-12-05");
  const auto later = collections::active_promises(ctx(), 1, ymd(2026, 12, 8), 2);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later.count(12), 1u);
  // Before the promises were made, none was in force.
  EXPECT_TRUE(collections::active_promises(ctx(), 1, ymd(2026, 11, 30), 2).empty());

  // Checking again changes nothing; a later check breaks C4's and keeps C3's once it is paid.
  const json again = collections::check_promises(ctx(), 1, ymd(2026, 12, 6), 2);
  EXPECT_EQ(again["checked"], 2);
  EXPECT_TRUE(again["changed"].empty());
  payment(8, 12, "2026-12-09", "250.00");
  const json last = collections::check_promises(ctx(), 1, ymd(2026, 12, 9), 2);
  // C3: 150.00 + 250.00 = 400.00 -> kept; C4: 60.00 USD of 100.00 after 2026-12-07 -> broken.
  EXPECT_EQ(last["kept"], 1) << last.dump(2);
  EXPECT_EQ(last["broken"], 1);
  EXPECT_EQ(last["open"], 0);
  ASSERT_EQ(last["changed"].size(), 2u);
  EXPECT_EQ(last["changed"][0]["id"], p3);
  EXPECT_EQ(last["changed"][0]["paid_amount"], "400.00");
  EXPECT_EQ(last["changed"][1]["id"], p4);
  EXPECT_EQ(last["changed"][1]["state"], "broken");
  EXPECT_EQ(last["changed"][1]["paid_amount"], "60.00");
}

// ---- history ----------------------------------------------------------------

TEST_F(Collections, the_history_merges_contact_events_and_delivery_jobs_newest_first) {
  item(1, 10, "RE-100", "1000.00", "1000.00", "2026-11-01");
  set_today(2026, 11, 28);
  collections::add_note(ctx(), "DE01", "C1", "call", "AP will check on Monday");
  set_today(2026, 12, 1);
  const json note = collections::add_note(ctx(), "DE01", "C1", "note", "asked for a copy of RE-100");
  expect_fields(note, {{"kind", "note"}, {"date", "2026-12-01"}, {"by", "it-tester"}});
  dispute("RE-100", "300.00");
  collections::add_note(ctx(), "DE01", "C2", "call", "another customer");
  // An e-mail sent on 2026-11-29 and a letter queued for 2026-12-02.
  const long long sent = instant(ymd(2026, 11, 29), 12), queued = instant(ymd(2026, 12, 2), 8);
  ctx().sql() << "INSERT INTO arx_delivery_job (company_id, invoice_id, customer_number, reference, purpose, "
                 "idempotency_key, generation, channel, fallback, recipient, state, attempts, next_attempt_at, sent_at, "
                 "created_at) VALUES (1, 1, 'C1', 'RE-100', 'invoice', 'k1', 1, 'email', '', 'ap@alpha.example', "
                 "'sent', 1, :t, :s, :c)",
      soci::use(sent), soci::use(sent), soci::use(sent - 60);
  ctx().sql() << "INSERT INTO arx_delivery_job (company_id, customer_number, reference, purpose, idempotency_key, "
                 "generation, channel, fallback, state, attempts, next_attempt_at, created_at) VALUES (1, 'C1', "
                 "'statement 2026-12-02', 'statement', 'k2', 1, 'print', '', 'queued', 0, :t, :c)",
      soci::use(queued), soci::use(queued);

  const json h = collections::history(ctx(), "DE01", "C1", 0);
  EXPECT_EQ(h["customer_name"], "Alpha AG");
  const json &e = h["entries"];
  ASSERT_EQ(e.size(), 5u) << h.dump(2);
  expect_fields(e[0], {{"source", "delivery"}, {"kind", "letter"}, {"date", "2026-12-02"}, {"state", "queued"},
                       {"sent_at", nullptr}, {"reference", "statement 2026-12-02"}});
  expect_fields(e[1], {{"kind", "dispute_opened"}, {"date", "2026-12-01"}, {"reference", "RE-100"},
                       {"amount", "300.00"}, {"currency", "EUR"}});
  EXPECT_NE(e[1]["detail"].get<std::string>().find("(pricing, manual)"), std::string::npos) << e[1].dump();
  expect_fields(e[2], {{"kind", "note"}, {"detail", "asked for a copy of RE-100"}, {"amount", nullptr}});
  expect_fields(e[3], {{"source", "delivery"}, {"kind", "email"}, {"date", "2026-11-29"}, {"state", "sent"},
                       {"recipient", "ap@alpha.example"}, {"sent_at", "2026-11-29T12:00:00Z"},
                       {"detail", "invoice via email to ap@alpha.example: sent"}});
  expect_fields(e[4], {{"kind", "call"}, {"date", "2026-11-28"}, {"detail", "AP will check on Monday"}});

  const json two = collections::history(ctx(), "DE01", "C1", 2);
  ASSERT_EQ(two["entries"].size(), 2u);
  EXPECT_EQ(two["entries"][0]["kind"], "letter");
  EXPECT_EQ(two["entries"][1]["kind"], "dispute_opened");
  EXPECT_EQ(collections::history(ctx(), "DE01", "C2", 0)["entries"].size(), 1u);
  EXPECT_TRUE(collections::history(ctx(), "DE01", "C6", 0)["entries"].empty());

  std::string msg;
  EXPECT_EQ(status_of([&] { collections::history(ctx(), "DE01", "C99", 0); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("no customer C99 in company DE01"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::add_note(ctx(), "DE01", "C1", "visit", "x"); }), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([&] { collections::add_note(ctx(), "DE01", "C1", "call", ""); }), ARX_E_INVALID_ARGUMENT);
  EXPECT_EQ(status_of([&] { collections::add_note(ctx(), "DE01", "C99", "call", "x"); }), ARX_E_NOT_FOUND);
  EXPECT_EQ(status_of([&] {
              collections::record_event(ctx(), 1, "C1", ymd(2026, 12, 1), "gossip", "", "", "", "");
            }),
            ARX_E_INVALID_ARGUMENT);
}

// ---- worklist ---------------------------------------------------------------

TEST_F(Collections, the_worklist_ranks_risky_customers_above_larger_punctual_ones) {
  // History: C1 paid 4 items 20 days late, C2 6 items on the due date.
  // Company: N = 10, L = 4, S = 80 -> p0 = (4 + 1) / (10 + 2) = 5/12, d0 = 8.
  payment(1, 10, "2026-06-21", "400.00");
  for (int i = 0; i < 4; ++i) {
    item(101 + i, 10, "RE-H1" + std::to_string(i), "100.00", "0.00", "2026-06-01");
    allocation(1 + i, 1, 101 + i, "100.00");
  }
  payment(2, 11, "2026-07-01", "600.00");
  for (int i = 0; i < 6; ++i) {
    item(201 + i, 11, "RE-H2" + std::to_string(i), "100.00", "0.00", "2026-07-01");
    allocation(11 + i, 2, 201 + i, "100.00");
  }
  // Overdue on 2026-12-01.
  item(1, 10, "RE-1", "1000.00", "1000.00", "2026-11-01");  // 30 days
  item(2, 11, "RE-2", "3000.00", "3000.00", "2026-11-21");  // 10 days
  item(3, 12, "RE-3", "500.00", "500.00", "2026-10-02");    // 60 days
  item(4, 13, "RE-4", "5000.00", "5000.00", "2026-11-01");  // 30 days
  item(5, 14, "RE-5", "2000.00", "2000.00", "2026-11-16");  // 15 days
  item(6, 15, "RE-6", "700.00", "700.00", "2026-12-01");    // due today: not overdue
  item(7, 10, "RE-7", "400.00", "400.00", "2026-12-20");    // not yet due
  // C3 broke a promise of 2026-10-15.
  set_today(2026, 10, 1);
  collections::add_promise(ctx(), "DE01", "C3", "500.00", "", ymd(2026, 10, 15), "");
  collections::check_promises(ctx(), 1, ymd(2026, 10, 20), 0);
  // C4 promised 5000.00 by 2026-12-10.
  set_today(2026, 11, 25);
  collections::add_promise(ctx(), "DE01", "C4", "5000.00", "", ymd(2026, 12, 10), "");
  // C5 disputes 800.00 and is blocked for dunning.
  set_today(2026, 11, 20);
  dispute("RE-5", "800.00", "quality");
  set_today(2026, 11, 28);
  collections::add_note(ctx(), "DE01", "C1", "call", "no answer");
  set_today(2026, 12, 1);
  collections::assign_collector(ctx(), "DE01", "C1", "anna");
  const json assigned = collections::assign_collector(ctx(), "DE01", "C2", "anna");
  EXPECT_EQ(assigned["collector"], "anna");
  EXPECT_TRUE(assigned["previous"].is_null());
  collections::assign_collector(ctx(), "DE01", "C5", "ben");
  ctx().sql() << "UPDATE arx_dunning_customer SET blocked = 1, block_reason = 'payment plan talks' WHERE "
                 "customer_number = 'C5'";
  ctx().sql() << "INSERT INTO arx_collection_task (company_id, customer_number, kind, due_date, state, created_at) "
                 "VALUES (1, 'C1', 'call', '2026-12-01', 'open', 0)";

  // Scores, by hand:
  //   C1: p = (4 + 5 * 5/12) / (4 + 5) = 0.675926; 1000.00 x 0.675926 x (1 + 30/30) = 1351.85
  //   C3: no history, one broken promise: p = 1 - (7/12) / 2 = 0.708333; 500.00 x 0.708333 x 3 = 1062.50
  //   C4: p = 5/12, a promise in force: 5000.00 x 5/12 x 2 x 0.25 = 1041.67
  //   C2: p = (0 + 25/12) / 11 = 0.189394; 3000.00 x 0.189394 x (1 + 10/30) = 757.58
  //   C5: 2000.00 - 800.00 disputed, blocked: 1200.00 x 5/12 x 1.5 x 0.5 = 375.00
  // C2 owes the most but pays on time: it comes after three smaller debtors.
  const json w = collections::worklist(ctx(), "DE01", ymd(2026, 12, 1), "", 0);
  EXPECT_EQ(w["customers"], 5) << w.dump(2);
  const json &r = w["rows"];
  ASSERT_EQ(r.size(), 5u) << w.dump(2);
  const char *order[] = {"C1", "C3", "C4", "C2", "C5"};
  const double scores[] = {1351.85, 1062.50, 1041.67, 757.58, 375.00};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r[i]["rank"], i + 1);
    EXPECT_EQ(r[i]["customer_number"], order[i]) << w.dump(2);
    EXPECT_NEAR(r[i]["score"].get<double>(), scores[i], 0.005) << r[i].dump(2);
  }
  // C1 in full.
  expect_fields(r[0], {{"customer_name", "Alpha AG"}, {"collector", "anna"}, {"currency", "EUR"},
                       {"overdue_amount", "1000.00"}, {"overdue_items", 1}, {"oldest_days_overdue", 30}});
  EXPECT_NEAR(r[0]["p_late"].get<double>(), 0.676, 1e-9);
  EXPECT_NEAR(r[0]["predicted_days_late"].get<double>(), 13.3, 1e-9);  // (80 + 5 x 8) / 9
  expect_fields(r[0], {{"paid_items", 4}, {"broken_promises", 0}, {"open_disputes", 0}, {"open_call_tasks", 1},
                       {"last_contact", json({{"date", "2026-11-28"}, {"kind", "call"}})}});
  EXPECT_EQ(r[0]["reasons"], json({"1,000.00 EUR overdue, oldest 30 days",
                                   "pays 20 days late on average (4 paid items, 4 late)", "1 open call task",
                                   "last contact 2026-11-28 (call)"}));
  // C3: the broken promise.
  EXPECT_EQ(r[1]["broken_promises"], 1);
  EXPECT_NEAR(r[1]["p_late"].get<double>(), 0.708, 1e-9);
  EXPECT_NEAR(r[1]["predicted_days_late"].get<double>(), 8.0, 1e-9);
  EXPECT_EQ(r[1]["reasons"][1], "no paid items to learn from: the company's figures apply (42 % paid late, 8 days on average)");
  EXPECT_EQ(r[1]["reasons"][2], "broke a promise on 2026-10-15");
  // C4: the promise in force.
  EXPECT_EQ(r[2]["active_promise"], "5000.00 EUR by 2026-12-10");
  EXPECT_EQ(r[2]["reasons"][2], "promised 5000.00 EUR by 2026-12-10");
  EXPECT_EQ(r[2]["last_contact"]["kind"], "promise");
  // C2: punctual.
  EXPECT_EQ(r[3]["overdue_amount"], "3000.00");
  EXPECT_EQ(r[3]["reasons"][0], "3,000.00 EUR overdue, oldest 10 days");
  EXPECT_EQ(r[3]["reasons"][1], "paid all 6 items on time");
  EXPECT_NEAR(r[3]["p_late"].get<double>(), 0.189, 1e-9);
  // C5: the dispute and the block.
  expect_fields(r[4], {{"disputed_amount", "800.00"}, {"collectable_amount", "1200.00"}, {"open_disputes", 1},
                       {"blocked", true}, {"collector", "ben"}});
  EXPECT_EQ(r[4]["reasons"][2], "1 open dispute: 800.00 EUR of the overdue amount is disputed and not counted");
  EXPECT_EQ(r[4]["reasons"][3], "dunning blocked: payment plan talks");

  // A profile without the dialect statement (collections.payment_delays):
  // arx counts the days from collections.paid_items and ranks the same.
  {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("arx-coll-profile-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir / "reference");
    std::filesystem::copy_file(std::filesystem::path(ARX_TEST_SUPPORT_DIR) / "../../sql/profiles/reference/statements.sql",
                               dir / "reference" / "statements.sql",
                               std::filesystem::copy_options::overwrite_existing);
    db::context_settings s = settings();
    s.profile_dir = dir.string();
    db::context portable(s);
    EXPECT_TRUE(ctx().profile().has("collections.payment_delays"));
    EXPECT_FALSE(portable.profile().has("collections.payment_delays"));
    const json same = collections::worklist(portable, "DE01", ymd(2026, 12, 1), "", 0);
    std::filesystem::remove_all(dir);
    EXPECT_EQ(same["rows"], w["rows"]) << same.dump(2);
  }

  // One collector's customers, ranked among themselves; a limit.
  const json anna = collections::worklist(ctx(), "DE01", ymd(2026, 12, 1), "anna", 0);
  ASSERT_EQ(anna["rows"].size(), 2u) << anna.dump(2);
  EXPECT_EQ(anna["rows"][0]["customer_number"], "C1");
  EXPECT_EQ(anna["rows"][0]["rank"], 1);
  EXPECT_EQ(anna["rows"][1]["customer_number"], "C2");
  EXPECT_EQ(anna["rows"][1]["rank"], 2);
  EXPECT_EQ(anna["collector"], "anna");
  EXPECT_TRUE(collections::worklist(ctx(), "DE01", ymd(2026, 12, 1), "nobody", 0)["rows"].empty());
  const json top = collections::worklist(ctx(), "DE01", ymd(2026, 12, 1), "", 2);
  EXPECT_EQ(top["customers"], 5);
  ASSERT_EQ(top["rows"].size(), 2u);
  EXPECT_EQ(top["rows"][1]["customer_number"], "C3");
  // On 2026-10-03 only RE-3 was overdue, and C3 had not broken its promise yet.
  const json early = collections::worklist(ctx(), "DE01", ymd(2026, 10, 3), "", 0);
  ASSERT_EQ(early["rows"].size(), 1u) << early.dump(2);
  EXPECT_EQ(early["rows"][0]["customer_number"], "C3");
  EXPECT_EQ(early["rows"][0]["oldest_days_overdue"], 1);
  EXPECT_EQ(early["rows"][0]["broken_promises"], 0);
  EXPECT_TRUE(collections::worklist(ctx(), "DE01", ymd(2026, 10, 2), "", 0)["rows"].empty());
  EXPECT_EQ(status_of([&] { collections::worklist(ctx(), "XX", ymd(2026, 12, 1), "", 0); }), ARX_E_NOT_FOUND);
}

TEST_F(Collections, collectors_are_assigned_and_tasks_completed_once) {
  const json a = collections::assign_collector(ctx(), "DE01", "C1", "anna");
  EXPECT_EQ(a["collector"], "anna");
  const json b = collections::assign_collector(ctx(), "DE01", "C1", "ben");
  EXPECT_EQ(b["previous"], "anna");
  EXPECT_EQ(b["collector"], "ben");
  std::string collector, by;
  ctx().sql() << "SELECT collector, updated_by FROM arx_dunning_customer WHERE company_id = 1 AND customer_number = "
                 "'C1'",
      soci::into(collector), soci::into(by);
  EXPECT_EQ(collector, "ben");
  EXPECT_EQ(by, "it-tester");
  EXPECT_EQ(count("arx_dunning_customer"), 1);
  const json none = collections::assign_collector(ctx(), "DE01", "C1", "");
  EXPECT_TRUE(none["collector"].is_null());
  EXPECT_EQ(none["previous"], "ben");
  EXPECT_EQ(events("note", "C1"), 3);
  EXPECT_EQ(status_of([&] { collections::assign_collector(ctx(), "DE01", "C99", "anna"); }), ARX_E_NOT_FOUND);

  ctx().sql() << "INSERT INTO arx_collection_task (company_id, customer_number, kind, due_date, assigned_to, state, "
                 "created_at) VALUES (1, 'C2', 'call', '2026-12-01', 'anna', 'open', 0)";
  long long task = 0;
  ctx().sql() << "SELECT MAX(id) FROM arx_collection_task", soci::into(task);
  EXPECT_EQ(status_of([&] { collections::complete_task(ctx(), "DE01", task, ""); }), ARX_E_INVALID_ARGUMENT);
  const json done = collections::complete_task(ctx(), "DE01", task, "promised payment by Friday");
  expect_fields(done, {{"state", "done"}, {"outcome", "promised payment by Friday"}, {"done_by", "it-tester"},
                       {"customer_number", "C2"}, {"assigned_to", "anna"}, {"due_date", "2026-12-01"}});
  std::string msg;
  EXPECT_EQ(status_of([&] { collections::complete_task(ctx(), "DE01", task, "again"); }, &msg), ARX_E_CONFLICT);
  EXPECT_NE(msg.find("already done (promised payment by Friday)"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { collections::complete_task(ctx(), "DE01", task + 1, "x"); }), ARX_E_NOT_FOUND);
  EXPECT_EQ(events("task", "C2"), 1);
}

// ---- two collectors at once ---------------------------------------------------

// Two collectors act on the same customer at the same moment, each through its
// own connection: one promise is recorded and the other refused as a conflict;
// one dispute takes the invoice and the other is refused, never more disputed
// than the invoice has open. Several rounds, so the two really overlap.
TEST_F(Collections, two_collectors_at_once_leave_one_open_promise_and_never_dispute_more_than_is_open) {
  constexpr int rounds = 12;
  for (int r = 0; r < rounds; ++r) item(300 + r, 10, "RE-R" + std::to_string(r), "100.00", "100.00", "2026-11-01");
  db::context_settings s = settings();
  s.callbacks.business_date = &business_date;
  s.callbacks.host_data = &today_;
  for (int r = 0; r < rounds; ++r) {
    SCOPED_TRACE("round " + std::to_string(r));
    std::atomic<int> ready{0};
    std::array<arx_status, 2> promised{}, disputed{};
    std::array<std::string, 2> why;
    auto collector = [&](int t) {
      db::context c(s);
      ready.fetch_add(1);
      while (ready.load() < 2) std::this_thread::yield();
      promised[t] = status_of(
          [&] { collections::add_promise(c, "DE01", "C1", "50.00", "", ymd(2026, 12, 15), "collector " + std::to_string(t)); },
          &why[t]);
      disputed[t] = status_of([&] {
        collections::dispute_request d;
        d.company = "DE01";
        d.invoice_number = "RE-R" + std::to_string(r);
        d.amount = "60.00";
        d.reason_code = "pricing";
        collections::open_dispute(c, d);
      });
    };
    std::thread a(collector, 0), b(collector, 1);
    a.join();
    b.join();
    std::multiset<arx_status> p(promised.begin(), promised.end()), d(disputed.begin(), disputed.end());
    EXPECT_EQ(p, (std::multiset<arx_status>{ARX_OK, ARX_E_CONFLICT})) << why[0] << " | " << why[1];
    EXPECT_EQ(d, (std::multiset<arx_status>{ARX_OK, ARX_E_VALIDATION}));
    long long open_promises = 0, id = 0;
    ctx().sql() << "SELECT COUNT(*), MAX(id) FROM arx_promise WHERE state = 'open'", soci::into(open_promises),
        soci::into(id);
    ASSERT_EQ(open_promises, 1);
    collections::cancel_promise(ctx(), "DE01", id);
  }
  // Every invoice: 60.00 of its 100.00 under dispute, once.
  long long over = 0, disputes = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_dispute", soci::into(disputes);
  ctx().sql() << "SELECT COUNT(*) FROM (SELECT open_item_id FROM arx_dispute GROUP BY open_item_id HAVING COUNT(*) > 1) x",
      soci::into(over);
  EXPECT_EQ(disputes, rounds);
  EXPECT_EQ(over, 0);
}

}  // namespace
}  // namespace arx::test
