// UBL conformance: the corpus written by write_ubl() and validated by the
// official rule sets (UBL 2.1 XSD, EN 16931, Peppol BIS 3, XRechnung 3.0.2)
// through ../shared/conformance/validate-einvoice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "corpus.hpp"
#include "core/rf_reference.hpp"
#include "einvoice/ubl.hpp"

namespace {

namespace fs = std::filesystem;
using namespace arx::einvoice;
using namespace arx::core;
using arx::einvoice::conformance::build_corpus;
using arx::einvoice::conformance::corpus_entry;

std::set<std::string> categories_of(const document &d) {
  std::set<std::string> out;
  for (const auto &v : d.vat) out.insert(v.category);
  return out;
}

// The check-digit helpers the corpus builds its identifiers with, against
// published example values: the IBAN DE89 3704 0044 0532 0130 00, the GTIN
// 4006381333931 (GS1 mod 10, as for GLNs), the enterprise number 0403.019.261.
TEST(ubl_conformance, identifier_helpers) {
  EXPECT_EQ(conformance::make_iban("DE", "370400440532013000"), "DE89370400440532013000");
  EXPECT_EQ(conformance::make_gln("400638133393"), "4006381333931");
  EXPECT_EQ(conformance::make_be_enterprise_number("04030192"), "0403019261");
}

// The corpus itself: at least 200 documents that cover every case of the
// e-invoice issue. Each claim is checked on the documents, not assumed.
TEST(ubl_conformance, corpus_covers_every_case) {
  const std::vector<corpus_entry> corpus = build_corpus();
  ASSERT_GE(corpus.size(), 200u);

  std::set<std::string> names;
  std::map<std::string, int> alone, mixed;
  int peppol = 0, xrechnung = 0, credit_notes = 0, doc_allowances = 0, doc_charges = 0, line_allowances = 0,
      line_charges = 0, several_rates = 0, foreign = 0, prepaid = 0, orders = 0, buyer_refs = 0, contracts = 0,
      multi_notes = 0, deliveries = 0, rounded = 0;
  std::set<std::string> seller_countries, buyer_countries, currencies, endpoint_schemes;
  for (const corpus_entry &e : corpus) {
    const document &d = e.doc;
    EXPECT_TRUE(names.insert(e.name).second) << "duplicate name " << e.name;
    const auto cats = categories_of(d);
    for (const auto &c : cats) (cats.size() == 1 ? alone : mixed)[c]++;
    std::set<int64_t> s_rates;
    for (const auto &v : d.vat)
      if (v.category == "S" && v.percent) s_rates.insert(*v.percent);
    several_rates += s_rates.size() > 1;
    peppol += d.spec == specification::peppol_bis3;
    xrechnung += d.spec == specification::xrechnung_3;
    if (d.type == document_type::credit_note) {
      ++credit_notes;
      EXPECT_TRUE(d.preceding_invoice.has_value()) << e.name;
    }
    for (const auto &ac : d.allowances_charges) (ac.is_charge ? doc_charges : doc_allowances)++;
    for (const auto &l : d.lines)
      for (const auto &ac : l.allowances_charges) (ac.is_charge ? line_charges : line_allowances)++;
    if (d.tax_currency) {
      ++foreign;
      EXPECT_TRUE(d.sums.tax_in_tax_currency.has_value()) << e.name;
    }
    prepaid += d.sums.prepaid != 0;
    rounded += d.sums.rounding != 0;
    orders += d.order_reference.has_value();
    buyer_refs += d.buyer_reference.has_value();
    contracts += d.contract_reference.has_value();
    multi_notes += d.notes.size() > 1;
    deliveries += d.deliver_to.has_value();
    seller_countries.insert(d.seller.country);
    buyer_countries.insert(d.buyer.country);
    currencies.insert(d.currency);
    if (d.seller.endpoint) endpoint_schemes.insert(d.seller.endpoint->scheme);
    if (d.buyer.endpoint) endpoint_schemes.insert(d.buyer.endpoint->scheme);
    ASSERT_TRUE(d.payment.remittance.has_value()) << e.name;
    EXPECT_TRUE(is_valid_rf_reference(*d.payment.remittance)) << e.name << ": " << *d.payment.remittance;
  }
  for (const char *c : {"S", "Z", "E", "AE", "K", "G", "O"}) {
    EXPECT_GT(alone[c], 0) << "no document with only VAT category " << c;
    // O (not subject to VAT) can never be mixed with another category (BR-O-11).
    if (std::string(c) != "O") {
      EXPECT_GT(mixed[c], 0) << "no document mixing VAT category " << c;
    }
  }
  EXPECT_GE(peppol, 100);
  EXPECT_GE(xrechnung, 100);
  EXPECT_GT(credit_notes, 0);
  EXPECT_GT(doc_allowances, 0);
  EXPECT_GT(doc_charges, 0);
  EXPECT_GT(line_allowances, 0);
  EXPECT_GT(line_charges, 0);
  EXPECT_GT(several_rates, 0);
  EXPECT_GT(foreign, 0);
  EXPECT_GT(prepaid, 0);
  EXPECT_GT(rounded, 0);
  EXPECT_GT(orders, 0);
  EXPECT_GT(buyer_refs, 0);
  EXPECT_GT(contracts, 0);
  EXPECT_GT(multi_notes, 0);
  EXPECT_GT(deliveries, 0);
  EXPECT_GE(seller_countries.size(), 3u);
  EXPECT_GE(buyer_countries.size(), 6u);
  EXPECT_GE(currencies.size(), 4u);
  EXPECT_GE(endpoint_schemes.size(), 6u);
}

// Every corpus document written as UBL passes every rule set; a document with
// inconsistent totals, written alongside, is the one failure the validator
// must report (so a validator that passes everything cannot pass this test).
TEST(ubl_conformance, corpus_passes_the_official_validators) {
  const std::vector<corpus_entry> corpus = build_corpus();
  std::string tmpl = (fs::temp_directory_path() / "arx-ubl-conformance-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;

  for (const corpus_entry &e : corpus) {
    std::ofstream(dir / (e.name + ".xml"), std::ios::binary) << write_ubl(e.doc);
  }
  document broken = corpus.front().doc;
  broken.sums.payable += 1;  // BR-CO-16: payable = inclusive - prepaid + rounding
  const std::string broken_name = "zzz-negative-control-wrong-payable.xml";
  std::ofstream(dir / broken_name, std::ios::binary) << write_ubl(broken);

  const conformance::validation_report r = conformance::run_validator(dir.string());
  ASSERT_NE(r.exit_status, 2) << "validate-einvoice could not run (scripts/setup installs xmllint, java, Saxon):\n"
                              << r.output;
  EXPECT_EQ(r.passed, static_cast<int>(corpus.size())) << r.output;
  EXPECT_EQ(r.failed, 1) << "expected only the negative control to fail:\n" << r.output;
  EXPECT_NE(r.output.find(broken_name), std::string::npos) << "the negative control was not reported:\n" << r.output;
  EXPECT_NE(r.output.find("BR-CO-16"), std::string::npos) << r.output;
  // ARX_CONFORMANCE_KEEP=1 keeps the generated files for inspection.
  if (r.failed == 1 && r.passed == static_cast<int>(corpus.size()) && std::getenv("ARX_CONFORMANCE_KEEP") == nullptr) {
    fs::remove_all(dir);
  } else {
    std::cerr << "generated documents kept in " << dir << "\n";
  }
}

}  // namespace
