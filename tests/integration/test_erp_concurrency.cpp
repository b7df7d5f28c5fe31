// Two companies' cash application and dunning at the same time on
// PostgreSQL, each capability started by two hosts per company (threads, each
// with its own connection): no run fails, nothing is booked twice, and the
// ERP holds exactly what the runs report. The ERP's ids come from its own
// sequences, so one company's bookings never take another's ids.
#include <cctype>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "cashapp/run.hpp"
#include "core/money.hpp"
#include "dunning/run.hpp"
#include "fixture.hpp"
#include "seed.hpp"

namespace arx::test {
namespace {

using nlohmann::json;
constexpr int statements = 8, lines_per_statement = 5, cash_customers = 10, dunned_customers = 6;

// An IBAN with its check digits (ISO 13616: mod 97 over the rearranged text).
std::string iban(const std::string &country, const std::string &bban) {
  const std::string moved = bban + country + "00";
  int rest = 0;
  for (char c : moved) {
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
    rest = (v >= 10 ? rest * 100 : rest * 10) + v;
    rest %= 97;
  }
  const int check = 98 - rest;
  return country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

struct company_data {
  int64_t id;
  std::string code, account;
  int64_t base;  // customer ids base, invoice ids base * 10
};

class erp_concurrency : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    if (backend() != "postgresql") GTEST_SKIP() << "concurrent writers: PostgreSQL (SQLite serialises writers itself)";
    install();
    companies = {{1, "DE01", iban("DE", "120300000000202051"), 100}, {2, "DE02", iban("DE", "370400440532013000"), 200}};
    for (const auto &c : companies) fill(c);
  }

  void fill(const company_data &c) {
    auto &s = ctx().sql();
    const std::string name = "Firma " + c.code;
    s << "INSERT INTO erp_company (id, code, name, currency, country, vat_id, iban, bic, street, city, postcode, email) "
         "VALUES (:id, :code, :name, 'EUR', 'DE', 'DE123456789', :iban, 'BYLADEM1001', 'Hauptstr. 1', 'Berlin', "
         "'10115', 'ar@muster.example')",
        soci::use(c.id), soci::use(c.code), soci::use(name), soci::use(c.account);
    // Cash customers: four invoices each, not yet due, paid by the statements.
    for (int k = 0; k < cash_customers; ++k) {
      const int64_t cust = c.base + k;
      customer(c, cust, "K" + std::to_string(k), "Kunde " + c.code + " " + std::to_string(k));
      const std::string acct = iban("DE", "50010517" + std::to_string(7000000000 + cust * 10 + c.id));
      s << "INSERT INTO erp_customer_bank_account (id, customer_id, iban) VALUES (:id, :c, :i)", soci::use(cust),
          soci::use(cust), soci::use(acct);
      accounts[cust] = acct;
      for (int j = 0; j < 4; ++j) invoice(c, cust, c.base * 10 + k * 4 + j, "2027-01-31");
    }
    // Dunned customers: one overdue invoice each, reminded once before.
    for (int k = 0; k < dunned_customers; ++k) {
      const int64_t cust = c.base + 50 + k;
      customer(c, cust, "D" + std::to_string(k), "Schuldner " + c.code + " " + std::to_string(k));
      invoice(c, cust, c.base * 10 + 500 + k, "2026-11-01");
    }
  }

  void customer(const company_data &c, int64_t id, const std::string &number, const std::string &name) {
    ctx().sql() << "INSERT INTO erp_customer (id, company_id, number, name, country, language, email, street, city, "
                   "postcode) VALUES (:id, :co, :n, :name, 'DE', 'de', 'x@example.com', 'Weg 2', 'Hamburg', '20095')",
        soci::use(id), soci::use(c.id), soci::use(number), soci::use(name);
  }
  static std::string number_of(const company_data &c, int64_t invoice) { return c.code + "-RE-" + std::to_string(invoice); }
  static std::string amount_of(int64_t invoice) { return std::to_string(100 + invoice % 97) + ".00"; }
  void invoice(const company_data &c, int64_t customer, int64_t id, const std::string &due) {
    seed::invoice_with_line(ctx().sql(), {.id = id, .company = c.id, .customer = customer, .number = number_of(c, id),
                                          .net = amount_of(id), .due_date = due});
  }

