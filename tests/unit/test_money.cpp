// Unit tests for plugin/core/money: the currency table, exact decimal text
// parsing and formatting, and the money value type.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "error_of.hpp"

namespace {

using namespace arx::core;
using ::testing::HasSubstr;

constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();
constexpr int64_t int64_min = std::numeric_limits<int64_t>::min();

// The message of the arx::error (ARX_E_INVALID_ARGUMENT) that `f` throws.
template <class F>
std::string error_of(F&& f) {
  return arx::test::error_of(ARX_E_INVALID_ARGUMENT, std::forward<F>(f));
}

// parse_minor(text, exponent) == minor for each row; a failure names the text.
struct parse_case {
  std::string_view text;
  int exponent;
  int64_t minor;
};
void expect_parsed(std::initializer_list<parse_case> cases) {
  for (const parse_case& c : cases) EXPECT_EQ(parse_minor(c.text, c.exponent), c.minor) << c.text;
}

money eur(std::string_view text) { return money::parse(text, "EUR"); }

// A deterministic pseudo-random sequence for property checks.
struct lcg {
  uint64_t state;
  uint64_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  }
};

// ------------------------------------------------------------ currencies

TEST(MoneyCurrency, ExponentsFollowIso4217) {
  EXPECT_EQ(currency_exponent("EUR"), 2);
  EXPECT_EQ(currency_exponent("USD"), 2);
  EXPECT_EQ(currency_exponent("CHF"), 2);
  EXPECT_EQ(currency_exponent("GBP"), 2);
  EXPECT_EQ(currency_exponent("JPY"), 0);
  EXPECT_EQ(currency_exponent("KRW"), 0);
  EXPECT_EQ(currency_exponent("ISK"), 0);
  EXPECT_EQ(currency_exponent("CLP"), 0);
  EXPECT_EQ(currency_exponent("XOF"), 0);
  for (const char* code : {"KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD"}) {
    EXPECT_EQ(currency_exponent(code), 3) << code;
  }
  EXPECT_EQ(currency_exponent("CLF"), 4);
  EXPECT_EQ(currency_exponent("UYW"), 4);
}

TEST(MoneyCurrency, RejectsUnknownAndMalformedCodes) {
  for (const char* code : {"EUR", "JPY", "KWD", "ZWG", "AED"}) EXPECT_TRUE(is_currency(code)) << code;
  for (const char* code : {"XYZ", "XXX", "XAU", "eur", "Eur", "EU", "EURO", "", "E1R", "EUR "}) {
    EXPECT_FALSE(is_currency(code)) << code;
  }
  EXPECT_EQ(error_of([] { currency_exponent("XYZ"); }), "unknown currency code 'XYZ' (ISO 4217)");
  EXPECT_THAT(error_of([] { currency_exponent("eur"); }),
              HasSubstr("'eur': ISO 4217 codes are three upper-case letters"));
  EXPECT_THAT(error_of([] { currency_exponent(std::string_view("E\x01R", 3)); }), HasSubstr("'E\\x01R'"));
}

// ------------------------------------------------------------ parsing

TEST(MoneyParse, PlainDecimalText) {
  expect_parsed({
      {"1234.50", 2, 123450},
      {"1234.5", 2, 123450},
      {"1234", 2, 123400},
      {"-1234.56", 2, -123456},
      {"+0.01", 2, 1},
      {"0", 2, 0},
      {"-0.00", 2, 0},
      {"000012.30", 2, 1230},
      {"1234", 0, 1234},
  });
}

TEST(MoneyParse, ZerosBeyondTheExponentAreNotExcess) {
  expect_parsed({
      {"1.500", 2, 150},
      {"1234.0000", 0, 1234},
      {"-0.000000", 2, 0},
  });
}

TEST(MoneyParse, ExponentNotationAsSqlitePrintsReals) {
  expect_parsed({
      {"1.5e+3", 2, 150000},
      {"1.0E-2", 2, 1},
      {"1.0e+15", 2, 100000000000000000},
      {"-2.5e1", 0, -25},
      {"12345e-2", 2, 12345},
      {"0e999999999999", 2, 0},
  });
  EXPECT_THAT(error_of([] { parse_minor("12345e-4", 2); }), HasSubstr("more than 2 fraction digits"));
  EXPECT_EQ(parse_minor("1e-999999999999", 2, excess_digits::round), 0);
}

