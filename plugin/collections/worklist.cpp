#include "collections/worklist.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include "collections/history.hpp"
#include "collections/promise.hpp"
#include "collections/risk.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "db/uses.hpp"
#include "erp/company.hpp"
#include "db/transaction.hpp"

namespace arx::collections {

using nlohmann::json;

namespace {

// The contact kinds that count as "last contact" (not notes, disputes or
// the promise bookkeeping arx does itself).
const char *contact_kinds = "('notice', 'email', 'letter', 'call', 'promise', 'task')";

struct overdue_row {
  int64_t customer_id = 0;
  std::string number, name, currency;
  int exponent = 2;
  int64_t items = 0, overdue = 0, disputed = 0;
  int oldest_days = 0;
  int64_t open_disputes = 0;
};

struct customer_setting {
  std::string collector;
  bool blocked = false;
  std::string block_reason;
};

struct broken_info {
  int count = 0;
  core::date last{};
};

double rounded(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

std::string plural(int64_t n, const std::string &one, const std::string &many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "42 %" without the host's locale.
std::string percent(double p) { return std::to_string(static_cast<int>(std::lround(p * 100.0))) + " %"; }

}  // namespace

json worklist(db::context &ctx, const std::string &company, core::date as_of, const std::string &collector,
              uint32_t limit) {
  const erp::company co = erp::find_company(ctx, company);
  soci::session &sql = ctx.sql();
  long long cid = co.id;
  const std::string day = core::format_date(as_of);
  const std::string since = core::format_date(core::add_days(as_of, -risk::history_days));
  auto bind_company = db::uses({{"c", cid}});
  json out = {{"company", co.code},
              {"as_of", day},
              {"collector", collector.empty() ? json(nullptr) : json(collector)},
              {"customers", 0},
              {"rows", json::array()}};

  // 1. The overdue items per customer and currency.
  std::vector<overdue_row> rows;
  std::map<std::pair<int64_t, std::string>, size_t> row_of;
  detail::text_reader(7, 10000).run(
      sql, ctx.profile().sql("collections.overdue"),
      db::uses({{"company_id", cid}, {"as_of", day}}),
      [&](const detail::text_reader &r) {
        overdue_row o;
        o.customer_id = r.integer(0);
        o.number = r.text(1);
        o.name = r.text(2);
        o.currency = r.text(3);
        o.exponent = core::currency_exponent(o.currency);
        o.items = r.integer(4);
        o.overdue = core::parse_minor(r.text(5), o.exponent, core::excess_digits::round);
        o.oldest_days = core::days_between(*r.date(6), as_of);
        row_of[{o.customer_id, o.currency}] = rows.size();
        rows.push_back(std::move(o));
      });
  if (rows.empty()) return out;

  // 2. Collectors and dunning blocks.
  std::unordered_map<std::string, customer_setting> settings;
  detail::text_reader(5, 10000).run(
      sql,
      "SELECT customer_number, collector, blocked, block_reason, blocked_until FROM arx_dunning_customer WHERE "
      "company_id = :c",
      bind_company, [&](const detail::text_reader &r) {
        customer_setting s;
        s.collector = r.text(1);
        const auto until = r.date(4);
        s.blocked = r.integer(2) != 0 && (!until || *until >= as_of);
        if (s.blocked) {
          s.block_reason = r.text(3);
          if (until) s.block_reason += (s.block_reason.empty() ? "" : ", ") + std::string("until ") + core::format_date(*until);
        }
        settings[r.text(0)] = std::move(s);
      });
  if (!collector.empty()) {
    std::vector<overdue_row> mine;
    for (auto &o : rows) {
      const auto s = settings.find(o.number);
      if (s != settings.end() && s->second.collector == collector) mine.push_back(std::move(o));
    }
    rows = std::move(mine);
    row_of.clear();
    for (size_t i = 0; i < rows.size(); ++i) row_of[{rows[i].customer_id, rows[i].currency}] = i;
  }

  // 3. The payment history of every customer (the company's too: the prior).
  // The profile's dialect statement sums the days in the database; the
  // portable one hands over (due date, value date) pairs to count here.
  std::unordered_map<int64_t, risk::history> histories;
  risk::history company_history;
  auto bind_history = db::uses({{"company_id", cid}, {"since", since}, {"as_of", day}});
  if (ctx.profile().has("collections.payment_delays")) {
    detail::text_reader(4, 10000).run(sql, ctx.profile().sql("collections.payment_delays"), bind_history,
                                      [&](const detail::text_reader &r) {
                                        const risk::history h{r.integer(1), r.integer(2), r.integer(3)};
                                        risk::add(histories[r.integer(0)], h);
                                        risk::add(company_history, h);
                                      });
  } else {
    detail::text_reader(4, 10000).run(sql, ctx.profile().sql("collections.paid_items"), bind_history,
                                      [&](const detail::text_reader &r) {
                                        const int days = core::days_between(*r.date(1), *r.date(2));
                                        const int64_t n = r.integer(3);
                                        risk::add(histories[r.integer(0)], days, n);
                                        risk::add(company_history, days, n);
                                      });
  }
  const risk::prior prior = risk::company_prior(company_history);

  // 4. Broken promises, promises in force, open disputes, call tasks, contacts.
  std::unordered_map<int64_t, broken_info> broken;
  {
    long long c2 = co.id;
    std::string from = since, to = day;
    detail::text_reader(2, 10000).run(
        sql,
        "SELECT customer_id, promised_date FROM arx_promise WHERE company_id = :c AND state = 'broken' AND "
        "promised_date >= :f AND settled_on <= :t",
        db::uses({{"c", c2}, {"f", from}, {"t", to}}),
        [&](const detail::text_reader &r) {
          broken_info &b = broken[r.integer(0)];
          const core::date d = *r.date(1);
          if (b.count == 0 || d > b.last) b.last = d;
          ++b.count;
        });
  }
  // A promise past its date is no reason to wait: no grace days here.
  const std::map<int64_t, std::string> promises = active_promises(ctx, co.id, as_of, 0);

  {
    // Disputed amounts per item first: several disputes may share one.
    struct item_dispute {
      int64_t customer_id = 0, disputed = 0, open = 0;
      std::string currency;
      bool overdue = false;
    };
    std::unordered_map<int64_t, item_dispute> items;
    detail::text_reader(6, 10000).run(
        sql, ctx.profile().sql("collections.open_disputes"),
        db::uses({{"company_id", cid}}),
        [&](const detail::text_reader &r) {
          item_dispute &d = items[r.integer(1)];
          d.customer_id = r.integer(0);
          d.currency = r.text(2);
          const int exponent = core::currency_exponent(d.currency);
          d.disputed += core::parse_minor(r.text(3), exponent, core::excess_digits::round);
          d.open = core::parse_minor(r.text(4), exponent, core::excess_digits::round);
          const auto due = r.date(5);
          d.overdue = due && *due < as_of;
          const auto row = row_of.find({d.customer_id, d.currency});
          if (row != row_of.end()) ++rows[row->second].open_disputes;
        });
    for (const auto &[item, d] : items) {
      if (!d.overdue || d.open <= 0) continue;
      const auto row = row_of.find({d.customer_id, d.currency});
      if (row != row_of.end()) rows[row->second].disputed += std::min(d.disputed, d.open);
    }
  }

  std::unordered_map<std::string, int64_t> call_tasks;
  detail::text_reader(2, 10000).run(
      sql,
      "SELECT customer_number, COUNT(*) FROM arx_collection_task WHERE company_id = :c AND state = 'open' AND kind = "
      "'call' GROUP BY customer_number",
      bind_company, [&](const detail::text_reader &r) { call_tasks[r.text(0)] = r.integer(1); });

  std::unordered_map<std::string, std::pair<std::string, std::string>> last_contact;  // date, kind
  {
    long long c1 = co.id, c2 = co.id;
    std::string d1 = day;
    detail::text_reader(3, 10000).run(
        sql,
        std::string("SELECT e.customer_number, e.business_date, MAX(e.kind) FROM arx_contact_event e JOIN (SELECT "
                    "customer_number, MAX(business_date) AS last_date FROM arx_contact_event WHERE company_id = :c1 "
                    "AND kind IN ") +
            contact_kinds +
            " AND business_date <= :d GROUP BY customer_number) m ON m.customer_number = e.customer_number AND "
            "m.last_date = e.business_date WHERE e.company_id = :c2 AND e.kind IN " + contact_kinds +
            " GROUP BY e.customer_number, e.business_date",
        db::uses({{"c1", c1}, {"d", d1}, {"c2", c2}}),
        [&](const detail::text_reader &r) {
          last_contact[r.text(0)] = {core::format_date(*r.date(1)), r.text(2)};
        });
  }

  // 5. Score every row, rank, then explain the rows returned.
  struct ranked {
    const overdue_row *row;
    risk::estimate e;
    int broken = 0;
    bool blocked = false, promise = false;
    int64_t collectable = 0;
    double score = 0;
  };
  std::vector<ranked> list;
  list.reserve(rows.size());
  for (const auto &o : rows) {
    ranked k;
    k.row = &o;
    const auto b = broken.find(o.customer_id);
    k.broken = b == broken.end() ? 0 : b->second.count;
    const auto h = histories.find(o.customer_id);
    k.e = risk::estimate_for(h == histories.end() ? risk::history{} : h->second, prior, k.broken);
    const auto s = settings.find(o.number);
    k.blocked = s != settings.end() && s->second.blocked;
    k.promise = promises.count(o.customer_id) > 0;
    k.collectable = std::max<int64_t>(o.overdue - o.disputed, 0);
    risk::score_input in;
    in.collectable_minor = k.collectable;
    in.exponent = o.exponent;
    in.oldest_days_overdue = o.oldest_days;
    in.p_late = k.e.p_late;
    in.active_promise = k.promise;
    in.blocked = k.blocked;
    k.score = risk::score(in);
    list.push_back(k);
  }
  std::sort(list.begin(), list.end(), [](const ranked &a, const ranked &b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.collectable != b.collectable) return a.collectable > b.collectable;
    if (a.row->number != b.row->number) return a.row->number < b.row->number;
    return a.row->currency < b.row->currency;
  });
  out["customers"] = list.size();
  json &out_rows = out["rows"];
  for (size_t i = 0; i < list.size() && (!limit || i < limit); ++i) {
    const ranked &k = list[i];
    const overdue_row &o = *k.row;
    const risk::estimate &e = k.e;
    const auto s = settings.find(o.number);
    const auto p = promises.find(o.customer_id);
    const auto t = call_tasks.find(o.number);
    const int64_t tasks = t == call_tasks.end() ? 0 : t->second;
    const auto lc = last_contact.find(o.number);
    auto money = [&](int64_t minor) { return detail::grouped(core::format_minor(minor, o.exponent)) + " " + o.currency; };

    json reasons = json::array();
    reasons.push_back(money(o.overdue) + " overdue, oldest " + plural(o.oldest_days, "day", "days"));
    if (e.paid == 0)
      reasons.push_back("no paid items to learn from: the company's figures apply (" + percent(prior.p_late) +
                        " paid late, " + std::to_string(std::lround(prior.days_late)) + " days on average)");
    else if (e.late == 0)
      reasons.push_back("paid all " + plural(e.paid, "item", "items") + " on time");
    else
      reasons.push_back("pays " + std::to_string(std::lround(e.observed_days_late)) + " days late on average (" +
                        plural(e.paid, "paid item", "paid items") + ", " + std::to_string(e.late) + " late)");
    if (k.broken) {
      const std::string last = core::format_date(broken.at(o.customer_id).last);
      reasons.push_back(k.broken == 1 ? "broke a promise on " + last
                                      : "broke " + std::to_string(k.broken) + " promises, the last on " + last);
    }
    if (o.open_disputes) {
      std::string d = plural(o.open_disputes, "open dispute", "open disputes");
      if (o.disputed) d += ": " + money(o.disputed) + " of the overdue amount is disputed and not counted";
      reasons.push_back(d);
    }
    if (k.promise) reasons.push_back("promised " + p->second);
    if (k.blocked)
      reasons.push_back("dunning blocked" + (s->second.block_reason.empty() ? std::string() : ": " + s->second.block_reason));
    if (tasks) reasons.push_back(plural(tasks, "open call task", "open call tasks"));
    if (lc != last_contact.end())
      reasons.push_back("last contact " + lc->second.first + " (" + lc->second.second + ")");

    out_rows.push_back({{"rank", i + 1},
                        {"customer_number", o.number},
                        {"customer_name", o.name},
                        {"collector", s == settings.end() || s->second.collector.empty()
                                          ? json(nullptr)
                                          : json(s->second.collector)},
                        {"currency", o.currency},
                        {"overdue_amount", core::format_minor(o.overdue, o.exponent)},
                        {"overdue_items", o.items},
                        {"disputed_amount", core::format_minor(o.disputed, o.exponent)},
                        {"collectable_amount", core::format_minor(k.collectable, o.exponent)},
                        {"oldest_days_overdue", o.oldest_days},
                        {"predicted_days_late", rounded(e.predicted_days_late, 1)},
                        {"p_late", rounded(e.p_late, 3)},
                        {"paid_items", e.paid},
                        {"broken_promises", k.broken},
                        {"open_disputes", o.open_disputes},
                        {"open_call_tasks", tasks},
                        {"active_promise", k.promise ? json(p->second) : json(nullptr)},
                        {"blocked", k.blocked},
                        {"last_contact", lc == last_contact.end()
                                             ? json(nullptr)
                                             : json{{"date", lc->second.first}, {"kind", lc->second.second}}},
                        {"score", rounded(k.score, 2)},
                        {"reasons", reasons}});
  }
  return out;
}

json assign_collector(db::context &ctx, const std::string &company, const std::string &customer_number,
                      const std::string &collector) {
  const erp::company co = erp::find_company(ctx, company);
  const customer_ref c = find_customer(ctx, co.id, co.code, customer_number);
  core::require_text(collector, "collector", 200);
  const core::date today = ctx.today();
  soci::session &sql = ctx.sql();
  db::write_transaction tx(ctx);
  long long cid = co.id, now = core::now_unix();
  std::string previous;
  soci::indicator prev_ind = soci::i_null;
  long long exists = 0;
  sql << "SELECT COUNT(*) FROM arx_dunning_customer WHERE company_id = :c AND customer_number = :n", soci::into(exists),
      soci::use(cid, "c"), soci::use(c.number, "n");
  if (exists)
    sql << "SELECT collector FROM arx_dunning_customer WHERE company_id = :c AND customer_number = :n",
        soci::into(previous, prev_ind), soci::use(cid, "c"), soci::use(c.number, "n");
  if (prev_ind != soci::i_ok) previous.clear();
  soci::indicator col_ind = collector.empty() ? soci::i_null : soci::i_ok;
  if (exists)
    sql << "UPDATE arx_dunning_customer SET collector = :col, updated_at = :t, updated_by = :u WHERE company_id = :c "
           "AND customer_number = :n",
        soci::use(collector, col_ind, "col"), soci::use(now, "t"), soci::use(ctx.user(), "u"), soci::use(cid, "c"),
        soci::use(c.number, "n");
  else
    sql << "INSERT INTO arx_dunning_customer (company_id, customer_number, collector, blocked, updated_at, updated_by) "
           "VALUES (:c, :n, :col, 0, :t, :u)",
        soci::use(cid, "c"), soci::use(c.number, "n"), soci::use(collector, col_ind, "col"), soci::use(now, "t"),
        soci::use(ctx.user(), "u");
  record_event(ctx, co.id, c.number, today, "note", "collector",
               "", "", "collector: " + (collector.empty() ? std::string("none") : collector) +
                           " (was: " + (previous.empty() ? std::string("none") : previous) + ")",
               now);
  tx.commit();
  return {{"company", co.code},
          {"customer_number", c.number},
          {"collector", collector.empty() ? json(nullptr) : json(collector)},
          {"previous", previous.empty() ? json(nullptr) : json(previous)}};
}

json complete_task(db::context &ctx, const std::string &company, int64_t task_id, const std::string &outcome) {
  const erp::company co = erp::find_company(ctx, company);
  if (outcome.empty()) invalid_argument("the outcome of task " + std::to_string(task_id) + " is empty");
  core::require_text(outcome, "task outcome", 400);
  const core::date today = ctx.today();
  soci::session &sql = ctx.sql();
  long long cid = co.id, tid = task_id;
  auto load = [&]() {
    json t;
    detail::text_reader(10, 1).run(
        sql,
        "SELECT id, customer_number, kind, notice_id, due_date, assigned_to, state, outcome, done_at, done_by FROM "
        "arx_collection_task WHERE company_id = :c AND id = :id",
        db::uses({{"c", cid}, {"id", tid}}),
        [&](const detail::text_reader &r) {
          t = {{"id", r.integer(0)},
               {"company", co.code},
               {"customer_number", r.text(1)},
               {"kind", r.text(2)},
               {"notice_id", r.null(3) ? json(nullptr) : json(r.integer(3))},
               {"due_date", r.date(4) ? json(core::format_date(*r.date(4))) : json(nullptr)},
               {"assigned_to", detail::text_or_null(r, 5)},
               {"state", r.text(6)},
               {"outcome", detail::text_or_null(r, 7)},
               {"done_at", r.null(8) ? json(nullptr) : json(core::instant_text(r.integer(8)))},
               {"done_by", detail::text_or_null(r, 9)}};
        });
    if (t.is_null()) fail(ARX_E_NOT_FOUND, "no collection task " + std::to_string(task_id) + " in company " + co.code);
    return t;
  };
  db::write_transaction tx(ctx);
  const json before = load();
  if (before["state"] != "open")
    fail(ARX_E_CONFLICT, "collection task " + std::to_string(task_id) + " is already done (" +
                             (before["outcome"].is_string() ? before["outcome"].get<std::string>() : "no outcome") +
                             ")");
  long long now = core::now_unix();
  soci::statement up = (sql.prepare << "UPDATE arx_collection_task SET state = 'done', outcome = :o, done_at = :t, "
                                       "done_by = :u WHERE company_id = :c AND id = :id AND state = 'open'",
                        soci::use(outcome, "o"), soci::use(now, "t"), soci::use(ctx.user(), "u"), soci::use(cid, "c"),
                        soci::use(tid, "id"));
  up.execute(true);
  if (up.get_affected_rows() != 1)
    fail(ARX_E_CONFLICT, "collection task " + std::to_string(task_id) + " was completed by someone else meanwhile");
  const std::string kind = before["kind"];
  record_event(ctx, co.id, before["customer_number"].get<std::string>(), today, "task",
               "task " + std::to_string(task_id), "", "", kind + " task done: " + outcome, now);
  json out = load();
  tx.commit();
  return out;
}

}  // namespace arx::collections
