// camt.052/053/054 samples: every XML under bank/camt is parsed, and where an
// expected output (the JSON object dump shipped beside the sample) exists, our
// statement lines are compared with it field by field: per entry the amount,
// currency, direction, reversal, status, booking and value dates and the
// account servicer reference; per transaction detail the end-to-end id, the
// mandate, the counterparty's name and account, the unstructured remittance
// text, the creditor reference and the return reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bank/statement.hpp"
#include "core/error.hpp"
#include "bank_samples.hpp"
#include "error_of.hpp"

namespace fs = std::filesystem;
using namespace arx::test;
using nlohmann::json;

namespace {

const fs::path camt_dir = fs::path(ARX_BANK_CONFORMANCE_DIR) / "camt/genkgo-camt/test/data";

std::vector<std::string> samples() {
  std::vector<std::string> names;
  for (const auto &e : fs::directory_iterator(camt_dir))
    if (e.path().extension() == ".xml") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The dump writes "__RECURSIVITY__" where an object was already printed, and
// null for absent values; both read as "nothing" here.
const json *object(const json &j, const char *key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return nullptr;
  return &*it;
}
std::string str(const json &j, const char *key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string() || *it == "__RECURSIVITY__") return {};
  return it->get<std::string>();
}
std::string date_of(const json &j, const char *key) {
  const json *d = object(j, key);
  return d ? str(*d, "0").substr(0, 10) : std::string{};
}
std::string opt_date(const std::optional<arx::core::date> &d) { return d ? arx::core::format_date(*d) : std::string{}; }

// What the reference library read for one line.
struct expected_line {
  std::string amount_minor;  // signed: negative for debits
  std::string currency, indicator, status, booking, value, servicer_ref;
  bool reversal = false;
  bool has_detail = false;
  std::string end_to_end, mandate, party_name, party_account, ustrd, creditor_ref, return_code;
};

std::string party_class(const json &party) {
  const json *type = object(party, "getRelatedPartyType");
  if (!type) return {};
  const std::string cls = str(*type, "__CLASS__");
  return cls.substr(cls.rfind('\\') + 1);
}

std::vector<expected_line> expected_lines(const json &doc) {
  std::vector<expected_line> out;
  for (const auto &e : doc.at("getEntries")) {
    expected_line base;
    const json *amt = object(e, "getAmount");
    base.amount_minor = amt ? str(*amt, "getAmount") : "";
    base.currency = amt && object(*amt, "getCurrency") ? str(*object(*amt, "getCurrency"), "getCode") : "";
    base.indicator = str(e, "getCreditDebitIndicator");
    base.status = str(e, "getStatus");
    base.reversal = e.value("getReversalIndicator", false);
    base.booking = date_of(e, "getBookingDate");
    base.value = date_of(e, "getValueDate");
    base.servicer_ref = str(e, "getAccountServicerReference");
    const json &txs = e.contains("getTransactionDetails") && e["getTransactionDetails"].is_array()
                          ? e["getTransactionDetails"]
                          : json::array();
    if (txs.empty()) {
      out.push_back(base);
      continue;
    }
    for (size_t t = 0; t < txs.size(); ++t) {
      // The first detail is also the entry's getTransactionDetail, printed
      // there first; the list then holds "__RECURSIVITY__" in its place.
      const json &tx = txs[t].is_string() && t == 0 && e.contains("getTransactionDetail") ? e["getTransactionDetail"] : txs[t];
      expected_line l = base;
      l.has_detail = true;
      if (txs.size() > 1) {
        // A batch: each transaction's own amount.
        const json *ta = object(tx, "getAmount");
        if (!ta) {
          const json *details = object(tx, "getAmountDetails");
          ta = details ? object(*details, "getAmount") : nullptr;
          if (!ta && details) ta = details;
        }
        if (ta) l.amount_minor = str(*ta, "getAmount");
      }
      if (const json *ref = object(tx, "getReference")) {
        l.end_to_end = str(*ref, "getEndToEndId");
        l.mandate = str(*ref, "getMandateId");
      }
      const std::string indicator = str(tx, "getCreditDebitIndicator").empty() ? base.indicator
                                                                               : str(tx, "getCreditDebitIndicator");
      const std::string counterparty = indicator == "CRDT" ? "Debtor" : "Creditor";
      if (tx.contains("getRelatedParties") && tx["getRelatedParties"].is_array())
        for (const auto &p : tx["getRelatedParties"]) {
          if (party_class(p) != counterparty) continue;
          l.party_name = str(*object(p, "getRelatedPartyType"), "getName");
          if (const json *acct = object(p, "getAccount")) l.party_account = str(*acct, "getIdentification");
        }
      if (const json *rmt = object(tx, "getRemittanceInformation")) {
        if (rmt->contains("getUnstructuredBlocks") && (*rmt)["getUnstructuredBlocks"].is_array())
          for (size_t u_index = 0; u_index < (*rmt)["getUnstructuredBlocks"].size(); ++u_index) {
            const json &listed = (*rmt)["getUnstructuredBlocks"][u_index];
            const json &u = listed.is_string() && u_index == 0 && rmt->contains("getUnstructuredBlock")
                                ? (*rmt)["getUnstructuredBlock"]
                                : listed;
            const std::string m = str(u, "getMessage");
            if (m.empty()) continue;
            if (!l.ustrd.empty()) l.ustrd += ' ';
            l.ustrd += m;
          }
        if (rmt->contains("getStructuredBlocks") && (*rmt)["getStructuredBlocks"].is_array())
          for (const auto &s : (*rmt)["getStructuredBlocks"])
            if (const json *cri = object(s, "getCreditorReferenceInformation"))
              if (l.creditor_ref.empty()) l.creditor_ref = str(*cri, "getRef");
      }
      if (const json *ret = object(tx, "getReturnInformation")) l.return_code = str(*ret, "getCode");
      out.push_back(l);
    }
  }
  return out;
}

class CamtSample : public testing::TestWithParam<std::string> {};

TEST_P(CamtSample, ParsesAsTheExpectedOutputSays) {
  const fs::path xml = camt_dir / GetParam();
  const std::string bytes = read_file(xml);
  fs::path expected = xml;
  expected.replace_extension(".json");

  if (GetParam() == "camt053.v2.wrong.xml") {
    // A statement message without any Stmt: refused, naming the element.
    try {
      arx::bank::parse_file(bytes, GetParam());
      FAIL() << "a camt.053 without statements was accepted";
    } catch (const arx::error &e) {
      EXPECT_EQ(e.status(), ARX_E_PARSE);
      EXPECT_NE(std::string(e.what()).find("element /Document/BkToCstmrStmt: has no Stmt"), std::string::npos)
          << e.what();
    }
    return;
  }

  arx::bank::bank_file file;
  ASSERT_NO_THROW(file = arx::bank::parse_file(bytes, GetParam()));
  ASSERT_FALSE(file.statements.empty());
  const std::string name = GetParam();
  const auto expect_format = name.find("camt052") == 0 ? arx::bank::file_format::camt052
                             : name.find("camt054") == 0 ? arx::bank::file_format::camt054
                                                         : arx::bank::file_format::camt053;
  EXPECT_EQ(file.format, expect_format);

  for (const auto &st : file.statements) {
    EXPECT_FALSE(st.id.empty());
    EXPECT_FALSE(st.account.empty());
  }
  if (!fs::exists(expected)) return;  // parsed without error is all we can check

  // Where we read a sample differently from the reference on purpose, the
  // difference is stated here and checked against the XML instead.
  // - multi.statement: the dump's message-level entry list holds only the
  //   last statement's entries, so only that statement is compared.
  const bool last_statement_only = name == "camt053.v2.multi.statement.xml";
  // - camt054.v2: a batch of three transactions without amounts. The
  //   reference gives three lines without amounts; arx keeps one line of the
  //   entry's amount (a payment that cannot be split is one payment).
  const bool unsplit_batch = name == "camt054.v2.xml";
  // - camt054.v4/v8: the transactions are in CHF inside a SEK entry. The
  //   reference labels each transaction's number with the entry's currency
  //   (3.10 CHF becomes 3.10 SEK); arx keeps the transaction's own currency.
  const bool own_currency = name == "camt054.v4.xml" || name == "camt054.v8.xml";

  std::vector<const arx::bank::statement_line *> ours;
  for (size_t s = last_statement_only ? file.statements.size() - 1 : 0; s < file.statements.size(); ++s)
    for (const auto &l : file.statements[s].lines) ours.push_back(&l);

  const json doc = json::parse(read_file(expected));
  std::vector<expected_line> want = expected_lines(doc);
  if (unsplit_batch) {
    ASSERT_EQ(want.size(), 3u);
    ASSERT_EQ(ours.size(), 1u);
    EXPECT_EQ(ours[0]->amount.to_string(), "200000.00");
    EXPECT_EQ(ours[0]->amount.currency(), "SEK");
    EXPECT_FALSE(ours[0]->credit);
    EXPECT_EQ(ours[0]->position, "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]");
    return;
  }
  ASSERT_EQ(ours.size(), want.size()) << "statement lines";
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1) + " at " + ours[i]->position);
    const auto &w = want[i];
    const auto &o = *ours[i];
    const int64_t signed_minor = o.credit ? o.amount.minor() : -o.amount.minor();
    if (own_currency) {
      EXPECT_EQ(o.amount.currency(), "CHF");
      EXPECT_EQ(std::to_string(signed_minor), w.amount_minor);  // the same number, in CHF
    } else {
      if (!w.amount_minor.empty()) {
        EXPECT_EQ(std::to_string(signed_minor), w.amount_minor);
      }
      EXPECT_EQ(o.amount.currency(), w.currency);
    }
    EXPECT_EQ(o.credit ? "CRDT" : "DBIT", w.indicator);
    EXPECT_EQ(o.reversal, w.reversal);
    EXPECT_EQ(o.booked, w.status.empty() || w.status == "BOOK") << w.status;
    EXPECT_EQ(opt_date(o.booking_date), w.booking);
    EXPECT_EQ(opt_date(o.value_date), w.value);
    if (!w.servicer_ref.empty()) {
      EXPECT_EQ(o.bank_reference, w.servicer_ref);
    }
    if (!w.has_detail) continue;
    EXPECT_EQ(o.end_to_end_id, w.end_to_end == "NOTPROVIDED" ? "" : w.end_to_end);
    EXPECT_EQ(o.mandate_id, w.mandate);
    EXPECT_EQ(o.payer_name, w.party_name);
    EXPECT_EQ(o.payer_account, w.party_account);
    EXPECT_EQ(o.return_reason, w.return_code);
    // Our remittance is the unstructured text; where the payer gave none, the
    // transaction's additional information may stand in.
    // Structured AddtlRmtInf text follows the unstructured text in ours.
    EXPECT_EQ(o.remittance.substr(0, w.ustrd.size()), w.ustrd);
    if (!w.creditor_ref.empty()) {
      const bool found = std::any_of(o.references.begin(), o.references.end(), [&](const auto &r) {
        return r.kind == arx::bank::structured_reference::kind_t::creditor_reference && r.reference == w.creditor_ref;
      });
      EXPECT_TRUE(found) << "creditor reference " << w.creditor_ref;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Camt, CamtSample, testing::ValuesIn(samples()), sample_test_name);

