// Unit tests for plugin/einvoice/ubl: the UBL 2.1 structure write_ubl()
// produces, read back with pugixml. (Schema and schematron validity of many
// documents is the conformance test's job, tests/conformance.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "einvoice/compute.hpp"
#include "core/rf_reference.hpp"
#include "einvoice/ubl.hpp"
#include "error_of.hpp"
#include "support.hpp"

// Documents, parties and allowances are written with designated initializers;
// the fields they leave out are empty, which the missing-field warning would
// otherwise ask to spell out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace arx::einvoice;
using namespace arx::core;
using arx::test::ymd;

party make_party(std::string name, std::string country, std::optional<std::string> vat) {
  party p;
  p.name = std::move(name);
  p.country = std::move(country);
  p.vat_id = std::move(vat);
  p.street = "Main street 1";
  p.city = "Town";
  p.postcode = "12345";
  p.endpoint = electronic_address{"9930", p.vat_id.value_or("DE000000000")};
  return p;
}

line make_line(const std::string &id, int64_t qty, int64_t price, std::string cat, std::optional<int64_t> pct) {
  const int64_t net = qty / 10000 * (price / 100);  // whole quantities, prices in cents
  return arx::test::make_line(id, "Item " + id, qty, price, net, std::move(cat), pct);
}

document make_doc(document_type type = document_type::invoice) {
  document d;
  d.type = type;
  d.number = "INV-2026-0001";
  d.issue_date = ymd(2026, 3, 1);
  d.due_date = ymd(2026, 3, 31);
  d.currency = "EUR";
  d.buyer_reference = "04011000-12345-03";
  d.order_reference = "PO-1";
  d.contract_reference = "CT-9";
  d.seller = make_party("Seller GmbH", "DE", "DE123456789");
  d.buyer = make_party("Buyer B.V.", "NL", "NL987654321B01");
  d.payment.iban = "DE02100100100123456789";
  d.payment.remittance = make_rf_reference("INV20260001");
  d.lines.push_back(make_line("1", 20000, 123000, "S", 1900));  // 2 x 12.30
  d.lines.push_back(make_line("2", 10000, 50000, "S", 700));    // 1 x 5.00
  return d;
}

pugi::xml_document parse(const std::string &xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_string(xml.c_str());
  EXPECT_TRUE(r) << r.description() << " at offset " << r.offset;
  return doc;
}

std::vector<std::string> child_names(pugi::xml_node n) {
  std::vector<std::string> out;
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element) out.emplace_back(c.name());
  return out;
}

// The UBL 2.1 schema sequences of Invoice and CreditNote (the elements arx
// may write, in schema order).
const std::vector<std::string> invoice_sequence{
    "cbc:CustomizationID",       "cbc:ProfileID",          "cbc:ID",
    "cbc:IssueDate",             "cbc:DueDate",            "cbc:InvoiceTypeCode",
    "cbc:Note",                  "cbc:DocumentCurrencyCode", "cbc:TaxCurrencyCode",
    "cbc:BuyerReference",        "cac:OrderReference",     "cac:BillingReference",
    "cac:ContractDocumentReference", "cac:AccountingSupplierParty", "cac:AccountingCustomerParty",
    "cac:Delivery",              "cac:PaymentMeans",       "cac:PaymentTerms",
    "cac:AllowanceCharge",       "cac:TaxTotal",           "cac:LegalMonetaryTotal",
    "cac:InvoiceLine"};
const std::vector<std::string> credit_note_sequence{
    "cbc:CustomizationID",       "cbc:ProfileID",          "cbc:ID",
    "cbc:IssueDate",             "cbc:CreditNoteTypeCode", "cbc:Note",
    "cbc:DocumentCurrencyCode",  "cbc:TaxCurrencyCode",    "cbc:BuyerReference",
    "cac:OrderReference",        "cac:BillingReference",   "cac:ContractDocumentReference",
    "cac:AccountingSupplierParty", "cac:AccountingCustomerParty", "cac:Delivery",
    "cac:PaymentMeans",          "cac:PaymentTerms",       "cac:AllowanceCharge",
    "cac:TaxTotal",              "cac:LegalMonetaryTotal", "cac:CreditNoteLine"};

void expect_schema_order(pugi::xml_node root, const std::vector<std::string> &sequence) {
  std::size_t pos = 0;
  for (const std::string &name : child_names(root)) {
    std::size_t found = pos;
    while (found < sequence.size() && sequence[found] != name) ++found;
    ASSERT_LT(found, sequence.size()) << name << " is unknown or out of schema order";
    pos = found;
  }
}

