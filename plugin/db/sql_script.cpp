#include "db/sql_script.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::db {
namespace {

// Offset of the first character that is neither blank nor inside a comment
// (s.size() when there is none).
size_t first_sql_char(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      i = s.find('\n', i);
      if (i == std::string_view::npos) return s.size();
    } else if (s.substr(i, 2) == "/*") {
      i = s.find("*/", i + 2);
      if (i == std::string_view::npos) return s.size();
      i += 2;
    } else {
      return i;
    }
  }
  return s.size();
}

bool blank_or_comment(std::string_view s) { return first_sql_char(s) == s.size(); }

[[noreturn]] void parse_error(std::string_view origin, int line, std::string_view what) {
  throw error(ARX_E_PARSE, std::string(origin) + ":" + std::to_string(line) + ": " + std::string(what));
}

// An amount or quantity as decimal text with `scale` decimals.
std::string fixed_decimals(std::string_view expr, int scale, dialect d) {
  std::string e(expr);
  if (d == dialect::postgresql) return "(" + e + ")";
  return "(CASE WHEN (" + e + ") IS NULL THEN NULL ELSE printf('%." + std::to_string(scale) + "f', " + e + ") END)";
}

std::string money_sum(std::string_view expr, dialect d) {
  std::string e(expr);
  if (d == dialect::postgresql) return "(SUM(" + e + "))";
  // Sum whole cents as 64-bit integers, then format them: a sum of binary
  // REALs would lose cents once totals grow.
  std::string c = "SUM(CAST(ROUND((" + e + ") * 100) AS INTEGER))";
  return "(CASE WHEN " + c + " IS NULL THEN NULL ELSE printf('%s%d.%02d', CASE WHEN " + c +
         " < 0 THEN '-' ELSE '' END, abs(" + c + ") / 100, abs(" + c + ") % 100) END)";
}

struct macro {
  std::string_view name;
  bool takes_expr; // @name(expr), else a bare @name
  std::string (*expand)(std::string_view expr, dialect d);
};

// The migrations of arx's tables are expanded with these too, and databases
// record each migration's checksum: an expansion used by a migration never
// changes (a new spelling is a new macro).
constexpr macro macros[] = {
    {"money", true, [](std::string_view e, dialect d) { return fixed_decimals(e, 2, d); }},
    {"money_sum", true, money_sum},
    {"decimal4", true, [](std::string_view e, dialect d) { return fixed_decimals(e, 4, d); }},
    {"identity_key", false,
     [](std::string_view, dialect d) -> std::string {
       return d == dialect::postgresql ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                                       : "INTEGER PRIMARY KEY AUTOINCREMENT";
     }},
    {"timestamptz", false,
     [](std::string_view, dialect d) -> std::string { return d == dialect::postgresql ? "TIMESTAMPTZ" : "TIMESTAMP"; }},
};

std::string known_macros() {
  std::string out;
  for (const auto &m : macros) out += (out.empty() ? "@" : ", @") + std::string(m.name);
  return out;
}

// When a '...' literal ('' escapes a quote) or a -- comment starts at `i`,
// the offset just past it; else `i`. Macro expansion and renaming copy these
// untouched.
size_t past_literal_or_comment(std::string_view sql, size_t i) {
  if (sql[i] == '\'') {
    size_t close = i + 1;
    while (close < sql.size() && !(sql[close] == '\'' && (close + 1 >= sql.size() || sql[close + 1] != '\'')))
      close += (sql[close] == '\'' ? 2 : 1);
    return std::min(close + 1, sql.size());
  }
  if (sql.substr(i, 2) == "--") {
    const size_t eol = sql.find('\n', i);
    return eol == std::string_view::npos ? sql.size() : eol;
  }
  return i;
}

}  // namespace

std::vector<sql_statement> split_sql(std::string_view script, std::string_view origin) {
  std::vector<sql_statement> out;
  size_t start = 0;
  int line = 1, start_line = 1;
  auto flush = [&](size_t end) {
    std::string_view piece = script.substr(start, end - start);
    size_t first = first_sql_char(piece);
    if (first == piece.size()) return;
    int l = start_line + static_cast<int>(std::count(piece.begin(), piece.begin() + static_cast<ptrdiff_t>(first), '\n'));
    out.push_back({std::string(core::trim(piece.substr(first))), l});
  };
  size_t i = 0;
  while (i < script.size()) {
    char c = script[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '\'' || c == '"') {
      int open_line = line;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= script.size())
          parse_error(origin, open_line, std::string("unterminated ") + (c == '\'' ? "string literal" : "quoted identifier"));
        if (script[j] == '\n') ++line;
        if (script[j] == c) {
          if (j + 1 < script.size() && script[j + 1] == c) { ++j; continue; } // doubled quote
          break;
        }
      }
      i = j + 1;
    } else if (script.substr(i, 2) == "--") {
      size_t j = script.find('\n', i);
      i = (j == std::string_view::npos) ? script.size() : j;
    } else if (script.substr(i, 2) == "/*") {
      size_t j = script.find("*/", i + 2);
      if (j == std::string_view::npos) parse_error(origin, line, "unterminated /* comment");
      line += static_cast<int>(std::count(script.begin() + i, script.begin() + j, '\n'));
      i = j + 2;
    } else if (c == '$') {
      // $tag$ ... $tag$ (PostgreSQL function bodies); a lone $ or $1 is not a tag.
      size_t j = i + 1;
      while (j < script.size() && (std::isalnum(static_cast<unsigned char>(script[j])) || script[j] == '_')) ++j;
      bool tag = j < script.size() && script[j] == '$' &&
                 (j == i + 1 || !std::isdigit(static_cast<unsigned char>(script[i + 1])));
      if (!tag) { ++i; continue; }
      std::string_view delim = script.substr(i, j - i + 1);
      size_t close = script.find(delim, j + 1);
      if (close == std::string_view::npos) parse_error(origin, line, "unterminated " + std::string(delim) + " body");
      line += static_cast<int>(std::count(script.begin() + i, script.begin() + close, '\n'));
      i = close + delim.size();
    } else if (c == ';') {
      flush(i);
      start = i + 1;
      start_line = line;
      ++i;
    } else {
      ++i;
    }
  }
  flush(script.size());
  return out;
}

