#include "dunning/run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "collections/history.hpp"
#include "collections/promise.hpp"
#include "config/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/fault.hpp"
#include "core/money.hpp"
#include "db/batch.hpp"
#include "db/company_lock.hpp"
#include "db/text_rows.hpp"
#include "db/uses.hpp"
#include "dunning/compose.hpp"
#include "dunning/engine.hpp"
#include "dunning/stored.hpp"
#include "erp/booking.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "erp/reminders.hpp"

namespace arx::dunning {

using nlohmann::json;
using db::text_rows;

namespace {

constexpr const char *lock_table = "arx_dunning_lock";

// Test hook: ARX_DUNNING_CRASH=before_commit[:n] | after_commit[:n] |
// compose[:n] ends the process at the n-th pass of that point, so tests can
// kill a run where a real crash would hit. Nothing else reads it.
void crash_point(const char *point) { core::crash_point("ARX_DUNNING_CRASH", point, 87); }

struct customer_row {
  std::string number, name, language;
};

struct dunning_customer {
  std::optional<std::string> procedure, segment, block_reason, collector;
  std::optional<core::date> blocked_until;
  bool blocked = false;
};

struct item_state {
  int level = 0;
  core::date last_as_of;
  int64_t last_notice_id = 0;
  std::optional<core::date> interest_until;
};

struct item_block {
  std::string reason;
  std::optional<core::date> until;
};

// What the run reads once for the whole company.
struct reference_data {
  erp::company company;
  core::date as_of;
  settings base;                        // config defaults (grace, minimum, interest rate)
  int promise_grace_days = 3;
  std::string default_language = "en";
  std::vector<procedure> procedures;
  std::unordered_map<int64_t, customer_row> customers;
  std::unordered_map<std::string, dunning_customer> dunning_customers;  // by customer number
  std::unordered_map<int64_t, item_block> item_blocks;                   // by invoice id
  std::unordered_map<int64_t, item_state> states;                        // by open item id
  std::unordered_map<int64_t, std::pair<std::string, std::string>> disputed;  // open item -> (amount, currency) summed
  std::unordered_map<int64_t, int64_t> disputed_minor;                    // open item -> minor units
  std::unordered_set<int64_t> suggested_items;
  std::unordered_map<int64_t, std::map<std::string, int64_t>> unapplied;  // customer -> currency -> minor
  std::map<int64_t, std::string> promises;                                // customer -> description
};

std::string config_value(db::context &ctx, const std::string &company, const char *key) {
  return config::get(ctx, company, key).value;
}

reference_data read_reference(db::context &ctx, const erp::company &company, core::date as_of) {
  reference_data r;
  r.company = company;
  r.as_of = as_of;
  auto &sql = ctx.sql();
  long long cid = company.id;
  r.base.as_of = as_of;
  r.base.grace_days = static_cast<int>(core::parse_scaled(config_value(ctx, company.code, "dunning.grace_days"), 0));
  r.base.min_customer_amount = config_value(ctx, company.code, "dunning.min_customer_amount");
  const int64_t rate = core::parse_scaled(config_value(ctx, company.code, "dunning.base_rate_percent"), 2) +
                       core::parse_scaled(config_value(ctx, company.code, "dunning.interest_points"), 2);
  r.base.interest_rate_percent = core::format_scaled(std::max<int64_t>(rate, 0), 2);
  r.promise_grace_days =
      static_cast<int>(core::parse_scaled(config_value(ctx, company.code, "dunning.promise_grace_days"), 0));
  r.default_language = config_value(ctx, company.code, "general.default_language");
  r.procedures = load_procedures(ctx, company.id);

  auto by_company = db::uses({{"company_id", cid}});
  auto by_c = db::uses({{"c", cid}});
  for (auto &c : erp::customers_of(ctx, company.id))
    r.customers[c.id] = {std::move(c.number), std::move(c.name), std::move(c.language)};
  text_rows(7, 10000).run(
      sql,
      "SELECT customer_number, procedure_code, segment, blocked, block_reason, blocked_until, collector "
      "FROM arx_dunning_customer WHERE company_id = :c",
      by_c, [&](const text_rows &t) {
        dunning_customer d;
        d.procedure = t.optional(1);
        d.segment = t.optional(2);
        d.blocked = t.integer(3) != 0;
        d.block_reason = t.optional(4);
        d.blocked_until = t.date(5);
        d.collector = t.optional(6);
        r.dunning_customers[t.text(0)] = std::move(d);
      });
  text_rows(3, 10000).run(sql, "SELECT invoice_id, reason, blocked_until FROM arx_dunning_item_block WHERE company_id = :c",
                          by_c, [&](const text_rows &t) {
                            r.item_blocks[t.integer(0)] = {t.text(1), t.date(2)};
                          });
  text_rows(5, 10000).run(
      sql,
      "SELECT open_item_id, level, last_as_of, last_notice_id, interest_until FROM arx_dunning_item_state "
      "WHERE company_id = :c",
      by_c, [&](const text_rows &t) {
        r.states[t.integer(0)] = {static_cast<int>(t.integer(1)), *t.date(2), t.integer(3), t.date(4)};
      });
  text_rows(3, 10000).run(sql, "SELECT open_item_id, amount, currency FROM arx_dispute WHERE company_id = :c AND state = 'open'",
                          by_c, [&](const text_rows &t) {
                            const int e = core::currency_exponent(t.text(2));
                            r.disputed_minor[t.integer(0)] += core::parse_minor(t.text(1), e);
                          });
  // Open cash-application suggestions: the items they would pay are not
  // dunned; a suggestion that names only a customer counts as its cash.
  text_rows(5, 10000).run(
      sql,
      "SELECT d.line_id, d.customer_id, a.open_item_id, l.amount, l.currency "
      "FROM arx_cashapp_decision d JOIN arx_bank_line l ON l.id = d.line_id "
      "LEFT JOIN arx_cashapp_allocation a ON a.line_id = d.line_id AND a.shadow = d.shadow AND a.generation = d.generation "
      "WHERE d.company_id = :c AND d.shadow = 0 AND d.superseded = 0 AND d.status = 'suggested' AND l.state = 'suggested'",
      by_c, [&](const text_rows &t) {
        if (t.get(2) && !t.get(2)->empty()) r.suggested_items.insert(t.integer(2));
        else if (t.get(1) && !t.get(1)->empty()) {
          const std::string ccy = t.text(4);
          r.unapplied[t.integer(1)][ccy] += core::parse_minor(t.text(3), core::currency_exponent(ccy));
        }
      });
  text_rows(4, 10000).run(sql, ctx.profile().sql("dunning.unapplied_cash"), by_company, [&](const text_rows &t) {
    const std::string ccy = t.text(1);
    const int e = core::currency_exponent(ccy);
    const int64_t amount = core::parse_minor(t.text(2), e, core::excess_digits::round);
    const int64_t allocated = t.get(3) ? core::parse_minor(t.text(3), e, core::excess_digits::round) : 0;
    if (amount > allocated) r.unapplied[t.integer(0)][ccy] += amount - allocated;
  });
  r.promises = collections::active_promises(ctx, company.id, as_of, r.promise_grace_days);
  return r;
}

const procedure &procedure_for(const reference_data &r, const std::string &customer_number) {
  const procedure *def = nullptr;
  for (const auto &p : r.procedures)
    if (p.is_default || !def) def = p.is_default ? &p : (def ? def : &p);
  auto it = r.dunning_customers.find(customer_number);
  if (it != r.dunning_customers.end()) {
    if (it->second.procedure) {
      for (const auto &p : r.procedures)
        if (p.code == *it->second.procedure) return p;
      throw error(ARX_E_CONFIG, "customer " + customer_number + " is assigned dunning procedure '" +
                                    *it->second.procedure + "', which company " + r.company.code + " does not have");
    }
    if (it->second.segment)
      for (const auto &p : r.procedures)
        if (std::find(p.segments.begin(), p.segments.end(), *it->second.segment) != p.segments.end()) return p;
  }
  return *def;
}

settings settings_for(const reference_data &r, const procedure &p) {
  settings s = r.base;
  if (p.grace_days) s.grace_days = *p.grace_days;
  if (p.min_customer_amount) s.min_customer_amount = *p.min_customer_amount;
  if (p.interest_rate_percent) s.interest_rate_percent = *p.interest_rate_percent;
  return s;
}

std::string language_of(const reference_data &r, const std::string &erp_language) {
  std::string l = erp_language.substr(0, 2);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (l == "de" || l == "en" || l == "nl") return l;
  return r.default_language;
}

// One customer's decision with the data it was made from.
struct decided {
  int64_t customer_id = 0;
  decision d;
};

// Reads the open items of customers [first, last] and decides every one not
// in `skip`.
std::vector<decided> decide_range(db::context &ctx, const reference_data &r, int64_t first, int64_t last,
                                  const std::unordered_set<int64_t> &skip) {
  std::map<int64_t, customer_input> inputs;
  long long cid = r.company.id, lo = first, hi = last;
  text_rows(9, 10000).run(
      ctx.sql(), ctx.profile().sql("dunning.open_items"),
      db::uses({{"company_id", cid}, {"first_customer", lo}, {"last_customer", hi}}), [&](const text_rows &t) {
        const int64_t customer_id = t.integer(1);
        if (skip.count(customer_id)) return;
        auto &c = inputs[customer_id];
        item_input it;
        it.open_item_id = t.integer(0);
        if (t.get(2) && !t.get(2)->empty()) it.invoice_id = t.integer(2);
        it.invoice_number = t.text(3);
        it.kind = t.get(4) ? t.text(4) : "invoice";
        it.issue_date = t.date(5);
        it.due_date = t.date(6);
        it.currency = t.text(7);
        it.open_amount = core::parse_minor(t.text(8), core::currency_exponent(it.currency), core::excess_digits::round);
        if (auto d = r.disputed_minor.find(it.open_item_id); d != r.disputed_minor.end())
          it.disputed_amount = d->second;
        if (it.invoice_id)
          if (auto b = r.item_blocks.find(*it.invoice_id);
              b != r.item_blocks.end() && (!b->second.until || r.as_of <= *b->second.until))
            it.block_reason = b->second.reason;
        it.cash_suggested = r.suggested_items.count(it.open_item_id) != 0;
        if (auto s = r.states.find(it.open_item_id); s != r.states.end()) {
          it.level = s->second.level;
          it.last_dunned = s->second.last_as_of;
          it.interest_until = s->second.interest_until;
        }
        c.items.push_back(std::move(it));
      });
  std::vector<decided> out;
  for (auto &[customer_id, c] : inputs) {
    auto cr = r.customers.find(customer_id);
    if (cr == r.customers.end()) continue;  // an item of another company's customer: not ours to dun
    c.customer_id = customer_id;
    c.customer_number = cr->second.number;
    c.language = language_of(r, cr->second.language);
    if (auto dc = r.dunning_customers.find(c.customer_number); dc != r.dunning_customers.end() && dc->second.blocked &&
                                                              (!dc->second.blocked_until || r.as_of <= *dc->second.blocked_until))
      c.block_reason = dc->second.block_reason.value_or("blocked") +
                       (dc->second.blocked_until ? " (until " + core::format_date(*dc->second.blocked_until) + ")" : "");
    if (auto p = r.promises.find(customer_id); p != r.promises.end()) c.promise = p->second;
    if (auto u = r.unapplied.find(customer_id); u != r.unapplied.end())
      for (const auto &[ccy, v] : u->second) c.unapplied_cash.emplace_back(ccy, v);
    const procedure &p = procedure_for(r, c.customer_number);
    out.push_back({customer_id, decide(c, p, settings_for(r, p))});
  }
  return out;
}

std::string minor(int64_t v, int exponent) { return core::format_minor(v, exponent); }

json notice_json(const notice &n, int64_t notice_id, const std::string &fee_invoice) {
  json items = json::array();
  for (const auto &i : n.items) {
    json j = {{"invoice_number", i.invoice_number},
              {"kind", i.kind},
              {"due_date", i.due_date ? json(core::format_date(*i.due_date)) : json(nullptr)},
              {"open_amount", minor(i.open_amount, n.exponent)},
              {"days_overdue", i.days_overdue},
              {"level", i.level},
              {"escalated", i.escalated},
              {"interest", minor(i.interest, n.exponent)},
              {"interest_days", i.interest_days}};
    if (i.disputed_amount) j["disputed_amount"] = minor(i.disputed_amount, n.exponent);
    items.push_back(std::move(j));
  }
  json j = {{"customer_number", n.customer_number},
            {"currency", n.currency},
            {"level", n.level},
            {"procedure", n.procedure_code},
            {"channel", n.channel},
            {"template", n.template_name},
            {"language", n.language},
            {"overdue_total", minor(n.overdue_total, n.exponent)},
            {"fee", minor(n.fee, n.exponent)},
            {"interest", minor(n.interest, n.exponent)},
            {"interest_rate_percent", n.interest_rate},
            {"total_due", minor(n.total_due, n.exponent)},
            {"pay_by", core::format_date(n.pay_by)},
            {"fee_invoice", fee_invoice.empty() ? json(nullptr) : json(fee_invoice)},
            {"items", std::move(items)}};
  if (notice_id) j["notice_id"] = notice_id;
  return j;
}

// Totals of a set of notices and outcomes, per currency for the amounts.
struct totals {
  size_t customers = 0, notices = 0, items = 0;
  std::map<std::string, size_t> outcomes;
  std::map<std::string, std::array<int64_t, 4>> money;  // currency -> overdue, fee, interest, total
  void add(const notice &n) {
    ++notices;
    items += n.items.size();
    auto &m = money[n.currency];
    m[0] += n.overdue_total;
    m[1] += n.fee;
    m[2] += n.interest;
    m[3] += n.total_due;
  }
  json to_json() const {
    json per = json::object();
    for (const auto &[ccy, m] : money) {
      const int e = core::currency_exponent(ccy);
      per[ccy] = {{"overdue_total", minor(m[0], e)}, {"fee", minor(m[1], e)}, {"interest", minor(m[2], e)},
                  {"total_due", minor(m[3], e)}};
    }
    return {{"customers", customers}, {"notices", notices}, {"items", items}, {"outcomes", outcomes},
            {"amounts", per}};
  }
};

std::vector<int64_t> customers_with_open_items(db::context &ctx, int64_t company_id) {
  long long cid = company_id;
  std::vector<int64_t> ids;
  text_rows(1, 10000).run(ctx.sql(), ctx.profile().sql("dunning.customers_with_open_items"),
                          db::uses({{"company_id", cid}}), [&](const text_rows &t) { ids.push_back(t.integer(0)); });
  return ids;
}

int64_t customer_id_of(const reference_data &r, const std::string &number) {
  for (const auto &[id, c] : r.customers)
    if (c.number == number) return id;
  throw error(ARX_E_NOT_FOUND, "no customer " + number + " in company " + r.company.code);
}

// ------------------------------------------------------------------ writing

struct run_row {
  int64_t id = 0;
  std::string state;
};

std::optional<run_row> find_run(db::context &ctx, int64_t company_id, const std::string &as_of) {
  long long cid = company_id, id = 0;
  std::string state;
  soci::indicator ind = soci::i_null;
  ctx.sql() << "SELECT id, state FROM arx_dunning_run WHERE company_id = :c AND as_of = :d", soci::into(id),
      soci::into(state, ind), soci::use(cid, "c"), soci::use(as_of, "d");
  if (!ctx.sql().got_data()) return std::nullopt;
  return run_row{id, state};
}

// Writes the decisions of one chunk: notices, items, fee invoices, levels,
// outcomes, history and tasks. Inside the caller's transaction.
void write_chunk(db::context &ctx, const reference_data &r, int64_t run_id, const std::vector<decided> &ds,
                 int64_t now, totals &t) {
  auto &sql = ctx.sql();
  const std::string as_of = core::format_date(r.as_of);
  const long long cid = r.company.id;

  db::row_batch outcomes({"run_id", "customer_id", "outcome", "reason"});
  db::row_batch notices({"run_id", "company_id", "customer_id", "customer_number", "currency", "level", "procedure_code",
                         "channel", "template", "language", "overdue_total", "fee", "interest", "interest_rate", "total_due", "pay_by",
                         "fee_invoice_id", "fee_invoice_number", "created_at"});
  struct pending {
    const notice *n;
    std::string fee_number;
  };
  std::map<std::pair<int64_t, std::string>, pending> by_key;
  static const std::map<std::string, std::pair<std::string, std::string>> fee_text = {
      {"de", {"Mahngebühr", "Verzugszinsen"}}, {"en", {"Dunning fee", "Late-payment interest"}},
      {"nl", {"Aanmaningskosten", "Wettelijke rente"}}};
  // The fee and interest documents first, booked through the ERP port, which
  // gives them their ids and numbers.
  std::vector<erp::fee_document> fees;
  for (const auto &dc : ds) {
    if (dc.d.outcome == "not_overdue") continue;
    for (const auto &n : dc.d.notices) {
      if (n.fee + n.interest <= 0) continue;
      erp::fee_document f;
      f.customer_id = n.customer_id;
      f.currency = n.currency;
      f.issue_date = as_of;
      f.due_date = core::format_date(n.pay_by);
      const auto &labels = fee_text.at(n.language);
      for (const bool is_interest : {false, true}) {
        const int64_t value = is_interest ? n.interest : n.fee;
        const std::string &text = is_interest ? labels.second : labels.first;
        if (value <= 0) continue;
        f.lines.push_back({text + " " + as_of + (is_interest ? " (" + n.interest_rate + " %)" : ""), value});
      }
      fees.push_back(std::move(f));
    }
  }
  const auto booked = erp::book_fee_documents(ctx, r.company.id, fees);
  size_t next_fee = 0;
  for (const auto &dc : ds) {
    if (dc.d.outcome == "not_overdue") continue;
    ++t.customers;
    ++t.outcomes[dc.d.outcome];
    if (dc.d.outcome != "notice") {  // a notice is its own record
      outcomes.add_row();
      outcomes.set("run_id", run_id);
      outcomes.set("customer_id", dc.customer_id);
      outcomes.set("outcome", dc.d.outcome);
      if (dc.d.reason.empty()) outcomes.set_null("reason");
      else outcomes.set("reason", dc.d.reason.substr(0, 400));
    }
    for (const auto &n : dc.d.notices) {
      t.add(n);
      std::string fee_number;
      notices.add_row();
      if (n.fee + n.interest > 0) {
        const erp::booked_fee &b = booked.at(next_fee++);
        fee_number = b.number;
        notices.set("fee_invoice_id", b.invoice_id);
        notices.set("fee_invoice_number", b.number);
      } else {
        notices.set_null("fee_invoice_id");
        notices.set_null("fee_invoice_number");
      }
      notices.set("run_id", run_id);
      notices.set("company_id", static_cast<int64_t>(cid));
      notices.set("customer_id", n.customer_id);
      notices.set("customer_number", n.customer_number);
      notices.set("currency", n.currency);
      notices.set("level", static_cast<int64_t>(n.level));
      notices.set("procedure_code", n.procedure_code);
      notices.set("channel", n.channel);
      notices.set("template", n.template_name);
      notices.set("language", n.language);
      notices.set("overdue_total", minor(n.overdue_total, n.exponent));
      notices.set("fee", minor(n.fee, n.exponent));
      notices.set("interest", minor(n.interest, n.exponent));
      notices.set("interest_rate", n.interest_rate);
      notices.set("total_due", minor(n.total_due, n.exponent));
      notices.set("pay_by", core::format_date(n.pay_by));
      notices.set("created_at", now);
      by_key[{n.customer_id, n.currency}] = {&n, fee_number};
    }
  }
  outcomes.execute(sql, "INSERT INTO arx_dunning_run_customer (run_id, customer_id, outcome, reason) "
                        "VALUES (:run_id, :customer_id, :outcome, :reason)");
  if (by_key.empty()) return;
  notices.execute(sql,
                  "INSERT INTO arx_dunning_notice (run_id, company_id, customer_id, customer_number, currency, level, "
                  "procedure_code, channel, template, language, overdue_total, fee, interest, interest_rate, total_due, pay_by, "
                  "fee_invoice_id, fee_invoice_number, state, created_at) VALUES (:run_id, :company_id, :customer_id, "
                  ":customer_number, :currency, :level, :procedure_code, :channel, :template, :language, "
                  ":overdue_total, :fee, :interest, :interest_rate, :total_due, :pay_by, :fee_invoice_id, :fee_invoice_number, "
                  "'decided', :created_at)");

  // The notices' ids, by customer and currency.
  long long rid = run_id, lo = by_key.begin()->first.first, hi = by_key.rbegin()->first.first;
  std::map<std::pair<int64_t, std::string>, int64_t> ids;
  text_rows(3, 10000).run(
      sql,
      "SELECT id, customer_id, currency FROM arx_dunning_notice WHERE run_id = :r AND customer_id BETWEEN :lo AND :hi",
      db::uses({{"r", rid}, {"lo", lo}, {"hi", hi}}), [&](const text_rows &row) {
        ids[{row.integer(1), row.text(2)}] = row.integer(0);
      });

  db::row_batch items({"notice_id", "seq", "open_item_id", "invoice_id", "invoice_number", "kind", "due_date",
                       "open_amount", "days_overdue", "level", "escalated", "interest", "interest_days"});
  db::row_batch tasks({"company_id", "customer_number", "kind", "notice_id", "due_date", "assigned_to", "created_at"});
  for (const auto &[key, p] : by_key) {
    auto id_it = ids.find(key);
    if (id_it == ids.end())
      throw error(ARX_E_INTERNAL, "dunning: the notice of customer " + p.n->customer_number + " was not stored");
    const int64_t notice_id = id_it->second;
    const notice &n = *p.n;
    int64_t seq = 0;
    for (const auto &i : n.items) {
      items.add_row();
      items.set("notice_id", notice_id);
      items.set("seq", ++seq);
      items.set("open_item_id", i.open_item_id);
      items.set("invoice_id", i.invoice_id);
      items.set("invoice_number", i.invoice_number);
      items.set("kind", i.kind);
      if (i.due_date) items.set("due_date", core::format_date(*i.due_date));
      else items.set_null("due_date");
      items.set("open_amount", minor(i.open_amount, n.exponent));
      items.set("days_overdue", static_cast<int64_t>(i.days_overdue));
      items.set("level", static_cast<int64_t>(i.level));
      items.set("escalated", static_cast<int64_t>(i.escalated ? 1 : 0));
      items.set("interest", minor(i.interest, n.exponent));
      items.set("interest_days", static_cast<int64_t>(i.interest_days));
    }
    if (n.channel == "call") {
      tasks.add_row();
      tasks.set("company_id", static_cast<int64_t>(cid));
      tasks.set("customer_number", n.customer_number);
      tasks.set("kind", "call");
      tasks.set("notice_id", notice_id);
      tasks.set("due_date", as_of);
      auto dc = r.dunning_customers.find(n.customer_number);
      if (dc != r.dunning_customers.end() && dc->second.collector) tasks.set("assigned_to", *dc->second.collector);
      else tasks.set_null("assigned_to");
      tasks.set("created_at", now);
    }
  }
  // The ERP learns each escalated item's level (where it keeps dunning
  // records of its own).
  std::vector<erp::reminder_level> levels;
  for (const auto &[key, p] : by_key)
    for (const auto &i : p.n->items)
      if (i.escalated) levels.push_back({i.open_item_id, i.level, as_of});
  erp::record_reminder_levels(ctx, r.company.id, levels);
  items.execute(sql, "INSERT INTO arx_dunning_notice_item (notice_id, seq, open_item_id, invoice_id, invoice_number, "
                     "kind, due_date, open_amount, days_overdue, level, escalated, interest, interest_days) VALUES "
                     "(:notice_id, :seq, :open_item_id, :invoice_id, :invoice_number, :kind, :due_date, :open_amount, "
                     ":days_overdue, :level, :escalated, :interest, :interest_days)");
  // The items' new levels and the history, from the rows just written,
  // inside the database: no row travels twice.
  long long r1 = run_id, l1 = lo, h1 = hi, at = now, c1 = cid;
  std::string d1 = as_of, d2 = as_of, user = ctx.user();
  // A date parameter in a SELECT list or CASE: PostgreSQL needs its type,
  // SQLite's CAST AS DATE would turn the text into a number.
  const bool lite = ctx.db().kind() == db::dialect::sqlite;
  auto date_of = [&](const char *name) { return lite ? std::string(":") + name : std::string("CAST(:") + name + " AS DATE)"; };
  const std::string dunned =
      "SELECT i.open_item_id, i.level, i.escalated, i.interest_days, i.notice_id FROM arx_dunning_notice_item i "
      "JOIN arx_dunning_notice n ON n.id = i.notice_id WHERE n.run_id = :r AND n.customer_id BETWEEN :lo AND :hi "
      "AND (i.escalated = 1 OR i.interest_days > 0)";
  sql << "UPDATE arx_dunning_item_state SET level = x.level, "
         "last_as_of = CASE WHEN x.escalated = 1 THEN " + date_of("d1") + " ELSE arx_dunning_item_state.last_as_of END, "
         "last_notice_id = CASE WHEN x.escalated = 1 THEN x.notice_id ELSE arx_dunning_item_state.last_notice_id END, "
         "interest_until = CASE WHEN x.interest_days > 0 THEN " + date_of("d2") + " ELSE "
         "arx_dunning_item_state.interest_until END FROM (" + dunned + ") x "
         "WHERE arx_dunning_item_state.company_id = :c AND arx_dunning_item_state.open_item_id = x.open_item_id",
      soci::use(d1, "d1"), soci::use(d2, "d2"), soci::use(r1, "r"), soci::use(l1, "lo"), soci::use(h1, "hi"),
      soci::use(c1, "c");
  sql << "INSERT INTO arx_dunning_item_state (company_id, open_item_id, level, last_as_of, last_notice_id, "
         "interest_until) SELECT CAST(:c AS BIGINT), x.open_item_id, x.level, " + date_of("d1") + ", x.notice_id, "
         "CASE WHEN x.interest_days > 0 THEN " + date_of("d2") + " ELSE NULL END FROM (" + dunned + ") x "
         "WHERE NOT EXISTS (SELECT 1 FROM arx_dunning_item_state s WHERE s.company_id = :c2 AND s.open_item_id = "
         "x.open_item_id)",
      soci::use(c1, "c"), soci::use(d1, "d1"), soci::use(d2, "d2"), soci::use(r1, "r"), soci::use(l1, "lo"),
      soci::use(h1, "hi"), soci::use(c1, "c2");
  sql << "INSERT INTO arx_contact_event (company_id, customer_number, business_date, at, kind, reference, amount, "
         "currency, detail, created_by) SELECT n.company_id, n.customer_number, " + date_of("d1") + ", CAST(:t AS BIGINT), "
         "'notice', COALESCE(n.fee_invoice_number, 'notice ' || CAST(n.id AS VARCHAR(20))), n.total_due, n.currency, "
         "'dunning level ' || CAST(n.level AS VARCHAR(5)) || ' (' || n.template || '), ' || "
         "CAST((SELECT COUNT(*) FROM arx_dunning_notice_item i WHERE i.notice_id = n.id) AS VARCHAR(10)) || "
         "' items, ' || n.channel || ', pay by ' || CAST(n.pay_by AS VARCHAR(10)), CAST(:u AS VARCHAR(200)) "
         "FROM arx_dunning_notice n WHERE n.run_id = :r AND n.customer_id BETWEEN :lo AND :hi",
      soci::use(d1, "d1"), soci::use(at, "t"), soci::use(user, "u"), soci::use(r1, "r"), soci::use(l1, "lo"),
      soci::use(h1, "hi");
  tasks.execute(sql, "INSERT INTO arx_collection_task (company_id, customer_number, kind, notice_id, due_date, "
                     "assigned_to, state, created_at) VALUES (:company_id, :customer_number, :kind, :notice_id, "
                     ":due_date, :assigned_to, 'open', :created_at)");
}

// The stored notices of a run (optionally of one customer), as JSON.
// The totals of a run's stored notices without reading their items.
void stored_totals(db::context &ctx, int64_t run_id, totals &t) {
  long long rid = run_id, items = 0;
  text_rows(5, 10000).run(
      ctx.sql(), "SELECT currency, overdue_total, fee, interest, total_due FROM arx_dunning_notice WHERE run_id = :r",
      db::uses({{"r", rid}}), [&](const text_rows &row) {
        const std::string ccy = row.text(0);
        const int e = core::currency_exponent(ccy);
        ++t.notices;
        auto &m = t.money[ccy];
        for (size_t k = 0; k < 4; ++k) m[k] += core::parse_minor(row.text(k + 1), e);
      });
  ctx.sql() << "SELECT COUNT(*) FROM arx_dunning_notice_item i JOIN arx_dunning_notice n ON n.id = i.notice_id "
               "WHERE n.run_id = :r",
      soci::use(rid, "r"), soci::into(items);
  t.items = static_cast<size_t>(items);
}

json stored_notices(db::context &ctx, int64_t run_id, int64_t customer_id, totals &t) {
  db::where where;
  where.add("n.run_id = :r", {{"r", run_id}})
      .add_if(customer_id != 0, "n.customer_id = :cust", {{"cust", customer_id}});
  auto by_id = read_stored_notices(ctx, where, 10000);
  json out = json::array();
  std::vector<std::pair<std::string, int64_t>> order;
  for (const auto &[id, s] : by_id) order.emplace_back(s.n.customer_number + "/" + s.n.currency, id);
  std::sort(order.begin(), order.end());
  for (const auto &[key, id] : order) {
    t.add(by_id[id].n);
    out.push_back(notice_json(by_id[id].n, id, by_id[id].fee_invoice_number));
  }
  return out;
}

json stored_held(db::context &ctx, const reference_data &r, int64_t run_id, int64_t customer_id, totals &t) {
  db::where where;
  where.add("run_id = :r", {{"r", run_id}}).add_if(customer_id != 0, "customer_id = :cust", {{"cust", customer_id}});
  json out = json::array();
  std::vector<std::pair<std::string, json>> rows;
  text_rows(3, 10000).run(
      ctx.sql(), "SELECT customer_id, outcome, reason FROM arx_dunning_run_customer WHERE " + where.text(),
      where.bind(), [&](const text_rows &row) {
        ++t.outcomes[row.text(1)];
        ++t.customers;
        auto c = r.customers.find(row.integer(0));
        const std::string number = c == r.customers.end() ? std::to_string(row.integer(0)) : c->second.number;
        rows.emplace_back(number, json{{"customer_number", number}, {"outcome", row.text(1)}, {"reason", row.text(2)}});
      });
  std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
  for (auto &[k, j] : rows) out.push_back(std::move(j));
  return out;
}

}  // namespace

json run(db::context &ctx, const run_request &q) {
  const auto started = std::chrono::steady_clock::now();
  const auto company = erp::find_company(ctx, q.company);
  const core::date as_of = q.as_of ? *q.as_of : ctx.today();
  const std::string as_of_text = core::format_date(as_of);
  const int64_t now = core::now_or(q.now);
  const size_t chunk = std::max<size_t>(q.chunk, 1);
  auto &sql = ctx.sql();
  json out = {{"company", company.code}, {"as_of", as_of_text}};
  json phases = json::object();
  auto phase = [&](const char *name, std::chrono::steady_clock::time_point since) {
    phases[name] = std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  };

  if (q.preview) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = read_reference(ctx, company, as_of);
    phase("read_reference", t0);
    // A preview leaves promises as they are, but counts those that would be
    // decided by the run as they would be.
    std::vector<int64_t> ids;
    if (!q.customer.empty()) ids.push_back(customer_id_of(r, q.customer));
    else ids = customers_with_open_items(ctx, company.id);
    totals t;
    json notices = json::array(), held = json::array();
    t0 = std::chrono::steady_clock::now();
    for (size_t at = 0; at < ids.size(); at += chunk) {
      const size_t end = std::min(ids.size(), at + chunk);
      for (const auto &dc : decide_range(ctx, r, ids[at], ids[end - 1], {})) {
        if (dc.d.outcome == "not_overdue") continue;
        ++t.customers;
        ++t.outcomes[dc.d.outcome];
        for (const auto &n : dc.d.notices) {
          t.add(n);
          if (!q.summary) notices.push_back(notice_json(n, 0, ""));
        }
        if (dc.d.outcome != "notice" && dc.d.outcome != "not_overdue" && !q.summary)
          held.push_back({{"customer_number", r.customers[dc.customer_id].number}, {"outcome", dc.d.outcome},
                          {"reason", dc.d.reason}});
        if (!q.summary && !dc.d.excluded.empty()) {
          json ex = json::array();
          for (const auto &e : dc.d.excluded) ex.push_back({{"invoice_number", e.invoice_number}, {"reason", e.reason}});
          if (!dc.d.notices.empty()) notices.back()["excluded_items"] = ex;
        }
      }
    }
    phase("decide", t0);
    out["status"] = "preview";
    out["run_id"] = nullptr;
    if (!q.summary) {
      out["notices"] = std::move(notices);
      out["held"] = std::move(held);
    }
    out["totals"] = t.to_json();
    out["phases"] = phases;
    return out;
  }

