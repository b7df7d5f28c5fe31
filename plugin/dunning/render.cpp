#include "dunning/render.hpp"

#include <cstring>  // before ctemplate's headers, which use strlen without including it

#include <ctemplate/template_dictionary.h>

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/money.hpp"
#include "dunning/template_syntax.hpp"
#include "pdf/dunning_letter.hpp"
#include "pdf/format.hpp"
#include "pdf/letter.hpp"

namespace arx::dunning {
namespace {

// The letter's parts: the text, split where the item sections were.
std::vector<pdf::letter_part> letter_parts(std::string_view s) {
  std::vector<pdf::letter_part> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != items_place && s[i] != items_not_due_place) continue;
    if (i > start) parts.push_back({pdf::letter_part::kind::text, std::string(s.substr(start, i - start))});
    if (i < s.size())
      parts.push_back(
          {s[i] == items_place ? pdf::letter_part::kind::items : pdf::letter_part::kind::items_not_due, {}});
    start = i + 1;
  }
  return parts;
}

// ------------------------------------------------------------ the data

// ERP text without control characters (tab and newline stay).
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) continue;
    out += c;
  }
  return out;
}

// A text value is a variable and a section of the same name (ctemplate keeps
// them apart), the section shown when the text is not empty.
void put(ctemplate::TemplateDictionary &d, const char *name, std::string_view value) {
  const std::string v = clean(value);
  d.SetValue(name, v);
  if (!v.empty()) d.ShowSection(name);
}

// A yes/no value: one of two sections is shown.
void put_flag(ctemplate::TemplateDictionary &d, const char *yes, const char *no, bool value) {
  d.ShowSection(value ? yes : no);
}

std::string payment_reference(const notice &n) {
  std::string refs;
  for (const auto &it : n.items) {
    if (pdf::listed_not_due(it) || it.open_amount <= 0 || it.invoice_number.empty()) continue;
    refs += (refs.empty() ? "" : ", ") + it.invoice_number;
  }
  if (refs.empty() || refs.size() > 140) return n.customer_number + " " + core::format_date(n.as_of);
  return refs;
}

// The notice's values; an item's section dictionary inherits the top ones
// (its own level and interest win inside {{#items}}).
void fill(ctemplate::TemplateDictionary &d, const notice &n, const party_text &seller, const party_text &customer,
          const pdf::labels &l) {
  auto amount = [&](int64_t v) { return pdf::format_amount(v, n.currency, l, true); };
  put(d, "customer_name", customer.name);
  put(d, "customer_number", n.customer_number);
  put(d, "company_name", seller.name);
  put(d, "as_of", pdf::format_date(n.as_of, l));
  put(d, "pay_by", pdf::format_date(n.pay_by, l));
  put(d, "level", std::to_string(n.level));
  put(d, "currency", n.currency);
  put(d, "overdue_total", amount(n.overdue_total));
  put(d, "fee", amount(n.fee));
  put(d, "interest", amount(n.interest));
  put(d, "interest_rate", pdf::format_interest_rate(n.interest_rate, l));
  put(d, "total_due", amount(n.total_due));
  put(d, "iban", pdf::group4(seller.iban));
  put(d, "bic", seller.bic);
  put(d, "payment_reference", payment_reference(n));
  put_flag(d, "has_fee", "no_fee", n.fee > 0);
  put_flag(d, "has_interest", "no_interest", n.interest > 0);
  bool not_due = false;
  for (const auto &it : n.items) {
    const bool listed = pdf::listed_not_due(it);
    not_due = not_due || listed;
    ctemplate::TemplateDictionary &m = *d.AddSectionDictionary(listed ? "items_not_due" : "items");
    put(m, "invoice_number", it.invoice_number);
    put(m, "kind", pdf::item_kind_text(it.kind, l));
    put(m, "issue_date", it.issue_date ? pdf::format_date(*it.issue_date, l) : "");
    put(m, "due_date", it.due_date ? pdf::format_date(*it.due_date, l) : "");
    put(m, "open_amount", amount(it.open_amount));
    put(m, "days_overdue", std::to_string(it.days_overdue));
    put(m, "level", std::to_string(it.level));
    put(m, "interest", amount(it.interest));
    put_flag(m, "is_credit", "not_credit", it.open_amount < 0);
  }
  put_flag(d, "has_items_not_due", "no_items_not_due", not_due);
}

std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string finish_body(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  const auto first = s.find_first_not_of('\n');
  s.erase(0, first == std::string::npos ? s.size() : first);
  return s + "\n";
}

std::optional<std::string> opt(const std::string &s) {
  if (s.empty()) return std::nullopt;
  return s;
}

einvoice::party to_party(const party_text &p) {
  einvoice::party out;
  out.name = clean(p.name);
  out.street = opt(clean(p.street));
  out.postcode = opt(clean(p.postcode));
  out.city = opt(clean(p.city));
  out.country = clean(p.country);
  out.vat_id = opt(clean(p.vat_id));
  out.contact_email = opt(clean(p.email));
  out.contact_phone = opt(clean(p.phone));
  return out;
}

}  // namespace

rendered render_notice(const notice &n, const template_text &t, const party_text &seller,
                       const party_text &customer) {
  const pdf::labels &l = pdf::labels_for(n.language);
  core::currency_exponent(n.currency);  // throws for an unknown currency
  check_source(t);
  const checked_part subject = check_part("subject", t.subject);
  const checked_part body = check_part("body", t.body);
  ctemplate::TemplateDictionary data("arx dunning notice");
  fill(data, n, seller, customer, l);

  rendered r;
  r.subject = one_line(expand(subject.source(), subject.part, data));
  r.body = finish_body(expand(body.source(), body.part, data));

  pdf::dunning_letter letter;
  letter.seller = to_party(seller);
  letter.customer = to_party(customer);
  letter.title = r.subject;
  letter.body = letter_parts(expand(body.source(true), body.part, data));
  r.letter_pdf = pdf::render_dunning_letter_pdf(n, letter);
  return r;
}

}  // namespace arx::dunning
