// Exact decimal text <-> scaled int64, and the money value type.
//
// Parsing never goes through a double: the text is split into its digits and
// a decimal exponent, the value digits x 10^power is scaled exactly, and the
// digits that fall below the target scale decide the rounding. Products and
// quotients use 128-bit integers, so every result is rounded exactly once.
#include "core/money.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <ostream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::core {
namespace {

// 128-bit integers are a GCC/Clang extension; __extension__ keeps -Wpedantic
// quiet about it.
__extension__ typedef unsigned __int128 u128;

constexpr int max_scale = 18;
// Exponents beyond this are clamped while lexing; any nonzero value with
// such an exponent is out of range (or rounds to zero) at every scale.
constexpr int64_t exponent_clamp = 1'000'000'000;
constexpr u128 int64_max_magnitude = static_cast<u128>(std::numeric_limits<int64_t>::max());

// ---------------------------------------------------------------- messages

[[noreturn]] void fail_text(std::string_view noun, std::string_view text, std::string_view reason) {
  std::string message = "invalid ";
  message += noun;
  message += ' ';
  message += quote(text);
  message += ": ";
  message += reason;
  arx::invalid_argument(std::move(message));
}

[[noreturn]] void fail_unexpected(std::string_view noun, std::string_view text, std::size_t pos) {
  std::string reason = "unexpected character '";
  append_escaped(reason, static_cast<unsigned char>(text[pos]));
  reason += "' at position " + std::to_string(pos);
  const char c = text[pos];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    reason += " (spaces are not allowed)";
  } else if (c == ',' || c == '\'' || c == '_') {
    reason += " (write plain digits with '.' as the decimal point, no grouping)";
  }
  fail_text(noun, text, reason);
}

std::string to_decimal_string(u128 value) {
  char buf[40];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  return std::string(p, buf + sizeof buf);
}

// ---------------------------------------------------------------- lexing

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view a, std::string_view lower) noexcept {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// The value of a decimal text as  digits x 10^power,  where `digits` is the
// run of significant digits (no leading or trailing zeros; empty for zero).
// The digits may straddle the decimal point, so they are kept as two views
// into the original text rather than copied.
struct decimal_value {
  bool negative = false;
  std::string_view head;  // significant digits before the decimal point
  std::string_view tail;  // significant digits after it
  int64_t power = 0;

  std::size_t size() const noexcept { return head.size() + tail.size(); }
  int digit(std::size_t i) const noexcept {
    return (i < head.size() ? head[i] : tail[i - head.size()]) - '0';
  }
};

// Checks `text` against  [+|-] digits [. digits] [(e|E) [+|-] digits]  and
// returns its exact value. `noun` names the kind of value in messages.
decimal_value lex_decimal(std::string_view text, std::string_view noun) {
  if (text.empty()) fail_text(noun, text, "empty text");
  const std::size_t n = text.size();
  std::size_t i = 0;
  decimal_value v;
  if (text[0] == '+' || text[0] == '-') {
    v.negative = text[0] == '-';
    ++i;
  }
  const std::string_view rest = text.substr(i);
  if (equals_ignoring_case(rest, "nan") || equals_ignoring_case(rest, "inf") ||
      equals_ignoring_case(rest, "infinity")) {
    fail_text(noun, text, "not a finite number");
  }

  const std::size_t int_begin = i;
  while (i < n && is_digit(text[i])) ++i;
  std::string_view int_digits = text.substr(int_begin, i - int_begin);
  std::string_view frac_digits;
  if (i < n && text[i] == '.') {
    if (int_digits.empty()) {
      fail_text(noun, text, "no digit before the decimal point (write 0.5, not .5)");
    }
    const std::size_t point = i++;
    const std::size_t frac_begin = i;
    while (i < n && is_digit(text[i])) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
    if (frac_digits.empty()) {
      fail_text(noun, text, "no digit after the decimal point at position " + std::to_string(point));
    }
  } else if (int_digits.empty()) {
    if (i == n) fail_text(noun, text, "no digits");
    fail_unexpected(noun, text, i);
  }

  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    const std::size_t e_pos = i++;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const std::size_t exp_begin = i;
    while (i < n && is_digit(text[i])) {
      if (exponent < exponent_clamp) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_begin) {
      if (i < n) fail_unexpected(noun, text, i);
      fail_text(noun, text, "exponent without digits at position " + std::to_string(e_pos));
    }
    if (exponent > exponent_clamp) exponent = exponent_clamp;
    if (exp_negative) exponent = -exponent;
  }
  if (i < n) fail_unexpected(noun, text, i);

  // The value is (int_digits frac_digits) x 10^(exponent - fraction length).
  // Strip leading zeros (across the point), which leaves the power alone,
  // and trailing zeros (likewise), which raise it.
  v.power = exponent - static_cast<int64_t>(frac_digits.size());
  while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
  if (int_digits.empty()) {
    while (!frac_digits.empty() && frac_digits.front() == '0') frac_digits.remove_prefix(1);
  }
  while (!frac_digits.empty() && frac_digits.back() == '0') {
    frac_digits.remove_suffix(1);
    ++v.power;
  }
  if (frac_digits.empty()) {
    while (!int_digits.empty() && int_digits.back() == '0') {
      int_digits.remove_suffix(1);
      ++v.power;
    }
  }
  v.head = int_digits;
  v.tail = frac_digits;
  return v;
}