TEST(MoneyParse, ExcessDigitsRejectedOrRoundedOnce) {
  EXPECT_EQ(error_of([] { parse_minor("1.005", 2); }), "invalid amount '1.005': more than 2 fraction digits");
  EXPECT_EQ(parse_minor("1.005", 2, excess_digits::round), 101);
  EXPECT_EQ(parse_minor("1.00499999999999999999", 2, excess_digits::round), 100);
  // Rounding carries through all digits.
  EXPECT_EQ(parse_minor("0.995", 2, excess_digits::round), 100);
  EXPECT_EQ(parse_minor("99.999", 2, excess_digits::round), 10000);
  // Values far below the unit.
  EXPECT_EQ(parse_minor("0.0001", 2, excess_digits::round), 0);
  EXPECT_EQ(parse_minor("0.0051", 2, excess_digits::round), 1);
  EXPECT_EQ(parse_minor("-0.0049", 2, excess_digits::round), 0);
}

TEST(MoneyParse, TiesHalfAwayFromZeroVersusHalfEven) {
  const auto r = [](std::string_view text, rounding mode) {
    return parse_minor(text, 2, excess_digits::round, mode);
  };
  // 0.125 is a tie between 0.12 and 0.13.
  EXPECT_EQ(r("0.125", rounding::half_away_from_zero), 13);
  EXPECT_EQ(r("0.125", rounding::half_even), 12);
  EXPECT_EQ(r("0.125", rounding::toward_zero), 12);
  EXPECT_EQ(r("0.135", rounding::half_even), 14);
  EXPECT_EQ(r("0.12500", rounding::half_even), 12);  // trailing zeros keep it a tie
  EXPECT_EQ(r("0.1250000001", rounding::half_even), 13);
  EXPECT_EQ(r("0.005", rounding::half_away_from_zero), 1);
  EXPECT_EQ(r("0.005", rounding::half_even), 0);
  // Negative ties mirror the positive ones.
  EXPECT_EQ(r("-0.125", rounding::half_away_from_zero), -13);
  EXPECT_EQ(r("-0.125", rounding::half_even), -12);
  EXPECT_EQ(r("-0.125", rounding::toward_zero), -12);
  EXPECT_EQ(r("-0.135", rounding::half_even), -14);
  EXPECT_EQ(r("-0.005", rounding::half_away_from_zero), -1);
  // Not ties.
  EXPECT_EQ(r("0.129", rounding::toward_zero), 12);
  EXPECT_EQ(r("-0.129", rounding::toward_zero), -12);
  EXPECT_EQ(r("0.1249", rounding::half_away_from_zero), 12);
  EXPECT_EQ(r("0.1251", rounding::half_even), 13);
}

// Rounding text with k fraction digits to s < k digits must agree with
// integer division of the k-scaled value by 10^(k-s), rounded by hand.
TEST(MoneyParse, RoundingAgreesWithIntegerDivision) {
  lcg rng{2026};
  for (int i = 0; i < 20000; ++i) {
    auto value = static_cast<int64_t>(rng.next()) >> (rng.next() % 63);
    const int k = 1 + static_cast<int>(rng.next() % 18);
    const int s = static_cast<int>(rng.next() % static_cast<uint64_t>(k));
    int64_t divisor = 1;
    for (int d = 0; d < k - s; ++d) divisor *= 10;
    if (i % 3 == 0) {  // make every third case an exact tie
      int64_t tied = 0;
      const int64_t half_unit = value < 0 ? -divisor / 2 : divisor / 2;
      if (!__builtin_add_overflow(value / divisor * divisor, half_unit, &tied)) value = tied;
    }
    const int64_t q = value / divisor;  // truncates toward zero
    const int64_t r = value % divisor;  // same sign as value
    const int64_t r_abs = r < 0 ? -r : r;
    const int64_t away = value < 0 ? q - 1 : q + 1;
    const bool above = r_abs > divisor - r_abs;
    const bool tie = r_abs == divisor - r_abs;
    const int64_t expect_away = (above || tie) ? away : q;
    const int64_t expect_even = (above || (tie && q % 2 != 0)) ? away : q;
    const std::string text = format_scaled(value, k);
    ASSERT_EQ(parse_scaled(text, s, excess_digits::round, rounding::half_away_from_zero), expect_away) << text << " -> " << s;
    ASSERT_EQ(parse_scaled(text, s, excess_digits::round, rounding::half_even), expect_even) << text << " -> " << s;
    ASSERT_EQ(parse_scaled(text, s, excess_digits::round, rounding::toward_zero), q) << text << " -> " << s;
    if (r == 0) {
      ASSERT_EQ(parse_scaled(text, s), q) << text;
    } else {
      ASSERT_THROW(parse_scaled(text, s), arx::error) << text;
    }
  }
}

