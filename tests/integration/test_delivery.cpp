// Invoice posting and the delivery run on a small reference ERP: the outbox
// (one job per posting, however often it is called), channel fallback at
// posting and after a permanent failure, retries against a real SMTP server
// that goes down and comes back, a run killed mid-way (no invoice received
// twice), access-point files, print batches, resends and statements.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "config/store.hpp"
#include "core/hash.hpp"
#include "delivery/message.hpp"
#include "delivery/outbox.hpp"
#include "delivery/run.hpp"
#include "core/rf_reference.hpp"
#include "json_checks.hpp"
#include "seed.hpp"
#include "smtp_sink.hpp"

namespace arx::test {

namespace fs = std::filesystem;
namespace {

// The clock of these tests: 2026-12-22T08:53:20Z.
constexpr int64_t T_POST = 1798000000;

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The value of a header of a received message (the header block only).
std::string header_of(const std::string &data, const std::string &name) {
  const std::string head = "\r\n" + data.substr(0, data.find("\r\n\r\n")) + "\r\n";
  const std::string needle = "\r\n" + name + ": ";
  const size_t at = head.find(needle);
  if (at == std::string::npos) return "";
  const size_t b = at + needle.size();
  return head.substr(b, head.find("\r\n", b) - b);
}

// How many received messages carry each X-Arx-Delivery-Key.
std::map<std::string, int> keys_received(const std::vector<received_mail> &mails) {
  std::map<std::string, int> n;
  for (const auto &m : mails) n[header_of(m.data, "X-Arx-Delivery-Key")] += 1;
  return n;
}

std::vector<fs::path> files_in(const fs::path &dir, const std::string &ext = "") {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto &e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (ext.empty() || e.path().extension() == ext)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

class delivery_flow : public seeded_test<seed::company_detail::einvoice> {
protected:
  void seed(soci::session &s) override {
    // C1: e-mail, no Peppol id; C2: a Peppol participant (GLN with its check
    // digit) with an e-mail address.
    seed::einvoice_customers(s, "NL123456789B01", "0088:4000000000013");
    // C3: neither Peppol id nor e-mail, nor a VAT id: letters only.
    s << "INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, "
         "postcode, peppol_id, payment_terms_days) VALUES (12, 1, 'C3', 'Brief KG', 'DE', NULL, NULL, 'de', "
         "'Gasse 7', 'Köln', '50667', NULL, 30)";
    set("delivery.from_address", "ar@muster.example");
    // The loopback SMTP sink speaks no TLS; these tests send without a login.
    set("delivery.smtp_starttls", "false");
  }

  void TearDown() override {
    db_test::TearDown();
    std::error_code ec;
    for (const auto &d : dirs_) fs::remove_all(d, ec);
  }

  void set(const std::string &key, const std::string &value) { config::set(ctx(), "DE01", key, value, "test"); }
  void prefer(const std::string &customer, const std::string &chain, bool attach_xml = false) {
    service::delivery_preference_set(ctx(), "DE01", customer, chain, std::nullopt, attach_xml);
  }

  // A posted invoice of 2 x 50.00 at 19 % (119.00), or with the given line.
  void invoice(int64_t id, int64_t customer, const std::string &number, const std::string &state = "posted",
               const std::string &qty = "2", const std::string &cat = "S", const std::string &pct = "19.00") {
    const bool exempt = cat != "S";
    const bool negative = qty[0] == '-';
    const std::string net = negative ? "-100.00" : "100.00";
    const std::string tax = exempt ? "0.00" : negative ? "-19.00" : "19.00";
    const std::string gross = exempt ? net : negative ? "-119.00" : "119.00";
    const std::string price = negative ? "100.00" : "50.00";
    ctx().sql() << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                   "net_amount, tax_amount, gross_amount, state, buyer_reference) VALUES (:id, 1, :cu, :n, 'invoice', "
                   "'2026-10-01', '2026-10-31', 'EUR', :net, :tax, :gross, :st, 'PO-77')",
        soci::use(id), soci::use(customer), soci::use(number), soci::use(net), soci::use(tax), soci::use(gross),
        soci::use(state);
    const int64_t line_id = id * 100 + 1;
    const std::string q = negative ? "-1" : qty;
    ctx().sql() << "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, "
                   "unit_price, net_amount, tax_category, tax_percent) VALUES (:id, :inv, 1, 'Widget', :q, 'C62', "
                   ":p, :net, :cat, :pct)",
        soci::use(line_id), soci::use(id), soci::use(q), soci::use(price), soci::use(net), soci::use(cat),
        soci::use(pct);
  }

  // Posts RE-1 (invoice 100 of C1), delivered along `chain`: its job is queued.
  void queue_re1(const std::string &chain) {
    prefer("C1", chain);
    invoice(100, 10, "RE-1");
    post("RE-1");
  }

  json post(const std::string &number, int64_t now = T_POST) {
    return service::invoice_post(ctx(), "DE01", 0, number, now);
  }
  json run(int64_t now = T_POST) {
    service::delivery_run_request r;
    r.company = "DE01";
    r.now_unix = now;
    return service::delivery_run(ctx(), r);
  }
  // Runs delivery at `now`, which must send exactly the job `key`.
  void run_sends(int64_t now, const std::string &key) {
    EXPECT_EQ(run(now).at("totals").at("sent"), 1);
    EXPECT_EQ(job(key).state, "sent");
  }
  delivery::job job(const std::string &key) {
    auto j = delivery::find_job(ctx(), key);
    if (!j) throw std::runtime_error("no job " + key);
    return *j;
  }
  static std::string key_of(int64_t invoice_id) { return "DE01/" + std::to_string(invoice_id) + "/post"; }

  long long scalar(const std::string &sql) {
    long long n = 0;
    ctx().sql() << sql, soci::into(n);
    return n;
  }
  std::optional<std::string> payment_reference(int64_t invoice_id) {
    std::string ref;
    soci::indicator ind = soci::i_ok;
    ctx().sql() << "SELECT payment_reference FROM erp_invoice WHERE id = :id", soci::use(invoice_id),
        soci::into(ref, ind);
    if (ind == soci::i_null) return std::nullopt;
    return ref;
  }

  fs::path temp_dir(const std::string &what) {
    std::string tmpl = (fs::temp_directory_path() / ("arx-it-" + what + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dirs_.push_back(tmpl);
    return tmpl;
  }

  // Runs the delivery in a child process with ARX_DELIVERY_CRASH set, on its
  // own connection; returns its exit status.
  int run_crashing(const char *crash, int64_t now) {
    return in_child("ARX_DELIVERY_CRASH", crash, [now](db::context &c) {
      service::delivery_run_request r;
      r.company = "DE01";
      r.now_unix = now;
      service::delivery_run(c, r);
    });
  }

  std::vector<fs::path> dirs_;
};

// 1 -------------------------------------------------------------------------

TEST_F(delivery_flow, posting_queues_one_job_with_its_documents) {
  prefer("C1", "email", true);
  invoice(100, 10, "RE-1");
  ASSERT_FALSE(payment_reference(100));
  auto r = post("RE-1");
  EXPECT_EQ(r.at("status"), "queued") << r.dump(2);
  EXPECT_EQ(r.at("channel"), "email");
  EXPECT_EQ(count("arx_delivery_job"), 1);
  auto j = job(key_of(100));
  EXPECT_EQ(j.channel, "email");
  EXPECT_EQ(j.state, "queued");
  EXPECT_EQ(j.recipient, "ap@kunde.example");
  EXPECT_EQ(j.generation, 1);
  auto docs = delivery::job_documents(ctx(), j.id, true);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].filename, "message.json");
  EXPECT_EQ(delivery::read_message_document(docs[0]).subject, "Rechnung RE-1 von Muster GmbH") << docs[0].data;
  EXPECT_EQ(docs[1].filename, "RE-1.pdf");
  EXPECT_EQ(docs[1].data.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(docs[2].filename, "RE-1.xml");
  EXPECT_NE(docs[2].data.find("CrossIndustryInvoice"), std::string::npos);
  EXPECT_EQ(count("arx_document"), 3);

  auto ref = payment_reference(100);
  ASSERT_TRUE(ref);
  EXPECT_TRUE(core::is_valid_rf_reference(*ref)) << *ref;
  EXPECT_EQ(r.at("payment_reference"), *ref);
  EXPECT_NE(docs[2].data.find(*ref), std::string::npos) << "the XML carries the stored reference";

  auto again = post("RE-1");
  EXPECT_EQ(again.at("status"), "already_posted");
  EXPECT_EQ(again.at("job").at("id"), j.id);
  EXPECT_EQ(count("arx_delivery_job"), 1);
  EXPECT_EQ(count("arx_document"), 3);
  ASSERT_EQ(again.at("documents").size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(again.at("documents")[i].at("id"), r.at("documents")[i].at("id"));
  EXPECT_EQ(payment_reference(100), ref);

  // Without attach_xml: the PDF alone.
  prefer("C1", "email");
  invoice(102, 10, "RE-3");
  auto plain = post("RE-3");
  EXPECT_EQ(plain.at("documents").size(), 2u) << plain.dump(2);

  invoice(101, 10, "RE-2", "draft");
  std::string msg;
  EXPECT_EQ(status_of([&] { post("RE-2"); }, &msg), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("draft"), std::string::npos) << msg;
  EXPECT_EQ(count("arx_delivery_job"), 2);
  EXPECT_EQ(count("arx_document"), 5);
  EXPECT_FALSE(payment_reference(101));
}

// 2 -------------------------------------------------------------------------

TEST_F(delivery_flow, posting_falls_back_along_the_chain_or_blocks) {
  prefer("C1", "peppol,email,print");
  prefer("C3", "peppol,email,print");
  invoice(100, 10, "RE-1");
  invoice(101, 12, "RE-2");
  auto r = post("RE-1");
  EXPECT_EQ(r.at("status"), "queued") << r.dump(2);
  EXPECT_EQ(r.at("channel"), "email");
  ASSERT_EQ(r.at("skipped").size(), 1u) << r.dump(2);
  EXPECT_EQ(r.at("skipped")[0].at("channel"), "peppol");
  bool r010 = false;
  for (const auto &f : r.at("skipped")[0].at("findings")) r010 |= f.at("rule") == "PEPPOL-EN16931-R010";
  EXPECT_TRUE(r010) << r.dump(2);
  EXPECT_EQ(job(key_of(100)).fallback, "print");

  auto p = post("RE-2");
  EXPECT_EQ(p.at("status"), "queued") << p.dump(2);
  EXPECT_EQ(p.at("channel"), "print");
  ASSERT_EQ(p.at("skipped").size(), 2u);
  EXPECT_EQ(p.at("skipped")[0].at("channel"), "peppol");
  EXPECT_EQ(p.at("skipped")[1].at("channel"), "email");
  auto pj = job(key_of(101));
  EXPECT_EQ(pj.channel, "print");
  EXPECT_NE(pj.recipient.find("Brief KG"), std::string::npos) << pj.recipient;
  EXPECT_NE(pj.recipient.find("50667"), std::string::npos) << pj.recipient;

  const long long jobs = count("arx_delivery_job"), docs = count("arx_document");
  // Negative quantity on an invoice: a core finding, no channel helps.
  invoice(102, 10, "RE-3", "posted", "-1");
  auto b = post("RE-3");
  EXPECT_EQ(b.at("status"), "blocked") << b.dump(2);
  bool qty = false;
  for (const auto &f : b.at("findings")) qty |= f.at("field") == "BT-129 invoiced quantity";
  EXPECT_TRUE(qty) << b.dump(2);
  // AE (reverse charge) for a customer without a VAT id.
  invoice(103, 12, "RE-4", "posted", "2", "AE", "0.00");
  auto ae = post("RE-4");
  EXPECT_EQ(ae.at("status"), "blocked") << ae.dump(2);
  bool vat = false;
  for (const auto &f : ae.at("findings")) vat |= f.at("field") == "BT-48 buyer VAT identifier";
  EXPECT_TRUE(vat) << ae.dump(2);
  EXPECT_EQ(count("arx_delivery_job"), jobs);
  EXPECT_EQ(count("arx_document"), docs);
  EXPECT_FALSE(payment_reference(102));
  EXPECT_FALSE(payment_reference(103));
  EXPECT_FALSE(delivery::find_job(ctx(), key_of(102)));
}

// 3 -------------------------------------------------------------------------

TEST_F(delivery_flow, smtp_down_then_up_sends_once) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  sink.stop();
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("retry"), 1) << r.dump(2);
  auto j = job(key_of(100));
  EXPECT_EQ(j.state, "queued");
  EXPECT_EQ(j.attempts, 1);
  EXPECT_FALSE(j.last_error.empty());
  EXPECT_GT(j.next_attempt_at, T_POST);

  auto same = run(T_POST);
  EXPECT_EQ(same.at("totals").at("claimed"), 0) << same.dump(2);
  EXPECT_EQ(job(key_of(100)).attempts, 1);

  sink.restart();
  EXPECT_EQ(sink.messages().size(), 0u);
  auto later = run(j.next_attempt_at);
  EXPECT_EQ(later.at("totals").at("sent"), 1) << later.dump(2);
  j = job(key_of(100));
  EXPECT_EQ(j.state, "sent");
  ASSERT_TRUE(j.sent_at);
  EXPECT_EQ(*j.sent_at, j.next_attempt_at);

  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u) << sink.log();
  const auto &m = mails[0];
  EXPECT_EQ(m.mail_from, "ar@muster.example");
  EXPECT_EQ(m.rcpt_to, std::vector<std::string>{"ap@kunde.example"});
  EXPECT_EQ(header_of(m.data, "X-Arx-Delivery-Key"), key_of(100));
  EXPECT_EQ(header_of(m.data, "Message-ID"), "<DE01.100.post@muster.example>");
  EXPECT_NE(m.data.find("Content-Type: application/pdf"), std::string::npos);
  EXPECT_NE(m.data.find("RE-1.pdf"), std::string::npos);
  EXPECT_NE(j.proof.find("<DE01.100.post@muster.example>"), std::string::npos) << j.proof;
  EXPECT_EQ(run(T_POST + 100000).at("totals").at("claimed"), 0);
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(delivery_flow, a_temporary_smtp_failure_is_retried) {
  smtp_sink sink({.tempfail_first = 1});
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("retry"), 1) << r.dump(2);
  auto j = job(key_of(100));
  EXPECT_NE(j.last_error.find("451"), std::string::npos) << j.last_error;
  EXPECT_EQ(j.next_attempt_at, T_POST + 60);
  EXPECT_EQ(sink.messages().size(), 0u);
  run_sends(T_POST + 60, key_of(100));
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(header_of(mails[0].data, "X-Arx-Delivery-Key"), key_of(100));
}

// 4 -------------------------------------------------------------------------

TEST_F(delivery_flow, a_refused_recipient_falls_back_to_print) {
  smtp_sink sink({.reject_rcpt = "^ap@kunde\\.example$"});
  const auto print_dir = temp_dir("print");
  set("delivery.smtp_url", sink.url());
  set("delivery.print_dir", print_dir.string());
  queue_re1("email,print");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("fell_back"), 1) << r.dump(2);
  auto e = job(key_of(100));
  EXPECT_EQ(e.state, "fell_back");
  EXPECT_NE(e.last_error.find("550"), std::string::npos) << e.last_error;
  const std::string print_key = key_of(100) + "/print";
  auto p = job(print_key);
  EXPECT_EQ(p.channel, "print");
  EXPECT_EQ(p.state, "queued");
  EXPECT_EQ(p.fallback, "");
  EXPECT_TRUE(sink.messages().empty());

