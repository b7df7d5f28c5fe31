#include "collections/dispute.hpp"

#include <algorithm>

#include "collections/history.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/company_lock.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "db/uses.hpp"
#include "erp/booking.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "db/transaction.hpp"

namespace arx::collections {

using nlohmann::json;

namespace {

const char *dispute_columns =
    "id, customer_number, invoice_number, open_item_id, amount, currency, reason_code, owner, due_date, notes, "
    "source, bank_line_id, state, resolution, resolution_note, opened_on, opened_at, opened_by, resolved_at, "
    "resolved_by";
constexpr size_t dispute_column_count = 20;

json dispute_json(const detail::text_reader &r, const std::string &company) {
  auto opt_date = [&](size_t c) { return r.date(c) ? json(core::format_date(*r.date(c))) : json(nullptr); };
  return {{"id", r.integer(0)},
          {"company", company},
          {"customer_number", r.text(1)},
          {"invoice_number", r.text(2)},
          {"open_item_id", r.integer(3)},
          {"amount", r.text(4)},
          {"currency", r.text(5)},
          {"reason_code", r.text(6)},
          {"owner", detail::text_or_null(r, 7)},
          {"due_date", opt_date(8)},
          {"notes", detail::text_or_null(r, 9)},
          {"source", r.text(10)},
          {"bank_line_id", r.null(11) ? json(nullptr) : json(r.integer(11))},
          {"state", r.text(12)},
          {"resolution", detail::text_or_null(r, 13)},
          {"resolution_note", detail::text_or_null(r, 14)},
          {"opened_on", opt_date(15)},
          {"opened_at", core::instant_text(r.integer(16))},
          {"opened_by", r.text(17)},
          {"resolved_at", r.null(18) ? json(nullptr) : json(core::instant_text(r.integer(18)))},
          {"resolved_by", detail::text_or_null(r, 19)}};
}

json load_dispute(db::context &ctx, int64_t company_id, const std::string &company, int64_t id) {
  json out = detail::company_row(ctx, "arx_dispute", dispute_columns, dispute_column_count, company_id, id,
                                 [&](const detail::text_reader &r) { return dispute_json(r, company); });
  if (out.is_null()) fail(ARX_E_NOT_FOUND, "no dispute " + std::to_string(id) + " in company " + company);
  return out;
}

void check_reason(const std::string &reason) {
  const auto &reasons = dispute_reasons();
  if (std::find(reasons.begin(), reasons.end(), reason) != reasons.end()) return;
  std::string list;
  for (const auto &r : reasons) list += (list.empty() ? "" : ", ") + r;
  invalid_argument("unknown dispute reason '" + reason + "' (one of " + list + ")");
}

struct new_dispute {
  int64_t company_id = 0, customer_id = 0, invoice_id = 0, open_item_id = 0;
  std::string customer_number, invoice_number, currency, reason, owner, notes, source;
  int64_t amount_minor = 0;
  std::optional<core::date> due_date;
  std::optional<int64_t> bank_line_id;
  core::date opened_on;
};

// Inserts the dispute and its dispute_opened event; returns the id.
int64_t insert_dispute(db::context &ctx, const new_dispute &d) {
  const int exponent = core::currency_exponent(d.currency);
  const std::string amount = core::format_minor(d.amount_minor, exponent);
  const std::string opened_on = core::format_date(d.opened_on);
  const std::string due = d.due_date ? core::format_date(*d.due_date) : std::string();
  long long cid = d.company_id, cust = d.customer_id, inv = d.invoice_id, item = d.open_item_id,
            line = d.bank_line_id.value_or(0), now = core::now_unix();
  soci::indicator owner_ind = d.owner.empty() ? soci::i_null : soci::i_ok,
                  due_ind = d.due_date ? soci::i_ok : soci::i_null,
                  notes_ind = d.notes.empty() ? soci::i_null : soci::i_ok,
                  line_ind = d.bank_line_id ? soci::i_ok : soci::i_null;
  ctx.sql() << "INSERT INTO arx_dispute (company_id, customer_id, customer_number, invoice_id, invoice_number, "
               "open_item_id, currency, amount, reason_code, owner, due_date, notes, source, bank_line_id, state, "
               "opened_on, opened_at, opened_by) VALUES (:c, :cu, :cn, :i, :inum, :o, :ccy, :a, :r, :ow, :due, :n, :s, "
               ":bl, 'open', :on, :at, :by)",
      soci::use(cid, "c"), soci::use(cust, "cu"), soci::use(d.customer_number, "cn"), soci::use(inv, "i"),
      soci::use(d.invoice_number, "inum"), soci::use(item, "o"), soci::use(d.currency, "ccy"), soci::use(amount, "a"),
      soci::use(d.reason, "r"), soci::use(d.owner, owner_ind, "ow"), soci::use(due, due_ind, "due"),
      soci::use(d.notes, notes_ind, "n"), soci::use(d.source, "s"), soci::use(line, line_ind, "bl"),
      soci::use(opened_on, "on"), soci::use(now, "at"), soci::use(ctx.user(), "by");
  const int64_t id = ctx.db().last_insert_id();
  std::string what = "dispute " + std::to_string(id) + " (" + d.reason + ", " + d.source;
  if (d.bank_line_id) what += ", bank line " + std::to_string(*d.bank_line_id);
  what += ")";
  if (!d.notes.empty()) what += ": " + d.notes;
  record_event(ctx, d.company_id, d.customer_number, d.opened_on, "dispute_opened", d.invoice_number, amount,
               d.currency, what, now);
  return id;
}

// The company's cash-application lock row (0003_cashapp.sql): disputes that
// write the ledger take it like runs and confirmations do, so the allocation
// ids arx numbers never collide.
void ensure_ledger_lock_row(db::context &ctx, int64_t company_id) {
  db::ensure_lock_row(ctx, "arx_cashapp_lock", company_id, core::now_unix());
}

void lock_ledger(db::context &ctx, int64_t company_id) {
  db::lock_company(ctx, "arx_cashapp_lock", company_id, core::now_unix());
}

}  // namespace

const std::vector<std::string> &dispute_reasons() {
  static const std::vector<std::string> reasons = {"pricing",     "quantity",  "quality",       "delivery",
                                                   "not_ordered", "duplicate", "short_payment", "other"};
  return reasons;
}

json open_dispute(db::context &ctx, const dispute_request &request) {
  const erp::company co = erp::find_company(ctx, request.company);
  if (request.invoice_number.empty()) invalid_argument("invoice number is empty");
  check_reason(request.reason_code);
  if (request.source != "manual" && request.source != "cashapp")
    invalid_argument("dispute source '" + request.source + "' is not manual or cashapp");
  core::require_text(request.owner, "dispute owner", 200);
  core::require_text(request.notes, "dispute notes", 4000);
  const core::date today = ctx.today();
  soci::session &sql = ctx.sql();

  // Read what is under dispute, then insert, under the company's collections
  // lock: two collectors disputing the same invoice at once never dispute
  // more than it has open.
  db::ensure_lock_row(ctx, "arx_collections_lock", co.id, core::now_unix());
  db::write_transaction tx(ctx);
  db::lock_company(ctx, "arx_collections_lock", co.id, core::now_unix());
  // The invoice and its first item with an amount open.
  struct item_row {
    int64_t invoice_id = 0, customer_id = 0, item_id = 0, open = 0;
    std::string customer_number, currency;
  };
  std::optional<item_row> invoice, item;
  long long cid = co.id;
  std::string number = request.invoice_number;
  detail::text_reader(9, 100).run(
      sql, ctx.profile().sql("collections.invoice_items"),
      db::uses({{"company_id", cid}, {"number", number}}),
      [&](const detail::text_reader &r) {
        item_row x;
        x.invoice_id = r.integer(0);
        x.customer_id = r.integer(2);
        x.customer_number = r.text(3);
        x.currency = r.null(5) ? r.text(8) : r.text(5);
        if (!invoice) invoice = x;
        if (r.null(4) || item) return;
        x.item_id = r.integer(4);
        x.open = core::parse_minor(r.text(6), core::currency_exponent(x.currency), core::excess_digits::round);
        if (x.open > 0) item = x;
      });
  if (!invoice) fail(ARX_E_NOT_FOUND, "no invoice " + request.invoice_number + " in company " + co.code);
  if (!item)
    fail(ARX_E_VALIDATION, "invoice " + request.invoice_number + " of company " + co.code +
                               " has no open item with an amount open: there is nothing to dispute");
  const int exponent = core::currency_exponent(item->currency);
  auto text = [&](int64_t minor) { return core::format_minor(minor, exponent) + " " + item->currency; };

  int64_t disputed = 0;
  long long item_id = item->item_id;
  detail::text_reader(1, 1000).run(
      sql, "SELECT amount FROM arx_dispute WHERE company_id = :c AND open_item_id = :o AND state = 'open'",
      db::uses({{"c", cid}, {"o", item_id}}),
      [&](const detail::text_reader &r) {
        disputed += core::parse_minor(r.text(0), exponent, core::excess_digits::round);
      });
  const int64_t available = item->open - disputed;
  int64_t amount = 0;
  if (request.amount.empty()) {
    if (available <= 0)
      fail(ARX_E_VALIDATION, "invoice " + request.invoice_number + ": all of its " + text(item->open) +
                                 " open is already under open disputes");
    amount = available;
  } else {
    amount = core::parse_minor(request.amount, exponent);
    if (amount <= 0)
      fail(ARX_E_VALIDATION, "the disputed amount must be positive, not " + core::format_minor(amount, exponent));
    if (amount > available)
      fail(ARX_E_VALIDATION, "disputed amount " + text(amount) + " is more than invoice " + request.invoice_number +
                                 " has open and undisputed: " + text(item->open) + " open, " + text(disputed) +
                                 " under open disputes, " + text(std::max<int64_t>(available, 0)) + " left");
  }

  new_dispute d;
  d.company_id = co.id;
  d.customer_id = item->customer_id;
  d.customer_number = item->customer_number;
  d.invoice_id = item->invoice_id;
  d.invoice_number = request.invoice_number;
  d.open_item_id = item->item_id;
  d.currency = item->currency;
  d.amount_minor = amount;
  d.reason = request.reason_code;
  d.owner = request.owner;
  d.notes = request.notes;
  d.source = request.source;
  d.due_date = request.due_date;
  d.bank_line_id = request.bank_line_id;
  d.opened_on = today;
  const int64_t id = insert_dispute(ctx, d);
  json out = load_dispute(ctx, co.id, co.code, id);
  tx.commit();
  return out;
}

int64_t open_dispute_in_transaction(db::context &ctx, int64_t company_id, int64_t open_item_id,
                                    int64_t amount_minor, const std::string &reason_code, const std::string &source,
                                    std::optional<int64_t> bank_line_id, const std::string &notes) {
  check_reason(reason_code);
  long long id = open_item_id;
  new_dispute d;
  bool found = false, has_invoice = false;
  detail::text_reader(6, 1).run(
      ctx.sql(), ctx.profile().sql("collections.item_invoice"),
      db::uses({{"id", id}}),
      [&](const detail::text_reader &r) {
        found = true;
        has_invoice = !r.null(3) && !r.null(4);
        d.customer_id = r.integer(1);
        d.customer_number = r.text(2);
        d.invoice_id = r.integer(3);
        d.invoice_number = r.text(4);
        d.currency = r.text(5);
      });
  if (!found) fail(ARX_E_NOT_FOUND, "no open item " + std::to_string(open_item_id) + " to dispute");
  if (!has_invoice) return 0;
  d.company_id = company_id;
  d.open_item_id = open_item_id;
  d.amount_minor = amount_minor;
  d.reason = reason_code;
  d.source = source;
  d.bank_line_id = bank_line_id;
  d.notes = std::string(core::utf8_prefix(notes, 4000));
  d.opened_on = ctx.today();
  return insert_dispute(ctx, d);
}

json resolve_dispute(db::context &ctx, const std::string &company, int64_t dispute_id,
                     const std::string &resolution, const std::string &note) {
  const erp::company co = erp::find_company(ctx, company);
  if (resolution != "credit_note" && resolution != "write_off" && resolution != "rejected")
    invalid_argument("dispute resolution '" + resolution + "' is not credit_note, write_off or rejected");
  if (resolution == "credit_note" && note.empty())
    invalid_argument("a dispute resolved by a credit note needs the credit note's number in the note");
  core::require_text(note, "resolution note", 400);
  const core::date today = ctx.today();
  soci::session &sql = ctx.sql();
  if (resolution == "write_off") ensure_ledger_lock_row(ctx, co.id);

  db::write_transaction tx(ctx);
  if (resolution == "write_off") lock_ledger(ctx, co.id);
  json d = load_dispute(ctx, co.id, co.code, dispute_id);
  if (d["state"] != "open")
    fail(ARX_E_CONFLICT, "dispute " + std::to_string(dispute_id) + " is already resolved (" +
                             d.value("resolution", std::string()) + " by " + d.value("resolved_by", std::string()) +
                             ")");
  const std::string currency = d["currency"];
  const int exponent = core::currency_exponent(currency);
  const int64_t disputed = core::parse_minor(d["amount"].get<std::string>(), exponent, core::excess_digits::round);
  const std::string invoice = d["invoice_number"];
  int64_t written_off = 0;
  std::string what;

  if (resolution == "write_off") {
    const int64_t item = d["open_item_id"].get<int64_t>();
    const auto state = erp::find_open_item(ctx, item);
    if (!state)
      fail(ARX_E_NOT_FOUND, "open item " + std::to_string(item) + " of dispute " + std::to_string(dispute_id) +
                                " no longer exists in the ERP");
    const int64_t open = core::parse_minor(state->open_amount, exponent, core::excess_digits::round);
    written_off = std::min(disputed, std::max<int64_t>(open, 0));
    if (written_off > 0) {
      if (exponent > 2)
        fail(ARX_E_VALIDATION, "the ERP's amounts have two decimals: a " + currency + " write-off cannot be booked");
      try {
        erp::write_off(ctx, co.id, {item, currency, written_off, open});
      } catch (const erp::items_changed &) {
        fail(ARX_E_CONFLICT, "open item " + std::to_string(item) + " of invoice " + invoice +
                                 " changed while the write-off was booked; nothing was written");
      }
    }
    what = "written off " + core::format_minor(written_off, exponent) + " " + currency;
    if (written_off < disputed)
      what += " (the item had only " + core::format_minor(std::max<int64_t>(open, 0), exponent) + " open)";
  } else if (resolution == "credit_note") {
    what = "settled by a credit note the ERP posts";
  } else {
    what = "rejected: the amount is dunned again";
  }
  if (!note.empty()) what += ": " + note;

  long long cid = co.id, did = dispute_id, now = core::now_unix();
  soci::indicator note_ind = note.empty() ? soci::i_null : soci::i_ok;
  soci::statement up = (sql.prepare << "UPDATE arx_dispute SET state = 'resolved', resolution = :r, resolution_note = "
                                       ":n, resolved_at = :t, resolved_by = :u WHERE company_id = :c AND id = :id AND "
                                       "state = 'open'",
                        soci::use(resolution, "r"), soci::use(note, note_ind, "n"), soci::use(now, "t"),
                        soci::use(ctx.user(), "u"), soci::use(cid, "c"), soci::use(did, "id"));
  up.execute(true);
  if (up.get_affected_rows() != 1)
    fail(ARX_E_CONFLICT, "dispute " + std::to_string(dispute_id) + " was resolved by someone else meanwhile");
  record_event(ctx, co.id, d["customer_number"].get<std::string>(), today, "dispute_resolved", invoice,
               core::format_minor(resolution == "write_off" ? written_off : disputed, exponent), currency,
               "dispute " + std::to_string(dispute_id) + " " + what, now);
  json out = load_dispute(ctx, co.id, co.code, dispute_id);
  tx.commit();
  if (resolution == "write_off") out["written_off"] = core::format_minor(written_off, exponent);
  return out;
}

json list_disputes(db::context &ctx, const std::string &company, const std::string &customer_number,
                   const std::string &state) {
  const erp::company co = erp::find_company(ctx, company);
  if (!state.empty() && state != "open" && state != "resolved")
    invalid_argument("dispute state '" + state + "' is not open or resolved");
  if (!customer_number.empty()) find_customer(ctx, co.id, co.code, customer_number);
  db::where where;
  where.add("company_id = :c", {{"c", co.id}})
      .add_if(!customer_number.empty(), "customer_number = :n", {{"n", customer_number}})
      .add_if(!state.empty(), "state = :s", {{"s", state}});
  json list = json::array();
  detail::text_reader(dispute_column_count, 1000)
      .run(ctx.sql(),
           std::string("SELECT ") + dispute_columns + " FROM arx_dispute WHERE " + where.text() + " ORDER BY id",
           where.bind(),
           [&](const detail::text_reader &r) { list.push_back(dispute_json(r, co.code)); });
  return {{"company", co.code}, {"disputes", list}};
}

}  // namespace arx::collections
