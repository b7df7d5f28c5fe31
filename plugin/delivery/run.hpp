// The delivery run (a scheduled job; `arx delivery run`): works off the
// outbox. Each job is claimed in its own committed step, delivered, and its
// outcome recorded before the next; failures are retried with backoff and,
// when a channel fails for good, the next channel of the customer's chain
// takes over. A run that dies leaves every job in a state the next run
// resolves without sending anything twice (docs/DELIVERY.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "delivery/outbox.hpp"
#include "db/context.hpp"

namespace arx::delivery {

struct run_options {
  std::string company;     // company code; empty = every company
  size_t max_jobs = 0;     // 0 = all that are due
  instant now = 0;         // the run's clock (0 = the system clock); leases move on from it in real time
  int lease_seconds = 900; // how long a claim holds, from each claim and each transfer's start, before
                           // another run may recover the job
  // Test hook (C++ only): called with "claimed" after a job's claim is
  // committed, "sending" after its transfer is marked, before it starts, and
  // "transferred" after a file job's files or a print batch are in place,
  // before the outcome is recorded; a test blocks in it to let another run
  // overlap this one, or throws from it to stop the run there.
  std::function<void(std::string_view point, int64_t job_id)> test_pause;
};

// Result: {"companies":[...], "jobs":[{id,key,channel,state,detail}],
// "totals":{"claimed","sent","retry","failed","fell_back","uncertain","recovered","not_configured","lost"},
// "not_configured":[{"channel","key","message"}]}. A job this run claimed but
// another run took over (this run's lease ran out) is listed with state
// "lost" and counted under "lost": this run did not transfer it.
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

// The folder name of a customer in delivery.portal_dir: one path component,
// whatever the ERP's customer number holds. Letters, digits, '-', '_' and '.'
// (not first) stay; every other byte becomes %XX, so "a/b" is "a%2Fb" and
// "../x" is "%2E.%2Fx", and two numbers never share a folder. Throws
// arx::error(ARX_E_VALIDATION) naming the number when it is empty or its name
// would be longer than 255 bytes.
std::string portal_folder_name(std::string_view customer_number);

}  // namespace arx::delivery