  auto r2 = run(T_POST);
  EXPECT_EQ(r2.at("totals").at("sent"), 1) << r2.dump(2);
  EXPECT_EQ(job(print_key).state, "sent");
  auto pdfs = files_in(print_dir, ".pdf");
  auto manifests = files_in(print_dir, ".json");
  ASSERT_EQ(pdfs.size(), 1u);
  ASSERT_EQ(manifests.size(), 1u);
  EXPECT_EQ(slurp(pdfs[0]).rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdfs[0].stem(), manifests[0].stem());
  auto m = json::parse(slurp(manifests[0]));
  ASSERT_EQ(m.at("letters").size(), 1u);
  EXPECT_EQ(m.at("letters")[0].at("delivery_key"), print_key);
  EXPECT_EQ(m.at("letters")[0].at("reference"), "RE-1");
  EXPECT_NE(job(print_key).proof.find(pdfs[0].filename().string()), std::string::npos);
}

TEST_F(delivery_flow, exhausted_attempts_fall_back) {
  const auto print_dir = temp_dir("print");
  set("delivery.smtp_url", "smtp://127.0.0.1:" + std::to_string(unused_port()));
  set("delivery.print_dir", print_dir.string());
  set("delivery.max_attempts", "2");
  queue_re1("email,print");
  EXPECT_EQ(run(T_POST).at("totals").at("retry"), 1);
  EXPECT_EQ(job(key_of(100)).state, "queued");
  auto r = run(T_POST + 60);
  EXPECT_EQ(r.at("totals").at("fell_back"), 1) << r.dump(2);
  auto e = job(key_of(100));
  EXPECT_EQ(e.state, "fell_back");
  EXPECT_EQ(e.attempts, 2);
  EXPECT_NE(e.last_error.find("attempt 2 of 2"), std::string::npos) << e.last_error;
  run_sends(T_POST + 60, key_of(100) + "/print");
  EXPECT_EQ(files_in(print_dir, ".pdf").size(), 1u);
}

// 5 -------------------------------------------------------------------------

class delivery_crash : public delivery_flow {
protected:
  void SetUp() override {
    ARX_NEEDS_CRASH_POINTS();
    delivery_flow::SetUp();
  }
  void five_email_invoices(smtp_sink &sink) {
    set("delivery.smtp_url", sink.url());
    prefer("C1", "email");
    for (int i = 0; i < 5; ++i) {
      invoice(100 + i, 10, "RE-" + std::to_string(i + 1));
      ASSERT_EQ(post("RE-" + std::to_string(i + 1)).at("status"), "queued");
    }
  }
};

TEST_F(delivery_crash, killed_after_a_claim_the_next_run_sends_the_rest_once) {
  smtp_sink sink;
  five_email_invoices(sink);
  ASSERT_EQ(run_crashing("after_claim:3", T_POST), 86);
  EXPECT_EQ(sink.messages().size(), 2u);
  EXPECT_EQ(job(key_of(102)).state, "claimed");
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("sent"), 3) << r.dump(2);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(job(key_of(100 + i)).state, "sent") << i;
  auto got = keys_received(sink.messages());
  EXPECT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(got[key_of(100 + i)], 1) << i;
}

