// arx demo: fills the reference ERP with generated data (plugin/demo/generator)
// in one transaction, through the profile's demo.* statements.
#pragma once

#include <nlohmann/json.hpp>

#include "runtime/context.hpp"
#include "runtime/service.hpp"

namespace arx::demo {

// Refuses a profile other than "reference" (ARX_E_INVALID_ARGUMENT) and an ERP
// that already holds companies (ARX_E_CONFLICT). Returns what it created.
nlohmann::json write_demo(runtime::context &ctx, const service::demo_request &request);

}  // namespace arx::demo
