// The ERP port's reads that several capabilities share: parties (the seller
// company and a customer), customers by number and one open item. Each is one
// named statement of the profile (docs/PROFILES.md, "Reads").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/context.hpp"

namespace arx::erp {

// The company as the seller on documents (`party.company`); empty fields are
// NULL or empty in the ERP. Throws ARX_E_NOT_FOUND when the company is missing.
struct company_party {
  std::optional<std::string> name, vat_id, iban, bic, street, city, postcode, country, email, peppol_id, phone,
      contact_name;
};
company_party company_party_of(db::context &ctx, int64_t company_id);

// A customer as the buyer or addressee (`party.customer`); nullopt when the
// ERP has no such customer.
struct customer_party {
  std::optional<std::string> number, name, country, vat_id, email, language, street, city, postcode, peppol_id;
};
std::optional<customer_party> customer_party_of(db::context &ctx, int64_t customer_id);

// A customer of a company by its number (`customer.by_number`).
struct customer_ref {
  int64_t id = 0;
  std::string number, name;
};
std::optional<customer_ref> find_customer(db::context &ctx, int64_t company_id, const std::string &number);

// The customers of a company (`customers.by_company`): id, number, name and
// language (empty when the ERP has none).
struct customer_row {
  int64_t id = 0;
  std::string number, name, language;
};
std::vector<customer_row> customers_of(db::context &ctx, int64_t company_id);

// The bank accounts the ERP knows for a company's customers
// (`customer_accounts.by_company`): IBAN and customer id.
struct customer_account {
  std::string iban;
  int64_t customer_id = 0;
};
std::vector<customer_account> customer_accounts_of(db::context &ctx, int64_t company_id);

// How many payments each customer of a company made before
// (`payments.count_by_customer`), by customer id.
std::map<int64_t, int64_t> payment_counts_of(db::context &ctx, int64_t company_id);

// One open item (`open_item.by_id`); its open amount as decimal text.
struct open_item_state {
  int64_t id = 0, customer_id = 0;
  std::string open_amount, currency;
};
std::optional<open_item_state> find_open_item(db::context &ctx, int64_t open_item_id);

}  // namespace arx::erp
