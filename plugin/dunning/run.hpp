// The dunning run: exactly once per company and as-of date (docs/DUNNING.md).
//
// A run decides customer by customer, in chunks of customers, each chunk one
// transaction under the company's dunning lock: its notices, their items,
// the fee invoices and open items in the ERP, the items' new levels, the
// contact history and call tasks. Then it composes each notice's documents
// (e-mail text, letter PDF, copies of the overdue invoices) and queues them
// in the delivery outbox, a few notices per transaction. A rerun, a restart
// after a crash or a second host finds what is done by the run's rows and
// only does the rest; a completed run is reported, not repeated.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::dunning {

struct run_request {
  std::string company;
  std::optional<core::date> as_of;  // empty: the host's business date
  std::string customer;             // one customer number, or empty for all
  bool preview = false;             // decide and report, write nothing
  bool summary = false;             // totals only, no notice list
  int64_t now = 0;                  // seconds since 1970 (0: the clock)
  size_t chunk = 500;               // customers per transaction
  bool compose = true;              // false: decide and book only; the notices wait for a later run to compose
                                    // them (the benchmark measures the two apart)
};

// Result: {"company","as_of","run_id","status":"completed"|"already_completed"|
// "partial"|"preview","notices":[...],"held":[...],"totals":{...}}; the
// notice and item fields are listed in docs/DUNNING.md.
nlohmann::json run(db::context &ctx, const run_request &request);

}  // namespace arx::dunning
