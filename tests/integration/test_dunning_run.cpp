// The dunning run on both databases: every exclusion (dispute, promise to
// pay, blocked customer and item, unapplied cash, an open cash-application
// suggestion), partial payments, the minimum amount, fees and interest booked
// in the ERP, escalation over successive runs, idempotent reruns, a process
// killed at each point of a run, two runs at once, and the notices' texts in
// German, English and Dutch, queued in the delivery outbox.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "collections/dispute.hpp"
#include "core/money.hpp"
#include "config/store.hpp"
#include "delivery/message.hpp"
#include "delivery/run.hpp"
#include "dunning/actions.hpp"
#include "dunning/run.hpp"
#include "json_checks.hpp"
#include "seed.hpp"

namespace arx::test {
namespace {

class dunning_run : public seeded_test<seed::company_detail::letters> {
protected:
  void seed(soci::session &) override {
    customer(10, "C1", "Kunde AG", "de", "c1@kunde.example");
    customer(11, "C2", "Customer Ltd", "en", "c2@customer.example");
    customer(12, "C3", "Klant B.V.", "nl", "c3@klant.example");
    customer(13, "C4", "Gesperrt GmbH", "de", "c4@example.com");
    customer(14, "C5", "Zahler KG", "de", "c5@example.com");
    customer(15, "C6", "Strittig AG", "de", "c6@example.com");
    customer(16, "C7", "Teilzahler GmbH", "de", "c7@example.com");
    customer(17, "C8", "Klein KG", "de", "c8@example.com");
    customer(18, "C9", "Brief GmbH", "de", "");
    customer(19, "C10", "Versprechen AG", "de", "c10@example.com");
    invoice(1, 10, "RE-1", "400.00", "2026-11-01");
    invoice(2, 10, "RE-2", "100.00", "2026-11-25");
    invoice(3, 11, "RE-3", "200.00", "2026-11-01");
    invoice(4, 11, "RE-4", "100.00", "2026-11-01");
    invoice(5, 12, "RE-5", "300.00", "2026-11-10");
    invoice(6, 13, "RE-6", "100.00", "2026-11-01");
    invoice(7, 14, "RE-7", "100.00", "2026-11-01");
    invoice(8, 15, "RE-8", "100.00", "2026-11-01");
    invoice(9, 15, "RE-9", "200.00", "2026-11-01");
    invoice(10, 16, "RE-10", "1000.00", "2026-11-01", "250.00");  // partly paid
    invoice(11, 17, "RE-11", "5.00", "2026-11-01");                // 5.95 gross: below the minimum
    invoice(12, 18, "RE-12", "100.00", "2026-11-01");
    invoice(13, 19, "RE-13", "100.00", "2026-11-01");
    invoice(14, 10, "RE-14", "100.00", "2027-01-15");              // not yet due
  }

  void customer(int64_t id, const std::string &number, const std::string &name, const std::string &lang,
                const std::string &email) {
    soci::indicator ei = email.empty() ? soci::i_null : soci::i_ok;
    ctx().sql() << "INSERT INTO erp_customer (id, company_id, number, name, country, language, email, street, city, "
                   "postcode) VALUES (:id, 1, :n, :name, 'DE', :l, :e, 'Weg 2', 'Hamburg', '20095')",
        soci::use(id), soci::use(number), soci::use(name), soci::use(lang), soci::use(email, ei);
  }
  // An invoice with one line at 19 % VAT and its open item (open = gross unless given).
  void invoice(int64_t id, int64_t customer_id, const std::string &number, const std::string &net,
               const std::string &due, const std::string &open = "") {
    const int64_t tax = (core::parse_minor(net, 2) * 19 + 50) / 100;
    seed::invoice_with_line(ctx().sql(), {.id = id, .customer = customer_id, .number = number, .net = net,
                                          .tax = core::format_minor(tax, 2), .due_date = due, .open = open});
  }