void expect_amounts_carry_currency(pugi::xml_node n) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = c.name();
    if (name.size() > 6 && name.compare(name.size() - 6, 6, "Amount") == 0) {
      EXPECT_TRUE(c.attribute("currencyID")) << name << " without currencyID";
    }
    expect_amounts_carry_currency(c);
  }
}

TEST(ubl, invoice_structure_and_totals) {
  document d = make_doc();
  compute_totals(d);
  const std::string xml = write_ubl(d);
  pugi::xml_document x = parse(xml);
  pugi::xml_node root = x.child("Invoice");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.attribute("xmlns").value(), "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
  EXPECT_EQ(std::string(root.child_value("cbc:CustomizationID")), customization_id(specification::peppol_bis3));
  EXPECT_STREQ(root.child_value("cbc:ProfileID"), "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0");
  EXPECT_STREQ(root.child_value("cbc:InvoiceTypeCode"), "380");
  EXPECT_STREQ(root.child_value("cbc:DueDate"), "2026-03-31");
  expect_schema_order(root, invoice_sequence);
  expect_amounts_carry_currency(root);

  pugi::xml_node total = root.child("cac:LegalMonetaryTotal");
  EXPECT_STREQ(total.child_value("cbc:LineExtensionAmount"), "29.60");
  EXPECT_STREQ(total.child_value("cbc:TaxExclusiveAmount"), "29.60");
  // 24.60 x 19 % = 4.674 -> 4.67; 5.00 x 7 % = 0.35
  EXPECT_STREQ(total.child_value("cbc:TaxInclusiveAmount"), "34.62");
  EXPECT_STREQ(total.child_value("cbc:PayableAmount"), "34.62");
  EXPECT_FALSE(total.child("cbc:PrepaidAmount"));
  EXPECT_FALSE(total.child("cbc:AllowanceTotalAmount"));

  pugi::xml_node tax = root.child("cac:TaxTotal");
  EXPECT_STREQ(tax.child_value("cbc:TaxAmount"), "5.02");
  std::map<std::string, std::string> by_rate;
  for (pugi::xml_node s : tax.children("cac:TaxSubtotal")) {
    by_rate[s.child("cac:TaxCategory").child_value("cbc:Percent")] = s.child_value("cbc:TaxAmount");
  }
  EXPECT_EQ(by_rate["19"], "4.67");
  EXPECT_EQ(by_rate["7"], "0.35");
  EXPECT_FALSE(root.child("cbc:TaxCurrencyCode"));
  EXPECT_EQ(std::distance(root.children("cac:TaxTotal").begin(), root.children("cac:TaxTotal").end()), 1);

  pugi::xml_node line = root.child("cac:InvoiceLine");
  EXPECT_STREQ(line.child("cbc:InvoicedQuantity").attribute("unitCode").value(), "C62");
  EXPECT_STREQ(line.child_value("cbc:InvoicedQuantity"), "2");
  EXPECT_STREQ(line.child_value("cbc:LineExtensionAmount"), "24.60");
  EXPECT_STREQ(line.child("cac:Price").child_value("cbc:PriceAmount"), "12.30");
  EXPECT_STREQ(line.child("cac:Item").child("cac:ClassifiedTaxCategory").child_value("cbc:ID"), "S");

  pugi::xml_node means = root.child("cac:PaymentMeans");
  EXPECT_STREQ(means.child_value("cbc:PaymentMeansCode"), "58");
  EXPECT_EQ(std::string(means.child_value("cbc:PaymentID")), *d.payment.remittance);
  EXPECT_TRUE(is_valid_rf_reference(means.child_value("cbc:PaymentID")));
  EXPECT_STREQ(means.child("cac:PayeeFinancialAccount").child_value("cbc:ID"), "DE02100100100123456789");

  EXPECT_STREQ(root.child("cac:OrderReference").child_value("cbc:ID"), "PO-1");
  EXPECT_STREQ(root.child("cac:ContractDocumentReference").child_value("cbc:ID"), "CT-9");
  pugi::xml_node seller = root.child("cac:AccountingSupplierParty").child("cac:Party");
  EXPECT_STREQ(seller.child("cbc:EndpointID").attribute("schemeID").value(), "9930");
  EXPECT_STREQ(seller.child("cac:PartyTaxScheme").child_value("cbc:CompanyID"), "DE123456789");
  EXPECT_STREQ(seller.child("cac:PartyLegalEntity").child_value("cbc:RegistrationName"), "Seller GmbH");
  expect_schema_order(seller, {"cbc:EndpointID", "cac:PartyIdentification", "cac:PartyName", "cac:PostalAddress",
                               "cac:PartyTaxScheme", "cac:PartyLegalEntity", "cac:Contact"});
}

