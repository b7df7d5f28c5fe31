// Splitting SQL files into statements, and the named statements of profiles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arx::db {

struct sql_statement {
  std::string text; // without the terminating ';'
  int line = 0;     // 1-based line of the statement's first character
};

// Splits a script at top-level ';'. Understands '...' and "..." quoting,
// -- and /* */ comments and PostgreSQL $tag$ ... $tag$ bodies, so semicolons
// inside them do not split. Statements that are only whitespace or comments are
// dropped. Throws arx::error(ARX_E_PARSE) naming `origin` and the line of an
// unterminated quote or comment.
std::vector<sql_statement> split_sql(std::string_view script, std::string_view origin);

struct named_statement {
  std::string name;
  std::string text;
  int line = 0;
};

// Parses a file of named statements:
//   -- name: company.by_code
//   -- any further comment lines describe it
//   SELECT ... FROM company WHERE code = :code
// Each statement runs until the next "-- name:" line; a trailing ';' is
// optional. Throws arx::error(ARX_E_PARSE) on a duplicate or empty name, or SQL
// before the first name, naming `origin` and the line.
std::vector<named_statement> parse_named_statements(std::string_view text, std::string_view origin);

}  // namespace arx::db
