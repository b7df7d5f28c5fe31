// Cash application opens a dispute for a short payment it books as a
// deduction (cashapp.open_dispute_on_short_payment), in the same transaction;
// not when the key is off, and not in shadow mode.
#include <nlohmann/json.hpp>

#include "collections/dispute.hpp"
#include "config/store.hpp"
#include "fixture.hpp"

namespace arx::test {
namespace {

using nlohmann::json;
constexpr int64_t T0 = 1'764'600'000;

class CollectionsCashapp : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    install();
    auto &s = ctx().sql();
    s << "INSERT INTO erp_company (id, code, name, currency, country, iban) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', "
         "'DE', 'DE02120300000000202051')";
    s << "INSERT INTO erp_customer (id, company_id, number, name, country) VALUES (12, 1, 'C3', 'Klant B.V.', 'NL')";
    item(5, "RE-3001", "1000.00");
    item(6, "RE-3002", "200.00");
  }
  void item(int64_t id, const std::string &number, const std::string &amount) {
    ctx().sql() << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                   "net_amount, tax_amount, gross_amount, state) VALUES (:id, 1, 12, :n, 'invoice', '2026-10-20', "
                   "'2026-11-19', 'EUR', :a, '0.00', :a2, 'posted')",
        soci::use(id), soci::use(number), soci::use(amount), soci::use(amount);
    ctx().sql() << "INSERT INTO erp_open_item (id, company_id, customer_id, invoice_id, due_date, currency, "
                   "original_amount, open_amount) VALUES (:id, 1, 12, :i, '2026-11-19', 'EUR', :a, :a2)",
        soci::use(id), soci::use(id), soci::use(amount), soci::use(amount);
  }
  // A statement with one line: 995.00 for RE-3001 (short by 5.00, within the
  // default tolerance of 0.50 %).
  void import_short_payment() {
    const std::string xml =
        "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
        "<GrpHdr><MsgId>M-S-1</MsgId></GrpHdr><Stmt><Id>S-1</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id>"
        "<Ccy>EUR</Ccy></Acct><Ntry><Amt Ccy=\"EUR\">995.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt>"
        "<Dt>2026-11-18</Dt></BookgDt><ValDt><Dt>2026-11-18</Dt></ValDt><AcctSvcrRef>B6</AcctSvcrRef><NtryDtls>"
        "<TxDtls><RltdPties><Dbtr><Nm>Klant BV</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Factuur RE-3001</Ustrd>"
        "</RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>";
    service::statement_import_request r;
    r.bytes = xml;
    r.source_name = "day.xml";
    r.now_unix = T0;
    service::statement_import(ctx(), r);
  }
  json run(bool shadow = false) {
    cashapp::run_request r;
    r.company = "DE01";
    r.shadow = shadow;
    r.now_unix = T0;
    return service::cashapp_run(ctx(), r);
  }
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
  EXPECT_EQ(d["invoice_number"], "RE-3001");
  EXPECT_EQ(d["open_item_id"], 5);
  EXPECT_EQ(d["amount"], "5.00");
  EXPECT_EQ(d["currency"], "EUR");
  EXPECT_EQ(d["reason_code"], "short_payment");
  EXPECT_EQ(d["source"], "cashapp");
  EXPECT_EQ(d["bank_line_id"], line_id());
  EXPECT_EQ(d["state"], "open");
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
