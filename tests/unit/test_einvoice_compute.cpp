// Unit tests for plugin/einvoice/compute: EN 16931 line, VAT and total
// calculations on the document model.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "einvoice/compute.hpp"
#include "error_of.hpp"
#include "support.hpp"

// Documents, parties and allowances are written with designated initializers;
// the fields they leave out are empty, which the missing-field warning would
// otherwise ask to spell out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace arx::einvoice;

line make_line(const std::string &id, int64_t qty_e4, int64_t price_e4, int64_t net, std::string cat,
               std::optional<int64_t> pct) {
  return arx::test::make_line(id, "item " + id, qty_e4, price_e4, net, std::move(cat), pct);
}

document make_doc(std::string currency = "EUR") {
  document d;
  d.number = "INV-1";
  d.currency = std::move(currency);
  return d;
}

std::string message_of(document &d) {
  return arx::test::error_of(ARX_E_VALIDATION, [&] { compute_totals(d); });
}

TEST(einvoice_compute, single_rate_totals) {
  document d = make_doc();
  // 3 x 10.00 = 30.00 and 2.5 x 4.1234 = 10.3085 -> 10.31
  d.lines.push_back(make_line("1", 30000, 100000, 3000, "S", 1900));
  d.lines.push_back(make_line("2", 25000, 41234, 1031, "S", 1900));
  d.sums.prepaid = 1000;
  compute_totals(d);
  ASSERT_EQ(d.vat.size(), 1u);
  EXPECT_EQ(d.vat[0].taxable_amount, 4031);
  EXPECT_EQ(d.vat[0].tax_amount, 766);  // 40.31 x 19 % = 7.6589
  EXPECT_FALSE(d.vat[0].exemption_reason.has_value());
  EXPECT_EQ(d.sums.line_net, 4031);
  EXPECT_EQ(d.sums.tax_exclusive, 4031);
  EXPECT_EQ(d.sums.tax, 766);
  EXPECT_EQ(d.sums.tax_inclusive, 4797);
  EXPECT_EQ(d.sums.prepaid, 1000);
  EXPECT_EQ(d.sums.payable, 3797);
  EXPECT_FALSE(d.sums.tax_in_tax_currency.has_value());
}

TEST(einvoice_compute, vat_is_rounded_per_group_half_away_from_zero) {
  document d = make_doc();
  // Two lines of 0.50 at 7 %: per group 1.00 x 7 % = 0.07 (per line it would be 2 x 0.035 -> 0.08).
  d.lines.push_back(make_line("1", 10000, 5000, 50, "S", 700));
  d.lines.push_back(make_line("2", 10000, 5000, 50, "S", 700));
  // 0.50 at 19 % = 0.095 -> 0.10 (half away from zero)
  d.lines.push_back(make_line("3", 10000, 5000, 50, "S", 1900));
  compute_totals(d);
  ASSERT_EQ(d.vat.size(), 2u);
  EXPECT_EQ(d.vat[0].percent, 700);
  EXPECT_EQ(d.vat[0].tax_amount, 7);
  EXPECT_EQ(d.vat[1].percent, 1900);
  EXPECT_EQ(d.vat[1].tax_amount, 10);
  EXPECT_EQ(d.sums.tax, 17);
}

// An ERP that rounds VAT half to even (Tryton) or per line books a cent
// less or more; the e-invoice states what the ledger holds when that is a
// rounding of the same figure, and only then.
TEST(einvoice_compute, an_erps_own_vat_rounding_is_kept_within_the_tolerance) {
  // 4 x 836.00 + 9 x 545.50 = 8253.50 at 19 % = 1568.165: EN 16931 gives 1568.17, half to even 1568.16.
  auto tie = [] {
    document d = make_doc();
    d.lines.push_back(make_line("1", 40000, 8360000, 334400, "S", 1900));
    d.lines.push_back(make_line("2", 90000, 5455000, 490950, "S", 1900));
    return d;
  };
  document plain = tie();
  compute_totals(plain);
  EXPECT_EQ(plain.sums.tax, 156817);
  EXPECT_FALSE(plain.erp_tax_adopted);

  document erp = tie();
  erp.erp_tax = 156816;
  compute_totals(erp);
  EXPECT_TRUE(erp.erp_tax_adopted);
  EXPECT_EQ(erp.vat[0].tax_amount, 156816);
  EXPECT_EQ(erp.sums.tax, 156816);
  EXPECT_EQ(erp.sums.tax_inclusive, 825350 + 156816);

  document same = tie();
  same.erp_tax = 156817;
  compute_totals(same);
  EXPECT_FALSE(same.erp_tax_adopted) << "nothing to adopt";

  document far = tie();
  far.erp_tax = 156815;  // 2 cents off with 2 lines: the lines' VAT 635.36 + 932.805 rounds to 1568.16 at least
  compute_totals(far);
  EXPECT_FALSE(far.erp_tax_adopted);
  EXPECT_EQ(far.sums.tax, 156817);

  document exact = make_doc();
  exact.lines.push_back(make_line("1", 10000, 1000000, 10000, "S", 1900));  // 100.00 at 19 % = 19.00 exactly
  exact.erp_tax = 1901;
  compute_totals(exact);
  EXPECT_FALSE(exact.erp_tax_adopted) << "19.01 is no rounding of 19.00";

  document two_rates = tie();
  two_rates.lines.push_back(make_line("3", 10000, 100000, 1000, "S", 700));
  two_rates.erp_tax = 156816 + 70;
  compute_totals(two_rates);
  EXPECT_FALSE(two_rates.erp_tax_adopted) << "which rate's VAT differs is unknown";
}

