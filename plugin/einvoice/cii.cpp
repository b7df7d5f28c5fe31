// The CII D16B writer. Each function below writes one aggregate of the
// schema; within a function the elements are appended in the order of the
// aggregate's xsd:sequence in CrossIndustryInvoice_ReusableAggregate-
// BusinessInformationEntity_100pD16B.xsd, which is what the schema checks.
// Business terms are named in the comments (BT-n), so a reader can go from a
// validator finding to the line that writes it.
#include "einvoice/cii.hpp"
#include "einvoice/ubl.hpp"

#include <pugixml.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"

namespace arx::einvoice {
namespace {

constexpr const char *ns_rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
constexpr const char *ns_ram =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
constexpr const char *ns_udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
constexpr const char *ns_qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

// An optional text counts as present only when it has characters: ERP
// columns often hold '' where NULL is meant, and an empty element is an error
// for the validators (PEPPOL-EN16931-R008).
bool has(const std::optional<std::string> &value) { return value && !value->empty(); }

// The specification identifier (BT-24), the same as UBL's CustomizationID.
std::string specification_id(specification spec, std::string_view number) {
  if (spec == specification::peppol_bis3)
    invalid_argument("CII writer, document '" + std::string(number) +
                     "': specification peppol_bis3 is written as UBL; CII is written for "
                     "xrechnung_3 and en16931");
  return std::string(customization_id(spec));
}

// Decimal text without trailing fraction zeros: 10.5000 -> "10.5",
// 19.00 -> "19". The value stays exact; only redundant digits go.
std::string trimmed(int64_t value, int scale) {
  std::string s = core::format_scaled(value, scale);
  if (scale > 0) {
    size_t end = s.size();
    while (s[end - 1] == '0')
      --end;
    if (s[end - 1] == '.')
      --end;
    s.resize(end);
  }
  return s;
}

// CII date format 102: CCYYMMDD.
std::string date_102(const core::date &d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

struct string_sink final : pugi::xml_writer {
  std::string out;
  void write(const void *data, size_t size) override {
    out.append(static_cast<const char *>(data), size);
  }
};

class cii_writer {
public:
  explicit cii_writer(const document &doc)
      : doc_(doc), exp_(currency_exponent_of(doc.currency, "invoice currency (BT-5)")) {}

  std::string write() {
    const std::string spec_id = specification_id(doc_.spec, doc_.number);
    check_tax_currency();

    pugi::xml_document xml;
    auto decl = xml.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";

    auto root = xml.append_child("rsm:CrossIndustryInvoice");
    root.append_attribute("xmlns:rsm") = ns_rsm;
    root.append_attribute("xmlns:ram") = ns_ram;
    root.append_attribute("xmlns:udt") = ns_udt;
    root.append_attribute("xmlns:qdt") = ns_qdt;

    auto context = root.append_child("rsm:ExchangedDocumentContext");
    // BT-23, the business process. XRechnung's CII rules require one (its
    // PEPPOL-EN16931-R001); arx invoices follow the Peppol billing process.
    if (doc_.spec == specification::xrechnung_3)
      text(context.append_child("ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID",
           std::string(profile_id(doc_.spec)));
    text(context.append_child("ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID",
         spec_id); // BT-24

    exchanged_document(root.append_child("rsm:ExchangedDocument"));

    auto transaction = root.append_child("rsm:SupplyChainTradeTransaction");
    for (const auto &l : doc_.lines)
      line_item(transaction.append_child("ram:IncludedSupplyChainTradeLineItem"), l);
    header_agreement(transaction.append_child("ram:ApplicableHeaderTradeAgreement"));
    header_delivery(transaction.append_child("ram:ApplicableHeaderTradeDelivery"));
    header_settlement(transaction.append_child("ram:ApplicableHeaderTradeSettlement"));

    string_sink sink;
    sink.out.reserve(4096 + 2048 * doc_.lines.size());
    xml.save(sink, "  ", pugi::format_indent, pugi::encoding_utf8);
    return std::move(sink.out);
  }

private:
  int currency_exponent_of(const std::string &code, const char *what) const {
    if (!core::is_currency(code))
      invalid_argument("CII writer, document '" + doc_.number + "': " + what + " '" + code +
                       "' is not an ISO 4217 currency code");
    return core::currency_exponent(code);
  }

  void check_tax_currency() {
    if (!has(doc_.tax_currency))
      return;
    tax_exp_ = currency_exponent_of(*doc_.tax_currency, "VAT accounting currency (BT-6)");
    if (!doc_.sums.tax_in_tax_currency)
      invalid_argument("CII writer, document '" + doc_.number + "': VAT accounting currency " +
                       *doc_.tax_currency +
                       " is set but the VAT total in that currency (BT-111) is not computed");
  }

  // ------------------------------------------------------------ primitives

  // Appends <name>value</name>. Text is checked here, once, for what XML 1.0
  // cannot carry; the failure names the element path.
  pugi::xml_node text(pugi::xml_node parent, const char *name, std::string_view value) {
    auto node = parent.append_child(name);
    check_text(node, value);
    node.text().set(value.data(), value.size());
    return node;
  }

  void check_text(pugi::xml_node node, std::string_view value) const {
    const char *problem = core::xml_text_problem(value);
    if (!problem)
      return;
    std::string path;
    for (auto n = node; n && n.type() == pugi::node_element; n = n.parent())
      path = std::string("/") + n.name() + path;
    invalid_argument("CII writer, document '" + doc_.number + "': text for " + path + " " +
                     problem);
  }

  void amount(pugi::xml_node parent, const char *name, int64_t minor) {
    parent.append_child(name).text().set(core::format_minor(minor, exp_).c_str());
  }

  void amount_with_currency(pugi::xml_node parent, const char *name, int64_t minor, int exponent,
                            const std::string &currency) {
    auto node = parent.append_child(name);
    node.append_attribute("currencyID") = currency.c_str();
    node.text().set(core::format_minor(minor, exponent).c_str());
  }

  static void percent(pugi::xml_node parent, const char *name, int64_t hundredths) {
    parent.append_child(name).text().set(trimmed(hundredths, 2).c_str());
  }

  // A udt:DateTimeType (or, with qualified = true, a qdt:FormattedDateTimeType).
  void date(pugi::xml_node parent, const char *name, const core::date &d, bool qualified = false) {
    if (!d.ok() || d.year() < std::chrono::year(1) || d.year() > std::chrono::year(9999))
      invalid_argument("CII writer, document '" + doc_.number + "': " + name +
                       " is not a valid calendar date");
    auto s = parent.append_child(name).append_child(qualified ? "qdt:DateTimeString"
                                                              : "udt:DateTimeString");
    s.append_attribute("format") = "102";
    s.text().set(date_102(d).c_str());
  }

  static void indicator(pugi::xml_node parent, const char *name, bool value) {
    parent.append_child(name).append_child("udt:Indicator").text().set(value ? "true" : "false");
  }

  // ------------------------------------------------------------ aggregates

  void exchanged_document(pugi::xml_node node) {
    text(node, "ram:ID", doc_.number);                                                   // BT-1
    text(node, "ram:TypeCode", doc_.type == document_type::credit_note ? "381" : "380"); // BT-3
    date(node, "ram:IssueDateTime", doc_.issue_date);                                    // BT-2
    for (const auto &note : doc_.notes) // BG-1 / BT-22
      text(node.append_child("ram:IncludedNote"), "ram:Content", note);
  }

  void line_item(pugi::xml_node node, const line &l) {
    text(node.append_child("ram:AssociatedDocumentLineDocument"), "ram:LineID", l.id); // BT-126

    auto product = node.append_child("ram:SpecifiedTradeProduct");
    text(product, "ram:Name", l.name); // BT-153
    if (has(l.description))
      text(product, "ram:Description", *l.description); // BT-154

    auto agreement = node.append_child("ram:SpecifiedLineTradeAgreement");
    if (has(l.order_line_reference)) // BT-132
      text(agreement.append_child("ram:BuyerOrderReferencedDocument"), "ram:LineID",
           *l.order_line_reference);
    agreement.append_child("ram:NetPriceProductTradePrice")
        .append_child("ram:ChargeAmount")
        .text()
        .set(trimmed(l.unit_price, 4).c_str()); // BT-146

    auto quantity = node.append_child("ram:SpecifiedLineTradeDelivery")
                        .append_child("ram:BilledQuantity"); // BT-129, BT-130
    quantity.append_attribute("unitCode") = l.unit_code.c_str();
    quantity.text().set(trimmed(l.quantity, 4).c_str());

    auto settlement = node.append_child("ram:SpecifiedLineTradeSettlement");
    auto tax = settlement.append_child("ram:ApplicableTradeTax");
    tax.append_child("ram:TypeCode").text().set("VAT");
    text(tax, "ram:CategoryCode", l.tax_category); // BT-151
    if (l.tax_percent)
      percent(tax, "ram:RateApplicablePercent", *l.tax_percent); // BT-152
    for (const auto &ac : l.allowances_charges)                  // BG-27 / BG-28
      allowance_charge_node(settlement.append_child("ram:SpecifiedTradeAllowanceCharge"), ac,
                            false);
    amount(settlement.append_child("ram:SpecifiedTradeSettlementLineMonetarySummation"),
           "ram:LineTotalAmount", l.net_amount); // BT-131
  }

  // BG-20/21 (document level, with the VAT category it falls under) and
  // BG-27/28 (line level, without).
  void allowance_charge_node(pugi::xml_node node, const allowance_charge &ac, bool document_level) {
    indicator(node, "ram:ChargeIndicator", ac.is_charge);
    if (ac.percent)
      percent(node, "ram:CalculationPercent", *ac.percent);
    if (ac.base_amount)
      amount(node, "ram:BasisAmount", *ac.base_amount);
    amount(node, "ram:ActualAmount", ac.amount);
    if (has(ac.reason_code))
      text(node, "ram:ReasonCode", *ac.reason_code);
    if (has(ac.reason))
      text(node, "ram:Reason", *ac.reason);
    if (document_level) {
      auto tax = node.append_child("ram:CategoryTradeTax");
      tax.append_child("ram:TypeCode").text().set("VAT");
      text(tax, "ram:CategoryCode", ac.tax_category); // BT-95 / BT-102
      if (ac.tax_percent)
        percent(tax, "ram:RateApplicablePercent", *ac.tax_percent); // BT-96/103
    }
  }

  // BG-5 / BG-8 / BG-15: street (BT-35/50/75), city (BT-37/52/77), post
  // code (BT-38/53/78), country (BT-40/55/80).
  void postal_address(pugi::xml_node node, const party &p) {
    if (has(p.postcode))
      text(node, "ram:PostcodeCode", *p.postcode);
    if (has(p.street))
      text(node, "ram:LineOne", *p.street);
    if (has(p.city))
      text(node, "ram:CityName", *p.city);
    text(node, "ram:CountryID", p.country);
  }

  // BG-4 seller / BG-7 buyer. The seller's tax number (BT-32) exists only
  // for the seller.
  void trade_party(pugi::xml_node node, const party &p, bool is_seller) {
    text(node, "ram:Name", p.name); // BT-27 / BT-44
    if (has(p.legal_id) || has(p.trading_name)) {
      auto legal = node.append_child("ram:SpecifiedLegalOrganization");
      if (has(p.legal_id))
        text(legal, "ram:ID", *p.legal_id); // BT-30 / BT-47
      if (has(p.trading_name))
        text(legal, "ram:TradingBusinessName", *p.trading_name); // BT-28 / BT-45
    }
    if (has(p.contact_name) || has(p.contact_phone) || has(p.contact_email)) { // BG-6 / BG-9
      auto contact = node.append_child("ram:DefinedTradeContact");
      if (has(p.contact_name))
        text(contact, "ram:PersonName", *p.contact_name);
      if (has(p.contact_phone))
        text(contact.append_child("ram:TelephoneUniversalCommunication"), "ram:CompleteNumber",
             *p.contact_phone);
      if (has(p.contact_email))
        text(contact.append_child("ram:EmailURIUniversalCommunication"), "ram:URIID",
             *p.contact_email);
    }
    postal_address(node.append_child("ram:PostalTradeAddress"), p); // BG-5 / BG-8
    if (p.endpoint && !p.endpoint->id.empty()) {                    // BT-34 / BT-49
      auto uri =
          text(node.append_child("ram:URIUniversalCommunication"), "ram:URIID", p.endpoint->id);
      uri.append_attribute("schemeID") = p.endpoint->scheme.c_str();
    }
    if (has(p.vat_id)) { // BT-31 / BT-48
      auto id = text(node.append_child("ram:SpecifiedTaxRegistration"), "ram:ID", *p.vat_id);
      id.append_attribute("schemeID") = "VA";
    }
    if (is_seller && has(p.tax_registration_id)) { // BT-32
      auto id =
          text(node.append_child("ram:SpecifiedTaxRegistration"), "ram:ID", *p.tax_registration_id);
      id.append_attribute("schemeID") = "FC";
    }
  }

  void header_agreement(pugi::xml_node node) {
    if (has(doc_.buyer_reference))
      text(node, "ram:BuyerReference", *doc_.buyer_reference); // BT-10
    trade_party(node.append_child("ram:SellerTradeParty"), doc_.seller, true);
    trade_party(node.append_child("ram:BuyerTradeParty"), doc_.buyer, false);
    if (has(doc_.order_reference)) // BT-13
      text(node.append_child("ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID",
           *doc_.order_reference);
    if (has(doc_.contract_reference)) // BT-12
      text(node.append_child("ram:ContractReferencedDocument"), "ram:IssuerAssignedID",
           *doc_.contract_reference);
  }

  // BG-13. The schema requires the aggregate even when it stays empty.
  void header_delivery(pugi::xml_node node) {
    if (doc_.deliver_to) { // BT-70, BG-15
      const party &to = *doc_.deliver_to;
      auto ship_to = node.append_child("ram:ShipToTradeParty");
      if (!to.name.empty())
        text(ship_to, "ram:Name", to.name);
      postal_address(ship_to.append_child("ram:PostalTradeAddress"), to); // BG-15
    }
    if (doc_.delivery_date) // BT-72
      date(node.append_child("ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime",
           *doc_.delivery_date);
  }

  void header_settlement(pugi::xml_node node) {
    const auto &pay = doc_.payment;
    if (has(pay.remittance))
      text(node, "ram:PaymentReference", *pay.remittance); // BT-83
    if (has(doc_.tax_currency))
      text(node, "ram:TaxCurrencyCode", *doc_.tax_currency); // BT-6
    text(node, "ram:InvoiceCurrencyCode", doc_.currency);    // BT-5

    auto means = node.append_child("ram:SpecifiedTradeSettlementPaymentMeans"); // BG-16
    text(means, "ram:TypeCode", pay.means_code);                                // BT-81
    if (has(pay.iban) || has(pay.account_name)) {                               // BG-17
      auto account = means.append_child("ram:PayeePartyCreditorFinancialAccount");
      if (has(pay.iban))
        text(account, "ram:IBANID", *pay.iban); // BT-84
      if (has(pay.account_name))
        text(account, "ram:AccountName", *pay.account_name); // BT-85
    }
    if (has(pay.bic)) // BT-86
      text(means.append_child("ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID",
           *pay.bic);

    for (const auto &v : doc_.vat) { // BG-23
      auto tax = node.append_child("ram:ApplicableTradeTax");
      amount(tax, "ram:CalculatedAmount", v.tax_amount); // BT-117
      tax.append_child("ram:TypeCode").text().set("VAT");
      if (has(v.exemption_reason))
        text(tax, "ram:ExemptionReason", *v.exemption_reason); // BT-120
      amount(tax, "ram:BasisAmount", v.taxable_amount);        // BT-116
      text(tax, "ram:CategoryCode", v.category);               // BT-118
      if (has(v.exemption_reason_code))
        text(tax, "ram:ExemptionReasonCode", *v.exemption_reason_code); // BT-121
      // BT-119. A breakdown without a rate (category O, "not subject to
      // VAT") states 0: XRechnung requires the rate on every breakdown
      // (BR-DE-14), EN 16931 forbids it only on lines and allowances/charges.
      percent(tax, "ram:RateApplicablePercent", v.percent.value_or(0));
    }

    for (const auto &ac : doc_.allowances_charges) // BG-20 / BG-21
      allowance_charge_node(node.append_child("ram:SpecifiedTradeAllowanceCharge"), ac, true);

    if (has(pay.terms) || doc_.due_date) {
      auto terms = node.append_child("ram:SpecifiedTradePaymentTerms");
      if (has(pay.terms))
        text(terms, "ram:Description", *pay.terms); // BT-20
      if (doc_.due_date)
        date(terms, "ram:DueDateDateTime", *doc_.due_date); // BT-9
    }

    monetary_summation(node.append_child("ram:SpecifiedTradeSettlementHeaderMonetarySummation"));

    if (has(doc_.preceding_invoice)) { // BG-3
      auto ref = node.append_child("ram:InvoiceReferencedDocument");
      text(ref, "ram:IssuerAssignedID", *doc_.preceding_invoice); // BT-25
      if (doc_.preceding_invoice_date)                            // BT-26
        date(ref, "ram:FormattedIssueDateTime", *doc_.preceding_invoice_date, true);
    }
  }

  // BG-22. Allowance and charge totals appear when the document has any of
  // that kind; rounding and prepaid amounts when they are not zero.
  void monetary_summation(pugi::xml_node node) {
    const auto &s = doc_.sums;
    bool has_charges = false, has_allowances = false;
    for (const auto &ac : doc_.allowances_charges)
      (ac.is_charge ? has_charges : has_allowances) = true;

    amount(node, "ram:LineTotalAmount", s.line_net); // BT-106
    if (has_charges || s.charges != 0)
      amount(node, "ram:ChargeTotalAmount", s.charges); // BT-108
    if (has_allowances || s.allowances != 0)
      amount(node, "ram:AllowanceTotalAmount", s.allowances);                     // BT-107
    amount(node, "ram:TaxBasisTotalAmount", s.tax_exclusive);                     // BT-109
    amount_with_currency(node, "ram:TaxTotalAmount", s.tax, exp_, doc_.currency); // BT-110
    if (has(doc_.tax_currency))                                                   // BT-111
      amount_with_currency(node, "ram:TaxTotalAmount", *s.tax_in_tax_currency, tax_exp_,
                           *doc_.tax_currency);
    if (s.rounding != 0)
      amount(node, "ram:RoundingAmount", s.rounding);      // BT-114
    amount(node, "ram:GrandTotalAmount", s.tax_inclusive); // BT-112
    if (s.prepaid != 0)
      amount(node, "ram:TotalPrepaidAmount", s.prepaid); // BT-113
    amount(node, "ram:DuePayableAmount", s.payable);     // BT-115
  }

  const document &doc_;
  int exp_;
  int tax_exp_ = 0;
};

} // namespace

std::string write_cii(const document &doc) { return cii_writer(doc).write(); }

} // namespace arx::einvoice
