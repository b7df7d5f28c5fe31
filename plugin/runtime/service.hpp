// The operations behind the ABI's function table, one per function, each
// returning the JSON the host receives. plugin/abi only checks arguments and
// converts; the work and its transactions happen here and below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "arx.h"
#include "runtime/context.hpp"

namespace arx::service {

nlohmann::json schema_install(runtime::context &ctx, uint32_t flags);
nlohmann::json schema_check(runtime::context &ctx);

nlohmann::json config_get(runtime::context &ctx, const std::string &company, const std::string &key);
void config_set(runtime::context &ctx, const std::string &company, const std::string &key,
                const std::optional<std::string> &value, const std::string &reason);
nlohmann::json config_list(runtime::context &ctx, const std::string &company);

struct demo_request {
  uint64_t seed = 42;
  uint32_t customers = 0; // 0 = default
  uint32_t invoices = 0;
  arx_date as_of{0, 0, 0}; // year 0 = the business date
};
nlohmann::json demo_generate(runtime::context &ctx, const demo_request &request);

// The validate hook: findings for the invoice named by id (non-zero) or number.
nlohmann::json invoice_validate(runtime::context &ctx, const std::string &company, int64_t invoice_id,
                                const std::string &number);

// One document of an invoice in `format` ("ubl", "xrechnung-ubl",
// "xrechnung-cii", "cii", "pdf"), as bytes.
std::string invoice_render(runtime::context &ctx, const std::string &company, const std::string &number,
                           const std::string &format);

}  // namespace arx::service
