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

struct macro {
  std::string_view name;
  int scale;
};
// scale < 0 marks the summing macro.
constexpr macro macros[] = {{"money", 2}, {"decimal4", 4}, {"money_sum", -2}};

std::string wrap(std::string_view expr, int scale, dialect d) {
  std::string e(expr);
  if (d == dialect::postgresql) return scale < 0 ? "(SUM(" + e + "))" : "(" + e + ")";
  if (scale < 0) {
    // Sum whole cents as 64-bit integers, then format them: a sum of binary
    // REALs would lose cents once totals grow.
    std::string c = "SUM(CAST(ROUND((" + e + ") * 100) AS INTEGER))";
    return "(CASE WHEN " + c + " IS NULL THEN NULL ELSE printf('%s%d.%02d', CASE WHEN " + c +
           " < 0 THEN '-' ELSE '' END, abs(" + c + ") / 100, abs(" + c + ") % 100) END)";
  }
  return "(CASE WHEN (" + e + ") IS NULL THEN NULL ELSE printf('%." + std::to_string(scale) + "f', " + e + ") END)";
}

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

std::string expand_macros(std::string_view sql, dialect d, std::string_view origin) {
  std::string out;
  size_t i = 0;
  while (i < sql.size()) {
    if (sql[i] == '\'') { // copy string literals untouched ('' is an escaped quote)
      size_t close = i + 1;
      while (close < sql.size() && !(sql[close] == '\'' && (close + 1 >= sql.size() || sql[close + 1] != '\'')))
        close += (sql[close] == '\'' ? 2 : 1);
      out.append(sql.substr(i, close + 1 - i));
      i = close + 1;
      continue;
    }
    if (sql.substr(i, 2) == "--") { // a comment runs to the end of its line
      size_t eol = sql.find('\n', i);
      size_t end = eol == std::string_view::npos ? sql.size() : eol;
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    // Only '@' followed by a letter starts a macro (PostgreSQL has @> etc.).
    if (sql[i] != '@' || i + 1 >= sql.size() || !std::isalpha(static_cast<unsigned char>(sql[i + 1]))) {
      out.push_back(sql[i++]);
      continue;
    }
    size_t j = i + 1;
    while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
    std::string_view name = sql.substr(i + 1, j - i - 1);
    const macro *m = nullptr;
    for (const auto &candidate : macros)
      if (candidate.name == name) m = &candidate;
    if (!m) throw error(ARX_E_PARSE, std::string(origin) + ": unknown macro '@" + std::string(name) + "' (known: @money, @money_sum, @decimal4)");
    if (j >= sql.size() || sql[j] != '(')
      throw error(ARX_E_PARSE, std::string(origin) + ": '@" + std::string(name) + "' must be followed by '('");
    int depth = 0;
    size_t k = j;
    for (; k < sql.size(); ++k) {
      if (sql[k] == '(') ++depth;
      else if (sql[k] == ')' && --depth == 0) break;
    }
    if (k >= sql.size()) throw error(ARX_E_PARSE, std::string(origin) + ": unbalanced parentheses after '@" + std::string(name) + "'");
    std::string inner = expand_macros(sql.substr(j + 1, k - j - 1), d, origin);
    out += wrap(inner, m->scale, d);
    i = k + 1;
  }
  return out;
}

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
