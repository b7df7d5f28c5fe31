// Writing an EN 16931 document as a UN/CEFACT Cross Industry Invoice (CII,
// D16B): the syntax XRechnung accepts besides UBL and the XML that Factur-X
// and ZUGFeRD embed in their PDF.
#pragma once

#include <string>

#include "einvoice/document.hpp"

namespace arx::einvoice {

// Writes `doc` as an rsm:CrossIndustryInvoice in UTF-8, elements in the order
// of the CII D16B schema. The document's totals and VAT breakdown (doc.vat,
// doc.sums) must already be computed; the writer derives nothing, it only
// formats: amounts at the currency's exponent (BT-111 at the tax currency's),
// quantities and unit prices from scale 4, percentages from hundredths.
//
// doc.spec selects the specification identifier (BT-24):
//   xrechnung_3  urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0
//   en16931      urn:cen.eu:en16931:2017
// Type code 380 for an invoice, 381 for a credit note (amounts stay positive).
//
// Throws arx::error(ARX_E_INVALID_ARGUMENT) for peppol_bis3 (written as UBL),
// an unknown currency code, a tax currency without its BT-111 total, and text
// that XML cannot carry (not UTF-8, or control characters); the message names
// the document number and the element.
std::string write_cii(const document &doc);

} // namespace arx::einvoice
