// What the fuzz targets share. A parser of outside input may refuse an input
// only with arx::error; any other exception escapes the target and libFuzzer
// reports it as a crash, like a sanitizer finding. `expect` checks a property
// that must hold for every accepted input and aborts with a message when it
// does not.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bank/statement.hpp"
#include "core/date.hpp"
#include "core/error.hpp"

namespace arx::fuzz {

inline void expect(bool ok, const char *what) {
  if (ok) return;
  std::fprintf(stderr, "arx fuzz: property violated: %s\n", what);
  std::abort();
}

inline std::string_view as_text(const uint8_t *data, size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

// What statement.hpp promises of every parsed bank file.
inline void check_bank_file(const bank::bank_file &f) {
  for (const auto &st : f.statements) {
    for (const auto &b : st.balances)
      if (b.date) expect(b.date->ok(), "a balance date is a valid date");
    if (st.from_date) expect(st.from_date->ok(), "the statement's first date is valid");
    if (st.to_date) expect(st.to_date->ok(), "the statement's last date is valid");
    for (const auto &l : st.lines) {
      expect(!l.amount.is_negative(), "a line's amount is a magnitude (>= 0)");
      expect(!l.position.empty(), "a line names its position in the file");
      if (l.booking_date) expect(l.booking_date->ok(), "a booking date is valid");
      if (l.value_date) expect(l.value_date->ok(), "a value date is valid");
      (void)l.amount.to_string();
      for (const auto &r : l.references)
        if (r.amount) (void)r.amount->to_string();
    }
  }
}

// One bank parser on one input: a refusal is fine, a parsed file must keep
// statement.hpp's promises.
template <class Parser>
void run_bank_parser(const uint8_t *data, size_t size, Parser parse) {
  const std::string_view bytes = as_text(data, size);
  try {
    check_bank_file(parse(bytes, "fuzz input"));
  } catch (const arx::error &) {
  }
}

}  // namespace arx::fuzz
