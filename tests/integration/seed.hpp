// What the integration tests put into the reference ERP before they start:
// the company DE01, its customers and open invoices, a camt.053 statement,
// and the few service calls several suites make the same way.
//
//   class my_test : public seeded_test<seed::company_detail::iban> {
//     void seed(soci::session &s) override {
//       seed::customer(s, 10, "C1", "Kunde AG");
//       seed::open_invoice(s, {.id = 1, .customer = 10, .number = "RE-1", .amount = "119.00"});
//     }
//   };
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

#include "core/money.hpp"
#include "fixture.hpp"

namespace arx::test {

using nlohmann::json;

// The instant the seeded tests run at (2025-12-01T14:40:00Z): runs, decisions
// and events carry it, so their records are the same on every run.
inline constexpr int64_t T0 = 1'764'600'000;


namespace seed {

// How much of the company DE01 (id 1, Muster GmbH, EUR, Germany) a test needs.
enum class company_detail {
  iban,      // its bank account (cash application matches statements against it)
  letters,   // and VAT id, BIC, address and e-mail (dunning letters)
  einvoice,  // and Peppol id, phone and contact (e-invoices)
};

inline void company(soci::session &s, company_detail detail) {
  switch (detail) {
  case company_detail::iban:
    s << "INSERT INTO erp_company (id, code, name, currency, country, iban) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', "
         "'DE', 'DE02120300000000202051')";
    return;
  case company_detail::letters:
    s << "INSERT INTO erp_company (id, code, name, currency, country, vat_id, iban, bic, street, city, postcode, email) "
         "VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE', 'DE123456789', 'DE02120300000000202051', 'BYLADEM1001', "
         "'Hauptstr. 1', 'Berlin', '10115', 'ar@muster.example')";
    return;
  case company_detail::einvoice:
    s << "INSERT INTO erp_company (id, code, name, currency, country, vat_id, iban, bic, street, city, postcode, email, "
         "peppol_id, phone, contact_name) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE', 'DE123456789', "
         "'DE02120300000000202051', 'BYLADEM1001', 'Hauptstr. 1', 'Berlin', '10115', 'ar@muster.example', "
         "'9930:de123456789', '+49 30 555 0100', 'Eva Muster')";
    return;
  }
}

// A customer of DE01 with a number, a name and a country, nothing else.
inline void customer(soci::session &s, int64_t id, const std::string &number, const std::string &name,
                     const std::string &country = "DE") {
  s << "INSERT INTO erp_customer (id, company_id, number, name, country) VALUES (:id, 1, :n, :name, :c)", soci::use(id),
      soci::use(number), soci::use(name), soci::use(country);
}

// The customers the e-invoice tests send to: C1, Kunde AG in Hamburg, with
// an e-mail address and no Peppol id; C2, Klant B.V. in Utrecht, a Peppol
// participant with the given VAT id (empty: none) and Peppol id.
inline void einvoice_customers(soci::session &s, const std::string &c2_vat_id, const std::string &c2_peppol_id) {
  s << "INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, "
       "postcode, peppol_id, payment_terms_days) VALUES (10, 1, 'C1', 'Kunde AG', 'DE', 'DE987654321', "
       "'ap@kunde.example', 'de', 'Ring 5', 'Hamburg', '20095', NULL, 30)";
  soci::indicator vat = c2_vat_id.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, "
       "postcode, peppol_id, payment_terms_days) VALUES (11, 1, 'C2', 'Klant B.V.', 'NL', :vat, "
       "'crediteuren@klant.example', 'nl', 'Markt 3', 'Utrecht', '3511 AA', :peppol, 30)",
      soci::use(c2_vat_id, vat), soci::use(c2_peppol_id);
}

// A posted invoice of DE01 without tax and its open item.
struct invoice_row {
  int64_t id = 0;  // of the invoice and of its open item
  int64_t customer = 0;
  std::string number{};
  std::string amount{};                 // net = gross = original amount
  std::string open{};                   // empty: the whole amount
  std::string issue_date = "2026-10-20";
  std::string due_date = "2026-11-19";
  std::string currency = "EUR";
  std::string cash_discount_percent{};  // empty: none
  std::string cash_discount_date{};     // empty: none
};

inline void open_invoice(soci::session &s, const invoice_row &r) {
  const std::string &open = r.open.empty() ? r.amount : r.open;
  soci::indicator dp = r.cash_discount_percent.empty() ? soci::i_null : soci::i_ok;
  soci::indicator dd = r.cash_discount_date.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
       "net_amount, tax_amount, gross_amount, state, cash_discount_percent, cash_discount_date) VALUES "
       "(:id, 1, :c, :n, 'invoice', :issued, :due, :ccy, :a, '0.00', :a2, 'posted', :d, :dd)",
      soci::use(r.id), soci::use(r.customer), soci::use(r.number), soci::use(r.issue_date), soci::use(r.due_date),
      soci::use(r.currency), soci::use(r.amount), soci::use(r.amount), soci::use(r.cash_discount_percent, dp),
      soci::use(r.cash_discount_date, dd);
  s << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, original_amount, "
       "open_amount) VALUES (:id, 1, :c, :i, :due, :ccy, :a, :o)",
      soci::use(r.id), soci::use(r.customer), soci::use(r.id), soci::use(r.due_date), soci::use(r.currency),
      soci::use(r.amount), soci::use(open);
}

// A posted invoice with one line (VAT category S, 19 %) and its open item:
// gross = net + tax; the item's open amount is the gross unless `open` says.
struct lined_invoice {
  int64_t id = 0;  // of the invoice, its line and its open item
  int64_t company = 1;
  int64_t customer = 0;
  std::string number{};
  std::string net{};
  std::string tax = "0.00";
  std::string due_date{};
  std::string open{};  // empty: the gross amount
};

inline void invoice_with_line(soci::session &s, const lined_invoice &r) {
  const std::string gross = core::format_minor(core::parse_minor(r.net, 2) + core::parse_minor(r.tax, 2), 2);
  const std::string &open = r.open.empty() ? gross : r.open;
  s << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
       "net_amount, tax_amount, gross_amount, state) VALUES (:id, :co, :c, :n, 'invoice', '2026-10-01', :d, 'EUR', "
       ":net, :tax, :g, 'posted')",
      soci::use(r.id), soci::use(r.company), soci::use(r.customer), soci::use(r.number), soci::use(r.due_date),
      soci::use(r.net), soci::use(r.tax), soci::use(gross);
  s << "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, "
       "net_amount, tax_category, tax_percent) VALUES (:id, :i, 1, 'Ware', 1, 'C62', :p, :net, 'S', 19)",
      soci::use(r.id), soci::use(r.id), soci::use(r.net), soci::use(r.net);
  s << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, original_amount, "
       "open_amount) VALUES (:id, :co, :c, :i, :d, 'EUR', :g, :o)",
      soci::use(r.id), soci::use(r.company), soci::use(r.customer), soci::use(r.id), soci::use(r.due_date),
      soci::use(gross), soci::use(open);
}

// The open amount of an open item as text with two decimals ("238.00").
inline std::string open_amount(db::context &c, int64_t item) {
  std::string v;
  c.sql() << "SELECT " + std::string(c.db().kind() == db::dialect::sqlite ? "printf('%.2f', open_amount)"
                                                                         : "CAST(open_amount AS VARCHAR)") +
                 " FROM erp_open_item WHERE id = :id",
      soci::into(v), soci::use(item);
  return v;
}

// Expects each table to hold the number of rows beside it.
inline void expect_rows(db::context &c, std::initializer_list<std::pair<const char *, long long>> tables) {
  for (const auto &[table, expected] : tables) {
    long long n = 0;
    c.sql() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(n);
    EXPECT_EQ(n, expected) << table;
  }
}

// One credit entry of a camt.053 statement, booked and valued on `date`.
inline std::string camt_entry(const std::string &amount, const std::string &ref, const std::string &name,
                              const std::string &iban, const std::string &text, const std::string &date = "2026-11-18") {
  std::string party = "<RltdPties><Dbtr><Nm>" + name + "</Nm></Dbtr>";
  if (!iban.empty()) party += "<DbtrAcct><Id><IBAN>" + iban + "</IBAN></Id></DbtrAcct>";
  party += "</RltdPties>";
  return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>" + date +
         "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt><AcctSvcrRef>" + ref +
         "</AcctSvcrRef><NtryDtls><TxDtls>" + party + "<RmtInf><Ustrd>" + text +
         "</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>";
}

// A camt.053 statement of DE01's account with the given entries.
inline std::string camt_statement(const std::string &id, const std::string &entries) {
  return "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
         "<GrpHdr><MsgId>M-" + id + "</MsgId></GrpHdr><Stmt><Id>" + id +
         "</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>" + entries +
         "</Stmt></BkToCstmrStmt></Document>";
}

// Imports a statement as the file "day.xml" at `now`.
inline nlohmann::json import_statement(db::context &c, const std::string &bytes, int64_t now) {
  service::statement_import_request r;
  r.bytes = bytes;
  r.source_name = "day.xml";
  r.now_unix = now;
  return service::statement_import(c, r);
}

// Runs cash application for DE01 at `now`, live or in shadow mode.
inline nlohmann::json cashapp_run(db::context &c, bool shadow, int64_t now) {
  cashapp::run_request r;
  r.company = "DE01";
  r.shadow = shadow;
  r.now_unix = now;
  return service::cashapp_run(c, r);
}

}  // namespace seed

// A test on an installed database that its seed() filled: SetUp prepares the
// database (db_test), installs the reference ERP and arx, writes the company
// DE01 with the detail the test needs, then calls seed().
template <seed::company_detail Company> class seeded_test : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    install();
    seed::company(ctx().sql(), Company);
    seed(ctx().sql());
  }
  virtual void seed(soci::session &s) = 0;
};

}  // namespace arx::test
