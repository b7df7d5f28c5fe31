#include "pdf/texts.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace arx::pdf {
namespace {

constexpr std::string_view block_mark = R"(""")";

std::string_view strip(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Walks `text`, calling on_text(s) for text to keep and on_name(name) for
// each placeholder; ctemplate markers {{...}} are text.
template <typename Text, typename Name>
void scan(std::string_view text, Text on_text, Name on_name) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    if (text.compare(open, 2, "{{") == 0) {
      const size_t close = text.find("}}", open + 2);
      const size_t end = close == std::string_view::npos ? text.size() : close + 2;
      on_text(text.substr(i, end - i));
      i = end;
      continue;
    }
    size_t end = open + 1;
    while (end < text.size() && name_char(text[end])) ++end;
    if (end == open + 1 || end >= text.size() || text[end] != '}') {
      on_text(text.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    on_text(text.substr(i, open - i));
    on_name(text.substr(open + 1, end - open - 1));
    i = end + 1;
  }
  on_text(text.substr(std::min(i, text.size())));
}

// Reads one file line by line, keeping the line number for messages.
class reader {
 public:
  reader(std::string_view name, std::string_view text) : name_(name), text_(text) {}

  text_map read() {
    if (const size_t bad = core::utf8_invalid_at(text_); bad != std::string_view::npos) {
      line_ = 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
      refuse("the text is not UTF-8");
    }
    text_map out;
    std::string_view line;
    while (next(line)) {
      const std::string_view s = strip(line);
      if (s.empty() || s.front() == '#') continue;
      const size_t eq = s.find('=');
      if (eq == std::string_view::npos) refuse("expected 'key = text', a comment (#) or an empty line");
      const std::string_view key = strip(s.substr(0, eq));
      if (key.empty()) refuse("no key before '='");
      if (!std::all_of(key.begin(), key.end(), key_char))
        refuse("'" + std::string(key) + "' is not a key (letters, digits, '_', '.', '-')");
      const int key_line = line_;
      std::string value(strip(s.substr(eq + 1)));
      if (value == block_mark) {
        value = block(key_line);
      } else if (value.starts_with(block_mark)) {
        refuse(R"(a text over several lines starts on the line after """: nothing may follow it)");
      }
      if (!out.emplace(std::string(key), std::move(value)).second) {
        line_ = key_line;
        refuse("the key '" + std::string(key) + "' is given twice");
      }
    }
    return out;
  }

 private:
  [[noreturn]] void refuse(const std::string &what) const {
    fail(ARX_E_INTERNAL, std::string(name_) + ", line " + std::to_string(line_) + ": " + what);
  }

  bool next(std::string_view &line) {
    if (pos_ >= text_.size()) return false;
    const size_t nl = text_.find('\n', pos_);
    const size_t end = nl == std::string_view::npos ? text_.size() : nl;
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++line_;
    return true;
  }

  std::string block(int opened) {
    std::string out;
    std::string_view line;
    while (next(line)) {
      if (strip(line) == block_mark) return out;
      out.append(line).push_back('\n');
    }
    line_ = opened;
    refuse(R"(the text started here is not closed by a line holding only """)");
  }

  std::string_view name_, text_;
  size_t pos_ = 0;
  int line_ = 0;
};

std::string_view language_of(std::string_view name) {
  const size_t slash = name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  if (base.ends_with(".txt")) base.remove_suffix(4);
  return base;
}

}  // namespace

text_map parse_texts(std::string_view name, std::string_view text) { return reader(name, text).read(); }

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  scan(text, [](std::string_view) {}, [&](std::string_view n) { out.emplace(n); });
  return out;
}

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size());
  scan(pattern, [&](std::string_view s) { out += s; },
       [&](std::string_view n) {
         const auto v = std::find_if(values.begin(), values.end(), [&](const auto &p) { return p.first == n; });
         if (v != values.end()) {
           out += v->second;
         } else {
           out.append("{").append(n).append("}");
         }
       });
  return out;
}

language_texts::language_texts(std::span<const text_source> files) {
  for (const auto &f : files) {
    const std::string language(language_of(f.name));
    if (!files_.emplace(language, file{f.name, parse_texts(f.name, f.text)}).second)
      fail(ARX_E_INTERNAL, std::string(f.name) + ": a second file for the language '" + language + "'");
  }
  if (!files_.contains("en")) {
    std::string names;
    for (const auto &f : files) names += (names.empty() ? "" : ", ") + std::string(f.name);
    fail(ARX_E_INTERNAL, "no English (en.txt) among the text files " + names);
  }
}

bool language_texts::has(std::string_view language) const noexcept { return files_.find(language) != files_.end(); }

std::vector<std::string> language_texts::languages() const {
  std::vector<std::string> out;
  for (const auto &[language, f] : files_) out.push_back(language);
  return out;
}

std::string language_texts::language_list() const {
  std::string out;
  for (const auto &[language, f] : files_) out += (out.empty() ? "" : ", ") + language;
  return out;
}

const std::string *language_texts::find(std::string_view language, std::string_view key) const noexcept {
  for (const std::string_view l : {language, std::string_view("en")}) {
    const auto f = files_.find(l);
    if (f == files_.end()) continue;
    const auto t = f->second.texts.find(key);
    if (t != f->second.texts.end()) return &t->second;
  }
  return nullptr;
}

const language_texts::file &language_texts::at(std::string_view language) const {
  const auto f = files_.find(language);
  if (f == files_.end()) invalid_argument("no texts in the language '" + std::string(language) + "'");
  return f->second;
}

const text_map &language_texts::own(std::string_view language) const { return at(language).texts; }

const std::string &language_texts::file_name(std::string_view language) const { return at(language).name; }

}  // namespace arx::pdf
