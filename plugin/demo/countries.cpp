// The countries demo customers come from (see countries.hpp).
#include "demo/countries.hpp"

#include "demo/common.hpp"

namespace arx::demo::detail {

const country_spec &country(std::string_view code) {
  using namespace words;
  static const country_spec specs[] = {
      {"DE", true, "de", name_style::german, german_surnames, german_places, german_trades, german_forms,
       german_streets, german_mailboxes, german_cities, 200},
      {"AT", true, "de", name_style::german, german_surnames, german_places, german_trades, austrian_forms,
       german_streets, german_mailboxes, austrian_cities, 150},
      {"CH", false, "de", name_style::german, german_surnames, german_places, german_trades, swiss_forms,
       swiss_streets, german_mailboxes, swiss_cities, 100},
      {"NL", true, "nl", name_style::dutch, dutch_surnames, dutch_places, dutch_trades, dutch_forms, dutch_streets,
       dutch_mailboxes, dutch_cities, 400},
      {"BE", true, "nl", name_style::dutch, flemish_surnames, dutch_places, dutch_trades, belgian_forms,
       belgian_streets, dutch_mailboxes, belgian_cities, 700},
      {"FR", true, "en", name_style::french, french_surnames, french_trades_before, french_trades_after,
       french_forms, french_streets, french_mailboxes, french_cities, 100},
      {"DK", true, "en", name_style::danish, danish_surnames, danish_trades, danish_trades, danish_forms,
       danish_streets, danish_mailboxes, danish_cities, 300},
      {"GB", false, "en", name_style::english, english_surnames, british_places, english_trades, british_forms,
       british_estate_names, english_mailboxes, british_cities, 150},
      {"IE", true, "en", name_style::english, irish_surnames, irish_places, english_trades, irish_forms,
       british_estate_names, english_mailboxes, irish_cities, 100},
      {"US", false, "en", name_style::american, english_surnames, american_places, american_trades,
       american_forms, american_street_names, english_mailboxes, american_cities, 50},
  };
  for (const auto &s : specs)
    if (s.code == code) return s;
  internal_fault(cat("no country data for ", code));
}

std::string postcode_for(std::string_view code, const words::city &c, prng &r) {
  std::string s(c.prefix);
  if (code == "GB") {
    s += std::to_string(r.between(1, 28)) + " ";
    s += r.digits(1, true);
    s += r.letters(2, "ABDEFGHJLNPQRSTUWXYZ");
    return s;
  }
  if (code == "IE") {
    s += " " + r.letters(1, "ACDEFHKNPRTVWXY");
    s += r.letters(3, "ACDEFHKNPRTVWXY0123456789");
    return s;
  }
  if (code == "NL") {
    s += r.digits(2) + " ";
    s += r.letters(2, "ABCDEFGHJKLMNPRTVWXZ");
    return s;
  }
  return cat(c.prefix, r.digits(c.digits));
}

std::string street_for(const country_spec &cs, prng &r) {
  const std::string_view name = r.pick(cs.streets);
  if (cs.code == "DE" || cs.code == "AT") {
    std::string s = cat(name, " ", std::to_string(r.between(1, 180)));
    if (r.chance(80)) s += static_cast<char>('a' + r.between(0, 3));
    return s;
  }
  if (cs.code == "FR") return cat(std::to_string(r.between(1, 120)), " ", name);
  if (cs.code == "GB" || cs.code == "IE") {
    if (r.chance(600)) {
      const int64_t unit = r.between(1, 40);
      return cat("Unit ", std::to_string(unit), ", ", name, " ", r.pick(words::british_estate_kinds));
    }
    return cat(std::to_string(r.between(1, 250)), " ", name, " Road");
  }
  if (cs.code == "US") {
    const int64_t number = r.between(100, 9800);
    return cat(std::to_string(number), " ", name, " ", r.pick(words::american_street_kinds));
  }
  return cat(name, " ", std::to_string(r.between(1, 160)));
}

// A business name and the same without its legal form.
std::pair<std::string, std::string> business_name(const country_spec &cs, prng &r) {
  const std::string_view surname = r.pick(cs.surnames), place = r.pick(cs.places), trade = r.pick(cs.trades);
  std::string base;
  const int pattern = r.index(10);
  switch (cs.style) {
  case name_style::german:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, "-", trade);
    else base = cat(surname, " & ", r.pick(cs.surnames));
    break;
  case name_style::dutch:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, " ", trade);
    else base = cat(trade, " ", surname);
    break;
  case name_style::english:
    if (pattern < 5) base = cat(surname, " ", trade);
    else if (pattern < 8) base = cat(place, " ", trade);
    else base = cat(surname, " & ", r.pick(cs.surnames));
    break;
  case name_style::french:
    base = pattern < 5 ? cat(place, " ", surname) : cat(surname, " ", trade);
    break;
  case name_style::danish:
    base = pattern < 7 ? cat(surname, " ", trade) : cat(surname, " & ", r.pick(cs.surnames), " ", trade);
    break;
  case name_style::american:
    base = pattern < 6 ? cat(place, " ", trade) : cat(surname, " ", trade);
    break;
  }
  return {cat(base, " ", r.pick(cs.forms)), base};
}

}  // namespace arx::demo::detail
