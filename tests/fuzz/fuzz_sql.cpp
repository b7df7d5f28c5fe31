// Fuzz target: the SQL reader of profiles and migrations
// (plugin/db/sql_script.cpp): splitting scripts, named statements, the
// dialect macros for both dialects, and what reads a statement's words.
//
// Properties: statements name a line within the text, and never hold an
// empty name; expansion leaves text without macros unchanged.
#include <algorithm>
#include <map>

#include "db/sql_script.hpp"
#include "fuzz_support.hpp"

using arx::fuzz::expect;
namespace db = arx::db;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view text = arx::fuzz::as_text(data, size);
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  try {
    for (const auto &s : db::split_sql(text, "fuzz.sql")) {
      expect(s.line >= 1 && s.line <= lines, "a split statement's line is within the script");
      (void)db::reads_only(s.text);
      (void)db::created_by(s.text);
    }
  } catch (const arx::error &) {
  }
  try {
    for (const auto &s : db::parse_named_statements(text, "fuzz.sql")) {
      expect(!s.name.empty(), "a named statement has a name");
      expect(s.line >= 1 && s.line <= lines, "a named statement's line is within the file");
    }
  } catch (const arx::error &) {
  }
  for (const db::dialect d : {db::dialect::sqlite, db::dialect::postgresql}) {
    try {
      const std::string expanded = db::expand_macros(text, d, "fuzz.sql");
      if (text.find('@') == std::string_view::npos)
        expect(expanded == text, "text without a macro expands to itself");
    } catch (const arx::error &) {
    }
  }
  static const std::map<std::string, std::string, std::less<>> names = {{"erp_invoice", "acc_invoice"},
                                                                         {"x", "renamed_x"}};
  try {
    (void)db::rename_identifiers(text, names);
  } catch (const arx::error &) {
  }
  (void)db::reads_only(text);
  try {
    (void)db::created_by(text);
  } catch (const arx::error &) {
  }
  return 0;
}
