#include "dunning/template_syntax.hpp"

#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_enums.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::dunning {
namespace {

enum class value_type { text, flag, list };

struct name_info {
  const char *name;
  value_type type;
};

constexpr std::array<name_info, 23> top_names{{
    {"customer_name", value_type::text},     {"customer_number", value_type::text},
    {"company_name", value_type::text},      {"as_of", value_type::text},
    {"pay_by", value_type::text},            {"level", value_type::text},
    {"currency", value_type::text},          {"overdue_total", value_type::text},
    {"fee", value_type::text},               {"interest", value_type::text},
    {"interest_rate", value_type::text},     {"total_due", value_type::text},
    {"iban", value_type::text},              {"bic", value_type::text},
    {"payment_reference", value_type::text}, {"has_fee", value_type::flag},
    {"no_fee", value_type::flag},            {"has_interest", value_type::flag},
    {"no_interest", value_type::flag},       {"has_items_not_due", value_type::flag},
    {"no_items_not_due", value_type::flag},  {"items", value_type::list},
    {"items_not_due", value_type::list},
}};

constexpr std::array<name_info, 10> item_names{{
    {"invoice_number", value_type::text},
    {"kind", value_type::text},
    {"issue_date", value_type::text},
    {"due_date", value_type::text},
    {"open_amount", value_type::text},
    {"days_overdue", value_type::text},
    {"level", value_type::text},
    {"interest", value_type::text},
    {"is_credit", value_type::flag},
    {"not_credit", value_type::flag},
}};

const name_info *find_name(std::string_view name, bool in_list) {
  if (in_list)
    for (const auto &n : item_names)
      if (name == n.name) return &n;
  for (const auto &n : top_names)
    if (name == n.name) return &n;
  return nullptr;
}

bool is_item_name(std::string_view name) {
  return std::any_of(item_names.begin(), item_names.end(), [&](const name_info &n) { return name == n.name; });
}

// The section that says the opposite, for the hint when a mustache inverted
// section {{^x}} is refused.
const char *opposite(std::string_view name) {
  static constexpr std::array<std::pair<const char *, const char *>, 5> pairs{{
      {"has_fee", "no_fee"},
      {"has_interest", "no_interest"},
      {"has_items_not_due", "no_items_not_due"},
      {"items_not_due", "no_items_not_due"},
      {"is_credit", "not_credit"},
  }};
  for (const auto &[yes, no] : pairs) {
    if (name == yes) return no;
    if (name == no && std::string_view(yes) != "items_not_due") return yes;
  }
  return nullptr;
}

std::string trim(std::string_view s) { return std::string(core::trim(s, " \t\r\n")); }

// Finds the markers of one part ("subject", "body") and checks them.
struct scanner {
  std::string_view part;

  [[noreturn]] void refuse(int line, const std::string &what) const {
    throw error(ARX_E_CONFIG, "dunning template " + std::string(part) + ", line " + std::to_string(line) + ": " + what);
  }

  std::string checked_name(std::string_view raw, int line, const std::string &marker, std::string_view sigil) const {
    const std::string name = trim(raw);
    if (name.empty()) refuse(line, "empty marker " + marker);
    if (const auto colon = name.find(':'); colon != std::string::npos)
      refuse(line, "modifiers ('" + name.substr(colon) + "' in " + marker +
                       ") are not supported: values are inserted as they are, write {{" + std::string(sigil) +
                       name.substr(0, colon) + "}}");
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
        refuse(line, "'" + name + "' in " + marker + " is not a variable name (lower-case letters, digits, _)");
    if (name.size() != raw.size())
      refuse(line, "spaces inside the marker " + marker + ": write {{" + std::string(sigil) + name + "}}");
    return name;
  }

