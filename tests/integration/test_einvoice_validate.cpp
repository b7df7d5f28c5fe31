// The validate hook on hand-made ERP invoices: each bad input of the issue
// gives a blocking finding naming the field and the rule; rules of channels the
// customer does not use never block.
#include "config/store.hpp"
#include "seed.hpp"

namespace arx::test {

class einvoice_validate : public seeded_test<seed::company_detail::einvoice> {
protected:
  void seed(soci::session &s) override {
    seed::einvoice_customers(s, "", "0106:12345678");
    // RE-1: 2 x 50.00 at 19 % -> 100.00 + 19.00 = 119.00
    invoice(100, 10, "RE-1", "invoice", "100.00", "19.00", "119.00");
    line(100, 1, "2", "50.00", "100.00", "S", "19.00");
  }

  void invoice(int64_t id, int64_t customer, const std::string &number, const std::string &kind,
               const std::string &net, const std::string &tax, const std::string &gross,
               const std::string &currency = "EUR") {
    ctx().sql() << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
                   "net_amount, tax_amount, gross_amount, state) VALUES (:id, 1, :cu, :n, :k, '2026-10-01', "
                   "'2026-10-31', :ccy, :net, :tax, :gross, 'draft')",
        soci::use(id), soci::use(customer), soci::use(number), soci::use(kind), soci::use(currency), soci::use(net),
        soci::use(tax), soci::use(gross);
  }
  void line(int64_t invoice_id, int no, const std::string &qty, const std::string &price, const std::string &net,
            const std::string &cat, const std::string &pct) {
    int64_t id = invoice_id * 100 + no;
    ctx().sql() << "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, "
                   "unit_price, net_amount, tax_category, tax_percent) VALUES (:id, :inv, :no, 'Widget', :q, 'C62', "
                   ":p, :net, :cat, :pct)",
        soci::use(id), soci::use(invoice_id), soci::use(no), soci::use(qty), soci::use(price), soci::use(net),
        soci::use(cat), soci::use(pct);
  }

  // A document of C1 with one line of -1 x 50.00 at 19 % (-59.50 in all).
  void returned_line(int64_t id, const std::string &number, const std::string &kind) {
    invoice(id, 10, number, kind, "-50.00", "-9.50", "-59.50");
    line(id, 1, "-1", "50.00", "-50.00", "S", "19.00");
  }

  nlohmann::json validate(const std::string &number) { return service::invoice_validate(ctx(), "DE01", 0, number); }

