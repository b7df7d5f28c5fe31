// The dunning letter as a PDF: letterhead, the customer's address, the
// notice's key fields, the text the template produced, the table of dunned
// items with the totals (overdue, fee, interest, total due) and the table of
// items listed but not yet due, over as many pages as it needs. The text
// comes from plugin/dunning/render; this file only lays it out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pdf/notice.hpp"
#include "einvoice/document.hpp"
#include "pdf/format.hpp"

namespace arx::pdf {

// The letter's text in order: runs of text and the places where the template
// listed the dunned items (the item table and the totals go there) and the
// items not yet due (their table goes there).
struct letter_part {
  enum class kind { text, items, items_not_due };
  kind k = kind::text;
  std::string text;  // kind::text only
};

struct dunning_letter {
  einvoice::party seller;
  einvoice::party customer;
  std::string title;               // the rendered subject
  std::vector<letter_part> body;
};

// True for an item the notice only lists: level 0 and not yet due
// (days_overdue <= 0). Every other item is in the dunned table.
bool listed_not_due(const dunning::notice_item &it) noexcept;

// The notice's interest rate ("10.27", percent per year) as the language
// writes it: "10,27 %" (de, nl), "10.27%" (en); text that is not a decimal
// is shown as it is, an empty rate gives "".
std::string format_interest_rate(std::string_view percent, const labels &l);

// The PDF bytes. A text part is drawn line by line (empty lines are gaps);
// the item table is drawn where the first kind::items part is, or after the
// text when there is none, and likewise the table of items not yet due (with
// its own heading when the text has no place for it). Throws
// arx::error(ARX_E_INVALID_ARGUMENT) for a language without labels or an
// unknown currency. Thread-safe for different letters.
std::string render_dunning_letter_pdf(const dunning::notice &n, const dunning_letter &d);

}  // namespace arx::pdf
