// The e-invoice conformance corpus: a fixed set of model documents that
// together cover every case the generators must get right (each VAT category
// alone and mixed, allowances and charges on both levels, several rates,
// foreign currency with VAT in the accounting currency, prepaid amounts,
// order/buyer/contract references, notes, credit notes with their invoice
// reference, German, Dutch, Austrian sellers and buyers from DE, NL, BE, FR,
// AT, US and CH), for Peppol BIS 3 and XRechnung 3.0.
//
// The documents are deterministic (no clock, no randomness between runs) and
// carry the data each specification's rules require: endpoints with schemes
// that pass their check-digit rules, VAT ids where the category needs them,
// seller contact and buyer reference for XRechnung, delivery date and
// country for intra-community supplies. Every document has been through
// compute_totals(); the UBL and CII conformance tests only write and
// validate them.
#pragma once

#include <string>
#include <vector>

#include "einvoice/document.hpp"

namespace arx::einvoice::conformance {

struct corpus_entry {
  std::string name;  // unique, usable as a file name stem: "042-peppol-K-DE-NL-credit-note"
  document doc;
};

// At least 200 documents, half Peppol BIS 3, half XRechnung 3.0.
std::vector<corpus_entry> build_corpus();

// Runs ARX_CONFORMANCE_DIR/validate-einvoice --quiet on `dir` (every .xml
// below it) and collects its report: exit status (0 all passed, 1 some
// failed, 2 could not run), the printed output (failing files and their
// findings) and the counts from its summary line "N passed, M failed"
// (-1 when the summary is missing).
struct validation_report {
  int exit_status = -1;
  std::string output;
  int passed = -1;
  int failed = -1;
};
validation_report run_validator(const std::string &dir);

// Helpers the corpus uses, exposed for the tests that check them.
// The IBAN with valid check digits for a country and its BBAN.
std::string make_iban(const std::string &country, const std::string &bban);
// A 13-digit GLN with its GS1 check digit appended to the 12 given digits.
std::string make_gln(const std::string &twelve_digits);
// A Belgian enterprise number: the 8 given digits (the first 0 or 1) and
// 97 - (those mod 97) as two check digits.
std::string make_be_enterprise_number(const std::string &eight_digits);

}  // namespace arx::einvoice::conformance