  // The exclusions of the first run.
  void exclusions() {
    auto &s = ctx().sql();
    collections::dispute_request whole;
    whole.company = "DE01";
    whole.invoice_number = "RE-3";
    whole.reason_code = "quality";
    collections::open_dispute(ctx(), whole);
    collections::dispute_request part = whole;
    part.invoice_number = "RE-4";
    part.amount = "19.00";
    part.reason_code = "pricing";
    collections::open_dispute(ctx(), part);
    action("customer_set", {{"customer", "C4"}, {"blocked", true}, {"block_reason", "insolvency proceedings"}});
    s << "INSERT INTO erp_payment (id, company_id, customer_id, value_date, currency, amount) "
         "VALUES (1, 1, 14, '2026-11-28', 'EUR', 50.00)";
    action("item_block", {{"invoice", "RE-8"}, {"reason", "awaiting proof of delivery"}});
    suggestion(9, "238.00");
    s << "INSERT INTO arx_promise (company_id, customer_id, customer_number, currency, amount, promised_date, made_on, "
         "state, created_at, created_by) VALUES (1, 19, 'C10', 'EUR', '119.00', '2026-12-05', '2026-11-28', 'open', "
         "1, 'test')";
  }

  // An open cash-application suggestion that would pay open item `item`.
  void suggestion(int64_t item, const std::string &amount) {
    auto &s = ctx().sql();
    s << "INSERT INTO arx_bank_line (statement_id, company_id, line_no, amount, currency, credit, reversal, returned, "
         "booked, position, state) VALUES (1, 1, 1, :a, 'EUR', 1, 0, 0, 1, 'Ntry[1]', 'suggested')",
        soci::use(amount);
    long long line = 0;
    s << "SELECT MAX(id) FROM arx_bank_line", soci::into(line);
    s << "INSERT INTO arx_cashapp_decision (line_id, shadow, generation, company_id, status, confidence, customer_id, "
         "customer_number, reasons, decided_at, decided_by) VALUES (:l, 0, 1, 1, 'suggested', '0.80', 15, 'C6', '[]', "
         "1, 'test')",
        soci::use(line);
    s << "INSERT INTO arx_cashapp_allocation (line_id, shadow, generation, seq, open_item_id, invoice_number, amount, "
         "kind) VALUES (:l, 0, 1, 1, :o, 'RE-9', :a, 'payment')",
        soci::use(line), soci::use(item), soci::use(amount);
  }

  json action(const std::string &name, const json &params) {
    return dunning::collections_action(ctx(), "DE01", name, params.dump());
  }

  dunning::run_request request(const char *as_of, bool preview = false) {
    dunning::run_request r;
    r.company = "DE01";
    r.as_of = core::parse_date(as_of);
    r.preview = preview;
    r.now = T0;
    r.chunk = 3;  // several transactions even for this small ledger
    return r;
  }
  json run(const char *as_of) { return dunning::run(ctx(), request(as_of)); }

  // After a run interrupted and then completed on 2026-12-01: the exclusions
  // fixture's five notices (six items), each with its delivery job and its
  // contact event, once.
  void expect_the_five_notices_once() {
    EXPECT_EQ(count("arx_dunning_notice"), 5);
    EXPECT_EQ(count("arx_dunning_notice_item"), 6);
    long long jobs = 0, events = 0;
    ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job WHERE purpose = 'dunning'", soci::into(jobs);
    ctx().sql() << "SELECT COUNT(*) FROM arx_contact_event WHERE kind = 'notice'", soci::into(events);
    EXPECT_EQ(jobs, 5);
    EXPECT_EQ(events, 5);
  }
  json preview(const char *as_of) { return dunning::run(ctx(), request(as_of, true)); }

