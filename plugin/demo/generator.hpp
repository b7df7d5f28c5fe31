// arx::demo::generate: seeded, realistic receivables data for the reference ERP
// (sql/profiles/reference/schema.sql), built in memory without a database.
// plugin/demo/writer.cpp inserts it; docs/DEMO_DATA.md describes what it holds.
//
// One struct per table, fields named exactly like the columns. A field is a
// std::optional exactly when its column is nullable in the schema, so the
// NULLs a real ERP has reach the features that read these tables.
//
// Units: ids are int64. Amounts (net/tax/gross, open item, payment and
// allocation amounts, line net) are int64 minor units of the row's currency
// (EUR, GBP and USD: exponent 2, so 12345 = 123.45). Line quantity and
// unit_price are DECIMAL(18,4) held at scale 4 (10000 = 1.0000). Percentages
// (tax_percent, cash_discount_percent) are DECIMAL(5,2) held in hundredths
// (1900 = 19.00 %). Dates are calendar dates.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "erp/company.hpp"

namespace arx::demo {

struct options {
  uint64_t seed = 42;
  uint32_t customers = 300;  // per company, 1 .. 1000000
  uint32_t invoices = 3000;  // ERP invoices per company (all kinds and states), 0 .. 10000000
  // The last day of the generated history, which covers the 15 months before
  // it. Must be a valid date; there is no default.
  std::chrono::year_month_day as_of;
};

// A company of the reference ERP: what arx reads of every company
// (erp::company) and the rest of its row.
struct company : erp::company {
  std::optional<std::string> vat_id;
  std::optional<std::string> iban;
  std::optional<std::string> bic;
  std::optional<std::string> street;
  std::optional<std::string> city;
  std::optional<std::string> postcode;
  std::optional<std::string> email;
  std::optional<std::string> peppol_id;
  std::optional<std::string> phone;         // accounts receivable desk
  std::optional<std::string> contact_name;  // who answers it
  bool operator==(const company &) const = default;
};

struct customer {
  int64_t id = 0;
  int64_t company_id = 0;
  std::string number;
  std::string name;
  std::optional<std::string> country;
  std::optional<std::string> vat_id;
  std::optional<std::string> email;
  std::optional<std::string> language;  // "de", "en" or "nl"
  std::optional<std::string> street;
  std::optional<std::string> city;
  std::optional<std::string> postcode;
  std::optional<std::string> peppol_id;
  std::optional<int32_t> payment_terms_days;  // NULL: the company default (30 days)
  bool operator==(const customer &) const = default;
};

struct customer_bank_account {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string iban;
  bool operator==(const customer_bank_account &) const = default;
};

struct invoice {
  int64_t id = 0;
  int64_t company_id = 0;
  int64_t customer_id = 0;
  std::string number;
  std::string kind;  // "invoice", "credit_note", "fee"
  std::chrono::year_month_day issue_date;
  std::optional<std::chrono::year_month_day> due_date;  // NULL on drafts
  std::string currency;
  int64_t net_amount = 0;  // negative on credit notes
  int64_t tax_amount = 0;
  int64_t gross_amount = 0;
  std::string state;  // "draft", "posted", "cancelled"
  std::optional<std::string> buyer_reference;
  // The customer's purchase order; on a credit note or fee: the number of the
  // invoice it refers to (docs/DEMO_DATA.md).
  std::optional<std::string> order_reference;
  std::optional<std::string> payment_reference;
  std::optional<int64_t> cash_discount_percent;  // hundredths: 200 = 2.00 %
  std::optional<std::chrono::year_month_day> cash_discount_date;
  bool operator==(const invoice &) const = default;
};

struct invoice_line {
  int64_t id = 0;
  int64_t invoice_id = 0;
  int32_t line_no = 0;
  std::optional<std::string> description;
  int64_t quantity = 0;  // scale 4; negative on credit notes
  std::optional<std::string> unit_code;
  int64_t unit_price = 0;  // scale 4, never negative
  int64_t net_amount = 0;  // round(quantity x unit_price) in minor units
  std::optional<std::string> tax_category;  // S, Z, E, AE, K, G, O
  std::optional<int64_t> tax_percent;       // hundredths; NULL for category O
  bool operator==(const invoice_line &) const = default;
};

struct open_item {
  int64_t id = 0;
  int64_t company_id = 0;
  int64_t customer_id = 0;
  std::optional<int64_t> invoice_id;  // NULL: opening balance taken over from a former system
  std::optional<std::chrono::year_month_day> due_date;
  std::string currency;
  int64_t original_amount = 0;  // the invoice's gross; negative for credit notes
  int64_t open_amount = 0;      // original_amount - sum of the item's allocations
  bool operator==(const open_item &) const = default;
};

struct payment {
  int64_t id = 0;
  int64_t company_id = 0;
  std::optional<int64_t> customer_id;  // NULL: payer not identified yet
  std::chrono::year_month_day value_date;
  std::string currency;
  int64_t amount = 0;  // cash received, always > 0
  std::optional<std::string> payer_name;
  std::optional<std::string> payer_iban;
  std::optional<std::string> bank_reference;  // always set and unique
  std::optional<std::string> remittance_text;
  bool operator==(const payment &) const = default;
};

struct payment_allocation {
  int64_t id = 0;
  std::optional<int64_t> payment_id;  // NULL only for write-offs without cash
  int64_t open_item_id = 0;
  int64_t amount = 0;  // reduces the open item; negative when a credit note is used up
  std::string kind;    // "payment", "discount", "write_off", "deduction"
  bool operator==(const payment_allocation &) const = default;
};

struct dataset {
  std::vector<company> companies;
  std::vector<customer> customers;
  std::vector<customer_bank_account> bank_accounts;
  std::vector<invoice> invoices;
  std::vector<invoice_line> lines;
  std::vector<open_item> open_items;
  std::vector<payment> payments;
  std::vector<payment_allocation> allocations;
  bool operator==(const dataset &) const = default;
};

// Deterministic: the same options give identical data on every platform and
// standard library (own PRNG, integer arithmetic only). Throws arx::error
// (ARX_E_INVALID_ARGUMENT) for an invalid as_of or out-of-range sizes.
dataset generate(const options &opt);

}  // namespace arx::demo