  db::ensure_lock_row(ctx, lock_table, company.id, now);
  // The run's row: found (a rerun, a restart, a second host) or created.
  int64_t run_id = 0;
  bool completed = false, decided = false;
  {
    auto t0 = std::chrono::steady_clock::now();
    soci::transaction tx(sql);
    db::lock_company(ctx, lock_table, company.id, now);
    if (auto found = find_run(ctx, company.id, as_of_text)) {
      run_id = found->id;
      completed = found->state == "completed";
      decided = found->state == "decided";
    } else {
      std::string later;
      soci::indicator ind = soci::i_null;
      long long cid = company.id;
      sql << "SELECT MAX(as_of) FROM arx_dunning_run WHERE company_id = :c", soci::into(later, ind), soci::use(cid, "c");
      if (ind == soci::i_ok && !later.empty() && core::parse_date(later) > as_of)
        throw error(ARX_E_CONFLICT, "company " + company.code + " has a dunning run as of " + later.substr(0, 10) +
                                        ": a run as of " + as_of_text + " would go back in time");
      // An ERP with reminders of its own waiting to go out would remind the
      // same customers a second time.
      if (const auto pending = erp::reminders_pending_in_erp(ctx, company.id))
        throw error(ARX_E_CONFLICT, "company " + company.code + ": the ERP holds " + std::to_string(pending->count) +
                                        " reminder(s) of its own not yet sent (first: " + pending->first +
                                        "); send or delete them in the ERP before arx reminds, so that no customer "
                                        "is reminded twice");
      std::string user = ctx.user();
      long long t = now;
      sql << "INSERT INTO arx_dunning_run (company_id, as_of, state, started_at, started_by) "
             "VALUES (:c, :d, 'running', :t, :u)",
          soci::use(cid, "c"), soci::use(as_of_text, "d"), soci::use(t, "t"), soci::use(user, "u");
      run_id = find_run(ctx, company.id, as_of_text)->id;
      // Promises whose date has passed are kept or broken before anyone is
      // held for them.
      const int grace = static_cast<int>(core::parse_scaled(config_value(ctx, company.code, "dunning.promise_grace_days"), 0));
      out["promises"] = collections::check_promises(ctx, company.id, as_of, grace);
    }
    tx.commit();
    phase("start", t0);
  }
  out["run_id"] = run_id;

