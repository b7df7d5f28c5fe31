#include "pdf/dunning_letter.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/money.hpp"
#include "pdf/canvas.hpp"
#include "pdf/letter.hpp"

namespace arx::pdf {
namespace {

const style body_style{.size = 9};

// A text part, line by line, so that any length breaks across pages. Lines
// between empty lines form a block that is kept on one page when it fits; a
// one-line block (a salutation, a closing) stays with the next one, and the
// last block with what follows by `keep_last_with`.
void draw_text(flow &f, std::string_view text, double keep_last_with) {
  while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return;
  struct block {
    int gaps_before = 0;
    std::vector<text_block> lines;
    double height = 0;
  };
  constexpr double line_gap = 0.5;
  std::vector<block> blocks(1);
  int gaps = 0;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      ++gaps;
      continue;
    }
    if (gaps > 0 && !blocks.back().lines.empty()) blocks.push_back({gaps, {}, 0});
    gaps = 0;
    auto &b = blocks.back();
    b.lines.push_back(f.page().layout(line, body_style, content_width));
    b.height += b.lines.back().height() + line_gap;
  }
  const double gap = body_style.size * 0.8;
  const double page_room = content_bottom - margin_top - 60;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const block &b = blocks[i];
    if (i > 0) f.down(gap * b.gaps_before);
    double keep = b.height;
    if (b.lines.size() == 1 && i + 1 < blocks.size()) keep += gap * blocks[i + 1].gaps_before + blocks[i + 1].height;
    if (i + 1 == blocks.size()) keep += keep_last_with;
    if (keep <= page_room) f.need(keep);
    for (const auto &line : b.lines) {
      f.need(line.height());
      f.page().place(line, margin_left, f.y());
      f.down(line.height() + line_gap);
    }
  }
  f.down(6);
}

void draw_items(flow &f, const dunning::notice &n, const labels &l) {
  canvas &c = f.page();
  const bool with_interest = n.interest != 0;
  std::vector<const dunning::notice_item *> rows;
  for (const auto &it : n.items)
    if (!listed_not_due(it)) rows.push_back(&it);
  if (!rows.empty()) {
    f.paragraph(fill(l["amounts_in"], {{"currency", n.currency}}), {.size = 7.5, .gray = 0.35}, 2);
    const double kind = 62, date = 60, days = 52, level = 38, amount = 78, interest = with_interest ? 66 : 0;
    std::vector<column> cols{{l["number"], content_width - kind - date - days - level - amount - interest},
                             {l["kind"], kind},
                             {l["due_date"], date},
                             {l["days_overdue"], days, align::right},
                             {l["dunning.item_level"], level, align::right},
                             {l["open_amount"], amount, align::right}};
    if (with_interest) cols.push_back({l["dunning.interest"], interest, align::right});
    f.begin_table(std::move(cols), {.size = 7.5, .bold = true}, {.size = 8});
    for (const auto *it : rows) {
      std::vector<std::string> cells{it->invoice_number,
                                     item_kind_text(it->kind, l),
                                     it->due_date ? format_date(*it->due_date, l) : "",
                                     it->days_overdue > 0 && it->open_amount > 0 ? std::to_string(it->days_overdue) : "",
                                     it->level > 0 ? std::to_string(it->level) : "",
                                     format_amount(it->open_amount, n.currency, l)};
      if (with_interest) cells.push_back(it->interest != 0 ? format_amount(it->interest, n.currency, l) : "");
      f.row(cells, it->escalated);
    }
    f.end_table();
    f.down(10);
  }

  // Totals, right-aligned and kept together.
  std::vector<std::pair<std::string, int64_t>> lines{{l["dunning.overdue_total"], n.overdue_total}};
  if (n.fee != 0) lines.emplace_back(l["dunning.fee"], n.fee);
  if (n.interest != 0)
    lines.emplace_back(fill(l["dunning.interest_total"], {{"rate", format_interest_rate(n.interest_rate, l)}}), n.interest);
  const double label_w = 170, value_w = 120, x = margin_left + content_width - label_w - value_w;
  f.need(14.0 * static_cast<double>(lines.size() + 1) + 10);
  double y = f.y();
  for (const auto &[label, value] : lines) {
    const double a = c.text(label, {.size = 9}, x, y, label_w);
    const double b = c.text(format_amount(value, n.currency, l, true), {.size = 9}, x + label_w, y, value_w, align::right);
    y += std::max(a, b) + 2;
  }
  c.hline(x, x + label_w + value_w, y + 1, 0.8);
  y += 4;
  c.text(l["dunning.total_due"], {.size = 10.5, .bold = true}, x, y, label_w);
  y += c.text(format_amount(n.total_due, n.currency, l, true), {.size = 10.5, .bold = true}, x + label_w, y, value_w,
              align::right);
  f.set_y(y + 12);
}

