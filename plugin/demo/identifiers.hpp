// Identifiers with check digits for the demo data: IBANs, national VAT and
// register numbers, Peppol participant ids, GLNs, German Leitweg-IDs and
// ISO 11649 creditor references. Every one passes its scheme's check, so the
// features that validate them see real-looking data. Internal to plugin/demo.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "demo/random.hpp"

namespace arx::demo::detail {

// The IBAN of `country` for a BBAN: the two ISO 13616 check digits inserted.
std::string iban_of(std::string_view country, const std::string &bban);

// A lettered bank code followed by `sort_digits` (first digit not zero) and
// `account_digits` digits, drawn in that order (NL, GB, IE BBANs).
std::string lettered_bank(std::string_view bank, prng &r, int sort_digits, int account_digits);

// A valid IBAN of the country; none for countries without IBANs (US).
std::optional<std::string> random_iban(std::string_view country, prng &r);

// A GS1 Global Location Number starting with `prefix`.
std::string gln(std::string_view prefix, prng &r);

// German Leitweg-ID for public buyers: coarse-fine-check (ISO 7064 MOD 97-10).
std::string leitweg_id(prng &r);

// ISO 11649 creditor reference ("RF" + check + reference).
std::string creditor_reference(const std::string &reference);

// Tax identity of a business in `code`: VAT id and the Peppol participant id
// built on it (or on another national register).
struct identity {
  std::optional<std::string> vat_id;
  std::string peppol_id;
  bool peppol_from_vat = false;
};

identity identity_for(std::string_view code, prng &r);

}  // namespace arx::demo::detail
