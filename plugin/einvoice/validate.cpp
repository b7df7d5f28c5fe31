#include "einvoice/validate.hpp"

#include <algorithm>

#include "config/store.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "einvoice/compute.hpp"

namespace arx::einvoice {
namespace {

bool uses(const std::vector<std::string> &channels, std::string_view c) {
  return std::find(channels.begin(), channels.end(), c) != channels.end();
}

struct checker {
  std::vector<finding> out;
  void error(std::string field, std::string rule, std::string channel, std::string message) {
    out.push_back({true, std::move(field), std::move(rule), std::move(channel), std::move(message)});
  }
  void warning(std::string field, std::string rule, std::string channel, std::string message) {
    out.push_back({false, std::move(field), std::move(rule), std::move(channel), std::move(message)});
  }
};

bool blank(const std::optional<std::string> &s) { return !s || s->empty(); }

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// UN/ECE Recommendation 20 and 21 codes are 2 or 3 upper-case letters or
// digits. This catches "pcs", "Stk" or "kg"; membership in the code list is
// left to the receiving validator.
bool unit_code_shape(std::string_view code) {
  return code.size() >= 2 && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
}

// Why an electronic address cannot be right for its scheme, or "" when it can.
// Checked are the schemes whose identifiers carry check digits that Peppol
// verifies: GLN (0088, GS1 mod 10) and the Belgian enterprise number (0208,
// mod 97); other schemes only need an identifier.
std::string endpoint_problem(const electronic_address &a) {
  if (a.scheme.empty() || a.id.empty()) return "scheme and identifier are both required (scheme:id)";
  if (a.scheme == "0088") {
    if (a.id.size() != 13 || !all_digits(a.id)) return "a GLN (scheme 0088) has 13 digits";
    int sum = 0;
    for (size_t i = 0; i < 12; ++i) sum += (a.id[11 - i] - '0') * (i % 2 == 0 ? 3 : 1);
    if ((10 - sum % 10) % 10 != a.id[12] - '0') return "the GLN's check digit is wrong (GS1)";
  } else if (a.scheme == "0208") {
    if (a.id.size() != 10 || !all_digits(a.id)) return "a Belgian enterprise number (scheme 0208) has 10 digits";
    long long head = std::stoll(a.id.substr(0, 8)), check = std::stoll(a.id.substr(8));
    if (97 - head % 97 != check) return "the enterprise number's check digits are wrong (mod 97)";
  }
  return "";
}

std::string amount(int64_t minor, const std::string &currency) {
  return core::format_minor(minor, core::is_currency(currency) ? core::currency_exponent(currency) : 2) + " " + currency;
}

}  // namespace

std::vector<finding> check_document(erp_document &e, const std::vector<std::string> &channels) {
  checker c;
  document &d = e.doc;
  const bool credit = d.type == document_type::credit_note;

  // ---- every channel: what EN 16931 itself requires -----------------------
  if (!core::is_currency(d.currency))
    c.error("BT-5 invoice currency", "BR-CL-04", "", "currency code '" + d.currency + "' is not an ISO 4217 code");
  if (d.buyer.country.empty())
    c.error("BT-55 buyer country", "BR-11", "", "the customer's address has no country; EN 16931 requires it");
  if (d.seller.country.empty())
    c.error("BT-40 seller country", "BR-9", "", "the company's address has no country");
  if (credit && blank(d.preceding_invoice))
    c.error("BT-25 preceding invoice reference", "arx", "",
            "a credit note must name the invoice it corrects; none is recorded in the ERP");
  bool needs_seller_vat = false, needs_buyer_vat = false;
  for (const auto &l : d.lines) {
    const std::string where = "line " + l.id;
    if (l.quantity < 0 && !credit)
      c.error("BT-129 invoiced quantity", "arx", "",
              where + ": negative quantity on an invoice; issue a credit note instead");
    if (l.unit_code.empty()) c.error("BT-130 unit of measure", "BR-23", "", where + ": no unit of measure");
    else if (!unit_code_shape(l.unit_code))
      c.error("BT-130 unit of measure", "BR-CL-23", "",
              where + ": unit code '" + l.unit_code +
                  "' is not a UN/ECE Recommendation 20 code (2 or 3 upper-case letters or digits, e.g. C62, HUR, KGM)");
    if (l.tax_category.empty()) c.error("BT-151 VAT category", "BR-CO-4", "", where + ": no VAT category");
    if (l.tax_category == "AE" || l.tax_category == "K") needs_seller_vat = needs_buyer_vat = true;
    if (l.tax_category == "S" || l.tax_category == "G" || l.tax_category == "Z" || l.tax_category == "E")
      needs_seller_vat = true;
  }
  if (needs_seller_vat && blank(d.seller.vat_id) && blank(d.seller.tax_registration_id))
    c.error("BT-31 seller VAT identifier", "BR-S-02", "", "the company has no VAT identifier");
  if (needs_buyer_vat && blank(d.buyer.vat_id)) {
    bool ae = std::any_of(d.lines.begin(), d.lines.end(), [](const line &l) { return l.tax_category == "AE"; });
    c.error("BT-48 buyer VAT identifier", ae ? "BR-AE-02" : "BR-IC-02", "",
            std::string("the customer has no VAT identifier, which ") +
                (ae ? "reverse charge (category AE)" : "an intra-community supply (category K)") + " requires");
  }
  if (std::none_of(c.out.begin(), c.out.end(), [](const finding &f) { return f.blocking; })) {
    try {
      compute_totals(d);
      const int sign = credit ? -1 : 1;
      auto compare = [&](const char *field, const char *rule, int64_t computed, int64_t stored) {
        if (sign * computed != stored)
          c.error(field, rule, "",
                  "the ERP holds " + amount(stored, d.currency) + ", the EN 16931 calculation gives " +
                      amount(sign * computed, d.currency));
      };
      compare("BT-109 total without VAT", "BR-CO-13", d.sums.tax_exclusive, e.stored.net);
      compare("BT-110 total VAT", "BR-CO-14", d.sums.tax, e.stored.tax);
      compare("BT-112 total with VAT", "BR-CO-15", d.sums.tax_inclusive, e.stored.gross);
      if (d.erp_tax_adopted)
        c.warning("BT-117 VAT category tax amount", "BR-S-09", "",
                  "the e-invoice states the VAT the ERP booked, " + amount(sign * d.sums.tax, d.currency) +
                      ", which the ERP rounded otherwise than EN 16931 (within the rule's tolerance)");
    } catch (const arx::error &err) {
      c.error("BG-25 invoice line", "BR-CO", "", err.what());
    }
  }

  // ---- per channel -----------------------------------------------------------
  // Peppol and XRechnung both deliver between electronic addresses
  // (PEPPOL-EN16931-R010/R020), which each channel names its own way.
  auto require_endpoints = [&](const char *channel, const std::string &address) {
    if (!d.buyer.endpoint)
      c.error("BT-49 buyer electronic address", "PEPPOL-EN16931-R010", channel,
              "the customer has no " + address + " (scheme:id)");
    if (!d.seller.endpoint)
      c.error("BT-34 seller electronic address", "PEPPOL-EN16931-R020", channel,
              "the company has no " + address + " (scheme:id)");
  };
  if (uses(channels, "peppol")) {
    if (blank(d.buyer_reference) && blank(d.order_reference))
      c.error("BT-10 buyer reference / BT-13 purchase order reference", "PEPPOL-EN16931-R003", "peppol",
              "Peppol needs the buyer's reference or purchase order number; the invoice has neither");
    if (blank(d.buyer_reference) && d.seller.country == "DE" && d.buyer.country == "DE")
      c.error("BT-10 buyer reference", "DE-R-015", "peppol",
              "between German companies Peppol needs the buyer reference (Leitweg-ID or the buyer's reference)");
    require_endpoints("peppol", "Peppol participant id");
    if (d.seller.country == "DE" && d.buyer.country == "DE" && (blank(d.buyer.city) || blank(d.buyer.postcode)))
      c.error("BT-52/BT-53 buyer city and post code", "DE-R-008/DE-R-009", "peppol",
              "between German companies Peppol needs the customer's city and post code");
  }
  if (uses(channels, "xrechnung")) {
    if (blank(d.buyer_reference))
      c.error("BT-10 buyer reference", "BR-DE-15", "xrechnung",
              "buyer reference (Leitweg-ID) missing: XRechnung requires it");
    if (blank(d.seller.city) || blank(d.seller.postcode))
      c.error("BT-37/BT-38 seller city and post code", "BR-DE-3/BR-DE-4", "xrechnung",
              "the company's address needs city and post code");
    if (blank(d.seller.contact_name))
      c.error("BT-41 seller contact point", "BR-DE-5", "xrechnung", "the company has no contact person");
    if (blank(d.seller.contact_phone))
      c.error("BT-42 seller contact telephone", "BR-DE-6", "xrechnung", "the company has no contact telephone");
    if (blank(d.seller.contact_email))
      c.error("BT-43 seller contact e-mail", "BR-DE-7", "xrechnung", "the company has no contact e-mail");
    if (blank(d.buyer.city) || blank(d.buyer.postcode))
      c.error("BT-52/BT-53 buyer city and post code", "BR-DE-8/BR-DE-9", "xrechnung",
              "the customer's address needs city and post code");
    require_endpoints("xrechnung", "electronic address");
    if (blank(d.payment.iban))
      c.error("BT-84 payment account", "BR-DE-23", "xrechnung", "the company has no IBAN for credit transfers");
  }
  // Peppol's rules (which XRechnung applies too) allow a line net to differ
  // from quantity x price by 0.02 at most: in a currency without minor unit
  // (JPY, KRW, ...) a product that is not a whole amount cannot comply.
  if ((uses(channels, "peppol") || uses(channels, "xrechnung")) && core::is_currency(d.currency) &&
      core::currency_exponent(d.currency) == 0) {
    for (const auto &l : d.lines) {
      // The fraction of |quantity x price| at scale 10^8, from the factors'
      // remainders (their product stays below 10^16, no overflow).
      constexpr uint64_t unit = 100000000;
      const uint64_t q = static_cast<uint64_t>(l.quantity < 0 ? -l.quantity : l.quantity) % unit;
      const uint64_t p = static_cast<uint64_t>(l.unit_price < 0 ? -l.unit_price : l.unit_price) % unit;
      const uint64_t frac = q * p % unit, off = frac < unit - frac ? frac : unit - frac;
      if (off > 2000000) // more than 0.02
        c.error("BT-131 line net amount", "PEPPOL-EN16931-R120", uses(channels, "peppol") ? "peppol" : "xrechnung",
                "line " + l.id + ": quantity x price is not a whole amount of " + d.currency +
                    ", so the rounded line amount differs by more than the 0.02 Peppol allows");
    }
  }

  // Electronic addresses that are given must be well-formed for every channel
  // that writes them.
  if (uses(channels, "peppol") || uses(channels, "xrechnung")) {
    const std::string ch = uses(channels, "peppol") ? "peppol" : "xrechnung";
    if (d.buyer.endpoint)
      if (auto p = endpoint_problem(*d.buyer.endpoint); !p.empty())
        c.error("BT-49 buyer electronic address", "PEPPOL-COMMON-R040/R043", ch,
                "the customer's electronic address " + d.buyer.endpoint->scheme + ":" + d.buyer.endpoint->id + ": " + p);
    if (d.seller.endpoint)
      if (auto p = endpoint_problem(*d.seller.endpoint); !p.empty())
        c.error("BT-34 seller electronic address", "PEPPOL-COMMON-R040/R043", ch,
                "the company's electronic address " + d.seller.endpoint->scheme + ":" + d.seller.endpoint->id + ": " + p);
  }
  if (uses(channels, "email") && blank(d.buyer.contact_email))
    c.error("BT-58 buyer e-mail", "arx", "email", "the customer has no e-mail address to send the invoice to");
  if (uses(channels, "print") && (blank(d.buyer.street) || blank(d.buyer.city) || blank(d.buyer.postcode)))
    c.error("BG-8 buyer postal address", "arx", "print", "the customer's postal address is incomplete for a letter");
  return c.out;
}

}  // namespace arx::einvoice