// ---------------------------------------------------------------- rounding

// Where a dropped remainder lies relative to half a unit.
enum class half { below, tie, above };

bool round_up(half h, rounding mode, bool odd) noexcept {
  switch (mode) {
    case rounding::half_away_from_zero: return h != half::below;
    case rounding::half_even: return h == half::above || (h == half::tie && odd);
    case rounding::toward_zero: return false;
  }
  return false;
}

void check_scale(int scale) {
  if (scale < 0 || scale > max_scale) {
    arx::invalid_argument("decimal scale " + std::to_string(scale) + " out of range (0.." +
                          std::to_string(max_scale) + ")");
  }
}

int64_t apply_sign(u128 magnitude, bool negative) noexcept {
  const auto m = static_cast<uint64_t>(magnitude);
  return negative ? static_cast<int64_t>(uint64_t{0} - m) : static_cast<int64_t>(m);
}

bool fits(u128 magnitude, bool negative) noexcept {
  return magnitude <= int64_max_magnitude + (negative ? 1 : 0);
}

int64_t parse_scaled_as(std::string_view text, int scale, excess_digits excess, rounding mode,
                        std::string_view noun) {
  check_scale(scale);
  const decimal_value v = lex_decimal(text, noun);
  const auto size = static_cast<int64_t>(v.size());
  if (size == 0) return 0;  // "0", "-0.00", "0e99"

  const int64_t power = v.power + scale;  // value x 10^scale = digits x 10^power
  if (power < 0 && excess == excess_digits::reject) {
    fail_text(noun, text, "more than " + std::to_string(scale) + " fraction digit" +
                              (scale == 1 ? "" : "s"));
  }
  // Digits that land in the integer result; the others are rounded away.
  const int64_t keep = power < 0 ? size + power : size;
  const int64_t int_digits = keep + std::max<int64_t>(power, 0);
  // With no leading zeros, int_digits digits are at least 10^(int_digits-1),
  // which exceeds int64 from 20 digits on; up to 20 they fit in 128 bits.
  u128 magnitude = 0;
  bool too_large = int_digits > 20;
  if (!too_large) {
    for (int64_t i = 0; i < keep; ++i) magnitude = magnitude * 10 + static_cast<unsigned>(v.digit(static_cast<std::size_t>(i)));
    for (int64_t i = 0; i < power; ++i) magnitude *= 10;
    if (power < 0) {
      half h = half::below;  // keep < 0: the dropped part starts with zeros
      if (keep >= 0) {
        const int first = v.digit(static_cast<std::size_t>(keep));
        h = first > 5 ? half::above : first < 5 ? half::below : keep + 1 < size ? half::above : half::tie;
      }
      if (round_up(h, mode, (magnitude & 1) != 0)) ++magnitude;
    }
    too_large = !fits(magnitude, v.negative);
  }
  if (too_large) {
    fail_text(noun, text, v.negative
                              ? "out of range: less than " + format_scaled(std::numeric_limits<int64_t>::min(), scale)
                              : "out of range: greater than " + format_scaled(std::numeric_limits<int64_t>::max(), scale));
  }
  return apply_sign(magnitude, v.negative);
}

}  // namespace

