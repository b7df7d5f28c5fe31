// The ERP port's reminders: ERPs with dunning records of their own (Tryton's
// account.dunning) are told the level arx reminded each item at, so that
// their screens show it; and arx refuses to remind while the ERP holds
// reminders of its own waiting to go out, so that no customer is reminded
// twice. A profile without these statements (the reference ERP) keeps
// arx's levels in arx's tables only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/context.hpp"

namespace arx::erp {

struct reminder_level {
  int64_t open_item_id = 0;
  int level = 0;     // arx's level, from 1
  std::string date;  // ISO date of the run
};

// Records the levels (`dunning.record`, one row per item) inside the
// caller's transaction; nothing when the profile has no such statement.
void record_reminder_levels(db::context &ctx, int64_t company_id, const std::vector<reminder_level> &levels);

struct erp_reminders {
  int64_t count = 0;
  std::string first;  // how the ERP names the first of them
};

// The ERP's own reminders of the company that wait to be sent
// (`dunning.pending_in_erp`: count, name of the first); none when the
// profile has no such statement.
std::optional<erp_reminders> reminders_pending_in_erp(db::context &ctx, int64_t company_id);

}  // namespace arx::erp
