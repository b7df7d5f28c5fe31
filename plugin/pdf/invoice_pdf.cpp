#include "pdf/invoice_pdf.hpp"

#include <algorithm>

#include "core/money.hpp"
#include "core/rf_reference.hpp"
#include "pdf/canvas.hpp"
#include "pdf/format.hpp"
#include "pdf/letter.hpp"

namespace arx::pdf {
namespace {

using einvoice::document;

constexpr style table_header{.size = 7.5, .bold = true};
constexpr style table_body{.size = 8};

// An RF creditor reference in its print format ("RF18 5390 0754 7034");
// another structured reference the ERP holds is printed as it is.
std::string reference_text(const std::string &reference) {
  return core::is_valid_rf_reference(reference) ? core::format_rf_reference(reference) : reference;
}

std::string percent_text(const std::optional<int64_t> &p, const labels &l) {
  return p ? format_percent(*p, l) : std::string();
}

// The description cell of a line: name, description, line allowances and
// charges, order line reference.
std::string line_description(const einvoice::line &ln, const std::string &currency, const labels &l) {
  std::string s = ln.name;
  if (ln.description && *ln.description != ln.name) s += "\n" + *ln.description;
  for (const auto &ac : ln.allowances_charges) {
    s += "\n";
    s += ac.is_charge ? l["charge"] : l["allowance"];
    if (ac.reason) s += " (" + *ac.reason + ")";
    if (ac.percent) s += " " + format_percent(*ac.percent, l);
    s += ": " + std::string(ac.is_charge ? "+" : "-") + format_amount(ac.amount, currency, l);
  }
  if (ln.order_line_reference) s += "\n" + fill(l["order_line"], {{"line", *ln.order_line_reference}});
  return s;
}

void draw_lines(flow &f, const document &doc, const labels &l) {
  f.paragraph(fill(l["amounts_in"], {{"currency", doc.currency}}), {.size = 7.5, .gray = 0.35}, 2);
  const double pos = 28, qty = 50, unit = 40, price = 75, vat = 38, net = 80;
  const double desc = content_width - pos - qty - unit - price - vat - net;
  f.begin_table({{l["pos"], pos},
                 {l["description"], desc},
                 {l["quantity"], qty, align::right},
                 {l["unit"], unit},
                 {l["unit_price"], price, align::right},
                 {l["vat_percent"], vat, align::right},
                 {l["net_amount"], net, align::right}},
                table_header, table_body);
  const int exponent = core::currency_exponent(doc.currency);
  for (size_t i = 0; i < doc.lines.size(); ++i) {
    const auto &ln = doc.lines[i];
    f.row({ln.id.empty() ? std::to_string(i + 1) : ln.id, line_description(ln, doc.currency, l),
           format_decimal4(ln.quantity, 0, l), unit_name(ln.unit_code, l),
           format_decimal4(ln.unit_price, std::min(exponent, 4), l), percent_text(ln.tax_percent, l),
           format_amount(ln.net_amount, doc.currency, l)});
  }
  f.end_table();
  f.down(10);
}

void draw_allowances_charges(flow &f, const document &doc, const labels &l) {
  if (doc.allowances_charges.empty()) return;
  f.heading(l["allowances_charges"]);
  const double vat = 90, base = 100, pct = 50, amount = 90;
  f.begin_table({{l["description"], content_width - vat - base - pct - amount},
                 {l["vat_breakdown"], vat},
                 {l["taxable_amount"], base, align::right},
                 {"%", pct, align::right},
                 {l["net_amount"], amount, align::right}},
                table_header, table_body);
  for (const auto &ac : doc.allowances_charges) {
    std::string what = ac.is_charge ? l["charge"] : l["allowance"];
    if (ac.reason) what += ": " + *ac.reason;
    std::string cat = ac.tax_category;
    if (ac.tax_percent) cat += " " + format_percent(*ac.tax_percent, l);
    f.row({what, cat, ac.base_amount ? format_amount(*ac.base_amount, doc.currency, l) : "",
           percent_text(ac.percent, l),
           (ac.is_charge ? "+" : "-") + format_amount(ac.amount, doc.currency, l)});
  }
  f.end_table();
  f.down(10);
}

void draw_vat(flow &f, const document &doc, const labels &l) {
  f.heading(l["vat_breakdown"]);
  const double rate = 45, taxable = 100, amount = 85, reason = 125;
  f.begin_table({{l["vat_category"], content_width - rate - taxable - amount - reason},
                 {l["vat_rate"], rate, align::right},
                 {l["taxable_amount"], taxable, align::right},
                 {l["vat_amount"], amount, align::right},
                 {l["exemption_reason"], reason}},
                table_header, table_body);
  for (const auto &v : doc.vat) {
    std::string reason_text = exemption_text(v.category, v.exemption_reason.value_or(""), l);
    if (v.exemption_reason_code) reason_text += (reason_text.empty() ? "" : "\n") + *v.exemption_reason_code;
    f.row({vat_category_name(v.category, l) + " (" + v.category + ")", percent_text(v.percent, l),
           format_amount(v.taxable_amount, doc.currency, l), format_amount(v.tax_amount, doc.currency, l),
           reason_text});
  }
  f.end_table();
  f.down(10);
}

void draw_totals(flow &f, const document &doc, const labels &l) {
  const auto &t = doc.sums;
  const auto amount = [&](int64_t v) { return format_amount(v, doc.currency, l, true); };
  fields rows;
  rows.emplace_back(l["sum_lines"], amount(t.line_net));
  if (t.allowances != 0) rows.emplace_back(l["sum_allowances"], "-" + amount(t.allowances));
  if (t.charges != 0) rows.emplace_back(l["sum_charges"], "+" + amount(t.charges));
  rows.emplace_back(l["total_net"], amount(t.tax_exclusive));
  rows.emplace_back(l["total_vat"], amount(t.tax));
  if (doc.tax_currency && t.tax_in_tax_currency)
    rows.emplace_back(std::string(l["total_vat"]) + " (" + *doc.tax_currency + ")",
                      format_amount(*t.tax_in_tax_currency, *doc.tax_currency, l, true));
  rows.emplace_back(l["total_gross"], amount(t.tax_inclusive));
  if (t.prepaid != 0) rows.emplace_back(l["prepaid"], "-" + amount(t.prepaid));
  if (t.rounding != 0) rows.emplace_back(l["rounding"], amount(t.rounding));

  const double label_w = 140, value_w = 140, x = margin_left + content_width - label_w - value_w;
  f.need(static_cast<double>(rows.size() + 2) * 13.0);
  canvas &c = f.page();
  double y = f.y();
  for (const auto &[label, value] : rows) {
    c.text(label, {.size = 9}, x, y, label_w);
    y += c.text(value, {.size = 9}, x + label_w, y, value_w, align::right) + 2;
  }
  c.hline(x, x + label_w + value_w, y + 1, 0.8);
  y += 4;
  const bool credit = doc.type == einvoice::document_type::credit_note;
  c.text(credit ? l["credited"] : l["payable"], {.size = 10.5, .bold = true}, x, y, label_w);
  y += c.text(amount(t.payable), {.size = 10.5, .bold = true}, x + label_w, y, value_w, align::right);
  f.set_y(y + 14);
}

void draw_payment(flow &f, const document &doc, const labels &l) {
  const auto &p = doc.payment;
  const bool credit = doc.type == einvoice::document_type::credit_note;
  const std::string amount = format_amount(doc.sums.payable, doc.currency, l, true);
  // In the sentence the reference must not break over two lines (no-break spaces).
  std::string reference;
  for (char ch : p.remittance ? reference_text(*p.remittance) : doc.number)
    reference += ch == ' ' ? std::string("\u00a0") : std::string(1, ch);
  std::string sentence;
  if (credit)
    sentence = fill(l["credit_sentence"], {{"amount", amount}, {"invoice", doc.preceding_invoice.value_or(doc.number)}});
  else if (doc.sums.payable > 0)
    sentence = doc.due_date ? fill(l["pay_by"], {{"amount", amount},
                                                 {"date", format_date(*doc.due_date, l)},
                                                 {"reference", reference}})
                            : fill(l["pay_now"], {{"amount", amount}, {"reference", reference}});
  fields rows;
  rows.emplace_back(l["account_name"], p.account_name.value_or(""));
  rows.emplace_back(l["iban"], p.iban ? group4(*p.iban) : "");
  rows.emplace_back(l["bic"], p.bic.value_or(""));
  rows.emplace_back(l["payment_reference"], p.remittance ? reference_text(*p.remittance) : "");
  if (p.terms) rows.emplace_back(l["payment_terms"], *p.terms);

  f.heading(l["payment"], 60);
  f.paragraph(sentence, {.size = 9});
  f.need(static_cast<double>(rows.size()) * 12.0);
  f.set_y(draw_fields(f.page(), rows, margin_left, f.y(), 130, content_width - 130) + 10);
}

void draw_notes(flow &f, const document &doc, const labels &l) {
  if (doc.notes.empty()) return;
  f.heading(l["notes"], 20);
  for (const auto &n : doc.notes) f.paragraph(n, {.size = 8.5});
}

}  // namespace

std::string render_invoice_pdf(const document &doc, std::string_view language) {
  const labels &l = labels_for(language);
  const bool credit = doc.type == einvoice::document_type::credit_note;
  const std::string kind = credit ? l["credit_note"] : l["invoice"];
  const std::string title = kind + " " + doc.number;
  canvas c({.title = doc.number, .author = doc.seller.name, .subject = title});

  // First page: letterhead, address and references, title.
  double y = draw_letterhead(c, doc.seller, l, margin_top) + 16;
  const double address_w = 230, fields_x = margin_left + 240, label_w = 85;
  const double left = draw_address(c, doc.seller, doc.buyer, l, margin_left, y, address_w);
  fields refs;
  refs.emplace_back(credit ? l["credit_note_number"] : l["invoice_number"], doc.number);
  refs.emplace_back(l["issue_date"], format_date(doc.issue_date, l));
  if (doc.due_date && !credit) refs.emplace_back(l["due_date"], format_date(*doc.due_date, l));
  if (doc.delivery_date) refs.emplace_back(l["delivery_date"], format_date(*doc.delivery_date, l));
  refs.emplace_back(l["buyer_reference"], doc.buyer_reference.value_or(""));
  refs.emplace_back(l["order_reference"], doc.order_reference.value_or(""));
  refs.emplace_back(l["contract_reference"], doc.contract_reference.value_or(""));
  if (doc.preceding_invoice)
    refs.emplace_back(l["preceding_invoice"],
                      doc.preceding_invoice_date
                          ? fill(l["preceding_invoice_of"], {{"number", *doc.preceding_invoice},
                                                             {"date", format_date(*doc.preceding_invoice_date, l)}})
                          : *doc.preceding_invoice);
  refs.emplace_back(l["currency"], doc.currency);
  const double right = draw_fields(c, refs, fields_x, y + 12, label_w, margin_left + content_width - fields_x - label_w);
  y = std::max(left, right) + 20;
  y += c.text(title, {.size = 16, .bold = true}, margin_left, y, content_width) + 8;

  flow f(c, [&](canvas &cv) { return draw_continuation(cv, title, l); });
  f.set_y(y);
  draw_lines(f, doc, l);
  draw_allowances_charges(f, doc, l);
  draw_vat(f, doc, l);
  draw_totals(f, doc, l);
  draw_payment(f, doc, l);
  draw_notes(f, doc, l);

  return c.finish([&](canvas &cv, size_t page, size_t count) { draw_footer(cv, doc.seller, l, page, count); });
}

}  // namespace arx::pdf