TEST(ubl, credit_note_structure) {
  document d = make_doc(document_type::credit_note);
  d.number = "CN-2026-0001";
  d.preceding_invoice = "INV-2025-0042";
  d.preceding_invoice_date = ymd(2025, 12, 1);
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node root = x.child("CreditNote");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.attribute("xmlns").value(), "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
  EXPECT_STREQ(root.child_value("cbc:CreditNoteTypeCode"), "381");
  EXPECT_FALSE(root.child("cbc:DueDate"));  // not in the CreditNote schema
  EXPECT_STREQ(root.child("cac:PaymentMeans").child_value("cbc:PaymentDueDate"), "2026-03-31");
  pugi::xml_node ref = root.child("cac:BillingReference").child("cac:InvoiceDocumentReference");
  EXPECT_STREQ(ref.child_value("cbc:ID"), "INV-2025-0042");
  EXPECT_STREQ(ref.child_value("cbc:IssueDate"), "2025-12-01");
  EXPECT_FALSE(root.child("cac:InvoiceLine"));
  pugi::xml_node line = root.child("cac:CreditNoteLine");
  ASSERT_TRUE(line);
  EXPECT_STREQ(line.child("cbc:CreditedQuantity").attribute("unitCode").value(), "C62");
  expect_schema_order(root, credit_note_sequence);
}

TEST(ubl, allowances_charges_prepaid_and_foreign_currency) {
  document d = make_doc();
  d.currency = "USD";
  d.tax_currency = "EUR";
  d.tax_currency_rate_e6 = 900000;
  allowance_charge la{.amount = 246, .base_amount = 2460, .percent = 1000, .reason = "Discount", .reason_code = "95"};
  d.lines[0].allowances_charges.push_back(la);
  d.lines[0].net_amount -= 246;
  allowance_charge dc{.is_charge = true, .amount = 1000, .reason = "Freight", .tax_category = "S",
                      .tax_percent = 1900};
  d.allowances_charges.push_back(dc);
  d.sums.prepaid = 500;
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node root = x.child("Invoice");
  expect_schema_order(root, invoice_sequence);
  expect_amounts_carry_currency(root);
  EXPECT_STREQ(root.child_value("cbc:TaxCurrencyCode"), "EUR");

  std::vector<pugi::xml_node> totals;
  for (pugi::xml_node t : root.children("cac:TaxTotal")) totals.push_back(t);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_STREQ(totals[0].child("cbc:TaxAmount").attribute("currencyID").value(), "USD");
  EXPECT_TRUE(totals[0].child("cac:TaxSubtotal"));
  EXPECT_STREQ(totals[1].child("cbc:TaxAmount").attribute("currencyID").value(), "EUR");
  EXPECT_FALSE(totals[1].child("cac:TaxSubtotal"));
  EXPECT_EQ(std::string(totals[1].child_value("cbc:TaxAmount")),
            arx::core::format_minor(*d.sums.tax_in_tax_currency, 2));

  pugi::xml_node doc_ac = root.child("cac:AllowanceCharge");
  EXPECT_STREQ(doc_ac.child_value("cbc:ChargeIndicator"), "true");
  EXPECT_STREQ(doc_ac.child("cac:TaxCategory").child_value("cbc:Percent"), "19");
  expect_schema_order(doc_ac, {"cbc:ChargeIndicator", "cbc:AllowanceChargeReasonCode", "cbc:AllowanceChargeReason",
                               "cbc:MultiplierFactorNumeric", "cbc:Amount", "cbc:BaseAmount", "cac:TaxCategory"});
  pugi::xml_node line_ac = root.child("cac:InvoiceLine").child("cac:AllowanceCharge");
  EXPECT_STREQ(line_ac.child_value("cbc:ChargeIndicator"), "false");
  EXPECT_STREQ(line_ac.child_value("cbc:MultiplierFactorNumeric"), "10");
  EXPECT_STREQ(line_ac.child_value("cbc:Amount"), "2.46");
  EXPECT_FALSE(line_ac.child("cac:TaxCategory"));  // line level: the line's category applies
  expect_schema_order(root.child("cac:InvoiceLine"),
                      {"cbc:ID", "cbc:Note", "cbc:InvoicedQuantity", "cbc:LineExtensionAmount",
                       "cac:OrderLineReference", "cac:AllowanceCharge", "cac:Item", "cac:Price"});

  pugi::xml_node total = root.child("cac:LegalMonetaryTotal");
  EXPECT_STREQ(total.child_value("cbc:ChargeTotalAmount"), "10.00");
  EXPECT_STREQ(total.child_value("cbc:PrepaidAmount"), "5.00");
  EXPECT_EQ(std::string(total.child_value("cbc:PayableAmount")), arx::core::format_minor(d.sums.payable, 2));
  expect_schema_order(total, {"cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount", "cbc:TaxInclusiveAmount",
                              "cbc:AllowanceTotalAmount", "cbc:ChargeTotalAmount", "cbc:PrepaidAmount",
                              "cbc:PayableRoundingAmount", "cbc:PayableAmount"});
}

