// The collectors' worklist: which customers to contact first, with the
// reasons in words, read set-based for the whole company (a handful of
// aggregate queries, whatever the number of customers). Also the collector
// assignment and the completion of collection tasks.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "db/context.hpp"

namespace arx::collections {

// Customers with items due before `as_of` and an amount open, one row per
// customer and currency, ranked by score (plugin/collections/risk.hpp),
// only those of `collector` when it is not empty, at most `limit` rows (0:
// all). {"company", "as_of", "collector", "customers" (rows before the limit), "rows": [{"rank",
// "customer_number", "customer_name", "collector", "currency", "overdue_amount", "overdue_items",
// "disputed_amount", "collectable_amount", "oldest_days_overdue", "predicted_days_late", "p_late",
// "paid_items", "broken_promises", "open_disputes", "open_call_tasks", "active_promise", "blocked",
// "last_contact": {"date", "kind"} | null, "score", "reasons": [...]}]}.
nlohmann::json worklist(db::context &ctx, const std::string &company, core::date as_of,
                        const std::string &collector, uint32_t limit);

// Sets (or with an empty collector removes) the customer's collector in
// arx_dunning_customer, with a note in its history.
// {"company", "customer_number", "collector", "previous"}.
nlohmann::json assign_collector(db::context &ctx, const std::string &company, const std::string &customer_number,
                                const std::string &collector);

// Marks an open collection task done with its outcome (required), with a
// "task" event. ARX_E_NOT_FOUND, ARX_E_CONFLICT for a task already done.
// {"id", "company", "customer_number", "kind", "notice_id", "due_date", "assigned_to", "state", "outcome",
//  "done_at", "done_by"}.
nlohmann::json complete_task(db::context &ctx, const std::string &company, int64_t task_id,
                             const std::string &outcome);

}  // namespace arx::collections