  std::vector<token> tokenize(std::string_view src) const {
    std::vector<token> out;
    int line = 1;
    size_t pos = 0;
    auto advance = [&](size_t to) {
      line += static_cast<int>(std::count(src.begin() + static_cast<std::ptrdiff_t>(pos),
                                          src.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
      pos = to;
    };
    while (pos < src.size()) {
      const size_t open = src.find("{{", pos);
      if (open == std::string_view::npos) {
        out.push_back({token::kind::text, {}, line, pos, src.size()});
        break;
      }
      if (open > pos) {
        out.push_back({token::kind::text, {}, line, pos, open});
        advance(open);
      }
      if (src.compare(open, 3, "{{{") == 0)
        refuse(line, "triple braces ('{{{') are mustache, not ctemplate: write {{name}}, values are never escaped");
      const size_t close = src.find("}}", open + 2);
      if (close == std::string_view::npos) {
        const std::string_view start = src.substr(open, std::min<size_t>(20, src.size() - open));
        refuse(line, "the marker '" + std::string(start.substr(0, start.find('\n'))) + "' is not closed with '}}'");
      }
      const std::string_view inner = src.substr(open + 2, close - open - 2);
      const std::string marker = "{{" + std::string(inner) + "}}";
      token t{token::kind::variable, {}, line, open, close + 2};
      const char sigil = inner.empty() ? '\0' : inner[0];
      switch (sigil) {
      case '\0':
        refuse(line, "empty marker {{}}");
      case '!':
        t.k = token::kind::comment;
        break;
      case '#':
        t.k = token::kind::section;
        t.name = checked_name(inner.substr(1), line, marker, "#");
        break;
      case '/':
        t.k = token::kind::close;
        t.name = checked_name(inner.substr(1), line, marker, "/");
        break;
      case '^': {
        const char *o = opposite(trim(inner.substr(1)));
        refuse(line, "inverted sections (" + marker + ") do not exist in ctemplate: " +
                         (o ? "use {{#" + std::string(o) + "}}...{{/" + o + "}}"
                            : std::string("use one of the sections no_fee, no_interest, no_items_not_due, not_credit")));
      }
      case '>':
        refuse(line, "template includes (" + marker + ") are not supported");
      case '=':
        refuse(line, "changing the delimiters (" + marker + ") is not supported");
      case '%':
        refuse(line, "pragmas (" + marker + ") are not supported: values are inserted as they are");
      case '&':
        refuse(line, marker + " is mustache, not ctemplate: write {{" + trim(inner.substr(1)) +
                         "}}, values are never escaped");
      default:
        t.name = checked_name(inner, line, marker, "");
      }
      out.push_back(std::move(t));
      advance(close + 2);
    }
    return out;
  }

  // Names known in their scope, sections balanced, lists not nested.
  void validate(const std::vector<token> &tokens) const {
    std::vector<const token *> open;
    auto in_list = [&] {
      return std::any_of(open.begin(), open.end(), [](const token *t) {
        const auto *n = find_name(t->name, false);
        return n && n->type == value_type::list;
      });
    };
    for (const auto &t : tokens) {
      switch (t.k) {
      case token::kind::text:
      case token::kind::comment:
        break;
      case token::kind::variable: {
        const name_info *n = find_name(t.name, in_list());
        if (!n) {
          if (is_item_name(t.name))
            refuse(t.line, "'" + t.name + "' is a value of an item: use it inside {{#items}} or {{#items_not_due}}");
          refuse(t.line, "unknown variable '" + t.name + "'");
        }
        if (n->type == value_type::list)
          refuse(t.line, "'" + t.name + "' is a list: use {{#" + t.name + "}}...{{/" + t.name + "}}");
        if (n->type == value_type::flag)
          refuse(t.line, "'" + t.name + "' is a yes/no value: use {{#" + t.name + "}}...{{/" + t.name + "}}");
        break;
      }
      case token::kind::section: {
        const bool list_scope = in_list();
        const name_info *n = find_name(t.name, list_scope);
        if (!n) {
          if (is_item_name(t.name))
            refuse(t.line, "'" + t.name + "' is a value of an item: use it inside {{#items}} or {{#items_not_due}}");
          refuse(t.line, "unknown section '" + t.name + "'");
        }
        if (n->type == value_type::list && list_scope)
          refuse(t.line, "the list '" + t.name + "' cannot be used inside another list's section");
        open.push_back(&t);
        break;
      }
      case token::kind::close:
        if (open.empty()) refuse(t.line, "{{/" + t.name + "}} closes no open section");
        if (open.back()->name != t.name)
          refuse(t.line, "{{/" + t.name + "}} closes section '" + open.back()->name + "' opened on line " +
                             std::to_string(open.back()->line));
        open.pop_back();
        break;
      }
    }
    if (!open.empty())
      refuse(open.back()->line,
             "section '" + open.back()->name + "' is not closed (missing {{/" + open.back()->name + "}})");
  }
};

// A line holding only section, close or comment markers and blanks leaves
// nothing behind, not even its line break (as in mustache): its text is
// dropped. Text tokens are first cut after each line break.
std::vector<token> strip_standalone(const std::vector<token> &tokens, std::string_view src) {
  std::vector<token> cut;
  for (const auto &t : tokens) {
    if (t.k != token::kind::text) {
      cut.push_back(t);
      continue;
    }
    int line = t.line;
    for (size_t start = t.begin; start < t.end;) {
      const size_t nl = src.find('\n', start);
      const size_t end = nl == std::string_view::npos || nl >= t.end ? t.end : nl + 1;
      cut.push_back({token::kind::text, {}, line++, start, end});
      start = end;
    }
  }
  auto line_end = [&](const token &t) { return t.k == token::kind::text && src[t.end - 1] == '\n'; };
  std::vector<token> out;
  for (size_t begin = 0; begin < cut.size();) {
    size_t end = begin;  // one past the line's last token
    while (end < cut.size() && !line_end(cut[end])) ++end;
    if (end < cut.size()) ++end;
    bool marker = false, content = false;
    for (size_t i = begin; i < end; ++i) {
      const token &t = cut[i];
      if (t.k == token::kind::variable) content = true;
      else if (t.k == token::kind::text)
        content |= src.substr(t.begin, t.end - t.begin).find_first_not_of(" \t\n") != std::string_view::npos;
      else marker = true;
    }
    for (size_t i = begin; i < end; ++i)
      if (!(marker && !content && cut[i].k == token::kind::text)) out.push_back(cut[i]);
    begin = end;
  }
  return out;
}

// Template source with LF line ends and without other control characters
// (tab stays).
std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if ((u >= 0x20 && u != 0x7f) || s[i] == '\n' || s[i] == '\t') {
      out += s[i];
    }
  }
  return out;
}

// One template parsed by ctemplate into a cache of its own: no key is shared
// with another template or another thread (arx contexts may render in
// parallel), nothing is kept after the call, and the frozen cache expands
// from memory only, never from a file. What ctemplate keeps globally (its
// lock-guarded table of marker names) only ever holds the names above.
class parsed_template {
 public:
  parsed_template(const std::string &source, std::string_view part) : part_(part) {
    if (!cache_.StringToTemplateCache(key, source, ctemplate::DO_NOT_STRIP))
      throw error(ARX_E_CONFIG, "dunning template " + part_ + ": ctemplate cannot parse it");
    cache_.Freeze();
  }