  // The company's statements: each line pays one invoice of a cash customer
  // in full, from the customer's account, naming the invoice.
  void import_statements(const company_data &c) {
    int n = 0;
    for (int st = 0; st < statements; ++st) {
      std::string entries;
      for (int l = 0; l < lines_per_statement; ++l, ++n) {
        const int64_t inv = c.base * 10 + n, cust = c.base + n / 4;
        entries += "<Ntry><Amt Ccy=\"EUR\">" + amount_of(inv) +
                   "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-18</Dt></BookgDt><ValDt><Dt>"
                   "2026-11-18</Dt></ValDt><AcctSvcrRef>" + c.code + "-B" + std::to_string(n) +
                   "</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Kunde " + c.code + " " +
                   std::to_string(n / 4) + "</Nm></Dbtr><DbtrAcct><Id><IBAN>" + accounts[cust] +
                   "</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>" + number_of(c, inv) +
                   "</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>";
      }
      const std::string id = c.code + "-S" + std::to_string(st);
      service::statement_import_request r;
      r.bytes = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
                "<BkToCstmrStmt><GrpHdr><MsgId>M-" + id + "</MsgId></GrpHdr><Stmt><Id>" + id +
                "</Id><Acct><Id><IBAN>" + c.account + "</IBAN></Id><Ccy>EUR</Ccy></Acct>" + entries +
                "</Stmt></BkToCstmrStmt></Document>";
      r.source_name = id + ".xml";
      r.now_unix = T0;
      service::statement_import(ctx(), r);
    }
  }

  static dunning::run_request dunning_request(const std::string &company, const char *as_of) {
    dunning::run_request r;
    r.company = company;
    r.as_of = core::parse_date(as_of);
    r.now = T0;
    r.chunk = 2;  // several transactions per run
    return r;
  }

  long long scalar(const std::string &query, int64_t company_id) {
    long long n = 0;
    ctx().sql() << query, soci::use(company_id), soci::into(n);
    return n;
  }

  std::vector<company_data> companies;
  std::map<int64_t, std::string> accounts;
};

TEST_F(erp_concurrency, two_companies_and_two_hosts_each_run_cash_application_and_dunning_at_once) {
  for (const auto &c : companies) {
    import_statements(c);
    dunning::run(ctx(), dunning_request(c.code, "2026-12-01"));  // the first reminders, without fees
  }
  ctx_.reset();

  // Per company: two hosts run cash application, two run dunning.
  struct job {
    std::string company;
    bool cash;
    json result;
    std::string error;
  };
  std::vector<job> jobs;
  for (const auto &c : companies)
    for (int host = 0; host < 2; ++host)
      for (bool cash : {true, false}) jobs.push_back({c.code, cash, {}, {}});
  std::vector<std::thread> threads;
  for (auto &j : jobs)
    threads.emplace_back([&] {
      try {
        db::context c(settings());
        if (j.cash) {
          cashapp::run_request r;
          r.company = j.company;
          r.now_unix = T0;
          j.result = service::cashapp_run(c, r);
        } else {
          j.result = dunning::run(c, dunning_request(j.company, "2026-12-15"));
        }
      } catch (const std::exception &e) {
        j.error = e.what();
      }
    });
  for (auto &t : threads) t.join();
  for (const auto &j : jobs) ASSERT_EQ(j.error, "") << j.company << (j.cash ? " cash application" : " dunning");

  for (const auto &c : companies) {
    SCOPED_TRACE(c.code);
    // Cash application: every line applied once, by one host or the other.
    int64_t applied = 0, applied_minor = 0;
    std::set<std::string> fee_numbers;
    for (const auto &j : jobs) {
      if (j.company != c.code) continue;
      if (j.cash) {
        applied += j.result["applied"].get<int64_t>();
        if (j.result["amount_applied"].contains("EUR"))
          applied_minor += core::parse_minor(j.result["amount_applied"]["EUR"].get<std::string>(), 2);
      } else {
        for (const auto &n : j.result["notices"])
          if (n["fee_invoice"].is_string()) fee_numbers.insert(n["fee_invoice"].get<std::string>());
      }
    }
    const int lines = statements * lines_per_statement;
    EXPECT_EQ(applied, lines);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_payment WHERE company_id = :c", c.id), lines);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_payment_allocation a JOIN erp_payment p ON p.id = a.payment_id "
                     "WHERE p.company_id = :c",
                     c.id),
              lines);
    int64_t paid_minor = 0;
    for (int n = 0; n < lines; ++n) paid_minor += core::parse_minor(amount_of(c.base * 10 + n), 2);
    EXPECT_EQ(applied_minor, paid_minor);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_open_item WHERE company_id = :c AND invoice_id < 1000000000000 AND "
                     "open_amount = 0",
                     c.id),
              lines);
    // Dunning: one fee invoice per level-2 notice, each with its open item.
    EXPECT_EQ(fee_numbers.size(), static_cast<size_t>(dunned_customers));
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_invoice WHERE company_id = :c AND kind = 'fee'", c.id),
              dunned_customers);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM erp_open_item o JOIN erp_invoice i ON i.id = o.invoice_id "
                     "WHERE o.company_id = :c AND i.kind = 'fee'",
                     c.id),
              dunned_customers);
    for (const auto &number : fee_numbers) {
      long long n = 0;
      ctx().sql() << "SELECT COUNT(*) FROM erp_invoice WHERE company_id = :c AND number = :n", soci::use(c.id),
          soci::use(number), soci::into(n);
      EXPECT_EQ(n, 1) << number;
    }
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM arx_dunning_run WHERE company_id = :c", c.id), 2);
  }
}

}  // namespace
}  // namespace arx::test
