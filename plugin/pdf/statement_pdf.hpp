// The statement of account of one customer as a PDF: the open items on a
// date with their open amounts, days overdue, the total open and the overdue
// total, over as many pages as it needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "einvoice/document.hpp"

namespace arx::pdf {

struct statement_item {
  std::string number;
  std::string kind;                   // "invoice", "credit_note", "fee"
  core::date issue_date;
  std::optional<core::date> due_date;
  int64_t original_amount = 0;        // minor units of statement::currency
  int64_t open_amount = 0;            // negative for an open credit
  int days_overdue = 0;               // <= 0: not overdue
};

struct statement {
  einvoice::party seller;
  einvoice::party customer;
  std::string customer_number;
  core::date as_of;
  std::string currency;               // ISO 4217; every amount is in its minor units
  std::vector<statement_item> items;  // printed in this order
  std::optional<std::string> iban, bic;
};

// Returns the bytes of the PDF. `language` is "de", "en" or "nl"; anything
// else throws arx::error(ARX_E_INVALID_ARGUMENT), as does an unknown
// currency. The overdue total is the sum of the open amounts of the items
// with days_overdue > 0. Thread-safe for different statements.
std::string render_statement_pdf(const statement &s, std::string_view language);

}  // namespace arx::pdf