TEST_F(delivery_crash, killed_after_sending_the_mail_is_uncertain_and_not_resent) {
  smtp_sink sink;
  five_email_invoices(sink);
  ASSERT_EQ(run_crashing("after_send:3", T_POST), 86);
  EXPECT_EQ(job(key_of(102)).state, "sending");
  // Within the lease a second run leaves the job alone.
  auto early = run(T_POST + 10);
  EXPECT_EQ(early.at("totals").at("recovered"), 0) << early.dump(2);
  EXPECT_EQ(job(key_of(102)).state, "sending");
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("uncertain"), 1) << r.dump(2);
  EXPECT_EQ(job(key_of(102)).state, "uncertain");
  for (int i : {0, 1, 3, 4}) EXPECT_EQ(job(key_of(100 + i)).state, "sent") << i;
  EXPECT_EQ(run(T_POST + 5000).at("totals").at("claimed"), 0);
  auto got = keys_received(sink.messages());
  EXPECT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(got[key_of(100 + i)], 1) << i;

  // 10: the uncertain job needs a person.
  auto st = service::delivery_status(ctx(), "DE01", "", "", 0);
  EXPECT_EQ(st.at("counts").at("email").at("sent"), 4) << st.dump(2);
  EXPECT_EQ(st.at("counts").at("email").at("uncertain"), 1);
  ASSERT_EQ(st.at("needs_attention").size(), 1u) << st.dump(2);
  EXPECT_EQ(st.at("needs_attention")[0].at("key"), key_of(102));
  EXPECT_EQ(st.at("needs_attention")[0].at("state"), "uncertain");
}

TEST_F(delivery_crash, killed_after_writing_a_print_batch_no_letter_is_printed_twice) {
  const auto print_dir = temp_dir("print");
  set("delivery.print_dir", print_dir.string());
  prefer("C3", "print");
  for (int i = 0; i < 3; ++i) {
    invoice(100 + i, 12, "RE-" + std::to_string(i + 1));
    ASSERT_EQ(post("RE-" + std::to_string(i + 1)).at("status"), "queued");
  }
  ASSERT_EQ(run_crashing("after_batch", T_POST), 86);
  ASSERT_EQ(files_in(print_dir, ".json").size(), 1u) << "the batch was written before the crash";
  EXPECT_EQ(job(key_of(100)).state, "sending") << "a letter goes to 'sending' before its batch is written";
  // One more letter queued meanwhile goes into the next batch.
  invoice(103, 12, "RE-4");
  post("RE-4");
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 3) << r.dump(2);
  std::map<std::string, int> printed;
  for (const auto &mf : files_in(print_dir, ".json")) {
    fs::path pdf = mf;
    pdf.replace_extension(".pdf");
    EXPECT_TRUE(fs::exists(pdf)) << pdf;
    const json m = json::parse(slurp(mf));
    for (const auto &l : m.at("letters")) printed[l.at("delivery_key").get<std::string>()] += 1;
  }
  EXPECT_EQ(printed.size(), 4u) << r.dump(2);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(printed[key_of(100 + i)], 1) << i;
    auto j = job(key_of(100 + i));
    EXPECT_EQ(j.state, "sent") << i;
    EXPECT_NE(j.proof.find(print_dir.string()), std::string::npos) << j.proof;
  }
  EXPECT_EQ(run(T_POST + 5000).at("totals").at("claimed"), 0);
}

// 6 -------------------------------------------------------------------------

TEST_F(delivery_flow, the_same_posting_twice_at_once_makes_one_job) {
  prefer("C1", "email");
  invoice(100, 10, "RE-1");
  ctx_.reset();
  db::context a(settings()), b(settings());
  json ra, rb;
  if (backend() == "postgresql") {
    std::string ea, eb;
    std::thread ta([&] {
      try {
        ra = service::invoice_post(a, "DE01", 0, "RE-1", T_POST);
      } catch (const std::exception &e) {
        ea = e.what();
      }
    });
    std::thread tb([&] {
      try {
        rb = service::invoice_post(b, "DE01", 100, "", T_POST);
      } catch (const std::exception &e) {
        eb = e.what();
      }
    });
    ta.join();
    tb.join();
    ASSERT_EQ(ea, "");
    ASSERT_EQ(eb, "");
  } else {
    ra = service::invoice_post(a, "DE01", 0, "RE-1", T_POST);
    rb = service::invoice_post(b, "DE01", 100, "", T_POST);
  }
  std::multiset<std::string> statuses = {ra.at("status").get<std::string>(), rb.at("status").get<std::string>()};
  EXPECT_EQ(statuses, (std::multiset<std::string>{"already_posted", "queued"})) << ra.dump(2) << rb.dump(2);
  EXPECT_EQ(ra.at("job").at("id"), rb.at("job").at("id"));
  EXPECT_EQ(count("arx_delivery_job"), 1);
  EXPECT_EQ(count("arx_document"), 2) << "the losing posting's documents are rolled back";
  auto ref = payment_reference(100);
  ASSERT_TRUE(ref);
  EXPECT_TRUE(core::is_valid_rf_reference(*ref));
}

