// The three companies of the demo (see companies.hpp).
#include "demo/companies.hpp"

#include "demo/common.hpp"
#include "demo/identifiers.hpp"

namespace arx::demo::detail {
namespace {

constexpr country_weight german_mix[] = {{"DE", 560}, {"AT", 100}, {"CH", 50}, {"NL", 60}, {"FR", 50},
                                         {"BE", 30},  {"DK", 20},  {"GB", 60}, {"US", 70}};
constexpr country_weight dutch_mix[] = {{"NL", 520}, {"BE", 150}, {"DE", 120}, {"FR", 50},
                                        {"GB", 60},  {"US", 50},  {"DK", 50}};
constexpr country_weight british_mix[] = {{"GB", 640}, {"IE", 100}, {"US", 110}, {"DE", 50},
                                          {"NL", 40},  {"FR", 30},  {"BE", 30}};

const company_spec specs[] = {
    {"DE01", "Hansa Antriebstechnik GmbH", "DE", "EUR", "de",                            //
     "Billstraße 112", "Hamburg", "20539", "buchhaltung", "hansa-antriebstechnik",       //
     "20040000", "COBADEHHXXX", 1900, 700, "RE", "GS", "ENTWURF", 0, german_mix,        //
     "Finanzamt Hamburg-Mitte", "Erstattung USt", "Nordelbe Versicherung AG", "Schadenregulierung"},
    {"NL01", "Kempen Aandrijftechniek B.V.", "NL", "EUR", "nl",                          //
     "Hurksestraat 42", "Eindhoven", "5652 AJ", "debiteuren", "kempen-aandrijftechniek", //
     "INGB", "INGBNL2AXXX", 2100, 900, "FAC", "CN", "CONCEPT", 1, dutch_mix,             //
     "Belastingdienst", "Teruggaaf omzetbelasting", "Zeeuwse Transportverzekeringen N.V.",
     "Schade-uitkering dossier"},
    {"GB01", "Pennine Drive Systems Ltd", "GB", "GBP", "en",                             //
     "Unit 12, Stourton Link", "Leeds", "LS10 1RW", "credit.control", "pennine-drives",  //
     "NWBK", "NWBKGB2LXXX", 2000, 500, "INV", "CRN", "DRAFT", 2, british_mix,            //
     "HM Revenue & Customs", "HMRC VAT REPAYMENT", "Northgate Insurance Ltd", "Claim settlement"},
};

}  // namespace

std::span<const company_spec> company_specs() { return specs; }

company make_company(const company_spec &s, int64_t id) {
  // Fixed stream: the companies are the same for every seed.
  prng r(0xA7C0DE5EEDULL + static_cast<uint64_t>(id));
  company c;
  c.id = id;
  c.code = s.code;
  c.name = s.name;
  c.currency = s.currency;
  c.country = s.country;
  const identity tax = identity_for(s.country, r);
  c.vat_id = tax.vat_id;
  c.peppol_id = tax.peppol_id;
  c.iban = iban_of(s.country, s.country == "GB" ? lettered_bank(s.bank_code, r, 6, 8)
                                                : cat(s.bank_code, r.digits(10, true)));
  c.bic = std::string(s.bic);
  c.street = std::string(s.street);
  c.city = std::string(s.city);
  c.postcode = std::string(s.postcode);
  c.email = cat(s.mailbox, "@", s.domain, ".example");
  // The receivables desk (fixed per company; numbers from ranges kept free
  // for fiction, e.g. Ofcom's 0113 496 0xxx).
  if (s.country == "DE") c.phone = "+49 40 555 0172", c.contact_name = "Anja Petersen";
  else if (s.country == "NL") c.phone = "+31 40 555 0193", c.contact_name = "Joost van Dijk";
  else c.phone = "+44 113 496 0420", c.contact_name = "Emma Clarke";
  return c;
}

}  // namespace arx::demo::detail