// ---------------------------------------------------------------- decimals

int64_t parse_scaled(std::string_view text, int scale, excess_digits excess, rounding mode) {
  return parse_scaled_as(text, scale, excess, mode, "decimal");
}

std::string format_scaled(int64_t value, int scale) {
  check_scale(scale);
  const uint64_t magnitude = value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = to_decimal_string(magnitude);
  const auto width = static_cast<std::size_t>(scale) + 1;
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  if (scale > 0) digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  if (value < 0) digits.insert(0, 1, '-');
  return digits;
}

int64_t parse_minor(std::string_view text, int exponent, excess_digits excess, rounding mode) {
  return parse_scaled_as(text, exponent, excess, mode, "amount");
}

std::string format_minor(int64_t minor, int exponent) { return format_scaled(minor, exponent); }

// ---------------------------------------------------------------- money

money::money(int64_t minor, std::string_view currency)
    : minor_(minor), exponent_(currency_exponent(currency)) {
  std::copy_n(currency.data(), 3, code_);
}

money::money(int64_t minor, const char* code, int exponent, unchecked) noexcept
    : minor_(minor), exponent_(exponent) {
  std::copy_n(code, 4, code_);
}

money money::parse(std::string_view text, std::string_view currency, excess_digits excess) {
  const int exponent = currency_exponent(currency);
  const std::string noun = std::string(currency) + " amount";
  return money(parse_scaled_as(text, exponent, excess, rounding::half_away_from_zero, noun),
               currency);
}

money money::from_db(std::string_view text, std::string_view currency) {
  const int exponent = currency_exponent(currency);
  const std::string noun = std::string(currency) + " amount from the database";
  return money(parse_scaled_as(text, exponent, excess_digits::round,
                               rounding::half_away_from_zero, noun),
               currency);
}

std::string money::to_string() const { return format_scaled(minor_, exponent_); }

std::ostream& operator<<(std::ostream& os, const money& m) {
  os << m.to_string();
  if (!m.currency().empty()) os << ' ' << m.currency();
  return os;
}

namespace {
std::string describe(const money& m) {
  if (m.currency().empty()) return "0 (no currency)";
  return m.to_string() + " " + std::string(m.currency());
}
}  // namespace

const char* money::common_currency(const money& other, const char* operation) const {
  if (other.code_[0] == 0) return code_;
  if (code_[0] == 0) return other.code_;
  if (std::equal(code_, code_ + 3, other.code_)) return code_;
  arx::invalid_argument(std::string("currency mismatch: cannot ") + operation + " " +
                        describe(*this) + " and " + describe(other));
}

money money::add(const money& other, bool subtract) const {
  const char* code = common_currency(other, subtract ? "subtract" : "add");
  int64_t result = 0;
  if (subtract ? __builtin_sub_overflow(minor_, other.minor_, &result)
               : __builtin_add_overflow(minor_, other.minor_, &result)) {
    arx::invalid_argument("amount overflow: " + describe(*this) + (subtract ? " - " : " + ") + describe(other) +
                          " exceeds the 64-bit range of minor units");
  }
  return money(result, code, code == code_ ? exponent_ : other.exponent_, unchecked{});
}

money money::operator+(const money& other) const { return add(other, false); }

money money::operator-(const money& other) const { return add(other, true); }

money money::operator-() const {
  if (minor_ == std::numeric_limits<int64_t>::min()) {
    arx::invalid_argument("amount overflow: cannot negate " + describe(*this));
  }
  return money(-minor_, code_, exponent_, unchecked{});
}

money& money::operator+=(const money& other) { return *this = *this + other; }
money& money::operator-=(const money& other) { return *this = *this - other; }

bool money::operator==(const money& other) const noexcept {
  return minor_ == other.minor_ && std::equal(code_, code_ + 4, other.code_);
}

std::strong_ordering money::operator<=>(const money& other) const {
  if (!std::equal(code_, code_ + 4, other.code_)) {
    arx::invalid_argument("currency mismatch: cannot compare " + describe(*this) + " and " +
                          describe(other));
  }
  return minor_ <=> other.minor_;
}

