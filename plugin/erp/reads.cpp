#include "erp/reads.hpp"

#include "core/error.hpp"
#include "erp/statement.hpp"

namespace arx::erp {

using detail::p;

company_party company_party_of(db::context &ctx, int64_t company_id) {
  std::optional<company_party> out;
  detail::query(ctx, "party.company", {p("company_id", company_id)}, 12, [&](const db::text_rows &r) {
    company_party c;
    std::optional<std::string> *fields[] = {&c.name,  &c.vat_id, &c.iban,      &c.bic,   &c.street, &c.city,
                                            &c.postcode, &c.country, &c.email, &c.peppol_id, &c.phone, &c.contact_name};
    for (size_t i = 0; i < 12; ++i) *fields[i] = r.optional(i);
    out = std::move(c);
  }, 2);
  if (!out) throw error(ARX_E_NOT_FOUND, "no company with id " + std::to_string(company_id) + " in the ERP");
  return *out;
}

std::optional<customer_party> customer_party_of(db::context &ctx, int64_t customer_id) {
  std::optional<customer_party> out;
  detail::query(ctx, "party.customer", {p("customer_id", customer_id)}, 10, [&](const db::text_rows &r) {
    customer_party c;
    std::optional<std::string> *fields[] = {&c.number, &c.name,     &c.country,  &c.vat_id,   &c.email,
                                            &c.language, &c.street, &c.city,     &c.postcode, &c.peppol_id};
    for (size_t i = 0; i < 10; ++i) *fields[i] = r.optional(i);
    out = std::move(c);
  }, 2);
  return out;
}

std::optional<customer_ref> find_customer(db::context &ctx, int64_t company_id, const std::string &number) {
  std::optional<customer_ref> out;
  detail::query(ctx, "customer.by_number", {p("company_id", company_id), p("number", number)}, 3,
                [&](const db::text_rows &r) { out = customer_ref{r.integer(0), r.text(1), r.text(2)}; }, 2);
  return out;
}

std::optional<open_item_state> find_open_item(db::context &ctx, int64_t open_item_id) {
  std::optional<open_item_state> out;
  detail::query(ctx, "open_item.by_id", {p("id", open_item_id)}, 4, [&](const db::text_rows &r) {
    if (r.null(2)) return;
    out = open_item_state{r.integer(0), r.integer(1), r.text(2), r.text(3)};
  }, 2);
  return out;
}

std::vector<customer_row> customers_of(db::context &ctx, int64_t company_id) {
  std::vector<customer_row> out;
  detail::query(ctx, "customers.by_company", {p("company_id", company_id)}, 4, [&](const db::text_rows &r) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
  }, 10000);
  return out;
}

std::vector<customer_account> customer_accounts_of(db::context &ctx, int64_t company_id) {
  std::vector<customer_account> out;
  detail::query(ctx, "customer_accounts.by_company", {p("company_id", company_id)}, 2,
                [&](const db::text_rows &r) { out.push_back({r.text(0), r.integer(1)}); }, 10000);
  return out;
}

std::map<int64_t, int64_t> payment_counts_of(db::context &ctx, int64_t company_id) {
  std::map<int64_t, int64_t> out;
  detail::query(ctx, "payments.count_by_customer", {p("company_id", company_id)}, 2,
                [&](const db::text_rows &r) { out[r.integer(0)] = r.integer(1); }, 10000);
  return out;
}

}  // namespace arx::erp