TEST(MoneyParse, Int64Limits) {
  expect_parsed({
      {"92233720368547758.07", 2, int64_max},
      {"-92233720368547758.08", 2, int64_min},
      {"9223372036854775807", 0, int64_max},
      {"-9223372036854775808", 0, int64_min},
  });
  EXPECT_THAT(error_of([] { parse_minor("92233720368547758.08", 2); }),
              HasSubstr("'92233720368547758.08': out of range: greater than 92233720368547758.07"));
  EXPECT_THAT(error_of([] { parse_minor("-92233720368547758.09", 2); }),
              HasSubstr("out of range: less than -92233720368547758.08"));
  EXPECT_THAT(error_of([] { parse_minor("9223372036854775808", 0); }), HasSubstr("out of range"));
  EXPECT_THAT(error_of([] { parse_minor("1e17", 2); }), HasSubstr("out of range"));
  EXPECT_THAT(error_of([] { parse_minor("1e999999999999999999999", 2); }), HasSubstr("out of range"));
  EXPECT_THAT(error_of([] { parse_minor("123456789012345678901234567890", 0); }), HasSubstr("out of range"));
  // Rounding up past the limit is an overflow too.
  EXPECT_THAT(error_of([] { parse_minor("92233720368547758.075", 2, excess_digits::round); }),
              HasSubstr("out of range"));
  EXPECT_EQ(parse_minor("92233720368547758.074", 2, excess_digits::round), int64_max);
}

TEST(MoneyParse, MalformedTextNamesTheInputAndTheReason) {
  struct bad_case {
    const char* text;
    const char* reason;
  };
  const bad_case cases[] = {
      {"", "empty text"},
      {"1,5", "unexpected character ',' at position 1"},
      {"1,50", "unexpected character ',' at position 1"},
      {"abc", "unexpected character 'a' at position 0"},
      {"--1", "unexpected character '-' at position 1"},
      {"+-1", "unexpected character '-' at position 1"},
      {"1e", "exponent without digits at position 1"},
      {"1e+", "exponent without digits at position 1"},
      {"1ex", "unexpected character 'x' at position 2"},
      {"1e5.5", "unexpected character '.' at position 3"},
      {"1.2.3", "unexpected character '.' at position 3"},
      {" 1", "unexpected character ' ' at position 0 (spaces are not allowed)"},
      {"1 ", "unexpected character ' ' at position 1 (spaces are not allowed)"},
      {"1 000", "unexpected character ' ' at position 1"},
      {"NaN", "not a finite number"},
      {"nan", "not a finite number"},
      {"-inf", "not a finite number"},
      {"Infinity", "not a finite number"},
      {"1.", "no digit after the decimal point at position 1"},
      {".5", "no digit before the decimal point"},
      {"-.5", "no digit before the decimal point"},
      {"+", "no digits"},
      {"-", "no digits"},
      {"0x10", "unexpected character 'x' at position 1"},
      {"1_000", "unexpected character '_' at position 1"},
      {"12€", "unexpected character '\\xE2' at position 2"},
      {"EUR 12", "unexpected character 'E' at position 0"},
  };
  for (const bad_case& c : cases) {
    const std::string message = error_of([&] { parse_minor(c.text, 2); });
    EXPECT_THAT(message, HasSubstr("invalid amount '")) << c.text;
    EXPECT_THAT(message, HasSubstr(c.reason)) << c.text;
    if (std::string_view(c.text).find('\xE2') == std::string_view::npos) {
      EXPECT_THAT(message, HasSubstr(std::string("'") + c.text + "'")) << c.text;
    }
  }
  EXPECT_EQ(error_of([] { parse_minor("1,50", 2); }).rfind(
                "invalid amount '1,50': unexpected character ',' at position 1", 0),
            0u);
}

