#include "corpus.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include <sys/wait.h>

#include "core/date.hpp"
#include "core/money.hpp"
#include "einvoice/compute.hpp"
#include "core/rf_reference.hpp"

namespace arx::einvoice::conformance {

// ------------------------------------------------------------ check digits

std::string make_iban(const std::string &country, const std::string &bban) {
  // ISO 13616: BBAN + country + "00", letters as 10..35, 98 - (mod 97).
  auto fold = [](unsigned rem, char c) {
    if (c >= '0' && c <= '9') return (rem * 10 + static_cast<unsigned>(c - '0')) % 97;
    return (rem * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
  };
  unsigned rem = 0;
  for (char c : bban + country + "00") rem = fold(rem, c);
  const unsigned check = 98 - rem;
  char digits[3];
  std::snprintf(digits, sizeof digits, "%02u", check);
  return country + digits + bban;
}

std::string make_gln(const std::string &twelve_digits) {
  if (twelve_digits.size() != 12) throw std::invalid_argument("a GLN needs 12 digits before its check digit");
  // GS1: from the right, weights 3, 1, 3, ... on the 12 digits.
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    const int d = twelve_digits[11 - i] - '0';
    sum += (i % 2 == 0) ? 3 * d : d;
  }
  return twelve_digits + std::to_string((10 - sum % 10) % 10);
}

std::string make_be_enterprise_number(const std::string &eight_digits) {
  if (eight_digits.size() != 8) throw std::invalid_argument("a Belgian enterprise number needs 8 digits");
  const long check = 97 - std::stol(eight_digits) % 97;  // 1..97
  return eight_digits + (check < 10 ? "0" : "") + std::to_string(check);
}

// ----------------------------------------------------------- the validator

validation_report run_validator(const std::string &dir) {
  validation_report r;
  const std::string command = std::string("'") + ARX_CONFORMANCE_DIR + "/validate-einvoice' --quiet '" + dir + "' 2>&1";
  FILE *pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    r.output = "could not start: " + command;
    return r;
  }
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // The summary is the last line: "N passed, M failed".
  const std::size_t at = r.output.rfind(" passed, ");
  if (at != std::string::npos) {
    const std::size_t line_start = r.output.rfind('\n', at);
    const std::size_t from = line_start == std::string::npos ? 0 : line_start + 1;
    if (std::sscanf(r.output.c_str() + from, "%d passed, %d failed", &r.passed, &r.failed) != 2) {
      r.passed = r.failed = -1;
    }
  }
  return r;
}

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

// ---------------------------------------------------------------- parties

enum class who { de, nl, at, be, fr, us, ch };

const char *country_of(who w) {
  switch (w) {
  case who::de: return "DE";
  case who::nl: return "NL";
  case who::at: return "AT";
  case who::be: return "BE";
  case who::fr: return "FR";
  case who::us: return "US";
  case who::ch: return "CH";
  }
  return "";
}

// The parties are written with designated initializers; the fields they leave
// out are empty, which is what the missing-field warning would ask to spell out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