TEST(ubl, amounts_at_the_currency_exponent) {
  document d = make_doc();
  d.currency = "JPY";
  d.lines = {make_line("1", 30000, 1000000, "S", 1000)};  // 3 x 100 yen
  d.lines[0].net_amount = 300;
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node total = x.child("Invoice").child("cac:LegalMonetaryTotal");
  EXPECT_STREQ(total.child_value("cbc:LineExtensionAmount"), "300");
  EXPECT_STREQ(total.child_value("cbc:PayableAmount"), "330");
  EXPECT_STREQ(total.child("cbc:PayableAmount").attribute("currencyID").value(), "JPY");
  EXPECT_STREQ(x.child("Invoice").child("cac:InvoiceLine").child("cac:Price").child_value("cbc:PriceAmount"), "100");
}

TEST(ubl, prices_keep_their_fraction_digits) {
  document d = make_doc();
  d.lines = {make_line("1", 25000, 41234, "S", 1900)};  // 2.5 x 4.1234 = 10.3085 -> 10.31
  d.lines[0].net_amount = 1031;
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node line = x.child("Invoice").child("cac:InvoiceLine");
  EXPECT_STREQ(line.child_value("cbc:InvoicedQuantity"), "2.5");
  EXPECT_STREQ(line.child("cac:Price").child_value("cbc:PriceAmount"), "4.1234");
  EXPECT_STREQ(line.child_value("cbc:LineExtensionAmount"), "10.31");
}

TEST(ubl, not_subject_to_vat) {
  document d = make_doc();
  d.seller.vat_id.reset();
  d.buyer.vat_id.reset();
  d.seller.legal_id = "HRB 1";
  for (auto &l : d.lines) {
    l.tax_category = "O";
    l.tax_percent.reset();
  }
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node root = x.child("Invoice");
  EXPECT_FALSE(root.child("cac:InvoiceLine").child("cac:Item").child("cac:ClassifiedTaxCategory").child("cbc:Percent"));
  pugi::xml_node cat = root.child("cac:TaxTotal").child("cac:TaxSubtotal").child("cac:TaxCategory");
  EXPECT_STREQ(cat.child_value("cbc:ID"), "O");
  EXPECT_STREQ(cat.child_value("cbc:Percent"), "0");
  EXPECT_STREQ(cat.child_value("cbc:TaxExemptionReasonCode"), "VATEX-EU-O");
  EXPECT_STREQ(cat.child_value("cbc:TaxExemptionReason"), "Not subject to VAT");
  expect_schema_order(cat, {"cbc:ID", "cbc:Percent", "cbc:TaxExemptionReasonCode", "cbc:TaxExemptionReason",
                            "cac:TaxScheme"});
  EXPECT_FALSE(root.child("cac:AccountingSupplierParty").child("cac:Party").child("cac:PartyTaxScheme"));
}

TEST(ubl, notes_per_specification) {
  document d = make_doc();
  d.notes = {"first", "second"};
  compute_totals(d);
  // Peppol, seller DE and buyer NL: one note (PEPPOL-EN16931-R002).
  pugi::xml_document p = parse(write_ubl(d));
  std::vector<std::string> notes;
  for (pugi::xml_node n : p.child("Invoice").children("cbc:Note")) notes.emplace_back(n.child_value());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "first\nsecond");
  // XRechnung keeps them apart.
  d.spec = specification::xrechnung_3;
  pugi::xml_document xr = parse(write_ubl(d));
  EXPECT_EQ(std::string(xr.child("Invoice").child_value("cbc:CustomizationID")),
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0");
  EXPECT_EQ(std::distance(xr.child("Invoice").children("cbc:Note").begin(),
                          xr.child("Invoice").children("cbc:Note").end()),
            2);
  // Peppol between two German parties may keep several notes.
  d.spec = specification::peppol_bis3;
  d.buyer.country = "DE";
  pugi::xml_document de = parse(write_ubl(d));
  EXPECT_EQ(std::distance(de.child("Invoice").children("cbc:Note").begin(),
                          de.child("Invoice").children("cbc:Note").end()),
            2);
}