// 7 -------------------------------------------------------------------------

TEST_F(delivery_flow, access_point_files_appear_whole_and_once) {
  prefer("C2", "peppol");
  invoice(100, 11, "RE-1");
  auto p = post("RE-1");
  ASSERT_EQ(p.at("status"), "queued") << p.dump(2);
  EXPECT_EQ(p.at("channel"), "peppol");
  EXPECT_EQ(job(key_of(100)).recipient, "0088:4000000000013");

  // Not configured: the job waits, the run says which key is missing.
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("not_configured"), 1) << r.dump(2);
  ASSERT_EQ(r.at("not_configured").size(), 1u);
  EXPECT_EQ(r.at("not_configured")[0].at("key"), key_of(100));
  EXPECT_NE(r.at("not_configured")[0].at("message").get<std::string>().find("delivery.outbound_dir"),
            std::string::npos);
  auto waiting = job(key_of(100));
  EXPECT_EQ(waiting.state, "queued");
  EXPECT_EQ(waiting.attempts, 0);

  const auto out = temp_dir("ap");
  set("delivery.outbound_dir", out.string());
  auto sent = run(T_POST + 1);
  EXPECT_EQ(sent.at("totals").at("sent"), 1) << sent.dump(2);
  EXPECT_EQ(job(key_of(100)).state, "sent");
  const fs::path xml = out / "RE-1.xml", manifest = out / "RE-1.xml.manifest.json";
  ASSERT_TRUE(fs::exists(xml));
  ASSERT_TRUE(fs::exists(manifest));
  std::string stored;
  ctx().sql() << "SELECT sha256 FROM arx_document WHERE invoice_id = 100 AND format = 'ubl'", soci::into(stored);
  const std::string bytes = slurp(xml);
  EXPECT_EQ(core::sha256_hex(bytes), stored);
  EXPECT_NE(bytes.find("4000000000013"), std::string::npos);
  auto m = json::parse(slurp(manifest));
  expect_fields(m, {{"sha256", stored}, {"delivery_key", key_of(100)}, {"receiver", "0088:4000000000013"}});
  for (const auto &f : fs::directory_iterator(out)) EXPECT_NE(f.path().filename().string()[0], '.') << f.path();
  EXPECT_EQ(files_in(out).size(), 2u);

  const auto mtime = fs::last_write_time(xml);
  auto again = run(T_POST + 100000);
  EXPECT_EQ(again.at("totals").at("claimed"), 0) << again.dump(2);
  EXPECT_EQ(again.at("totals").at("sent"), 0);
  EXPECT_EQ(fs::last_write_time(xml), mtime);
  EXPECT_EQ(files_in(out).size(), 2u);
}

// 8 -------------------------------------------------------------------------

TEST_F(delivery_flow, resend_carries_the_original_documents_and_attachments) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  ASSERT_EQ(run(T_POST).at("totals").at("sent"), 1);
  const auto first = delivery::job_documents(ctx(), job(key_of(100)).id, false);

  const std::string proof = "%PDF-1.4\n% proof of delivery\n";
  auto a = service::invoice_attach(ctx(), "DE01", "RE-1", "proof-of-delivery.pdf", "application/pdf", proof);
  EXPECT_EQ(a.at("attachment").at("sha256"), core::sha256_hex(proof));
  auto r = service::invoice_resend(ctx(), "DE01", "RE-1", std::nullopt, std::nullopt, T_POST + 10);
  EXPECT_EQ(r.at("status"), "queued") << r.dump(2);
  EXPECT_EQ(r.at("job").at("generation"), 2);
  const std::string key = r.at("job").at("key");
  auto j = job(key);
  EXPECT_EQ(j.generation, 2);
  EXPECT_EQ(j.purpose, "resend");
  EXPECT_EQ(j.channel, "email");
  auto docs = delivery::job_documents(ctx(), j.id, false);
  ASSERT_EQ(docs.size(), first.size() + 1);
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(docs[i].id, first[i].id);
    EXPECT_EQ(docs[i].sha256, first[i].sha256);
  }
  EXPECT_EQ(docs.back().filename, "proof-of-delivery.pdf");
  EXPECT_EQ(docs.back().role, "attachment");

  EXPECT_EQ(status_of([&] { service::invoice_resend(ctx(), "DE01", "RE-1", std::nullopt, std::nullopt, T_POST + 11); }),
            ARX_E_CONFLICT);
  EXPECT_EQ(count("arx_delivery_job"), 2);

  run_sends(T_POST + 20, key);
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(header_of(mails[1].data, "X-Arx-Delivery-Key"), key);
  EXPECT_NE(header_of(mails[1].data, "Message-ID"), header_of(mails[0].data, "Message-ID"));
  EXPECT_NE(mails[1].data.find("proof-of-delivery.pdf"), std::string::npos);
  EXPECT_NE(mails[1].data.find("RE-1.pdf"), std::string::npos);
  EXPECT_EQ(mails[0].data.find("proof-of-delivery.pdf"), std::string::npos);

  // Once the first resend is out, another one may follow.
  auto third = service::invoice_resend(ctx(), "DE01", "RE-1", std::nullopt, std::nullopt, T_POST + 30);
  EXPECT_EQ(third.at("job").at("generation"), 3);
}

// 9 -------------------------------------------------------------------------

TEST_F(delivery_flow, statement_of_account_is_rendered_and_sent_once) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  invoice(100, 10, "RE-1");
  invoice(101, 10, "RE-2");
  ctx().sql() << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                 "original_amount, open_amount) VALUES (1, 1, 10, 100, '2026-10-31', 'EUR', 119.00, 119.00)";
  ctx().sql() << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                 "original_amount, open_amount) VALUES (2, 1, 10, 101, '2026-12-31', 'EUR', 119.00, 19.00)";
  const arx_date as_of{2026, 11, 15};
  const std::string pdf = service::statement_render(ctx(), "DE01", "C1", as_of, "");
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.size(), 1000u);

  auto s = service::statement_send(ctx(), "DE01", "C1", as_of, "", T_POST);
  EXPECT_EQ(s.at("status"), "queued") << s.dump(2);
  EXPECT_EQ(s.at("items"), 2);
  EXPECT_EQ(s.at("currency"), "EUR");
  const std::string key = s.at("job").at("key");
  EXPECT_EQ(s.at("job").at("channel"), "email");
  EXPECT_EQ(s.at("job").at("recipient"), "ap@kunde.example");
  auto again = service::statement_send(ctx(), "DE01", "C1", as_of, "", T_POST + 5);
  EXPECT_EQ(again.at("status"), "already_queued");
  EXPECT_EQ(again.at("job").at("key"), key);
  EXPECT_EQ(count("arx_delivery_job"), 1);

  run_sends(T_POST + 5, key);
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(header_of(mails[0].data, "X-Arx-Delivery-Key"), key);
  EXPECT_NE(mails[0].data.find("Content-Type: application/pdf"), std::string::npos);
  EXPECT_NE(mails[0].data.find("statement-C1-"), std::string::npos);
  EXPECT_EQ(service::statement_send(ctx(), "DE01", "C1", as_of, "", T_POST + 10).at("status"), "already_queued");
}

// 10 ------------------------------------------------------------------------

