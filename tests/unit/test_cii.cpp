// The CII D16B writer: the right elements, in schema order, with the
// document's values formatted exactly. Totals are filled by hand with
// distinct figures so that each one can be found in its own element; the
// conformance suite (tests/conformance) runs the official validators.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "einvoice/cii.hpp"
#include "error_of.hpp"
#include "support.hpp"

// Documents, parties and allowances are written with designated initializers;
// the fields they leave out are empty, which the missing-field warning would
// otherwise ask to spell out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace arx::einvoice;
using ::testing::HasSubstr;
using arx::test::make_line;
using arx::test::ymd;

// An XRechnung invoice with two VAT rates, line and document allowances and
// charges, a prepaid amount and every reference the writer knows.
document sample_invoice() {
  document d;
  d.spec = specification::xrechnung_3;
  d.number = "RE-2026-0042";
  d.issue_date = ymd(2026, 11, 20);
  d.due_date = ymd(2026, 12, 20);
  d.currency = "EUR";
  d.notes = {"Thank you for your order.", "Delivered free of charge."};
  d.buyer_reference = "04011000-12345-34";
  d.order_reference = "PO-4711";
  d.contract_reference = "CT-2026-01";

  d.seller = {.name = "Arx Demo GmbH", .trading_name = "Arx Demo", .vat_id = "DE123456789",
              .tax_registration_id = "201/113/40209", .legal_id = "HRB 12345", .street = "Hauptstrasse 1",
              .city = "Berlin", .postcode = "10115", .country = "DE",
              .endpoint = electronic_address{"EM", "invoices@arx-demo.example"}, .contact_name = "Erika Muster",
              .contact_phone = "+49 30 1234567", .contact_email = "erika@arx-demo.example"};

  d.buyer = {.name = "Kunde AG", .vat_id = "DE987654321", .tax_registration_id = "not written for a buyer",
             .street = "Marktplatz 5", .city = "Munich", .postcode = "80331", .country = "DE",
             .endpoint = electronic_address{"0204", "04011000-12345-34"}};

  d.payment.means_code = "58";
  d.payment.iban = "DE02120300000000202051";
  d.payment.bic = "BYLADEM1001";
  d.payment.account_name = "Arx Demo GmbH";
  d.payment.remittance = "RF18539007547034";
  d.payment.terms = "30 days net";

  // 10.5 hours at 95.00 = 997.50
  d.lines.push_back(make_line("1", "Consulting", 105000, 950000, 99750, "S", 1900));
  d.lines.back().unit_code = "HUR";
  d.lines.back().description = "Project consulting, October";
  d.lines.back().order_line_reference = "10";
  // 3 x 24.99 = 74.97 - 5.00 + 2.50 = 72.47
  d.lines.push_back(make_line("2", "Handbook", 30000, 249900, 7247, "S", 750));
  allowance_charge la{.amount = 500, .reason = "Volume discount", .reason_code = "95"};
  d.lines.back().allowances_charges.push_back(la);
  allowance_charge lc{.is_charge = true, .amount = 250, .reason = "Packing", .reason_code = "ABL"};
  d.lines.back().allowances_charges.push_back(lc);

  allowance_charge da{.amount = 1000, .base_amount = 10000, .percent = 1000, .reason = "Loyalty discount",
                      .reason_code = "95", .tax_category = "S", .tax_percent = 1900};
  d.allowances_charges.push_back(da);
  allowance_charge dc{.is_charge = true, .amount = 595, .reason = "Shipping", .reason_code = "FC",
                      .tax_category = "S", .tax_percent = 750};
  d.allowances_charges.push_back(dc);

  // S 19 %: 997.50 - 10.00 = 987.50 -> 187.63; S 7.5 %: 72.47 + 5.95 = 78.42 -> 5.88
  vat_breakdown v19{.category = "S", .percent = 1900, .taxable_amount = 98750, .tax_amount = 18763};
  vat_breakdown v7{.category = "S", .percent = 750, .taxable_amount = 7842, .tax_amount = 588};
  d.vat = {v19, v7};

  d.sums.line_net = 106997;
  d.sums.allowances = 1000;
  d.sums.charges = 595;
  d.sums.tax_exclusive = 106592;
  d.sums.tax = 19351;
  d.sums.tax_inclusive = 125943;
  d.sums.prepaid = 20000;
  d.sums.rounding = 0;
  d.sums.payable = 105943;
  return d;
}