// ---- cases of our own ------------------------------------------------------

std::string camt053(const std::string &entries, const std::string &version = "02") {
  return "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001." + version +
         "\"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id><Acct><Id><IBAN>DE02 1203 0000 "
         "0000 2020 51</IBAN></Id><Ccy>EUR</Ccy></Acct>" +
         entries + "</Stmt></BkToCstmrStmt></Document>";
}

TEST(CamtCases, BatchGivesOneLinePerTransactionAndChecksTheTotal) {
  const std::string tx = [](const char *amt, const char *e2e, const char *nb) {
    return std::string("<TxDtls><Refs><EndToEndId>") + e2e + "</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">" +
           amt + "</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Müller GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>"
           "<RmtInf><Strd><RfrdDocInf><Nb>" + nb + "</Nb></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy=\"EUR\">" + amt +
           "</RmtdAmt></RfrdDocAmt></Strd></RmtInf></TxDtls>";
  }("100.00", "E1", "RE-1") + std::string("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">50.5</Amt></TxAmt></AmtDtls>"
                               "<RmtInf><Ustrd>RF18 5390 0754 7034</Ustrd><Strd><CdtrRefInf><Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>");
  const std::string entry = "<Ntry><Amt Ccy=\"EUR\">150.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt>"
                            "<ValDt><DtTm>2026-12-01T09:00:00+01:00</DtTm></ValDt><AcctSvcrRef>BANK-1</AcctSvcrRef><NtryDtls>" +
                            tx + "</NtryDtls></Ntry>";
  const auto file = arx::bank::parse_file(camt053(entry), "t.xml");
  ASSERT_EQ(file.statements.size(), 1u);
  const auto &st = file.statements[0];
  EXPECT_EQ(st.account, "DE02120300000000202051");
  ASSERT_EQ(st.lines.size(), 2u);
  EXPECT_EQ(st.lines[0].amount.to_string(), "100.00");
  EXPECT_EQ(st.lines[0].payer_name, "Müller GmbH");
  EXPECT_EQ(st.lines[0].payer_account, "DE89370400440532013000");
  EXPECT_EQ(st.lines[0].end_to_end_id, "E1");
  EXPECT_EQ(st.lines[0].bank_reference, "BANK-1");
  ASSERT_EQ(st.lines[0].references.size(), 1u);
  EXPECT_EQ(st.lines[0].references[0].reference, "RE-1");
  ASSERT_TRUE(st.lines[0].references[0].amount);
  EXPECT_EQ(st.lines[0].references[0].amount->to_string(), "100.00");
  EXPECT_EQ(st.lines[1].amount.to_string(), "50.50");
  EXPECT_EQ(st.lines[1].end_to_end_id, "");  // NOTPROVIDED is no reference
  ASSERT_EQ(st.lines[1].references.size(), 1u);
  EXPECT_EQ(st.lines[1].references[0].kind, arx::bank::structured_reference::kind_t::creditor_reference);
  EXPECT_EQ(st.lines[1].references[0].reference, "RF18539007547034");
  EXPECT_EQ(arx::core::format_date(*st.lines[1].value_date), "2026-12-01");
  EXPECT_EQ(st.lines[1].position, "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]");

  // The same batch whose transactions do not add up to the entry is refused.
  std::string bad = entry;
  bad.replace(bad.find("150.50"), 6, "150.51");
  try {
    arx::bank::parse_file(camt053(bad), "t.xml");
    FAIL() << "accepted";
  } catch (const arx::error &e) {
    EXPECT_EQ(std::string(e.what()),
              "t.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]: the batch's transaction amounts add up to "
              "150.50, the entry says 150.51");
  }
}

