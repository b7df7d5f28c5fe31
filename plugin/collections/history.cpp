#include "collections/history.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <tuple>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "db/uses.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "db/transaction.hpp"

namespace arx::collections {

using nlohmann::json;

namespace detail {

json text_or_null(const text_reader &r, size_t c) { return r.null(c) ? json(nullptr) : json(r.text(c)); }

json company_row(db::context &ctx, const std::string &table, const std::string &columns, size_t column_count,
                 int64_t company_id, int64_t id, const std::function<json(const text_reader &)> &to_json) {
  json out;
  text_reader(column_count, 1)
      .run(ctx.sql(), "SELECT " + columns + " FROM " + table + " WHERE company_id = :c AND id = :id",
           db::uses({{"c", company_id}, {"id", id}}), [&](const text_reader &r) { out = to_json(r); });
  return out;
}

std::string grouped(const std::string &decimal) {
  size_t start = (!decimal.empty() && (decimal[0] == '-' || decimal[0] == '+')) ? 1 : 0;
  size_t point = decimal.find('.');
  if (point == std::string::npos) point = decimal.size();
  std::string out = decimal.substr(0, start);
  for (size_t i = start; i < point; ++i) {
    if (i > start && (point - i) % 3 == 0) out += ',';
    out += decimal[i];
  }
  return out + decimal.substr(point);
}

}  // namespace detail

namespace {

// The UTC calendar date of an instant.
core::date date_of(int64_t at) {
  std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return core::date{std::chrono::year{tm.tm_year + 1900}, std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)},
                    std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
}

}  // namespace

const std::vector<std::string> &event_kinds() {
  static const std::vector<std::string> kinds = {
      "notice", "email", "letter", "call", "note", "dispute_opened", "dispute_resolved", "promise",
      "promise_kept", "promise_broken", "promise_cancelled", "task"};
  return kinds;
}

void record_event(db::context &ctx, int64_t company_id, const std::string &customer_number,
                  core::date business_date, const std::string &kind, const std::string &reference,
                  const std::string &amount, const std::string &currency, const std::string &detail, int64_t at) {
  const auto &kinds = event_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    std::string list;
    for (const auto &k : kinds) list += (list.empty() ? "" : ", ") + k;
    invalid_argument("unknown contact event kind '" + kind + "' (one of " + list + ")");
  }
  long long cid = company_id, when = at ? at : core::now_unix();
  const std::string day = core::format_date(business_date);
  std::string ref(core::utf8_prefix(reference, 100)), det(core::utf8_prefix(detail, 2000));
  std::string amt = amount, ccy = currency;
  soci::indicator ref_ind = ref.empty() ? soci::i_null : soci::i_ok, amt_ind = amt.empty() ? soci::i_null : soci::i_ok,
                  ccy_ind = ccy.empty() ? soci::i_null : soci::i_ok, det_ind = det.empty() ? soci::i_null : soci::i_ok;
  ctx.sql() << "INSERT INTO arx_contact_event (company_id, customer_number, business_date, at, kind, reference, "
               "amount, currency, detail, created_by) VALUES (:c, :n, :d, :t, :k, :r, :a, :ccy, :det, :u)",
      soci::use(cid, "c"), soci::use(customer_number, "n"), soci::use(day, "d"), soci::use(when, "t"),
      soci::use(kind, "k"), soci::use(ref, ref_ind, "r"), soci::use(amt, amt_ind, "a"), soci::use(ccy, ccy_ind, "ccy"),
      soci::use(det, det_ind, "det"), soci::use(ctx.user(), "u");
}

customer_ref find_customer(db::context &ctx, int64_t company_id, const std::string &company_code,
                           const std::string &customer_number) {
  if (customer_number.empty()) invalid_argument("customer number is empty");
  const auto found = erp::find_customer(ctx, company_id, customer_number);
  if (!found) fail(ARX_E_NOT_FOUND, "no customer " + customer_number + " in company " + company_code);
  return {found->id, found->number, found->name};
}

