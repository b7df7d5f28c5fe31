// Fuzz target: the dunning template checker (plugin/dunning/template_syntax.cpp)
// and, for what it accepts, ctemplate's parse of the checked text
// (check_template). The input is a template body; a line break splits off a
// subject when the input starts with "S:".
#include "dunning/render.hpp"
#include "dunning/template_syntax.hpp"
#include "fuzz_support.hpp"

namespace dunning = arx::dunning;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text = arx::fuzz::as_text(data, size);
  dunning::template_text t{"Reminder {{customer_number}}", std::string(text)};
  if (text.substr(0, 2) == "S:") {
    const size_t nl = text.find('\n');
    t.subject = std::string(text.substr(2, nl == std::string_view::npos ? std::string_view::npos : nl - 2));
    t.body = nl == std::string_view::npos ? std::string() : std::string(text.substr(nl + 1));
  }
  try {
    const dunning::checked_part p = dunning::check_part("body", t.body);
    (void)p.source(false);
    (void)p.source(true);
  } catch (const arx::error &) {
    return 0;
  }
  try {
    dunning::check_template(t);
  } catch (const arx::error &) {
  }
  return 0;
}
