#include "core/text.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace arx::core {

bool is_utf8(std::string_view s) noexcept { return utf8_invalid_at(s) == std::string_view::npos; }

size_t utf8_invalid_at(std::string_view s) noexcept {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i; // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string_view utf8_prefix(std::string_view s, size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back off continuation bytes so the cut falls before a character's first byte.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::optional<std::string> optional_prefix(std::string_view s, size_t max_bytes) {
  if (s.empty()) return std::nullopt;
  return std::string(utf8_prefix(s, max_bytes));
}

void require_text(std::string_view s, std::string_view what, size_t max_bytes) {
  if (!is_utf8(s)) throw error(ARX_E_INVALID_ARGUMENT, std::string(what) + " is not valid UTF-8");
  if (s.size() > max_bytes)
    throw error(ARX_E_INVALID_ARGUMENT, std::string(what) + " is " + std::to_string(s.size()) +
                                            " bytes long; at most " + std::to_string(max_bytes) + " are allowed");
}

std::string_view trim(std::string_view s, std::string_view chars) noexcept {
  const auto b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(chars) - b + 1);
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void append_escaped(std::string &out, unsigned char c) {
  static constexpr char hex[] = "0123456789ABCDEF";
  if (c >= 0x20 && c < 0x7F) {
    out += static_cast<char>(c);
  } else {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 0xF];
  }
}

std::string quote(std::string_view text, size_t max_chars) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < max_chars; ++i) append_escaped(out, static_cast<unsigned char>(text[i]));
  if (text.size() > max_chars) out += "...";
  out += "'";
  return out;
}

std::string url_without_userinfo(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const size_t end = std::min(url.find_first_of("/?#", start), url.size());
  const size_t at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(start + at));
}

const char *xml_text_problem(std::string_view s) noexcept {
  if (!is_utf8(s)) return "is not valid UTF-8";
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "contains a control character that XML cannot carry";
  return nullptr;
}

}  // namespace arx::core