  auto t0 = std::chrono::steady_clock::now();
  auto r = read_reference(ctx, company, as_of);
  phase("read_reference", t0);
  const int64_t only = q.customer.empty() ? 0 : customer_id_of(r, q.customer);
  totals written;
  if (!completed && !decided) {
    t0 = std::chrono::steady_clock::now();
    std::vector<int64_t> ids = only ? std::vector<int64_t>{only} : customers_with_open_items(ctx, company.id);
    for (size_t at = 0; at < ids.size(); at += chunk) {
      const size_t end = std::min(ids.size(), at + chunk);
      const int64_t lo = ids[at], hi = ids[end - 1];
      ctx.progress("dunning", at, ids.size());
      soci::transaction tx(sql);
      db::lock_company(ctx, lock_table, company.id, now);
      // Under the lock: which of these customers this run already decided
      // (an earlier attempt, or another host working on the same run).
      std::unordered_set<int64_t> done;
      long long rid = run_id, l = lo, h = hi;
      std::string state;
      sql << "SELECT state FROM arx_dunning_run WHERE id = :r", soci::into(state), soci::use(rid, "r");
      if (state != "running") break;  // another host decided the rest
      long long rid2 = run_id, l2 = lo, h2 = hi;
      text_rows(1, 10000).run(
          sql,
          "SELECT customer_id FROM arx_dunning_run_customer WHERE run_id = :r AND customer_id BETWEEN :lo AND :hi "
          "UNION SELECT customer_id FROM arx_dunning_notice WHERE run_id = :r2 AND customer_id BETWEEN :lo2 AND :hi2",
          db::uses({{"r", rid}, {"lo", l}, {"hi", h}, {"r2", rid2}, {"lo2", l2}, {"hi2", h2}}),
          [&](const text_rows &row) { done.insert(row.integer(0)); });
      auto ds = decide_range(ctx, r, lo, hi, done);
      write_chunk(ctx, r, run_id, ds, now, written);
      crash_point("before_commit");
      tx.commit();
      crash_point("after_commit");
    }
    if (!only) {
      // Every customer is decided: a rerun or a restart goes straight to composing.
      soci::transaction tx(sql);
      db::lock_company(ctx, lock_table, company.id, now);
      long long rid = run_id;
      sql << "UPDATE arx_dunning_run SET state = 'decided' WHERE id = :r AND state = 'running'", soci::use(rid, "r");
      tx.commit();
    }
    phase("decide_and_write", t0);
  }

