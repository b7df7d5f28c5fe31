// The admin configuration keys arx knows: their type, default, allowed values
// and meaning. Values are stored as text in arx_config (per company, with a
// default row for all companies) and validated here before anything is written.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arx::config {

enum class value_type {
  integer,    // whole number within [min, max]
  decimal,    // exact decimal with at most `scale` fraction digits within [min, max]
  amount,     // money in the company's currency, at most its exponent's digits, >= min
  boolean,    // true/false (also accepts yes/no, on/off, 1/0; stored as true/false)
  choice,     // one of `choices`
  choice_list, // comma-separated subset of `choices`, in the order given, no repeats
  url,         // a URL whose scheme is one of `choices` ("smtp", "smtps"); empty allowed when default is empty
  path,        // an absolute file-system path (a directory arx writes to); empty allowed when default is empty
  email,       // one e-mail address (local@domain), or a display name with <address>
  text         // free text without control characters, at most 200 bytes
};

std::string_view type_name(value_type t) noexcept;

struct key_definition {
  std::string_view key;          // "dunning.grace_days"
  value_type type;
  std::string_view default_value;
  std::string_view description;  // one sentence for an admin
  std::string_view min = {};     // integer/decimal/amount bounds, as text
  std::string_view max = {};
  int scale = 0;                 // decimal: maximum fraction digits
  std::vector<std::string_view> choices = {};
};

std::span<const key_definition> keys();

// The definition of a key; throws arx::error(ARX_E_CONFIG) for an unknown key,
// naming it and suggesting the closest known one.
const key_definition &find_key(std::string_view key);

// Validates `value` for `def` and returns its canonical text (trimmed,
// booleans as true/false, decimals with their given digits). Throws
// arx::error(ARX_E_CONFIG) naming the key, the value and what is allowed.
// Amounts (value_type::amount) are checked at `amount_exponent` decimals: the
// company currency's ISO 4217 exponent, or 2 for the level of all companies.
std::string normalize(const key_definition &def, std::string_view value, int amount_exponent = 2);

// A human description of the allowed values, e.g. "an integer from 0 to 60".
std::string allowed_values(const key_definition &def);

}  // namespace arx::config
