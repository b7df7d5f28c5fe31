// The CSV lockbox format (docs/CASHAPP.md): columns in any order, RFC 4180
// quoting, every error naming its line and column.
#include <gtest/gtest.h>

#include <string>

#include "bank/statement.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "error_of.hpp"

namespace {

std::string error_of(const std::string &csv) {
  return arx::test::error_of(ARX_E_PARSE, [&] { arx::bank::parse_file(csv, "box.csv"); });
}

TEST(BankCsv, ColumnsInAnyOrderQuotedFieldsAndInvoices) {
  const auto file = arx::bank::parse_file(
      "lockbox_batch,currency,amount,account,deposit_date,invoices,payer_account,remittance\n"
      "B7,EUR,1234.5,ACC-1,2026-11-30,\"RE-1=1000.00; RE-2 = 234.50\",de89 3704 0044 0532 0130 00,\"line one\nline two\"\n"
      "\n"
      "B7,EUR,0.01,ACC-1,2026-12-02,,,\n",
      "box.csv");
  EXPECT_EQ(file.format, arx::bank::file_format::csv);
  ASSERT_EQ(file.statements.size(), 1u);
  const auto &st = file.statements[0];
  EXPECT_EQ(st.id, "B7");
  EXPECT_EQ(st.account, "ACC-1");
  EXPECT_EQ(arx::core::format_date(*st.from_date), "2026-11-30");
  EXPECT_EQ(arx::core::format_date(*st.to_date), "2026-12-02");
  ASSERT_EQ(st.lines.size(), 2u);
  EXPECT_EQ(st.lines[0].amount.to_string(), "1234.50");
  EXPECT_EQ(st.lines[0].payer_account, "DE89370400440532013000");
  EXPECT_EQ(st.lines[0].remittance, "line one\nline two");
  ASSERT_EQ(st.lines[0].references.size(), 2u);
  EXPECT_EQ(st.lines[0].references[1].reference, "RE-2");
  EXPECT_EQ(st.lines[0].references[1].amount->to_string(), "234.50");
  EXPECT_EQ(st.lines[0].value_date, st.lines[0].booking_date);
  EXPECT_EQ(st.lines[1].position, "line 5");  // the quoted line break counts
}

TEST(BankCsv, ErrorsNameLineAndColumn) {
  const std::string head = "lockbox_batch,account,deposit_date,amount,currency\n";
  EXPECT_EQ(error_of(head + "B,A,2026-11-30,1.005,EUR\n").substr(0, 37), "box.csv: line 2: column amount: inval");
  EXPECT_EQ(error_of(head + "B,A,2026-11-30,-5.00,EUR\n"),
            "box.csv: line 2: column amount: a lockbox payment must be greater than zero");
  EXPECT_EQ(error_of(head + "B,A,2026-11-31,5.00,EUR\n").substr(0, 38), "box.csv: line 2: column deposit_date: ");
  EXPECT_EQ(error_of(head + "B,A,2026-11-30,5.00,EUX\n"),
            "box.csv: line 2: column currency: unknown currency 'EUX' (ISO 4217)");
  EXPECT_EQ(error_of(head + "B,A,2026-11-30,5.00\n"), "box.csv: line 2: has 4 fields, the header has 5");
  EXPECT_EQ(error_of(head + "B,A,2026-11-30,\"5.00,EUR\n"),
            "box.csv: line 2: a quoted field is not closed before the end of the file");
  EXPECT_EQ(error_of("lockbox_batch,account,amount,currency\n"), "box.csv: line 1: required column 'deposit_date' is missing");
  EXPECT_EQ(error_of("lockbox_batch,acount,deposit_date,amount,currency\n"),
            "box.csv: line 1: unknown column 'acount' (column 2; the lockbox format is described in docs/CASHAPP.md)");
  EXPECT_EQ(error_of(head), "box.csv: the lockbox file has a header but no payments");
  EXPECT_EQ(error_of(head + ",A,2026-11-30,5.00,EUR\n"), "box.csv: line 2: column lockbox_batch is empty");
}

}  // namespace

namespace {

TEST(BankText, Utf8PrefixNeverCutsACharacter) {
  EXPECT_EQ(arx::core::utf8_prefix("Müller", 2), "M");  // ü is two bytes
  EXPECT_EQ(arx::core::utf8_prefix("Müller", 3), "Mü");
  EXPECT_EQ(arx::core::utf8_prefix("abc", 10), "abc");
  EXPECT_EQ(arx::core::utf8_invalid_at("ab\xC3"), 2u);
  EXPECT_EQ(arx::core::utf8_invalid_at("Müller"), std::string_view::npos);
}

TEST(BankText, CamtThatIsNotUtf8IsRefusedWithItsLine) {
  const std::string xml = "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
                          "<BkToCstmrStmt><Stmt><Id>M\xFCller</Id></Stmt></BkToCstmrStmt></Document>";
  try {
    arx::bank::parse_file(xml, "latin1.xml");
    FAIL() << "accepted";
  } catch (const arx::error &e) {
    EXPECT_EQ(std::string(e.what()).substr(0, 37), "latin1.xml: line 3: not UTF-8 (byte o");
  }
}

}  // namespace