TEST(CamtCases, ErrorsNameTheElement) {
  auto message = [](const std::string &xml) {
    return arx::test::error_of(ARX_E_PARSE, [&] { arx::bank::parse_file(xml, "bank.xml"); });
  };
  EXPECT_EQ(message(camt053("<Ntry><Amt Ccy=\"EUR\">1,00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>")).substr(0, 62),
            "bank.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt:");
  EXPECT_EQ(message(camt053("<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDIT</CdtDbtInd></Ntry>")),
            "bank.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd: 'CRDIT' is neither CRDT nor DBIT");
  EXPECT_EQ(message(camt053("<Ntry><Amt Ccy=\"XYZ\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>")),
            "bank.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt: unknown currency 'XYZ' (ISO 4217)");
  EXPECT_EQ(message(camt053("<Ntry><Amt Ccy=\"EUR\">1.001</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>")).substr(0, 62),
            "bank.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt:");
  EXPECT_EQ(message(camt053("<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry>"))
                .substr(0, 77),
            "bank.xml: element /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt/Dt: invalid");
  EXPECT_EQ(message(camt053("<Ntry>", "02")).substr(0, 17), "bank.xml: line 1:");
  EXPECT_EQ(message(camt053("", "09")),
            "bank.xml: element /Document: urn:iso:std:iso:20022:tech:xsd:camt.053.001.09: arx reads versions .001.01 "
            "to .001.08 of camt messages");
  EXPECT_EQ(message("<Document xmlns=\"urn:other\"/>"),
            "bank.xml: an XML file that is not an ISO 20022 camt.052/053/054 message (no camt namespace "
            "urn:iso:std:iso:20022:tech:xsd:camt.05x.001.nn in its first 8 KiB)");
  EXPECT_EQ(message(""), "bank.xml: the file is empty");
}

