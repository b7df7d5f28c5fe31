// Reading dynamically typed rows (soci::row): the ODBC drivers report the
// same SQL type as different C types (SQLite's driver gives numeric text
// where psqlODBC gives a long long), so columns are read by what arx wants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <soci/soci.h>

namespace arx::db {

// An integer column, whatever C type the driver reports it as (int, long
// long, double, numeric text). Throws arx::error(ARX_E_INTERNAL) for another
// type; the caller checks NULL first.
int64_t row_int(const soci::row &r, size_t column);

// A text column, or `fallback` when it is NULL.
std::string row_text(const soci::row &r, size_t column, const std::string &fallback = {});

}  // namespace arx::db
