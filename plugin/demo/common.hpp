// The demo generator's small shared pieces: overflow-checked integer
// arithmetic, string assembly and business days. Internal to plugin/demo.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace arx::demo::detail {

using std::chrono::days;
using std::chrono::sys_days;

// ------------------------------------------------------------ integers

[[noreturn]] inline void internal_fault(const std::string &what) {
  fail(ARX_E_INTERNAL, "demo generator: " + what);
}

inline int64_t mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) internal_fault("integer overflow in an amount");
  return r;
}

// num / den rounded half away from zero; den > 0.
inline int64_t div_round(int64_t num, int64_t den) {
  int64_t q = num / den;
  int64_t rem = num % den;
  if (rem < 0) rem = -rem;
  if (rem >= den - rem) q += num < 0 ? -1 : 1;
  return q;
}

inline std::string zero_padded(uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

template <class... T> std::string cat(const T &...parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// ------------------------------------------------------------ dates

inline std::chrono::year_month_day ymd(sys_days d) { return std::chrono::year_month_day{d}; }
inline bool weekend(sys_days d) {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}
inline sys_days next_business(sys_days d) {
  while (weekend(d)) d += days{1};
  return d;
}
inline sys_days prev_business(sys_days d) {
  while (weekend(d)) d -= days{1};
  return d;
}

}  // namespace arx::demo::detail
