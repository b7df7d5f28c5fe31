#include "dunning/admin.hpp"

#include <algorithm>
#include <ctime>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "dunning/procedure.hpp"
#include "dunning/render.hpp"
#include "erp/company.hpp"
#include "erp/reads.hpp"
#include "db/transaction.hpp"

namespace arx::dunning {

using nlohmann::json;

namespace {

long long customer_id(db::context &ctx, const erp::company &c, const std::string &number) {
  const auto found = erp::find_customer(ctx, c.id, number);
  if (!found) throw error(ARX_E_NOT_FOUND, "no customer " + number + " in company " + c.code);
  return found->id;
}

long long invoice_id(db::context &ctx, const erp::company &c, const std::string &number) {
  long long cid = c.id, id = 0;
  ctx.sql() << ctx.profile().sql("dunning.invoice_by_number"), soci::use(cid, "company_id"),
      soci::use(number, "number"), soci::into(id);
  if (!ctx.sql().got_data()) throw error(ARX_E_NOT_FOUND, "no invoice " + number + " in company " + c.code);
  return id;
}

}  // namespace

json procedure_set(db::context &ctx, const std::string &company, const std::string &code, const json &definition) {
  const auto c = erp::find_company(ctx, company);
  auto p = parse_procedure(code, definition);
  // A level's template is a built-in one or one the company stored first.
  const auto builtin = builtin_template_names();
  for (const auto &l : p.levels) {
    if (l.channel == "call" || std::find(builtin.begin(), builtin.end(), l.template_name) != builtin.end()) continue;
    long long cid = c.id, n = 0;
    ctx.sql() << "SELECT COUNT(*) FROM arx_dunning_template WHERE company_id = :c AND name = :n", soci::use(cid, "c"),
        soci::use(l.template_name, "n"), soci::into(n);
    if (!n)
      throw error(ARX_E_CONFIG, "dunning procedure '" + code + "': levels[" + std::to_string(l.level - 1) +
                                    "].template: company " + c.code + " has no template '" + l.template_name +
                                    "' (store it with dunning template first)");
  }
  store_procedure(ctx, c.id, p);
  for (const auto &stored : load_procedures(ctx, c.id))
    if (stored.code == code) return {{"code", code}, {"default", stored.is_default}, {"definition", procedure_json(stored)}};
  throw error(ARX_E_INTERNAL, "dunning procedure '" + code + "' was not stored");
}

json procedure_list(db::context &ctx, const std::string &company) {
  const auto c = erp::find_company(ctx, company);
  long long cid = c.id, n = 0;
  ctx.sql() << "SELECT COUNT(*) FROM arx_dunning_procedure WHERE company_id = :c", soci::use(cid, "c"), soci::into(n);
  json out = json::array();
  for (const auto &p : load_procedures(ctx, c.id))
    out.push_back({{"code", p.code}, {"default", p.is_default}, {"built_in", n == 0}, {"definition", procedure_json(p)}});
  return {{"company", c.code}, {"procedures", out}};
}

json template_set(db::context &ctx, const std::string &company, const std::string &name,
                  const std::string &language, const std::string &subject, const std::string &body) {
  const auto c = erp::find_company(ctx, company);
  if (language != "de" && language != "en" && language != "nl")
    throw error(ARX_E_INVALID_ARGUMENT, "template language '" + language + "': one of de, en, nl");
  if (name.empty() || name.size() > 60) throw error(ARX_E_INVALID_ARGUMENT, "template name: 1 to 60 characters");
  long long cid = c.id, now = core::now_unix();
  std::string user = ctx.user();
  db::write_transaction tx(ctx);
  ctx.sql() << "DELETE FROM arx_dunning_template WHERE company_id = :c AND name = :n AND language = :l",
      soci::use(cid, "c"), soci::use(name, "n"), soci::use(language, "l");
  json out = {{"company", c.code}, {"name", name}, {"language", language}};
  if (subject.empty() && body.empty()) {
    out["source"] = "built-in";
  } else {
    if (subject.size() > 400) throw error(ARX_E_INVALID_ARGUMENT, "template subject is longer than 400 bytes");
    if (body.size() > 8000) throw error(ARX_E_INVALID_ARGUMENT, "template body is longer than 8000 bytes");
    check_template({subject, body});
    ctx.sql() << "INSERT INTO arx_dunning_template (company_id, name, language, subject, body, updated_at, updated_by) "
                 "VALUES (:c, :n, :l, :s, :b, :t, :u)",
        soci::use(cid, "c"), soci::use(name, "n"), soci::use(language, "l"), soci::use(subject, "s"),
        soci::use(body, "b"), soci::use(now, "t"), soci::use(user, "u");
    out["source"] = "company";
  }
  tx.commit();
  return out;
}

json customer_set(db::context &ctx, const std::string &company, const customer_settings &s) {
  const auto c = erp::find_company(ctx, company);
  customer_id(ctx, c, s.customer);
  if (s.procedure && !s.procedure->empty()) {
    bool known = false;
    for (const auto &p : load_procedures(ctx, c.id)) known = known || p.code == *s.procedure;
    if (!known) throw error(ARX_E_CONFIG, "company " + c.code + " has no dunning procedure '" + *s.procedure + "'");
  }
  if (s.blocked_until && !s.blocked_until->empty()) core::parse_date(*s.blocked_until);
  long long cid = c.id, now = core::now_unix();
  std::string number = s.customer, user = ctx.user();
  db::write_transaction tx(ctx);
  // Current values, then the changes on top.
  std::string procedure, segment, collector, reason, until;
  soci::indicator pi = soci::i_null, si = soci::i_null, ci = soci::i_null, ri = soci::i_null, ui = soci::i_null;
  int blocked = 0;
  ctx.sql() << "SELECT procedure_code, segment, collector, blocked, block_reason, blocked_until FROM arx_dunning_customer "
               "WHERE company_id = :c AND customer_number = :n",
      soci::use(cid, "c"), soci::use(number, "n"), soci::into(procedure, pi), soci::into(segment, si),
      soci::into(collector, ci), soci::into(blocked), soci::into(reason, ri), soci::into(until, ui);
  const bool exists = ctx.sql().got_data();
  auto merge = [](std::string &v, soci::indicator &ind, const std::optional<std::string> &change) {
    if (!change) return;
    v = *change;
    ind = change->empty() ? soci::i_null : soci::i_ok;
  };
  if (!exists) pi = si = ci = ri = ui = soci::i_null;
  merge(procedure, pi, s.procedure);
  merge(segment, si, s.segment);
  merge(collector, ci, s.collector);
  merge(reason, ri, s.block_reason);
  merge(until, ui, s.blocked_until);
  if (ui == soci::i_ok) until = until.substr(0, 10);
  if (s.blocked) blocked = *s.blocked ? 1 : 0;
  if (blocked && ri != soci::i_ok)
    throw error(ARX_E_INVALID_ARGUMENT, "a dunning block of customer " + number + " needs a reason");
  ctx.sql() << "DELETE FROM arx_dunning_customer WHERE company_id = :c AND customer_number = :n", soci::use(cid, "c"),
      soci::use(number, "n");
  ctx.sql() << "INSERT INTO arx_dunning_customer (company_id, customer_number, procedure_code, segment, collector, "
               "blocked, block_reason, blocked_until, updated_at, updated_by) VALUES (:c, :n, :p, :s, :col, :b, :r, "
               ":until, :t, :u)",
      soci::use(cid, "c"), soci::use(number, "n"), soci::use(procedure, pi, "p"), soci::use(segment, si, "s"),
      soci::use(collector, ci, "col"), soci::use(blocked, "b"), soci::use(reason, ri, "r"),
      soci::use(until, ui, "until"), soci::use(now, "t"), soci::use(user, "u");
  tx.commit();
  auto opt = [](const std::string &v, soci::indicator i) { return i == soci::i_ok ? json(v) : json(nullptr); };
  return {{"company", c.code},       {"customer_number", number},   {"procedure", opt(procedure, pi)},
          {"segment", opt(segment, si)}, {"collector", opt(collector, ci)}, {"blocked", blocked != 0},
          {"block_reason", opt(reason, ri)}, {"blocked_until", opt(until, ui)}};
}

json item_block(db::context &ctx, const std::string &company, const std::string &invoice,
                const std::string &reason, const std::string &until) {
  const auto c = erp::find_company(ctx, company);
  long long cid = c.id, iid = invoice_id(ctx, c, invoice), now = core::now_unix();
  if (reason.empty()) throw error(ARX_E_INVALID_ARGUMENT, "a dunning block of invoice " + invoice + " needs a reason");
  std::string u = until.empty() ? "" : core::format_date(core::parse_date(until)), user = ctx.user();
  soci::indicator ui = until.empty() ? soci::i_null : soci::i_ok;
  db::write_transaction tx(ctx);
  ctx.sql() << "DELETE FROM arx_dunning_item_block WHERE company_id = :c AND invoice_id = :i", soci::use(cid, "c"),
      soci::use(iid, "i");
  ctx.sql() << "INSERT INTO arx_dunning_item_block (company_id, invoice_id, reason, blocked_until, created_at, "
               "created_by) VALUES (:c, :i, :r, :until, :t, :u)",
      soci::use(cid, "c"), soci::use(iid, "i"), soci::use(reason, "r"), soci::use(u, ui, "until"),
      soci::use(now, "t"), soci::use(user, "u");
  tx.commit();
  return {{"company", c.code}, {"invoice_number", invoice}, {"blocked", true}, {"reason", reason},
          {"blocked_until", until.empty() ? json(nullptr) : json(u)}};
}

json item_unblock(db::context &ctx, const std::string &company, const std::string &invoice) {
  const auto c = erp::find_company(ctx, company);
  long long cid = c.id, iid = invoice_id(ctx, c, invoice);
  db::write_transaction tx(ctx);
  ctx.sql() << "DELETE FROM arx_dunning_item_block WHERE company_id = :c AND invoice_id = :i", soci::use(cid, "c"),
      soci::use(iid, "i");
  tx.commit();
  return {{"company", c.code}, {"invoice_number", invoice}, {"blocked", false}};
}

}  // namespace arx::dunning
