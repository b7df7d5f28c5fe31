#include "erp/bank.hpp"

#include "core/money.hpp"
#include "erp/statement.hpp"

namespace arx::erp {

bool keeps_bank_statements(const db::context &ctx) { return ctx.profile().has("statement.record"); }

std::vector<recorded_statement> record_bank_statements(db::context &ctx, int64_t company_id,
                                                       const std::vector<bank_statement> &statements) {
  std::vector<recorded_statement> out;
  if (!keeps_bank_statements(ctx) || statements.empty()) return out;
  size_t n_lines = 0;
  for (const auto &s : statements) n_lines += s.lines.size();
  const auto statement_ids = detail::allocate_ids(ctx, company_id, "statement", statements.size());
  const auto line_ids = detail::allocate_ids(ctx, company_id, "statement_line", n_lines);

  detail::statement_batch head(ctx, "statement.record",
                               {"id", "company_id", "account", "statement_ref", "currency", "date", "lines",
                                "total"});
  detail::statement_batch rows(ctx, "statement.line",
                               {"id", "statement_id", "company_id", "line_no", "amount", "date", "payer_name",
                                "payer_account", "bank_reference", "remittance"});
  out.resize(statements.size());
  size_t next = 0;
  for (size_t i = 0; i < statements.size(); ++i) {
    const bank_statement &s = statements[i];
    out[i].statement_id = statement_ids[i];
    head.add_row();
    head.set("id", statement_ids[i]);
    head.set("company_id", company_id);
    head.set("account", s.account);
    head.set("statement_ref", s.statement_ref);
    head.set("currency", s.currency);
    head.set("date", s.date);
    head.set("lines", static_cast<int64_t>(s.lines.size()));
    const int exponent = core::currency_exponent(s.currency);
    int64_t total = 0;
    for (const auto &l : s.lines) total += core::parse_minor(l.amount, exponent, core::excess_digits::reject);
    head.set("total", core::format_minor(total, exponent));
    for (const auto &l : s.lines) {
      const int64_t id = line_ids[next++];
      out[i].line_ids.push_back(id);
      rows.add_row();
      rows.set("id", id);
      rows.set("statement_id", statement_ids[i]);
      rows.set("company_id", company_id);
      rows.set("line_no", l.line_no);
      rows.set("amount", l.amount);
      rows.set("date", l.date);
      rows.set("payer_name", l.payer_name);
      rows.set("payer_account", l.payer_account);
      rows.set("bank_reference", l.bank_reference);
      rows.set("remittance", l.remittance);
    }
  }
  head.execute();
  rows.execute();
  return out;
}

}  // namespace arx::erp
