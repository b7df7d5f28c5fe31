// The post hook's added latency: what posting one 10-line invoice costs the
// ERP's posting transaction on the embedded SQLite database, per channel
// (peppol: the UBL document; email: the PDF and its message), measured one
// call at a time, reported as p50/p99, beside the floor: the same
// transaction with documents of the same size already generated (read the
// invoice, insert the documents and the job, commit), i.e. what any outbox
// must pay for durability.
//
//   arx_bench_post [--invoices N] [--out FILE]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/store.hpp"
#include "delivery/outbox.hpp"
#include "einvoice/from_erp.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

struct options {
  int invoices = 400;
  std::string out = ARX_BENCH_DEFAULT_OUT;
  std::string sqlite_options; // e.g. "JournalMode=WAL;SyncPragma=NORMAL"
};

void seed(arx::db::context &ctx, int invoices) {
  auto &s = ctx.sql();
  s << "INSERT INTO erp_company (id, code, name, currency, country, vat_id, iban, bic, street, city, postcode, email, "
       "peppol_id, phone, contact_name) VALUES (1, 'DE01', 'Muster GmbH', 'EUR', 'DE', 'DE123456789', "
       "'DE02120300000000202051', 'BYLADEM1001', 'Hauptstr. 1', 'Berlin', '10115', 'ar@muster.example', "
       "'0088:4035811991014', '+49 30 555 0100', 'Eva Muster')";
  // C1 receives UBL through Peppol, C2 a PDF by e-mail.
  s << "INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, "
       "postcode, peppol_id, payment_terms_days) VALUES (10, 1, 'C1', 'Kunde AG', 'DE', 'DE987654321', "
       "'ap@kunde.example', 'de', 'Ring 5', 'Hamburg', '20095', '0088:4000001000005', 30)";
  s << "INSERT INTO erp_customer (id, company_id, number, name, country, vat_id, email, language, street, city, "
       "postcode, peppol_id, payment_terms_days) VALUES (11, 1, 'C2', 'Kunde Zwei GmbH', 'DE', 'DE811907980', "
       "'ap@zwei.example', 'de', 'Weg 2', 'Bremen', '28195', NULL, 30)";
  arx::service::delivery_preference_set(ctx, "DE01", "C1", "peppol", std::nullopt, false);
  arx::service::delivery_preference_set(ctx, "DE01", "C2", "email", std::nullopt, false);
  ::soci::transaction tx(s);
  for (int i = 0; i < 2 * invoices; ++i) {
    long long id = 1000 + i, customer = i % 2 ? 11 : 10;
    std::string number = "RE-" + std::to_string(100000 + i);
    s << "INSERT INTO erp_invoice (id, company_id, customer_id, number, kind, issue_date, due_date, currency, "
         "net_amount, tax_amount, gross_amount, state, buyer_reference, order_reference) VALUES (:id, 1, :c, :n, "
         "'invoice', '2026-11-02', '2026-12-02', 'EUR', '1000.00', '190.00', '1190.00', 'posted', 'BR-1', 'PO-1')",
        ::soci::use(id), ::soci::use(customer), ::soci::use(number);
    for (int l = 1; l <= 10; ++l) {
      long long lid = id * 100 + l;
      s << "INSERT INTO erp_invoice_line (id, invoice_id, line_no, description, quantity, unit_code, unit_price, "
           "net_amount, tax_category, tax_percent) VALUES (:id, :inv, :no, 'Hydraulikpumpe HP-200', '4', 'C62', "
           "'25.00', '100.00', 'S', '19.00')",
          ::soci::use(lid), ::soci::use(id), ::soci::use(l);
    }
  }
  tx.commit();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

json summary(const std::vector<double> &us) {
  return {{"calls", us.size()}, {"p50_ms", percentile(us, 0.5) / 1000}, {"p99_ms", percentile(us, 0.99) / 1000},
          {"max_ms", *std::max_element(us.begin(), us.end()) / 1000}};
}

// A floor document or job of DE01 for the invoice `e` read under `number`.
template <class T> T of_invoice(const arx::einvoice::erp_document &e, const std::string &number) {
  T x;
  x.company_id = 1;
  x.invoice_id = e.invoice_id;
  x.customer_number = e.customer_number;
  x.reference = number;
  return x;
}

}  // namespace