TEST(MoneyParse, MessagesEscapeControlBytesAndCutLongText) {
  EXPECT_THAT(error_of([] { parse_minor(std::string_view("1\0", 2), 2); }),
              HasSubstr("'1\\x00': unexpected character '\\x00' at position 1"));
  const std::string long_text(500, '7');
  const std::string message = error_of([&] { parse_minor(long_text + "x", 2); });
  EXPECT_THAT(message, HasSubstr("...'"));
  EXPECT_LT(message.size(), 200u);
}

TEST(MoneyParse, ScaledDecimalsForQuantitiesAndPercentages) {
  EXPECT_EQ(parse_scaled("12.5", 4), 125000);
  EXPECT_EQ(parse_scaled("0.0001", 4), 1);
  EXPECT_EQ(parse_scaled("19", 2), 1900);
  EXPECT_EQ(parse_scaled("1.23456", 4, excess_digits::round, rounding::half_even), 12346);
  EXPECT_THAT(error_of([] { parse_scaled("1.5x", 4); }), HasSubstr("invalid decimal '1.5x'"));
  EXPECT_THAT(error_of([] { parse_scaled("1", 19); }), HasSubstr("scale 19 out of range"));
  EXPECT_THAT(error_of([] { parse_scaled("1", -1); }), HasSubstr("scale -1 out of range"));
  EXPECT_EQ(parse_scaled("0.000000000000000001", 18), 1);
}

// ------------------------------------------------------------ formatting

TEST(MoneyFormat, FixedFractionDigits) {
  EXPECT_EQ(format_minor(123450, 2), "1234.50");
  EXPECT_EQ(format_minor(-123456, 2), "-1234.56");
  EXPECT_EQ(format_minor(-5, 2), "-0.05");
  EXPECT_EQ(format_minor(5, 3), "0.005");
  EXPECT_EQ(format_minor(0, 2), "0.00");
  EXPECT_EQ(format_minor(0, 0), "0");
  EXPECT_EQ(format_minor(1234, 0), "1234");
  EXPECT_EQ(format_minor(-1234, 0), "-1234");
  EXPECT_EQ(format_minor(1, 4), "0.0001");
  EXPECT_EQ(format_scaled(-1, 18), "-0.000000000000000001");
}

TEST(MoneyFormat, Int64Extremes) {
  EXPECT_EQ(format_minor(int64_min, 2), "-92233720368547758.08");
  EXPECT_EQ(format_minor(int64_max, 2), "92233720368547758.07");
  EXPECT_EQ(format_minor(int64_min, 0), "-9223372036854775808");
  EXPECT_EQ(format_scaled(int64_min, 18), "-9.223372036854775808");
}

TEST(MoneyFormat, RoundTripsThroughParse) {
  lcg rng{42};
  for (int i = 0; i < 20000; ++i) {
    const auto value = static_cast<int64_t>(rng.next()) >> (rng.next() % 63);
    const int scale = static_cast<int>(rng.next() % 19);
    const std::string text = format_scaled(value, scale);
    ASSERT_EQ(parse_scaled(text, scale), value) << text << " at scale " << scale;
  }
  for (int64_t v : {int64_min, int64_min + 1, int64_max, int64_t{-1}, int64_t{0}}) {
    EXPECT_EQ(parse_minor(format_minor(v, 2), 2), v);
  }
}

// ------------------------------------------------------------ money

