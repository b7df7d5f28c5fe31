// Importing bank files into arx's statement tables on both databases: lines
// and structured references stored exactly, the company found by its IBAN,
// the same file or statement twice changing nothing, a changed statement and
// a malformed file refused with nothing written.
#include <string>

#include <nlohmann/json.hpp>

#include "config/store.hpp"
#include "seed.hpp"
#include "json_checks.hpp"

namespace arx::test {
namespace {

using nlohmann::json;

class bank_import : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure()) return;
    install();
    ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country, iban) VALUES (1, 'DE01', 'Muster GmbH', "
                   "'EUR', 'DE', 'DE02 1203 0000 0000 2020 51')";
    ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country, iban) VALUES (2, 'NL01', 'Muster B.V.', "
                   "'EUR', 'NL', 'NL91ABNA0417164300')";
  }

  json import(const std::string &bytes, const std::string &company = "", const std::string &name = "test.xml") {
    service::statement_import_request r;
    r.bytes = bytes;
    r.source_name = name;
    r.company = company;
    r.now_unix = 1'764'000'000;
    return service::statement_import(ctx(), r);
  }

  std::string one(const std::string &sql) {
    std::string v;
    soci::indicator ind;
    ctx().sql() << sql, soci::into(v, ind);
    return ind == soci::i_ok ? v : "NULL";
  }
};

std::string camt(const std::string &stmt_id, const std::string &amount2 = "250.00",
                 const std::string &iban = "DE02120300000000202051") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
         "<GrpHdr><MsgId>MSG-" + stmt_id + "</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>"
         "<Stmt><Id>" + stmt_id + "</Id><ElctrncSeqNb>7</ElctrncSeqNb><CreDtTm>2026-12-01T06:00:00</CreDtTm>"
         "<Acct><Id><IBAN>" + iban + "</IBAN></Id><Ccy>EUR</Ccy></Acct>"
         "<Ntry><Amt Ccy=\"EUR\">119.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
         "<BookgDt><Dt>2026-11-30</Dt></BookgDt><ValDt><Dt>2026-11-30</Dt></ValDt><AcctSvcrRef>B-1</AcctSvcrRef>"
         "<NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs>"
         "<RltdPties><Dbtr><Nm>Kunde AG</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>"
         "<RmtInf><Ustrd>Rechnung RE-2026-0001</Ustrd><Strd><RfrdDocInf><Nb>RE-2026-0001</Nb></RfrdDocInf>"
         "<RfrdDocAmt><RmtdAmt Ccy=\"EUR\">119.00</RmtdAmt></RfrdDocAmt></Strd></RmtInf></TxDtls></NtryDtls></Ntry>"
         "<Ntry><Amt Ccy=\"EUR\">" + amount2 + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
         "<BookgDt><Dt>2026-11-30</Dt></BookgDt><AcctSvcrRef>B-2</AcctSvcrRef>"
         "<NtryDtls><TxDtls><RmtInf><Ustrd>RF18 5390 0754 7034</Ustrd><Strd><CdtrRefInf><Ref>RF18539007547034</Ref>"
         "</CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>"
         "<Ntry><Amt Ccy=\"EUR\">40.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
         "<BookgDt><Dt>2026-11-30</Dt></BookgDt><AcctSvcrRef>B-3</AcctSvcrRef></Ntry>"
         "</Stmt></BkToCstmrStmt></Document>";
}

