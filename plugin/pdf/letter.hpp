// The parts every arx business letter shares (invoice, credit note,
// statement of account): the seller's letterhead, the recipient's address
// block, a column of labelled fields, the heading of continuation pages and
// the page footer "Page 1 of 3".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "einvoice/document.hpp"
#include "pdf/canvas.hpp"
#include "pdf/format.hpp"

namespace arx::pdf {

using fields = std::vector<std::pair<std::string, std::string>>;

// Seller name on the left, address, VAT id and contact on the right; returns
// the y below it.
double draw_letterhead(canvas &c, const einvoice::party &seller, const labels &l, double y);

// The recipient: a small sender line, then name, address, country and VAT id
// in a box `width` wide at (x, y); returns the y below it.
double draw_address(canvas &c, const einvoice::party &seller, const einvoice::party &recipient, const labels &l,
                    double x, double y, double width);

// "label  value" rows (empty values are left out); returns the y below them.
double draw_fields(canvas &c, const fields &rows, double x, double y, double label_width, double value_width);

// The top of pages after the first: "Invoice RE-1 (continued)"; returns the
// y where content goes on.
double draw_continuation(canvas &c, const std::string &title, const labels &l);

// The footer of page `page` of `count`: seller name and VAT id, page number.
void draw_footer(canvas &c, const einvoice::party &seller, const labels &l, size_t page, size_t count);

// "DE89 3704 0044 0532 0130 00": IBANs and RF references in groups of four,
// as they are printed on paper.
std::string group4(std::string_view s);

}  // namespace arx::pdf