json add_note(db::context &ctx, const std::string &company, const std::string &customer_number,
              const std::string &kind, const std::string &text) {
  const erp::company co = erp::find_company(ctx, company);
  if (kind != "call" && kind != "note") invalid_argument("note kind '" + kind + "' is not call or note");
  if (text.empty()) invalid_argument("the " + kind + " note is empty");
  core::require_text(text, "the " + kind + " note", 2000);
  const customer_ref c = find_customer(ctx, co.id, co.code, customer_number);
  const core::date today = ctx.today();
  const int64_t at = core::now_unix();
  db::write_transaction tx(ctx);
  record_event(ctx, co.id, c.number, today, kind, "", "", "", text, at);
  const int64_t id = ctx.db().last_insert_id();
  tx.commit();
  return {{"id", id},      {"company", co.code}, {"customer_number", c.number}, {"date", core::format_date(today)},
          {"at", core::instant_text(at)}, {"kind", kind}, {"detail", text}, {"by", ctx.user()}};
}

json history(db::context &ctx, const std::string &company, const std::string &customer_number, uint32_t limit) {
  const erp::company co = erp::find_company(ctx, company);
  const customer_ref c = find_customer(ctx, co.id, co.code, customer_number);
  long long cid = co.id, lim = limit ? static_cast<long long>(limit) : 1000000000LL;
  std::string number = c.number;
  auto bind = db::uses({{"c", cid}, {"n", number}, {"lim", lim}});

  // (date, instant, source rank, id) orders the merged list; newest first.
  struct entry {
    std::string date;
    int64_t at;
    int source;  // events before delivery jobs on a tie
    int64_t id;
    json row;
  };
  std::vector<entry> entries;
  detail::text_reader(9, 1000).run(
      ctx.sql(),
      "SELECT id, business_date, at, kind, reference, amount, currency, detail, created_by FROM arx_contact_event "
      "WHERE company_id = :c AND customer_number = :n ORDER BY business_date DESC, at DESC, id DESC LIMIT :lim",
      bind, [&](const detail::text_reader &r) {
        const std::string day = core::format_date(*r.date(1));
        const int64_t at = r.integer(2);
        entries.push_back({day, at, 1, r.integer(0),
                           {{"source", "event"},
                            {"id", r.integer(0)},
                            {"date", day},
                            {"at", core::instant_text(at)},
                            {"kind", r.text(3)},
                            {"reference", detail::text_or_null(r, 4)},
                            {"amount", detail::text_or_null(r, 5)},
                            {"currency", detail::text_or_null(r, 6)},
                            {"detail", detail::text_or_null(r, 7)},
                            {"by", r.text(8)}}});
      });
  detail::text_reader(9, 1000).run(
      ctx.sql(),
      "SELECT id, reference, purpose, channel, recipient, state, sent_at, created_at, last_error FROM "
      "arx_delivery_job WHERE company_id = :c AND customer_number = :n ORDER BY COALESCE(sent_at, created_at) DESC, "
      "id DESC LIMIT :lim",
      bind, [&](const detail::text_reader &r) {
        const bool sent = !r.null(6);
        const int64_t at = sent ? r.integer(6) : r.integer(7);
        const std::string day = core::format_date(date_of(at));
        const std::string channel = r.text(3), state = r.text(5), recipient = r.text(4);
        const std::string kind = channel == "email" ? "email" : channel == "print" ? "letter" : channel;
        std::string what = r.text(2) + " via " + channel;
        if (!recipient.empty()) what += " to " + recipient;
        what += ": " + state;
        if (!r.null(8) && !r.text(8).empty() && state != "sent") what += " (" + r.text(8) + ")";
        entries.push_back({day, at, 0, r.integer(0),
                           {{"source", "delivery"},
                            {"id", r.integer(0)},
                            {"date", day},
                            {"at", core::instant_text(at)},
                            {"kind", kind},
                            {"reference", r.text(1)},
                            {"amount", nullptr},
                            {"currency", nullptr},
                            {"detail", what},
                            {"by", "arx"},
                            {"channel", channel},
                            {"state", state},
                            {"recipient", recipient.empty() ? json(nullptr) : json(recipient)},
                            {"sent_at", sent ? json(core::instant_text(at)) : json(nullptr)}}});
      });
  std::sort(entries.begin(), entries.end(), [](const entry &a, const entry &b) {
    return std::tie(a.date, a.at, a.source, a.id) > std::tie(b.date, b.at, b.source, b.id);
  });
  if (limit && entries.size() > limit) entries.resize(limit);
  json out = json::array();
  for (auto &e : entries) out.push_back(std::move(e.row));
  return {{"company", co.code}, {"customer_number", c.number}, {"customer_name", c.name}, {"entries", out}};
}

}  // namespace arx::collections
