// Texts of the demo data as people and bank systems write them: dates and
// amounts in the customer's language, names folded to ASCII and cut to a
// bank field's length. Internal to plugin/demo.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "demo/common.hpp"

namespace arx::demo::detail {

// "31.10.2025", "31/10/2025", "31-10-2025"
std::string date_text(sys_days d, char sep);

// Latin letters with diacritics as bank statements often show them.
std::string ascii_fold(std::string_view s);

std::string upper(std::string s);
std::string lower(std::string s);

// "Müller & Söhne GmbH" -> "mueller-soehne-gmbh", for mail domains.
std::string slug(std::string_view name);

// At most `n` bytes, never cutting a UTF-8 sequence.
std::string utf8_prefix(std::string s, size_t n);

// 123456 -> "1234,56" (de, nl) or "1234.56" (en).
std::string amount_text(int64_t minor, std::string_view language);

// 200 -> "2", 250 -> "2,5" / "2.5"
std::string percent_text(int64_t hundredths, std::string_view language);

// The text of `language` ("de", "nl"; English for any other).
std::string_view pick_text(std::string_view language, std::string_view de, std::string_view en, std::string_view nl);

}  // namespace arx::demo::detail
