// Admin settings of dunning, as an ERP's admin screens change them: the
// procedures, the templates, each customer's procedure, segment, collector
// and block, and blocks on single invoices. Each change is one transaction.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "db/context.hpp"

namespace arx::dunning {

nlohmann::json procedure_set(db::context &ctx, const std::string &company, const std::string &code,
                             const nlohmann::json &definition);
nlohmann::json procedure_list(db::context &ctx, const std::string &company);

// subject and body empty: back to the built-in template of that name.
nlohmann::json template_set(db::context &ctx, const std::string &company, const std::string &name,
                            const std::string &language, const std::string &subject, const std::string &body);

struct customer_settings {
  std::string customer;
  std::optional<std::string> procedure, segment, collector;  // "" clears
  std::optional<bool> blocked;
  std::optional<std::string> block_reason;
  std::optional<std::string> blocked_until;                   // ISO date, "" clears
};
nlohmann::json customer_set(db::context &ctx, const std::string &company, const customer_settings &s);

// until empty: until the block is removed.
nlohmann::json item_block(db::context &ctx, const std::string &company, const std::string &invoice,
                          const std::string &reason, const std::string &until);
nlohmann::json item_unblock(db::context &ctx, const std::string &company, const std::string &invoice);

}  // namespace arx::dunning
