#include "cashapp/run_parts.hpp"

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

namespace arx::cashapp::detail {

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

  const std::map<int64_t, int64_t> payments = erp::payment_counts_of(ctx, company_id);
  for (auto &row : erp::customers_of(ctx, company_id)) {
    customer_info c;
    c.id = row.id;
    c.number = std::move(row.number);
    c.name = std::move(row.name);
    const auto p = payments.find(c.id);
    c.payments_seen = p == payments.end() ? 0 : p->second;
    l->add_customer(std::move(c));
  }
  for (const auto &a : erp::customer_accounts_of(ctx, company_id)) l->add_account(a.iban, a.customer_id, false);
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
  pm.payer_name = core::optional_prefix(line.p.payer_name, 200);
  pm.payer_iban = core::optional_prefix(line.p.payer_account, 34);
  pm.bank_reference = core::optional_prefix(line.bank_reference, 100);
  pm.remittance_text = core::optional_prefix(line.p.remittance, 1000);
  pm.bank_line_id = line.erp_line_id;
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
  text_rows(16, 1000).run(
      ctx.sql(),
      "SELECT l.id, l.statement_id, l.amount, l.currency, l.value_date, l.booking_date, l.payer_name, "
      "l.payer_account, l.ultimate_payer, l.end_to_end_id, l.remittance, l.bank_reference, l.mandate_id, l.state, "
      "l.line_no, l.erp_line_id FROM arx_bank_line l WHERE " + where.text() + " ORDER BY l.statement_id, l.line_no",
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
        if (const std::string *erp = r.get(15); erp && !erp->empty()) l.erp_line_id = r.integer(15);
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

}  // namespace arx::cashapp::detail