money money::multiply(std::string_view factor, int64_t divisor, rounding mode) const {
  if (divisor <= 0) {
    arx::invalid_argument("cannot multiply " + describe(*this) + ": divisor " +
                          std::to_string(divisor) + " is not positive");
  }
  const decimal_value f = lex_decimal(factor, "factor");
  constexpr std::size_t max_factor_digits = 18;
  if (f.size() > max_factor_digits) {
    fail_text("factor", factor, "more than " + std::to_string(max_factor_digits) + " significant digits");
  }
  if (minor_ == 0 || f.size() == 0) return money(0, code_, exponent_, unchecked{});

  const bool negative = (minor_ < 0) != f.negative;
  u128 significand = 0;
  for (std::size_t i = 0; i < f.size(); ++i) significand = significand * 10 + static_cast<unsigned>(f.digit(i));
  const uint64_t magnitude = minor_ < 0 ? uint64_t{0} - static_cast<uint64_t>(minor_) : static_cast<uint64_t>(minor_);

  auto overflow = [&]() {
    arx::invalid_argument("amount overflow: " + describe(*this) + " * " + quote(factor) + " / " +
                          std::to_string(divisor) + " exceeds the 64-bit range of minor units");
  };
  // |result| = magnitude x significand x 10^power / divisor. Both products
  // are bounded: magnitude < 2^64 and significand < 10^18 < 2^60.
  u128 numerator = static_cast<u128>(magnitude) * significand;
  u128 denominator = static_cast<u128>(divisor);
  for (int64_t p = f.power; p > 0; --p) {
    // A numerator past 2^128 over a divisor below 2^63 is far beyond int64.
    if (__builtin_mul_overflow(numerator, u128{10}, &numerator)) overflow();
  }
  for (int64_t p = f.power; p < 0; ++p) {
    // A denominator past 2^128 exceeds the numerator (< 2^124) 16-fold: the
    // exact result is below 1/16 and rounds to zero in every mode.
    if (__builtin_mul_overflow(denominator, u128{10}, &denominator)) {
      return money(0, code_, exponent_, unchecked{});
    }
  }
  u128 quotient = numerator / denominator;
  const u128 remainder = numerator % denominator;
  if (remainder != 0) {
    const u128 rest = denominator - remainder;
    const half h = remainder > rest ? half::above : remainder < rest ? half::below : half::tie;
    if (round_up(h, mode, (quotient & 1) != 0)) ++quotient;
  }
  if (!fits(quotient, negative)) overflow();
  return money(apply_sign(quotient, negative), code_, exponent_, unchecked{});
}

std::vector<money> money::allocate(const std::vector<int64_t>& weights) const {
  if (weights.empty()) arx::invalid_argument("cannot allocate " + describe(*this) + ": no weights");
  uint64_t total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) {
      arx::invalid_argument("cannot allocate " + describe(*this) + ": weight " +
                            std::to_string(weights[i]) + " at index " + std::to_string(i) +
                            " is negative");
    }
    if (__builtin_add_overflow(total, static_cast<uint64_t>(weights[i]), &total)) {
      arx::invalid_argument("cannot allocate " + describe(*this) + ": the weights' sum overflows");
    }
  }
  if (total == 0) arx::invalid_argument("cannot allocate " + describe(*this) + ": all weights are zero");

  const bool negative = minor_ < 0;
  const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(minor_) : static_cast<uint64_t>(minor_);
  std::vector<uint64_t> shares(weights.size());
  std::vector<uint64_t> remainders(weights.size());
  uint64_t distributed = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const u128 product = static_cast<u128>(magnitude) * static_cast<uint64_t>(weights[i]);
    shares[i] = static_cast<uint64_t>(product / total);
    remainders[i] = static_cast<uint64_t>(product % total);
    distributed += shares[i];
  }
  // The leftover is below the number of parts with a nonzero remainder, and
  // only parts with a positive weight have one.
  uint64_t leftover = magnitude - distributed;
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b;
  });
  for (std::size_t k = 0; leftover > 0; ++k, --leftover) ++shares[order[k]];

  std::vector<money> parts;
  parts.reserve(weights.size());
  for (uint64_t share : shares) parts.push_back(money(apply_sign(share, negative), code_, exponent_, unchecked{}));
  return parts;
}

}  // namespace arx::core