  // Compose and queue the documents of every notice still waiting.
  t0 = std::chrono::steady_clock::now();
  const json composed = q.compose ? compose_notices(ctx, company, run_id, only, now, [&] { crash_point("compose"); })
                                   : json{{"composed", 0}, {"deferred", true}};
  phase("compose", t0);

  bool now_completed = completed;
  if (!completed && !only && q.compose) {
    soci::transaction tx(sql);
    db::lock_company(ctx, lock_table, company.id, now);
    long long rid = run_id, t = now;
    sql << "UPDATE arx_dunning_run SET state = 'completed', finished_at = :t WHERE id = :r AND state <> 'completed'",
        soci::use(t, "t"), soci::use(rid, "r");
    tx.commit();
    now_completed = true;
  }
  out["status"] = completed ? "already_completed" : (now_completed ? "completed" : "partial");
  totals t;
  if (q.summary && !only) {
    stored_totals(ctx, run_id, t);
    stored_held(ctx, r, run_id, 0, t);
  } else {
    out["notices"] = stored_notices(ctx, run_id, only, t);
    out["held"] = stored_held(ctx, r, run_id, only, t);
  }
  {
    long long rid = run_id, cust = only, with_notice = 0;
    if (only)
      sql << "SELECT COUNT(DISTINCT customer_id) FROM arx_dunning_notice WHERE run_id = :r AND customer_id = :c",
          soci::use(rid, "r"), soci::use(cust, "c"), soci::into(with_notice);
    else
      sql << "SELECT COUNT(DISTINCT customer_id) FROM arx_dunning_notice WHERE run_id = :r", soci::use(rid, "r"),
          soci::into(with_notice);
    t.customers += static_cast<size_t>(with_notice);
    if (with_notice) t.outcomes["notice"] = static_cast<size_t>(with_notice);
  }
  json tj = t.to_json();
  tj["new_in_this_call"] = {{"notices", written.notices}, {"customers", written.customers}};
  out["totals"] = std::move(tj);
  out["documents"] = composed;
  phases["total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out["phases"] = phases;
  return out;
}

}  // namespace arx::dunning
