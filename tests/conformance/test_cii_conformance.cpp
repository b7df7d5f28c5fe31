// CII conformance: every corpus document that follows XRechnung 3.0 or plain
// EN 16931 is written by write_cii() and checked twice: by reading it back
// (its figures are the document's own) and by the official validators
// (../shared/conformance/validate-einvoice: CII D16B XSD, EN 16931 and, for
// XRechnung, the XRechnung 3.0.2 rules). Zero fatal findings are required.
//
// The validator is found through ARX_CONFORMANCE_DIR (compile definition or
// environment variable) or else beside the repository, as ../shared/conformance.
// The written files stay in $TMPDIR/arx-conformance-cii-<pid> when something fails,
// so the findings can be reproduced with the validator by hand.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/money.hpp"
#include "corpus.hpp"
#include "einvoice/cii.hpp"

namespace {

namespace fs = std::filesystem;
using namespace arx::einvoice;

fs::path conformance_dir() {
#ifdef ARX_CONFORMANCE_DIR
  return fs::path(ARX_CONFORMANCE_DIR);
#else
  if (const char *env = std::getenv("ARX_CONFORMANCE_DIR"); env && *env)
    return fs::path(env);
  // tests/conformance/<this file> -> <repository>/../shared/conformance
  return fs::weakly_canonical(fs::path(__FILE__).parent_path() / ".." / ".." / ".." / "shared" /
                              "conformance");
#endif
}

bool written_as_cii(const document &d) {
  return d.spec == specification::xrechnung_3 || d.spec == specification::en16931;
}

// The corpus documents this suite writes, built once.
const std::vector<conformance::corpus_entry> &cii_corpus() {
  static const std::vector<conformance::corpus_entry> entries = [] {
    std::vector<conformance::corpus_entry> selected;
    for (auto &e : conformance::build_corpus())
      if (written_as_cii(e.doc))
        selected.push_back(std::move(e));
    return selected;
  }();
  return entries;
}

// The CII part of the corpus must still cover every case the issue names, so
// that a smaller corpus cannot quietly validate less.
TEST(cii_conformance, corpus_covers_every_case) {
  const auto &corpus = cii_corpus();
  ASSERT_GE(corpus.size(), 50u) << "too few XRechnung / EN 16931 documents in the corpus";
  std::set<std::string> categories;
  bool credit_note = false, tax_currency = false, document_ac = false, line_ac = false,
       prepaid = false, several_rates = false, order = false, contract = false, notes = false,
       preceding = false, iban = false, remittance = false;
  for (const auto &e : corpus) {
    const document &d = e.doc;
    for (const auto &v : d.vat)
      categories.insert(v.category);
    credit_note |= d.type == document_type::credit_note;
    tax_currency |= d.tax_currency.has_value();
    document_ac |= !d.allowances_charges.empty();
    for (const auto &l : d.lines)
      line_ac |= !l.allowances_charges.empty();
    prepaid |= d.sums.prepaid != 0;
    several_rates |= d.vat.size() > 1;
    order |= d.order_reference.has_value();
    contract |= d.contract_reference.has_value();
    notes |= !d.notes.empty();
    preceding |= d.preceding_invoice.has_value();
    iban |= d.payment.iban.has_value();
    remittance |= d.payment.remittance.has_value();
  }
  for (const char *c : {"S", "Z", "E", "AE", "K", "G", "O"})
    EXPECT_TRUE(categories.count(c)) << "no CII corpus document with VAT category " << c;
  EXPECT_TRUE(credit_note) << "no credit note";
  EXPECT_TRUE(tax_currency) << "no foreign currency with a VAT accounting currency";
  EXPECT_TRUE(document_ac) << "no document-level allowance or charge";
  EXPECT_TRUE(line_ac) << "no line-level allowance or charge";
  EXPECT_TRUE(prepaid) << "no prepaid amount";
  EXPECT_TRUE(several_rates) << "no document with several VAT rates";
  EXPECT_TRUE(order && contract && notes && preceding && iban && remittance)
      << "references, notes, IBAN or RF reference missing from the CII corpus";
}

// Each written document read back: identity, type, lines and the totals a
// receiver books come from the model, formatted at the currency exponent.
TEST(cii_conformance, written_documents_carry_the_model_figures) {
  for (const auto &e : cii_corpus()) {
    SCOPED_TRACE(e.name);
    const document &d = e.doc;
    const std::string text = write_cii(d);
    pugi::xml_document xml;
    ASSERT_TRUE(xml.load_string(text.c_str()));
    auto root = xml.child("rsm:CrossIndustryInvoice");
    auto doc_node = root.child("rsm:ExchangedDocument");
    EXPECT_EQ(std::string(doc_node.child_value("ram:ID")), d.number);
    EXPECT_EQ(std::string(doc_node.child_value("ram:TypeCode")),
              d.type == document_type::credit_note ? "381" : "380");
    auto transaction = root.child("rsm:SupplyChainTradeTransaction");
    size_t lines = 0;
    for (auto n = transaction.child("ram:IncludedSupplyChainTradeLineItem"); n;
         n = n.next_sibling("ram:IncludedSupplyChainTradeLineItem"))
      ++lines;
    EXPECT_EQ(lines, d.lines.size());

    const int exp = arx::core::currency_exponent(d.currency);
    auto sums = transaction.child("ram:ApplicableHeaderTradeSettlement")
                    .child("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    EXPECT_EQ(std::string(sums.child_value("ram:DuePayableAmount")),
              arx::core::format_minor(d.sums.payable, exp));
    EXPECT_EQ(std::string(sums.child_value("ram:GrandTotalAmount")),
              arx::core::format_minor(d.sums.tax_inclusive, exp));
    size_t tax_totals = 0;
    for (auto n = sums.child("ram:TaxTotalAmount"); n; n = n.next_sibling("ram:TaxTotalAmount"))
      ++tax_totals;
    EXPECT_EQ(tax_totals, d.tax_currency ? 2u : 1u);
  }
}

TEST(cii_conformance, official_validators_find_nothing_fatal) {
  const fs::path validator = conformance_dir() / "validate-einvoice";
  ASSERT_TRUE(fs::exists(validator))
      << "validator not found at " << validator << " (set ARX_CONFORMANCE_DIR)";
  // One directory per run, so that two build trees can test at once.
  const fs::path out =
      fs::temp_directory_path() / ("arx-conformance-cii-" + std::to_string(getpid()));
  fs::remove_all(out);
  fs::create_directories(out);

  size_t written = 0;
  for (const auto &e : cii_corpus()) {
    std::ofstream file(out / (e.name + ".xml"), std::ios::binary);
    file << write_cii(e.doc);
    ASSERT_TRUE(file.good()) << "could not write " << (out / (e.name + ".xml"));
    ++written;
  }
  ASSERT_GT(written, 0u);

  const auto r = arx::einvoice::conformance::run_validator(out.string());
  ASSERT_NE(r.exit_status, 2) << "the validator could not run (apt-get install libxml2-utils "
                                 "default-jre-headless libsaxonhe-java):\n"
                              << r.output;
  EXPECT_EQ(r.passed, static_cast<int>(written)) << r.output;
  EXPECT_EQ(r.failed, 0) << "fatal findings (files kept in " << out << "):\n" << r.output;
  EXPECT_EQ(r.exit_status, 0) << r.output;
  std::printf("[ cii      ] %zu CII documents written, validator: %d passed, %d failed\n", written, r.passed,
              r.failed);
  if (r.exit_status == 0 && r.failed == 0)
    fs::remove_all(out);
}

} // namespace