TEST_F(delivery_flow, status_counts_jobs_and_lists_those_needing_attention) {
  smtp_sink sink({.reject_rcpt = "^ap@kunde\\.example$"});
  set("delivery.smtp_url", sink.url());
  prefer("C1", "email");
  prefer("C2", "email");
  invoice(100, 10, "RE-1");
  invoice(101, 11, "RE-2");
  invoice(102, 11, "RE-3");
  post("RE-1");
  post("RE-2");
  post("RE-3", T_POST + 3600);
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("failed"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("sent"), 1);
  auto st = service::delivery_status(ctx(), "DE01", "", "", 0);
  EXPECT_EQ(st.at("counts").at("email").at("failed"), 1) << st.dump(2);
  EXPECT_EQ(st.at("counts").at("email").at("sent"), 1);
  EXPECT_EQ(st.at("counts").at("email").at("queued"), 1);
  ASSERT_EQ(st.at("needs_attention").size(), 1u);
  const auto &f = st.at("needs_attention")[0];
  expect_fields(f, {{"key", key_of(100)}, {"state", "failed"}, {"reference", "RE-1"}});
  EXPECT_NE(f.at("last_error").get<std::string>().find("550"), std::string::npos) << f.dump(2);
  EXPECT_EQ(st.at("jobs").size(), 3u);
  // Filtered by reference: that job with its history.
  auto one = service::delivery_status(ctx(), "DE01", "", "RE-2", 0);
  ASSERT_EQ(one.at("jobs").size(), 1u);
  std::vector<std::string> events;
  for (const auto &e : one.at("jobs")[0].at("events")) events.push_back(e.at("event"));
  EXPECT_EQ(events, (std::vector<std::string>{"queued", "claimed", "sending", "sent"}));
}

// 11 ------------------------------------------------------------------------
// Exactly once when runs overlap: a run that stalls past its lease loses its
// jobs to the run that recovers them, and does not transfer them any more.

class delivery_overlap : public delivery_flow {
protected:
  // Run A (its own connection, in a thread) stops at its first `point` for a
  // job; meanwhile run B (this test's connection) runs at `b_now`; then A goes
  // on. Returns A's result; B's is in `b`.
  json overlap(const char *point, int64_t b_now, json &b) {
    std::promise<void> reached, go;
    auto reached_f = reached.get_future();
    auto go_f = go.get_future().share();
    bool paused = false;
    json a;
    std::string a_error;
    auto settings_a = settings();
    std::thread ta([&] {
      try {
        db::context c(settings_a);
        delivery::run_options o;
        o.company = "DE01";
        o.now = T_POST;
        o.lease_seconds = 900;
        o.test_pause = [&](std::string_view p, int64_t) {
          if (paused || p != point) return;
          paused = true;
          reached.set_value();
          go_f.wait();
        };
        a = delivery::run(c, o);
      } catch (const std::exception &e) {
        a_error = e.what();
      }
      if (!paused) reached.set_value();
    });
    if (reached_f.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
      go.set_value();
      ta.join();
      throw std::runtime_error("run A never reached its pause");
    }
    try {
      b = run(b_now);
    } catch (...) {
      go.set_value();
      ta.join();
      throw;
    }
    go.set_value();
    ta.join();
    EXPECT_TRUE(paused) << "run A did not pass '" << point << "'";
    EXPECT_EQ(a_error, "");
    return a;
  }

  std::vector<std::string> events_of(const std::string &key) {
    std::vector<std::string> out;
    long long id = job(key).id;
    soci::rowset<std::string> rows =
        (ctx().sql().prepare << "SELECT event FROM arx_delivery_event WHERE job_id = :j ORDER BY id", soci::use(id));
    for (const auto &e : rows) out.push_back(e);
    return out;
  }
};

TEST_F(delivery_overlap, an_email_claimed_by_a_stalled_run_is_sent_once) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  json b;
  // A claims the job and stalls past its 15-minute lease; B recovers and sends it.
  json a = overlap("claimed", T_POST + 1000, b);
  EXPECT_EQ(b.at("totals").at("recovered"), 1) << b.dump(2);
  EXPECT_EQ(b.at("totals").at("sent"), 1) << b.dump(2);
  EXPECT_EQ(a.at("totals").value("lost", 0), 1) << a.dump(2);
  EXPECT_EQ(a.at("totals").at("sent"), 0) << a.dump(2);
  ASSERT_EQ(a.at("jobs").size(), 1u) << a.dump(2);
  EXPECT_EQ(a.at("jobs")[0].at("state"), "lost");
  EXPECT_NE(a.at("jobs")[0].at("detail").get<std::string>().find("did not transfer"), std::string::npos) << a.dump(2);
  auto got = keys_received(sink.messages());
  EXPECT_EQ(got.size(), 1u);
  EXPECT_EQ(got[key_of(100)], 1) << "the stalled run sent it again";
  auto j = job(key_of(100));
  EXPECT_EQ(j.state, "sent");
  EXPECT_EQ(j.attempts, 2);
  EXPECT_EQ(events_of(key_of(100)), (std::vector<std::string>{"queued", "claimed", "recovered", "claimed", "sending",
                                                               "sent"}));
}

TEST_F(delivery_overlap, a_letter_claimed_by_a_stalled_run_is_in_one_batch) {
  const auto print_dir = temp_dir("print");
  set("delivery.print_dir", print_dir.string());
  prefer("C3", "print");
  invoice(100, 12, "RE-1");
  ASSERT_EQ(post("RE-1").at("status"), "queued");
  json b;
  json a = overlap("claimed", T_POST + 1000, b);
  EXPECT_EQ(b.at("totals").at("sent"), 1) << b.dump(2);
  EXPECT_EQ(a.at("totals").value("lost", 0), 1) << a.dump(2);
  std::map<std::string, int> printed;
  for (const auto &mf : files_in(print_dir, ".json")) {
    const json m = json::parse(slurp(mf));
    for (const auto &l : m.at("letters")) printed[l.at("delivery_key").get<std::string>()] += 1;
  }
  EXPECT_EQ(printed[key_of(100)], 1) << "the letter is in " << printed[key_of(100)] << " batches" << b.dump(2)
                                     << a.dump(2);
  EXPECT_EQ(files_in(print_dir, ".pdf").size(), 1u);
  EXPECT_EQ(job(key_of(100)).state, "sent");
}

TEST_F(delivery_overlap, portal_files_of_a_stalled_run_are_written_once) {
  const auto portal = temp_dir("portal");
  set("delivery.portal_dir", portal.string());
  queue_re1("portal");
  json b;
  json a = overlap("claimed", T_POST + 1000, b);
  EXPECT_EQ(b.at("totals").at("sent"), 1) << b.dump(2);
  EXPECT_EQ(a.at("totals").value("lost", 0), 1) << a.dump(2);
  // Only B wrote: one "sending" event, and A left no trace in the job.
  auto ev = events_of(key_of(100));
  EXPECT_EQ(std::count(ev.begin(), ev.end(), "sending"), 1);
  EXPECT_EQ(files_in(portal).size(), 2u);
  EXPECT_EQ(job(key_of(100)).state, "sent");
}

