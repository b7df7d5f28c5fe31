// Language-dependent text for the PDF documents: the labels, one file per
// language under plugin/pdf/labels (de.txt, en.txt, nl.txt, ...), compiled in
// and read once, and the formatting of amounts, quantities, percentages and
// dates by them. Amounts are exact integers throughout (core::format_minor /
// format_scaled give the plain decimal text, which is only regrouped here),
// never floating point.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "pdf/texts.hpp"

namespace arx::pdf {

// The keys the code reads with labels[]; en.txt has every one of them.
// Families read by a code (unit.<code>, vat_category.<code>,
// exemption.<code>, kind.<kind>) are looked up with labels::find.
inline constexpr auto label_keys = std::to_array<std::string_view>({
    "format.group_separator", "format.decimal_separator", "format.percent", "format.date", "month.1", "month.2",
    "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9", "month.10", "month.11", "month.12",
    "invoice", "credit_note", "statement", "page_of", "continued", "number", "invoice_number", "credit_note_number",
    "issue_date", "due_date", "delivery_date", "buyer_reference", "order_reference", "contract_reference",
    "preceding_invoice", "preceding_invoice_of", "customer_number", "as_of", "currency", "vat_id", "tax_number",
    "legal_id", "contact", "phone", "email", "recipient", "pos", "description", "quantity", "unit", "unit_price",
    "vat_percent", "net_amount", "allowance", "charge", "order_line", "amounts_in", "allowances_charges",
    "vat_breakdown", "vat_category", "vat_rate", "taxable_amount", "vat_amount", "exemption_reason", "sum_lines",
    "sum_allowances", "sum_charges", "total_net", "total_vat", "total_gross", "prepaid", "rounding", "payable",
    "credited", "payment", "iban", "bic", "account_name", "payment_reference", "payment_terms", "pay_by", "pay_now",
    "credit_sentence", "notes", "statement_intro", "kind", "days_overdue", "original_amount", "open_amount",
    "total_open", "total_overdue", "no_open_items", "statement_pay", "statement_ok", "dunning.pay_by",
    "dunning.level", "dunning.item_level", "dunning.interest", "dunning.overdue_total", "dunning.fee",
    "dunning.interest_total", "dunning.total_due", "dunning.not_due", "dunning.amount",
});

// A key of label_keys, checked when arx is compiled: l["invoce"] does not build.
struct label_key {
  consteval label_key(const char *key) : name(key) {
    if (std::find(label_keys.begin(), label_keys.end(), name) == label_keys.end())
      throw "not a key of arx::pdf::label_keys";  // stops the compilation
  }
  std::string_view name;
};

// Every text a PDF prints that does not come from the data, in one language;
// English's text where the language's file lacks a key. Placeholders
// ({amount}, {date}, ...) are filled with fill().
class labels {
 public:
  labels(const language_texts &texts, std::string code) : texts_(&texts), code_(std::move(code)) {}
  const std::string &code() const noexcept { return code_; }
  const std::string &operator[](label_key key) const noexcept { return *texts_->find(code_, key.name); }
  // A text of a family ("unit.C62"), or nullptr when English has none either.
  const std::string *find(std::string_view key) const noexcept { return texts_->find(code_, key); }

 private:
  const language_texts *texts_;
  std::string code_;
};

// The label files of every language, as the build embedded them; parsed on
// first use (throws arx::error(ARX_E_INTERNAL) naming file and line for a
// malformed one, or naming a key of label_keys that en.txt lacks).
const language_texts &label_texts();

// The labels of `language` ("de", "en", "nl", ...: a file of
// plugin/pdf/labels). Anything else throws arx::error(ARX_E_INVALID_ARGUMENT)
// naming the language and the allowed ones.
const labels &labels_for(std::string_view language);

// True for a language that has a label file.
bool is_language(std::string_view language) noexcept;

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

// Localized number text with the language's percent sign (format.percent).
std::string with_percent_sign(std::string_view number, const labels &l);

// de 01.12.2026, nl 01-12-2026, en 1 Dec 2026 (format.date).
std::string format_date(core::date d, const labels &l);

// A UN/ECE Rec 20 unit code as a reader knows it (C62 -> "Stk" / "pcs" /
// "st", HUR -> "Std" / "h" / "uur"); unknown codes are shown as they are.
std::string unit_name(std::string_view code, const labels &l);

// "Rechnung" / "Invoice" / "Factuur" for an item kind (invoice, credit_note,
// fee: kind.<kind>); an unknown kind is shown as it is.
std::string item_kind_text(std::string_view kind, const labels &l);

// The name of a VAT category (UNTDID 5305) in the language.
std::string vat_category_name(std::string_view category, const labels &l);

// The exemption reason to print: the translation of compute_totals' default
// text for the category, or the ERP's own text when it gave another one.
std::string exemption_text(std::string_view category, std::string_view reason, const labels &l);

}  // namespace arx::pdf
