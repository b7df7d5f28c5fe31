#include "core/fault.hpp"

#if defined(ARX_TEST_HOOKS)

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace arx::core {

void crash_point(const char *variable, const char *point, int exit_code) {
  const char *spec = std::getenv(variable);
  if (!spec) return;
  static std::mutex guard;
  static std::map<std::string, int> passed;  // per variable: the capability's passes
  const std::string s(spec);
  const auto colon = s.find(':');
  if (s.compare(0, colon, point) != 0) return;
  const int n = colon == std::string::npos ? 1 : std::atoi(s.c_str() + colon + 1);
  std::lock_guard<std::mutex> lock(guard);
  if (++passed[variable] == n) std::_Exit(exit_code);
}

}  // namespace arx::core

#endif  // ARX_TEST_HOOKS