TEST_F(delivery_overlap, an_email_still_sending_is_not_sent_again_and_its_run_records_the_answer) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  json b;
  // A marked the job 'sending' and stalls (a slow server) past its lease: B
  // must not send it, only mark it uncertain; A's answer then settles it.
  json a = overlap("sending", T_POST + 1000, b);
  EXPECT_EQ(b.at("totals").at("uncertain"), 1) << b.dump(2);
  EXPECT_EQ(b.at("totals").at("sent"), 0) << b.dump(2);
  EXPECT_EQ(a.at("totals").at("sent"), 1) << a.dump(2);
  EXPECT_EQ(keys_received(sink.messages())[key_of(100)], 1);
  EXPECT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(job(key_of(100)).state, "sent");
  EXPECT_EQ(run(T_POST + 100000).at("totals").at("claimed"), 0);
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(delivery_overlap, two_runs_at_once_deliver_every_job_once) {
  smtp_sink sink;
  const auto print_dir = temp_dir("print"), portal = temp_dir("portal");
  set("delivery.smtp_url", sink.url());
  set("delivery.print_dir", print_dir.string());
  set("delivery.portal_dir", portal.string());
  prefer("C1", "email");
  prefer("C2", "portal");
  prefer("C3", "print");
  std::vector<std::string> keys;
  for (int i = 0; i < 18; ++i) {
    const int64_t customer = i % 3 == 0 ? 11 : i % 3 == 1 ? 12 : 10;
    const int64_t id = 100 + i;
    invoice(id, customer, "RE-" + std::to_string(i + 1));
    ASSERT_EQ(post("RE-" + std::to_string(i + 1)).at("status"), "queued");
    keys.push_back(key_of(id));
  }
  ctx_.reset();
  // Both runs start together, each on its own connection.
  std::vector<json> results(2);
  std::vector<std::string> errors(2);
  std::atomic<int> ready{0};
  auto s = settings();
  std::vector<std::thread> runs;
  for (int r = 0; r < 2; ++r)
    runs.emplace_back([&, r] {
      try {
        db::context c(s);
        ++ready;
        while (ready < 2) std::this_thread::yield();
        delivery::run_options o;
        o.company = "DE01";
        o.now = T_POST;
        results[r] = delivery::run(c, o);
      } catch (const std::exception &e) {
        errors[r] = e.what();
      }
    });
  for (auto &t : runs) t.join();
  ASSERT_EQ(errors[0], "");
  ASSERT_EQ(errors[1], "");
  int64_t claimed = 0, sent = 0, lost = 0;
  for (const auto &r : results) {
    claimed += r.at("totals").at("claimed").get<int64_t>();
    sent += r.at("totals").at("sent").get<int64_t>();
    lost += r.at("totals").value("lost", int64_t{0});
  }
  EXPECT_EQ(claimed, 18) << results[0].dump(2) << results[1].dump(2);
  EXPECT_EQ(sent, 18);
  EXPECT_EQ(lost, 0);
  for (const auto &k : keys) EXPECT_EQ(job(k).state, "sent") << k;
  // At the receiving ends: six e-mails, six letters, six portal folders' files, each once.
  auto got = keys_received(sink.messages());
  EXPECT_EQ(sink.messages().size(), 6u);
  for (const auto &[k, n] : got) EXPECT_EQ(n, 1) << k;
  std::map<std::string, int> printed;
  for (const auto &mf : files_in(print_dir, ".json")) {
    const json m = json::parse(slurp(mf));
    for (const auto &l : m.at("letters")) printed[l.at("delivery_key").get<std::string>()] += 1;
  }
  EXPECT_EQ(printed.size(), 6u);
  for (const auto &[k, n] : printed) EXPECT_EQ(n, 1) << k;
  EXPECT_EQ(files_in(portal).size(), 12u);  // PDF and XML of six invoices
}

// 12 ------------------------------------------------------------------------
// File channels go through 'sending', so a run killed after writing is found
// complete by the next one: recorded as sent, nothing written twice.

TEST_F(delivery_crash, killed_after_writing_files_they_are_found_in_place_not_rewritten) {
  const auto out = temp_dir("ap"), portal = temp_dir("portal");
  set("delivery.outbound_dir", out.string());
  set("delivery.portal_dir", portal.string());
  prefer("C2", "peppol");
  prefer("C1", "portal");
  invoice(100, 11, "RE-1");
  invoice(101, 10, "RE-2");
  ASSERT_EQ(post("RE-1").at("channel"), "peppol");
  ASSERT_EQ(post("RE-2").at("channel"), "portal");
  // Two runs, each killed right after writing a job's files.
  ASSERT_EQ(run_crashing("after_send", T_POST), 86);
  ASSERT_EQ(run_crashing("after_send", T_POST + 1), 86);
  EXPECT_EQ(job(key_of(100)).state, "sending");
  EXPECT_EQ(job(key_of(101)).state, "sending");
  std::map<fs::path, fs::file_time_type> written;
  const auto files = files_in(out), portal_files = files_in(portal);
  ASSERT_EQ(files.size(), 2u);
  ASSERT_EQ(portal_files.size(), 2u);
  for (const auto &f : files) written[f] = fs::last_write_time(f);
  for (const auto &f : portal_files) written[f] = fs::last_write_time(f);
  // The next run, past the leases, finds both complete.
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 2) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("sent"), 2) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 0) << "nothing is delivered again: " << r.dump(2);
  for (int64_t id : {100, 101}) {
    auto j = job(key_of(id));
    EXPECT_EQ(j.state, "sent");
    EXPECT_NE(j.proof.find("found delivered"), std::string::npos) << j.proof;
  }
  for (const auto &[f, t] : written) EXPECT_EQ(fs::last_write_time(f), t) << f << " was written again";
  EXPECT_EQ(files_in(out).size() + files_in(portal).size(), 4u);
}

// 12b -----------------------------------------------------------------------
// Receivers that take the files away (an access point, a print room, a portal
// user): a run stopped after its files are in place but before it recorded
// them leaves nothing in the folder to find. The rename is the commit point:
// the next run records the job as sent and writes nothing again.

class delivery_pickup : public delivery_flow {
protected:
  struct stopped {};

  // Runs delivery at T_POST on its own connection and stops it, as a kill
  // would, where it reaches `point` (the job stays as that run left it).
  void run_stopped_at(const char *point) {
    db::context c(settings());
    delivery::run_options o;
    o.company = "DE01";
    o.now = T_POST;
    bool reached = false;
    o.test_pause = [&](std::string_view p, int64_t) {
      if (p != point) return;
      reached = true;
      throw stopped{};
    };
    try {
      delivery::run(c, o);
    } catch (const stopped &) {
    }
    ASSERT_TRUE(reached) << "the run did not reach '" << point << "'";
  }

  // The files a receiver sees (hidden files are arx's own, not the receiver's).
  static std::vector<fs::path> visible(const fs::path &dir) {
    std::vector<fs::path> out;
    for (const auto &f : files_in(dir))
      if (f.filename().string()[0] != '.') out.push_back(f);
    return out;
  }
  // The receiver takes every visible file away; returns how many.
  size_t take_away(const fs::path &dir, const fs::path &to) {
    fs::create_directories(to);
    size_t n = 0;
    for (const auto &f : visible(dir)) {
      fs::rename(f, to / (std::to_string(++taken_) + "-" + f.filename().string()));
      ++n;
    }
    return n;
  }
  size_t taken_ = 0;
};

TEST_F(delivery_pickup, access_point_took_the_files_before_the_run_recorded_them) {
  const auto out = temp_dir("ap"), picked = temp_dir("ap-picked");
  set("delivery.outbound_dir", out.string());
  prefer("C2", "peppol");
  invoice(100, 11, "RE-1");
  ASSERT_EQ(post("RE-1").at("channel"), "peppol");
  run_stopped_at("transferred");
  EXPECT_EQ(job(key_of(100)).state, "sending");
  ASSERT_EQ(take_away(out, picked), 2u) << "the e-invoice and its manifest were in place";
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("sent"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 0) << "delivered again: " << r.dump(2);
  auto j = job(key_of(100));
  EXPECT_EQ(j.state, "sent");
  EXPECT_NE(j.proof.find("found delivered"), std::string::npos) << j.proof;
  EXPECT_EQ(visible(out).size(), 0u) << "the e-invoice was written again";
  EXPECT_EQ(files_in(out).size(), 0u) << "arx left files behind";
  EXPECT_EQ(run(T_POST + 100000).at("totals").at("claimed"), 0);
  EXPECT_EQ(visible(out).size(), 0u);
}

TEST_F(delivery_pickup, portal_files_taken_before_the_run_recorded_them_are_not_written_again) {
  const auto portal = temp_dir("portal"), picked = temp_dir("portal-picked");
  set("delivery.portal_dir", portal.string());
  queue_re1("portal");
  run_stopped_at("transferred");
  EXPECT_EQ(job(key_of(100)).state, "sending");
  ASSERT_EQ(take_away(portal, picked), 2u) << "the PDF and the XML were in the customer's folder";
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 0) << "delivered again: " << r.dump(2);
  EXPECT_EQ(job(key_of(100)).state, "sent");
  EXPECT_EQ(visible(portal).size(), 0u) << "the portal files were written again";
  EXPECT_EQ(files_in(portal).size(), 0u) << "arx left files behind";
}

