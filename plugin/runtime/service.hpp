// The operations behind the ABI's function table, one per function, each
// returning the JSON the host receives. plugin/abi only checks arguments and
// converts; the work and its transactions happen here and below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "arx.h"
#include "cashapp/run.hpp"
#include "demo/writer.hpp"
#include "dunning/run.hpp"
#include "db/context.hpp"

namespace arx::service {

nlohmann::json schema_install(db::context &ctx, uint32_t flags);
nlohmann::json schema_check(db::context &ctx);

nlohmann::json config_get(db::context &ctx, const std::string &company, const std::string &key);
void config_set(db::context &ctx, const std::string &company, const std::string &key,
                const std::optional<std::string> &value, const std::string &reason);
nlohmann::json config_list(db::context &ctx, const std::string &company);

using demo_request = demo::request;
nlohmann::json demo_generate(db::context &ctx, const demo_request &request);

// The validate hook: findings for the invoice named by id (non-zero) or number.
nlohmann::json invoice_validate(db::context &ctx, const std::string &company, int64_t invoice_id,
                                const std::string &number);

// One document of an invoice in `format` ("ubl", "xrechnung-ubl",
// "xrechnung-cii", "cii", "pdf"), as bytes.
std::string invoice_render(db::context &ctx, const std::string &company, const std::string &number,
                           const std::string &format);

// ---- invoice posting and delivery (plugin/delivery) ----------------------

// The post hook: {"status": "queued" | "already_posted" | "blocked", ...};
// "blocked" wrote nothing (the ABI answers ARX_E_VALIDATION).
nlohmann::json invoice_post(db::context &ctx, const std::string &company, int64_t invoice_id,
                            const std::string &number, int64_t now_unix = 0);
nlohmann::json invoice_resend(db::context &ctx, const std::string &company, const std::string &number,
                              const std::optional<std::string> &channel, const std::optional<std::string> &recipient,
                              int64_t now_unix = 0);
nlohmann::json invoice_attach(db::context &ctx, const std::string &company, const std::string &number,
                              const std::string &filename, const std::string &content_type, std::string data);

void delivery_preference_set(db::context &ctx, const std::string &company, const std::string &customer,
                             const std::string &channels, const std::optional<std::string> &email, bool attach_xml);
nlohmann::json delivery_preference_get(db::context &ctx, const std::string &company, const std::string &customer);

struct delivery_run_request {
  std::string company; // empty = every company
  uint32_t max_jobs = 0;
  int64_t now_unix = 0; // 0 = the system clock
};
nlohmann::json delivery_run(db::context &ctx, const delivery_run_request &request);
nlohmann::json delivery_status(db::context &ctx, const std::string &company, const std::string &state,
                               const std::string &reference, uint32_t limit);

// Statement of account as of a date (year 0 = the business date): the PDF,
// or queued for e-mail.
std::string statement_render(db::context &ctx, const std::string &company, const std::string &customer,
                             arx_date as_of, const std::string &currency);
nlohmann::json statement_send(db::context &ctx, const std::string &company, const std::string &customer,
                              arx_date as_of, const std::string &currency, int64_t now_unix = 0);

// ---- payment matching (plugin/bank, plugin/cashapp) ----------------------

struct statement_import_request {
  std::string bytes;
  std::string source_name;
  std::string company;  // empty: the company whose IBAN the statements are for
  std::string format;   // empty: detected; else it must be what was detected
  int64_t now_unix = 0;
};
nlohmann::json statement_import(db::context &ctx, const statement_import_request &request);
// Refuses a bank file of `size` bytes above cashapp.max_bank_file_mib, before a
// host path reads it (cashapp::check_file_size).
void statement_import_check_size(db::context &ctx, const std::string &company, const std::string &source_name,
                                 uint64_t size);
nlohmann::json cashapp_run(db::context &ctx, const cashapp::run_request &request);
nlohmann::json cashapp_results(db::context &ctx, const cashapp::results_request &request);
nlohmann::json cashapp_decide(db::context &ctx, int64_t line_id, bool confirm, const std::string &reason,
                              int64_t now_unix = 0);

// ---- dunning and collections (plugin/dunning, plugin/collections) -------

nlohmann::json dunning_run(db::context &ctx, const dunning::run_request &request);

// One collections action (docs/DUNNING.md): params is a JSON object's text.
nlohmann::json collections(db::context &ctx, const std::string &company, const std::string &action,
                           const std::string &params);

// ---- analytics (plugin/analytics) ---------------------------------------

// One analytics action (docs/KPIS.md): JSON text, or the dashboard's HTML.
std::string analytics(db::context &ctx, const std::string &company, const std::string &action,
                      const std::string &params);

}  // namespace arx::service
