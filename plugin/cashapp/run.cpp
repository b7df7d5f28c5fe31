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
namespace {

// Test hook (the fault tests): ARX_CASHAPP_CRASH=point[:n] ends the process
// at once, without cleanup, the n-th time (default 1st) a run passes `point`
// (before_commit: a statement's writes sent, not committed; after_commit).
// Nothing else reads it.
void crash_point(const char *point) { core::crash_point("ARX_CASHAPP_CRASH", point, 86); }

}  // namespace

using namespace detail;
using db::text_rows;

json run(db::context &ctx, const run_request &request) {
  const auto started = std::chrono::steady_clock::now();
  const erp::company company = erp::find_company(ctx, request.company);
  const bool shadow = request.shadow || config::get(ctx, company.code, "cashapp.mode").value == "shadow";
  const int64_t now = core::now_or(request.now_unix);
  if (!request.currency.empty() && !core::is_currency(request.currency))
    invalid_argument("unknown currency '" + request.currency + "' (ISO 4217)");

  soci::session &sql = ctx.sql();
  const std::string mode = shadow ? "shadow" : "live";
  int64_t run_id = 0;
  {
    soci::transaction tx(sql);
    long long cid = company.id;
    sql << "INSERT INTO arx_cashapp_run (company_id, mode, started_at, started_by) VALUES (:c, :m, :t, :u)",
        soci::use(cid, "c"), soci::use(mode, "m"), soci::use(now, "t"), soci::use(ctx.user(), "u");
    run_id = ctx.db().last_insert_id();
    tx.commit();
  }

  ensure_lock_row(ctx, company.id, now);
  // Short payments within tolerance (deductions) open a dispute for the
  // difference (plugin/collections), in the statement's transaction.
  const bool dispute_deductions =
      !shadow && config::get(ctx, company.code, "cashapp.open_dispute_on_short_payment").value == "true";
  using steady = std::chrono::steady_clock;
  double t_lines = 0, t_ledger = 0, t_decide = 0, t_write = 0;
  auto since = [](steady::time_point t) { return std::chrono::duration<double>(steady::now() - t).count(); };
  auto t0 = steady::now();
  std::vector<line_row> lines = pending_lines(ctx, company.id, request, shadow);
  t_lines = since(t0);
  const model m = model_of(ctx, company.id);
  std::map<std::string, std::unique_ptr<ledger>> ledgers;
  auto ledger_for = [&](const std::string &currency, bool reload) -> ledger & {
    auto &slot = ledgers[currency];
    if (!slot || reload) {
      const auto t = steady::now();
      slot = read_ledger(ctx, company.id, currency, settings_of(ctx, company.code, currency), m);
      t_ledger += since(t);
    }
    return *slot;
  };

  int64_t n_lines = 0, applied = 0, suggested = 0, unmatched = 0;
  std::map<std::string, int64_t> amount_applied;
  size_t begin = 0;
  while (begin < lines.size()) {
    size_t end = begin;
    while (end < lines.size() && lines[end].statement_id == lines[begin].statement_id) ++end;
    const int64_t statement_id = lines[begin].statement_id;
    ctx.progress("cash application", begin, lines.size());

    for (int attempt = 0;; ++attempt) {
      try {
        soci::transaction tx(sql);
        lock_company(ctx, company.id, now);
        // Under the lock: which of this statement's lines are still waiting
        // (another host may have decided them since they were read).
        std::map<int64_t, std::string> state;
        {
          long long sid = statement_id;
          text_rows(2, 10000).run(sql, "SELECT id, state FROM arx_bank_line WHERE statement_id = :s",
                                  db::uses({{"s", sid}}),
                                  [&](const text_rows &r) { state[r.integer(0)] = r.text(1); });
        }
        std::set<int64_t> shadow_done;
        if (shadow) {
          long long sid = statement_id;
          text_rows(1, 10000).run(sql,
                                  "SELECT d.line_id FROM arx_cashapp_decision d JOIN arx_bank_line l ON l.id = "
                                  "d.line_id WHERE l.statement_id = :s AND d.shadow = 1",
                                  db::uses({{"s", sid}}),
                                  [&](const text_rows &r) { shadow_done.insert(r.integer(0)); });
        }
        writes w;
        // Decisions are recorded once the ERP has given the payments their ids.
        struct pending {
          const line_row *line;
          ledger *lg;
          decision d;
          std::optional<size_t> payment;  // position in w.payments
        };
        std::vector<pending> decided;
        std::vector<std::pair<ledger *, proposal>> to_apply;
        struct deduction { int64_t line_id, open_item_id, minor; };
        std::vector<deduction> deductions;
        int64_t s_lines = 0, s_applied = 0, s_suggested = 0, s_unmatched = 0;
        std::map<std::string, int64_t> s_amount;
        for (size_t i = begin; i < end; ++i) {
          const line_row &line = lines[i];
          const std::string &now_state = state[line.id];
          if (shadow ? (now_state != "new" || shadow_done.count(line.id)) : (now_state != "new" && now_state != "return"))
            continue;
          ++s_lines;
          ledger &lg = ledger_for(line.currency, false);
          if (line.state == "return") {
            // A return (a returned direct debit or transfer) undoes a payment;
            // reversing it automatically is not built yet, so it waits for a
            // person, with the reason.
            decision d;
            d.status = decision_status::unmatched;
            d.reasons.push_back("a returned payment: arx does not reverse returns yet (docs/CASHAPP.md); reverse the "
                                "payment it returns in the ERP");
            ++s_unmatched;
            decided.push_back({&line, &lg, std::move(d), std::nullopt});
            if (!shadow) {
              w.line_states.add_row();
              w.line_states.set("state", std::string("unmatched"));
              w.line_states.set("id", line.id);
            }
            continue;
          }
          const auto t_line = steady::now();
          decision d = lg.decide(line.p);
          t_decide += since(t_line);
          std::optional<size_t> payment;
          if (d.status == decision_status::applied) {
            ++s_applied;
            s_amount[line.currency] += line.p.amount_minor;
            if (!shadow) payment = collect_payment(w, lg, line, d.ranked.front());
            if (dispute_deductions)
              for (const auto &a : d.ranked.front().allocations)
                if (a.kind == allocation_kind::deduction) deductions.push_back({line.id, lg.items()[a.item].id, a.minor});
            lg.apply(d.ranked.front());
            to_apply.emplace_back(&lg, d.ranked.front());
          } else if (d.status == decision_status::suggested) {
            ++s_suggested;
          } else {
            ++s_unmatched;
          }
          const auto status = d.status;
          decided.push_back({&line, &lg, std::move(d), payment});
          if (!shadow) {
            w.line_states.add_row();
            w.line_states.set("state", std::string(status_name(status)));
            w.line_states.set("id", line.id);
          }
        }
        const auto t_flush = steady::now();
        const std::vector<int64_t> payment_ids = shadow ? std::vector<int64_t>{} : book(ctx, company.id, w);
        for (const auto &x : decided) {
          std::optional<int64_t> payment_id;
          if (x.payment) payment_id = payment_ids.at(*x.payment);
          record_decision(w, *x.lg, *x.line, x.d, shadow, 1, run_id, company.id, payment_id, now, ctx.user());
        }
        if (!shadow) {
          flush(ctx, w);
          for (const auto &x : deductions)
            collections::open_dispute_in_transaction(ctx, company.id, x.open_item_id, x.minor, "short_payment",
                                                     "cashapp", x.line_id, "short payment booked as a deduction");
        } else {
          if (w.decisions.rows()) w.decisions.execute(sql, insert_decision);
          if (w.decided_allocations.rows()) w.decided_allocations.execute(sql, insert_decided_allocation);
        }
        crash_point("before_commit");
        tx.commit();
        t_write += since(t_flush);
        crash_point("after_commit");
        n_lines += s_lines;
        applied += s_applied;
        suggested += s_suggested;
        unmatched += s_unmatched;
        for (const auto &[ccy, minor] : s_amount) amount_applied[ccy] += minor;
        break;
      } catch (const erp::items_changed &e) {
        // Someone changed an item between the read and this statement: read
        // the ledger again and redo the statement, once.
        if (attempt >= 1)
          fail(ARX_E_CONFLICT, "cash application: statement row " + std::to_string(statement_id) +
                                   ": open items keep changing while the run applies them (" + e.what() +
                                   "); run it again later");
        ctx.log(ARX_LOG_INFO, "cash application: statement row " + std::to_string(statement_id) + ": " + e.what() + "; the ledger is read again and the statement decided anew");
        std::set<std::string> currencies;
        for (size_t i = begin; i < end; ++i) currencies.insert(lines[i].currency);
        for (const auto &ccy : currencies) ledger_for(ccy, true);
      }
    }
    begin = end;
  }

  json amounts = json::object();
  for (const auto &[ccy, minor] : amount_applied) amounts[ccy] = core::format_minor(minor, core::currency_exponent(ccy));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  {
    soci::transaction tx(sql);
    long long rid = run_id;
    const std::string total = amounts.dump();
    sql << "UPDATE arx_cashapp_run SET finished_at = :t, lines = :n, applied = :a, suggested = :s, unmatched = :u, "
           "amount_applied = :amt WHERE id = :id",
        soci::use(now, "t"), soci::use(n_lines, "n"), soci::use(applied, "a"), soci::use(suggested, "s"),
        soci::use(unmatched, "u"), soci::use(total, "amt"), soci::use(rid, "id");
    tx.commit();
  }
  ctx.progress("cash application", lines.size(), lines.size());
  return {{"run_id", run_id},       {"company", company.code}, {"mode", mode},
          {"lines", n_lines},       {"applied", applied},      {"suggested", suggested},
          {"unmatched", unmatched}, {"amount_applied", amounts}, {"seconds", seconds},
          {"phases", {{"read_lines", t_lines}, {"read_ledger", t_ledger}, {"decide", t_decide}, {"write", t_write}}}};
}

}  // namespace arx::cashapp
