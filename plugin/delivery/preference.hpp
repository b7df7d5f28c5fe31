// Per-customer delivery preferences: the fallback chain of channels a
// customer receives its invoices through, with the company's
// invoice.delivery_channels as the default (docs/DELIVERY.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/context.hpp"

namespace arx::delivery {

// The channels arx knows, in no particular order.
const std::vector<std::string> &known_channels();

// Parses "peppol,email,print" (case-insensitive, spaces allowed); throws
// arx::error(ARX_E_CONFIG) naming `what`, an unknown or repeated channel, or
// an empty chain.
std::vector<std::string> parse_chain(const std::string &text, const std::string &what);
std::string join_chain(const std::vector<std::string> &chain, size_t from = 0);

struct preference {
  std::vector<std::string> chain;
  std::optional<std::string> email; // overrides the ERP's customer e-mail (comma-separated addresses)
  bool attach_xml = false;          // e-mail: the CII XML beside the PDF
  std::string source;               // "customer" or "company"
};

preference preference_for(db::context &ctx, int64_t company_id, const std::string &company_code,
                          const std::string &customer_number);

// Sets (chain given) or removes (chain empty: back to the company default)
// a customer's preference, after checking the customer exists in the ERP.
void set_preference(db::context &ctx, const std::string &company_code, const std::string &customer_number,
                    const std::string &chain, const std::optional<std::string> &email, bool attach_xml);

nlohmann::json preference_json(db::context &ctx, const std::string &company_code,
                               const std::string &customer_number);

}  // namespace arx::delivery
