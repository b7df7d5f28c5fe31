#include "core/rf_reference.hpp"

#include "core/error.hpp"

namespace arx::core {

namespace {

constexpr std::size_t max_payload = 21;

bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

char upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Folds the decimal expansion of `c` (digits as themselves, A..Z as 10..35)
// into a running remainder modulo 97.
unsigned fold(unsigned rem, char c) noexcept {
  c = upper(c);
  if (c >= '0' && c <= '9') return (rem * 10 + static_cast<unsigned>(c - '0')) % 97;
  const unsigned v = static_cast<unsigned>(c - 'A') + 10;
  return (rem * 100 + v) % 97;
}

// The reference rearranged for the check: payload, then "RF", then the two
// check digits.
unsigned remainder_of(std::string_view payload, std::string_view check) noexcept {
  unsigned rem = 0;
  for (char c : payload) rem = fold(rem, c);
  rem = fold(rem, 'R');
  rem = fold(rem, 'F');
  for (char c : check) rem = fold(rem, c);
  return rem;
}

}  // namespace

std::string make_rf_reference(std::string_view payload) {
  if (payload.empty() || payload.size() > max_payload) {
    invalid_argument("RF creditor reference payload '" + std::string(payload) + "' must have 1 to 21 characters, has " +
                     std::to_string(payload.size()) + " (ISO 11649)");
  }
  std::string body;
  body.reserve(payload.size());
  for (std::size_t i = 0; i < payload.size(); ++i) {
    if (!is_alnum(payload[i])) {
      invalid_argument("RF creditor reference payload '" + std::string(payload) + "' has a character other than A-Z, 0-9 at position " +
                       std::to_string(i + 1) + " (ISO 11649)");
    }
    body.push_back(upper(payload[i]));
  }
  const unsigned check = 98 - remainder_of(body, "00");
  std::string out = "RF";
  out.push_back(static_cast<char>('0' + check / 10));
  out.push_back(static_cast<char>('0' + check % 10));
  out += body;
  return out;
}

std::string rf_payload_from_number(std::string_view number) {
  std::string payload;
  for (char c : number)
    if (is_alnum(c)) payload.push_back(upper(c));
  if (payload.empty()) {
    invalid_argument("document number '" + std::string(number) + "' has no letters or digits to form an RF creditor reference");
  }
  if (payload.size() > max_payload) {
    invalid_argument("document number '" + std::string(number) + "' has " + std::to_string(payload.size()) +
                     " letters and digits; an RF creditor reference holds at most 21 (ISO 11649)");
  }
  return payload;
}

bool is_valid_rf_reference(std::string_view text) noexcept {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c == ' ') continue;
    if (!is_alnum(c)) return false;
    compact.push_back(upper(c));
  }
  if (compact.size() < 5 || compact.size() > 25) return false;
  if (compact[0] != 'R' || compact[1] != 'F') return false;
  const char d1 = compact[2], d2 = compact[3];
  if (d1 < '0' || d1 > '9' || d2 < '0' || d2 > '9') return false;
  const int check = (d1 - '0') * 10 + (d2 - '0');
  if (check < 2 || check > 98) return false;  // MOD 97-10 only yields 02..98
  // Leading or trailing spaces are tolerated; spaces inside "RF" and the
  // check digits are not.
  std::size_t first = text.find_first_not_of(' ');
  if (text.substr(first, 4).find(' ') != std::string_view::npos) return false;
  return remainder_of(std::string_view(compact).substr(4), std::string_view(compact).substr(2, 2)) == 1;
}

std::string format_rf_reference(std::string_view reference) {
  if (!is_valid_rf_reference(reference)) {
    invalid_argument("'" + std::string(reference) + "' is not a valid RF creditor reference (ISO 11649)");
  }
  std::string compact;
  for (char c : reference)
    if (c != ' ') compact.push_back(upper(c));
  std::string out;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(compact[i]);
  }
  return out;
}

}  // namespace arx::core
