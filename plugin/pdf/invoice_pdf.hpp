// The human-readable PDF of an invoice or credit note (A4, DejaVu Sans):
// seller and buyer, references, the line table over as many pages as it
// needs, allowances and charges, the VAT breakdown, totals, payment
// instructions with the structured RF reference, notes.
#pragma once

#include <string>
#include <string_view>

#include "einvoice/document.hpp"

namespace arx::pdf {

// Returns the bytes of the PDF of `doc`, which must have been through
// einvoice::compute_totals(). `language` is "de", "en" or "nl"; anything else
// throws arx::error(ARX_E_INVALID_ARGUMENT). Amounts are printed exactly at
// the currency's decimals with the currency code; dates as 01.12.2026 (de),
// 01-12-2026 (nl), 1 Dec 2026 (en). The PDF's title is the document number,
// its creator "arx". Thread-safe for different documents.
std::string render_invoice_pdf(const einvoice::document &doc, std::string_view language);

}  // namespace arx::pdf