int main(int argc, char **argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--invoices" && i + 1 < argc) o.invoices = std::stoi(argv[++i]);
    else if (a == "--out" && i + 1 < argc) o.out = argv[++i];
    else if (a == "--sqlite-options" && i + 1 < argc) o.sqlite_options = argv[++i];
    else {
      std::fprintf(stderr, "usage: arx_bench_post [--invoices N] [--sqlite-options OPTS] [--out FILE]\n");
      return 2;
    }
  }
  const auto path = std::filesystem::temp_directory_path() / ("arx-bench-post-" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(path);
  arx::db::context_settings st;
  st.connection_string = "DRIVER=SQLite3;Database=" + path.string() +
                         (o.sqlite_options.empty() ? "" : ";" + o.sqlite_options);
  st.check_schema = false;
  st.user = "bench";
  arx::db::context ctx(st);
  arx::service::schema_install(ctx, ARX_INSTALL_ERP_SCHEMA);
  seed(ctx, o.invoices);

  std::vector<double> peppol, email, floor_peppol, floor_email;
  std::vector<size_t> sizes[2];
  for (int i = 0; i < 2 * o.invoices; ++i) {
    std::string number = "RE-" + std::to_string(100000 + i);
    auto t0 = clock_type::now();
    auto r = arx::service::invoice_post(ctx, "DE01", 0, number);
    auto us = std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
    if (r.at("status") != "queued") {
      std::fprintf(stderr, "posting %s: %s\n", number.c_str(), r.dump().c_str());
      return 1;
    }
    (i % 2 ? email : peppol).push_back(us);
    size_t bytes = 0;
    for (const auto &d : r.at("documents")) bytes += d.at("size").get<size_t>();
    sizes[i % 2].push_back(bytes);
  }
  // The floor: read the invoice, then one transaction inserting documents of
  // the same sizes (bytes made beforehand) and a job, and commit.
  for (int i = 0; i < 2 * o.invoices; ++i) {
    std::string number = "RE-" + std::to_string(100000 + i);
    const std::string bytes(sizes[i % 2][static_cast<size_t>(i / 2)], 'x');
    auto t0 = clock_type::now();
    auto e = arx::einvoice::read_document(ctx, "DE01", number, arx::einvoice::specification::peppol_bis3);
    {
      ::soci::transaction tx(ctx.sql());
      auto d = of_invoice<arx::delivery::new_document>(e, number);
      d.role = "invoice";
      d.format = "floor";
      d.filename = number + ".bin";
      d.content_type = "application/octet-stream";
      d.data = bytes;
      auto s = arx::delivery::put_document(ctx, d);
      auto j = of_invoice<arx::delivery::job>(e, number);
      j.purpose = "floor";
      j.key = "floor/" + number;
      j.channel = i % 2 ? "email" : "peppol";
      j.next_attempt_at = 0;
      arx::delivery::enqueue(ctx, j, {s.id}, 0, "floor");
      tx.commit();
    }
    auto us = std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
    (i % 2 ? floor_email : floor_peppol).push_back(us);
  }
  // Reading alone, for the record: what the floor spends before writing.
  std::vector<double> reads;
  for (int i = 0; i < 2 * o.invoices; ++i) {
    std::string number = "RE-" + std::to_string(100000 + i);
    auto t0 = clock_type::now();
    auto e = arx::einvoice::read_document(ctx, "DE01", number, arx::einvoice::specification::peppol_bis3);
    reads.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  std::filesystem::remove(path);

  json result = {{"benchmark", "post"},
                 {"database", "SQLite (ODBC), file in " + std::filesystem::temp_directory_path().string()},
                 {"sqlite_options", o.sqlite_options.empty() ? "driver defaults (rollback journal, synchronous FULL)"
                                                             : o.sqlite_options},
                 {"invoice_lines", 10},
                 {"peppol_ubl", summary(peppol)},
                 {"email_pdf", summary(email)},
                 {"floor_peppol", summary(floor_peppol)},
                 {"floor_email", summary(floor_email)},
                 {"ratio_p50_peppol", percentile(peppol, 0.5) / percentile(floor_peppol, 0.5)},
                 {"ratio_p50_email", percentile(email, 0.5) / percentile(floor_email, 0.5)},
                 {"read_invoice", summary(reads)},
                 {"target_p99_ms", 5.0}};
  std::printf("post hook, 10-line invoice, SQLite, %d calls per channel\n", o.invoices);
  std::printf("  %-8s p50 %7.3f ms  p99 %7.3f ms   floor p50 %7.3f ms  p99 %7.3f ms   ratio p50 %.2f\n", "peppol",
              percentile(peppol, 0.5) / 1000, percentile(peppol, 0.99) / 1000, percentile(floor_peppol, 0.5) / 1000,
              percentile(floor_peppol, 0.99) / 1000, result["ratio_p50_peppol"].get<double>());
  std::printf("  %-8s p50 %7.3f ms  p99 %7.3f ms   floor p50 %7.3f ms  p99 %7.3f ms   ratio p50 %.2f\n", "email",
              percentile(email, 0.5) / 1000, percentile(email, 0.99) / 1000, percentile(floor_email, 0.5) / 1000,
              percentile(floor_email, 0.99) / 1000, result["ratio_p50_email"].get<double>());
  std::printf("  reading the invoice alone: p50 %7.3f ms  p99 %7.3f ms\n", percentile(reads, 0.5) / 1000,
              percentile(reads, 0.99) / 1000);
  std::filesystem::create_directories(std::filesystem::path(o.out).parent_path());
  std::ofstream(o.out) << result.dump(2) << "\n";
  std::printf("results: %s\n", o.out.c_str());
  return 0;
}
