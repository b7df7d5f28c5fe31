#include "collections/promise.hpp"

#include <vector>

#include "collections/history.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "db/company_lock.hpp"
#include "db/uses.hpp"
#include "erp/company.hpp"
#include "db/transaction.hpp"

namespace arx::collections {

using nlohmann::json;

namespace {

const char *promise_columns =
    "id, customer_number, amount, currency, promised_date, made_on, state, paid_amount, note, created_at, "
    "created_by, settled_on, customer_id";
constexpr size_t promise_column_count = 13;

json promise_json(const detail::text_reader &r) {
  auto opt_date = [&](size_t c) { return r.date(c) ? json(core::format_date(*r.date(c))) : json(nullptr); };
  return {{"id", r.integer(0)},
          {"customer_number", r.text(1)},
          {"amount", r.text(2)},
          {"currency", r.text(3)},
          {"promised_date", opt_date(4)},
          {"made_on", opt_date(5)},
          {"state", r.text(6)},
          {"paid_amount", detail::text_or_null(r, 7)},
          {"note", detail::text_or_null(r, 8)},
          {"created_at", core::instant_text(r.integer(9))},
          {"created_by", r.text(10)},
          {"settled_on", opt_date(11)}};
}

json load_promise(db::context &ctx, int64_t company_id, const std::string &company, int64_t id) {
  json out = detail::company_row(ctx, "arx_promise", promise_columns, promise_column_count, company_id, id,
                                 [](const detail::text_reader &r) { return promise_json(r); });
  if (out.is_null()) fail(ARX_E_NOT_FOUND, "no promise to pay " + std::to_string(id) + " in company " + company);
  out["company"] = company;
  return out;
}

std::string describe(const std::string &amount, const std::string &currency, const std::string &date) {
  return amount + " " + currency + " by " + date;
}

struct open_promise {
  int64_t id = 0, customer_id = 0, amount = 0;
  int exponent = 2;
  std::string customer_number, currency, amount_text;
  core::date promised, made_on;
};

// The company's open promises made on or before `as_of`.
std::vector<open_promise> open_promises(db::context &ctx, int64_t company_id, core::date as_of) {
  long long cid = company_id;
  const std::string day = core::format_date(as_of);
  std::vector<open_promise> out;
  detail::text_reader(7, 5000).run(
      ctx.sql(),
      "SELECT id, customer_id, customer_number, currency, amount, promised_date, made_on FROM arx_promise WHERE "
      "company_id = :c AND state = 'open' AND made_on <= :d ORDER BY id",
      db::uses({{"c", cid}, {"d", day}}),
      [&](const detail::text_reader &r) {
        open_promise p;
        p.id = r.integer(0);
        p.customer_id = r.integer(1);
        p.customer_number = r.text(2);
        p.currency = r.text(3);
        p.exponent = core::currency_exponent(p.currency);
        p.amount = core::parse_minor(r.text(4), p.exponent, core::excess_digits::round);
        p.amount_text = core::format_minor(p.amount, p.exponent);
        p.promised = *r.date(5);
        p.made_on = *r.date(6);
        out.push_back(std::move(p));
      });
  return out;
}

}  // namespace

json add_promise(db::context &ctx, const std::string &company, const std::string &customer_number,
                 const std::string &amount, const std::string &currency, core::date promised_date,
                 const std::string &note) {
  const erp::company co = erp::find_company(ctx, company);
  const std::string ccy = currency.empty() ? co.currency : currency;
  if (!core::is_currency(ccy)) invalid_argument("unknown currency '" + ccy + "' (ISO 4217)");
  const customer_ref c = find_customer(ctx, co.id, co.code, customer_number);
  core::require_text(note, "promise note", 400);
  const int exponent = core::currency_exponent(ccy);
  if (amount.empty()) invalid_argument("the promised amount is empty");
  const int64_t minor = core::parse_minor(amount, exponent);
  if (minor <= 0)
    fail(ARX_E_VALIDATION, "the promised amount must be positive, not " + core::format_minor(minor, exponent));
  const core::date today = ctx.today();
  if (promised_date < today)
    fail(ARX_E_VALIDATION, "the promised date " + core::format_date(promised_date) + " is before the business date " +
                               core::format_date(today));
  const std::string amount_text = core::format_minor(minor, exponent);
  const std::string promised = core::format_date(promised_date), made = core::format_date(today);

  soci::session &sql = ctx.sql();
  // Check, then insert, under the company's collections lock: two collectors
  // recording a promise for the same customer at once see each other's.
  db::ensure_lock_row(ctx, "arx_collections_lock", co.id, core::now_unix());
  db::write_transaction tx(ctx);
  db::lock_company(ctx, "arx_collections_lock", co.id, core::now_unix());
  long long cid = co.id, cust = c.id, existing = 0;
  std::string ex_amount, ex_ccy, ex_date;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, amount, currency, promised_date FROM arx_promise WHERE company_id = :c AND customer_id = :cu AND "
         "state = 'open' ORDER BY id",
      soci::into(existing, ind), soci::into(ex_amount), soci::into(ex_ccy), soci::into(ex_date), soci::use(cid, "c"),
      soci::use(cust, "cu");
  if (sql.got_data() && ind == soci::i_ok)
    fail(ARX_E_CONFLICT, "customer " + c.number + " already has open promise " + std::to_string(existing) + " (" +
                             describe(ex_amount, ex_ccy, core::format_date(core::parse_date(ex_date))) +
                             "): cancel it first");
  long long now = core::now_unix();
  soci::indicator note_ind = note.empty() ? soci::i_null : soci::i_ok;
  try {
    sql << "INSERT INTO arx_promise (company_id, customer_id, customer_number, currency, amount, promised_date, "
           "made_on, state, note, created_at, created_by) VALUES (:c, :cu, :n, :ccy, :a, :pd, :md, 'open', :note, :t, :u)",
        soci::use(cid, "c"), soci::use(cust, "cu"), soci::use(c.number, "n"), soci::use(ccy, "ccy"),
        soci::use(amount_text, "a"), soci::use(promised, "pd"), soci::use(made, "md"),
        soci::use(note, note_ind, "note"), soci::use(now, "t"), soci::use(ctx.user(), "u");
  } catch (const soci::soci_error &e) {
    // The database's own guard (one open promise per customer, migration 7)
    // for a writer that did not take the lock.
    fail(ARX_E_CONFLICT, "customer " + c.number + " already has an open promise: cancel it first (" +
                             e.get_error_message() + ")");
  }
  const int64_t id = ctx.db().last_insert_id();
  std::string what = "promise " + std::to_string(id) + ": " + describe(amount_text, ccy, promised);
  if (!note.empty()) what += ": " + note;
  record_event(ctx, co.id, c.number, today, "promise", "promise " + std::to_string(id), amount_text, ccy, what, now);
  json out = load_promise(ctx, co.id, co.code, id);
  tx.commit();
  return out;
}

json cancel_promise(db::context &ctx, const std::string &company, int64_t promise_id) {
  const erp::company co = erp::find_company(ctx, company);
  const core::date today = ctx.today();
  soci::session &sql = ctx.sql();
  db::write_transaction tx(ctx);
  json p = load_promise(ctx, co.id, co.code, promise_id);
  if (p["state"] != "open")
    fail(ARX_E_CONFLICT, "promise " + std::to_string(promise_id) + " is " + p["state"].get<std::string>() +
                             ", not open: only an open promise can be cancelled");
  long long cid = co.id, pid = promise_id;
  const std::string day = core::format_date(today);
  soci::statement up = (sql.prepare << "UPDATE arx_promise SET state = 'cancelled', settled_on = :d WHERE company_id "
                                       "= :c AND id = :id AND state = 'open'",
                        soci::use(day, "d"), soci::use(cid, "c"), soci::use(pid, "id"));
  up.execute(true);
  if (up.get_affected_rows() != 1)
    fail(ARX_E_CONFLICT, "promise " + std::to_string(promise_id) + " changed meanwhile; nothing was cancelled");
  const std::string amount = p["amount"], currency = p["currency"], promised = p["promised_date"];
  record_event(ctx, co.id, p["customer_number"].get<std::string>(), today, "promise_cancelled",
               "promise " + std::to_string(promise_id), amount, currency,
               "promise " + std::to_string(promise_id) + " cancelled (" + describe(amount, currency, promised) + ")");
  json out = load_promise(ctx, co.id, co.code, promise_id);
  tx.commit();
  return out;
}

json check_promises(db::context &ctx, int64_t company_id, core::date as_of, int grace_days) {
  soci::session &sql = ctx.sql();
  const std::vector<open_promise> promises = open_promises(ctx, company_id, as_of);
  json result = {{"as_of", core::format_date(as_of)}, {"checked", promises.size()}, {"kept", 0},
                 {"broken", 0},                        {"open", 0},                 {"changed", json::array()}};
  if (promises.empty()) return result;

  // What each customer paid since its promise, one aggregate for all.
  std::map<int64_t, std::string> paid_text;
  long long cid = company_id;
  const std::string day = core::format_date(as_of);
  detail::text_reader(2, 5000).run(
      sql, ctx.profile().sql("collections.promise_payments"),
      db::uses({{"company_id", cid}, {"as_of", day}}),
      [&](const detail::text_reader &r) { paid_text[r.integer(0)] = r.text(1); });

  int64_t kept = 0, broken = 0, still_open = 0;
  const long long now = core::now_unix();
  for (const auto &p : promises) {
    const auto it = paid_text.find(p.id);
    const int64_t paid =
        it == paid_text.end() || it->second.empty() ? 0 : core::parse_minor(it->second, p.exponent, core::excess_digits::round);
    const core::date deadline = core::add_days(p.promised, grace_days);
    std::string state;
    if (paid >= p.amount) state = "kept";
    else if (as_of > deadline) state = "broken";
    if (state.empty()) {
      ++still_open;
      continue;
    }
    const std::string paid_str = core::format_minor(paid, p.exponent);
    long long pid = p.id;
    sql << "UPDATE arx_promise SET state = :s, paid_amount = :p, settled_on = :d WHERE id = :id AND state = 'open'",
        soci::use(state, "s"), soci::use(paid_str, "p"), soci::use(day, "d"), soci::use(pid, "id");
    const std::string promised = describe(p.amount_text, p.currency, core::format_date(p.promised));
    std::string what = "promise " + std::to_string(p.id) + " " + state + ": paid " + paid_str + " " + p.currency +
                       " of " + promised;
    if (state == "broken") what += " (" + std::to_string(grace_days) + " days' grace ended " + core::format_date(deadline) + ")";
    record_event(ctx, company_id, p.customer_number, as_of, state == "kept" ? "promise_kept" : "promise_broken",
                 "promise " + std::to_string(p.id), state == "kept" ? paid_str : p.amount_text, p.currency, what, now);
    (state == "kept" ? kept : broken)++;
    result["changed"].push_back({{"id", p.id},
                                 {"customer_number", p.customer_number},
                                 {"amount", p.amount_text},
                                 {"currency", p.currency},
                                 {"promised_date", core::format_date(p.promised)},
                                 {"made_on", core::format_date(p.made_on)},
                                 {"state", state},
                                 {"paid_amount", paid_str},
                                 {"settled_on", day}});
  }
  result["kept"] = kept;
  result["broken"] = broken;
  result["open"] = still_open;
  return result;
}

std::map<int64_t, std::string> active_promises(db::context &ctx, int64_t company_id, core::date as_of,
                                               int grace_days) {
  std::map<int64_t, std::string> out;
  for (const auto &p : open_promises(ctx, company_id, as_of)) {
    if (as_of > core::add_days(p.promised, grace_days)) continue;
    std::string &text = out[p.customer_id];
    text += (text.empty() ? "" : "; ") + describe(p.amount_text, p.currency, core::format_date(p.promised));
  }
  return out;
}

json list_promises(db::context &ctx, const std::string &company, const std::string &customer_number) {
  const erp::company co = erp::find_company(ctx, company);
  if (!customer_number.empty()) find_customer(ctx, co.id, co.code, customer_number);
  db::where where;
  where.add("company_id = :c", {{"c", co.id}})
      .add_if(!customer_number.empty(), "customer_number = :n", {{"n", customer_number}});
  json list = json::array();
  detail::text_reader(promise_column_count, 1000)
      .run(ctx.sql(),
           std::string("SELECT ") + promise_columns + " FROM arx_promise WHERE " + where.text() + " ORDER BY id",
           where.bind(),
           [&](const detail::text_reader &r) {
             json p = promise_json(r);
             p["company"] = co.code;
             list.push_back(std::move(p));
           });
  return {{"company", co.code}, {"promises", list}};
}

}  // namespace arx::collections