  static const json *notice_of(const json &r, const std::string &customer) {
    for (const auto &n : r.at("notices"))
      if (n.at("customer_number") == customer) return &n;
    return nullptr;
  }
  static std::string held_of(const json &r, const std::string &customer) {
    for (const auto &h : r.at("held"))
      if (h.at("customer_number") == customer) return h.at("outcome").get<std::string>() + ": " + h.at("reason").get<std::string>();
    return "";
  }
  std::string amount_of(const std::string &table, const std::string &column, const std::string &where) {
    std::string v;
    const bool lite = ctx().db().kind() == db::dialect::sqlite;
    ctx().sql() << "SELECT " + (lite ? "printf('%.2f', " + column + ")" : "CAST(" + column + " AS VARCHAR)") + " FROM " +
                       table + " WHERE " + where,
        soci::into(v);
    return v;
  }
  // The text of every e-mail message queued for a customer, joined.
  std::string messages_of(const std::string &customer) {
    std::vector<long long> ids(100);
    ctx().sql() << "SELECT d.id FROM arx_document d WHERE d.customer_number = :c AND d.role = 'message' ORDER BY d.id",
        soci::use(customer), soci::into(ids);
    std::string all;
    for (auto id : ids) {
      const auto m = delivery::read_message_document(delivery::load_document(ctx(), id));
      all += "From: " + m.from + "\nSubject: " + m.subject + "\n\n" + m.body + "\n----\n";
    }
    return all;
  }
};

TEST_F(dunning_run, a_preview_shows_every_decision_and_writes_nothing) {
  exclusions();
  const long long invoices = count("erp_invoice"), events = count("arx_contact_event");
  const json r = preview("2026-12-01");
  EXPECT_EQ(r["status"], "preview");
  ASSERT_EQ(r["notices"].size(), 5u) << r.dump(1);
  const json *c1 = notice_of(r, "C1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ((*c1)["level"], 1);
  EXPECT_EQ((*c1)["overdue_total"], "595.00");  // 476.00 + 119.00; RE-14 is not yet due and not listed
  EXPECT_EQ((*c1)["fee"], "0.00");
  EXPECT_EQ((*c1)["interest"], "0.00");
  EXPECT_EQ((*c1)["items"].size(), 2u);
  const json *c2 = notice_of(r, "C2");
  ASSERT_NE(c2, nullptr);
  ASSERT_EQ((*c2)["items"].size(), 1u);  // RE-3 is disputed in full
  EXPECT_EQ((*c2)["items"][0]["invoice_number"], "RE-4");
  EXPECT_EQ((*c2)["items"][0]["open_amount"], "100.00");  // 119.00 less the disputed 19.00
  EXPECT_EQ((*c2)["items"][0]["disputed_amount"], "19.00");
  ASSERT_NE(notice_of(r, "C7"), nullptr);
  EXPECT_EQ((*notice_of(r, "C7"))["overdue_total"], "250.00");  // partly paid: the open amount
  ASSERT_NE(notice_of(r, "C9"), nullptr);
  EXPECT_EQ((*notice_of(r, "C3"))["language"], "nl");
  EXPECT_NE(held_of(r, "C4").find("insolvency proceedings"), std::string::npos) << held_of(r, "C4");
  EXPECT_NE(held_of(r, "C5").find("unapplied cash of 50.00 EUR"), std::string::npos) << held_of(r, "C5");
  EXPECT_EQ(held_of(r, "C6").rfind("excluded: ", 0), 0u) << held_of(r, "C6");
  EXPECT_EQ(held_of(r, "C8").rfind("below_minimum", 0), 0u) << held_of(r, "C8");
  EXPECT_NE(held_of(r, "C10").find("promise to pay"), std::string::npos) << held_of(r, "C10");
  EXPECT_EQ(r["totals"]["notices"], 5);
  EXPECT_EQ(r["totals"]["amounts"]["EUR"]["overdue_total"], "1421.00");  // 595 + 100 + 357 + 250 + 119
  // Nothing written.
  seed::expect_rows(ctx(), {{"arx_dunning_run", 0}, {"arx_dunning_notice", 0}, {"erp_invoice", invoices},
                            {"arx_contact_event", events}});
}

TEST_F(dunning_run, the_run_writes_notices_levels_history_and_outbox_jobs_once) {
  exclusions();
  const json r = run("2026-12-01");
  EXPECT_EQ(r["status"], "completed") << r.dump(1);
  EXPECT_EQ(r["totals"]["notices"], 5);
  seed::expect_rows(ctx(), {{"arx_dunning_notice", 5}, {"arx_dunning_notice_item", 6},
                            {"arx_dunning_item_state", 6}});
  long long composed = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_dunning_notice WHERE state = 'composed'", soci::into(composed);
  EXPECT_EQ(composed, 5);
  // C1, C2, C3, C7 by e-mail; C9 has no address and gets a letter.
  long long emails = 0, letters = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job WHERE purpose = 'dunning' AND channel = 'email'", soci::into(emails);
  ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job WHERE purpose = 'dunning' AND channel = 'print'", soci::into(letters);
  EXPECT_EQ(emails, 4);
  EXPECT_EQ(letters, 1);
  // The e-mail carries the message, the letter and a copy of each overdue invoice.
  long long c1_docs = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job_document jd JOIN arx_delivery_job j ON j.id = jd.job_id "
                 "WHERE j.customer_number = 'C1' AND j.purpose = 'dunning'",
      soci::into(c1_docs);
  EXPECT_EQ(c1_docs, 4);
  long long notice_events = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_contact_event WHERE kind = 'notice'", soci::into(notice_events);
  EXPECT_EQ(notice_events, 5);

  // The same date again: reported, not repeated.
  const long long jobs = count("arx_delivery_job"), documents = count("arx_document");
  const json again = run("2026-12-01");
  EXPECT_EQ(again["status"], "already_completed");
  EXPECT_EQ(again["totals"]["notices"], 5);
  EXPECT_EQ(again["notices"], r["notices"]);
  seed::expect_rows(ctx(), {{"arx_dunning_notice", 5}, {"arx_delivery_job", jobs}, {"arx_document", documents},
                            {"arx_dunning_run", 1}});
}

TEST_F(dunning_run, levels_escalate_with_fees_and_interest_booked_in_the_erp) {
  exclusions();
  run("2026-12-01");
  const long long invoices = count("erp_invoice");
  // Two weeks later: C1's items reach level 2: 5.00 fee and interest at
  // 1.27 + 9.00 = 10.27 % from the due dates:
  //   476.00 * 10.27 % * 44 / 365 = 5.893 -> 5.89;  119.00 * 10.27 % * 20 / 365 = 0.670 -> 0.67
  const json r2 = run("2026-12-15");
  const json *c1 = notice_of(r2, "C1");
  ASSERT_NE(c1, nullptr) << r2.dump(1);
  expect_fields(*c1, {{"level", 2}, {"template", "second_reminder"}, {"fee", "5.00"}, {"interest", "6.56"},
                      {"total_due", "606.56"}, {"interest_rate_percent", "10.27"}});
  ASSERT_TRUE((*c1)["fee_invoice"].is_string());
  const std::string fee1 = (*c1)["fee_invoice"];
  EXPECT_EQ(amount_of("erp_invoice", "gross_amount", "number = '" + fee1 + "'"), "11.56");
  EXPECT_EQ(amount_of("erp_open_item", "open_amount",
                      "invoice_id = (SELECT id FROM erp_invoice WHERE number = '" + fee1 + "')"), "11.56");
  long long fee_lines = 0;
  ctx().sql() << "SELECT COUNT(*) FROM erp_invoice_line l JOIN erp_invoice i ON i.id = l.invoice_id WHERE i.number = :n",
      soci::use(fee1), soci::into(fee_lines);
  EXPECT_EQ(fee_lines, 2);  // the fee and the interest
  // Every level-2 notice books one fee invoice (C1, C2, C3, C7, C9); the
  // broken promise of C10 (due 2026-12-05, 3 days' grace, nothing paid)
  // lets its first reminder go out, without a fee.
  EXPECT_EQ(count("erp_invoice"), invoices + 5);
  const json *c10 = notice_of(r2, "C10");
  ASSERT_NE(c10, nullptr);
  EXPECT_EQ((*c10)["level"], 1);
  std::string promise_state;
  ctx().sql() << "SELECT state FROM arx_promise WHERE customer_number = 'C10'", soci::into(promise_state);
  EXPECT_EQ(promise_state, "broken");

  // Two weeks on: level 3 (final notice by e-mail and letter, 10.00 fee),
  // interest only for the 14 days since the last charge
  //   476.00 * 10.27 % * 14 / 365 = 1.875 -> 1.88;  119.00 * ... = 0.469 -> 0.47
  // and the first fee invoice (due 2026-12-25) is now overdue itself, listed
  // without interest.
  const json r3 = run("2026-12-29");
  c1 = notice_of(r3, "C1");
  ASSERT_NE(c1, nullptr) << r3.dump(1);
  expect_fields(*c1, {{"level", 3}, {"channel", "both"}, {"fee", "10.00"}, {"interest", "2.35"},
                      {"overdue_total", "606.56"}, {"total_due", "618.91"}});
  bool fee_listed = false;
  for (const auto &i : (*c1)["items"])
    if (i["invoice_number"] == fee1) {
      fee_listed = true;
      EXPECT_EQ(i["interest"], "0.00");
      EXPECT_EQ(i["kind"], "fee");
    }
  EXPECT_TRUE(fee_listed);
  long long c1_jobs = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job WHERE customer_number = 'C1' AND purpose = 'dunning'",
      soci::into(c1_jobs);
  EXPECT_EQ(c1_jobs, 4);  // e-mail, e-mail, e-mail and letter
}

TEST_F(dunning_run, a_run_cannot_go_back_in_time) {
  run("2026-12-15");
  std::string message;
  EXPECT_EQ(status_of([&] { run("2026-12-01"); }, &message), ARX_E_CONFLICT);
  EXPECT_NE(message.find("2026-12-15"), std::string::npos) << message;
}

TEST_F(dunning_run, notices_speak_the_customers_language) {
  run("2026-12-01");
  const std::string de = messages_of("C1"), en = messages_of("C2"), nl = messages_of("C3");
  EXPECT_NE(de.find("Subject: Zahlungserinnerung"), std::string::npos) << de;
  EXPECT_NE(de.find("RE-1"), std::string::npos) << de;
  EXPECT_NE(de.find("476,00"), std::string::npos) << de;
  EXPECT_NE(en.find("Subject: Payment reminder"), std::string::npos) << en;
  EXPECT_NE(en.find("RE-4"), std::string::npos) << en;
  EXPECT_NE(nl.find("Subject: Betalingsherinnering"), std::string::npos) << nl;
  EXPECT_NE(nl.find("357,00"), std::string::npos) << nl;
  // An admin's own German text replaces the built-in one for later notices.
  action("template_set", {{"name", "second_reminder"},
                          {"language", "de"},
                          {"subject", "Mahnung {{customer_number}}"},
                          {"body", "Offen: {{overdue_total}}, Gebühr {{fee}}\n"}});
  run("2026-12-15");
  const std::string later = messages_of("C1");
  EXPECT_NE(later.find("Subject: Mahnung C1"), std::string::npos) << later;
  EXPECT_NE(later.find("Gebühr 5,00 EUR"), std::string::npos) << later;
}

TEST_F(dunning_run, a_letter_reaches_the_print_batch_through_the_outbox) {
  const auto dir = std::filesystem::temp_directory_path() / ("arx-dunning-print-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  config::set(ctx(), "DE01", "delivery.print_dir", dir.string(), "test");
  run("2026-12-01");
  delivery::run_options o;
  o.company = "DE01";
  o.now = T0 + 60;
  delivery::run(ctx(), o);
  std::string state;
  ctx().sql() << "SELECT state FROM arx_delivery_job WHERE customer_number = 'C9' AND purpose = 'dunning'",
      soci::into(state);
  EXPECT_EQ(state, "sent");
  size_t pdfs = 0;
  std::string text;
  for (const auto &f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".pdf") {
      ++pdfs;
      if (FILE *p = ::popen(("pdftotext -layout '" + f.path().string() + "' - 2>&1").c_str(), "r")) {
        char buf[4096];
        for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
        ::pclose(p);
      }
    }
  EXPECT_EQ(pdfs, 1u);
  EXPECT_NE(text.find("Brief GmbH"), std::string::npos) << text;
  EXPECT_NE(text.find("RE-12"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

// The PostgreSQL backend ends in the middle of the run's transaction (a
// trigger has the server terminate the session as the third notice is
// written): the run fails with a database error and leaves no notice, fee
// or delivery job half-written; the context connects again and the next run
// issues every notice once.
TEST_F(dunning_run, a_backend_terminated_mid_run_leaves_nothing_half_written_and_the_next_run_completes_once) {
  if (backend() != "postgresql") GTEST_SKIP() << "a server connection to lose: PostgreSQL";
  exclusions();
  ctx().sql() << "CREATE FUNCTION arx_test_end_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 "IF (SELECT COUNT(*) FROM arx_dunning_notice) >= 3 THEN PERFORM pg_terminate_backend(pg_backend_pid()); "
                 "END IF; RETURN NEW; END $$";
  ctx().sql() << "CREATE TRIGGER arx_test_end_session AFTER INSERT ON arx_dunning_notice FOR EACH ROW "
                 "EXECUTE FUNCTION arx_test_end_session()";
  ctx_.reset();
  db::context c(settings());
  EXPECT_THROW(dunning::run(c, request("2026-12-01")), soci::soci_error);  // ARX_E_DATABASE at the ABI
  EXPECT_TRUE(c.connection_lost());
  {
    db::database other(conn_);
    other.session() << "DROP TRIGGER arx_test_end_session ON arx_dunning_notice";
  }
  const long long notices = count("arx_dunning_notice"), jobs_before = count("arx_delivery_job");
  EXPECT_LT(notices, 3);
  long long unmatched = 0;  // every notice written has its delivery job and its contact event
  ctx().sql() << "SELECT COUNT(*) FROM arx_dunning_notice n WHERE NOT EXISTS (SELECT 1 FROM arx_contact_event e "
                 "WHERE e.kind = 'notice' AND e.customer_number = n.customer_number)",
      soci::into(unmatched);
  EXPECT_EQ(unmatched, 0);
  EXPECT_EQ(jobs_before, notices);

  c.ensure_connected();
  const json r = dunning::run(c, request("2026-12-01"));
  EXPECT_EQ(r["status"], "completed") << r.dump();
  expect_the_five_notices_once();
}

TEST_F(dunning_run, a_run_killed_at_any_point_completes_once_on_restart) {
  ARX_NEEDS_CRASH_POINTS();
  for (const char *point : {"before_commit:2", "after_commit:1", "compose:1"}) {
    SCOPED_TRACE(point);
    start_over();
    SetUp();
    exclusions();
    ctx_.reset();
    const int code = in_child("ARX_DUNNING_CRASH", point, [&](db::context &c) { dunning::run(c, request("2026-12-01")); });
    ASSERT_EQ(code, 87);
    const json r = run("2026-12-01");
    EXPECT_EQ(r["status"], "completed");
    EXPECT_EQ(r["totals"]["notices"], 5);
    expect_the_five_notices_once();
  }
}

TEST_F(dunning_run, two_hosts_starting_the_same_run_produce_one) {
  exclusions();
  ctx_.reset();
  std::vector<std::thread> hosts;
  std::vector<std::string> errors(2);
  std::vector<json> results(2);
  for (int i = 0; i < 2; ++i)
    hosts.emplace_back([&, i] {
      try {
        db::context c(settings());
        results[static_cast<size_t>(i)] = dunning::run(c, request("2026-12-01"));
      } catch (const std::exception &e) {
        errors[static_cast<size_t>(i)] = e.what();
      }
    });
  for (auto &t : hosts) t.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  seed::expect_rows(ctx(), {{"arx_dunning_run", 1}, {"arx_dunning_notice", 5}, {"arx_dunning_notice_item", 6}});
  long long jobs = 0;
  ctx().sql() << "SELECT COUNT(*) FROM arx_delivery_job WHERE purpose = 'dunning'", soci::into(jobs);
  EXPECT_EQ(jobs, 5);
  EXPECT_EQ(results[0]["notices"], results[1]["notices"]);
}

TEST_F(dunning_run, bad_parameters_name_what_is_wrong) {
  std::string m;
  EXPECT_EQ(status_of([&] { action("customer_set", {{"customer", "C1"}, {"blockd", true}}); }, &m), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(m.find("'blockd'"), std::string::npos) << m;
  EXPECT_EQ(status_of([&] { action("no_such", json::object()); }, &m), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(m.find("dispute_open"), std::string::npos) << m;
  EXPECT_EQ(status_of([&] { action("item_block", {{"invoice", "RE-404"}, {"reason", "x"}}); }, &m), ARX_E_NOT_FOUND);
  EXPECT_EQ(status_of([&] { action("procedure_set", {{"code", "b2b"}, {"definition", {{"levels", json::array()}}}}); }, &m),
            ARX_E_CONFIG);
  EXPECT_NE(m.find("levels"), std::string::npos) << m;
  EXPECT_EQ(status_of([&] { action("customer_set", {{"customer", "C1"}, {"procedure", "none"}}); }, &m), ARX_E_CONFIG);
  EXPECT_EQ(status_of([&] {
              action("procedure_set",
                     {{"code", "own"}, {"definition", {{"levels", {{{"days_overdue", 0}, {"template", "mine"}}}}}}});
            }, &m),
            ARX_E_CONFIG);
  EXPECT_NE(m.find("no template 'mine'"), std::string::npos) << m;
  EXPECT_EQ(status_of([&] { action("customer_set", {{"customer", "C99"}}); }, &m), ARX_E_NOT_FOUND);
}

TEST_F(dunning_run, a_stored_procedure_and_a_segment_decide_the_levels) {
  // A strict procedure for the "risk" segment: the first notice already
  // carries a 2 % fee and goes out by letter.
  action("procedure_set",
         {{"code", "strict"},
          {"definition",
           {{"segments", {"risk"}},
            {"grace_days", 0},
            {"levels", {{{"days_overdue", 0}, {"fee_percent", "2.00"}, {"channel", "letter"}, {"template", "final_notice"}}}}}}});
  action("procedure_set", {{"code", "standard"}, {"definition", {{"default", true}, {"levels", {{{"days_overdue", 0}, {"template", "reminder"}}}}}}});
  action("customer_set", {{"customer", "C7"}, {"segment", "risk"}});
  const json r = preview("2026-12-01");
  const json *c7 = notice_of(r, "C7");
  ASSERT_NE(c7, nullptr) << r.dump(1);
  EXPECT_EQ((*c7)["procedure"], "strict");
  EXPECT_EQ((*c7)["channel"], "letter");
  EXPECT_EQ((*c7)["fee"], "5.00");  // 2 % of 250.00
  EXPECT_EQ((*notice_of(r, "C1"))["procedure"], "standard");
  const json list = action("procedure_list", json::object());
  EXPECT_EQ(list["procedures"].size(), 2u);
}

}  // namespace
}  // namespace arx::test
