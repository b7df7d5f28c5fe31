// The delivery run (a scheduled job; `arx delivery run`): works off the
// outbox. Each job is claimed in its own committed step, delivered, and its
// outcome recorded before the next; failures are retried with backoff and,
// when a channel fails for good, the next channel of the customer's chain
// takes over. A run that dies leaves every job in a state the next run
// resolves without sending anything twice (docs/DELIVERY.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "delivery/outbox.hpp"
#include "db/context.hpp"

namespace arx::delivery {

struct run_options {
  std::string company;     // company code; empty = every company
  size_t max_jobs = 0;     // 0 = all that are due
  instant now = 0;         // the run's clock (0 = the system clock)
  int lease_seconds = 900; // how long a claim holds before another run may recover it
};

// Result: {"companies":[...], "jobs":[{id,key,channel,state,detail}],
// "totals":{"claimed","sent","retry","failed","fell_back","uncertain","recovered","not_configured"},
// "not_configured":[{"channel","key","message"}]}.
nlohmann::json run(db::context &ctx, const run_options &options);

// The outbox at a glance for `arx delivery status`: counts per state and
// channel, and the jobs that need a person (failed, uncertain) or match the
// filters.
nlohmann::json status(db::context &ctx, const std::string &company, const std::string &state,
                      const std::string &reference, size_t limit);

// Writes `data` to `path` so that `path` never holds a partial file: a
// temporary file in the same directory, flushed to disk, renamed over
// `path`, and the directory flushed. Creates missing parent directories.
void write_file_atomically(const std::string &path, std::string_view data);

}  // namespace arx::delivery
