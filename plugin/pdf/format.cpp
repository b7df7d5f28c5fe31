#include "pdf/format.hpp"

#include <array>

#include "core/error.hpp"
#include "core/money.hpp"
#include "einvoice/compute.hpp"

namespace arx::pdf {
namespace {

const labels german{
    .code = "de",
    .group_separator = '.',
    .decimal_separator = ',',
    .invoice = "Rechnung",
    .credit_note = "Gutschrift",
    .statement = "Kontoauszug",
    .page_of = "Seite {1} von {2}",
    .continued = "Fortsetzung",
    .number = "Nummer",
    .invoice_number = "Rechnungsnummer",
    .credit_note_number = "Gutschriftsnummer",
    .issue_date = "Datum",
    .due_date = "Fällig am",
    .delivery_date = "Lieferdatum",
    .buyer_reference = "Ihre Referenz",
    .order_reference = "Bestellnummer",
    .contract_reference = "Vertrag",
    .preceding_invoice = "Zu Rechnung",
    .preceding_invoice_of = "{1} vom {2}",
    .customer_number = "Kundennummer",
    .as_of = "Stand",
    .currency = "Währung",
    .vat_id = "USt-IdNr.",
    .tax_number = "Steuernummer",
    .legal_id = "Registernummer",
    .contact = "Ansprechpartner",
    .phone = "Telefon",
    .email = "E-Mail",
    .recipient = "Empfänger",
    .pos = "Pos.",
    .description = "Bezeichnung",
    .quantity = "Menge",
    .unit = "Einheit",
    .unit_price = "Einzelpreis",
    .vat_percent = "USt.",
    .net_amount = "Netto",
    .allowance = "Nachlass",
    .charge = "Zuschlag",
    .order_line = "Bestellposition {1}",
    .amounts_in = "Beträge in {1}",
    .allowances_charges = "Nachlässe und Zuschläge",
    .vat_breakdown = "Umsatzsteuer",
    .vat_category = "Kategorie",
    .vat_rate = "Satz",
    .taxable_amount = "Bemessungsgrundlage",
    .vat_amount = "Steuerbetrag",
    .exemption_reason = "Befreiungsgrund",
    .sum_lines = "Summe Positionen",
    .sum_allowances = "Nachlässe",
    .sum_charges = "Zuschläge",
    .total_net = "Gesamt netto",
    .total_vat = "Umsatzsteuer",
    .total_gross = "Gesamt brutto",
    .prepaid = "Bereits gezahlt",
    .rounding = "Rundung",
    .payable = "Zahlbetrag",
    .credited = "Gutschriftsbetrag",
    .payment = "Zahlung",
    .iban = "IBAN",
    .bic = "BIC",
    .account_name = "Kontoinhaber",
    .payment_reference = "Verwendungszweck",
    .payment_terms = "Zahlungsbedingungen",
    .pay_by = "Bitte überweisen Sie {1} bis zum {2} unter Angabe des Verwendungszwecks {3}.",
    .pay_now = "Bitte überweisen Sie {1} unter Angabe des Verwendungszwecks {2}.",
    .credit_sentence = "Wir schreiben Ihnen {1} gut ({2}).",
    .notes = "Hinweise",
    .statement_intro = "Offene Posten Ihres Kontos, Stand {1}.",
    .kind = "Art",
    .kind_invoice = "Rechnung",
    .kind_credit_note = "Gutschrift",
    .kind_fee = "Gebühr",
    .days_overdue = "Tage überfällig",
    .original_amount = "Ursprungsbetrag",
    .open_amount = "Offen",
    .total_open = "Summe offen",
    .total_overdue = "Davon überfällig",
    .no_open_items = "Keine offenen Posten.",
    .statement_pay = "Bitte überweisen Sie den überfälligen Betrag von {1} auf das unten genannte Konto.",
    .statement_ok = "Es sind keine Beträge überfällig.",
};

const labels english{
    .code = "en",
    .group_separator = ',',
    .decimal_separator = '.',
    .invoice = "Invoice",
    .credit_note = "Credit note",
    .statement = "Statement of account",
    .page_of = "Page {1} of {2}",
    .continued = "continued",
    .number = "Number",
    .invoice_number = "Invoice number",
    .credit_note_number = "Credit note number",
    .issue_date = "Date",
    .due_date = "Due date",
    .delivery_date = "Delivery date",
    .buyer_reference = "Your reference",
    .order_reference = "Order number",
    .contract_reference = "Contract",
    .preceding_invoice = "For invoice",
    .preceding_invoice_of = "{1} of {2}",
    .customer_number = "Customer number",
    .as_of = "As of",
    .currency = "Currency",
    .vat_id = "VAT number",
    .tax_number = "Tax number",
    .legal_id = "Registration number",
    .contact = "Contact",
    .phone = "Phone",
    .email = "E-mail",
    .recipient = "Bill to",
    .pos = "Pos.",
    .description = "Description",
    .quantity = "Quantity",
    .unit = "Unit",
    .unit_price = "Unit price",
    .vat_percent = "VAT",
    .net_amount = "Net",
    .allowance = "Discount",
    .charge = "Charge",
    .order_line = "Order line {1}",
    .amounts_in = "Amounts in {1}",
    .allowances_charges = "Discounts and charges",
    .vat_breakdown = "VAT",
    .vat_category = "Category",
    .vat_rate = "Rate",
    .taxable_amount = "Taxable amount",
    .vat_amount = "VAT amount",
    .exemption_reason = "Exemption reason",
    .sum_lines = "Sum of lines",
    .sum_allowances = "Discounts",
    .sum_charges = "Charges",
    .total_net = "Total net",
    .total_vat = "VAT",
    .total_gross = "Total gross",
    .prepaid = "Paid in advance",
    .rounding = "Rounding",
    .payable = "Amount due",
    .credited = "Amount credited",
    .payment = "Payment",
    .iban = "IBAN",
    .bic = "BIC",
    .account_name = "Account holder",
    .payment_reference = "Payment reference",
    .payment_terms = "Payment terms",
    .pay_by = "Please transfer {1} by {2}, quoting the payment reference {3}.",
    .pay_now = "Please transfer {1}, quoting the payment reference {2}.",
    .credit_sentence = "We credit you {1} ({2}).",
    .notes = "Notes",
    .statement_intro = "Open items on your account as of {1}.",
    .kind = "Type",
    .kind_invoice = "Invoice",
    .kind_credit_note = "Credit note",
    .kind_fee = "Fee",
    .days_overdue = "Days overdue",
    .original_amount = "Original amount",
    .open_amount = "Open",
    .total_open = "Total open",
    .total_overdue = "Of which overdue",
    .no_open_items = "No open items.",
    .statement_pay = "Please transfer the overdue amount of {1} to the account below.",
    .statement_ok = "Nothing is overdue.",
};

const labels dutch{
    .code = "nl",
    .group_separator = '.',
    .decimal_separator = ',',
    .invoice = "Factuur",
    .credit_note = "Creditnota",
    .statement = "Rekeningoverzicht",
    .page_of = "Pagina {1} van {2}",
    .continued = "vervolg",
    .number = "Nummer",
    .invoice_number = "Factuurnummer",
    .credit_note_number = "Creditnotanummer",
    .issue_date = "Datum",
    .due_date = "Vervaldatum",
    .delivery_date = "Leverdatum",
    .buyer_reference = "Uw referentie",
    .order_reference = "Ordernummer",
    .contract_reference = "Contract",
    .preceding_invoice = "Bij factuur",
    .preceding_invoice_of = "{1} van {2}",
    .customer_number = "Klantnummer",
    .as_of = "Stand per",
    .currency = "Valuta",
    .vat_id = "Btw-nummer",
    .tax_number = "Fiscaal nummer",
    .legal_id = "KvK-nummer",
    .contact = "Contactpersoon",
    .phone = "Telefoon",
    .email = "E-mail",
    .recipient = "Factuuradres",
    .pos = "Pos.",
    .description = "Omschrijving",
    .quantity = "Aantal",
    .unit = "Eenheid",
    .unit_price = "Prijs per eenheid",
    .vat_percent = "Btw",
    .net_amount = "Netto",
    .allowance = "Korting",
    .charge = "Toeslag",
    .order_line = "Orderregel {1}",
    .amounts_in = "Bedragen in {1}",
    .allowances_charges = "Kortingen en toeslagen",
    .vat_breakdown = "Btw",
    .vat_category = "Categorie",
    .vat_rate = "Tarief",
    .taxable_amount = "Grondslag",
    .vat_amount = "Btw-bedrag",
    .exemption_reason = "Reden vrijstelling",
    .sum_lines = "Totaal regels",
    .sum_allowances = "Kortingen",
    .sum_charges = "Toeslagen",
    .total_net = "Totaal excl. btw",
    .total_vat = "Btw",
    .total_gross = "Totaal incl. btw",
    .prepaid = "Reeds betaald",
    .rounding = "Afronding",
    .payable = "Te betalen",
    .credited = "Gecrediteerd bedrag",
    .payment = "Betaling",
    .iban = "IBAN",
    .bic = "BIC",
    .account_name = "Rekeninghouder",
    .payment_reference = "Betalingskenmerk",
    .payment_terms = "Betalingsvoorwaarden",
    .pay_by = "Gelieve {1} vóór {2} over te maken onder vermelding van betalingskenmerk {3}.",
    .pay_now = "Gelieve {1} over te maken onder vermelding van betalingskenmerk {2}.",
    .credit_sentence = "Wij crediteren u {1} ({2}).",
    .notes = "Opmerkingen",
    .statement_intro = "Openstaande posten op uw rekening per {1}.",
    .kind = "Soort",
    .kind_invoice = "Factuur",
    .kind_credit_note = "Creditnota",
    .kind_fee = "Kosten",
    .days_overdue = "Dagen te laat",
    .original_amount = "Oorspronkelijk bedrag",
    .open_amount = "Openstaand",
    .total_open = "Totaal openstaand",
    .total_overdue = "Waarvan vervallen",
    .no_open_items = "Geen openstaande posten.",
    .statement_pay = "Gelieve het vervallen bedrag van {1} over te maken op de onderstaande rekening.",
    .statement_ok = "Er zijn geen vervallen bedragen.",
};

std::string group_digits(std::string_view digits, char separator) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

}  // namespace

bool is_language(std::string_view language) noexcept {
  return language == "de" || language == "en" || language == "nl";
}

const labels &labels_for(std::string_view language) {
  if (language == "de") return german;
  if (language == "en") return english;
  if (language == "nl") return dutch;
  invalid_argument("unsupported document language '" + std::string(language) + "' (de, en, nl)");
}

std::string fill(std::string_view pattern, std::string_view v1, std::string_view v2, std::string_view v3) {
  const std::array<std::string_view, 3> values{v1, v2, v3};
  std::string out;
  out.reserve(pattern.size() + v1.size() + v2.size() + v3.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '1' &&
        pattern[i + 1] <= '3') {
      out += values[static_cast<size_t>(pattern[i + 1] - '1')];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string localize_number(std::string_view plain, const labels &l) {
  std::string out;
  if (!plain.empty() && (plain[0] == '-' || plain[0] == '+')) {
    if (plain[0] == '-') out += '-';
    plain.remove_prefix(1);
  }
  const auto point = plain.find('.');
  out += group_digits(plain.substr(0, point), l.group_separator);
  if (point != std::string_view::npos) {
    out += l.decimal_separator;
    out += plain.substr(point + 1);
  }
  return out;
}

std::string format_amount(int64_t minor, std::string_view currency, const labels &l, bool with_code) {
  std::string s = localize_number(core::format_minor(minor, core::currency_exponent(currency)), l);
  if (with_code) {
    s += ' ';
    s += currency;
  }
  return s;
}

std::string format_decimal4(int64_t value_e4, int min_decimals, const labels &l) {
  std::string plain = core::format_scaled(value_e4, 4);
  const auto point = plain.find('.');
  size_t keep = plain.size();
  const size_t min_end = point + 1 + static_cast<size_t>(min_decimals);
  while (keep > min_end && plain[keep - 1] == '0') --keep;
  if (keep == point + 1) keep = point;  // no decimals left: drop the point
  plain.resize(keep);
  return localize_number(plain, l);
}

std::string format_percent(int64_t hundredths, const labels &l) {
  std::string plain = core::format_scaled(hundredths, 2);
  while (plain.back() == '0') plain.pop_back();
  if (plain.back() == '.') plain.pop_back();
  return localize_number(plain, l) + (l.code == std::string_view("en") ? "%" : " %");
}

std::string format_date(core::date d, const labels &l) {
  const std::string iso = core::format_date(d);  // YYYY-MM-DD, validated
  const std::string_view y(iso.data(), 4), m(iso.data() + 5, 2), day(iso.data() + 8, 2);
  const std::string_view code = l.code;
  if (code == "de") return std::string(day) + "." + std::string(m) + "." + std::string(y);
  if (code == "nl") return std::string(day) + "-" + std::string(m) + "-" + std::string(y);
  static constexpr std::array<const char *, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned month = static_cast<unsigned>(d.month());
  return std::to_string(static_cast<unsigned>(d.day())) + " " + months[month - 1] + " " + std::string(y);
}

std::string unit_name(std::string_view code, const labels &l) {
  struct unit {
    const char *code, *de, *en, *nl;
  };
  static constexpr std::array<unit, 14> units{{
      {"C62", "Stk", "pcs", "st"},   {"H87", "Stk", "pcs", "st"}, {"EA", "Stk", "ea", "st"},
      {"HUR", "Std", "h", "uur"},    {"DAY", "Tag", "day", "dag"}, {"MON", "Monat", "month", "maand"},
      {"ANN", "Jahr", "year", "jaar"}, {"KGM", "kg", "kg", "kg"},  {"MTR", "m", "m", "m"},
      {"LTR", "l", "l", "l"},        {"MTK", "m²", "m²", "m²"},   {"KMT", "km", "km", "km"},
      {"SET", "Satz", "set", "set"}, {"LS", "pauschal", "lump sum", "forfait"},
  }};
  for (const auto &u : units)
    if (code == u.code) return l.code[0] == 'd' ? u.de : l.code[0] == 'e' ? u.en : u.nl;
  return std::string(code);
}

std::string vat_category_name(std::string_view category, const labels &l) {
  struct cat {
    const char *code, *de, *en, *nl;
  };
  static constexpr std::array<cat, 9> cats{{
      {"S", "Regelsteuersatz", "Standard rate", "Standaardtarief"},
      {"Z", "Nullsatz", "Zero rate", "Nultarief"},
      {"E", "Steuerbefreit", "Exempt", "Vrijgesteld"},
      {"AE", "Steuerschuldnerschaft des Leistungsempfängers", "Reverse charge", "Btw verlegd"},
      {"K", "Innergemeinschaftliche Lieferung", "Intra-community supply", "Intracommunautaire levering"},
      {"G", "Ausfuhr", "Export outside the EU", "Export buiten de EU"},
      {"O", "Nicht steuerbar", "Not subject to VAT", "Niet onderworpen aan btw"},
      {"L", "IGIC (Kanaren)", "IGIC (Canary Islands)", "IGIC (Canarische Eilanden)"},
      {"M", "IPSI (Ceuta, Melilla)", "IPSI (Ceuta, Melilla)", "IPSI (Ceuta, Melilla)"},
  }};
  for (const auto &c : cats)
    if (category == c.code) return l.code[0] == 'd' ? c.de : l.code[0] == 'e' ? c.en : c.nl;
  return std::string(category);
}

std::string exemption_text(std::string_view category, std::string_view reason, const labels &l) {
  if (reason.empty()) return {};
  if (reason == einvoice::default_exemption(category).reason) {
    if (category == "E")
      return l.code[0] == 'd' ? "Steuerfrei" : l.code[0] == 'e' ? "Exempt from VAT" : "Vrijgesteld van btw";
    return vat_category_name(category, l);
  }
  return std::string(reason);
}

}  // namespace arx::pdf
