#include "db/profile.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
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

}  // namespace

profile profile::load(const std::string &name, dialect d, const std::string &dir) {
  if (!valid_profile_name(name))
    throw error(ARX_E_CONFIG, "invalid ERP profile name '" + name + "' (letters, digits, '_' and '-')");
  profile p;
  p.name_ = name;
  const std::string base = "profiles/" + name + "/";
  const std::string dial = std::string(dialect_name(d)) + "/";
  bool found = false;
  for (const std::string &rel : {base + "statements.sql", base + dial + "statements.sql"}) {
    std::string origin;
    auto text = read_source(dir, rel, origin);
    if (!text) continue;
    found = true;
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