TEST_F(delivery_pickup, a_print_batch_taken_before_the_run_recorded_it_is_not_printed_again) {
  const auto print_dir = temp_dir("print"), picked = temp_dir("print-picked");
  set("delivery.print_dir", print_dir.string());
  prefer("C3", "print");
  for (int i = 0; i < 3; ++i) {
    invoice(100 + i, 12, "RE-" + std::to_string(i + 1));
    ASSERT_EQ(post("RE-" + std::to_string(i + 1)).at("status"), "queued");
  }
  run_stopped_at("transferred");
  ASSERT_EQ(take_away(print_dir, picked), 2u) << "the batch PDF and its manifest were in place";
  auto r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 3) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 0) << "printed again: " << r.dump(2);
  for (int i = 0; i < 3; ++i) {
    auto j = job(key_of(100 + i));
    EXPECT_EQ(j.state, "sent") << i;
    EXPECT_NE(j.proof.find("found delivered"), std::string::npos) << j.proof;
  }
  EXPECT_EQ(visible(print_dir).size(), 0u) << "a second batch was written";
  EXPECT_EQ(files_in(print_dir).size(), 0u) << "arx left files behind";
}

// Stopped after marking the transfer, before the files were in place: the
// next run puts them in place (once) and records the job.
TEST_F(delivery_pickup, a_transfer_stopped_before_its_files_were_in_place_is_completed_once) {
  const auto out = temp_dir("ap"), print_dir = temp_dir("print");
  set("delivery.outbound_dir", out.string());
  set("delivery.print_dir", print_dir.string());
  prefer("C2", "peppol");
  prefer("C3", "print");
  invoice(100, 11, "RE-1");
  invoice(101, 12, "RE-2");
  ASSERT_EQ(post("RE-1").at("channel"), "peppol");
  ASSERT_EQ(post("RE-2").at("channel"), "print");
  run_stopped_at("sending");  // the e-invoice's transfer
  EXPECT_EQ(job(key_of(100)).state, "sending");
  EXPECT_EQ(visible(out).size(), 0u);
  auto r = run(T_POST + 1000);  // recovers the e-invoice; prints the letter, stopped nowhere
  EXPECT_EQ(r.at("totals").at("recovered"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 1) << "only the letter is claimed: " << r.dump(2);
  EXPECT_EQ(job(key_of(100)).state, "sent");
  EXPECT_EQ(visible(out).size(), 2u);
  EXPECT_EQ(files_in(out).size(), 2u);
  EXPECT_EQ(json::parse(slurp(out / "RE-1.xml.manifest.json")).at("delivery_key"), key_of(100));

  invoice(102, 12, "RE-3");
  ASSERT_EQ(post("RE-3").at("channel"), "print");
  run_stopped_at("sending");  // the print batch
  EXPECT_EQ(job(key_of(102)).state, "sending");
  EXPECT_EQ(files_in(print_dir, ".pdf").size(), 1u) << "only the first batch";
  r = run(T_POST + 1000);
  EXPECT_EQ(r.at("totals").at("recovered"), 1) << r.dump(2);
  EXPECT_EQ(r.at("totals").at("claimed"), 0) << r.dump(2);
  EXPECT_EQ(job(key_of(102)).state, "sent");
  std::map<std::string, int> printed;
  for (const auto &mf : files_in(print_dir, ".json")) {
    const json m = json::parse(slurp(mf));
    for (const auto &l : m.at("letters")) printed[l.at("delivery_key").get<std::string>()] += 1;
  }
  EXPECT_EQ(printed.size(), 2u);
  for (const auto &[k, n] : printed) EXPECT_EQ(n, 1) << k;
  EXPECT_EQ(files_in(print_dir).size(), 4u) << "two batches, no hidden file left";
}

// 13 ------------------------------------------------------------------------
// A line break in ERP data never becomes a header of the e-mail.

TEST_F(delivery_flow, a_line_break_in_erp_data_adds_no_header) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  const std::string seller = "Muster GmbH\nFrom: evil@example.com";
  ctx().sql() << "UPDATE erp_company SET name = :n WHERE id = 1", soci::use(seller);
  prefer("C1", "email");
  const std::string number = "RE-9\nFrom: evil@example.com";
  invoice(100, 10, number);
  ASSERT_EQ(post(number).at("status"), "queued");
  run_sends(T_POST, key_of(100));
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 1u);
  const std::string &m = mails[0].data;
  const std::string head = "\r\n" + m.substr(0, m.find("\r\n\r\n")) + "\r\n";
  size_t froms = 0;
  for (size_t at = head.find("\r\nFrom: "); at != std::string::npos; at = head.find("\r\nFrom: ", at + 1)) ++froms;
  EXPECT_EQ(froms, 1u) << head;
  EXPECT_EQ(header_of(m, "From"), "ar@muster.example") << head;
  EXPECT_EQ(mails[0].mail_from, "ar@muster.example");
  EXPECT_NE(head.find("evil@example.com"), std::string::npos) << "the text stays, inside the subject: " << head;
}

TEST_F(delivery_flow, messages_stored_by_an_older_version_are_read_as_they_were_meant) {
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  // Two jobs queued before the upgrade, in the old text form: a plain one, and
  // one whose subject held a line break followed by a "From:".
  const delivery::owner o{1, std::nullopt, "C1", "old"};
  const std::vector<std::pair<std::string, std::string>> old = {
      {"DE01/old/1", "From: AR <ar@muster.example>\nSubject: Rechnung RE-7\n\nGuten Tag,\nanbei.\n"},
      {"DE01/old/2", "From: ar@muster.example\nSubject: Rechnung RE-8\nFrom: evil@example.com\n\nText\n"}};
  for (const auto &[key, text] : old) {
    auto d = delivery::document_for(o, "message", "text", "message.txt", "text/plain; charset=UTF-8", text);
    const int64_t doc = delivery::put_document(ctx(), d).id;
    delivery::enqueue(ctx(), delivery::job_for(o, "statement", key, 1, "email", "", "ap@kunde.example", T_POST), {doc},
                      T_POST, "queued before the upgrade");
  }
  EXPECT_EQ(run(T_POST).at("totals").at("sent"), 2);
  auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 2u);
  std::map<std::string, received_mail> by_key;
  for (const auto &m : mails) by_key[header_of(m.data, "X-Arx-Delivery-Key")] = m;
  EXPECT_EQ(header_of(by_key["DE01/old/1"].data, "From"), "AR <ar@muster.example>");
  EXPECT_EQ(header_of(by_key["DE01/old/1"].data, "Subject"), "Rechnung RE-7");
  EXPECT_NE(by_key["DE01/old/1"].data.find("Guten Tag,\r\nanbei."), std::string::npos) << by_key["DE01/old/1"].data;
  EXPECT_EQ(by_key["DE01/old/2"].mail_from, "ar@muster.example");
  EXPECT_EQ(header_of(by_key["DE01/old/2"].data, "From"), "ar@muster.example");
  EXPECT_EQ(header_of(by_key["DE01/old/2"].data, "Subject"), "Rechnung RE-8 From: evil@example.com");
}

// 14 ------------------------------------------------------------------------

