// Companies of the ERP, read through the profile's named statements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/context.hpp"

namespace arx::erp {

struct company {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string currency;
  std::string country;
  bool operator==(const company &) const = default;
};

// The company with this code; throws arx::error(ARX_E_NOT_FOUND) naming it.
company find_company(db::context &ctx, std::string_view code);

std::vector<company> list_companies(db::context &ctx);

}  // namespace arx::erp
