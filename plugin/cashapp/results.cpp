#include "cashapp/run.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <soci/soci.h>

#include "cashapp/engine.hpp"
#include "cashapp/synthetic.hpp"
#include "collections/dispute.hpp"
#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/fault.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "db/batch.hpp"
#include "db/company_lock.hpp"
#include "db/text_rows.hpp"
#include "db/uses.hpp"
#include "erp/booking.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "cashapp/run_parts.hpp"

namespace arx::cashapp {

using namespace detail;
using db::text_rows;

json results(db::context &ctx, const results_request &request) {
  const erp::company company = erp::find_company(ctx, request.company);
  if (!request.status.empty() && request.status != "applied" && request.status != "suggested" &&
      request.status != "unmatched")
    invalid_argument("status '" + request.status + "' is not applied, suggested or unmatched");
  db::where where;
  where
      .add("d.company_id = :c AND d.shadow = :sh AND d.superseded = 0",
           {{"c", company.id}, {"sh", request.shadow ? 1 : 0}})
      .add_if(request.statement_id != 0, "l.statement_id = :s", {{"s", request.statement_id}})
      .add_if(!request.status.empty(), "d.status = :st", {{"st", request.status}});
  const db::binder bind = where.bind();
  std::string page = " ORDER BY l.statement_id, l.line_no";
  if (request.limit) page += " LIMIT " + std::to_string(request.limit);
  if (request.offset) page += (request.limit ? "" : " LIMIT -1") + std::string(" OFFSET ") + std::to_string(request.offset);
  if (ctx.db().kind() == db::dialect::postgresql && request.offset && !request.limit)
    page = " ORDER BY l.statement_id, l.line_no OFFSET " + std::to_string(request.offset);

  json lines = json::array();
  std::map<std::pair<int64_t, int64_t>, size_t> index;  // (line, generation) -> position
  text_rows(11, 1000).run(
      ctx.sql(),
      "SELECT l.id, l.bank_reference, l.amount, l.currency, d.status, d.confidence, d.customer_number, d.reasons, "
      "d.generation, d.on_account, l.statement_id FROM arx_cashapp_decision d JOIN arx_bank_line l ON l.id = d.line_id "
      "WHERE " + where.text() + page,
      bind, [&](const text_rows &r) {
        json reasons = json::parse(r.text(7), nullptr, false);
        json line = {{"line_id", r.integer(0)},
                     {"statement_id", r.integer(10)},
                     {"bank_reference", r.text(1)},
                     {"amount", r.text(2)},
                     {"currency", r.text(3)},
                     {"status", r.text(4)},
                     // Stored as "0.97"; read without the host's locale.
                     {"confidence", r.text(5).empty() ? 0.0
                                                      : static_cast<double>(core::parse_scaled(r.text(5), 2)) / 100.0},
                     {"customer_number", r.get(6) ? json(r.text(6)) : json(nullptr)},
                     {"allocations", json::array()},
                     {"reasons", reasons.is_array() ? reasons : json::array()}};
        if (r.get(9) && !r.text(9).empty()) line["on_account"] = r.text(9);
        index[{r.integer(0), r.integer(8)}] = lines.size();
        lines.push_back(std::move(line));
      });
  if (!lines.empty()) {
    text_rows(6, 5000).run(
        ctx.sql(),
        "SELECT a.line_id, a.generation, a.invoice_number, a.amount, a.kind, a.seq FROM arx_cashapp_allocation a "
        "JOIN arx_cashapp_decision d ON d.line_id = a.line_id AND d.shadow = a.shadow AND d.generation = "
        "a.generation JOIN arx_bank_line l ON l.id = d.line_id WHERE " + where.text() + " ORDER BY a.line_id, a.seq",
        bind, [&](const text_rows &r) {
          const auto it = index.find({r.integer(0), r.integer(1)});
          if (it == index.end()) return;
          lines[it->second]["allocations"].push_back(
              {{"invoice_number", r.text(2)}, {"amount", r.text(3)}, {"kind", r.text(4)}});
        });
  }
  return {{"company", company.code}, {"shadow", request.shadow}, {"lines", lines}};
}

}  // namespace arx::cashapp