  // The first blocking finding with this rule, or null.
  static nlohmann::json find(const nlohmann::json &result, const std::string &rule) {
    for (const auto &f : result.at("findings"))
      if (f.at("rule") == rule && f.at("severity") == "error") return f;
    return nullptr;
  }
  // The blocking finding `rule` of validating `number` (null, and a failure
  // showing the whole result, when there is none).
  nlohmann::json blocking(const std::string &number, const std::string &rule) {
    const auto r = validate(number);
    auto f = find(r, rule);
    if (f.is_null()) ADD_FAILURE() << "no blocking " << rule << " for " << number << ": " << r.dump(2);
    return f;
  }
  // The field a blocking finding names; "" when there is no such finding
  // (blocking() has failed the test then).
  std::string blocking_field(const std::string &number, const std::string &rule) {
    const auto f = blocking(number, rule);
    return f.is_object() && f.contains("field") ? f.at("field").get<std::string>() : std::string();
  }
  void channels(const std::string &list) {
    config::set(ctx(), "DE01", "invoice.delivery_channels", list, "test");
  }
};

TEST_F(einvoice_validate, a_complete_invoice_has_no_blocking_finding) {
  channels("email,print");
  auto r = validate("RE-1");
  EXPECT_EQ(r.at("blocking"), 0u) << r.dump(2);
  EXPECT_EQ(r.at("channels"), nlohmann::json::array({"email", "print"}));
}

TEST_F(einvoice_validate, rules_of_unused_channels_never_block) {
  channels("email");
  EXPECT_EQ(validate("RE-1").at("blocking"), 0u);
  // XRechnung alone: the missing Leitweg-ID blocks.
  channels("xrechnung");
  auto r = validate("RE-1");
  auto f = find(r, "BR-DE-15");
  ASSERT_FALSE(f.is_null()) << r.dump(2);
  EXPECT_TRUE(r.at("channel").is_null());
  EXPECT_EQ(f.at("field"), "BT-10 buyer reference");
  EXPECT_EQ(f.at("channel"), "xrechnung");
  EXPECT_NE(f.at("message").get<std::string>().find("Leitweg-ID"), std::string::npos);
  // XRechnung falling back to e-mail: the same finding is a warning, and
  // the invoice goes out by e-mail.
  channels("xrechnung,email");
  r = validate("RE-1");
  EXPECT_EQ(r.at("blocking"), 0u) << r.dump(2);
  EXPECT_EQ(r.at("channel"), "email");
  bool warned = false;
  for (const auto &w : r.at("findings"))
    warned |= w.at("rule") == "BR-DE-15" && w.at("severity") == "warning" &&
              w.at("message").get<std::string>().find("goes out by email") != std::string::npos;
  EXPECT_TRUE(warned) << r.dump(2);
  channels("peppol");
  r = validate("RE-1");
  EXPECT_FALSE(find(r, "PEPPOL-EN16931-R010").is_null()) << r.dump(2);
  EXPECT_TRUE(find(r, "BR-DE-15").is_null()) << "XRechnung rules do not apply to a Peppol-only customer";
}

TEST_F(einvoice_validate, missing_vat_id_where_the_category_needs_it) {
  channels("email");
  invoice(101, 11, "RE-2", "invoice", "100.00", "0.00", "100.00");
  line(101, 1, "1", "100.00", "100.00", "K", "0.00");
  EXPECT_EQ(blocking_field("RE-2", "BR-IC-02"), "BT-48 buyer VAT identifier");
}

TEST_F(einvoice_validate, negative_quantity_on_an_invoice) {
  channels("email");
  returned_line(102, "RE-3", "invoice");
  const auto f = blocking("RE-3", "arx");
  ASSERT_FALSE(f.is_null());
  EXPECT_EQ(f.at("field"), "BT-129 invoiced quantity");
  EXPECT_NE(f.at("message").get<std::string>().find("line 1"), std::string::npos);
}

TEST_F(einvoice_validate, unknown_currency_code) {
  channels("email");
  invoice(103, 10, "RE-4", "invoice", "100.00", "19.00", "119.00", "EUX");
  line(103, 1, "2", "50.00", "100.00", "S", "19.00");
  EXPECT_FALSE(find(validate("RE-4"), "BR-CL-04").is_null());
}

TEST_F(einvoice_validate, yen_lines_must_come_out_whole_for_peppol) {
  // 1 x 10.5 JPY = 10.5, written as 11 (or 10): off by 0.5, beyond Peppol's 0.02.
  invoice(105, 10, "RE-JPY-1", "invoice", "11", "2", "13", "JPY");
  line(105, 1, "1", "10.50", "11", "S", "19.00");
  channels("email");
  EXPECT_TRUE(find(validate("RE-JPY-1"), "PEPPOL-EN16931-R120").is_null()) << "not a rule of e-mail delivery";
  channels("peppol");
  auto f = find(validate("RE-JPY-1"), "PEPPOL-EN16931-R120");
  ASSERT_FALSE(f.is_null()) << validate("RE-JPY-1").dump(2);
  EXPECT_NE(f.at("message").get<std::string>().find("line 1"), std::string::npos);
  // 3 x 33.3333 = 99.9999: within 0.02 of 100.
  invoice(106, 10, "RE-JPY-2", "invoice", "100", "19", "119", "JPY");
  line(106, 1, "3", "33.3333", "100", "S", "19.00");
  EXPECT_TRUE(find(validate("RE-JPY-2"), "PEPPOL-EN16931-R120").is_null()) << validate("RE-JPY-2").dump(2);
}

TEST_F(einvoice_validate, unit_codes_that_are_not_rec_20) {
  channels("email");
  ctx().sql() << "UPDATE erp_invoice_line SET unit_code = 'Stk' WHERE invoice_id = 100";
  auto f = find(validate("RE-1"), "BR-CL-23");
  ASSERT_FALSE(f.is_null()) << validate("RE-1").dump(2);
  EXPECT_NE(f.at("message").get<std::string>().find("'Stk'"), std::string::npos);
  ctx().sql() << "UPDATE erp_invoice_line SET unit_code = 'HUR' WHERE invoice_id = 100";
  EXPECT_EQ(validate("RE-1").at("blocking"), 0u);
}

TEST_F(einvoice_validate, empty_customer_address) {
  channels("print");
  ctx().sql() << "UPDATE erp_customer SET country = NULL, street = NULL, city = NULL, postcode = NULL WHERE id = 10";
  auto r = validate("RE-1");
  EXPECT_FALSE(find(r, "BR-11").is_null()) << r.dump(2);
  auto f = find(r, "arx");
  ASSERT_FALSE(f.is_null()) << r.dump(2);
  EXPECT_EQ(f.at("channel"), "print");
}

TEST_F(einvoice_validate, credit_note_without_its_invoice_reference) {
  channels("email");
  returned_line(104, "GS-1", "credit_note");
  EXPECT_EQ(blocking_field("GS-1", "arx"), "BT-25 preceding invoice reference");
  ctx().sql() << "UPDATE erp_invoice SET order_reference = 'RE-1' WHERE id = 104";
  EXPECT_EQ(validate("GS-1").at("blocking"), 0u) << validate("GS-1").dump(2);
}

TEST_F(einvoice_validate, erp_totals_that_break_the_calculation_rules) {
  channels("email");
  ctx().sql() << "UPDATE erp_invoice SET tax_amount = '19.01', gross_amount = '119.01' WHERE id = 100";
  const auto f = blocking("RE-1", "BR-CO-14");
  ASSERT_FALSE(f.is_null());
  EXPECT_NE(f.at("message").get<std::string>().find("19.01 EUR"), std::string::npos);
  EXPECT_NE(f.at("message").get<std::string>().find("19.00 EUR"), std::string::npos);
}

TEST_F(einvoice_validate, unknown_invoice_is_not_found) {
  std::string msg;
  EXPECT_EQ(status_of([&] { validate("NOPE-1"); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_EQ(status_of([&] { service::invoice_validate(ctx(), "DE01", 424242, ""); }, &msg), ARX_E_NOT_FOUND);
  EXPECT_EQ(service::invoice_validate(ctx(), "DE01", 100, "").at("invoice"), "RE-1");
}

}  // namespace arx::test
