// Unit tests for plugin/core/date: ISO 8601 date text and day arithmetic.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/date.hpp"
#include "core/error.hpp"
#include "error_of.hpp"

namespace {

using namespace arx::core;
using ::testing::HasSubstr;
using namespace std::chrono;

// The message of the arx::error (ARX_E_INVALID_ARGUMENT) that `f` throws.
template <class F>
std::string error_of(F&& f) {
  return arx::test::error_of(ARX_E_INVALID_ARGUMENT, std::forward<F>(f));
}

date ymd(int y, unsigned m, unsigned d) { return date{year{y}, month{m}, day{d}}; }

// An independent calendar for the property test below.
bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned month_length(int y, unsigned m) {
  static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

TEST(Date, ParsesIsoDates) {
  EXPECT_EQ(parse_date("2026-03-01"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("1999-12-31"), ymd(1999, 12, 31));
  EXPECT_EQ(parse_date("0001-01-01"), ymd(1, 1, 1));
  EXPECT_EQ(parse_date("9999-12-31"), ymd(9999, 12, 31));
}

TEST(Date, LeapYears) {
  EXPECT_EQ(parse_date("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(parse_date("2000-02-29"), ymd(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(error_of([] { parse_date("2026-02-29"); }),
            "invalid date '2026-02-29': day out of range for the month");
  EXPECT_THAT(error_of([] { parse_date("1900-02-29"); }), HasSubstr("day out of range"));  // by 100
  EXPECT_THAT(error_of([] { parse_date("2100-02-29"); }), HasSubstr("day out of range"));
}

TEST(Date, MonthEnds) {
  EXPECT_EQ(error_of([] { parse_date("2026-02-30"); }),
            "invalid date '2026-02-30': day out of range for the month");
  EXPECT_EQ(parse_date("2026-04-30"), ymd(2026, 4, 30));
  EXPECT_THAT(error_of([] { parse_date("2026-04-31"); }), HasSubstr("day out of range for the month"));
  EXPECT_THAT(error_of([] { parse_date("2026-06-31"); }), HasSubstr("day out of range for the month"));
  EXPECT_EQ(parse_date("2026-12-31"), ymd(2026, 12, 31));
  EXPECT_THAT(error_of([] { parse_date("2026-01-32"); }), HasSubstr("day out of range for the month"));
  EXPECT_THAT(error_of([] { parse_date("2026-01-00"); }), HasSubstr("day out of range for the month"));
  EXPECT_EQ(error_of([] { parse_date("2026-13-01"); }), "invalid date '2026-13-01': month out of range");
  EXPECT_THAT(error_of([] { parse_date("2026-00-10"); }), HasSubstr("month out of range"));
  EXPECT_THAT(error_of([] { parse_date("0000-01-01"); }), HasSubstr("year out of range"));
}

TEST(Date, TimestampsFromDriversKeepTheirCalendarDate) {
  EXPECT_EQ(parse_date("2026-03-01 00:00:00"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01 23:59:59.123"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01 23:59:59.000000"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01T12:30:00"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01T12:30:00Z"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01 12:30:00+01"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01 23:30:00.5-08:00"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2026-03-01T00:15:00+0530"), ymd(2026, 3, 1));
  EXPECT_EQ(parse_date("2016-12-31 23:59:60"), ymd(2016, 12, 31));  // leap second
  // The time is checked even though it is ignored.
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 24:00:00"); }), HasSubstr("hour out of range"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:60:00"); }), HasSubstr("minute out of range"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00:61"); }), HasSubstr("second out of range"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00"); }), HasSubstr("expected a time of day"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01T"); }), HasSubstr("expected a time of day"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00:00."); }), HasSubstr("no digit after the decimal point"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00:00+1"); }), HasSubstr("invalid zone offset"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00:00+25:00"); }), HasSubstr("zone offset out of range"));
  EXPECT_THAT(error_of([] { parse_date("2026-03-01 12:00:00 UTC"); }),
              HasSubstr("unexpected text after the time at position 19"));
  EXPECT_THAT(error_of([] { parse_date("2026-02-30 00:00:00"); }), HasSubstr("day out of range for the month"));
}

TEST(Date, RefusesMalformedText) {
  struct bad_case {
    const char* text;
    const char* reason;
  };
  const bad_case cases[] = {
      {"", "empty text"},
      {" 2026-03-01", "expected YYYY-MM-DD"},
      {"2026-03-01 ", "expected a time of day"},
      {"2026-3-1", "expected YYYY-MM-DD"},
      {"26-03-01", "expected YYYY-MM-DD"},
      {"2026/03/01", "expected YYYY-MM-DD"},
      {"01.03.2026", "expected YYYY-MM-DD"},
      {"20260301", "expected YYYY-MM-DD"},
      {"2026-03-0", "expected YYYY-MM-DD"},
      {"+2026-03-01", "expected YYYY-MM-DD"},
      {"2026-03-01X", "unexpected text after the date at position 10"},
      {"2026-03-011", "unexpected text after the date at position 10"},
  };
  for (const bad_case& c : cases) {
    const std::string message = error_of([&] { parse_date(c.text); });
    EXPECT_THAT(message, HasSubstr(std::string("invalid date '") + c.text + "': ")) << c.text;
    EXPECT_THAT(message, HasSubstr(c.reason)) << c.text;
  }
  EXPECT_THAT(error_of([] { parse_date(std::string_view("2026-03-01\0", 11)); }), HasSubstr("'2026-03-01\\x00'"));
}