party seller(who w, specification spec, int variant) {
  party p;
  switch (w) {
  case who::de:
    p = {.name = "Muster Maschinenbau GmbH", .trading_name = "Muster Maschinen", .vat_id = "DE123456789",
         .tax_registration_id = "201/113/40209", .legal_id = "HRB 123456", .street = "Lindenstraße 12",
         .city = "Berlin", .postcode = "10115",
         .endpoint = (spec == specification::xrechnung_3 && variant % 2 == 1)
                         ? electronic_address{"EM", "rechnung@muster-maschinenbau.de"}
                         : electronic_address{"9930", "DE123456789"},
         .contact_name = "Erika Mustermann", .contact_phone = "+49 30 1234567",
         .contact_email = "buchhaltung@muster-maschinenbau.de"};
    break;
  case who::nl:
    p = {.name = "Voorbeeld Techniek B.V.", .vat_id = "NL123456789B01", .legal_id = "12345678",
         .street = "Keizersgracht 100", .city = "Amsterdam", .postcode = "1015 AA",
         .endpoint = electronic_address{"0106", "12345678"}, .contact_name = "Jan de Vries",
         .contact_phone = "+31 20 555 0101", .contact_email = "facturen@voorbeeldtechniek.nl", .legal_id_scheme = "0106"};
    break;
  case who::at:
    p = {.name = "Beispiel Handels GmbH", .vat_id = "ATU12345678", .legal_id = "FN 123456a",
         .street = "Mariahilfer Straße 1", .city = "Wien", .postcode = "1060",
         .endpoint = electronic_address{"9915", "ATU12345678"}, .contact_name = "Franz Huber",
         .contact_phone = "+43 1 5550100", .contact_email = "rechnung@beispiel-handel.at"};
    break;
  default:
    throw std::logic_error("no seller defined for this country");
  }
  p.country = country_of(w);
  // Peppol does not need the seller contact (except between German parties,
  // where the document carries it anyway); leave it out on some documents.
  if (spec == specification::peppol_bis3 && w != who::de && variant % 2 == 0) {
    p.contact_name.reset();
    p.contact_phone.reset();
    p.contact_email.reset();
  }
  return p;
}

party buyer(who w, specification spec) {
  party p;
  switch (w) {
  case who::de:
    p = {.name = "Stadtverwaltung Musterstadt", .vat_id = "DE987654321", .street = "Rathausplatz 1",
         .city = "Musterstadt", .postcode = "12345",
         .endpoint = spec == specification::xrechnung_3 ? electronic_address{"0204", "04011000-12345-03"}
                                                        : electronic_address{"9930", "DE987654321"},
         .contact_name = "Max Beispiel"};
    break;
  case who::nl:
    p = {.name = "Klant Installaties B.V.", .vat_id = "NL987654321B01", .legal_id = "87654321",
         .street = "Coolsingel 40", .city = "Rotterdam", .postcode = "3011 AD",
         .endpoint = electronic_address{"0106", "87654321"}, .legal_id_scheme = "0106"};
    break;
  case who::be: {
    const std::string kbo = make_be_enterprise_number("04567891");
    p = {.name = "Client Exemple SA", .vat_id = "BE" + kbo, .street = "Rue de la Loi 16", .city = "Bruxelles",
         .postcode = "1000", .endpoint = electronic_address{"0208", kbo}};
    break;
  }
  case who::fr:
    p = {.name = "Client Exemple SARL", .vat_id = "FR40123456824", .legal_id = "123456824",
         .street = "12 rue de Rivoli", .city = "Paris", .postcode = "75001",
         .endpoint = electronic_address{"0009", "12345682400017"}, .legal_id_scheme = "0002"};
    break;
  case who::at:
    p = {.name = "Kunde Bau GmbH", .vat_id = "ATU87654321", .street = "Herrengasse 5", .city = "Graz",
         .postcode = "8010", .endpoint = electronic_address{"9915", "ATU87654321"}};
    break;
  case who::us:
    p = {.name = "Example Industries Inc.", .street = "350 Fifth Avenue", .city = "New York", .postcode = "10118",
         .endpoint = electronic_address{"0088", make_gln("061414100003")}};
    break;
  case who::ch:
    p = {.name = "Beispiel Apparate AG", .street = "Bahnhofstrasse 10", .city = "Zürich", .postcode = "8001",
         .endpoint = electronic_address{"0088", make_gln("761234567890")}};
    break;
  }
  p.country = country_of(w);
  return p;
}

std::string seller_iban(who w) {
  switch (w) {
  case who::de: return make_iban("DE", "100100100123456789");
  case who::nl: return make_iban("NL", "ABNA0417164300");
  case who::at: return make_iban("AT", "1904300234573201");
  default: return make_iban("DE", "500105175407324931");
  }
}

// -------------------------------------------------------------- scenarios

struct rate {
  const char *category;
  std::optional<int64_t> percent;
};

