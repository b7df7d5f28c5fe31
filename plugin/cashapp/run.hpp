// The cash-application run, its results and the collectors' decisions
// (docs/CASHAPP.md §2-4): the database side of the matching engine.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::cashapp {

struct run_request {
  std::string company;       // code; required
  std::string currency;      // empty = every currency with new lines
  int64_t statement_id = 0;  // 0 = every statement
  bool shadow = false;       // or cashapp.mode = shadow
  int64_t now_unix = 0;      // 0 = the system clock
};

// Decides every line that has no decision yet, one transaction per
// statement. {"run_id", "mode", "lines", "applied", "suggested", "unmatched",
// "amount_applied": {"EUR": "..."}, "seconds", "phases": {...}}.
nlohmann::json run(db::context &ctx, const run_request &request);

struct results_request {
  std::string company;
  int64_t statement_id = 0;
  std::string status;  // applied, suggested, unmatched; empty = all
  bool shadow = false; // the shadow decisions instead of the live ones
  uint32_t limit = 0;  // 0 = all
  uint32_t offset = 0;
};
// {"lines": [{"line_id", "bank_reference", "amount", "currency", "status",
// "confidence", "customer_number", "allocations": [...], "reasons": [...]}]}
nlohmann::json results(db::context &ctx, const results_request &request);

// A collector confirms (applies the top proposal) or rejects a suggestion;
// both teach the model. `line_id` is the results' line_id. ARX_E_CONFLICT
// for a line already applied, ARX_E_INVALID_ARGUMENT for a line with nothing
// to confirm, ARX_E_NOT_FOUND for an unknown line.
nlohmann::json decide(db::context &ctx, int64_t line_id, bool confirm, const std::string &reason,
                      int64_t now_unix = 0);

// A demo bank statement (camt.053) paying the company's open items the ways
// customers pay (plugin/cashapp/synthetic.hpp), dated `on`, into the
// company's IBAN: for the demo and for trying arx on a copy of real data.
std::string demo_statement(db::context &ctx, const std::string &company, uint64_t seed, uint32_t lines,
                           core::date on);

}  // namespace arx::cashapp
