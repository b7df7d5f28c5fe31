#include "einvoice/from_erp.hpp"

#include <array>

#include "core/error.hpp"
#include "core/money.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"

namespace arx::einvoice {
namespace {

// A row of nullable text columns read with one statement.
template <size_t N> struct text_row {
  std::array<std::string, N> v;
  std::array<soci::indicator, N> ind{};
  std::optional<std::string> opt(size_t i) const {
    if (ind[i] == soci::i_null || v[i].empty()) return std::nullopt;
    return v[i];
  }
  const std::string &req(size_t i, const char *what) const {
    if (ind[i] == soci::i_null || v[i].empty())
      throw error(ARX_E_VALIDATION, std::string(what) + " is missing in the ERP");
    return v[i];
  }
};

// "0088:4035811991014" -> {scheme, id}; NULL or no scheme -> nothing.
std::optional<electronic_address> endpoint_of(const std::optional<std::string> &peppol_id) {
  if (!peppol_id) return std::nullopt;
  auto colon = peppol_id->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == peppol_id->size()) return std::nullopt;
  return electronic_address{peppol_id->substr(0, colon), peppol_id->substr(colon + 1)};
}

int64_t scaled(const std::string &text, int scale) {
  return core::parse_scaled(text, scale, core::excess_digits::round);
}

}  // namespace

