#include "pdf/format.hpp"

#include <array>

#include "core/error.hpp"
#include "core/money.hpp"
#include "einvoice/compute.hpp"

namespace arx::pdf {

// The label files as the build embedded them (plugin/core/embed.cmake).
std::span<const text_source> labels_files();

namespace {

// The label files, parsed once, and the labels of each language.
struct label_store {
  language_texts texts;
  std::map<std::string, labels, std::less<>> by_language;

  label_store() : texts(labels_files()) {
    const text_map &english = texts.own("en");
    for (const std::string_view key : label_keys)
      if (!english.contains(key))
        fail(ARX_E_INTERNAL, texts.file_name("en") + " has no text for '" + std::string(key) + "'");
    for (const auto &language : texts.languages()) by_language.emplace(language, labels(texts, language));
  }
};

const label_store &store() {
  static const label_store s;
  return s;
}

std::string group_digits(std::string_view digits, std::string_view separator) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// The text of family.code ("unit.C62"), or the code itself when no language has one.
std::string text_of(const labels &l, std::string_view family, std::string_view code) {
  const std::string *t = l.find(std::string(family).append(code));
  return t ? *t : std::string(code);
}

}  // namespace

const language_texts &label_texts() { return store().texts; }

bool is_language(std::string_view language) noexcept {
  try {
    return store().texts.has(language);
  } catch (...) {  // a malformed label file: labels_for says what is wrong
    return false;
  }
}

const labels &labels_for(std::string_view language) {
  const label_store &s = store();
  const auto l = s.by_language.find(language);
  if (l == s.by_language.end())
    invalid_argument("unsupported document language '" + std::string(language) + "' (" + s.texts.language_list() + ")");
  return l->second;
}

std::string localize_number(std::string_view plain, const labels &l) {
  std::string out;
  if (!plain.empty() && (plain[0] == '-' || plain[0] == '+')) {
    if (plain[0] == '-') out += '-';
    plain.remove_prefix(1);
  }
  const auto point = plain.find('.');
  out += group_digits(plain.substr(0, point), l["format.group_separator"]);
  if (point != std::string_view::npos) {
    out += l["format.decimal_separator"];
    out += plain.substr(point + 1);
  }
  return out;
}

std::string format_amount(int64_t minor, std::string_view currency, const labels &l, bool with_code) {
  std::string s = localize_number(core::format_minor(minor, core::currency_exponent(currency)), l);
  if (with_code) {
    s += ' ';
    s += currency;
  }
  return s;
}

std::string format_decimal4(int64_t value_e4, int min_decimals, const labels &l) {
  std::string plain = core::format_scaled(value_e4, 4);
  const auto point = plain.find('.');
  size_t keep = plain.size();
  const size_t min_end = point + 1 + static_cast<size_t>(min_decimals);
  while (keep > min_end && plain[keep - 1] == '0') --keep;
  if (keep == point + 1) keep = point;  // no decimals left: drop the point
  plain.resize(keep);
  return localize_number(plain, l);
}

std::string format_percent(int64_t hundredths, const labels &l) {
  std::string plain = core::format_scaled(hundredths, 2);
  while (plain.back() == '0') plain.pop_back();
  if (plain.back() == '.') plain.pop_back();
  return with_percent_sign(localize_number(plain, l), l);
}

std::string with_percent_sign(std::string_view number, const labels &l) {
  return fill(l["format.percent"], {{"number", number}});
}

std::string format_date(core::date d, const labels &l) {
  const std::string iso = core::format_date(d);  // YYYY-MM-DD, validated
  const auto month = static_cast<unsigned>(d.month());
  return fill(l["format.date"], {{"d", std::to_string(static_cast<unsigned>(d.day()))},
                                 {"dd", std::string_view(iso).substr(8, 2)},
                                 {"mm", std::string_view(iso).substr(5, 2)},
                                 {"month", *l.find("month." + std::to_string(month))},
                                 {"yyyy", std::string_view(iso).substr(0, 4)}});
}

std::string unit_name(std::string_view code, const labels &l) { return text_of(l, "unit.", code); }

std::string item_kind_text(std::string_view kind, const labels &l) { return text_of(l, "kind.", kind); }

std::string vat_category_name(std::string_view category, const labels &l) {
  return text_of(l, "vat_category.", category);
}

std::string exemption_text(std::string_view category, std::string_view reason, const labels &l) {
  if (reason.empty()) return {};
  if (reason != einvoice::default_exemption(category).reason) return std::string(reason);
  const std::string *own = l.find("exemption." + std::string(category));
  return own ? *own : vat_category_name(category, l);
}

}  // namespace arx::pdf