TEST_F(bank_import, a_statement_is_stored_line_by_line_for_the_company_of_its_iban) {
  const json r = import(camt("S-1"));
  expect_fields(r, {{"status", "imported"}, {"company", "DE01"}, {"format", "camt.053"}, {"lines", 3},
                    {"credits", 2}});
  seed::expect_rows(ctx(), {{"arx_bank_statement", 1}, {"arx_bank_line", 3}, {"arx_bank_line_reference", 2}});
  EXPECT_EQ(one("SELECT amount FROM arx_bank_line WHERE line_no = 2"), "250.00");
  EXPECT_EQ(one("SELECT payer_name FROM arx_bank_line WHERE line_no = 1"), "Kunde AG");
  EXPECT_EQ(one("SELECT payer_account FROM arx_bank_line WHERE line_no = 1"), "DE89370400440532013000");
  EXPECT_EQ(one("SELECT end_to_end_id FROM arx_bank_line WHERE line_no = 1"), "E2E-1");
  EXPECT_EQ(one("SELECT remittance FROM arx_bank_line WHERE line_no = 1"), "Rechnung RE-2026-0001");
  EXPECT_EQ(one("SELECT state FROM arx_bank_line WHERE line_no = 1"), "new");
  EXPECT_EQ(one("SELECT state FROM arx_bank_line WHERE line_no = 3"), "ignored");  // a debit
  EXPECT_EQ(one("SELECT end_to_end_id FROM arx_bank_line WHERE line_no = 2"), "NULL");
  EXPECT_EQ(one("SELECT r.amount FROM arx_bank_line_reference r JOIN arx_bank_line l ON l.id = r.line_id "
                "WHERE l.line_no = 1"),
            "119.00");
  EXPECT_EQ(one("SELECT r.reference FROM arx_bank_line_reference r JOIN arx_bank_line l ON l.id = r.line_id "
                "WHERE l.line_no = 2"),
            "RF18539007547034");
  EXPECT_EQ(one("SELECT kind FROM arx_bank_line_reference r JOIN arx_bank_line l ON l.id = r.line_id "
                "WHERE l.line_no = 2"),
            "creditor");
}

TEST_F(bank_import, the_same_file_or_statement_twice_changes_nothing) {
  EXPECT_EQ(import(camt("S-1"))["status"], "imported");
  const json again = import(camt("S-1"));
  EXPECT_EQ(again["status"], "already_imported");
  // The same statement in another file (a new message id is a new file).
  std::string other = camt("S-1");
  other.replace(other.find("MSG-S-1"), 7, "MSG-XYZ");
  const json moved = import(other);
  EXPECT_EQ(moved["status"], "already_imported");
  EXPECT_EQ(moved["statements"][0]["status"], "already_imported");
  seed::expect_rows(ctx(), {{"arx_bank_file", 1}, {"arx_bank_statement", 1}, {"arx_bank_line", 3}});
}

TEST_F(bank_import, a_changed_statement_is_refused_and_nothing_is_written) {
  import(camt("S-1"));
  std::string message;
  EXPECT_EQ(status_of([&] { import(camt("S-1", "251.00")); }, &message), ARX_E_VALIDATION);
  EXPECT_NE(message.find("statement S-1 for account DE02120300000000202051 was imported before with different content"),
            std::string::npos)
      << message;
  EXPECT_EQ(count("arx_bank_file"), 1);
  EXPECT_EQ(count("arx_bank_line"), 3);
}

TEST_F(bank_import, a_malformed_file_names_the_place_and_writes_nothing) {
  std::string bad = camt("S-2");
  bad.replace(bad.find("119.00"), 6, "11 9.00");
  std::string message;
  EXPECT_EQ(status_of([&] { import(bad); }, &message), ARX_E_PARSE);
  EXPECT_EQ(message.substr(0, 62), "test.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt:");
  EXPECT_EQ(count("arx_bank_file"), 0);
  EXPECT_EQ(count("arx_bank_line"), 0);
}

