#include "einvoice/ubl.hpp"

#include <pugixml.hpp>

#include <string>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace arx::einvoice {

namespace {

constexpr const char *ns_invoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
constexpr const char *ns_credit_note = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
constexpr const char *ns_cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr const char *ns_cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

struct string_sink final : pugi::xml_writer {
  std::string out;
  void write(const void *data, size_t size) override { out.append(static_cast<const char *>(data), size); }
};

// A scaled decimal with trailing zeros dropped, keeping at least `min_digits`
// fraction digits: (1234500, 4, 2) -> "123.45", (10000, 4, 0) -> "1".
std::string trimmed(int64_t value, int scale, int min_digits) {
  std::string s = core::format_scaled(value, scale);
  if (scale == 0) return s;
  const std::size_t dot = s.find('.');
  std::size_t keep = dot + 1 + static_cast<std::size_t>(min_digits);
  while (s.size() > keep && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string percent_text(int64_t hundredths) { return trimmed(hundredths, 2, 0); }

class ubl_writer {
public:
  explicit ubl_writer(const document &doc)
      : doc_(doc), cur_(doc.currency), exp_(core::currency_exponent(doc.currency)),
        credit_(doc.type == document_type::credit_note) {}

  std::string write() {
    if (doc_.vat.empty()) {
      invalid_argument("document " + doc_.number + " has no VAT breakdown: compute_totals() must run before write_ubl()");
    }
    pugi::xml_document xml;
    auto decl = xml.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = xml.append_child(credit_ ? "CreditNote" : "Invoice");
    root.append_attribute("xmlns") = credit_ ? ns_credit_note : ns_invoice;
    root.append_attribute("xmlns:cac") = ns_cac;
    root.append_attribute("xmlns:cbc") = ns_cbc;

    header(root);
    party_block(root.append_child("cac:AccountingSupplierParty"), doc_.seller, true);
    party_block(root.append_child("cac:AccountingCustomerParty"), doc_.buyer, false);
    delivery(root);
    payment(root);
    for (const auto &ac : doc_.allowances_charges) allowance(root, ac, true);
    tax_totals(root);
    monetary_total(root);
    for (const auto &l : doc_.lines) invoice_line(root, l);

    string_sink sink;
    sink.out.reserve(4096 + doc_.lines.size() * 1024);
    xml.save(sink, "  ", pugi::format_indent, pugi::encoding_utf8);
    return std::move(sink.out);
  }

private:
  // Appends <name>value</name>. Text is checked here, once, for what XML 1.0
  // cannot carry (as the CII writer does); the failure names the element path.
  pugi::xml_node text(pugi::xml_node parent, const char *name, std::string_view value) const {
    pugi::xml_node n = parent.append_child(name);
    check_text(n, {}, value);
    n.text().set(value.data(), value.size());
    return n;
  }

  // Sets an attribute whose value comes from the ERP (a scheme, a unit code),
  // checked like text.
  void attribute(pugi::xml_node node, const char *name, const std::string &value) const {
    check_text(node, name, value);
    node.append_attribute(name) = value.c_str();
  }

  // Refuses text that is not UTF-8 or holds a control character XML 1.0
  // forbids (all below U+0020 but tab, line feed and carriage return),
  // naming the element (and attribute) it was meant for.
  void check_text(pugi::xml_node node, std::string_view attribute_name, std::string_view value) const {
    const char *problem = core::xml_text_problem(value);
    if (!problem) return;
    std::string path;
    for (auto e = node; e && e.type() == pugi::node_element; e = e.parent()) path = std::string("/") + e.name() + path;
    if (!attribute_name.empty()) path += "/@" + std::string(attribute_name);
    invalid_argument("UBL writer, document '" + doc_.number + "': text for " + path + " " + problem);
  }

  pugi::xml_node amount(pugi::xml_node parent, const char *name, int64_t minor) const {
    pugi::xml_node n = text(parent, name, core::format_minor(minor, exp_));
    n.append_attribute("currencyID") = cur_.c_str();
    return n;
  }

  void header(pugi::xml_node root) {
    text(root, "cbc:CustomizationID", customization_id(doc_.spec));
    text(root, "cbc:ProfileID", profile_id(doc_.spec));
    text(root, "cbc:ID", doc_.number);
    text(root, "cbc:IssueDate", core::format_date(doc_.issue_date));
    if (!credit_ && doc_.due_date) text(root, "cbc:DueDate", core::format_date(*doc_.due_date));
    text(root, credit_ ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", credit_ ? "381" : "380");
    notes(root);
    text(root, "cbc:DocumentCurrencyCode", cur_);
    if (doc_.tax_currency) text(root, "cbc:TaxCurrencyCode", *doc_.tax_currency);
    if (doc_.buyer_reference) text(root, "cbc:BuyerReference", *doc_.buyer_reference);
    if (doc_.order_reference) text(root.append_child("cac:OrderReference"), "cbc:ID", *doc_.order_reference);
    if (doc_.preceding_invoice) {
      pugi::xml_node ref = root.append_child("cac:BillingReference").append_child("cac:InvoiceDocumentReference");
      text(ref, "cbc:ID", *doc_.preceding_invoice);
      if (doc_.preceding_invoice_date) text(ref, "cbc:IssueDate", core::format_date(*doc_.preceding_invoice_date));
    }
    if (doc_.contract_reference) text(root.append_child("cac:ContractDocumentReference"), "cbc:ID", *doc_.contract_reference);
  }

  void notes(pugi::xml_node root) {
    if (doc_.notes.empty()) return;
    const bool both_german = doc_.seller.country == "DE" && doc_.buyer.country == "DE";
    if (doc_.spec == specification::peppol_bis3 && doc_.notes.size() > 1 && !both_german) {
      std::string joined;
      for (const auto &n : doc_.notes) {
        if (!joined.empty()) joined += '\n';
        joined += n;
      }
      text(root, "cbc:Note", joined);
      return;
    }
    for (const auto &n : doc_.notes) text(root, "cbc:Note", n);
  }

  void address(pugi::xml_node parent, const party &p) const {
    if (p.street) text(parent, "cbc:StreetName", *p.street);
    if (p.city) text(parent, "cbc:CityName", *p.city);
    if (p.postcode) text(parent, "cbc:PostalZone", *p.postcode);
    text(parent.append_child("cac:Country"), "cbc:IdentificationCode", p.country);
  }

  void tax_scheme(pugi::xml_node parent, const char *id) const {
    text(parent.append_child("cac:TaxScheme"), "cbc:ID", id);
  }

  void party_block(pugi::xml_node outer, const party &p, bool seller) {
    pugi::xml_node party = outer.append_child("cac:Party");
    if (p.endpoint) {
      pugi::xml_node e = text(party, "cbc:EndpointID", p.endpoint->id);
      attribute(e, "schemeID", p.endpoint->scheme);
    }
    if (p.trading_name) text(party.append_child("cac:PartyName"), "cbc:Name", *p.trading_name);
    address(party.append_child("cac:PostalAddress"), p);
    if (p.vat_id) {
      pugi::xml_node s = party.append_child("cac:PartyTaxScheme");
      text(s, "cbc:CompanyID", *p.vat_id);
      tax_scheme(s, "VAT");
    }
    if (seller && p.tax_registration_id) {
      pugi::xml_node s = party.append_child("cac:PartyTaxScheme");
      text(s, "cbc:CompanyID", *p.tax_registration_id);
      tax_scheme(s, "TAX");
    }
    pugi::xml_node legal = party.append_child("cac:PartyLegalEntity");
    text(legal, "cbc:RegistrationName", p.name);
    if (p.legal_id) {
      pugi::xml_node id = text(legal, "cbc:CompanyID", *p.legal_id);
      if (p.legal_id_scheme) attribute(id, "schemeID", *p.legal_id_scheme);
    }
    if (p.contact_name || p.contact_phone || p.contact_email) {
      pugi::xml_node c = party.append_child("cac:Contact");
      if (p.contact_name) text(c, "cbc:Name", *p.contact_name);
      if (p.contact_phone) text(c, "cbc:Telephone", *p.contact_phone);
      if (p.contact_email) text(c, "cbc:ElectronicMail", *p.contact_email);
    }
  }

  void delivery(pugi::xml_node root) {
    if (!doc_.delivery_date && !doc_.deliver_to) return;
    pugi::xml_node d = root.append_child("cac:Delivery");
    if (doc_.delivery_date) text(d, "cbc:ActualDeliveryDate", core::format_date(*doc_.delivery_date));
    if (doc_.deliver_to) {
      address(d.append_child("cac:DeliveryLocation").append_child("cac:Address"), *doc_.deliver_to);
      if (!doc_.deliver_to->name.empty()) {
        text(d.append_child("cac:DeliveryParty").append_child("cac:PartyName"), "cbc:Name", doc_.deliver_to->name);
      }
    }
  }

  void payment(pugi::xml_node root) {
    const payment_instructions &p = doc_.payment;
    if (!p.means_code.empty()) {
      pugi::xml_node m = root.append_child("cac:PaymentMeans");
      text(m, "cbc:PaymentMeansCode", p.means_code);
      if (credit_ && doc_.due_date) text(m, "cbc:PaymentDueDate", core::format_date(*doc_.due_date));
      if (p.remittance) text(m, "cbc:PaymentID", *p.remittance);
      if (p.iban) {
        pugi::xml_node a = m.append_child("cac:PayeeFinancialAccount");
        text(a, "cbc:ID", *p.iban);
        if (p.account_name) text(a, "cbc:Name", *p.account_name);
        if (p.bic) text(a.append_child("cac:FinancialInstitutionBranch"), "cbc:ID", *p.bic);
      }
    }
    if (p.terms) text(root.append_child("cac:PaymentTerms"), "cbc:Note", *p.terms);
  }

  void category(pugi::xml_node parent, const char *name, const std::string &id, const std::optional<int64_t> &percent,
                const vat_breakdown *breakdown = nullptr) {
    pugi::xml_node c = parent.append_child(name);
    text(c, "cbc:ID", id);
    // A breakdown row always states its rate (XRechnung BR-DE-14); category O
    // has none, so it is written as 0 there and left out on lines and
    // allowances/charges (BR-O-05..07).
    if (percent) text(c, "cbc:Percent", percent_text(*percent));
    else if (breakdown) text(c, "cbc:Percent", "0");
    if (breakdown) {
      if (breakdown->exemption_reason_code) text(c, "cbc:TaxExemptionReasonCode", *breakdown->exemption_reason_code);
      if (breakdown->exemption_reason) text(c, "cbc:TaxExemptionReason", *breakdown->exemption_reason);
    }
    tax_scheme(c, "VAT");
  }

  void allowance(pugi::xml_node parent, const allowance_charge &ac, bool document_level) {
    pugi::xml_node a = parent.append_child("cac:AllowanceCharge");
    text(a, "cbc:ChargeIndicator", ac.is_charge ? "true" : "false");
    if (ac.reason_code) text(a, "cbc:AllowanceChargeReasonCode", *ac.reason_code);
    if (ac.reason) text(a, "cbc:AllowanceChargeReason", *ac.reason);
    if (ac.percent) text(a, "cbc:MultiplierFactorNumeric", percent_text(*ac.percent));
    amount(a, "cbc:Amount", ac.amount);
    if (ac.base_amount) amount(a, "cbc:BaseAmount", *ac.base_amount);
    if (document_level) category(a, "cac:TaxCategory", ac.tax_category, ac.tax_percent);
  }

  void tax_totals(pugi::xml_node root) {
    pugi::xml_node t = root.append_child("cac:TaxTotal");
    amount(t, "cbc:TaxAmount", doc_.sums.tax);
    for (const auto &v : doc_.vat) {
      pugi::xml_node s = t.append_child("cac:TaxSubtotal");
      amount(s, "cbc:TaxableAmount", v.taxable_amount);
      amount(s, "cbc:TaxAmount", v.tax_amount);
      category(s, "cac:TaxCategory", v.category, v.percent, &v);
    }
    if (doc_.tax_currency && doc_.sums.tax_in_tax_currency) {
      pugi::xml_node t2 = root.append_child("cac:TaxTotal");
      const int e = core::currency_exponent(*doc_.tax_currency);
      pugi::xml_node n = text(t2, "cbc:TaxAmount", core::format_minor(*doc_.sums.tax_in_tax_currency, e));
      attribute(n, "currencyID", *doc_.tax_currency);
    }
  }

  void monetary_total(pugi::xml_node root) {
    const totals &s = doc_.sums;
    pugi::xml_node m = root.append_child("cac:LegalMonetaryTotal");
    amount(m, "cbc:LineExtensionAmount", s.line_net);
    amount(m, "cbc:TaxExclusiveAmount", s.tax_exclusive);
    amount(m, "cbc:TaxInclusiveAmount", s.tax_inclusive);
    bool any_allowance = false, any_charge = false;
    for (const auto &ac : doc_.allowances_charges) (ac.is_charge ? any_charge : any_allowance) = true;
    if (any_allowance) amount(m, "cbc:AllowanceTotalAmount", s.allowances);
    if (any_charge) amount(m, "cbc:ChargeTotalAmount", s.charges);
    if (s.prepaid != 0) amount(m, "cbc:PrepaidAmount", s.prepaid);
    if (s.rounding != 0) amount(m, "cbc:PayableRoundingAmount", s.rounding);
    amount(m, "cbc:PayableAmount", s.payable);
  }

  void invoice_line(pugi::xml_node root, const line &l) {
    pugi::xml_node n = root.append_child(credit_ ? "cac:CreditNoteLine" : "cac:InvoiceLine");
    text(n, "cbc:ID", l.id);
    pugi::xml_node q = text(n, credit_ ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", trimmed(l.quantity, 4, 0));
    attribute(q, "unitCode", l.unit_code);
    amount(n, "cbc:LineExtensionAmount", l.net_amount);
    if (l.order_line_reference) text(n.append_child("cac:OrderLineReference"), "cbc:LineID", *l.order_line_reference);
    for (const auto &ac : l.allowances_charges) allowance(n, ac, false);
    pugi::xml_node item = n.append_child("cac:Item");
    if (l.description) text(item, "cbc:Description", *l.description);
    text(item, "cbc:Name", l.name);
    category(item, "cac:ClassifiedTaxCategory", l.tax_category, l.tax_percent);
    pugi::xml_node price = n.append_child("cac:Price");
    pugi::xml_node pa = text(price, "cbc:PriceAmount", trimmed(l.unit_price, 4, exp_));
    pa.append_attribute("currencyID") = cur_.c_str();
  }

  const document &doc_;
  const std::string &cur_;
  int exp_;
  bool credit_;
};

}  // namespace

std::string_view customization_id(specification spec) noexcept {
  switch (spec) {
  case specification::peppol_bis3:
    return "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
  case specification::xrechnung_3:
    return "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
  case specification::en16931:
    break;
  }
  return "urn:cen.eu:en16931:2017";
}

std::string_view profile_id(specification) noexcept { return "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"; }

std::string write_ubl(const document &doc) { return ubl_writer(doc).write(); }

}  // namespace arx::einvoice