TEST(Date, FormatsIsoText) {
  EXPECT_EQ(format_date(ymd(2026, 3, 1)), "2026-03-01");
  EXPECT_EQ(format_date(ymd(5, 1, 9)), "0005-01-09");
  EXPECT_EQ(format_date(ymd(9999, 12, 31)), "9999-12-31");
  EXPECT_THAT(error_of([] { format_date(ymd(2026, 2, 30)); }),
              HasSubstr("2026-02-30 is not a valid date"));
  EXPECT_THAT(error_of([] { format_date(ymd(10000, 1, 1)); }), HasSubstr("not a valid date"));
  EXPECT_THAT(error_of([] { format_date(ymd(0, 1, 1)); }), HasSubstr("not a valid date"));
}

TEST(Date, DaysBetween) {
  EXPECT_EQ(days_between(ymd(2026, 3, 1), ymd(2026, 3, 31)), 30);
  EXPECT_EQ(days_between(ymd(2026, 3, 31), ymd(2026, 3, 1)), -30);
  EXPECT_EQ(days_between(ymd(2025, 12, 31), ymd(2026, 1, 1)), 1);
  EXPECT_EQ(days_between(ymd(2024, 1, 1), ymd(2025, 1, 1)), 366);
  EXPECT_EQ(days_between(ymd(2025, 1, 1), ymd(2026, 1, 1)), 365);
  EXPECT_EQ(days_between(ymd(2024, 2, 28), ymd(2024, 3, 1)), 2);
  EXPECT_EQ(days_between(ymd(2026, 2, 28), ymd(2026, 3, 1)), 1);
  EXPECT_EQ(days_between(ymd(2000, 1, 1), ymd(2026, 3, 1)), 9556);
  EXPECT_EQ(days_between(ymd(1999, 12, 31), ymd(2030, 1, 15)), 10973);
  EXPECT_EQ(days_between(ymd(2026, 5, 5), ymd(2026, 5, 5)), 0);
  EXPECT_THAT(error_of([] { days_between(ymd(2026, 2, 30), ymd(2026, 3, 1)); }), HasSubstr("days_between"));
}

TEST(Date, AddDays) {
  EXPECT_EQ(add_days(ymd(2024, 2, 28), 1), ymd(2024, 2, 29));
  EXPECT_EQ(add_days(ymd(2026, 2, 28), 1), ymd(2026, 3, 1));
  EXPECT_EQ(add_days(ymd(2026, 3, 1), -1), ymd(2026, 2, 28));
  EXPECT_EQ(add_days(ymd(2026, 12, 31), 1), ymd(2027, 1, 1));
  EXPECT_EQ(add_days(ymd(2026, 1, 31), 30), ymd(2026, 3, 2));  // net 30 from a month end
  EXPECT_EQ(add_days(ymd(2026, 3, 1), 0), ymd(2026, 3, 1));
  EXPECT_THAT(error_of([] { add_days(ymd(9999, 12, 31), 1); }), HasSubstr("leaves the supported range"));
  EXPECT_THAT(error_of([] { add_days(ymd(1, 1, 1), -1); }), HasSubstr("leaves the supported range"));
  EXPECT_THAT(error_of([] { add_days(ymd(2026, 2, 29), 1); }), HasSubstr("not a valid date"));
}

// Walks day by day across several years and checks every step against a
// calendar computed independently, plus the text round trip.
TEST(Date, DayByDayAgreesWithAnIndependentCalendar) {
  const date start = ymd(1999, 11, 15);
  int y = 1999;
  unsigned m = 11, d = 15;
  for (int i = 0; i < 6000; ++i) {
    const date current = add_days(start, i);
    ASSERT_EQ(current, ymd(y, m, d)) << i;
    ASSERT_EQ(days_between(start, current), i);
    ASSERT_EQ(days_between(current, start), -i);
    const std::string text = format_date(current);
    ASSERT_EQ(parse_date(text), current) << text;
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
}

TEST(Date, ArxDateConversion) {
  EXPECT_FALSE(arx::core::from_arx_date(arx_date{0, 0, 0}).has_value());
  EXPECT_EQ(arx::core::from_arx_date(arx_date{2026, 3, 1}), ymd(2026, 3, 1));
  EXPECT_THAT(error_of([] { arx::core::from_arx_date(arx_date{2026, 2, 30}); }),
              HasSubstr("invalid arx_date {2026, 2, 30}"));
  EXPECT_THAT(error_of([] { arx::core::from_arx_date(arx_date{2026, 13, 1}); }), HasSubstr("arx_date"));
  EXPECT_THAT(error_of([] { arx::core::from_arx_date(arx_date{-5, 1, 1}); }), HasSubstr("arx_date"));
  const arx_date out = arx::core::to_arx_date(ymd(2024, 2, 29));
  EXPECT_EQ(out.year, 2024);
  EXPECT_EQ(out.month, 2);
  EXPECT_EQ(out.day, 29);
}

}  // namespace