TEST(Money, DecimalArithmeticIsExact) {
  EXPECT_EQ(eur("0.10") + eur("0.20"), eur("0.30"));
  EXPECT_EQ((eur("0.10") + eur("0.20")).minor(), 30);
  money total;
  for (int i = 0; i < 10; ++i) total += eur("0.10");
  EXPECT_EQ(total, eur("1.00"));
  EXPECT_EQ(eur("1.00") - eur("0.90"), eur("0.10"));
}

TEST(Money, FromDbRoundsBinaryNoiseToTheExponent) {
  EXPECT_EQ(money::from_db("0.30000000000000004", "EUR").minor(), 30);
  EXPECT_EQ(money::from_db("0.29999999999999999", "EUR").minor(), 30);
  EXPECT_EQ(money::from_db("1.0e+15", "EUR").minor(), 100000000000000000);
  EXPECT_EQ(money::from_db("1.0e+15", "EUR").to_string(), "1000000000000000.00");
  EXPECT_EQ(money::from_db("1234.5", "JPY").minor(), 1235);
  EXPECT_EQ(money::from_db("-1234.5", "JPY").minor(), -1235);
  EXPECT_EQ(money::from_db("1234.4999", "JPY").minor(), 1234);
  EXPECT_EQ(money::from_db("0.0005", "KWD").minor(), 1);
  EXPECT_EQ(money::from_db("70368744177663.99", "EUR").minor(), 7036874417766399);
  EXPECT_THAT(error_of([] { money::from_db("", "EUR"); }),
              HasSubstr("invalid EUR amount from the database '': empty text"));
  EXPECT_THAT(error_of([] { money::from_db("1.00", "XYZ"); }), HasSubstr("unknown currency code 'XYZ'"));
}

TEST(Money, AmountsNearTenToTheFifteenAndSixteenMinorUnits) {
  const money a = eur("9999999999999.99");  // 10^15 - 1 minor units
  EXPECT_EQ(a.minor(), 999999999999999);
  EXPECT_EQ((a + eur("0.01")).minor(), 1000000000000000);
  EXPECT_EQ((a + eur("0.01")).to_string(), "10000000000000.00");
  const money b = eur("99999999999999.99");  // 10^16 - 1 minor units
  EXPECT_EQ(b.minor(), 9999999999999999);
  EXPECT_EQ(b.to_string(), "99999999999999.99");
  EXPECT_EQ(money::from_db("99999999999999.99", "EUR"), b);
  EXPECT_EQ((b - eur("99999999999999.98")).minor(), 1);
  EXPECT_EQ((b + b).to_string(), "199999999999999.98");
}

TEST(Money, CreditNotesAreNegative) {
  const money credit = eur("-1234.56");
  EXPECT_TRUE(credit.is_negative());
  EXPECT_FALSE(credit.is_zero());
  EXPECT_EQ(credit.minor(), -123456);
  EXPECT_EQ(credit.to_string(), "-1234.56");
  EXPECT_TRUE((credit + eur("1234.56")).is_zero());
  EXPECT_EQ(-credit, eur("1234.56"));
  EXPECT_EQ(eur("-0.05").to_string(), "-0.05");
}

TEST(Money, CurrenciesWithoutAndWithThreeMinorDigits) {
  const money yen = money::parse("1234", "JPY");
  EXPECT_EQ(yen.minor(), 1234);
  EXPECT_EQ(yen.exponent(), 0);
  EXPECT_EQ(yen.to_string(), "1234");
  EXPECT_EQ(error_of([] { money::parse("1234.5", "JPY"); }),
            "invalid JPY amount '1234.5': more than 0 fraction digits");
  EXPECT_EQ(money::parse("1234.5", "JPY", excess_digits::round).minor(), 1235);

  const money dinar = money::parse("1.234", "KWD");
  EXPECT_EQ(dinar.minor(), 1234);
  EXPECT_EQ(dinar.exponent(), 3);
  EXPECT_EQ(dinar.to_string(), "1.234");
  EXPECT_EQ(money::parse("-0.5", "KWD").to_string(), "-0.500");
  EXPECT_THAT(error_of([] { money::parse("1.2345", "KWD"); }), HasSubstr("more than 3 fraction digits"));
  EXPECT_EQ(money::parse("1.2345", "CLF").minor(), 12345);
}

