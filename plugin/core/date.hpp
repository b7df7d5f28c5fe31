// arx::core dates: calendar dates (proleptic Gregorian), never timestamps.
// Due dates, dunning levels and payment terms count whole days, so a date is a
// std::chrono::year_month_day and all arithmetic goes through sys_days.
// Supported range: 0001-01-01 .. 9999-12-31 (four-digit ISO 8601 years).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "arx.h"

namespace arx::core {

using date = std::chrono::year_month_day;

// Parses an ISO 8601 calendar date "YYYY-MM-DD". Database drivers return
// DATE and TIMESTAMP columns as text, so a time of day may follow and is
// ignored: "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DDTHH:MM:SS", each with optional
// fraction digits (".fff") and an optional zone ("Z", "+01", "+01:00",
// "-0530"). The date is taken as written; no time zone conversion happens.
// The time part is still checked (hour 00-23, minute 00-59, second 00-60).
// Anything else, leading or trailing spaces included, throws arx::error
// (ARX_E_INVALID_ARGUMENT) naming the text and the reason, e.g.
// "invalid date '2026-02-30': day out of range for the month".
date parse_date(std::string_view text);

// "2026-03-01". Throws arx::error(ARX_E_INVALID_ARGUMENT) for a date that is
// not valid or outside 0001..9999.
std::string format_date(date d);

// `to` - `from` in days (negative when `to` is earlier). Both must be valid.
int days_between(date from, date to);

// `d` moved by `days` (which may be negative). Throws arx::error when `d` is
// not valid or the result leaves 0001-01-01..9999-12-31.
date add_days(date d, int days);

// The C ABI's arx_date: year 0 means "not set" (std::nullopt); any other
// value must be a valid date in 0001..9999 or arx::error is thrown.
std::optional<date> from_arx_date(const arx_date& d);
arx_date to_arx_date(date d);

}  // namespace arx::core
