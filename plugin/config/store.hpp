// Reading and changing configuration values in arx_config, with the audit
// trail in arx_config_audit.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/context.hpp"

namespace arx::config {

struct effective_value {
  std::string key;
  std::string value;
  std::string source; // "company", "all companies" or "built-in default"
};

// company: a company code, or empty for the default of all companies.
effective_value get(db::context &ctx, std::string_view company, std::string_view key);

// Validates, then in one transaction writes the value (or removes it when
// `value` is empty, returning to the next level's value) and its audit row.
// Throws arx::error(ARX_E_CONFIG) before writing anything if the key or the
// value is refused, ARX_E_NOT_FOUND for an unknown company.
void set(db::context &ctx, std::string_view company, std::string_view key,
         const std::optional<std::string> &value, std::string_view reason);

// JSON for ERP screens.
nlohmann::json get_json(db::context &ctx, std::string_view company, std::string_view key);
nlohmann::json list_json(db::context &ctx, std::string_view company);

}  // namespace arx::config