erp_document read_document(db::context &ctx, std::string_view company_code, std::string_view number,
                           specification spec) {
  const auto company = erp::find_company(ctx, company_code);
  erp_document out;
  document &d = out.doc;
  d.spec = spec;
  long long company_id = company.id, invoice_id = 0, customer_id = 0;
  std::string number_text(number);

  text_row<17> h;
  {
    soci::statement st(ctx.sql());
    st.exchange(soci::use(company_id, "company_id"));
    st.exchange(soci::use(number_text, "number"));
    st.exchange(soci::into(invoice_id));
    for (size_t i = 0; i < 16; ++i) st.exchange(soci::into(h.v[i], h.ind[i]));
    st.exchange(soci::into(customer_id));
    st.alloc();
    st.prepare(ctx.profile().sql("einvoice.invoice"));
    st.define_and_bind();
    if (!st.execute(true))
      throw error(ARX_E_NOT_FOUND, "no invoice or credit note '" + number_text + "' in company " + company.code);
  }
  // Columns: kind, number, issue_date, due_date, currency, net, tax, gross,
  // state, buyer_reference, order_reference, preceding_invoice,
  // payment_reference, cash_discount_percent, cash_discount_date,
  // delivery_date.
  out.invoice_id = invoice_id;
  out.kind = h.req(0, "invoice kind");
  d.type = out.kind == "credit_note" ? document_type::credit_note : document_type::invoice;
  d.number = h.req(1, "invoice number");
  d.issue_date = core::parse_date(h.req(2, "issue date (BT-2)"));
  if (auto due = h.opt(3)) d.due_date = core::parse_date(*due);
  d.currency = h.req(4, "invoice currency (BT-5)");
  // An unknown currency is reported by the validate hook (BR-CL-04); until
  // then amounts are read at the 2 decimals the ERP's columns hold.
  const int exponent = core::is_currency(d.currency) ? core::currency_exponent(d.currency) : 2;
  auto amount = [&](const std::string &text) {
    return core::parse_minor(text, exponent, core::excess_digits::round);
  };
  out.stored = {amount(h.req(5, "net amount")), amount(h.req(6, "tax amount")), amount(h.req(7, "gross amount"))};
  out.state = h.req(8, "invoice state");
  d.buyer_reference = h.opt(9);
  d.order_reference = h.opt(10);
  d.preceding_invoice = h.opt(11);
  d.payment.remittance = h.opt(12);
  if (auto pct = h.opt(13); pct && h.opt(14)) {
    d.payment.terms = "Cash discount " + *pct + " % if paid by " + *h.opt(14);
  }
  if (auto delivered = h.opt(15)) d.delivery_date = core::parse_date(*delivered);

  auto required = [](const std::optional<std::string> &v, const char *what) -> const std::string & {
    if (!v) throw error(ARX_E_VALIDATION, std::string(what) + " is missing in the ERP");
    return *v;
  };
  const erp::company_party s = erp::company_party_of(ctx, company.id);
  d.seller.name = required(s.name, "seller name (BT-27)");
  d.seller.vat_id = s.vat_id;
  d.payment.iban = s.iban;
  d.payment.bic = s.bic;
  d.seller.street = s.street;
  d.seller.city = s.city;
  d.seller.postcode = s.postcode;
  d.seller.country = required(s.country, "seller country (BT-40)");
  d.seller.contact_email = s.email;
  d.seller.endpoint = endpoint_of(s.peppol_id);
  d.seller.contact_phone = s.phone;
  d.seller.contact_name = s.contact_name;

  const auto b = erp::customer_party_of(ctx, customer_id);
  if (!b) throw error(ARX_E_NOT_FOUND, "the customer of invoice " + number_text + " is missing in the ERP");
  out.customer_number = required(b->number, "customer number");
  out.customer_id = customer_id;
  d.buyer.name = required(b->name, "buyer name (BT-44)");
  d.buyer.country = b->country.value_or("");
  d.buyer.vat_id = b->vat_id;
  d.buyer.contact_email = b->email;
  out.language = b->language;
  d.buyer.street = b->street;
  d.buyer.city = b->city;
  d.buyer.postcode = b->postcode;
  d.buyer.endpoint = endpoint_of(b->peppol_id);
  // Delivered to the buyer's address (the profile has no delivery address).
  if (!d.buyer.country.empty()) {
    party to;
    to.name = d.buyer.name;
    to.street = d.buyer.street;
    to.city = d.buyer.city;
    to.postcode = d.buyer.postcode;
    to.country = d.buyer.country;
    d.deliver_to = std::move(to);
  }

  // Lines, set-based: one statement for all of them.
  constexpr size_t max_lines = 10000;
  std::vector<int> line_no(max_lines + 1);
  std::vector<std::string> desc(max_lines + 1), qty(max_lines + 1), unit(max_lines + 1), price(max_lines + 1),
      net(max_lines + 1), cat(max_lines + 1), pct(max_lines + 1);
  std::vector<soci::indicator> desc_i(max_lines + 1), unit_i(max_lines + 1), cat_i(max_lines + 1), pct_i(max_lines + 1);
  ctx.sql() << ctx.profile().sql("einvoice.lines"), soci::use(invoice_id, "invoice_id"), soci::into(line_no),
      soci::into(desc, desc_i), soci::into(qty), soci::into(unit, unit_i), soci::into(price), soci::into(net),
      soci::into(cat, cat_i), soci::into(pct, pct_i);
  if (line_no.size() > max_lines)
    throw error(ARX_E_VALIDATION, "invoice " + number_text + " has more than " + std::to_string(max_lines) +
                                      " lines; arx writes e-invoices of up to " + std::to_string(max_lines) + " lines");
  const int sign = d.type == document_type::credit_note ? -1 : 1;
  for (size_t i = 0; i < line_no.size(); ++i) {
    line l;
    l.id = std::to_string(line_no[i]);
    l.name = desc_i[i] == soci::i_null || desc[i].empty() ? "Item " + l.id : desc[i];
    l.quantity = sign * scaled(qty[i], 4);
    l.unit_code = unit_i[i] == soci::i_null ? "C62" : unit[i];
    l.unit_price = scaled(price[i], 4);
    l.net_amount = sign * amount(net[i]);
    l.tax_category = cat_i[i] == soci::i_null ? "" : cat[i];
    if (pct_i[i] != soci::i_null) l.tax_percent = scaled(pct[i], 2);
    d.lines.push_back(std::move(l));
  }
  if (d.lines.empty()) throw error(ARX_E_VALIDATION, "invoice " + number_text + " has no lines (BR-16)");
  d.erp_tax = sign * out.stored.tax;  // the VAT the ledger holds, as the document states it
  return out;
}

}  // namespace arx::einvoice