struct scenario {
  const char *name;
  who from;
  who to;
  std::vector<rate> rates;
  bool intra_community;  // delivery date and deliver-to country required
};

std::vector<scenario> scenarios() {
  return {
      {"S", who::de, who::de, {{"S", 1900}}, false},
      {"S19-S7", who::de, who::de, {{"S", 1900}, {"S", 700}}, false},
      {"S21-S9", who::nl, who::nl, {{"S", 2100}, {"S", 900}}, false},
      {"S20-S10", who::at, who::at, {{"S", 2000}, {"S", 1000}}, false},
      {"S-cross-border", who::de, who::nl, {{"S", 1900}}, false},
      {"Z", who::de, who::de, {{"Z", 0}}, false},
      {"E", who::de, who::de, {{"E", 0}}, false},
      {"AE", who::de, who::at, {{"AE", 0}}, false},
      {"AE-domestic", who::de, who::de, {{"AE", 0}}, false},
      {"K", who::de, who::nl, {{"K", 0}}, true},
      {"K", who::nl, who::be, {{"K", 0}}, true},
      {"K", who::at, who::de, {{"K", 0}}, true},
      {"G", who::de, who::us, {{"G", 0}}, false},
      {"G", who::nl, who::ch, {{"G", 0}}, false},
      {"O", who::de, who::us, {{"O", std::nullopt}}, false},
      {"O", who::de, who::de, {{"O", std::nullopt}}, false},
      {"S-Z-E", who::de, who::de, {{"S", 1900}, {"Z", 0}, {"E", 0}}, false},
      {"S-AE", who::de, who::de, {{"S", 1900}, {"AE", 0}}, false},
      {"S-K", who::de, who::fr, {{"S", 1900}, {"K", 0}}, true},
      {"S-G", who::de, who::ch, {{"S", 1900}, {"G", 0}}, false},
      {"S21-S9-Z-E", who::nl, who::nl, {{"S", 2100}, {"S", 900}, {"Z", 0}, {"E", 0}}, false},
  };
}

constexpr int variants = 5;

// round(quantity x price) with both scaled by 10^4, half away from zero, at
// the currency exponent: computed here independently of compute_totals.
int64_t gross(int64_t qty_e4, int64_t price_e4, int exponent) {
  __extension__ typedef __int128 i128;
  const i128 product = static_cast<i128>(qty_e4) * price_e4;  // scale 8
  i128 div = 1;
  for (int i = 0; i < 8 - exponent; ++i) div *= 10;
  const i128 mag = product < 0 ? -product : product;
  i128 q = mag / div;
  if ((mag % div) * 2 >= div) ++q;
  return static_cast<int64_t>(product < 0 ? -q : q);
}

int64_t percent_of(int64_t base, int64_t hundredths) {
  __extension__ typedef __int128 i128;
  const i128 p = static_cast<i128>(base) * hundredths;
  const i128 mag = p < 0 ? -p : p;
  i128 q = mag / 10000;
  if ((mag % 10000) * 2 >= 10000) ++q;
  return static_cast<int64_t>(p < 0 ? -q : q);
}

// A discount (UNTDID 5189 code 95) of `hundredths` percent of `base`.
allowance_charge discount(int64_t base, int64_t hundredths, const char *reason) {
  allowance_charge a;
  a.base_amount = base;
  a.percent = hundredths;
  a.amount = percent_of(base, hundredths);
  a.reason = reason;
  a.reason_code = "95";
  return a;
}

const std::array<int64_t, 7> quantities{10000, 20000, 25000, 100000, 7500, 120000, 30000};
const std::array<int64_t, 7> prices{199900, 41234, 1200000, 5000, 12345000, 750000, 99500};
const std::array<const char *, 7> units{"C62", "HUR", "KGM", "DAY", "MTR", "LTR", "H87"};
const std::array<const char *, 7> items{"Hydraulic pump", "Installation work", "Steel bolts M12",
                                        "Crane rental",   "Copper cable",      "Machine oil",
                                        "Safety gloves"};

