// The promise of the validate hook, checked against the official validators:
// an ERP invoice that validate lets through for a channel becomes a document
// that passes XSD, EN 16931, Peppol BIS 3 and XRechnung 3.0.2 for that channel.
// The ERP is the demo's reference ERP on SQLite, its master data completed
// for most customers, so both passing and blocked invoices occur.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "config/store.hpp"
#include "corpus.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"

namespace arx::einvoice::conformance {
namespace {

namespace fs = std::filesystem;

struct channel_case {
  const char *channel;                // delivery channel configured
  std::vector<const char *> formats;  // the documents that channel sends
};

TEST(erp_documents, what_validate_lets_through_passes_the_official_validators) {
  const fs::path dir = fs::temp_directory_path() / ("arx-conformance-erp-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "erp.db").string();

  db::context_settings s;
  s.connection_string = "DRIVER=SQLite3;Database=" + db;
  s.check_schema = false;
  db::context ctx(s);
  service::schema_install(ctx, ARX_INSTALL_ERP_SCHEMA);
  service::demo_request r;
  r.seed = 17;
  r.customers = 25;
  r.invoices = 60;
  r.as_of = arx_date{2026, 10, 31};
  service::demo_generate(ctx, r);
  // Complete the master data of most customers: a buyer reference on their
  // invoices and a Peppol participant id (GLN scheme 0088). Every fifth
  // customer keeps what the demo gave it, so blocked invoices occur too.
  ctx.sql() << "UPDATE erp_invoice SET buyer_reference = 'PO-' || number "
               "WHERE buyer_reference IS NULL AND customer_id % 5 <> 0";
  {
    std::vector<long long> ids(100000);
    ctx.sql() << "SELECT id FROM erp_customer WHERE peppol_id IS NULL AND id % 5 <> 0", soci::into(ids);
    for (long long id : ids) {
      std::string gln = "0088:" + make_gln(std::to_string(400000000000LL + id));
      ctx.sql() << "UPDATE erp_customer SET peppol_id = :p WHERE id = :id", soci::use(gln), soci::use(id);
    }
    // One customer with a mistyped GLN (its check digit off by one).
    std::string typo = make_gln("400000000000");
    typo.back() = static_cast<char>('0' + (typo.back() - '0' + 1) % 10);
    typo = "0088:" + typo;
    ctx.sql() << "UPDATE erp_customer SET peppol_id = :p WHERE id = (SELECT MIN(c.id) FROM erp_customer c "
                 "JOIN erp_invoice i ON i.customer_id = c.id AND i.state = 'posted' WHERE c.id % 5 = 1)",
        soci::use(typo);
  }

  std::vector<std::string> companies(1000), numbers(1000);
  ctx.sql() << "SELECT c.code, i.number FROM erp_invoice i JOIN erp_company c ON c.id = i.company_id "
               "WHERE i.state = 'posted' ORDER BY i.id",
      soci::into(companies), soci::into(numbers);
  ASSERT_GT(numbers.size(), 100u);

  const std::vector<channel_case> cases = {{"peppol", {"ubl"}}, {"xrechnung", {"xrechnung-ubl", "xrechnung-cii"}}};
  size_t written = 0, blocked = 0, typo_blocked = 0;
  for (const auto &cc : cases) {
    for (const char *company : {"DE01", "NL01", "GB01"})
      config::set(ctx, company, "invoice.delivery_channels", std::string(cc.channel), "conformance test");
    for (size_t i = 0; i < numbers.size(); ++i) {
      auto v = service::invoice_validate(ctx, companies[i], 0, numbers[i]);
      if (v.at("blocking").get<size_t>() > 0) {
        ++blocked;
        for (const auto &f : v.at("findings"))
          typo_blocked += f.at("rule") == "PEPPOL-COMMON-R040/R043";
        continue;
      }
      for (const char *format : cc.formats) {
        std::ofstream(dir / (numbers[i] + "." + format + ".xml"), std::ios::binary)
            << service::invoice_render(ctx, companies[i], numbers[i], format);
        ++written;
      }
    }
  }
  fs::remove(db);
  std::cout << written << " documents written from ERP invoices validate let through; " << blocked
            << " invoice/channel pairs blocked by validate\n";
  ASSERT_GT(written, 150u) << "too few documents to say anything";
  ASSERT_GT(blocked, 0u) << "the data was meant to include incomplete customers";
  EXPECT_GT(typo_blocked, 0u) << "the customer with the mistyped GLN must be stopped by validate";

  auto report = run_validator(dir.string());
  ASSERT_NE(report.exit_status, 2) << report.output;
  EXPECT_EQ(report.failed, 0) << report.output;
  EXPECT_EQ(report.passed, static_cast<int>(written)) << report.output;
  if (report.failed == 0) fs::remove_all(dir);
}

}  // namespace
}  // namespace arx::einvoice::conformance