struct parsed {
  pugi::xml_document xml;
  std::string text;

  explicit parsed(const document &d) : text(write_cii(d)) {
    auto result = xml.load_string(text.c_str());
    EXPECT_TRUE(result) << result.description() << " at offset " << result.offset;
  }
  std::string value(const char *xpath) const {
    auto node = xml.select_node(xpath);
    return node ? std::string(node.node().text().get()) : std::string("<missing>");
  }
  std::string attribute(const char *xpath, const char *name) const {
    auto node = xml.select_node(xpath);
    return node ? std::string(node.node().attribute(name).value()) : std::string("<missing>");
  }
  // Expects the text of each element (by its XPath) to be the value beside it.
  void expect_values(std::initializer_list<std::pair<const char *, std::string_view>> rows) const {
    for (const auto &[xpath, expected] : rows) EXPECT_EQ(value(xpath), expected) << xpath;
  }
  size_t count(const char *xpath) const { return xml.select_nodes(xpath).size(); }
  std::vector<std::string> children(const char *xpath) const {
    std::vector<std::string> names;
    auto node = xml.select_node(xpath);
    if (node)
      for (auto child : node.node().children())
        names.emplace_back(child.name());
    return names;
  }
};

#define SETTLEMENT                                                                                 \
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
#define AGREEMENT                                                                                  \
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
#define SUMS SETTLEMENT "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
#define LINE1                                                                                      \
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"                                     \
  "ram:IncludedSupplyChainTradeLineItem[1]"
#define LINE2                                                                                      \
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"                                     \
  "ram:IncludedSupplyChainTradeLineItem[2]"

