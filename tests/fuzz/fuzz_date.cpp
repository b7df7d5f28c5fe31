// Fuzz target: date parsing (plugin/core/date.cpp).
//
// Properties of every accepted text: the date is valid and within
// 0001..9999, formats as the text's first ten characters, parses back to
// itself, and moving it by a number of days (taken from the input) and back
// lands on the same date.
#include "core/date.hpp"
#include "fuzz_support.hpp"

using arx::fuzz::expect;
namespace core = arx::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view text = arx::fuzz::as_text(data, size);
  core::date d;
  try {
    d = core::parse_date(text);
  } catch (const arx::error &) {
    return 0;
  }
  expect(d.ok(), "a parsed date is valid");
  const std::string iso = core::format_date(d);
  expect(text.substr(0, 10) == iso, "a parsed date formats as the text's first ten characters");
  expect(core::parse_date(iso) == d, "a formatted date parses back to itself");
  int days = 0;
  for (size_t i = 0; i < size && i < 3; ++i) days = days * 256 + data[size - 1 - i];
  days -= 1 << 23;  // about +-23,000 years: both in and out of range
  try {
    const core::date moved = core::add_days(d, days);
    expect(core::days_between(d, moved) == days, "days_between undoes add_days");
    expect(core::add_days(moved, -days) == d, "add_days by -n undoes add_days by n");
  } catch (const arx::error &) {
  }
  const arx_date c = core::to_arx_date(d);
  expect(core::from_arx_date(c) == d, "a date survives the C ABI's arx_date");
  return 0;
}