std::vector<named_statement> parse_named_statements(std::string_view text, std::string_view origin) {
  std::vector<named_statement> out;
  std::set<std::string> seen;
  std::string body;
  int line_no = 0;
  auto finish = [&] {
    if (out.empty()) return;
    std::string t = std::string(core::trim(body));
    while (!t.empty() && t.back() == ';') t = std::string(core::trim(std::string_view(t).substr(0, t.size() - 1)));
    if (blank_or_comment(t)) parse_error(origin, out.back().line, "statement '" + out.back().name + "' has no SQL");
    out.back().text = std::move(t);
    body.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    std::string t = std::string(core::trim(line));
    if (t.rfind("-- name:", 0) == 0) {
      finish();
      std::string name = std::string(core::trim(std::string_view(t).substr(8)));
      bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
      });
      if (!ok) parse_error(origin, line_no, "invalid statement name '" + name + "' (letters, digits, '_' and '.')");
      if (!seen.insert(name).second) parse_error(origin, line_no, "duplicate statement name '" + name + "'");
      out.push_back({name, {}, line_no});
    } else if (out.empty()) {
      if (!blank_or_comment(t)) parse_error(origin, line_no, "SQL before the first '-- name:' line");
    } else if (t.rfind("--", 0) != 0) {
      body.append(line).push_back('\n');
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  finish();
  return out;
}

std::string expand_macros(std::string_view sql, dialect d, std::string_view origin) {
  std::string out;
  size_t i = 0;
  while (i < sql.size()) {
    if (const size_t end = past_literal_or_comment(sql, i); end != i) {
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
    if (!m)
      throw error(ARX_E_PARSE, std::string(origin) + ": unknown macro '@" + std::string(name) + "' (known: " +
                                   known_macros() + ")");
    if (!m->takes_expr) {
      out += m->expand({}, d);
      i = j;
      continue;
    }
    if (j >= sql.size() || sql[j] != '(')
      throw error(ARX_E_PARSE, std::string(origin) + ": '@" + std::string(name) + "' must be followed by '('");
    int depth = 0;
    size_t k = j;
    for (; k < sql.size(); ++k) {
      if (sql[k] == '(') ++depth;
      else if (sql[k] == ')' && --depth == 0) break;
    }
    if (k >= sql.size()) throw error(ARX_E_PARSE, std::string(origin) + ": unbalanced parentheses after '@" + std::string(name) + "'");
    out += m->expand(expand_macros(sql.substr(j + 1, k - j - 1), d, origin), d);
    i = k + 1;
  }
  return out;
}

bool reads_only(std::string_view sql) {
  std::string first;
  for (char c : sql.substr(first_sql_char(sql))) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    first.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return first == "SELECT" || first == "WITH";
}

std::optional<created_object> created_by(std::string_view sql) {
  std::vector<std::string> words;
  size_t i = first_sql_char(sql);
  while (i < sql.size() && words.size() < 6) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    size_t j = i;
    while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
    if (j == i) break;
    words.emplace_back(sql.substr(i, j - i));
    i = j;
  }
  const auto is = [&](size_t k, const char *w) {
    if (k >= words.size()) return false;
    std::string u;
    for (char c : words[k]) u.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return u == w;
  };
  if (!is(0, "CREATE")) return std::nullopt;
  size_t k = 1;
  if (is(1, "OR") && is(2, "REPLACE")) k = 3;
  if (is(1, "INDEX") && is(2, "IF") && is(3, "NOT") && is(4, "EXISTS") && words.size() > 5)
    return created_object{"INDEX", words[5]};
  for (const char *kind : {"VIEW", "FUNCTION"})
    if (is(k, kind) && k + 1 < words.size()) return created_object{kind, words[k + 1]};
  return std::nullopt;
}

std::string rename_identifiers(std::string_view sql, const std::map<std::string, std::string, std::less<>> &names) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  size_t i = 0;
  while (i < sql.size()) {
    if (const size_t end = past_literal_or_comment(sql, i); end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (!word(sql[i])) {
      out.push_back(sql[i++]);
      continue;
    }
    size_t j = i;
    while (j < sql.size() && word(sql[j])) ++j;
    const std::string_view token = sql.substr(i, j - i);
    // A parameter (:name) or a macro (@name) is not a table.
    const bool marked = i > 0 && (sql[i - 1] == ':' || sql[i - 1] == '@');
    const auto it = marked ? names.end() : names.find(token);
    out.append(it == names.end() ? token : std::string_view(it->second));
    i = j;
  }
  return out;
}

}  // namespace arx::db