TEST(Money, DefaultIsZeroWithoutCurrencyAndNeutralInSums) {
  static_assert(std::is_trivially_copyable_v<money>);
  static_assert(sizeof(money) <= 16);
  const money none;
  EXPECT_TRUE(none.is_zero());
  EXPECT_EQ(none.currency(), "");
  EXPECT_EQ(none.exponent(), 0);
  EXPECT_EQ(none.to_string(), "0");
  std::vector<money> lines(3);
  EXPECT_EQ(lines[2], money{});

  EXPECT_EQ(none + eur("1.50"), eur("1.50"));
  EXPECT_EQ(eur("1.50") + none, eur("1.50"));
  EXPECT_EQ(none - eur("1.50"), eur("-1.50"));
  EXPECT_EQ((none + money::parse("1.234", "KWD")).exponent(), 3);
  EXPECT_EQ(none + none, money{});
  EXPECT_EQ(-none, money{});
  EXPECT_NE(none, money(0, "EUR"));
}

TEST(Money, ConstructorValidatesTheCurrency) {
  const money m(12345, "USD");
  EXPECT_EQ(m.minor(), 12345);
  EXPECT_EQ(m.currency(), "USD");
  EXPECT_EQ(m.exponent(), 2);
  EXPECT_THAT(error_of([] { money(1, "usd"); }), HasSubstr("'usd'"));
  EXPECT_THAT(error_of([] { money(1, ""); }), HasSubstr("invalid currency code ''"));
  EXPECT_THAT(error_of([] { money(1, "ABC"); }), HasSubstr("unknown currency code 'ABC' (ISO 4217)"));
  EXPECT_THAT(error_of([] { money::parse("1.00", "EURO"); }), HasSubstr("'EURO'"));
}

TEST(Money, CurrencyMismatchThrows) {
  const money e = eur("1.00");
  const money u = money::parse("2.00", "USD");
  EXPECT_EQ(error_of([&] { (void)(e + u); }), "currency mismatch: cannot add 1.00 EUR and 2.00 USD");
  EXPECT_THAT(error_of([&] { (void)(e - u); }), HasSubstr("cannot subtract 1.00 EUR and 2.00 USD"));
  EXPECT_THAT(error_of([&] {
                money t = e;
                t += u;
              }),
              HasSubstr("currency mismatch"));
  EXPECT_THAT(error_of([&] { (void)(e < u); }), HasSubstr("cannot compare 1.00 EUR and 2.00 USD"));
  EXPECT_THAT(error_of([&] { (void)(e < money{}); }), HasSubstr("cannot compare"));
  EXPECT_NE(money(100, "EUR"), money(100, "USD"));
}

TEST(Money, OrderingWithinOneCurrency) {
  EXPECT_LT(eur("-0.01"), eur("0.00"));
  EXPECT_GT(eur("10.00"), eur("9.99"));
  EXPECT_LE(eur("1.00"), eur("1.00"));
  EXPECT_TRUE((eur("3.00") <=> eur("3.00")) == std::strong_ordering::equal);
}

