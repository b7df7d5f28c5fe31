// The UBL 2.1 generator: a document of the EN 16931 model written as a UBL
// Invoice (type code 380) or CreditNote (381), following the Peppol BIS
// Billing 3.0 and XRechnung 3.0 UBL syntax bindings. Elements are written in
// the order the UBL 2.1 schema's sequences require.
#pragma once

#include <string>
#include <string_view>

#include "einvoice/document.hpp"

namespace arx::einvoice {

// The CustomizationID (BT-24) and ProfileID (BT-23) of a specification.
std::string_view customization_id(specification spec) noexcept;
std::string_view profile_id(specification spec) noexcept;

// Writes `doc` as UBL 2.1 XML (UTF-8, with declaration). The document must
// have been through compute_totals(): the VAT breakdown and totals are taken
// from doc.vat and doc.sums as they are. Amounts are written at the
// currency's exponent with currencyID, quantities with unitCode, unit prices
// with at least the currency's decimals and at most four.
//
// Syntax choices by specification: Peppol BIS 3 allows one document note
// unless seller and buyer are both German, so several notes are joined into
// one (lines separated by "\n") for other Peppol documents. A credit note's
// due date (BT-9) goes to PaymentMeans/PaymentDueDate, since a UBL
// CreditNote has no DueDate. With tax_currency set, a second TaxTotal holds
// BT-111 in that currency. A VAT breakdown row of category O (no rate) is
// written with Percent 0, as XRechnung (BR-DE-14) and Peppol between German
// parties (DE-R-014) require a rate on every breakdown row.
//
// Zero-decimal currencies (JPY, ...) are written at exponent 0 as ISO 4217
// says, but the Peppol rules R040/R120 compare with a slack of 0.02, so a
// line whose quantity x price or percentage allowance does not come out in
// whole units fails them; validation should flag such documents.
//
// Throws arx::error(ARX_E_INVALID_ARGUMENT) when the totals have not been
// computed (no VAT breakdown) or a currency code is unknown.
std::string write_ubl(const document &doc);

}  // namespace arx::einvoice
