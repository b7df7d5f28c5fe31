// arx::core money: exact amounts as int64 minor units plus an ISO 4217
// currency code. Nothing here ever touches a binary floating point number:
// text in, integers inside, text out. See docs/MONEY.md for the rules a
// finance reader cares about (representation, rounding, database round trip).
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace arx::core {

// ---------------------------------------------------------------- currencies

// The minor-unit exponent of an ISO 4217 currency (EUR 2, JPY 0, KWD 3,
// CLF 4). `code` must be three upper-case letters naming a currency in arx's
// table (the active ISO 4217 list plus a few recently withdrawn codes that
// old ledgers still hold); anything else throws arx::error with
// ARX_E_INVALID_ARGUMENT ("unknown currency code 'XYZ' (ISO 4217)").
// Codes without a minor unit in the standard (XAU, XDR, XXX, ...) are not
// in the table: nobody invoices in them.
int currency_exponent(std::string_view code);

// True when currency_exponent(code) would succeed.
bool is_currency(std::string_view code) noexcept;

// ------------------------------------------------------------ exact decimals

enum class rounding {
  half_away_from_zero,  // commercial rounding: 0.125 -> 0.13, -0.125 -> -0.13
  half_even,            // banker's rounding: 0.125 -> 0.12, 0.135 -> 0.14
  toward_zero,          // truncation: 0.129 -> 0.12, -0.129 -> -0.12
};

// What to do when a text value is not exactly representable at the target
// scale ("1.005" at 2 decimals). Zeros beyond the scale are never excess:
// "1.5000" is exactly 1.50.
enum class excess_digits {
  reject,  // throw arx::error(ARX_E_INVALID_ARGUMENT)
  round,   // round the exact decimal value once, with the given rounding mode
};

// Parses decimal text into an integer scaled by 10^scale ("12.5" at scale 4
// -> 125000). Grammar, with nothing else allowed (no spaces, no thousands
// separators, no locale):
//     [+|-] digits [ . digits ] [ (e|E) [+|-] digits ]
// Digits are required on both sides of a decimal point ("1." and ".5" are
// refused). The exponent form exists because SQLite's ODBC driver prints REAL
// values as "1.0e+15". The value is taken exactly as written; with
// excess_digits::round it is rounded once with `mode`. Throws arx::error
// (ARX_E_INVALID_ARGUMENT) naming the text and the reason on malformed text,
// on NaN/Inf, on excess digits under excess_digits::reject and when the
// result does not fit into int64. `scale` must be 0..18.
int64_t parse_scaled(std::string_view text, int scale,
                     excess_digits excess = excess_digits::reject,
                     rounding mode = rounding::half_away_from_zero);

// Formats an integer scaled by 10^scale as plain decimal text with exactly
// `scale` fraction digits: (-5, 2) -> "-0.05", (0, 2) -> "0.00",
// (1234, 0) -> "1234". Every int64 value, INT64_MIN included, is formatted.
std::string format_scaled(int64_t value, int scale);

// The same for money amounts: `exponent` is the currency's minor-unit
// exponent. Error messages speak of an "amount".
int64_t parse_minor(std::string_view text, int exponent,
                    excess_digits excess = excess_digits::reject,
                    rounding mode = rounding::half_away_from_zero);
std::string format_minor(int64_t minor, int exponent);

// --------------------------------------------------------------------- money

// An amount of money: int64 minor units (cents for EUR, yen for JPY, fils for
// KWD) in one ISO 4217 currency. The currency code is stored inline, so a
// money is a small trivially copyable value.
//
// A default-constructed money is zero with no currency (currency() == "",
// exponent() == 0). It exists so that money can live in vectors and start a
// running total: it is the neutral element of + and -, so
// `money total; for (auto& l : lines) total += l.net;` yields a total in the
// lines' currency. Every other operation that mixes currencies throws; no
// constructor other than the default one accepts an empty currency.
class money {
public:
  money() noexcept = default;
  // Throws arx::error(ARX_E_INVALID_ARGUMENT) for an unknown currency code.
  money(int64_t minor, std::string_view currency);

  // Parses decimal text in the currency's precision: "1234.50" EUR. Text with
  // more fraction digits than the currency has is refused by default.
  static money parse(std::string_view text, std::string_view currency,
                     excess_digits excess = excess_digits::reject);
  // Reads an amount the database handed back. Databases may return binary
  // noise ("0.30000000000000004", "1.0e+15") for columns stored as REAL, so
  // the exact decimal value of the text is rounded half away from zero to the
  // currency's exponent.
  static money from_db(std::string_view text, std::string_view currency);

  int64_t minor() const noexcept { return minor_; }
  std::string_view currency() const noexcept { return {code_, code_[0] ? 3u : 0u}; }
  int exponent() const noexcept { return exponent_; }
  // Decimal text at the currency's exponent, without the currency code:
  // "1234.50", "-0.05", "1234" for JPY. This is the text written to the
  // database and passed through the C ABI.
  std::string to_string() const;

  bool is_zero() const noexcept { return minor_ == 0; }
  bool is_negative() const noexcept { return minor_ < 0; }

  // Checked arithmetic: throws arx::error(ARX_E_INVALID_ARGUMENT) when the
  // currencies differ (a default money adopts the other side's currency) and
  // when the result leaves the int64 range.
  money operator+(const money& other) const;
  money operator-(const money& other) const;
  money operator-() const;
  money& operator+=(const money& other);
  money& operator-=(const money& other);

  // Multiplies by the exact decimal `factor` (text, same grammar as
  // parse_scaled: "19", "0.5", "1.0725", "-1") divided by `divisor` (> 0),
  // rounding once with `mode`. VAT at 19 %: net.multiply("19", 100).
  // The product is computed exactly in 128 bits; throws when the factor is
  // malformed, the divisor is not positive or the result leaves int64.
  money multiply(std::string_view factor, int64_t divisor = 1,
                 rounding mode = rounding::half_away_from_zero) const;

  // Splits the amount into parts proportional to non-negative integer
  // weights (at least one positive). The parts sum exactly to *this: each
  // part gets the truncated share, and the minor units left over go one
  // each to the parts with the largest remainders, the lower index first on
  // ties. Negative amounts are split like their magnitude, then negated.
  std::vector<money> allocate(const std::vector<int64_t>& weights) const;

  // Equality compares amount and currency: 1.00 EUR != 1.00 USD.
  bool operator==(const money& other) const noexcept;
  // Ordering only makes sense within one currency: comparing amounts in
  // different currencies throws arx::error(ARX_E_INVALID_ARGUMENT).
  std::strong_ordering operator<=>(const money& other) const;

private:
  struct unchecked {};
  money(int64_t minor, const char* code, int exponent, unchecked) noexcept;
  const char* common_currency(const money& other, const char* operation) const;
  // this + other, or this - other, in their common currency; overflow throws.
  money add(const money& other, bool subtract) const;

  int64_t minor_ = 0;
  char code_[4] = {0, 0, 0, 0};
  int exponent_ = 0;
};

// "1234.50 EUR" (for logs and test failure messages).
std::ostream& operator<<(std::ostream& os, const money& m);

}  // namespace arx::core