TEST(einvoice_compute, allowances_and_charges_on_both_levels) {
  document d = make_doc();
  line l = make_line("1", 100000, 20000, 0, "S", 1900);  // 10 x 2.00 = 20.00
  allowance_charge la;
  la.amount = 200;
  la.base_amount = 2000;
  la.percent = 1000;  // 10 % of 20.00
  la.reason = "Discount";
  allowance_charge lc{.is_charge = true, .amount = 150, .reason = "Packing"};
  l.allowances_charges = {la, lc};
  l.net_amount = 2000 - 200 + 150;
  d.lines.push_back(l);
  d.lines.push_back(make_line("2", 10000, 100000, 1000, "S", 700));
  allowance_charge da{.amount = 100, .reason = "Loyalty", .tax_category = "S", .tax_percent = 1900};
  allowance_charge dc{.is_charge = true, .amount = 500, .reason_code = "FC", .tax_category = "S", .tax_percent = 700};
  d.allowances_charges = {da, dc};
  compute_totals(d);
  ASSERT_EQ(d.vat.size(), 2u);
  EXPECT_EQ(d.vat[0].taxable_amount, 1950 - 100);
  EXPECT_EQ(d.vat[0].tax_amount, 352);  // 18.50 x 19 % = 3.515 -> 3.52
  EXPECT_EQ(d.vat[1].taxable_amount, 1000 + 500);
  EXPECT_EQ(d.vat[1].tax_amount, 105);
  EXPECT_EQ(d.sums.line_net, 2950);
  EXPECT_EQ(d.sums.allowances, 100);
  EXPECT_EQ(d.sums.charges, 500);
  EXPECT_EQ(d.sums.tax_exclusive, 3350);
  EXPECT_EQ(d.sums.tax_inclusive, 3350 + 352 + 105);
}

TEST(einvoice_compute, line_net_mismatch_names_the_line) {
  document d = make_doc();
  d.lines.push_back(make_line("1", 10000, 100000, 1000, "S", 1900));
  d.lines.push_back(make_line("3", 10000, 100100, 1000, "S", 1900));  // 10.01 expected
  const std::string msg = message_of(d);
  EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("10.00"), std::string::npos) << msg;
  EXPECT_NE(msg.find("10.01"), std::string::npos) << msg;
}

TEST(einvoice_compute, allowance_percentage_must_match_its_amount) {
  document d = make_doc();
  d.lines.push_back(make_line("1", 10000, 100000, 1000, "S", 1900));
  allowance_charge da{.amount = 99, .base_amount = 1000, .percent = 1000, .reason = "Discount", .tax_category = "S",
                      .tax_percent = 1900};
  d.allowances_charges = {da};
  const std::string msg = message_of(d);
  EXPECT_NE(msg.find("document allowance 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1.00"), std::string::npos) << msg;
}

TEST(einvoice_compute, exempt_categories_get_reasons_and_codes) {
  for (const std::string cat : {"AE", "K", "G", "E", "Z"}) {
    document d = make_doc();
    d.lines.push_back(make_line("1", 10000, 100000, 1000, cat, 0));
    compute_totals(d);
    ASSERT_EQ(d.vat.size(), 1u) << cat;
    EXPECT_EQ(d.vat[0].tax_amount, 0) << cat;
    const exemption_default def = default_exemption(cat);
    if (cat == "Z") {
      EXPECT_FALSE(d.vat[0].exemption_reason.has_value());
      EXPECT_FALSE(d.vat[0].exemption_reason_code.has_value());
    } else {
      EXPECT_EQ(d.vat[0].exemption_reason, def.reason) << cat;
      EXPECT_FALSE(def.reason.empty()) << cat;
    }
  }
  EXPECT_EQ(default_exemption("AE").code, "VATEX-EU-AE");
  EXPECT_EQ(default_exemption("K").code, "VATEX-EU-IC");
  EXPECT_EQ(default_exemption("G").code, "VATEX-EU-G");
  EXPECT_EQ(default_exemption("O").code, "VATEX-EU-O");
}