TEST_F(bank_import, the_company_comes_from_the_iban_or_is_named) {
  std::string message;
  EXPECT_EQ(status_of([&] { import(camt("S-3", "1.00", "FR7630006000011234567890189")); }, &message),
            ARX_E_VALIDATION);
  EXPECT_NE(message.find("is for account FR7630006000011234567890189, which is no company's IBAN"), std::string::npos)
      << message;
  const json named = import(camt("S-3", "1.00", "FR7630006000011234567890189"), "NL01");
  EXPECT_EQ(named["company"], "NL01");
  EXPECT_EQ(one("SELECT company_id FROM arx_bank_line WHERE line_no = 1"), "2");
  EXPECT_EQ(status_of([&] { import(camt("S-4"), "XX99"); }), ARX_E_NOT_FOUND);
}

TEST_F(bank_import, a_lockbox_csv_becomes_one_statement_per_batch) {
  const std::string csv =
      "lockbox_batch,account,deposit_date,amount,currency,payer_name,check_number,invoices,remittance\r\n"
      "LB-1,DE02120300000000202051,2026-11-30,100.00,EUR,\"Kunde AG, Hamburg\",CHK-1,RE-1=60.00;RE-2=40.00,\"two \"\"invoices\"\"\"\r\n"
      "LB-1,DE02120300000000202051,2026-11-30,5.5,EUR,Brief KG,CHK-2,,\r\n"
      "LB-2,DE02120300000000202051,2026-12-01,7.00,EUR,,CHK-3,RE-9,\r\n";
  const json r = import(csv, "", "lockbox.csv");
  EXPECT_EQ(r["format"], "csv");
  EXPECT_EQ(r["statements"].size(), 2u);
  EXPECT_EQ(r["lines"], 3);
  EXPECT_EQ(one("SELECT payer_name FROM arx_bank_line WHERE bank_reference = 'CHK-1'"), "Kunde AG, Hamburg");
  EXPECT_EQ(one("SELECT remittance FROM arx_bank_line WHERE bank_reference = 'CHK-1'"), "two \"invoices\"");
  EXPECT_EQ(one("SELECT amount FROM arx_bank_line WHERE bank_reference = 'CHK-2'"), "5.50");
  EXPECT_EQ(count("arx_bank_line_reference"), 3);
  EXPECT_EQ(import(csv, "", "lockbox.csv")["status"], "already_imported");
}

// A bank file larger than cashapp.max_bank_file_mib is refused before it is
// parsed, naming the file and the key; the cap is per company like every key.
TEST_F(bank_import, a_file_above_the_size_cap_is_refused_before_parsing) {
  config::set(ctx(), "", "cashapp.max_bank_file_mib", std::string("1"), "import test");
  std::string big = camt("S-5");
  big.append(1024 * 1024 + 1 - big.size(), '\n');  // one byte over 1 MiB, still a valid camt.053
  std::string message;
  EXPECT_EQ(status_of([&] { import(big, "", "big.xml"); }, &message), ARX_E_VALIDATION);
  EXPECT_NE(message.find("big.xml: the bank file has 1048577 bytes, more than the 1 MiB the configuration key "
                         "cashapp.max_bank_file_mib allows"),
            std::string::npos)
      << message;
  EXPECT_EQ(count("arx_bank_file"), 0);
  // Refused before parsing: a file of garbage gets the same answer, not a parse error.
  EXPECT_EQ(status_of([&] { import(std::string(1024 * 1024 + 1, 'x'), "", "big.xml"); }), ARX_E_VALIDATION);
  // At the cap exactly, the file is parsed (and this one refused as malformed).
  EXPECT_EQ(status_of([&] { import(std::string(1024 * 1024, 'x'), "", "big.xml"); }), ARX_E_PARSE);
  // A company with a higher cap imports the same file.
  config::set(ctx(), "DE01", "cashapp.max_bank_file_mib", std::string("2"), "import test");
  EXPECT_EQ(import(big, "DE01", "big.xml")["status"], "imported");
  // The key is checked like every integer key.
  EXPECT_EQ(status_of([&] { config::set(ctx(), "", "cashapp.max_bank_file_mib", std::string("0"), ""); }),
            ARX_E_CONFIG);
}

}  // namespace
}  // namespace arx::test
