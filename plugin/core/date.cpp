// Calendar dates: strict ISO 8601 text in and out, day arithmetic through
// std::chrono::sys_days.
#include "core/date.hpp"

#include <cstdio>

#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::core {
namespace {

constexpr int min_year = 1;
constexpr int max_year = 9999;

[[noreturn]] void fail_date(std::string_view text, std::string_view reason) {
  arx::invalid_argument("invalid date " + quote(text) + ": " + std::string(reason));
}

// Reads `count` digits at `pos`; false when any of them is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

// A printable form of a possibly invalid date, for messages.
std::string describe(date d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

bool in_range(date d) {
  return d.ok() && static_cast<int>(d.year()) >= min_year && static_cast<int>(d.year()) <= max_year;
}

void require_valid(date d, std::string_view operation) {
  if (!in_range(d)) {
    arx::invalid_argument(std::string(operation) + ": " + describe(d) +
                          " is not a valid date in 0001-01-01..9999-12-31");
  }
}

// Checks the time of day (and zone) that may follow a date; `pos` is the
// first character after the 'T' or space separator.
void check_time_part(std::string_view text, std::size_t pos) {
  static constexpr std::string_view expected =
      "expected a time of day HH:MM:SS[.fff][Z|+HH:MM] after the date";
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 2, hour) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !read_digits(text, pos + 3, 2, minute) || pos + 5 >= text.size() || text[pos + 5] != ':' ||
      !read_digits(text, pos + 6, 2, second)) {
    fail_date(text, expected);
  }
  if (hour > 23) fail_date(text, "hour out of range");
  if (minute > 59) fail_date(text, "minute out of range");
  if (second > 60) fail_date(text, "second out of range");
  std::size_t i = pos + 8;
  if (i < text.size() && text[i] == '.') {
    const std::size_t begin = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == begin) fail_date(text, "no digit after the decimal point of the seconds");
  }
  if (i == text.size()) return;
  if (text[i] == 'Z' && i + 1 == text.size()) return;
  if (text[i] == '+' || text[i] == '-') {
    int zone_hour = 0, zone_minute = 0;
    const std::size_t z = i + 1;
    const std::size_t rest = text.size() - z;
    const bool shape_ok =
        (rest == 2 && read_digits(text, z, 2, zone_hour)) ||
        (rest == 4 && read_digits(text, z, 2, zone_hour) && read_digits(text, z + 2, 2, zone_minute)) ||
        (rest == 5 && read_digits(text, z, 2, zone_hour) && text[z + 2] == ':' &&
         read_digits(text, z + 3, 2, zone_minute));
    if (!shape_ok) fail_date(text, "invalid zone offset after the time (expected Z, +HH, +HHMM or +HH:MM)");
    if (zone_hour > 23 || zone_minute > 59) fail_date(text, "zone offset out of range");
    return;
  }
  fail_date(text, "unexpected text after the time at position " + std::to_string(i));
}

}  // namespace

date parse_date(std::string_view text) {
  if (text.empty()) fail_date(text, "empty text");
  int y = 0, m = 0, d = 0;
  if (!read_digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, m) || text[7] != '-' || !read_digits(text, 8, 2, d)) {
    fail_date(text, "expected YYYY-MM-DD");
  }
  if (y < min_year) fail_date(text, "year out of range (0001..9999)");
  if (m < 1 || m > 12) fail_date(text, "month out of range");
  const date result{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                    std::chrono::day{static_cast<unsigned>(d)}};
  if (!result.ok()) fail_date(text, "day out of range for the month");
  if (text.size() > 10) {
    if (text[10] != ' ' && text[10] != 'T') {
      fail_date(text, "unexpected text after the date at position 10");
    }
    check_time_part(text, 11);
  }
  return result;
}

std::string format_date(date d) {
  require_valid(d, "cannot format date");
  return describe(d);
}

int days_between(date from, date to) {
  require_valid(from, "days_between");
  require_valid(to, "days_between");
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

date add_days(date d, int days) {
  require_valid(d, "add_days");
  const date result{std::chrono::sys_days{d} + std::chrono::days{days}};
  if (!in_range(result)) {
    arx::invalid_argument("add_days: " + describe(d) + " + " + std::to_string(days) +
                          " days leaves the supported range 0001-01-01..9999-12-31");
  }
  return result;
}

std::optional<date> from_arx_date(const arx_date& d) {
  if (d.year == 0) return std::nullopt;
  const bool fields_ok = d.year >= min_year && d.year <= max_year && d.month >= 1 && d.month <= 12 &&
                         d.day >= 1 && d.day <= 31;
  const date result{std::chrono::year{fields_ok ? d.year : 0},
                    std::chrono::month{fields_ok ? static_cast<unsigned>(d.month) : 0u},
                    std::chrono::day{fields_ok ? static_cast<unsigned>(d.day) : 0u}};
  if (!fields_ok || !result.ok()) {
    arx::invalid_argument("invalid arx_date {" + std::to_string(d.year) + ", " + std::to_string(d.month) +
                          ", " + std::to_string(d.day) + "}: not a calendar date in 0001..9999");
  }
  return result;
}

arx_date to_arx_date(date d) {
  require_valid(d, "to_arx_date");
  return arx_date{static_cast<int32_t>(static_cast<int>(d.year())),
                  static_cast<int32_t>(static_cast<unsigned>(d.month())),
                  static_cast<int32_t>(static_cast<unsigned>(d.day()))};
}

}  // namespace arx::core