TEST(einvoice_compute, category_o_has_no_rate_and_stands_alone) {
  document d = make_doc();
  d.lines.push_back(make_line("1", 10000, 100000, 1000, "O", std::nullopt));
  compute_totals(d);
  ASSERT_EQ(d.vat.size(), 1u);
  EXPECT_FALSE(d.vat[0].percent.has_value());
  EXPECT_EQ(d.vat[0].exemption_reason_code, "VATEX-EU-O");

  d.lines.push_back(make_line("2", 10000, 100000, 1000, "S", 1900));
  EXPECT_NE(message_of(d).find("BR-O-11"), std::string::npos);

  document r = make_doc();
  r.lines.push_back(make_line("1", 10000, 100000, 1000, "O", 0));
  EXPECT_NE(message_of(r).find("BR-O-05"), std::string::npos);
}

TEST(einvoice_compute, category_rate_rules) {
  document s = make_doc();
  s.lines.push_back(make_line("1", 10000, 100000, 1000, "S", 0));
  EXPECT_NE(message_of(s).find("BR-S-05"), std::string::npos);
  document k = make_doc();
  k.lines.push_back(make_line("1", 10000, 100000, 1000, "K", 1900));
  EXPECT_NE(message_of(k).find("BR-IC-05"), std::string::npos);
  document x = make_doc();
  x.lines.push_back(make_line("7", 10000, 100000, 1000, "X", 1900));
  const std::string msg = message_of(x);
  EXPECT_NE(msg.find("line 7"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'X'"), std::string::npos) << msg;
}

TEST(einvoice_compute, vat_in_accounting_currency) {
  document d = make_doc("USD");
  d.tax_currency = "EUR";
  d.tax_currency_rate_e6 = 921234;  // 1 USD = 0.921234 EUR
  d.lines.push_back(make_line("1", 10000, 1000000, 10000, "S", 1900));
  compute_totals(d);
  EXPECT_EQ(d.sums.tax, 1900);
  // 19.00 USD x 0.921234 = 17.503446 EUR -> 17.50
  ASSERT_TRUE(d.sums.tax_in_tax_currency.has_value());
  EXPECT_EQ(*d.sums.tax_in_tax_currency, 1750);

  // Into a currency without minor units: 19.00 USD x 151.5 = 2878.5 JPY -> 2879
  d.tax_currency = "JPY";
  d.tax_currency_rate_e6 = 151500000;
  compute_totals(d);
  EXPECT_EQ(*d.sums.tax_in_tax_currency, 2879);

  d.tax_currency = "USD";
  EXPECT_NE(message_of(d).find("PEPPOL-EN16931-R005"), std::string::npos);
  d.tax_currency = "EUR";
  d.tax_currency_rate_e6.reset();
  EXPECT_NE(message_of(d).find("exchange rate"), std::string::npos);
}

TEST(einvoice_compute, currency_exponent_is_respected) {
  document d = make_doc("JPY");
  // 3 x 333.3333 = 999.9999 -> 1000 yen
  d.lines.push_back(make_line("1", 30000, 3333333, 1000, "S", 1000));
  compute_totals(d);
  EXPECT_EQ(d.sums.tax, 100);
  document k = make_doc("KWD");
  // 1 x 1.2345 -> 1.235 (three decimals, half away from zero)
  k.lines.push_back(make_line("1", 10000, 12345, 1235, "S", 500));
  compute_totals(k);
  EXPECT_EQ(k.vat[0].tax_amount, 62);  // 1.235 x 5 % = 0.06175 -> 0.062
}

TEST(einvoice_compute, compute_twice_gives_the_same_result) {
  document d = make_doc();
  d.lines.push_back(make_line("1", 10000, 100000, 1000, "S", 1900));
  d.sums.rounding = 1;
  compute_totals(d);
  const totals first = d.sums;
  compute_totals(d);
  EXPECT_EQ(d.vat.size(), 1u);
  EXPECT_EQ(d.sums.payable, first.payable);
  EXPECT_EQ(d.sums.payable, 1000 + 190 + 1);
}

TEST(einvoice_compute, negative_line_quantities_round_symmetrically) {
  document d = make_doc();
  // -1 x 0.005 = -0.005 -> -0.01; plus 3 x 0.005 = 0.015 -> 0.02
  d.lines.push_back(make_line("1", -10000, 50, -1, "S", 1900));
  d.lines.push_back(make_line("2", 30000, 50, 2, "S", 1900));
  compute_totals(d);
  EXPECT_EQ(d.sums.line_net, 1);
}

TEST(einvoice_compute, document_without_lines_is_rejected) {
  document d = make_doc();
  EXPECT_NE(message_of(d).find("BR-16"), std::string::npos);
}

}  // namespace
