// Language-dependent text for the PDF documents: the label table (de, en, nl)
// and the formatting of amounts, quantities, percentages and dates. Amounts
// are exact integers throughout (core::format_minor / format_scaled give the
// plain decimal text, which is only regrouped here), never floating point.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace arx::pdf {

// Every text a PDF prints that does not come from the data. One instance per
// language; templates use {1}, {2}, ... for the values filled in by fill().
struct labels {
  const char *code;            // "de", "en", "nl"
  // number and date format
  char group_separator;        // 1.234,56 / 1,234.56
  char decimal_separator;
  // document titles
  const char *invoice;
  const char *credit_note;
  const char *statement;
  // page footer: "Page {1} of {2}"
  const char *page_of;
  const char *continued;       // on the top of following pages
  // header fields
  const char *number;
  const char *invoice_number;
  const char *credit_note_number;
  const char *issue_date;
  const char *due_date;
  const char *delivery_date;
  const char *buyer_reference;
  const char *order_reference;
  const char *contract_reference;
  const char *preceding_invoice;
  const char *preceding_invoice_of; // "{1} of {2}" (number, date)
  const char *customer_number;
  const char *as_of;
  const char *currency;
  const char *vat_id;
  const char *tax_number;
  const char *legal_id;
  const char *contact;
  const char *phone;
  const char *email;
  const char *recipient;       // address block heading of the buyer
  // line table
  const char *pos;
  const char *description;
  const char *quantity;
  const char *unit;
  const char *unit_price;
  const char *vat_percent;
  const char *net_amount;
  const char *allowance;
  const char *charge;
  const char *order_line;      // "Order line {1}"
  const char *amounts_in;      // "Amounts in {1}" (currency code) above tables
  // document allowances and charges, VAT breakdown
  const char *allowances_charges;
  const char *vat_breakdown;
  const char *vat_category;
  const char *vat_rate;
  const char *taxable_amount;
  const char *vat_amount;
  const char *exemption_reason;
  // totals
  const char *sum_lines;
  const char *sum_allowances;
  const char *sum_charges;
  const char *total_net;
  const char *total_vat;
  const char *total_gross;
  const char *prepaid;
  const char *rounding;
  const char *payable;
  const char *credited;
  // payment
  const char *payment;
  const char *iban;
  const char *bic;
  const char *account_name;
  const char *payment_reference;
  const char *payment_terms;
  const char *pay_by;          // amount, date, reference
  const char *pay_now;         // amount, reference (no due date)
  const char *credit_sentence; // amount, preceding invoice or number
  const char *notes;
  // statement
  const char *statement_intro; // as-of date
  const char *kind;
  const char *kind_invoice;
  const char *kind_credit_note;
  const char *kind_fee;
  const char *days_overdue;
  const char *original_amount;
  const char *open_amount;
  const char *total_open;
  const char *total_overdue;
  const char *no_open_items;
  const char *statement_pay;   // overdue amount, currency... (amount)
  const char *statement_ok;    // nothing overdue
};

// The labels of `language` ("de", "en", "nl"). Anything else throws
// arx::error(ARX_E_INVALID_ARGUMENT) naming the language and the allowed ones.
const labels &labels_for(std::string_view language);

// True for "de", "en", "nl".
bool is_language(std::string_view language) noexcept;

// Replaces {1}, {2}, {3} in `pattern` by the values.
std::string fill(std::string_view pattern, std::string_view v1, std::string_view v2 = {},
                 std::string_view v3 = {});

// Groups the integer part of plain decimal text ("-1234567.50") and puts the
// language's decimal separator in: "-1.234.567,50" (de, nl), "-1,234,567.50".
std::string localize_number(std::string_view plain, const labels &l);

// An amount in minor units of `currency`, with the currency's decimals:
// "1.234,56" (de, nl), "1,234.56" (en); with_code appends " EUR".
std::string format_amount(int64_t minor, std::string_view currency, const labels &l, bool with_code = false);

// A quantity or unit price scaled by 10^4, with trailing zero decimals
// dropped down to `min_decimals`: (25000, 0) -> "2,5", (100000, 2) -> "10,00".
std::string format_decimal4(int64_t value_e4, int min_decimals, const labels &l);

// A percentage in hundredths: 1900 -> "19 %", 750 -> "7,5 %" (de), "7.5%" (en).
std::string format_percent(int64_t hundredths, const labels &l);

// de 01.12.2026, nl 01-12-2026, en 1 Dec 2026.
std::string format_date(core::date d, const labels &l);

// A UN/ECE Rec 20 unit code as a reader knows it (C62 -> "Stk" / "pcs" /
// "st", HUR -> "Std" / "h" / "uur"); unknown codes are shown as they are.
std::string unit_name(std::string_view code, const labels &l);

// The name of a VAT category (UNTDID 5305) in the language.
std::string vat_category_name(std::string_view category, const labels &l);

// The exemption reason to print: the translation of compute_totals' default
// text for the category, or the ERP's own text when it gave another one.
std::string exemption_text(std::string_view category, std::string_view reason, const labels &l);

}  // namespace arx::pdf