TEST_F(delivery_flow, portal_folders_stay_inside_the_portal) {
  const auto root = temp_dir("portal-root");
  const fs::path portal = root / "portal";
  set("delivery.portal_dir", portal.string());
  const std::vector<std::pair<std::string, std::string>> numbers = {
      {"../x", "%2E.%2Fx"}, {"a/b", "a%2Fb"}, {"..", "%2E."}, {"C 7", "C%207"}, {"a%2Fb", "a%252Fb"}};
  int64_t id = 20;
  for (const auto &[number, folder] : numbers) {
    seed::customer(ctx().sql(), id, number, "Kunde " + number);
    prefer(number, "portal");
    const std::string inv = "RE-" + std::to_string(id);
    invoice(id * 10, id, inv);
    ASSERT_EQ(post(inv).at("channel"), "portal") << number;
    ++id;
  }
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("sent"), static_cast<int64_t>(numbers.size())) << r.dump(2);
  std::set<std::string> folders;
  for (const auto &e : fs::directory_iterator(portal)) folders.insert(e.path().filename().string());
  std::set<std::string> expected;
  for (const auto &[number, folder] : numbers) expected.insert(folder);
  EXPECT_EQ(folders, expected);
  for (const auto &e : fs::recursive_directory_iterator(root))
    EXPECT_EQ(e.path().string().rfind(portal.string(), 0), 0u) << e.path() << " is outside the portal folder";
}

// 15 ------------------------------------------------------------------------

TEST_F(delivery_flow, smtp_secrets_stay_out_of_messages_and_logins_are_never_sent_in_clear) {
  // A URL with a password is refused without repeating the password.
  for (const std::string url : {"smtp://mailer:s3cret-pw@mail.example:587", "smtp://mailer:s3cret pw@mail.example"}) {
    std::string msg;
    EXPECT_EQ(status_of([&] { set("delivery.smtp_url", url); }, &msg), ARX_E_CONFIG) << url;
    EXPECT_EQ(msg.find("s3cret"), std::string::npos) << msg;
    EXPECT_NE(msg.find("delivery.smtp_url"), std::string::npos) << msg;
  }
  // STARTTLS is required unless an admin says otherwise (the fixture turned it
  // off for the loopback sink; without that, the default applies).
  config::set(ctx(), "DE01", "delivery.smtp_starttls", std::nullopt, "test");
  EXPECT_EQ(config::get(ctx(), "DE01", "delivery.smtp_starttls").value, "true");

  // A login over smtp:// without STARTTLS: the job waits, the run names the keys.
  smtp_sink sink;
  set("delivery.smtp_url", sink.url());
  set("delivery.smtp_starttls", "false");
  set("delivery.smtp_user", "mailer");
  queue_re1("email");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("not_configured"), 1) << r.dump(2);
  ASSERT_EQ(r.at("not_configured").size(), 1u);
  const std::string why = r.at("not_configured")[0].at("message");
  EXPECT_NE(why.find("delivery.smtp_user"), std::string::npos) << why;
  EXPECT_NE(why.find("delivery.smtp_starttls"), std::string::npos) << why;
  auto j = job(key_of(100));
  EXPECT_EQ(j.state, "queued");
  EXPECT_EQ(j.attempts, 0);
  EXPECT_TRUE(sink.messages().empty());

  // Without the login the same server is used; the 'sending' event names the
  // server, never a URL's user information (a value stored before it was refused).
  set("delivery.smtp_user", "");
  const std::string with_userinfo = "smtp://mailer:s3cret-pw@127.0.0.1:" + std::to_string(sink.port());
  ctx().sql() << "UPDATE arx_config SET value = :v WHERE config_key = 'delivery.smtp_url'", soci::use(with_userinfo);
  set("delivery.smtp_starttls", "true");
  run(T_POST + 1);
  auto st = service::delivery_status(ctx(), "DE01", "", "RE-1", 0);
  const std::string all = st.dump();
  EXPECT_EQ(all.find("s3cret"), std::string::npos) << st.dump(2);
  EXPECT_NE(all.find("sending"), std::string::npos) << st.dump(2);
}

// 16 ------------------------------------------------------------------------
// An SMTP server that dies or refuses: a clear error, the right state, and
// the next run completes the work with nothing received twice.

TEST_F(delivery_flow, smtp_server_dropping_before_the_end_of_the_message_is_retried) {
  smtp_sink sink({.drop_in_data = 1});
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  // A message larger than the connection buffers (a 5 MiB scan of a delivery
  // note): arx is still sending it when the server dies, so it knows the end
  // of the message never left.
  std::string scan(5 << 20, '\0');
  for (size_t i = 0; i < scan.size(); ++i) scan[i] = static_cast<char>((i * 2654435761u) >> 13);
  const int64_t first = job(key_of(100)).id;  // out of the way: only the large message goes
  ctx().sql() << "UPDATE arx_delivery_job SET state = 'sent' WHERE id = :id", soci::use(first);
  service::invoice_attach(ctx(), "DE01", "RE-1", "delivery-note.pdf", "application/pdf", scan);
  const std::string key = service::invoice_resend(ctx(), "DE01", "RE-1", std::nullopt, std::nullopt, T_POST)
                              .at("job").at("key");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("retry"), 1) << r.dump(2);
  auto j = job(key);
  EXPECT_EQ(j.state, "queued");
  EXPECT_NE(j.last_error.find("127.0.0.1:" + std::to_string(sink.port())), std::string::npos) << j.last_error;
  EXPECT_NE(j.last_error.find("Send failure"), std::string::npos) << j.last_error;
  EXPECT_TRUE(sink.messages().empty());
  run_sends(j.next_attempt_at, key);
  ASSERT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(header_of(sink.messages()[0].data, "X-Arx-Delivery-Key"), key);
}

TEST_F(delivery_flow, smtp_server_dropping_after_the_end_of_the_message_leaves_it_uncertain) {
  smtp_sink sink({.drop_after_data = 1});
  set("delivery.smtp_url", sink.url());
  queue_re1("email");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("uncertain"), 1) << r.dump(2);
  auto j = job(key_of(100));
  EXPECT_EQ(j.state, "uncertain");
  EXPECT_NE(j.last_error.find("may have accepted"), std::string::npos) << j.last_error;
  EXPECT_EQ(sink.messages().size(), 1u) << "the server did store it";
  // Never sent again by arx on its own.
  EXPECT_EQ(run(T_POST + 100000).at("totals").at("claimed"), 0);
  EXPECT_EQ(sink.messages().size(), 1u);
  auto st = service::delivery_status(ctx(), "DE01", "", "", 0);
  ASSERT_EQ(st.at("needs_attention").size(), 1u) << st.dump(2);
  EXPECT_EQ(st.at("needs_attention")[0].at("state"), "uncertain");
}

TEST_F(delivery_flow, smtp_refusals_retry_on_4xx_and_fall_back_on_5xx) {
  const auto print_dir = temp_dir("print");
  set("delivery.print_dir", print_dir.string());
  {
    smtp_sink sink({.tempfail_first = 1, .tempfail_code = 421});
    set("delivery.smtp_url", sink.url());
    queue_re1("email,print");
    auto r = run(T_POST);
    EXPECT_EQ(r.at("totals").at("retry"), 1) << r.dump(2);
    EXPECT_NE(job(key_of(100)).last_error.find("421"), std::string::npos) << job(key_of(100)).last_error;
    run_sends(job(key_of(100)).next_attempt_at, key_of(100));
    EXPECT_EQ(sink.messages().size(), 1u);
  }
  smtp_sink sink({.permfail_first = 1});
  set("delivery.smtp_url", sink.url());
  prefer("C1", "email,print");
  invoice(101, 10, "RE-2");
  post("RE-2");
  auto r = run(T_POST);
  EXPECT_EQ(r.at("totals").at("fell_back"), 1) << r.dump(2);
  auto e = job(key_of(101));
  EXPECT_EQ(e.state, "fell_back");
  EXPECT_NE(e.last_error.find("554"), std::string::npos) << e.last_error;
  EXPECT_TRUE(sink.messages().empty());
  run_sends(T_POST, key_of(101) + "/print");
  EXPECT_EQ(files_in(print_dir, ".pdf").size(), 1u);
  EXPECT_TRUE(sink.messages().empty());
}

}  // namespace arx::test
