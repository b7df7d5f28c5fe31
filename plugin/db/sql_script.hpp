// Splitting SQL files into statements, the named statements of profiles, and
// the dialect macros of both profiles and migrations.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

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

// Expands the dialect macros in arx's SQL: the statements of ERP profiles and
// the migrations of arx's own tables are written once and expanded per dialect
// when the plugin loads them. Amounts travel as exact decimal text:
//   @money(expr)     an amount column or sum, as text with 2 decimals
//   @money_sum(expr) the SUM of an amount column, as text with 2 decimals
//   @decimal4(expr)  a quantity or unit price, as text with 4 decimals
// On PostgreSQL these are the expression itself (NUMERIC is exact); on SQLite,
// whose DECIMAL columns may hold binary REALs, they format with printf and keep
// NULL as NULL, and @money_sum adds whole cents as integers. Column types:
//   @identity_key    a 64-bit id that the database numbers, the primary key:
//                    INTEGER PRIMARY KEY AUTOINCREMENT on SQLite,
//                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY on PostgreSQL
//   @timestamptz     an instant: TIMESTAMP on SQLite, TIMESTAMPTZ on PostgreSQL
// Macros inside '...' literals and -- comments are left as they are. Throws
// arx::error(ARX_E_PARSE) naming `origin` for an unknown macro, or a missing
// '(' or unbalanced parentheses after one that takes an expression.
std::string expand_macros(std::string_view sql, dialect d, std::string_view origin);

// True when a statement only reads: its first word is SELECT or WITH.
bool reads_only(std::string_view sql);

// What a statement creates, when it is "CREATE [OR REPLACE] VIEW|FUNCTION
// name ..." or "CREATE INDEX IF NOT EXISTS name ...": the kind (VIEW,
// FUNCTION or INDEX) and the name.
struct created_object {
  std::string kind;
  std::string name;
};
std::optional<created_object> created_by(std::string_view sql);

// Renames tables in a statement: every identifier equal to a key of `names`
// (as written, whole words only) becomes its value; '...' literals and --
// comments stay as they are. A profile that builds on another's reads uses it
// (db/profile.hpp).
std::string rename_identifiers(std::string_view sql, const std::map<std::string, std::string, std::less<>> &names);

}  // namespace arx::db
