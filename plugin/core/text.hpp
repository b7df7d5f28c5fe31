// Checks on text that arrives from hosts and files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arx::core {

// What trim() takes away by default (ASCII white space, whatever the locale),
// and the blanks of fixed-format bank records and mail headers.
inline constexpr std::string_view whitespace = " \t\r\n\f\v";
inline constexpr std::string_view blanks = " \t";

// `s` without leading and trailing characters of `chars`.
std::string_view trim(std::string_view s, std::string_view chars = whitespace) noexcept;

// True when `s` is not empty and has only the ASCII digits 0-9.
bool all_digits(std::string_view s) noexcept;

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, at
// most U+10FFFF).
bool is_utf8(std::string_view s) noexcept;

// Why `s` cannot be the text of an XML 1.0 document ("is not valid UTF-8",
// "contains a control character that XML cannot carry": any below U+0020 but
// tab, line feed and carriage return), or nullptr when it can.
const char *xml_text_problem(std::string_view s) noexcept;

// The byte offset of the first byte that is not well-formed UTF-8, or
// std::string_view::npos.
size_t utf8_invalid_at(std::string_view s) noexcept;

// The longest prefix of `s` of at most `max_bytes` that does not cut a
// character (for text columns of a fixed size).
std::string_view utf8_prefix(std::string_view s, size_t max_bytes) noexcept;

// utf8_prefix of `s` as an optional text column value: none when `s` is empty.
std::optional<std::string> optional_prefix(std::string_view s, size_t max_bytes);

// Throws arx::error(ARX_E_INVALID_ARGUMENT) naming `what` when `s` is not
// UTF-8 or longer than `max_bytes`.
void require_text(std::string_view s, std::string_view what, size_t max_bytes);

// Appends byte `c` for an error message: printable ASCII as itself, any other
// byte as \xNN, so a garbled column value stays readable in a log line.
void append_escaped(std::string &out, unsigned char c);

// 'text' for an error message, its bytes as append_escaped writes them and
// cut after `max_chars` ("..."), so a garbage column cannot flood a log.
std::string quote(std::string_view text, size_t max_chars = 64);

// `url` with the user information of its authority (user:password@) replaced
// by "***@", for messages and logs: "smtp://u:pw@host:25" gives
// "smtp://***@host:25". Text without a scheme is read as an authority too, so
// "u:pw@host" gives "***@host"; text without '@' comes back unchanged.
std::string url_without_userinfo(std::string_view url);

}  // namespace arx::core
