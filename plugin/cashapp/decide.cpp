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
    long long erp_line_id = 0;
    soci::indicator el = soci::i_null;
    sql << "SELECT value_date, booking_date, payer_name, payer_account, bank_reference, remittance, erp_line_id "
           "FROM arx_bank_line WHERE id = :id",
        soci::into(value_date, vd), soci::into(booking, bd), soci::into(payer_name, pn), soci::into(payer_iban, pi),
        soci::into(bank_ref, br), soci::into(remittance, rm), soci::into(erp_line_id, el), soci::use(lid, "id");
    erp::payment pm;
    if (cust_ind == soci::i_ok) pm.customer_id = static_cast<int64_t>(customer_id);
    pm.value_date = vd == soci::i_ok ? value_date.substr(0, 10) : booking.substr(0, 10);
    pm.currency = currency;
    pm.amount_minor = core::money::parse(amount_text, currency).minor();
    auto opt = [](const std::string &v, soci::indicator i, size_t max) -> std::optional<std::string> {
      return i == soci::i_ok ? core::optional_prefix(v, max) : std::nullopt;
    };
    pm.payer_name = opt(payer_name, pn, 200);
    pm.payer_iban = opt(payer_iban, pi, 34);
    pm.bank_reference = opt(bank_ref, br, 100);
    pm.remittance_text = opt(remittance, rm, 1000);
    if (el == soci::i_ok) pm.bank_line_id = static_cast<int64_t>(erp_line_id);
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