TEST(Money, OverflowIsDetected) {
  const money max(int64_max, "EUR");
  const money min(int64_min, "EUR");
  const money cent(1, "EUR");
  EXPECT_THAT(error_of([&] { (void)(max + cent); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([&] { (void)(min - cent); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([&] { (void)(-min); }), HasSubstr("cannot negate -92233720368547758.08 EUR"));
  EXPECT_THAT(error_of([&] {
                money t = max;
                t += cent;
              }),
              HasSubstr("amount overflow"));
  EXPECT_EQ((min + max).minor(), -1);
  EXPECT_EQ((max - max).minor(), 0);
  EXPECT_EQ(-max, money(int64_min + 1, "EUR"));
}

TEST(Money, MultiplyByVatPercent) {
  // 19 % VAT, rounded commercially.
  EXPECT_EQ(eur("100.00").multiply("19", 100), eur("19.00"));
  EXPECT_EQ(eur("10.05").multiply("19", 100), eur("1.91"));   // 1.9095
  EXPECT_EQ(eur("0.05").multiply("19", 100), eur("0.01"));    // 0.0095
  EXPECT_EQ(eur("0.02").multiply("19", 100), eur("0.00"));    // 0.0038
  EXPECT_EQ(eur("-10.05").multiply("19", 100), eur("-1.91"));
  EXPECT_EQ(eur("100.00").multiply("7.7", 100), eur("7.70"));
  EXPECT_EQ(eur("100.00").multiply("1.0725"), eur("107.25"));
  EXPECT_EQ(eur("1.00").multiply("2", 3), eur("0.67"));
  EXPECT_EQ(eur("1.00").multiply("1", 3), eur("0.33"));
  EXPECT_EQ(money::parse("1000", "JPY").multiply("10", 100), money::parse("100", "JPY"));
  EXPECT_EQ(money::parse("1.000", "KWD").multiply("0.0005"), money::parse("0.001", "KWD"));
}

TEST(Money, MultiplyRoundsTiesByMode) {
  const money quarter = eur("0.25");
  EXPECT_EQ(quarter.multiply("0.5"), eur("0.13"));  // 0.125
  EXPECT_EQ(quarter.multiply("0.5", 1, rounding::half_even), eur("0.12"));
  EXPECT_EQ(quarter.multiply("0.5", 1, rounding::toward_zero), eur("0.12"));
  EXPECT_EQ(eur("0.35").multiply("50", 100, rounding::half_even), eur("0.18"));  // 0.175
  EXPECT_EQ(eur("-0.25").multiply("0.5"), eur("-0.13"));
  EXPECT_EQ(eur("-0.25").multiply("0.5", 1, rounding::half_even), eur("-0.12"));
  EXPECT_EQ(eur("-0.25").multiply("0.5", 1, rounding::toward_zero), eur("-0.12"));
  EXPECT_EQ(eur("0.25").multiply("-0.5"), eur("-0.13"));
  EXPECT_EQ(eur("-0.25").multiply("-0.5"), eur("0.13"));
  EXPECT_EQ(eur("0.25").multiply("0.4999999"), eur("0.12"));
}

TEST(Money, MultiplyIsExactForLargeAmounts) {
  // 10^16 minor units x a factor with six fraction digits.
  EXPECT_EQ(money(10'000'000'000'000'000, "EUR").multiply("1.234567").minor(), 12'345'670'000'000'000);
  // 9999999999999999 x 0.999999 = 9999989999999999.000001 (a double says ...990000000000000).
  EXPECT_EQ(money(9'999'999'999'999'999, "EUR").multiply("0.999999").minor(), 9'999'989'999'999'999);
  // 9999999999999999 x 19 / 100 = 1899999999999999.81
  EXPECT_EQ(money(9'999'999'999'999'999, "EUR").multiply("19", 100).minor(), 1'900'000'000'000'000);
  EXPECT_EQ(money(int64_max, "EUR").multiply("1").minor(), int64_max);
  EXPECT_EQ(money(int64_min, "EUR").multiply("1").minor(), int64_min);
  EXPECT_EQ(money(int64_max, "EUR").multiply("0.5", 1, rounding::toward_zero).minor(), int64_max / 2);
  EXPECT_EQ(eur("1.00").multiply("1.5e2"), eur("150.00"));
  EXPECT_EQ(eur("1.00").multiply("1e-60"), eur("0.00"));
  EXPECT_EQ(eur("123.45").multiply("0"), eur("0.00"));
}

TEST(Money, MultiplyRejectsOverflowAndBadInput) {
  EXPECT_THAT(error_of([] { money(int64_max / 2 + 1, "EUR").multiply("2"); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([] { money(int64_min, "EUR").multiply("-1"); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("1e40"); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("1e999999999999"); }), HasSubstr("amount overflow"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("19%", 100); }),
              HasSubstr("invalid factor '19%': unexpected character '%' at position 2"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply(""); }), HasSubstr("invalid factor '': empty text"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("1234567890.1234567891"); }),
              HasSubstr("more than 18 significant digits"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("19", 0); }), HasSubstr("divisor 0 is not positive"));
  EXPECT_THAT(error_of([] { eur("1.00").multiply("19", -100); }), HasSubstr("divisor -100 is not positive"));
}

TEST(Money, AllocateSplitsExactly) {
  auto minors = [](const std::vector<money>& parts) {
    std::vector<int64_t> out;
    for (const money& p : parts) out.push_back(p.minor());
    return out;
  };
  EXPECT_EQ(minors(eur("100.00").allocate({1, 1, 1})), (std::vector<int64_t>{3334, 3333, 3333}));
  EXPECT_EQ(minors(eur("-1.00").allocate({1, 1, 1})), (std::vector<int64_t>{-34, -33, -33}));
  // 0.05 by 3:7 -> 1.5 and 3.5 cents: equal remainders, the lower index wins.
  EXPECT_EQ(minors(eur("0.05").allocate({3, 7})), (std::vector<int64_t>{2, 3}));
  // Largest remainder wins regardless of index: 0.10 by 1:2:3 -> 1.67, 3.33, 5.
  EXPECT_EQ(minors(eur("0.10").allocate({1, 2, 3})), (std::vector<int64_t>{2, 3, 5}));
  EXPECT_EQ(minors(eur("0.10").allocate({3, 2, 1})), (std::vector<int64_t>{5, 3, 2}));
  EXPECT_EQ(minors(eur("0.01").allocate({1, 0, 1})), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(minors(eur("0.01").allocate({0, 1})), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(minors(money::parse("1000", "JPY").allocate({1, 1, 1})), (std::vector<int64_t>{334, 333, 333}));
  EXPECT_EQ(minors(money(int64_min, "EUR").allocate({1})), (std::vector<int64_t>{int64_min}));
  EXPECT_EQ(minors(money(int64_min, "EUR").allocate({1, 1})), (std::vector<int64_t>{int64_min / 2, int64_min / 2}));
  for (const money& part : eur("9.99").allocate({5, 5})) EXPECT_EQ(part.currency(), "EUR");
  EXPECT_EQ(money{}.allocate({1, 2}), (std::vector<money>{money{}, money{}}));
}

TEST(Money, AllocatePartsSumExactlyAndStayWithinOneUnit) {
  lcg rng{7};
  for (int round = 0; round < 2000; ++round) {
    const auto amount = static_cast<int64_t>(rng.next()) >> (rng.next() % 64);
    const std::size_t n = 1 + rng.next() % 7;
    std::vector<int64_t> weights(n);
    int64_t total_weight = 0;
    for (auto& w : weights) total_weight += (w = static_cast<int64_t>(rng.next() % 1000));
    if (total_weight == 0) continue;
    const money whole(amount, "EUR");
    const std::vector<money> parts = whole.allocate(weights);
    ASSERT_EQ(parts.size(), n);
    money sum;
    for (std::size_t i = 0; i < n; ++i) {
      sum += parts[i];
      // |part x W - amount x w| < W, i.e. each part is its exact share rounded
      // down or up by less than one minor unit.
      __extension__ const __int128 deviation =
          static_cast<__int128>(parts[i].minor()) * total_weight - static_cast<__int128>(amount) * weights[i];
      ASSERT_LT(deviation < 0 ? -deviation : deviation, total_weight) << amount << " part " << i;
    }
    ASSERT_EQ(sum, whole) << amount;
  }
}

TEST(Money, AllocateRejectsBadWeights) {
  EXPECT_THAT(error_of([] { eur("1.00").allocate({}); }), HasSubstr("cannot allocate 1.00 EUR: no weights"));
  EXPECT_THAT(error_of([] { eur("1.00").allocate({1, -1}); }), HasSubstr("weight -1 at index 1 is negative"));
  EXPECT_THAT(error_of([] { eur("1.00").allocate({0, 0}); }), HasSubstr("all weights are zero"));
  EXPECT_THAT(error_of([] { eur("1.00").allocate({int64_max, int64_max, 2}); }), HasSubstr("overflows"));
}

TEST(Money, StreamsAmountAndCurrency) {
  std::ostringstream out;
  out << eur("-1234.50") << " / " << money::parse("7", "JPY") << " / " << money{};
  EXPECT_EQ(out.str(), "-1234.50 EUR / 7 JPY / 0");
}

}  // namespace
