#include "pdf/letter.hpp"

#include <algorithm>

namespace arx::pdf {
namespace {

std::string city_line(const einvoice::party &p) {
  std::string s = p.postcode.value_or("");
  if (p.city) s += (s.empty() ? "" : " ") + *p.city;
  return s;
}

void add_line(std::string &text, const std::string &line) {
  if (line.empty()) return;
  if (!text.empty()) text += '\n';
  text += line;
}

}  // namespace

double draw_letterhead(canvas &c, const einvoice::party &seller, const labels &l, double y) {
  const double right_width = 210;
  const double left_width = content_width - right_width - 10;
  double left = c.text(seller.name, {.size = 15, .bold = true}, margin_left, y, left_width);
  if (seller.trading_name && *seller.trading_name != seller.name)
    left += c.text(*seller.trading_name, {.size = 9, .gray = 0.3}, margin_left, y + left + 2, left_width) + 2;

  std::string r;
  add_line(r, seller.street.value_or(""));
  add_line(r, city_line(seller));
  add_line(r, seller.country);
  if (seller.vat_id) add_line(r, std::string(l["vat_id"]) + " " + *seller.vat_id);
  if (seller.tax_registration_id) add_line(r, std::string(l["tax_number"]) + " " + *seller.tax_registration_id);
  if (seller.legal_id) add_line(r, std::string(l["legal_id"]) + " " + *seller.legal_id);
  if (seller.contact_name) add_line(r, std::string(l["contact"]) + ": " + *seller.contact_name);
  if (seller.contact_phone) add_line(r, std::string(l["phone"]) + " " + *seller.contact_phone);
  if (seller.contact_email) add_line(r, std::string(l["email"]) + " " + *seller.contact_email);
  const double right =
      c.text(r, {.size = 8, .gray = 0.2}, margin_left + content_width - right_width, y, right_width, align::right);
  return y + std::max(left, right);
}

double draw_address(canvas &c, const einvoice::party &seller, const einvoice::party &recipient, const labels &l,
                    double x, double y, double width) {
  std::string sender = seller.name;
  if (seller.street) sender += " · " + *seller.street;
  if (const auto cl = city_line(seller); !cl.empty()) sender += " · " + cl;
  double h = c.text(sender, {.size = 6.5, .gray = 0.4}, x, y, width);
  c.hline(x, x + width, y + h + 1, 0.3, 0.6);
  h += 5;
  h += c.text(l["recipient"], {.size = 7.5, .gray = 0.4}, x, y + h, width) + 1;
  h += c.text(recipient.name, {.size = 10, .bold = true}, x, y + h, width);
  std::string a;
  add_line(a, recipient.street.value_or(""));
  add_line(a, city_line(recipient));
  add_line(a, recipient.country);
  if (recipient.contact_name) add_line(a, std::string(l["contact"]) + ": " + *recipient.contact_name);
  h += c.text(a, {.size = 10}, x, y + h, width);
  if (recipient.vat_id) h += c.text(std::string(l["vat_id"]) + " " + *recipient.vat_id, {.size = 8.5}, x, y + h + 3, width) + 3;
  return y + h;
}

double draw_fields(canvas &c, const fields &rows, double x, double y, double label_width, double value_width) {
  for (const auto &[label, value] : rows) {
    if (value.empty()) continue;
    const double a = c.text(label, {.size = 8, .gray = 0.3}, x, y, label_width);
    const double b = c.text(value, {.size = 8, .bold = true}, x + label_width, y, value_width);
    y += std::max(a, b) + 1.5;
  }
  return y;
}

double draw_continuation(canvas &c, const std::string &title, const labels &l) {
  const double h =
      c.text(title + " (" + l["continued"] + ")", {.size = 9, .bold = true}, margin_left, margin_top, content_width);
  c.hline(margin_left, margin_left + content_width, margin_top + h + 3, 0.5, 0.5);
  return margin_top + h + 10;
}

void draw_footer(canvas &c, const einvoice::party &seller, const labels &l, size_t page, size_t count) {
  const double y = content_bottom + 18;
  c.hline(margin_left, margin_left + content_width, y - 4, 0.3, 0.6);
  std::string left = seller.name;
  if (seller.vat_id) left += " · " + std::string(l["vat_id"]) + " " + *seller.vat_id;
  const style st{.size = 7.5, .gray = 0.35};
  c.text(left, st, margin_left, y, content_width - 120);
  c.text(fill(l["page_of"], {{"page", std::to_string(page)}, {"pages", std::to_string(count)}}), st, margin_left + content_width - 120, y, 120,
         align::right);
}

std::string group4(std::string_view s) {
  std::string out;
  size_t n = 0;
  for (char ch : s) {
    if (ch == ' ') continue;
    if (n > 0 && n % 4 == 0) out += ' ';
    out += ch;
    ++n;
  }
  return out;
}

}  // namespace arx::pdf