void draw_not_due(flow &f, const dunning::notice &n, const labels &l, bool heading) {
  std::vector<const dunning::notice_item *> rows;
  for (const auto &it : n.items)
    if (listed_not_due(it)) rows.push_back(&it);
  if (rows.empty()) return;
  if (heading) f.heading(l["dunning.not_due"]);
  const double kind = 70, date = 70, amount = 90;
  f.begin_table({{l["number"], content_width - kind - date - amount},
                 {l["kind"], kind},
                 {l["due_date"], date},
                 {l["dunning.amount"], amount, align::right}},
                {.size = 7.5, .bold = true}, {.size = 8});
  for (const auto *it : rows)
    f.row({it->invoice_number, item_kind_text(it->kind, l), it->due_date ? format_date(*it->due_date, l) : "",
           format_amount(it->open_amount, n.currency, l, true)});
  f.end_table();
  f.down(9);
}

}  // namespace

bool listed_not_due(const dunning::notice_item &it) noexcept { return it.level == 0 && it.days_overdue <= 0; }

std::string format_interest_rate(std::string_view percent, const labels &l) {
  if (percent.empty()) return {};
  int64_t e4 = 0;
  try {
    e4 = core::parse_scaled(percent, 4);
  } catch (const error &) {
    return std::string(percent);
  }
  return with_percent_sign(format_decimal4(e4, 0, l), l);
}

std::string render_dunning_letter_pdf(const dunning::notice &n, const dunning_letter &d) {
  const labels &l = labels_for(n.language);
  core::currency_exponent(n.currency);  // throws for an unknown currency
  canvas c({.title = d.title, .author = d.seller.name, .subject = d.title});

  double y = draw_letterhead(c, d.seller, l, margin_top) + 16;
  const double left = draw_address(c, d.seller, d.customer, l, margin_left, y, 235);
  const double right = draw_fields(c,
                                   {{l["customer_number"], n.customer_number},
                                    {l["issue_date"], format_date(n.as_of, l)},
                                    {l["dunning.pay_by"], format_date(n.pay_by, l)},
                                    {l["dunning.level"], n.level > 0 ? std::to_string(n.level) : ""},
                                    {l["currency"], n.currency}},
                                   margin_left + 245, y + 12, 90, content_width - 245 - 90);
  y = std::max(left, right) + 20;
  y += c.text(d.title, {.size = 12, .bold = true}, margin_left, y, content_width) + 10;

  flow f(c, [&](canvas &cv) { return draw_continuation(cv, d.title, l); });
  f.set_y(y);
  bool items_done = false, not_due_done = false;
  for (size_t i = 0; i < d.body.size(); ++i) {
    const letter_part &part = d.body[i];
    switch (part.k) {
    case letter_part::kind::text:
      draw_text(f, part.text, i + 1 < d.body.size() ? 50 : 0);  // an intro stays with its table
      break;
    case letter_part::kind::items:
      if (!items_done) draw_items(f, n, l);
      items_done = true;
      break;
    case letter_part::kind::items_not_due:
      if (!not_due_done) draw_not_due(f, n, l, false);
      not_due_done = true;
      break;
    }
  }
  if (!items_done) draw_items(f, n, l);
  if (!not_due_done) draw_not_due(f, n, l, true);

  return c.finish([&](canvas &cv, size_t page, size_t count) { draw_footer(cv, d.seller, l, page, count); });
}

}  // namespace arx::pdf
