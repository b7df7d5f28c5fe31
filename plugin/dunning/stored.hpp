// Reading notices back as the run stored them (arx_dunning_notice with its
// run's as-of date, and arx_dunning_notice_item in order): one reader for the
// composer, which loads one notice, and the run's result, which lists a run's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "db/context.hpp"
#include "db/uses.hpp"
#include "pdf/notice.hpp"

namespace arx::dunning {

struct stored_notice {
  std::string state;               // decided, composed, ...
  std::string fee_invoice_number;  // the fee document booked for it, or empty
  notice n;
};

// The notices for which `where` holds, by id, each with its items. `where` is
// a condition on `n` (arx_dunning_notice) and `r` (arx_dunning_run); `chunk`
// is the rows per fetch.
std::map<int64_t, stored_notice> read_stored_notices(db::context &ctx, const db::where &where, size_t chunk);

}  // namespace arx::dunning
