#include "db/profile.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"
#include "db/sql_bundle.hpp"
#include "db/sql_script.hpp"

namespace arx::db {
namespace {

bool valid_profile_name(const std::string &n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

// Reads one file of a profile, from disk or from the bundle.
std::optional<std::string> read_source(const std::string &dir, const std::string &rel, std::string &origin) {
  if (dir.empty()) {
    origin = "sql/" + rel;
    if (const char *t = find_sql(rel)) return std::string(t);
    return std::nullopt;
  }
  std::filesystem::path p = std::filesystem::path(dir) / std::filesystem::path(rel).lexically_relative("profiles");
  origin = p.string();
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The head of a profile's statements.sql, before its first "-- name:" line,
// may build on another profile's reads:
//   -- base: reference
//   -- table: base_table = this_erps_table_or_view
struct profile_head {
  std::string base;
  std::map<std::string, std::string, std::less<>> tables;
};

profile_head read_head(const std::string &text, const std::string &origin) {
  profile_head head;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string t(core::trim(line));
    if (t.rfind("-- name:", 0) == 0) break;
    const auto value = [&](const char *key) -> std::optional<std::string> {
      const std::string prefix = std::string("-- ") + key + ":";
      if (t.rfind(prefix, 0) != 0) return std::nullopt;
      return std::string(core::trim(std::string_view(t).substr(prefix.size())));
    };
    if (auto b = value("base")) {
      if (!valid_profile_name(*b))
        throw error(ARX_E_PARSE, origin + ":" + std::to_string(number) + ": '-- base:' needs a profile name");
      head.base = *b;
    } else if (auto m = value("table")) {
      const size_t eq = m->find('=');
      const std::string from(eq == std::string::npos ? "" : core::trim(std::string_view(*m).substr(0, eq)));
      const std::string to(eq == std::string::npos ? "" : core::trim(std::string_view(*m).substr(eq + 1)));
      if (from.empty() || to.empty())
        throw error(ARX_E_PARSE, origin + ":" + std::to_string(number) + ": '-- table:' needs 'base_table = table'");
      head.tables[from] = to;
    }
  }
  if (!head.tables.empty() && head.base.empty())
    throw error(ARX_E_PARSE, origin + ": '-- table:' lines without a '-- base:' profile");
  return head;
}

}  // namespace

profile profile::load(const std::string &name, dialect d, const std::string &dir) {
  return load_layer(name, d, dir, 0);
}

profile profile::load_layer(const std::string &name, dialect d, const std::string &dir, int depth) {
  if (!valid_profile_name(name))
    throw error(ARX_E_CONFIG, "invalid ERP profile name '" + name + "' (letters, digits, '_' and '-')");
  profile p;
  p.name_ = name;
  const std::string base = "profiles/" + name + "/";
  const std::string dial = std::string(dialect_name(d)) + "/";
  bool found = false;
  bool first = true;
  for (const std::string &rel : {base + "statements.sql", base + dial + "statements.sql"}) {
    std::string origin;
    auto text = read_source(dir, rel, origin);
    const bool portable = std::exchange(first, false);
    if (!text) continue;
    found = true;
    if (portable) {
      // The base profile's reads come first, with their tables renamed; the
      // profile's own statements replace them by name. Writes are never
      // inherited, nor ids.* (they draw the ERP's numbers): a profile books
      // through statements of its own.
      const profile_head head = read_head(*text, origin);
      if (!head.base.empty()) {
        if (depth >= 4 || head.base == name)
          throw error(ARX_E_PARSE, origin + ": '-- base: " + head.base + "' builds on itself or too deeply");
        const profile under = load_layer(head.base, d, dir, depth + 1);
        for (const auto &[statement, sql] : under.statements_)
          if (reads_only(sql) && statement.rfind("ids.", 0) != 0)
            p.statements_[statement] = rename_identifiers(sql, head.tables);
      }
    }
    for (auto &st : parse_named_statements(*text, origin))
      p.statements_[st.name] = expand_macros(st.text, d, origin + ":" + std::to_string(st.line));
  }
  for (const std::string &rel : {base + "schema.sql", base + dial + "schema.sql"}) {
    std::string origin;
    if (auto text = read_source(dir, rel, origin)) {
      p.schema_.push_back({origin, std::move(*text)});
      found = true;
    }
  }
  for (const std::string &rel : {base + "views.sql", base + dial + "views.sql"}) {
    std::string origin;
    if (auto text = read_source(dir, rel, origin)) {
      p.views_.push_back({origin, expand_macros(*text, d, origin)});
      found = true;
    }
  }
  if (!found)
    throw error(ARX_E_CONFIG, "ERP profile '" + name + "' not found" +
                                  (dir.empty() ? std::string(" among the profiles built into arx") : " in " + dir));
  return p;
}

const std::string &profile::sql(std::string_view statement) const {
  auto it = statements_.find(statement);
  if (it == statements_.end())
    throw error(ARX_E_CONFIG, "ERP profile '" + name_ + "' has no statement '" + std::string(statement) +
                                  "' (add it to sql/profiles/" + name_ + "/statements.sql)");
  return it->second;
}

bool profile::has(std::string_view statement) const { return statements_.find(statement) != statements_.end(); }

}  // namespace arx::db