TEST(cii_writer, declares_the_cii_namespaces_and_the_xrechnung_specification) {
  parsed p(sample_invoice());
  auto root = p.xml.document_element();
  EXPECT_STREQ(root.name(), "rsm:CrossIndustryInvoice");
  EXPECT_STREQ(root.attribute("xmlns:rsm").value(),
               "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
  EXPECT_STREQ(
      root.attribute("xmlns:ram").value(),
      "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
  EXPECT_STREQ(root.attribute("xmlns:udt").value(),
               "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
  EXPECT_STREQ(root.attribute("xmlns:qdt").value(),
               "urn:un:unece:uncefact:data:standard:QualifiedDataType:100");
  EXPECT_EQ(p.value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/"
                    "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
  EXPECT_EQ(p.value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/"
                    "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
  EXPECT_EQ(p.text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
}

TEST(cii_writer, plain_en16931_has_only_the_guideline) {
  auto d = sample_invoice();
  d.spec = specification::en16931;
  parsed p(d);
  EXPECT_EQ(p.value("/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/"
                    "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
            "urn:cen.eu:en16931:2017");
  EXPECT_EQ(p.count("//ram:BusinessProcessSpecifiedDocumentContextParameter"), 0u);
}

TEST(cii_writer, refuses_peppol_bis3_which_is_ubl) {
  auto d = sample_invoice();
  d.spec = specification::peppol_bis3;
  EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_cii(d); }), HasSubstr("RE-2026-0042"))
      << "peppol_bis3 was written as CII";
}

TEST(cii_writer, header_of_an_invoice) {
  parsed p(sample_invoice());
  p.expect_values({
      {"/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID", "RE-2026-0042"},
      {"/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode", "380"},
      {"/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "20261120"},
  });
  EXPECT_EQ(p.attribute("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/"
                        "udt:DateTimeString",
                        "format"),
            "102");
  EXPECT_EQ(p.count("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote"), 2u);
  p.expect_values({
      {"/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote[2]/ram:Content",
       "Delivered free of charge."},
      {AGREEMENT "/ram:BuyerReference", "04011000-12345-34"},
      {AGREEMENT "/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", "PO-4711"},
      {AGREEMENT "/ram:ContractReferencedDocument/ram:IssuerAssignedID", "CT-2026-01"},
  });
  EXPECT_EQ(p.count(SETTLEMENT "/ram:InvoiceReferencedDocument"), 0u);
  EXPECT_EQ(p.value(SETTLEMENT "/ram:SpecifiedTradePaymentTerms/ram:Description"), "30 days net");
  EXPECT_EQ(p.value(SETTLEMENT "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/"
                               "udt:DateTimeString[@format='102']"),
            "20261220");
}

TEST(cii_writer, credit_note_has_type_381_and_the_preceding_invoice) {
  auto d = sample_invoice();
  d.type = document_type::credit_note;
  d.number = "CN-2026-0007";
  d.preceding_invoice = "RE-2026-0042";
  d.preceding_invoice_date = ymd(2026, 11, 20);
  parsed p(d);
  p.expect_values({
      {"/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode", "381"},
      {SETTLEMENT "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", "RE-2026-0042"},
      {SETTLEMENT "/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString[@format='102']",
       "20261120"},
  });
  // Amounts of a credit note stay positive.
  EXPECT_EQ(p.value(SUMS "/ram:DuePayableAmount"), "1059.43");
}

TEST(cii_writer, parties_with_contact_electronic_address_and_tax_registrations) {
  parsed p(sample_invoice());
  p.expect_values({
      {AGREEMENT "/ram:SellerTradeParty/ram:Name", "Arx Demo GmbH"},
      {AGREEMENT "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", "HRB 12345"},
      {AGREEMENT "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:TradingBusinessName", "Arx Demo"},
      {AGREEMENT "/ram:SellerTradeParty/ram:DefinedTradeContact/ram:PersonName", "Erika Muster"},
      {AGREEMENT "/ram:SellerTradeParty/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber",
       "+49 30 1234567"},
      {AGREEMENT "/ram:SellerTradeParty/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID",
       "erika@arx-demo.example"},
      {AGREEMENT "/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID[@schemeID='EM']",
       "invoices@arx-demo.example"},
      {AGREEMENT "/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID[@schemeID='0204']",
       "04011000-12345-34"},
      {AGREEMENT "/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", "DE123456789"},
      {AGREEMENT "/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']", "201/113/40209"},
      {AGREEMENT "/ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", "DE987654321"},
  });
  // BT-32 exists for the seller only.
  EXPECT_EQ(p.count(AGREEMENT "/ram:BuyerTradeParty/ram:SpecifiedTaxRegistration"), 1u);
  EXPECT_EQ(p.count(AGREEMENT "/ram:BuyerTradeParty/ram:DefinedTradeContact"), 0u);
  p.expect_values({
      {AGREEMENT "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:PostcodeCode", "80331"},
      {AGREEMENT "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:LineOne", "Marktplatz 5"},
      {AGREEMENT "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CityName", "Munich"},
      {AGREEMENT "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID", "DE"},
  });
  // Schema order inside a trade party.
  EXPECT_EQ(p.children(AGREEMENT "/ram:SellerTradeParty"),
            (std::vector<std::string>{
                "ram:Name", "ram:SpecifiedLegalOrganization", "ram:DefinedTradeContact",
                "ram:PostalTradeAddress", "ram:URIUniversalCommunication",
                "ram:SpecifiedTaxRegistration", "ram:SpecifiedTaxRegistration"}));
}

TEST(cii_writer, lines_with_quantity_price_tax_and_allowances) {
  parsed p(sample_invoice());
  p.expect_values({
      {LINE1 "/ram:AssociatedDocumentLineDocument/ram:LineID", "1"},
      {LINE1 "/ram:SpecifiedTradeProduct/ram:Name", "Consulting"},
      {LINE1 "/ram:SpecifiedTradeProduct/ram:Description", "Project consulting, October"},
      {LINE1 "/ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument/ram:LineID", "10"},
      {LINE1 "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount", "95"},
      {LINE1 "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity[@unitCode='HUR']", "10.5"},
      {LINE1 "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "S"},
      {LINE1 "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "19"},
      {LINE1 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
       "997.50"},
  });

  EXPECT_EQ(p.value(LINE2 "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/"
                          "ram:ChargeAmount"),
            "24.99");
  EXPECT_EQ(p.value(LINE2 "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/"
                          "ram:RateApplicablePercent"),
            "7.5");
  EXPECT_EQ(p.count(LINE2 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge"),
            2u);
  p.expect_values({
      {LINE2 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[1]/ram:ChargeIndicator/udt:Indicator",
       "false"},
      {LINE2 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[1]/ram:ActualAmount", "5.00"},
      {LINE2 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[2]/ram:ChargeIndicator/udt:Indicator",
       "true"},
      {LINE2 "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge[2]/ram:ReasonCode", "ABL"},
  });
  // Line allowances carry no VAT category of their own.
  EXPECT_EQ(p.count(LINE2 "//ram:CategoryTradeTax"), 0u);
  // Schema order inside a line's settlement.
  EXPECT_EQ(p.children(LINE2 "/ram:SpecifiedLineTradeSettlement"),
            (std::vector<std::string>{"ram:ApplicableTradeTax", "ram:SpecifiedTradeAllowanceCharge",
                                      "ram:SpecifiedTradeAllowanceCharge",
                                      "ram:SpecifiedTradeSettlementLineMonetarySummation"}));
}

TEST(cii_writer, settlement_payment_vat_breakdown_and_document_allowances) {
  parsed p(sample_invoice());
  EXPECT_EQ(p.value(SETTLEMENT "/ram:PaymentReference"), "RF18539007547034");
  EXPECT_EQ(p.value(SETTLEMENT "/ram:InvoiceCurrencyCode"), "EUR");
  EXPECT_EQ(p.count(SETTLEMENT "/ram:TaxCurrencyCode"), 0u);
  p.expect_values({
      {SETTLEMENT "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", "58"},
      {SETTLEMENT "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
       "DE02120300000000202051"},
      {SETTLEMENT "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:AccountName",
       "Arx Demo GmbH"},
      {SETTLEMENT "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
       "BYLADEM1001"},
  });

  EXPECT_EQ(p.count(SETTLEMENT "/ram:ApplicableTradeTax"), 2u);
  p.expect_values({
      {SETTLEMENT "/ram:ApplicableTradeTax[2]/ram:CalculatedAmount", "5.88"},
      {SETTLEMENT "/ram:ApplicableTradeTax[2]/ram:BasisAmount", "78.42"},
      {SETTLEMENT "/ram:ApplicableTradeTax[2]/ram:RateApplicablePercent", "7.5"},
  });
  EXPECT_EQ(p.children(SETTLEMENT "/ram:ApplicableTradeTax[1]"),
            (std::vector<std::string>{"ram:CalculatedAmount", "ram:TypeCode", "ram:BasisAmount",
                                      "ram:CategoryCode", "ram:RateApplicablePercent"}));

  EXPECT_EQ(p.count(SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge"), 2u);
  p.expect_values({
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[1]/ram:CalculationPercent", "10"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[1]/ram:BasisAmount", "100.00"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[1]/ram:ActualAmount", "10.00"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[1]/ram:Reason", "Loyalty discount"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[2]/ram:ChargeIndicator/udt:Indicator", "true"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[2]/ram:CategoryTradeTax/ram:CategoryCode", "S"},
      {SETTLEMENT "/ram:SpecifiedTradeAllowanceCharge[2]/ram:CategoryTradeTax/ram:RateApplicablePercent", "7.5"},
  });

  // The settlement's children in the order of HeaderTradeSettlementType.
  EXPECT_EQ(p.children(SETTLEMENT),
            (std::vector<std::string>{
                "ram:PaymentReference", "ram:InvoiceCurrencyCode",
                "ram:SpecifiedTradeSettlementPaymentMeans", "ram:ApplicableTradeTax",
                "ram:ApplicableTradeTax", "ram:SpecifiedTradeAllowanceCharge",
                "ram:SpecifiedTradeAllowanceCharge", "ram:SpecifiedTradePaymentTerms",
                "ram:SpecifiedTradeSettlementHeaderMonetarySummation"}));
}

TEST(cii_writer, monetary_summation_in_schema_order) {
  parsed p(sample_invoice());
  p.expect_values({
      {SUMS "/ram:LineTotalAmount", "1069.97"},
      {SUMS "/ram:ChargeTotalAmount", "5.95"},
      {SUMS "/ram:AllowanceTotalAmount", "10.00"},
      {SUMS "/ram:TaxBasisTotalAmount", "1065.92"},
      {SUMS "/ram:TaxTotalAmount[@currencyID='EUR']", "193.51"},
      {SUMS "/ram:GrandTotalAmount", "1259.43"},
      {SUMS "/ram:TotalPrepaidAmount", "200.00"},
      {SUMS "/ram:DuePayableAmount", "1059.43"},
  });
  EXPECT_EQ(p.children(SUMS),
            (std::vector<std::string>{"ram:LineTotalAmount", "ram:ChargeTotalAmount",
                                      "ram:AllowanceTotalAmount", "ram:TaxBasisTotalAmount",
                                      "ram:TaxTotalAmount", "ram:GrandTotalAmount",
                                      "ram:TotalPrepaidAmount", "ram:DuePayableAmount"}));
}

TEST(cii_writer, omits_zero_prepaid_and_absent_allowance_totals_but_writes_rounding) {
  auto d = sample_invoice();
  d.allowances_charges.clear();
  d.sums.allowances = 0;
  d.sums.charges = 0;
  d.sums.prepaid = 0;
  d.sums.rounding = -3;
  parsed p(d);
  EXPECT_EQ(p.count(SUMS "/ram:TotalPrepaidAmount"), 0u);
  EXPECT_EQ(p.count(SUMS "/ram:AllowanceTotalAmount"), 0u);
  EXPECT_EQ(p.count(SUMS "/ram:ChargeTotalAmount"), 0u);
  EXPECT_EQ(p.value(SUMS "/ram:RoundingAmount"), "-0.03");
}

TEST(cii_writer, foreign_currency_with_vat_total_in_the_tax_currency) {
  auto d = sample_invoice();
  d.spec = specification::en16931;
  d.currency = "USD";
  d.tax_currency = "EUR";
  d.tax_currency_rate_e6 = 921500;
  d.sums.tax_in_tax_currency = 17832;
  parsed p(d);
  EXPECT_EQ(p.value(SETTLEMENT "/ram:TaxCurrencyCode"), "EUR");
  EXPECT_EQ(p.value(SETTLEMENT "/ram:InvoiceCurrencyCode"), "USD");
  EXPECT_EQ(p.count(SUMS "/ram:TaxTotalAmount"), 2u);
  EXPECT_EQ(p.value(SUMS "/ram:TaxTotalAmount[1][@currencyID='USD']"), "193.51");
  EXPECT_EQ(p.value(SUMS "/ram:TaxTotalAmount[2][@currencyID='EUR']"), "178.32");
  // TaxCurrencyCode precedes InvoiceCurrencyCode in the schema.
  auto names = p.children(SETTLEMENT);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[1], "ram:TaxCurrencyCode");
  EXPECT_EQ(names[2], "ram:InvoiceCurrencyCode");
}

TEST(cii_writer, tax_currency_without_its_total_is_refused) {
  auto d = sample_invoice();
  d.tax_currency = "CHF";
  d.sums.tax_in_tax_currency.reset();
  EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_cii(d); }), HasSubstr("BT-111"))
      << "a tax currency without BT-111 was written";
}

TEST(cii_writer, amounts_follow_the_currency_exponent) {
  auto d = sample_invoice();
  d.currency = "JPY";
  d.sums.payable = 105943;
  d.lines[0].net_amount = 99750;
  parsed jpy(d);
  EXPECT_EQ(jpy.value(SUMS "/ram:DuePayableAmount"), "105943");
  EXPECT_EQ(jpy.value(LINE1
                      "/ram:SpecifiedLineTradeSettlement/"
                      "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"),
            "99750");
  // Prices and quantities keep their own scale, whatever the currency.
  EXPECT_EQ(jpy.value(LINE2 "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/"
                            "ram:ChargeAmount"),
            "24.99");

  d.currency = "XYZ";
  EXPECT_THROW(write_cii(d), arx::error);
}

TEST(cii_writer, exempt_categories_carry_their_reason_and_o_states_rate_zero) {
  auto d = sample_invoice();
  d.seller.vat_id.reset();
  d.buyer.vat_id.reset();
  d.allowances_charges.clear();
  d.lines = {make_line("1", "Insurance", 10000, 1000000, 10000, "O", std::nullopt)};
  vat_breakdown o{.category = "O", .taxable_amount = 10000, .tax_amount = 0, .exemption_reason = "Not subject to VAT",
                  .exemption_reason_code = "VATEX-EU-O"};
  d.vat = {o};
  parsed p(d);
  EXPECT_EQ(p.count(LINE1 "//ram:RateApplicablePercent"), 0u);
  p.expect_values({
      {SETTLEMENT "/ram:ApplicableTradeTax/ram:ExemptionReason", "Not subject to VAT"},
      {SETTLEMENT "/ram:ApplicableTradeTax/ram:ExemptionReasonCode", "VATEX-EU-O"},
      {SETTLEMENT "/ram:ApplicableTradeTax/ram:RateApplicablePercent", "0"},
  });
  EXPECT_EQ(p.children(SETTLEMENT "/ram:ApplicableTradeTax"),
            (std::vector<std::string>{"ram:CalculatedAmount", "ram:TypeCode", "ram:ExemptionReason",
                                      "ram:BasisAmount", "ram:CategoryCode",
                                      "ram:ExemptionReasonCode", "ram:RateApplicablePercent"}));
}

#define DELIVERY                                                                                   \
  "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"

TEST(cii_writer, delivery_date_and_deliver_to_address) {
  auto d = sample_invoice();
  parsed without(d);
  EXPECT_EQ(without.count(DELIVERY), 1u); // required by the schema, even when empty
  EXPECT_EQ(without.count(DELIVERY "/*"), 0u);

  d.delivery_date = ymd(2026, 11, 18);
  party to{.name = "Warehouse Lyon", .street = "1 rue de la Gare", .city = "Lyon", .postcode = "69001",
           .country = "FR"};
  d.deliver_to = to;
  parsed p(d);
  p.expect_values({
      {DELIVERY "/ram:ShipToTradeParty/ram:Name", "Warehouse Lyon"},
      {DELIVERY "/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID", "FR"},
      {DELIVERY "/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CityName", "Lyon"},
      {DELIVERY "/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString[@format='102']",
       "20261118"},
  });
  EXPECT_EQ(p.children(DELIVERY), (std::vector<std::string>{"ram:ShipToTradeParty",
                                                            "ram:ActualDeliverySupplyChainEvent"}));
}

TEST(cii_writer, refuses_a_document_without_a_valid_issue_date) {
  auto d = sample_invoice();
  d.issue_date = arx::core::date{}; // never set
  EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_cii(d); }), HasSubstr("ram:IssueDateTime"))
      << "a document without an issue date was written";
}

TEST(cii_writer, empty_optional_text_is_left_out) {
  auto d = sample_invoice();
  d.order_reference = "";
  d.seller.contact_phone = "";
  d.payment.bic = "";
  d.buyer.endpoint = electronic_address{"EM", ""};
  parsed p(d);
  EXPECT_EQ(p.count("//ram:BuyerOrderReferencedDocument[ram:IssuerAssignedID]"), 0u);
  EXPECT_EQ(p.count("//ram:TelephoneUniversalCommunication"), 0u);
  EXPECT_EQ(p.count("//ram:PayeeSpecifiedCreditorFinancialInstitution"), 0u);
  EXPECT_EQ(p.count(AGREEMENT "/ram:BuyerTradeParty/ram:URIUniversalCommunication"), 0u);
  // No element anywhere is left empty.
  EXPECT_EQ(p.count("//*[not(*) and normalize-space(text()) = '' and "
                    "not(self::ram:ApplicableHeaderTradeDelivery)]"),
            0u);
}

TEST(cii_writer, text_xml_cannot_carry_is_refused_with_its_element) {
  auto d = sample_invoice();
  d.buyer.name = std::string("Kunde\x01 AG");
  EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_cii(d); }),
              HasSubstr("ram:BuyerTradeParty/ram:Name"))
      << "a control character was written";
  d.buyer.name = std::string("Kunde \xff AG");
  EXPECT_THROW(write_cii(d), arx::error);
  // Markup characters are escaped, not refused.
  d.buyer.name = "Kunde & Sohn <AG>";
  parsed p(d);
  EXPECT_EQ(p.value(AGREEMENT "/ram:BuyerTradeParty/ram:Name"), "Kunde & Sohn <AG>");
}

} // namespace
