// The countries demo customers come from: language, EU membership, the word
// lists their names and addresses are drawn from, and how often they are on
// Peppol; with the names, streets and postcodes drawn from them. Internal to
// plugin/demo.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "demo/names.hpp"
#include "demo/random.hpp"

namespace arx::demo::detail {

enum class name_style : uint8_t { german, dutch, english, french, danish, american };

struct country_spec {
  std::string_view code;
  bool eu;
  std::string_view language;  // "de", "nl" or "en"
  name_style style;
  words::list surnames, places, trades, forms, streets, mailboxes;
  std::span<const words::city> cities;
  uint32_t peppol_per_mille;
};

// The country with this ISO 3166 code; an internal fault for one without data.
const country_spec &country(std::string_view code);

std::string postcode_for(std::string_view code, const words::city &c, prng &r);
std::string street_for(const country_spec &cs, prng &r);

// A business name and the same without its legal form.
std::pair<std::string, std::string> business_name(const country_spec &cs, prng &r);

}  // namespace arx::demo::detail
