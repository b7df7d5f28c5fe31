// Reading one invoice or credit note of the ERP into the EN 16931 document
// model, through the profile's einvoice.* statements.
#pragma once

#include <string_view>

#include "einvoice/document.hpp"
#include "db/context.hpp"

namespace arx::einvoice {

// What the ERP stored as the document's totals, for comparison with the
// totals arx computes by the EN 16931 rules.
struct erp_totals {
  int64_t net = 0;
  int64_t tax = 0;
  int64_t gross = 0;
};

struct erp_document {
  int64_t invoice_id = 0;
  std::string kind;  // "invoice", "credit_note", "fee"
  std::string state; // "draft", "posted", "cancelled"
  std::optional<std::string> language;
  std::string customer_number; // the ERP's customer number (not a business term)
  int64_t customer_id = 0;
  document doc;      // totals not yet computed
  erp_totals stored;
};

// Reads the document `number` of company `company_code`. Credit notes are
// turned into positive amounts (a UBL CreditNote states what is credited);
// the ERP's signs are kept in `stored`. Throws arx::error(ARX_E_NOT_FOUND)
// naming the company and number.
erp_document read_document(db::context &ctx, std::string_view company_code, std::string_view number,
                           specification spec);

}  // namespace arx::einvoice
