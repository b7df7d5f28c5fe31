#include "db/rows.hpp"

#include "core/error.hpp"

namespace arx::db {

int64_t row_int(const soci::row &r, size_t i) {
  switch (r.get_properties(i).get_data_type()) {
  case soci::dt_integer: return r.get<int>(i);
  case soci::dt_long_long: return r.get<long long>(i);
  case soci::dt_unsigned_long_long: return static_cast<int64_t>(r.get<unsigned long long>(i));
  case soci::dt_double: return static_cast<int64_t>(r.get<double>(i));
  case soci::dt_string: return std::stoll(r.get<std::string>(i));
  default: throw error(ARX_E_INTERNAL, "column " + std::to_string(i) + " is not an integer");
  }
}

std::string row_text(const soci::row &r, size_t i, const std::string &fallback) {
  return r.get_indicator(i) == soci::i_null ? fallback : r.get<std::string>(i);
}

}  // namespace arx::db
