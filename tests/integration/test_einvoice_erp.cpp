// Reading ERP invoices into the EN 16931 model: the totals arx computes by the
// EN 16931 rules agree with what the ERP stored, for every posted document of
// the demo, and missing data is reported by name.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/store.hpp"
#include "einvoice/compute.hpp"
#include "einvoice/from_erp.hpp"
#include "einvoice/render.hpp"
#include "fixture.hpp"

namespace arx::test {

class einvoice_erp : public db_test {
protected:
  void SetUp() override {
    db_test::SetUp();
    install();
    service::demo_generate(ctx(), {.seed = 3, .customers = 30, .invoices = 150, .as_of = arx_date{2026, 9, 30}});
  }

  std::vector<std::pair<std::string, std::string>> posted_documents() {
    std::vector<std::string> codes(1000), numbers(1000);
    ctx().sql() << "SELECT c.code, i.number FROM erp_invoice i JOIN erp_company c ON c.id = i.company_id "
                   "WHERE i.state = 'posted' ORDER BY i.id",
        soci::into(codes), soci::into(numbers);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < codes.size(); ++i) out.emplace_back(codes[i], numbers[i]);
    return out;
  }
};

TEST_F(einvoice_erp, computed_totals_match_the_erp_for_every_posted_document) {
  auto docs = posted_documents();
  ASSERT_GT(docs.size(), 300u);
  size_t credit_notes = 0;
  for (const auto &[company, number] : docs) {
    auto e = einvoice::read_document(ctx(), company, number, einvoice::specification::peppol_bis3);
    einvoice::compute_totals(e.doc);
    const int sign = e.doc.type == einvoice::document_type::credit_note ? -1 : 1;
    credit_notes += sign < 0;
    EXPECT_EQ(sign * e.doc.sums.tax_exclusive, e.stored.net) << company << " " << number;
    EXPECT_EQ(sign * e.doc.sums.tax, e.stored.tax) << company << " " << number;
    EXPECT_EQ(sign * e.doc.sums.tax_inclusive, e.stored.gross) << company << " " << number;
    EXPECT_FALSE(e.doc.vat.empty());
  }
  EXPECT_GT(credit_notes, 0u);
}

TEST_F(einvoice_erp, credit_notes_reference_the_corrected_invoice) {
  std::string number;
  ctx().sql() << "SELECT number FROM erp_invoice WHERE kind = 'credit_note' AND state = 'posted' ORDER BY id",
      soci::into(number);
  ASSERT_FALSE(number.empty());
  std::string company;
  ctx().sql() << "SELECT c.code FROM erp_invoice i JOIN erp_company c ON c.id = i.company_id WHERE i.number = :n",
      soci::use(number), soci::into(company);
  auto e = einvoice::read_document(ctx(), company, number, einvoice::specification::peppol_bis3);
  EXPECT_EQ(e.doc.type, einvoice::document_type::credit_note);
  ASSERT_TRUE(e.doc.preceding_invoice.has_value());
  EXPECT_FALSE(e.doc.order_reference.has_value());
  for (const auto &l : e.doc.lines) EXPECT_GE(l.net_amount, 0) << "credit note lines are positive in the document";
}

TEST_F(einvoice_erp, unknown_documents_and_missing_data_are_named) {
  std::string msg;
  EXPECT_EQ(status_of([&] { einvoice::read_document(ctx(), "DE01", "NO-SUCH-1", einvoice::specification::peppol_bis3); }, &msg),
            ARX_E_NOT_FOUND);
  EXPECT_NE(msg.find("NO-SUCH-1"), std::string::npos) << msg;

  // An invoice without lines cannot become a document (BR-16).
  ctx().sql() << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, currency, net_amount, "
                 "tax_amount, gross_amount, state) SELECT 999999, company_id, id, 'EMPTY-1', 'invoice', '2026-09-01', "
                 "'EUR', 0, 0, 0, 'posted' FROM erp_customer WHERE company_id = 1 ORDER BY id LIMIT 1";
  EXPECT_EQ(status_of([&] { einvoice::read_document(ctx(), "DE01", "EMPTY-1", einvoice::specification::peppol_bis3); }, &msg),
            ARX_E_VALIDATION);
  EXPECT_NE(msg.find("BR-16"), std::string::npos) << msg;
}

}  // namespace arx::test

namespace arx::test {
namespace {

std::string pdf_to_text(const std::string &pdf, const std::string &name) {
  const auto path = std::filesystem::temp_directory_path() / (name + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  if (FILE *p = ::popen(("pdftotext -layout '" + path.string() + "' - 2>&1").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  return out;
}

}  // namespace

// The "pdf" format renders in the customer's language, else in the company's
// general.default_language.
TEST_F(einvoice_erp, pdf_is_rendered_in_the_customers_language) {
  std::string number, company;
  long long customer_id = 0;
  ctx().sql() << "SELECT i.number, c.code, i.customer_id FROM erp_invoice i JOIN erp_company c ON c.id = i.company_id "
                 "WHERE i.kind = 'invoice' AND i.state = 'posted' ORDER BY i.id",
      soci::into(number), soci::into(company), soci::into(customer_id);
  ASSERT_FALSE(number.empty());
  ctx().sql() << "UPDATE erp_customer SET language = 'de' WHERE id = :id", soci::use(customer_id);
  const std::string de = einvoice::render(ctx(), company, number, "pdf");
  ASSERT_EQ(de.rfind("%PDF-", 0), 0u);
  const std::string de_text = pdf_to_text(de, "arx-it-" + number + "-de");
  EXPECT_NE(de_text.find("Rechnung " + number), std::string::npos) << de_text;
  EXPECT_NE(de_text.find("Seite 1 von"), std::string::npos) << de_text;

  ctx().sql() << "UPDATE erp_customer SET language = 'fr' WHERE id = :id", soci::use(customer_id);
  config::set(ctx(), company, "general.default_language", std::string("nl"), "pdf test");
  const std::string nl_text = pdf_to_text(einvoice::render(ctx(), company, number, "pdf"), "arx-it-" + number + "-nl");
  EXPECT_NE(nl_text.find("Factuur " + number), std::string::npos) << nl_text;

  ctx().sql() << "UPDATE erp_customer SET language = NULL WHERE id = :id", soci::use(customer_id);
  config::set(ctx(), company, "general.default_language", std::optional<std::string>(), "pdf test");
  const std::string en_text = pdf_to_text(einvoice::render(ctx(), company, number, "pdf"), "arx-it-" + number + "-en");
  EXPECT_NE(en_text.find("Invoice " + number), std::string::npos) << en_text;
}

}  // namespace arx::test
