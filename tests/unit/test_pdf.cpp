// Unit tests for plugin/pdf: invoice, credit note and statement PDFs read
// back with poppler's pdftotext / pdfinfo / pdffonts, and merging with qpdf.
#include <gtest/gtest.h>

#include <array>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/error.hpp"
#include "einvoice/compute.hpp"
#include "core/rf_reference.hpp"
#include "pdf/format.hpp"
#include "pdf/invoice_pdf.hpp"
#include "pdf/merge.hpp"
#include "pdf/statement_pdf.hpp"
#include "pdf_reader.hpp"

namespace {

using namespace arx;
using namespace arx::einvoice;
using arx::core::format_rf_reference;
using arx::core::make_rf_reference;
using arx::core::rf_payload_from_number;

using test::pdf_info;
using test::pdf_pages;
using test::pdf_text;
using test::run;
using test::temp_pdf;

// A party with a VAT id and an address.
party located(std::string name, std::string vat_id, std::string street, std::string postcode, std::string city,
              std::string country) {
  party p;
  p.name = std::move(name);
  p.vat_id = std::move(vat_id);
  p.street = std::move(street);
  p.postcode = std::move(postcode);
  p.city = std::move(city);
  p.country = std::move(country);
  return p;
}

party seller() {
  party p = located("Nordlicht Maschinenbau GmbH", "DE123456789", "Hafenstraße 12", "20457", "Hamburg", "DE");
  p.contact_name = "Anna Berger";
  p.contact_phone = "+49 40 123456";
  p.contact_email = "ar@nordlicht.example";
  return p;
}

party buyer() {
  return located("Van Dijk Installatietechniek B.V.", "NL004495445B01", "Kanaalweg 7", "3526 KL", "Utrecht", "NL");
}

// An invoice of `n` lines: line i is i x 1,234.5678 (scale 4) at 19 %.
document make_invoice(size_t n, document_type type = document_type::invoice) {
  document d;
  d.type = type;
  d.number = type == document_type::invoice ? "RE-2026-000042" : "GS-2026-000007";
  d.issue_date = core::parse_date("2026-12-01");
  d.due_date = core::parse_date("2026-12-31");
  d.currency = "EUR";
  d.buyer_reference = "04011000-12345-67";
  d.order_reference = "PO-88123";
  if (type == document_type::credit_note) {
    d.preceding_invoice = "RE-2026-000042";
    d.preceding_invoice_date = core::parse_date("2026-11-15");
  }
  d.notes = {"Lieferung frei Haus."};
  d.seller = seller();
  d.buyer = buyer();
  d.payment.iban = "DE89370400440532013000";
  d.payment.bic = "COBADEFFXXX";
  d.payment.terms = "30 days net";
  d.payment.remittance = make_rf_reference(rf_payload_from_number(d.number));
  for (size_t i = 1; i <= n; ++i) {
    line l;
    l.id = std::to_string(i);
    l.name = "Article " + std::to_string(i);
    l.quantity = static_cast<int64_t>(i) * 10000;
    l.unit_code = "C62";
    l.unit_price = 12345678;  // 1,234.5678
    // round(i x 1234.5678) at 2 decimals, exactly
    const int64_t exact_e4 = static_cast<int64_t>(i) * 12345678;
    l.net_amount = (exact_e4 + 50) / 100;
    l.tax_category = "S";
    l.tax_percent = 1900;
    d.lines.push_back(std::move(l));
  }
  d.lines.back().name = "Final article of the invoice";
  allowance_charge a;
  a.amount = 1000;
  a.reason = "Loyalty discount";
  a.tax_category = "S";
  a.tax_percent = 1900;
  d.allowances_charges.push_back(a);
  compute_totals(d);
  return d;
}

struct language_case {
  const char *language, *title, *payable, *date;
};

class invoice_pdf : public ::testing::TestWithParam<language_case> {};

TEST_P(invoice_pdf, holds_what_a_clerk_reads) {
  const auto &c = GetParam();
  const document d = make_invoice(10);
  // 10 lines: sum 55 x 1234.5678 = 67901.23 (rounded per line: 67901.23),
  // less 10.00, plus 19 % VAT.
  const std::string bytes = pdf::render_invoice_pdf(d, c.language);
  ASSERT_EQ(bytes.rfind("%PDF-", 0), 0u);
  const std::string text = pdf_text(bytes);
  EXPECT_NE(text.find("RE-2026-000042"), std::string::npos) << text;
  EXPECT_NE(text.find(c.title), std::string::npos) << text;
  EXPECT_NE(text.find(c.payable), std::string::npos) << text;
  EXPECT_NE(text.find(c.date), std::string::npos) << text;
  EXPECT_NE(text.find("DE89 3704 0044 0532 0130 00"), std::string::npos) << text;
  EXPECT_NE(text.find(format_rf_reference(*d.payment.remittance)), std::string::npos) << text;
  EXPECT_NE(text.find("Van Dijk Installatietechniek B.V."), std::string::npos) << text;
  EXPECT_NE(text.find("NL004495445B01"), std::string::npos) << text;
  EXPECT_NE(text.find("04011000-12345-67"), std::string::npos) << text;
  EXPECT_NE(text.find("Loyalty discount"), std::string::npos) << text;
  EXPECT_NE(text.find(pdf::fill(pdf::labels_for(c.language)["page_of"], {{"page", "1"}, {"pages", "1"}})), std::string::npos) << text;
  EXPECT_EQ(pdf_pages(bytes), 1);
  const std::string info = pdf_info(bytes);
  EXPECT_TRUE(std::regex_search(info, std::regex("Title:\\s+RE-2026-000042\n"))) << info;
  EXPECT_TRUE(std::regex_search(info, std::regex("Creator:\\s+arx\n"))) << info;
  EXPECT_TRUE(std::regex_search(info, std::regex("Page size:\\s+595.276 x 841.89 pts \\(A4\\)"))) << info;
}

// Payable: lines 67,901.23 - 10.00 = 67,891.23 net; VAT 19 % = 12,899.3337 ->
// 12,899.33; gross 80,790.56.
INSTANTIATE_TEST_SUITE_P(languages, invoice_pdf,
                         ::testing::Values(language_case{"de", "Rechnung", "80.790,56 EUR", "01.12.2026"},
                                           language_case{"en", "Invoice", "80,790.56 EUR", "1 Dec 2026"},
                                           language_case{"nl", "Factuur", "80.790,56 EUR", "01-12-2026"}),
                         [](const auto &info) { return std::string(info.param.language); });

TEST(invoice_pdf_totals, payable_matches_the_computed_document) {
  const document d = make_invoice(10);
  EXPECT_EQ(d.sums.payable, 8079056);
}

TEST(invoice_pdf_credit_note, has_title_and_preceding_invoice) {
  const document d = make_invoice(3, document_type::credit_note);
  const std::string text = pdf_text(pdf::render_invoice_pdf(d, "de"));
  EXPECT_NE(text.find("Gutschrift GS-2026-000007"), std::string::npos) << text;
  EXPECT_NE(text.find("RE-2026-000042 vom 15.11.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("Gutschriftsbetrag"), std::string::npos) << text;
  // 6 x 1234.5678 = 7407.41 - 10.00 = 7397.41; VAT 1405.51; gross 8802.92
  EXPECT_NE(text.find("8.802,92 EUR"), std::string::npos) << text;
  EXPECT_NE(text.find("DE89 3704 0044 0532 0130 00"), std::string::npos) << text;
  EXPECT_NE(text.find(format_rf_reference(*d.payment.remittance)), std::string::npos) << text;

  const std::string en = pdf_text(pdf::render_invoice_pdf(d, "en"));
  EXPECT_NE(en.find("Credit note GS-2026-000007"), std::string::npos) << en;
  const std::string nl = pdf_text(pdf::render_invoice_pdf(d, "nl"));
  EXPECT_NE(nl.find("Creditnota GS-2026-000007"), std::string::npos) << nl;
}

TEST(invoice_pdf_long, thousand_lines_run_over_pages_with_header_and_numbers) {
  const document d = make_invoice(1000);
  const std::string bytes = pdf::render_invoice_pdf(d, "en");
  const int pages = pdf_pages(bytes);
  ASSERT_GT(pages, 1);
  const std::string text = pdf_text(bytes);
  EXPECT_NE(text.find("Final article of the invoice"), std::string::npos);
  EXPECT_NE(text.find("Page 1 of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Invoice RE-2026-000042 (continued)"), std::string::npos);
  // The table header repeats: once per page that holds lines.
  size_t headers = 0;
  for (size_t at = text.find("Unit price"); at != std::string::npos; at = text.find("Unit price", at + 1))
    ++headers;
  EXPECT_GE(headers, static_cast<size_t>(pages - 1));
  EXPECT_NE(text.find(pdf::format_amount(d.sums.payable, "EUR", pdf::labels_for("en"), true)), std::string::npos);
  // German pagination of the same document.
  const std::string de = pdf_text(pdf::render_invoice_pdf(d, "de"));
  EXPECT_NE(de.find("Seite 2 von "), std::string::npos);
}

TEST(invoice_pdf_fonts, embeds_dejavu_sans) {
  temp_pdf f(pdf::render_invoice_pdf(make_invoice(2), "de"));
  const std::string fonts = run("pdffonts '" + f.path.string() + "' 2>&1");
  EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("DejaVuSans-Bold"), std::string::npos) << fonts;
}

TEST(invoice_pdf_language, unknown_language_is_refused) {
  const document d = make_invoice(1);
  try {
    pdf::render_invoice_pdf(d, "fr");
    FAIL() << "fr was accepted";
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("'fr'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("de, en, nl"), std::string::npos) << e.what();
  }
}

TEST(invoice_pdf_threads, parallel_renders_are_independent) {
  const document d = make_invoice(40);
  std::array<std::string, 4> out;
  std::vector<std::thread> threads;
  const std::array<const char *, 4> langs{"de", "en", "nl", "de"};
  for (size_t i = 0; i < out.size(); ++i)
    threads.emplace_back([&, i] { out[i] = pdf::render_invoice_pdf(d, langs[i]); });
  for (auto &t : threads) t.join();
  EXPECT_NE(pdf_text(out[0]).find("Rechnung RE-2026-000042"), std::string::npos);
  EXPECT_NE(pdf_text(out[1]).find("Invoice RE-2026-000042"), std::string::npos);
  EXPECT_NE(pdf_text(out[2]).find("Factuur RE-2026-000042"), std::string::npos);
  EXPECT_NE(pdf_text(out[3]).find(pdf::format_amount(d.sums.payable, "EUR", pdf::labels_for("de"), true)),
            std::string::npos);
  EXPECT_EQ(pdf_pages(out[0]), pdf_pages(out[3]));
}

TEST(pdf_format, numbers_and_dates_per_language) {
  const auto &de = pdf::labels_for("de"), &en = pdf::labels_for("en"), &nl = pdf::labels_for("nl");
  EXPECT_EQ(pdf::format_amount(123456, "EUR", de), "1.234,56");
  EXPECT_EQ(pdf::format_amount(-123456789, "EUR", en, true), "-1,234,567.89 EUR");
  EXPECT_EQ(pdf::format_amount(5, "EUR", nl), "0,05");
  EXPECT_EQ(pdf::format_amount(1234567, "JPY", en), "1,234,567");
  EXPECT_EQ(pdf::format_amount(1234, "KWD", de), "1,234");
  EXPECT_EQ(pdf::format_amount(INT64_MIN, "EUR", de), "-92.233.720.368.547.758,08");
  EXPECT_EQ(pdf::format_decimal4(25000, 0, de), "2,5");
  EXPECT_EQ(pdf::format_decimal4(100000, 2, en), "10.00");
  EXPECT_EQ(pdf::format_decimal4(12345678, 2, en), "1,234.5678");
  EXPECT_EQ(pdf::format_decimal4(30000, 0, nl), "3");
  EXPECT_EQ(pdf::format_percent(1900, de), "19 %");
  EXPECT_EQ(pdf::format_percent(750, en), "7.5%");
  const auto d = core::parse_date("2026-03-01");
  EXPECT_EQ(pdf::format_date(d, de), "01.03.2026");
  EXPECT_EQ(pdf::format_date(d, nl), "01-03-2026");
  EXPECT_EQ(pdf::format_date(d, en), "1 Mar 2026");
  EXPECT_EQ(pdf::unit_name("HUR", de), "Std");
  EXPECT_EQ(pdf::unit_name("XYZ", en), "XYZ");
}

pdf::statement make_statement(size_t n) {
  pdf::statement s;
  s.seller = seller();
  s.customer = buyer();
  s.customer_number = "K-10077";
  s.as_of = core::parse_date("2026-12-01");
  s.currency = "EUR";
  s.iban = "DE89370400440532013000";
  s.bic = "COBADEFFXXX";
  for (size_t i = 0; i < n; ++i) {
    pdf::statement_item it;
    it.number = "RE-2026-" + std::to_string(1000 + i);
    it.kind = i % 10 == 9 ? "credit_note" : i % 10 == 8 ? "fee" : "invoice";
    it.issue_date = core::add_days(s.as_of, -static_cast<int>(60 - i % 50));
    it.due_date = core::add_days(it.issue_date, 30);
    it.original_amount = 100000 + static_cast<int64_t>(i);
    it.open_amount = it.kind == "credit_note" ? -5000 : 50000;
    it.days_overdue = core::days_between(*it.due_date, s.as_of);
    s.items.push_back(it);
  }
  return s;
}

TEST(statement_pdf, lists_open_items_and_totals) {
  const auto s = make_statement(3);  // 3 invoices: due 29, 28, 27 days overdue
  const std::string text = pdf_text(pdf::render_statement_pdf(s, "de"));
  EXPECT_NE(text.find("Kontoauszug"), std::string::npos) << text;
  EXPECT_NE(text.find("K-10077"), std::string::npos) << text;
  EXPECT_NE(text.find("RE-2026-1002"), std::string::npos) << text;
  EXPECT_NE(text.find("Summe offen"), std::string::npos) << text;
  EXPECT_NE(text.find("1.500,00 EUR"), std::string::npos) << text;  // open and overdue
  EXPECT_NE(text.find("Davon überfällig"), std::string::npos) << text;
  EXPECT_NE(text.find("1.000,02"), std::string::npos) << text;  // an original amount
  EXPECT_NE(text.find("DE89 3704 0044 0532 0130 00"), std::string::npos) << text;
  EXPECT_NE(text.find("Seite 1 von 1"), std::string::npos) << text;
}

TEST(statement_pdf, overdue_total_leaves_out_items_not_yet_due) {
  auto s = make_statement(2);
  s.items[1].days_overdue = -3;
  s.items.push_back(s.items[0]);
  s.items.back().number = "GS-1";
  s.items.back().kind = "credit_note";
  s.items.back().open_amount = -20000;
  s.items.back().days_overdue = 0;
  const std::string text = pdf_text(pdf::render_statement_pdf(s, "en"));
  EXPECT_NE(text.find("Statement of account"), std::string::npos) << text;
  EXPECT_NE(text.find("Credit note"), std::string::npos) << text;
  EXPECT_NE(text.find("800.00 EUR"), std::string::npos) << text;  // 500 + 500 - 200 open
  EXPECT_NE(text.find("500.00 EUR"), std::string::npos) << text;  // overdue: the first only
  EXPECT_NE(text.find("-200.00"), std::string::npos) << text;
}

TEST(statement_pdf, long_statement_and_empty_statement) {
  const auto s = make_statement(300);
  const std::string bytes = pdf::render_statement_pdf(s, "nl");
  const int pages = pdf_pages(bytes);
  ASSERT_GT(pages, 1);
  const std::string text = pdf_text(bytes);
  EXPECT_NE(text.find("RE-2026-1299"), std::string::npos);
  EXPECT_NE(text.find("Pagina " + std::to_string(pages) + " van " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Rekeningoverzicht K-10077 (vervolg)"), std::string::npos);

  const std::string empty = pdf_text(pdf::render_statement_pdf(make_statement(0), "en"));
  EXPECT_NE(empty.find("No open items."), std::string::npos) << empty;
  EXPECT_NE(empty.find("0.00 EUR"), std::string::npos) << empty;
  EXPECT_THROW(pdf::render_statement_pdf(s, "EN"), arx::error);
}

TEST(merge_pdfs, holds_every_page_in_order) {
  const std::string a = pdf::render_invoice_pdf(make_invoice(1), "de");
  const std::string b = pdf::render_invoice_pdf(make_invoice(1000), "en");
  const std::string c = pdf::render_statement_pdf(make_statement(3), "nl");
  const int pa = pdf_pages(a), pb = pdf_pages(b), pc = pdf_pages(c);
  ASSERT_GT(pb, 1);
  const std::string merged = pdf::merge_pdfs({a, b, c});
  EXPECT_EQ(pdf_pages(merged), pa + pb + pc);
  const std::string text = pdf_text(merged);
  const auto first = text.find("Rechnung RE-2026-000042");
  const auto second = text.find("Invoice RE-2026-000042");
  const auto third = text.find("Rekeningoverzicht");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST(merge_pdfs, refuses_empty_input_and_names_a_bad_input) {
  try {
    pdf::merge_pdfs({});
    FAIL() << "empty input accepted";
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
  }
  const std::string good = pdf::render_invoice_pdf(make_invoice(1), "en");
  try {
    pdf::merge_pdfs({good, good, "this is not a PDF at all"});
    FAIL() << "garbage accepted";
  } catch (const arx::error &e) {
    EXPECT_EQ(e.status(), ARX_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("input 2"), std::string::npos) << e.what();
  }
}

}  // namespace
