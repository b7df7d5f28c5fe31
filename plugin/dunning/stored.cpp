#include "dunning/stored.hpp"

#include "core/money.hpp"
#include "db/text_rows.hpp"

namespace arx::dunning {

using db::text_rows;

std::map<int64_t, stored_notice> read_stored_notices(db::context &ctx, const db::where &where, size_t chunk) {
  const db::binder bind = where.bind();
  std::map<int64_t, stored_notice> out;
  text_rows(18, chunk).run(
      ctx.sql(),
      "SELECT n.id, n.customer_id, n.customer_number, n.currency, n.level, n.procedure_code, n.channel, n.template, "
      "n.language, n.overdue_total, n.fee, n.interest, n.total_due, n.pay_by, n.fee_invoice_number, r.as_of, "
      "n.interest_rate, n.state FROM arx_dunning_notice n JOIN arx_dunning_run r ON r.id = n.run_id WHERE " + where.text(),
      bind, [&](const text_rows &row) {
        stored_notice s;
        notice &n = s.n;
        n.customer_id = row.integer(1);
        n.customer_number = row.text(2);
        n.currency = row.text(3);
        n.exponent = core::currency_exponent(n.currency);
        n.level = static_cast<int>(row.integer(4));
        n.procedure_code = row.text(5);
        n.channel = row.text(6);
        n.template_name = row.text(7);
        n.language = row.text(8);
        n.overdue_total = core::parse_minor(row.text(9), n.exponent);
        n.fee = core::parse_minor(row.text(10), n.exponent);
        n.interest = core::parse_minor(row.text(11), n.exponent);
        n.total_due = core::parse_minor(row.text(12), n.exponent);
        n.pay_by = *row.date(13);
        s.fee_invoice_number = row.text(14);
        n.as_of = *row.date(15);
        n.interest_rate = row.text(16);
        s.state = row.text(17);
        out[row.integer(0)] = std::move(s);
      });
  if (out.empty()) return out;
  text_rows(12, chunk).run(
      ctx.sql(),
      "SELECT i.notice_id, i.open_item_id, i.invoice_id, i.invoice_number, i.kind, i.due_date, i.open_amount, "
      "i.days_overdue, i.level, i.escalated, i.interest, i.interest_days FROM arx_dunning_notice_item i "
      "JOIN arx_dunning_notice n ON n.id = i.notice_id JOIN arx_dunning_run r ON r.id = n.run_id WHERE " + where.text() +
          " ORDER BY i.notice_id, i.seq",
      bind, [&](const text_rows &row) {
        const auto it = out.find(row.integer(0));
        if (it == out.end()) return;
        notice &n = it->second.n;
        notice_item i;
        i.open_item_id = row.integer(1);
        if (row.get(2) && !row.get(2)->empty()) i.invoice_id = row.integer(2);
        i.invoice_number = row.text(3);
        i.kind = row.text(4);
        i.due_date = row.date(5);
        i.open_amount = core::parse_minor(row.text(6), n.exponent);
        i.days_overdue = static_cast<int>(row.integer(7));
        i.level = static_cast<int>(row.integer(8));
        i.escalated = row.integer(9) != 0;
        i.interest = core::parse_minor(row.text(10), n.exponent);
        i.interest_days = static_cast<int>(row.integer(11));
        n.items.push_back(std::move(i));
      });
  return out;
}

}  // namespace arx::dunning
