#include "erp/reminders.hpp"

#include "erp/statement.hpp"

namespace arx::erp {

void record_reminder_levels(db::context &ctx, int64_t company_id, const std::vector<reminder_level> &levels) {
  if (levels.empty() || !ctx.profile().has("dunning.record")) return;
  detail::statement_batch rows(ctx, "dunning.record", {"company_id", "open_item_id", "level", "date"});
  for (const auto &l : levels) {
    rows.add_row();
    rows.set("company_id", company_id);
    rows.set("open_item_id", l.open_item_id);
    rows.set("level", static_cast<int64_t>(l.level));
    rows.set("date", l.date);
  }
  rows.execute();
}

std::optional<erp_reminders> reminders_pending_in_erp(db::context &ctx, int64_t company_id) {
  if (!ctx.profile().has("dunning.pending_in_erp")) return std::nullopt;
  erp_reminders out;
  detail::query(ctx, "dunning.pending_in_erp", {detail::p("company_id", company_id)}, 2,
                [&](const db::text_rows &r) {
                  out.count = r.integer(0);
                  out.first = r.text(1);
                });
  if (out.count == 0) return std::nullopt;
  return out;
}

}  // namespace arx::erp