  std::string expand(const ctemplate::TemplateDictionary &d) const {
    std::string out;
    if (!cache_.ExpandNoLoad(key, ctemplate::DO_NOT_STRIP, &d, nullptr, &out))
      throw error(ARX_E_INTERNAL, "dunning template " + part_ + ": ctemplate could not expand it");
    return out;
  }

 private:
  static constexpr const char *key = "arx-dunning-notice";
  std::string part_;
  ctemplate::TemplateCache cache_;
};

}  // namespace

std::string checked_part::source(bool letter) const {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const token &t = tokens[i];
    if (letter && t.k == token::kind::section && (t.name == "items" || t.name == "items_not_due")) {
      out += t.name == "items" ? items_place : items_not_due_place;
      // to the matching close: sections are balanced, lists do not nest
      for (int depth = 0; ++i < tokens.size();) {
        if (tokens[i].k == token::kind::section) ++depth;
        if (tokens[i].k == token::kind::close && depth-- == 0) break;
      }
      continue;
    }
    out.append(src, t.begin, t.end - t.begin);
  }
  return out;
}

checked_part check_part(std::string_view part, std::string_view raw) {
  checked_part p{part, normalise_newlines(raw), {}};
  const scanner s{part};
  auto tokens = s.tokenize(p.src);
  s.validate(tokens);
  p.tokens = strip_standalone(tokens, p.src);
  return p;
}

void check_source(const template_text &t) {
  if (trim(t.subject).empty()) throw error(ARX_E_CONFIG, "dunning template subject is empty");
  if (trim(t.body).empty()) throw error(ARX_E_CONFIG, "dunning template body is empty");
}

std::string expand(const std::string &source, std::string_view part, const ctemplate::TemplateDictionary &data) {
  return parsed_template(source, part).expand(data);
}

void check_template(const template_text &t) {
  check_source(t);
  for (const auto &p : {check_part("subject", t.subject), check_part("body", t.body)})
    parsed_template(p.source(), p.part);
}

}  // namespace arx::dunning
