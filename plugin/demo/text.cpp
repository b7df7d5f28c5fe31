// Texts of the demo data (see text.hpp).
#include "demo/text.hpp"

#include <utility>

namespace arx::demo::detail {

// "31.10.2025", "31/10/2025", "31-10-2025"
std::string date_text(sys_days d, char sep) {
  const auto v = ymd(d);
  return cat(zero_padded(unsigned(v.day()), 2), std::string(1, sep), zero_padded(unsigned(v.month()), 2),
             std::string(1, sep), std::to_string(int(v.year())));
}

// Latin letters with diacritics as bank statements often show them.
std::string ascii_fold(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> folds[] = {
      {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "Ae"}, {"Ö", "Oe"}, {"Ü", "Ue"}, {"ß", "ss"},
      {"é", "e"},  {"è", "e"},  {"ê", "e"},  {"É", "E"},  {"à", "a"},  {"ç", "c"},  {"ô", "o"},
      {"û", "u"},  {"î", "i"},  {"ø", "oe"}, {"Ø", "Oe"}, {"å", "aa"}, {"Å", "Aa"}, {"æ", "ae"}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    bool folded = false;
    for (const auto &[from, to] : folds) {
      if (s.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    }
    if (!folded) ++i;  // other non-ASCII bytes are dropped
  }
  return out;
}

std::string upper(std::string s) {
  for (char &c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string lower(std::string s) {
  for (char &c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string slug(std::string_view name) {
  std::string out;
  for (char c : lower(ascii_fold(name))) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// At most `n` bytes, never cutting a UTF-8 sequence.
std::string utf8_prefix(std::string s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// 123456 -> "1234,56" (de, nl) or "1234.56" (en).
std::string amount_text(int64_t minor, std::string_view language) {
  const uint64_t v = static_cast<uint64_t>(minor < 0 ? -minor : minor);
  return cat(std::to_string(v / 100), language == "en" ? "." : ",", zero_padded(v % 100, 2));
}

// 200 -> "2", 250 -> "2,5" / "2.5"
std::string percent_text(int64_t hundredths, std::string_view language) {
  std::string s = std::to_string(hundredths / 100);
  int64_t frac = hundredths % 100;
  if (frac != 0) {
    s += language == "en" ? "." : ",";
    s += frac % 10 == 0 ? std::to_string(frac / 10) : zero_padded(static_cast<uint64_t>(frac), 2);
  }
  return s;
}

std::string_view pick_text(std::string_view language, std::string_view de, std::string_view en, std::string_view nl) {
  return language == "de" ? de : language == "nl" ? nl : en;
}

}  // namespace arx::demo::detail