document make_document(const scenario &sc, specification spec, int variant, int index) {
  const bool xr = spec == specification::xrechnung_3;
  document d;
  d.spec = spec;
  d.type = (variant == 3 || (variant == 4 && index % 2 == 1)) ? document_type::credit_note : document_type::invoice;
  char number[32];
  std::snprintf(number, sizeof number, "%s-2026-%04d", d.type == document_type::credit_note ? "CN" : "INV", index);
  d.number = number;
  d.issue_date = core::date{year{2026}, month{static_cast<unsigned>(1 + index % 12)},
                            day{static_cast<unsigned>(1 + index % 28)}};
  d.due_date = core::add_days(d.issue_date, 30);
  d.seller = seller(sc.from, spec, variant);
  d.buyer = buyer(sc.to, spec);

  // Categories that forbid or demand VAT identifiers (BR-O-02, BR-AE-02/03,
  // BR-IC-02/03): O documents carry none, the others keep what the parties have.
  bool has_o = false;
  for (const rate &r : sc.rates) has_o = has_o || std::string(r.category) == "O";
  if (has_o) {
    d.seller.vat_id.reset();
    d.buyer.vat_id.reset();
  }

  // Currency: EUR, or a foreign currency with VAT accounted in EUR (variant 4).
  d.currency = "EUR";
  if (variant == 4) {
    switch (index % 3) {
    case 0: d.currency = "USD"; d.tax_currency_rate_e6 = 921350; break;
    case 1: d.currency = sc.to == who::ch ? "CHF" : "GBP"; d.tax_currency_rate_e6 = 1062480; break;
    default: d.currency = "SEK"; d.tax_currency_rate_e6 = 87420; break;
    }
    d.tax_currency = "EUR";
  }
  const int exponent = core::currency_exponent(d.currency);

  // References and notes.
  if (xr || variant != 0 || (sc.from == who::de && sc.to == who::de)) {
    d.buyer_reference = xr ? "04011000-12345-" + std::to_string(10 + index % 90) : "BR-" + std::to_string(7000 + index);
  }
  if (variant == 0 || variant == 2 || variant == 4) d.order_reference = "PO-" + std::to_string(4500 + index);
  if (variant == 1 || variant == 4) d.contract_reference = "CT-2025-" + std::to_string(17 + index % 5);
  if (d.type == document_type::credit_note) {
    d.preceding_invoice = "INV-2025-" + std::to_string(1000 + index);
    d.preceding_invoice_date = core::add_days(d.issue_date, -20);
    d.notes.push_back(xr ? "Gutschrift zur Rechnung " + *d.preceding_invoice : "Credit for returned goods");
  }
  if (variant == 0) d.notes.push_back(xr ? "Vielen Dank für Ihren Auftrag." : "Thank you for your order.");
  if (variant == 1 || variant == 4) {
    d.notes.push_back("Delivery in two parts as agreed.");
    d.notes.push_back("Goods remain our property until paid in full.");
  }
  if (variant == 4) d.notes.push_back("Prices in " + d.currency + "; VAT accounted in EUR.");

  // Delivery (BG-13): required for intra-community supplies, given on some others.
  if (sc.intra_community || variant == 2) {
    d.delivery_date = core::add_days(d.issue_date, -2);
    const party to = buyer(sc.to, spec);
    d.deliver_to = party{.name = to.name, .street = to.street, .city = to.city, .postcode = to.postcode,
                         .country = to.country};
  }
  // XRechnung asks for the date of supply (BR-DE-TMP-32, information level).
  if (xr) d.delivery_date = core::add_days(d.issue_date, -2);

  // Payment: SEPA credit transfer to the seller's IBAN with an RF reference.
  d.payment.means_code = "58";
  d.payment.iban = seller_iban(sc.from);
  d.payment.account_name = d.seller.name;
  if (variant % 2 == 1) d.payment.bic = sc.from == who::nl ? "ABNANL2A" : "COBADEFFXXX";
  d.payment.remittance = core::make_rf_reference(core::rf_payload_from_number(d.number));
  d.payment.terms = xr ? "Zahlbar innerhalb von 30 Tagen ohne Abzug." : "Payment within 30 days net.";

  // Lines: at least one per rate, up to six.
  const std::size_t n_lines = std::max<std::size_t>(sc.rates.size(), 1 + static_cast<std::size_t>(index % 6));
  for (std::size_t i = 0; i < n_lines; ++i) {
    const std::size_t k = (i * 3 + static_cast<std::size_t>(index)) % 7;
    const rate &r = sc.rates[i % sc.rates.size()];
    line l;
    l.id = std::to_string(i + 1);
    l.name = items[k];
    if (i % 2 == 0) l.description = std::string(items[k]) + ", as per order";
    l.quantity = quantities[k];
    l.unit_code = units[k];
    l.unit_price = prices[(k + i) % 7];
    l.tax_category = r.category;
    l.tax_percent = r.percent;
    const int64_t g = gross(l.quantity, l.unit_price, exponent);
    int64_t net = g;
    if ((variant == 1 || variant == 4 || variant == 3) && i % 2 == 0 && g > 0) {
      const allowance_charge a = discount(g, 1000, "Discount");
      l.allowances_charges.push_back(a);
      net -= a.amount;
    }
    if ((variant == 1 || variant == 4) && i % 3 == 1) {
      allowance_charge c;
      c.is_charge = true;
      c.amount = 250;  // 2.50
      c.reason = "Packing";
      l.allowances_charges.push_back(c);
      net += c.amount;
    }
    l.net_amount = net;
    if (d.order_reference && variant == 2) l.order_line_reference = std::to_string(10 * (i + 1));
    d.lines.push_back(std::move(l));
  }

  // Document-level allowances and charges, in the first rate's category.
  const rate &first = sc.rates.front();
  if (variant == 1 || variant == 4) {
    allowance_charge c;
    c.is_charge = true;
    c.amount = 1500;
    c.reason = "Freight";
    c.reason_code = "FC";
    c.tax_category = first.category;
    c.tax_percent = first.percent;
    d.allowances_charges.push_back(c);
  }
  if (variant == 2 || variant == 3 || variant == 4) {
    int64_t base = 0;
    for (const line &l : d.lines)
      if (l.tax_category == first.category && l.tax_percent == first.percent) base += l.net_amount;
    allowance_charge a = discount(base, 300, "Loyalty discount");
    a.tax_category = first.category;
    a.tax_percent = first.percent;
    d.allowances_charges.push_back(a);
  }

  compute_totals(d);
  if (d.type == document_type::invoice && (variant == 2 || variant == 4)) {
    d.sums.prepaid = d.sums.tax_inclusive / 4;  // a deposit paid in advance
    compute_totals(d);
  }
  if (variant == 2 && index % 2 == 0) {
    // Cash rounding of the amount due to 0.05 (BT-114), as Swiss and Dutch
    // cash payments round it.
    const int64_t rest = d.sums.payable % 5;
    d.sums.rounding = rest <= 2 ? -rest : 5 - rest;
    compute_totals(d);
  }
  return d;
}

}  // namespace

std::vector<corpus_entry> build_corpus() {
  std::vector<corpus_entry> out;
  int index = 0;
  for (specification spec : {specification::peppol_bis3, specification::xrechnung_3}) {
    for (const scenario &sc : scenarios()) {
      for (int v = 0; v < variants; ++v) {
        ++index;
        document d = make_document(sc, spec, v, index);
        char name[128];
        std::snprintf(name, sizeof name, "%03d-%s-%s-%s-%s-%s", index,
                      spec == specification::peppol_bis3 ? "peppol" : "xrechnung", sc.name, country_of(sc.from),
                      country_of(sc.to), d.type == document_type::credit_note ? "credit-note" : "invoice");
        out.push_back({name, std::move(d)});
      }
    }
  }
  return out;
}

}  // namespace arx::einvoice::conformance
