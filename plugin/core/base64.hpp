// Base64 (RFC 4648, standard alphabet, with padding): MIME attachments and the
// documents arx keeps in the database as text.
#pragma once

#include <string>
#include <string_view>

namespace arx::core {

// Encodes `data`. line_length 0 gives one line; otherwise lines of at most
// line_length characters (a multiple of 4), separated by CRLF (MIME: 76).
std::string base64_encode(std::string_view data, size_t line_length = 0);

// Decodes base64 text; CR, LF, spaces and tabs between groups are skipped.
// Throws arx::error(ARX_E_PARSE) naming the offset of an invalid character or
// a truncated group.
std::string base64_decode(std::string_view text);

}  // namespace arx::core