TEST(ubl, delivery_information) {
  document d = make_doc();
  d.delivery_date = ymd(2026, 2, 27);
  party to{.name = "Warehouse", .city = "Rotterdam", .postcode = "3011 AD", .country = "NL"};
  d.deliver_to = to;
  compute_totals(d);
  pugi::xml_document x = parse(write_ubl(d));
  pugi::xml_node del = x.child("Invoice").child("cac:Delivery");
  EXPECT_STREQ(del.child_value("cbc:ActualDeliveryDate"), "2026-02-27");
  pugi::xml_node addr = del.child("cac:DeliveryLocation").child("cac:Address");
  EXPECT_STREQ(addr.child("cac:Country").child_value("cbc:IdentificationCode"), "NL");
  EXPECT_STREQ(addr.child_value("cbc:CityName"), "Rotterdam");
  EXPECT_STREQ(del.child("cac:DeliveryParty").child("cac:PartyName").child_value("cbc:Name"), "Warehouse");
  expect_schema_order(del, {"cbc:ActualDeliveryDate", "cac:DeliveryLocation", "cac:DeliveryParty"});
}

TEST(ubl, text_is_escaped) {
  document d = make_doc();
  d.seller.name = "Smith & Sons <Ltd>";
  d.lines[0].name = "Bolts \"M12\" & nuts";
  compute_totals(d);
  const std::string xml = write_ubl(d);
  EXPECT_NE(xml.find("Smith &amp; Sons &lt;Ltd&gt;"), std::string::npos);
  pugi::xml_document x = parse(xml);
  EXPECT_STREQ(x.child("Invoice").child("cac:AccountingSupplierParty").child("cac:Party").child("cac:PartyLegalEntity")
                   .child_value("cbc:RegistrationName"),
               "Smith & Sons <Ltd>");
}

// XML 1.0 cannot carry control characters other than tab, LF and CR: ERP
// text holding one is refused naming the field, never written into the file
// (as the CII writer refuses it).
TEST(ubl, text_xml_cannot_carry_is_refused_with_its_field) {
  using ::testing::HasSubstr;
  {
    document d = make_doc();
    d.buyer.name = std::string("Buyer\x01 B.V.");
    compute_totals(d);
    const std::string message = arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_ubl(d); });
    EXPECT_THAT(message, HasSubstr("INV-2026-0001"));
    EXPECT_THAT(message, HasSubstr("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"));
    EXPECT_THAT(message, HasSubstr("control character"));
  }
  {
    document d = make_doc();
    d.lines[1].description = std::string("red \x1b[0m text");
    compute_totals(d);
    EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_ubl(d); }),
                HasSubstr("cac:InvoiceLine/cac:Item/cbc:Description"));
  }
  {
    document d = make_doc();
    d.payment.terms = std::string("net 30\0days", 11);  // a NUL would cut the text short
    compute_totals(d);
    EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_ubl(d); }),
                HasSubstr("cac:PaymentTerms/cbc:Note"));
  }
  {
    document d = make_doc();
    d.lines[0].unit_code = "C6\x02";
    compute_totals(d);
    EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_ubl(d); }),
                HasSubstr("cbc:InvoicedQuantity/@unitCode"));
  }
  {
    document d = make_doc();
    d.seller.city = std::string("K\xf6ln");  // Latin-1, not UTF-8
    compute_totals(d);
    EXPECT_THAT(arx::test::error_of(ARX_E_INVALID_ARGUMENT, [&] { write_ubl(d); }),
                HasSubstr("cac:PostalAddress/cbc:CityName is not valid UTF-8"));
  }
  // Tab, line feed and carriage return are text XML carries.
  document d = make_doc();
  d.notes = {"first line\n\tsecond line\r\n"};
  compute_totals(d);
  EXPECT_NO_THROW(write_ubl(d));
}

TEST(ubl, totals_must_be_computed_first) {
  document d = make_doc();
  try {
    write_ubl(d);
    FAIL() << "expected arx::error";
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("compute_totals"), std::string::npos);
  }
}

}  // namespace
