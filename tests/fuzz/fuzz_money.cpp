// Fuzz target: exact decimal and money parsing (plugin/core/money.cpp).
//
// The first byte picks the scale (0..18), the rounding mode, the currency and
// a divisor; the rest is the text. Properties: an accepted value formats back
// to text that parses to the same value; rounding an exactly representable
// value changes nothing; money::parse agrees with parse_minor at the
// currency's exponent.
#include <array>
#include <optional>

#include "core/money.hpp"
#include "fuzz_support.hpp"

using arx::fuzz::expect;
namespace core = arx::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const uint8_t control = data[0];
  const std::string_view text = arx::fuzz::as_text(data + 1, size - 1);
  const int scale = control % 19;
  static constexpr std::array modes = {core::rounding::half_away_from_zero, core::rounding::half_even,
                                       core::rounding::toward_zero};
  const core::rounding mode = modes[(control / 19) % 3];
  static constexpr std::array<const char *, 5> currencies = {"EUR", "JPY", "KWD", "CLF", "USD"};
  const char *currency = currencies[control % currencies.size()];

  std::optional<int64_t> exact;
  try {
    exact = core::parse_scaled(text, scale);
    const std::string back = core::format_scaled(*exact, scale);
    expect(core::parse_scaled(back, scale) == *exact, "format_scaled(parse_scaled(x)) parses back to the same value");
    expect(core::parse_scaled(text, scale, core::excess_digits::round, mode) == *exact,
           "rounding a value that fits the scale exactly keeps it");
  } catch (const arx::error &) {
  }
  try {
    const int64_t rounded = core::parse_scaled(text, scale, core::excess_digits::round, mode);
    expect(core::parse_scaled(core::format_scaled(rounded, scale), scale) == rounded, "a rounded value round-trips");
  } catch (const arx::error &) {
  }

  try {
    const core::money m = core::money::parse(text, currency);
    expect(m.minor() == core::parse_minor(text, core::currency_exponent(currency)),
           "money::parse agrees with parse_minor");
    expect(core::money::parse(m.to_string(), currency) == m, "money's text parses back to the same money");
    expect(core::money::from_db(m.to_string(), currency) == m, "from_db reads money's own text exactly");
  } catch (const arx::error &) {
  }
  try {
    (void)core::money::from_db(text, currency);
  } catch (const arx::error &) {
  }
  try {
    // The text as a factor of an amount: checked 128-bit arithmetic.
    const core::money amount(static_cast<int64_t>(control) * 1000003 - 77, currency);
    (void)amount.multiply(text, 1 + control % 7, mode);
  } catch (const arx::error &) {
  }
  return 0;
}
