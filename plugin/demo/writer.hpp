// arx demo: fills the reference ERP with generated data (plugin/demo/generator)
// in one transaction, through the profile's demo.* statements.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "arx.h"
#include "db/context.hpp"

namespace arx::demo {

struct request {
  uint64_t seed = 42;
  uint32_t customers = 0; // 0 = default
  uint32_t invoices = 0;
  arx_date as_of{0, 0, 0}; // year 0 = the business date
};

// Refuses a profile other than "reference" (ARX_E_INVALID_ARGUMENT) and an ERP
// that already holds companies (ARX_E_CONFLICT). Returns what it created.
nlohmann::json write_demo(db::context &ctx, const request &request);

}  // namespace arx::demo
