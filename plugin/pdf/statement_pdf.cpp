#include "pdf/statement_pdf.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/money.hpp"
#include "pdf/canvas.hpp"
#include "pdf/format.hpp"
#include "pdf/letter.hpp"

namespace arx::pdf {
namespace {

int64_t checked_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) invalid_argument("statement total leaves the 64-bit range");
  return r;
}

}  // namespace

std::string render_statement_pdf(const statement &s, std::string_view language) {
  const labels &l = labels_for(language);
  core::currency_exponent(s.currency);  // throws for an unknown currency
  const std::string title = std::string(l["statement"]) + " " + s.customer_number;
  canvas c({.title = title, .author = s.seller.name, .subject = l["statement"]});

  double y = draw_letterhead(c, s.seller, l, margin_top) + 16;
  const double left = draw_address(c, s.seller, s.customer, l, margin_left, y, 235);
  const double right = draw_fields(c,
                                   {{l["customer_number"], s.customer_number},
                                    {l["as_of"], format_date(s.as_of, l)},
                                    {l["currency"], s.currency}},
                                   margin_left + 245, y + 12, 90, content_width - 245 - 90);
  y = std::max(left, right) + 20;
  y += c.text(l["statement"], {.size = 16, .bold = true}, margin_left, y, content_width) + 6;

  flow f(c, [&](canvas &cv) { return draw_continuation(cv, title, l); });
  f.set_y(y);
  f.paragraph(fill(l["statement_intro"], {{"date", format_date(s.as_of, l)}}), {.size = 9}, 8);

  int64_t open = 0, overdue = 0;
  if (s.items.empty()) {
    f.paragraph(l["no_open_items"], {.size = 9, .bold = true}, 10);
  } else {
    f.paragraph(fill(l["amounts_in"], {{"currency", s.currency}}), {.size = 7.5, .gray = 0.35}, 2);
    const double kind = 70, date = 62, days = 50, amount = 85;
    f.begin_table({{l["number"], content_width - kind - 2 * date - days - 2 * amount},
                   {l["kind"], kind},
                   {l["issue_date"], date},
                   {l["due_date"], date},
                   {l["days_overdue"], days, align::right},
                   {l["original_amount"], amount, align::right},
                   {l["open_amount"], amount, align::right}},
                  {.size = 7.5, .bold = true}, {.size = 8});
    for (const auto &it : s.items) {
      open = checked_add(open, it.open_amount);
      if (it.days_overdue > 0) overdue = checked_add(overdue, it.open_amount);
      f.row({it.number, item_kind_text(it.kind, l), format_date(it.issue_date, l),
             it.due_date ? format_date(*it.due_date, l) : "", it.days_overdue > 0 ? std::to_string(it.days_overdue) : "",
             format_amount(it.original_amount, s.currency, l), format_amount(it.open_amount, s.currency, l)},
            it.days_overdue > 0);
    }
    f.end_table();
    f.down(10);
  }

  // Totals, right-aligned.
  const double label_w = 140, value_w = 140, x = margin_left + content_width - label_w - value_w;
  f.need(40);
  double ty = f.y();
  c.text(l["total_open"], {.size = 9}, x, ty, label_w);
  ty += c.text(format_amount(open, s.currency, l, true), {.size = 9}, x + label_w, ty, value_w, align::right) + 2;
  c.hline(x, x + label_w + value_w, ty + 1, 0.8);
  ty += 4;
  c.text(l["total_overdue"], {.size = 10.5, .bold = true}, x, ty, label_w);
  ty += c.text(format_amount(overdue, s.currency, l, true), {.size = 10.5, .bold = true}, x + label_w, ty, value_w,
               align::right);
  f.set_y(ty + 16);

  f.paragraph(overdue > 0 ? fill(l["statement_pay"], {{"amount", format_amount(overdue, s.currency, l, true)}}) : l["statement_ok"],
              {.size = 9}, 6);
  if (s.iban || s.bic) {
    fields rows{{l["iban"], s.iban ? group4(*s.iban) : ""}, {l["bic"], s.bic.value_or("")}};
    f.need(30);
    f.set_y(draw_fields(c, rows, margin_left, f.y(), 130, content_width - 130));
  }

  return c.finish([&](canvas &cv, size_t page, size_t count) { draw_footer(cv, s.seller, l, page, count); });
}

}  // namespace arx::pdf
