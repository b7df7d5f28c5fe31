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

namespace arx::cashapp {
namespace {

using nlohmann::json;

// Test hook (the fault tests): ARX_CASHAPP_CRASH=point[:n] ends the process
// at once, without cleanup, the n-th time (default 1st) a run passes `point`
// (before_commit: a statement's writes sent, not committed; after_commit).
// Nothing else reads it.
void crash_point(const char *point) { core::crash_point("ARX_CASHAPP_CRASH", point, 86); }

using db::text_rows;

engine_settings settings_of(db::context &ctx, const std::string &company, const std::string &currency) {
  engine_settings s;
  auto value = [&](const char *key) { return config::get(ctx, company, key).value; };
  const int exponent = core::currency_exponent(currency);
  s.short_tolerance_minor = core::parse_minor(value("cashapp.short_payment_tolerance"), exponent,
                                              core::excess_digits::round);
  s.short_tolerance_basis_points = core::parse_scaled(value("cashapp.short_payment_tolerance_percent"), 2);
  s.discount_grace_days = static_cast<int>(core::parse_scaled(value("cashapp.discount_grace_days"), 0));
  s.auto_apply_confidence =
      static_cast<double>(core::parse_scaled(value("cashapp.auto_apply_min_confidence"), 2)) / 100.0;
  s.auto_apply_margin = static_cast<double>(core::parse_scaled(value("cashapp.auto_apply_margin"), 2)) / 100.0;
  return s;
}

model model_of(db::context &ctx, int64_t company_id) {
  std::string weights;
  soci::indicator ind = soci::i_null;
  ctx.sql() << "SELECT weights FROM arx_cashapp_model WHERE company_id = :c", soci::into(weights, ind),
      soci::use(company_id, "c");
  return ind == soci::i_ok ? model::from_json(weights) : model();
}

// The ledger of one company and currency, read set-based.
std::unique_ptr<ledger> read_ledger(db::context &ctx, int64_t company_id, const std::string &currency,
                                    const engine_settings &settings, const model &m) {
  const int exponent = core::currency_exponent(currency);
  auto l = std::make_unique<ledger>(currency, exponent, settings, m);
  soci::session &sql = ctx.sql();
  long long cid = company_id;

  std::map<int64_t, int64_t> payments;
  text_rows(2, 10000).run(sql, ctx.profile().sql("cashapp.payment_counts"),
                          db::uses({{"company_id", cid}}),
                          [&](const text_rows &r) { payments[r.integer(0)] = r.integer(1); });
  text_rows(3, 10000).run(sql, ctx.profile().sql("cashapp.customers"),
                          db::uses({{"company_id", cid}}),
                          [&](const text_rows &r) {
                            customer_info c;
                            c.id = r.integer(0);
                            c.number = r.text(1);
                            c.name = r.text(2);
                            const auto p = payments.find(c.id);
                            c.payments_seen = p == payments.end() ? 0 : p->second;
                            l->add_customer(std::move(c));
                          });
  text_rows(2, 10000).run(sql, ctx.profile().sql("cashapp.customer_accounts"),
                          db::uses({{"company_id", cid}}),
                          [&](const text_rows &r) { l->add_account(r.text(0), r.integer(1), false); });
  text_rows(2, 10000).run(sql, "SELECT account, customer_id FROM arx_cashapp_account WHERE company_id = :c",
                          db::uses({{"c", cid}}),
                          [&](const text_rows &r) { l->add_account(r.text(0), r.integer(1), true); });
  std::string ccy = currency;
  text_rows(10, 10000).run(
      sql, ctx.profile().sql("cashapp.open_items"),
      db::uses({{"company_id", cid}, {"currency", ccy}}),
      [&](const text_rows &r) {
        open_item it;
        it.id = r.integer(0);
        it.customer_id = r.integer(1);
        it.invoice_number = r.text(2);
        it.payment_reference = r.text(3);
        it.kind = r.text(4);
        it.issue_date = r.date(5);
        it.due_date = r.date(6);
        if (const std::string *pct = r.get(7); pct && !pct->empty())
          it.discount_basis_points = core::parse_scaled(*pct, 2, core::excess_digits::round);
        it.discount_date = r.date(8);
        it.open_minor = core::parse_minor(r.text(9), exponent, core::excess_digits::round);
        l->add_item(std::move(it));
      });
  l->finalize();
  return l;
}

struct line_row {
  int64_t id = 0, statement_id = 0;
  std::string currency, state;
  payment_line p;
  std::string bank_reference, mandate_id, booking_date;
  core::money amount;
};

// The company's lock row (db/company_lock.hpp): runs and confirmations of
// one company follow each other statement by statement.
void ensure_lock_row(db::context &ctx, int64_t company_id, int64_t now) {
  db::ensure_lock_row(ctx, "arx_cashapp_lock", company_id, now);
}
void lock_company(db::context &ctx, int64_t company_id, int64_t now) {
  db::lock_company(ctx, "arx_cashapp_lock", company_id, now);
}

std::string confidence_text(double p) {
  // Two decimals, truncated: 0.999 shows as 0.99, never as 1.00.
  const int64_t basis = static_cast<int64_t>(p * 100.0);
  return core::format_scaled(std::max<int64_t>(0, std::min<int64_t>(basis, 100)), 2);
}

json features_json(const features &f) {
  json j = json::object();
  for (size_t i = 0; i < feature_count; ++i)
    if (f[i] != 0) j[feature_name(i)] = f[i];
  return j;
}

features features_of(const std::string &text) {
  features f{};
  if (text.empty()) return f;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return f;
  for (size_t i = 0; i < feature_count; ++i)
    if (j.contains(feature_name(i)) && j[feature_name(i)].is_number()) f[i] = j[feature_name(i)].get<double>();
  return f;
}

// What one statement's transaction writes, collected first and sent in
// vector statements: the ERP's side through the port (erp/booking.hpp), which
// gives the payments their ids; arx's decisions after it, naming them.
struct writes {
  std::vector<erp::payment> payments;
  erp::items_read items;  // what the run read of the items it pays
  db::row_batch decisions{{"line_id", "shadow", "generation", "run_id", "company_id", "status", "confidence",
                           "customer_id", "customer_number", "payment_id", "on_account", "reasons", "features",
                           "decided_at", "decided_by"}};
  db::row_batch decided_allocations{{"line_id", "shadow", "generation", "seq", "open_item_id", "invoice_number",
                                     "amount", "kind"}};
  db::row_batch line_states{{"state", "id"}};
};

const char *insert_decision =
    "INSERT INTO arx_cashapp_decision (line_id, shadow, generation, run_id, company_id, status, confidence, "
    "customer_id, customer_number, payment_id, on_account, reasons, features, decided_at, decided_by) VALUES "
    "(:line_id, :shadow, :generation, :run_id, :company_id, :status, :confidence, :customer_id, :customer_number, "
    ":payment_id, :on_account, :reasons, :features, :decided_at, :decided_by)";
const char *insert_decided_allocation =
    "INSERT INTO arx_cashapp_allocation (line_id, shadow, generation, seq, open_item_id, invoice_number, amount, kind) "
    "VALUES (:line_id, :shadow, :generation, :seq, :open_item_id, :invoice_number, :amount, :kind)";

// Books the collected payments in the ERP; returns their ids in order. The
// port settles the items only where they still hold the amount arx read and
// throws erp::items_changed otherwise.
std::vector<int64_t> book(db::context &ctx, int64_t company_id, writes &w) {
  std::vector<int64_t> ids;
  for (const auto &b : erp::apply_payments(ctx, company_id, w.payments, w.items)) ids.push_back(b.payment_id);
  return ids;
}

// Sends arx's own rows of the statement.
void flush(db::context &ctx, writes &w) {
  soci::session &sql = ctx.sql();
  if (w.decisions.rows()) w.decisions.execute(sql, insert_decision);
  if (w.decided_allocations.rows()) w.decided_allocations.execute(sql, insert_decided_allocation);
  if (w.line_states.rows()) w.line_states.execute(sql, "UPDATE arx_bank_line SET state = :state WHERE id = :id");
}

void record_decision(writes &w, const ledger &lg, const line_row &line, const decision &d, bool shadow,
                     int generation, int64_t run_id, int64_t company_id, std::optional<int64_t> payment_id,
                     int64_t now, const std::string &user) {
  const proposal *best = d.ranked.empty() ? nullptr : &d.ranked.front();
  w.decisions.add_row();
  w.decisions.set("line_id", line.id);
  w.decisions.set("shadow", int64_t{shadow});
  w.decisions.set("generation", int64_t{generation});
  w.decisions.set("run_id", run_id);
  w.decisions.set("company_id", company_id);
  w.decisions.set("status", std::string(status_name(d.status)));
  w.decisions.set("confidence", confidence_text(d.confidence));
  const customer_info *c = best ? lg.customer(best->customer_id) : nullptr;
  if (best) w.decisions.set("customer_id", best->customer_id);
  else w.decisions.set_null("customer_id");
  if (c) w.decisions.set("customer_number", c->number);
  else w.decisions.set_null("customer_number");
  w.decisions.set("payment_id", payment_id);
  if (best && best->on_account_minor) w.decisions.set("on_account", core::format_minor(best->on_account_minor, lg.exponent()));
  else w.decisions.set_null("on_account");
  std::string reasons = json(d.reasons).dump();
  while (reasons.size() > 4000 && !d.reasons.empty()) reasons = json(std::vector<std::string>(d.reasons.begin(), d.reasons.begin() + 3)).dump();
  w.decisions.set("reasons", std::string(core::utf8_prefix(reasons, 4000)));
  if (best) w.decisions.set("features", features_json(best->f).dump());
  else w.decisions.set_null("features");
  w.decisions.set("decided_at", now);
  w.decisions.set("decided_by", user);
  if (!best) return;
  int64_t seq = 0;
  for (const auto &a : best->allocations) {
    const auto &it = lg.items()[a.item];
    w.decided_allocations.add_row();
    w.decided_allocations.set("line_id", line.id);
    w.decided_allocations.set("shadow", int64_t{shadow});
    w.decided_allocations.set("generation", int64_t{generation});
    w.decided_allocations.set("seq", ++seq);
    w.decided_allocations.set("open_item_id", it.id);
    w.decided_allocations.set("invoice_number", std::string(core::utf8_prefix(it.invoice_number, 40)));
    w.decided_allocations.set("amount", core::format_minor(a.minor, lg.exponent()));
    w.decided_allocations.set("kind", std::string(kind_name(a.kind)));
  }
}

// Collects the ERP side of an applied proposal: the payment and its
// allocations, and what the run read of the items. Returns the payment's
// position among the statement's payments.
size_t collect_payment(writes &w, const ledger &lg, const line_row &line, const proposal &p) {
  erp::payment pm;
  pm.customer_id = p.customer_id;
  pm.value_date = line.p.value_date ? core::format_date(*line.p.value_date) : line.booking_date;
  pm.currency = lg.currency();
  pm.amount_minor = line.p.amount_minor;
  auto text = [](const std::string &v, size_t max) -> std::optional<std::string> {
    if (v.empty()) return std::nullopt;
    return std::string(core::utf8_prefix(v, max));
  };
  pm.payer_name = text(line.p.payer_name, 200);
  pm.payer_iban = text(line.p.payer_account, 34);
  pm.bank_reference = text(line.bank_reference, 100);
  pm.remittance_text = text(line.p.remittance, 1000);
  for (const auto &a : p.allocations) {
    const auto &it = lg.items()[a.item];
    pm.allocations.push_back({it.id, a.minor, std::string(kind_name(a.kind))});
    w.items.try_emplace(it.id, erp::item_read{it.open_minor, lg.exponent()});
  }
  w.payments.push_back(std::move(pm));
  return w.payments.size() - 1;
}

// The lines waiting for a decision, with their references.
std::vector<line_row> pending_lines(db::context &ctx, int64_t company_id, const run_request &request, bool shadow) {
  db::where where;
  where.add("l.company_id = :c", {{"c", company_id}})
      .add(shadow ? "l.state = 'new' AND NOT EXISTS (SELECT 1 FROM arx_cashapp_decision d WHERE d.line_id = l.id AND "
                    "d.shadow = 1)"
                  : "l.state IN ('new', 'return')")
      .add_if(request.statement_id != 0, "l.statement_id = :s", {{"s", request.statement_id}})
      .add_if(!request.currency.empty(), "l.currency = :ccy", {{"ccy", request.currency}});
  const db::binder bind = where.bind();
  std::vector<line_row> lines;
  std::map<int64_t, size_t> index;
  text_rows(15, 1000).run(
      ctx.sql(),
      "SELECT l.id, l.statement_id, l.amount, l.currency, l.value_date, l.booking_date, l.payer_name, "
      "l.payer_account, l.ultimate_payer, l.end_to_end_id, l.remittance, l.bank_reference, l.mandate_id, l.state, "
      "l.line_no FROM arx_bank_line l WHERE " + where.text() + " ORDER BY l.statement_id, l.line_no",
      bind, [&](const text_rows &r) {
        line_row l;
        l.id = r.integer(0);
        l.statement_id = r.integer(1);
        l.currency = r.text(3);
        l.amount = core::money::parse(r.text(2), l.currency);
        l.p.line_id = l.id;
        l.p.amount_minor = l.amount.minor();
        l.p.value_date = r.date(4);
        l.booking_date = r.text(5);
        if (!l.p.value_date) l.p.value_date = r.date(5);
        l.p.payer_name = r.text(6);
        l.p.payer_account = r.text(7);
        l.p.ultimate_payer = r.text(8);
        l.p.end_to_end_id = r.text(9);
        l.p.remittance = r.text(10);
        l.bank_reference = r.text(11);
        l.mandate_id = r.text(12);
        l.state = r.text(13);
        index[l.id] = lines.size();
        lines.push_back(std::move(l));
      });
  if (lines.empty()) return lines;
  text_rows(4, 5000).run(
      ctx.sql(),
      "SELECT r.line_id, r.kind, r.reference, r.amount FROM arx_bank_line_reference r JOIN arx_bank_line l ON "
      "l.id = r.line_id WHERE " + where.text() + " ORDER BY r.line_id, r.seq",
      bind, [&](const text_rows &r) {
        const auto it = index.find(r.integer(0));
        if (it == index.end()) return;
        line_row &l = lines[it->second];
        payment_line::reference ref;
        ref.document = r.text(1) == "document";
        ref.text = r.text(2);
        if (const std::string *a = r.get(3); a && !a->empty())
          ref.amount_minor = core::money::parse(*a, l.currency).minor();
        l.p.references.push_back(std::move(ref));
      });
  return lines;
}

}  // namespace

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

json decide(db::context &ctx, int64_t line_id, bool confirm, const std::string &reason, int64_t now_unix) {
  const int64_t now = core::now_or(now_unix);
  soci::session &sql = ctx.sql();
  long long lid = line_id;
  long long company_id = 0;
  std::string state, currency, amount_text;
  soci::indicator ind = soci::i_null;
  sql << "SELECT company_id, state, currency, amount FROM arx_bank_line WHERE id = :id", soci::into(company_id, ind),
      soci::into(state), soci::into(currency), soci::into(amount_text), soci::use(lid, "id");
  if (ind != soci::i_ok) fail(ARX_E_NOT_FOUND, "no bank statement line " + std::to_string(line_id));

  ensure_lock_row(ctx, company_id, now);
  soci::transaction tx(sql);
  lock_company(ctx, company_id, now);
  sql << "SELECT state FROM arx_bank_line WHERE id = :id", soci::into(state), soci::use(lid, "id");
  if (state == "applied") fail(ARX_E_CONFLICT, "line " + std::to_string(line_id) + " is already applied");
  if (state == "rejected" && !confirm) fail(ARX_E_CONFLICT, "line " + std::to_string(line_id) + " was already rejected");
  if (state != "suggested" && state != "rejected")
    invalid_argument("line " + std::to_string(line_id) + " is " + state + ": there is no suggestion to " +
                     (confirm ? "confirm" : "reject"));

  // The latest live decision and its allocations.
  int generation = 0;
  long long customer_id = 0;
  std::string customer_number, features_text, on_account;
  soci::indicator cust_ind = soci::i_null, num_ind = soci::i_null, feat_ind = soci::i_null, oa_ind = soci::i_null;
  sql << "SELECT generation, customer_id, customer_number, features, on_account FROM arx_cashapp_decision WHERE "
         "line_id = :id AND shadow = 0 AND superseded = 0",
      soci::into(generation), soci::into(customer_id, cust_ind), soci::into(customer_number, num_ind),
      soci::into(features_text, feat_ind), soci::into(on_account, oa_ind), soci::use(lid, "id");
  if (generation == 0) invalid_argument("line " + std::to_string(line_id) + " has no decision to confirm or reject");
  const int exponent = core::currency_exponent(currency);
  struct alloc {
    int64_t item;
    std::string invoice;
    int64_t minor;
    std::string kind;
  };
  std::vector<alloc> allocs;
  text_rows(4, 1000).run(sql,
                         "SELECT open_item_id, invoice_number, amount, kind FROM arx_cashapp_allocation WHERE "
                         "line_id = :id AND shadow = 0 AND generation = :g ORDER BY seq",
                         db::uses({{"id", lid}, {"g", generation}}),
                         [&](const text_rows &r) {
                           allocs.push_back({r.integer(0), r.text(1),
                                             core::parse_minor(r.text(2), exponent, core::excess_digits::round),
                                             r.text(3)});
                         });
  if (confirm && allocs.empty())
    invalid_argument("line " + std::to_string(line_id) + ": the suggestion allocates nothing; apply it in the ERP");

  const int next = generation + 1;
  sql << "UPDATE arx_cashapp_decision SET superseded = 1 WHERE line_id = :id AND shadow = 0 AND generation = :g",
      soci::use(lid, "id"), soci::use(generation, "g");
  const std::string new_state = confirm ? "applied" : "rejected";
  std::optional<long long> payment;
  if (confirm) {
    // The items must still be open for what the suggestion pays.
    std::map<int64_t, int64_t> take;
    for (const auto &a : allocs) take[a.item] += a.minor;
    writes w;
    for (const auto &[item, minor] : take) {
      const auto it = erp::find_open_item(ctx, item);
      if (!it) fail(ARX_E_NOT_FOUND, "open item " + std::to_string(item) + " no longer exists");
      const int64_t open = core::parse_minor(it->open_amount, exponent, core::excess_digits::round);
      if ((minor > 0 && open < minor) || (minor < 0 && open > minor))
        fail(ARX_E_CONFLICT, "line " + std::to_string(line_id) + ": open item " + std::to_string(item) + " has " +
                                 core::format_minor(open, exponent) + " open, the suggestion pays " +
                                 core::format_minor(minor, exponent) + "; it changed since the suggestion was made");
      w.items[item] = erp::item_read{open, exponent};
    }
    std::string value_date, payer_name, payer_iban, bank_ref, remittance, booking;
    soci::indicator vd = soci::i_null, pn = soci::i_null, pi = soci::i_null, br = soci::i_null, rm = soci::i_null,
                    bd = soci::i_null;
    sql << "SELECT value_date, booking_date, payer_name, payer_account, bank_reference, remittance FROM arx_bank_line "
           "WHERE id = :id",
        soci::into(value_date, vd), soci::into(booking, bd), soci::into(payer_name, pn), soci::into(payer_iban, pi),
        soci::into(bank_ref, br), soci::into(remittance, rm), soci::use(lid, "id");
    erp::payment pm;
    if (cust_ind == soci::i_ok) pm.customer_id = static_cast<int64_t>(customer_id);
    pm.value_date = vd == soci::i_ok ? value_date.substr(0, 10) : booking.substr(0, 10);
    pm.currency = currency;
    pm.amount_minor = core::money::parse(amount_text, currency).minor();
    auto opt = [&](const std::string &v, soci::indicator i, size_t max) -> std::optional<std::string> {
      if (i != soci::i_ok || v.empty()) return std::nullopt;
      return std::string(core::utf8_prefix(v, max));
    };
    pm.payer_name = opt(payer_name, pn, 200);
    pm.payer_iban = opt(payer_iban, pi, 34);
    pm.bank_reference = opt(bank_ref, br, 100);
    pm.remittance_text = opt(remittance, rm, 1000);
    for (const auto &a : allocs) pm.allocations.push_back({a.item, a.minor, a.kind});
    w.payments.push_back(std::move(pm));
    try {
      payment = book(ctx, company_id, w).at(0);
    } catch (const erp::items_changed &e) {
      fail(ARX_E_CONFLICT, "line " + std::to_string(line_id) + ": " + e.what() + "; nothing was applied");
    }
    // The payer's account now names this customer.
    if (pi == soci::i_ok && !payer_iban.empty() && cust_ind == soci::i_ok) {
      long long n = 0;
      soci::indicator ni = soci::i_null;
      sql << "SELECT confirmations FROM arx_cashapp_account WHERE company_id = :c AND account = :a AND customer_id = :cu",
          soci::into(n, ni), soci::use(company_id, "c"), soci::use(payer_iban, "a"), soci::use(customer_id, "cu");
      if (ni == soci::i_ok)
        sql << "UPDATE arx_cashapp_account SET confirmations = confirmations + 1, updated_at = :t WHERE company_id = :c "
               "AND account = :a AND customer_id = :cu",
            soci::use(now, "t"), soci::use(company_id, "c"), soci::use(payer_iban, "a"), soci::use(customer_id, "cu");
      else
        sql << "INSERT INTO arx_cashapp_account (company_id, account, customer_id, confirmations, updated_at) VALUES "
               "(:c, :a, :cu, 1, :t)",
            soci::use(company_id, "c"), soci::use(payer_iban, "a"), soci::use(customer_id, "cu"), soci::use(now, "t");
    }
  }
  // The new generation records who decided, and why.
  {
    const std::string status = confirm ? "applied" : "unmatched";
    const std::string conf = confirm ? "1.00" : "0.00";
    const std::string reasons =
        json::array({std::string(confirm ? "confirmed by " : "rejected by ") + ctx.user() +
                     (reason.empty() ? std::string() : ": " + reason)})
            .dump()
            .substr(0, 4000);
    soci::indicator pay_ind = payment ? soci::i_ok : soci::i_null;
    long long pay = payment.value_or(0);
    std::string feats = feat_ind == soci::i_ok ? features_text : std::string();
    soci::indicator fi = feat_ind;
    sql << "INSERT INTO arx_cashapp_decision (line_id, shadow, generation, run_id, company_id, status, confidence, "
           "customer_id, customer_number, payment_id, on_account, reasons, features, decided_at, decided_by) VALUES "
           "(:l, 0, :g, NULL, :c, :s, :conf, :cu, :num, :p, :oa, :r, :f, :t, :u)",
        soci::use(lid, "l"), soci::use(next, "g"), soci::use(company_id, "c"), soci::use(status, "s"),
        soci::use(conf, "conf"), soci::use(customer_id, cust_ind, "cu"), soci::use(customer_number, num_ind, "num"),
        soci::use(pay, pay_ind, "p"), soci::use(on_account, oa_ind, "oa"), soci::use(reasons, "r"),
        soci::use(feats, fi, "f"), soci::use(now, "t"), soci::use(ctx.user(), "u");
    if (confirm) {
      db::row_batch copy({"line_id", "shadow", "generation", "seq", "open_item_id", "invoice_number", "amount", "kind"});
      int64_t seq = 0;
      for (const auto &a : allocs) {
        copy.add_row();
        copy.set("line_id", static_cast<int64_t>(lid));
        copy.set("shadow", int64_t{0});
        copy.set("generation", int64_t{next});
        copy.set("seq", ++seq);
        copy.set("open_item_id", a.item);
        copy.set("invoice_number", a.invoice);
        copy.set("amount", core::format_minor(a.minor, exponent));
        copy.set("kind", a.kind);
      }
      copy.execute(sql, insert_decided_allocation);
    }
  }
  sql << "UPDATE arx_bank_line SET state = :s WHERE id = :id", soci::use(new_state, "s"), soci::use(lid, "id");

  // Teach the model: the example, then a retrain over all of them.
  if (feat_ind == soci::i_ok) {
    const int label = confirm ? 1 : 0;
    sql << "INSERT INTO arx_cashapp_feedback (company_id, line_id, label, features, recorded_at, recorded_by) VALUES "
           "(:c, :l, :lab, :f, :t, :u)",
        soci::use(company_id, "c"), soci::use(lid, "l"), soci::use(label, "lab"), soci::use(features_text, "f"),
        soci::use(now, "t"), soci::use(ctx.user(), "u");
    std::vector<model::example> examples;
    text_rows(2, 5000).run(sql, "SELECT label, features FROM arx_cashapp_feedback WHERE company_id = :c ORDER BY id",
                           db::uses({{"c", company_id}}),
                           [&](const text_rows &r) { examples.push_back({features_of(r.text(1)), r.integer(0) == 1}); });
    model m;
    m.train(examples);
    const std::string weights = m.to_json();
    const long long n = static_cast<long long>(examples.size());
    soci::statement up = (sql.prepare << "UPDATE arx_cashapp_model SET weights = :w, examples = :n, trained_at = :t "
                                         "WHERE company_id = :c",
                          soci::use(weights, "w"), soci::use(n, "n"), soci::use(now, "t"), soci::use(company_id, "c"));
    up.execute(true);
    if (up.get_affected_rows() == 0)
      sql << "INSERT INTO arx_cashapp_model (company_id, weights, examples, trained_at) VALUES (:c, :w, :n, :t)",
          soci::use(company_id, "c"), soci::use(weights, "w"), soci::use(n, "n"), soci::use(now, "t");
  }
  tx.commit();
  json out = {{"line_id", line_id}, {"state", new_state}};
  if (payment) out["payment_id"] = *payment;
  return out;
}

std::string demo_statement(db::context &ctx, const std::string &company_code, uint64_t seed, uint32_t lines,
                           core::date on) {
  const erp::company company = erp::find_company(ctx, company_code);
  const std::string iban = erp::company_party_of(ctx, company.id).iban.value_or("");
  if (iban.empty())
    fail(ARX_E_VALIDATION, "company " + company.code + " has no IBAN in the ERP: the demo statement needs its account");
  const auto l = read_ledger(ctx, company.id, company.currency, settings_of(ctx, company.code, company.currency), model());
  synthetic::ledger_rows rows;
  std::map<int64_t, std::string> account_of;
  for (const auto &[account, customer_id, learned] : l->accounts())
    if (!learned && !account_of.count(customer_id)) account_of[customer_id] = account;
  for (const auto &c : l->customers()) rows.customers.push_back({c.id, c.number, c.name, account_of[c.id]});
  for (const auto &it : l->items()) {
    if (it.open_minor <= 0) continue;  // credit notes are not paid
    synthetic::ledger_item x;
    x.id = it.id;
    x.customer_id = it.customer_id;
    x.number = it.invoice_number;
    x.open_minor = it.open_minor;
    x.issue_date = it.issue_date.value_or(on);
    x.due_date = it.due_date.value_or(on);
    x.discount_basis_points = it.discount_basis_points;
    x.discount_date = it.discount_date;
    rows.items.push_back(std::move(x));
  }
  if (rows.items.empty()) fail(ARX_E_VALIDATION, "company " + company.code + " has no open invoices to pay");
  std::string compact;
  for (char c : iban)
    if (c != ' ') compact += c;
  const auto payments = synthetic::make_payments(rows, std::min<size_t>(lines, rows.items.size()), seed, on, company.currency);
  return synthetic::camt053("DEMO-" + core::format_date(on) + "-" + std::to_string(seed), compact, company.currency,
                            payments, on);
}

}  // namespace arx::cashapp
