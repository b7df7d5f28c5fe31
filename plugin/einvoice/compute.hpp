// The EN 16931 calculation rules (BR-CO-*) applied to a document: line nets
// checked against quantity x price, the VAT breakdown per category and rate,
// the document totals BT-106..BT-115 and the VAT total in the VAT accounting
// currency (BT-111). Exact integer arithmetic only (core/money).
#pragma once

#include <string>
#include <string_view>

#include "einvoice/document.hpp"

namespace arx::einvoice {

// Checks and completes `doc`:
//  * every line's net amount (BT-131) must equal
//      round(quantity x unit price) - line allowances + line charges
//    (rounded half away from zero to the currency's exponent); a line
//    allowance or charge that states base and percentage must have
//    amount = round(base x percentage);
//  * doc.vat is rebuilt: one row per (category, rate) in order of first use
//    by the lines, then the document allowances and charges; taxable amount
//    = line nets - document allowances + document charges of that row
//    (BR-S-08, BR-Z-08, BR-E-08, BR-AE-08, BR-IC-08, BR-G-08, BR-O-08); VAT
//    = round(taxable x rate) half away from zero (BR-CO-17); exemption
//    reasons and VATEX codes filled for E, AE, K, G and O (BT-120/121);
//  * an ERP's own VAT rounding is kept: when doc.erp_tax differs from the
//    computed VAT, the document has one VAT rate above 0 % and no document
//    allowances or charges, and the ERP's figure lies between the sums of
//    each line's exact VAT rounded down and rounded up (so it is that VAT
//    rounded another way: half to even, as Tryton does, or per line), and
//    within one currency unit (the tolerance of BR-S-09 and its kin), that
//    row's VAT becomes the ERP's and doc.erp_tax_adopted is set; any other
//    difference stays for the validation to report;
//  * doc.sums: BT-106..BT-112 and BT-115 are computed; BT-113 (prepaid) and
//    BT-114 (rounding) are inputs and are kept; BT-111 is computed from
//    tax_currency_rate_e6 when tax_currency is set, cleared otherwise.
// Throws arx::error(ARX_E_VALIDATION) naming the line or allowance and the
// rule when the document's figures or categories are inconsistent, and
// ARX_E_INVALID_ARGUMENT for an unknown currency code.
void compute_totals(document &doc);

// The default exemption reason text and VATEX code for a VAT category, as
// compute_totals fills them; empty strings for S, Z, L, M (no reason).
struct exemption_default {
  std::string reason;
  std::string code;
};
exemption_default default_exemption(std::string_view category);

// True for the UNTDID 5305 VAT categories EN 16931 uses:
// S, Z, E, AE, K, G, O, L, M.
bool is_vat_category(std::string_view category) noexcept;

}  // namespace arx::einvoice
