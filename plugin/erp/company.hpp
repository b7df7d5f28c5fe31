// Companies of the ERP, read through the profile's named statements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/context.hpp"

namespace arx::erp {

struct company {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string currency;
  std::string country;
};

// The company with this code; throws arx::error(ARX_E_NOT_FOUND) naming it.
company find_company(runtime::context &ctx, std::string_view code);

std::vector<company> list_companies(runtime::context &ctx);

}  // namespace arx::erp