TEST(CamtCases, Version8PartiesReturnsAndReversals) {
  const std::string entry =
      "<Ntry><Amt Ccy=\"EUR\">80.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>"
      "<BookgDt><Dt>2026-11-02</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>E9</EndToEndId><MndtId>M-7</MndtId></Refs>"
      "<RltdPties><Dbtr><Pty><Nm>Ignored for a debit</Nm></Pty></Dbtr><Cdtr><Pty><Nm>Van Dijk B.V.</Nm></Pty></Cdtr>"
      "<CdtrAcct><Id><Othr><Id>12345</Id></Othr></Id></CdtrAcct></RltdPties>"
      "<RtrInf><Rsn><Cd>MD06</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>"
      "<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts></Ntry>";
  const auto file = arx::bank::parse_file(camt053(entry, "08"), "v8.xml");
  const auto &lines = file.statements.at(0).lines;
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(lines[0].credit);
  EXPECT_TRUE(lines[0].reversal);
  EXPECT_TRUE(lines[0].returned);
  EXPECT_EQ(lines[0].return_reason, "MD06");
  EXPECT_EQ(lines[0].mandate_id, "M-7");
  EXPECT_EQ(lines[0].payer_name, "Van Dijk B.V.");
  EXPECT_EQ(lines[0].payer_account, "12345");
  EXPECT_TRUE(lines[0].booked);
  EXPECT_FALSE(lines[1].booked);
}

}  // namespace
