#include "dunning/actions.hpp"

#include <map>
#include <set>

#include "collections/dispute.hpp"
#include "collections/history.hpp"
#include "collections/promise.hpp"
#include "collections/worklist.hpp"
#include "core/error.hpp"
#include "dunning/admin.hpp"
#include "core/action_table.hpp"
#include "core/params.hpp"

namespace arx::dunning {

using nlohmann::json;

namespace {

using params = core::action_params;

using handler = json (*)(db::context &, const std::string &, const params &);

const std::map<std::string, handler> &handlers() {
  static const std::map<std::string, handler> h = {
      {"dispute_open",
       [](db::context &ctx, const std::string &company, const params &p) {
         collections::dispute_request r;
         r.company = company;
         r.invoice_number = p.text("invoice", true);
         r.amount = p.text("amount");
         r.reason_code = p.text("reason_code", true);
         r.owner = p.text("owner");
         r.due_date = p.date("due");
         r.notes = p.text("notes");
         p.done();
         return collections::open_dispute(ctx, r);
       }},
      {"dispute_resolve",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto id = p.integer("id", true);
         const auto resolution = p.text("resolution", true);
         const auto note = p.text("note");
         p.done();
         return collections::resolve_dispute(ctx, company, id, resolution, note);
       }},
      {"dispute_list",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer"), state = p.text("state");
         p.done();
         return collections::list_disputes(ctx, company, customer, state);
       }},
      {"promise_add",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer", true), amount = p.text("amount", true);
         const auto currency = p.text("currency"), note = p.text("note");
         const auto date = *p.date("date", true);
         p.done();
         return collections::add_promise(ctx, company, customer, amount, currency, date, note);
       }},
      {"promise_cancel",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto id = p.integer("id", true);
         p.done();
         return collections::cancel_promise(ctx, company, id);
       }},
      {"promise_list",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer");
         p.done();
         return collections::list_promises(ctx, company, customer);
       }},
      {"history",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer", true);
         const auto limit = p.integer("limit", false, 0);
         p.done();
         return collections::history(ctx, company, customer, static_cast<uint32_t>(std::max<int64_t>(limit, 0)));
       }},
      {"note_add",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer", true), kind = p.text("kind"), text = p.text("text", true);
         p.done();
         return collections::add_note(ctx, company, customer, kind.empty() ? "note" : kind, text);
       }},
      {"worklist",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto as_of = p.date("as_of");
         const auto collector = p.text("collector");
         const auto limit = p.integer("limit", false, 0);
         p.done();
         return collections::worklist(ctx, company, as_of ? *as_of : ctx.today(), collector,
                                      static_cast<uint32_t>(std::max<int64_t>(limit, 0)));
       }},
      {"assign",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto customer = p.text("customer", true), collector = p.text("collector", true);
         p.done();
         return collections::assign_collector(ctx, company, customer, collector);
       }},
      {"task_done",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto id = p.integer("id", true);
         const auto outcome = p.text("outcome");
         p.done();
         return collections::complete_task(ctx, company, id, outcome);
       }},
      {"procedure_set",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto code = p.text("code", true);
         const json definition = p.object("definition");
         p.done();
         return procedure_set(ctx, company, code, definition);
       }},
      {"procedure_list",
       [](db::context &ctx, const std::string &company, const params &p) {
         p.done();
         return procedure_list(ctx, company);
       }},
      {"template_set",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto name = p.text("name", true), language = p.text("language", true);
         const auto subject = p.text("subject"), body = p.text("body");
         p.done();
         return template_set(ctx, company, name, language, subject, body);
       }},
      {"customer_set",
       [](db::context &ctx, const std::string &company, const params &p) {
         customer_settings s;
         s.customer = p.text("customer", true);
         s.procedure = p.optional_text("procedure");
         s.segment = p.optional_text("segment");
         s.collector = p.optional_text("collector");
         s.blocked = p.boolean("blocked");
         s.block_reason = p.optional_text("block_reason");
         s.blocked_until = p.optional_text("blocked_until");
         p.done();
         return customer_set(ctx, company, s);
       }},
      {"item_block",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto invoice = p.text("invoice", true), reason = p.text("reason", true), until = p.text("until");
         p.done();
         return item_block(ctx, company, invoice, reason, until);
       }},
      {"item_unblock",
       [](db::context &ctx, const std::string &company, const params &p) {
         const auto invoice = p.text("invoice", true);
         p.done();
         return item_unblock(ctx, company, invoice);
       }},
  };
  return h;
}

}  // namespace

json collections_action(db::context &ctx, const std::string &company, const std::string &action,
                        const std::string &text) {
  return core::call_action(handlers(), "collections", action, text, ctx, company);
}

}  // namespace arx::dunning
