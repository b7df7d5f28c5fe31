// A dunning notice as the customer reads it: the e-mail subject and body
// rendered from a template (a built-in one per template name and language,
// or an admin's own), and the letter PDF with the same text, the item table
// and the totals (plugin/pdf/dunning_letter). Google's ctemplate (Debian's
// libctemplate) parses and expands the templates.
//
// Template data (every value is text, inserted verbatim with {{x}}: nothing
// is escaped; amounts carry the currency code and amounts and dates are
// written the way the notice's language writes them):
//   customer_name, customer_number, company_name, as_of, pay_by, level,
//   currency, overdue_total, fee, interest, interest_rate ("10,27 %"),
//   total_due, iban, bic,
//   payment_reference   the dunned invoice numbers, comma-separated; when that
//                       is longer than 140 characters (SEPA remittance text):
//                       the customer number and the as-of date (YYYY-MM-DD)
//   has_fee / no_fee, has_interest / no_interest,
//   has_items_not_due / no_items_not_due   yes/no, sections only (exactly one
//                       of each pair is shown)
//   items               section: the dunned items (overdue items and open
//                       credits, in the notice's order), each with
//                       invoice_number, kind ("Rechnung"), issue_date,
//                       due_date, open_amount, days_overdue, level, interest
//                       and the yes/no sections is_credit / not_credit
//   items_not_due       section: the listed items not yet due (level 0,
//                       days_overdue <= 0), with the same names
// Sections are {{#x}}...{{/x}}: on the lists, the yes/no values and on text
// values (shown when the text is not empty); inside an item's section the
// top names stay visible. ctemplate has no inverted sections ({{^x}}): use
// the no_ / not_ counterpart. A line holding only section or comment markers
// leaves nothing behind, not even its line break. Comments ({{! ...}}) are
// allowed; modifiers ({{x:h}}), includes, pragmas, delimiter changes, spaces
// inside markers and mustache's {{{x}}} / {{&x}} are refused. In the letter
// the items / items_not_due sections are replaced by the tables.
#pragma once

#include <string>
#include <vector>

#include "pdf/notice.hpp"

namespace arx::dunning {

struct template_text {
  std::string subject;  // ctemplate sources
  std::string body;
};

// The built-in template `name` ("reminder", "second_reminder",
// "final_notice") in `language` (de, en, nl); throws
// arx::error(ARX_E_NOT_FOUND) naming both for an unknown one.
template_text builtin_template(const std::string &name, const std::string &language);
std::vector<std::string> builtin_template_names();

// Checks a template an admin writes: ctemplate syntax, known variables and
// sections only, in the scope they exist in; throws arx::error(ARX_E_CONFIG)
// naming the part, the line, the problem and the variable when it is refused.
void check_template(const template_text &t);

struct party_text {
  std::string name, street, postcode, city, country, vat_id, email, phone, iban, bic;
};

struct rendered {
  std::string subject;     // one line: line breaks become spaces
  std::string body;        // plain text, ending with one newline
  std::string letter_pdf;  // the PDF bytes
};

// Renders subject and body from `t` with the notice's values (checked with
// check_template first) and draws the letter PDF. The language is
// n.language; iban and bic come from the seller. Control characters other
// than tab and newline are dropped from the values.
rendered render_notice(const notice &n, const template_text &t, const party_text &seller, const party_text &customer);

}  // namespace arx::dunning
