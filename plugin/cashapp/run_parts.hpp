// The parts of cash application that its run, its results and a collector's
// decision share: the settings and model of a company, the ledger read, the
// lock, the decision records and what one statement's transaction writes.
// Internal to plugin/cashapp (run.cpp, results.cpp, decide.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cashapp/engine.hpp"
#include "cashapp/run.hpp"
#include "core/money.hpp"
#include "db/batch.hpp"
#include "db/context.hpp"
#include "erp/booking.hpp"

namespace arx::cashapp::detail {

using nlohmann::json;

engine_settings settings_of(db::context &ctx, const std::string &company, const std::string &currency);
model model_of(db::context &ctx, int64_t company_id);
std::unique_ptr<ledger> read_ledger(db::context &ctx, int64_t company_id, const std::string &currency,
                                    const engine_settings &settings, const model &m);

struct line_row {
  int64_t id = 0, statement_id = 0;
  std::string currency, state;
  payment_line p;
  std::string bank_reference, mandate_id, booking_date;
  core::money amount;
  std::optional<int64_t> erp_line_id;  // the ERP's bank line (erp/bank.hpp), where it keeps statements
};

// The company's lock row (db/company_lock.hpp): runs and confirmations of
// one company follow each other statement by statement.
void ensure_lock_row(db::context &ctx, int64_t company_id, int64_t now);
void lock_company(db::context &ctx, int64_t company_id, int64_t now);

std::string confidence_text(double p);
json features_json(const features &f);
features features_of(const std::string &text);

// What one statement's transaction writes, collected first and sent in
// vector statements: the ERP's side through the port (erp/booking.hpp), which
// gives the payments their ids; arx's decisions after it, naming them.
struct writes {
  std::vector<erp::payment> payments;
  erp::items_read items;  // what the run read of the items it pays
  db::row_batch decisions{{"line_id", "shadow", "generation", "run_id", "company_id", "status", "confidence",
                           "customer_id", "customer_number", "payment_id", "on_account", "reasons", "features",
                           "decided_at", "decided_by"}};
  db::row_batch decided_allocations{{"line_id", "shadow", "generation", "seq", "open_item_id", "invoice_number",
                                     "amount", "kind"}};
  db::row_batch line_states{{"state", "id"}};
};

extern const char *insert_decision;
extern const char *insert_decided_allocation;

std::vector<int64_t> book(db::context &ctx, int64_t company_id, writes &w);
void flush(db::context &ctx, writes &w);
void record_decision(writes &w, const ledger &lg, const line_row &line, const decision &d, bool shadow,
                     int generation, int64_t run_id, int64_t company_id, std::optional<int64_t> payment_id,
                     int64_t now, const std::string &user);
size_t collect_payment(writes &w, const ledger &lg, const line_row &line, const proposal &p);
std::vector<line_row> pending_lines(db::context &ctx, int64_t company_id, const run_request &request, bool shadow);

}  // namespace arx::cashapp::detail
