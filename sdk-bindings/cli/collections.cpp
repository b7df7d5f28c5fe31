// The dunning and collections commands: dunning runs and previews, procedures
// and templates, customer settings and blocks, disputes, promises to pay, the
// customer history, the collector's worklist and tasks; and how their results
// are shown.
#include <ostream>

#include "commands.hpp"

namespace arx::cli {

namespace {

std::string field(const json &o, const char *name) {
  return o.is_object() && o.contains(name) ? scalar_text(o.at(name)) : std::string();
}

}  // namespace

void print_dunning_report(std::ostream &out, const json &r) {
  if (!r.is_object() || !r.contains("status")) {
    print_document(out, r);
    return;
  }
  out << "Dunning " << field(r, "status") << " for company " << field(r, "company") << " as of " << field(r, "as_of");
  if (r.contains("run_id") && !r.at("run_id").is_null()) out << " (run " << field(r, "run_id") << ")";
  out << "\n";
  if (r.contains("notices") && r.at("notices").is_array()) {
    for (const json &n : r.at("notices")) {
      out << "\n" << field(n, "customer_number") << "  level " << field(n, "level") << "  " << field(n, "channel")
          << "  " << field(n, "template") << " (" << field(n, "language") << ")  overdue " << field(n, "overdue_total")
          << "  fee " << field(n, "fee") << "  interest " << field(n, "interest") << "  total "
          << field(n, "total_due") << " " << field(n, "currency") << "  pay by " << field(n, "pay_by");
      if (n.contains("fee_invoice") && !n.at("fee_invoice").is_null()) out << "  fee invoice " << field(n, "fee_invoice");
      out << "\n";
      std::vector<std::vector<std::string>> rows{{"INVOICE", "DUE", "OPEN", "DAYS", "LEVEL", "INTEREST"}};
      for (const json &i : n.at("items"))
        rows.push_back({field(i, "invoice_number"), field(i, "due_date"), field(i, "open_amount"),
                        field(i, "days_overdue"),
                        field(i, "level") + (i.contains("escalated") && i.at("escalated").get<bool>() ? " (new)" : ""),
                        field(i, "interest")});
      print_indented_table(out, rows, 4);
      if (n.contains("excluded_items"))
        for (const json &e : n.at("excluded_items"))
          out << "    not dunned: " << field(e, "invoice_number") << ": " << field(e, "reason") << "\n";
    }
  }
  if (r.contains("held") && r.at("held").is_array() && !r.at("held").empty()) {
    out << "\nNo notice:\n";
    std::vector<std::vector<std::string>> rows{{"CUSTOMER", "OUTCOME", "REASON"}};
    for (const json &h : r.at("held")) rows.push_back({field(h, "customer_number"), field(h, "outcome"), field(h, "reason")});
    print_indented_table(out, rows, 2);
  }
  if (r.contains("totals")) {
    const json &t = r.at("totals");
    out << "\nTotals: " << field(t, "notices") << " notices, " << field(t, "items") << " items, "
        << field(t, "customers") << " customers with overdue items\n";
    if (t.contains("amounts") && t.at("amounts").is_object())
      for (auto it = t.at("amounts").begin(); it != t.at("amounts").end(); ++it)
        out << "  " << it.key() << ": overdue " << field(it.value(), "overdue_total") << ", fees "
            << field(it.value(), "fee") << ", interest " << field(it.value(), "interest") << ", total due "
            << field(it.value(), "total_due") << "\n";
  }
  if (r.contains("documents")) {
    const json &d = r.at("documents");
    out << "Documents: " << field(d, "composed") << " notices composed, " << field(d, "emails") << " e-mails and "
        << field(d, "letters") << " letters queued in the outbox, " << field(d, "calls") << " calls for collectors\n";
  }
}

void print_worklist(std::ostream &out, const json &r) {
  const json *rows_in = nullptr;
  for (const char *k : {"rows", "customers", "worklist", "entries"})
    if (r.is_object() && r.contains(k) && r.at(k).is_array()) rows_in = &r.at(k);
  if (!rows_in) {
    print_document(out, r);
    return;
  }
  std::vector<std::vector<std::string>> rows{{"RANK", "CUSTOMER", "NAME", "COLLECTOR", "OVERDUE", "OLDEST", "SCORE"}};
  for (const json &w : *rows_in)
    rows.push_back({field(w, "rank"), field(w, "customer_number"), field(w, "customer_name"), field(w, "collector"),
                    field(w, "overdue_amount") + " " + field(w, "currency"), field(w, "oldest_days_overdue"),
                    field(w, "score")});
  print_table(out, rows);
  for (const json &w : *rows_in) {
    if (!w.contains("reasons")) continue;
    out << field(w, "rank") << ". " << field(w, "customer_number") << ":";
    for (const json &reason : w.at("reasons")) out << " " << scalar_text(reason) << ";";
    out << "\n";
  }
}

void print_history(std::ostream &out, const json &r) {
  if (!r.is_object() || !r.contains("entries")) {
    print_document(out, r);
    return;
  }
  out << "History of customer " << field(r, "customer_number") << " " << field(r, "customer_name") << "\n";
  std::vector<std::vector<std::string>> rows{{"DATE", "KIND", "REFERENCE", "AMOUNT", "DETAIL"}};
  for (const json &e : r.at("entries")) {
    std::string amount = field(e, "amount");
    if (!amount.empty() && amount != "-") amount += " " + field(e, "currency");
    std::string detail = field(e, "detail");
    if (e.contains("state")) detail = field(e, "channel") + " " + field(e, "state") + (detail.empty() ? "" : ": " + detail);
    rows.push_back({field(e, "date"), field(e, "kind"), field(e, "reference"), amount, detail});
  }
  print_table(out, rows);
}

// ---- the commands

namespace {

arx::host::dunning_request dunning_of(const session &s, const po::variables_map &vm) {
  arx::host::dunning_request request;
  request.company = required_company(vm);
  // --as-of (global) fixes the date explicitly; otherwise the plugin asks the
  // business-date callback, which answers $ARX_BUSINESS_DATE or today.
  if (s.global().as_of)
    request.as_of = *s.explicit_date();
  request.customer = optional_value(vm, "customer");
  request.summary = vm.count("summary") && vm["summary"].as<bool>();
  return request;
}

int run_dunning_run(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  s.emit(s.context().dunning_run(dunning_of(s, vm)), print_dunning_report);
  return 0;
}
int run_dunning_preview(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  s.emit(s.context().dunning_preview(dunning_of(s, vm)), print_dunning_report);
  return 0;
}

// ---- collections: every command is one action of the plugin's collections()
// entry, its options turned into the action's JSON parameters.

void collections_call(session &s, const po::variables_map &vm, const char *action, const json &params,
                      void (*printer)(std::ostream &, const json &) = print_generic) {
  s.emit(s.context().collections(required_company(vm), action, params.dump()), printer);
}

int run_dunning_procedures(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  collections_call(s, vm, "procedure_list", json::object());
  return 0;
}
int run_dunning_procedure(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const std::string text = file_text(vm["file"].as<std::string>());
  json definition = json::parse(text, nullptr, false);
  if (definition.is_discarded())
    throw usage_error("dunning procedure", vm["file"].as<std::string>() + " is not valid JSON");
  if (vm["default"].as<bool>()) definition["default"] = true;
  collections_call(s, vm, "procedure_set", json{{"code", args[0]}, {"definition", definition}});
  return 0;
}
int run_dunning_template(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"name", args[0]}, {"language", vm["language"].as<std::string>()}};
  if (vm["reset"].as<bool>()) {
    p["subject"] = "";
    p["body"] = "";
  } else {
    if (!vm.count("subject") || !vm.count("body-file"))
      throw usage_error("dunning template", "give --subject and --body-file, or --reset");
    p["subject"] = vm["subject"].as<std::string>();
    p["body"] = file_text(vm["body-file"].as<std::string>());
  }
  collections_call(s, vm, "template_set", p);
  return 0;
}
int run_dunning_customer(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"customer", args[0]}};
  copy_options(vm, p, {"procedure", "segment", "collector", "until"});
  if (p.contains("until")) {
    p["blocked_until"] = p["until"];
    p.erase("until");
  }
  if (auto reason = optional_value(vm, "block")) {
    p["blocked"] = true;
    p["block_reason"] = *reason;
  }
  if (vm["unblock"].as<bool>()) p["blocked"] = false;
  collections_call(s, vm, "customer_set", p);
  return 0;
}
int run_dunning_block(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"invoice", args[0]}};
  copy_options(vm, p, {"reason", "until"});
  collections_call(s, vm, "item_block", p);
  return 0;
}
int run_dunning_unblock(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  collections_call(s, vm, "item_unblock", json{{"invoice", args[0]}});
  return 0;
}
int run_dispute_open(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"invoice", args[0]}};
  copy_options(vm, p, {"amount", "reason-code", "owner", "due", "notes"});
  collections_call(s, vm, "dispute_open", p);
  return 0;
}
int run_dispute_resolve(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"id", parse_id("dispute resolve", "the dispute id", args[0])}};
  copy_options(vm, p, {"resolution", "note"});
  collections_call(s, vm, "dispute_resolve", p);
  return 0;
}
int run_dispute_list(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"customer", "state"});
  collections_call(s, vm, "dispute_list", p);
  return 0;
}
int run_promise_add(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"customer", args[0]}};
  copy_options(vm, p, {"amount", "date", "currency", "note"});
  collections_call(s, vm, "promise_add", p);
  return 0;
}
int run_promise_cancel(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  collections_call(s, vm, "promise_cancel", json{{"id", parse_id("promise cancel", "the promise id", args[0])}});
  return 0;
}
int run_promise_list(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"customer"});
  collections_call(s, vm, "promise_list", p);
  return 0;
}
int run_history(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"customer", args[0]}};
  if (auto l = optional_value(vm, "limit")) p["limit"] = parse_count("history", "--limit", *l, UINT32_MAX);
  collections_call(s, vm, "history", p, print_history);
  return 0;
}
int run_note_add(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  collections_call(s, vm, "note_add",
                   json{{"customer", args[0]}, {"kind", vm["call"].as<bool>() ? "call" : "note"},
                        {"text", vm["text"].as<std::string>()}});
  return 0;
}
int run_worklist(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"collector"});
  if (auto l = optional_value(vm, "limit")) p["limit"] = parse_count("worklist", "--limit", *l, UINT32_MAX);
  if (s.global().as_of) p["as_of"] = format_date(*s.explicit_date());
  collections_call(s, vm, "worklist", p, print_worklist);
  return 0;
}
int run_worklist_assign(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  collections_call(s, vm, "assign", json{{"customer", args[0]}, {"collector", vm["collector"].as<std::string>()}});
  return 0;
}
int run_task_done(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  json p = {{"id", parse_id("task done", "the task id", args[0])}};
  copy_options(vm, p, {"outcome"});
  collections_call(s, vm, "task_done", p);
  return 0;
}

} // namespace

std::vector<command> collections_commands() {
  // The options of `dunning run` and of its preview.
  const std::vector<option> dunning_options = {company_required, value("customer", "NUMBER", "only this customer"),
                                               flag("summary", "totals only, not every notice")};
  return {
    {"dunning run", "--company CODE [--as-of DATE] [--customer NUMBER] [--summary]",
     "Run dunning for a company as of the business date (once per date): notices, fees, interest, delivery", 0, 0,
     run_dunning_run, dunning_options},
    {"dunning preview", "--company CODE [--as-of DATE] [--customer NUMBER] [--summary]",
     "Show what a dunning run would do, writing nothing", 0, 0, run_dunning_preview, dunning_options},
    {"dunning procedures", "--company CODE", "The company's dunning procedures and their levels", 0, 0,
     run_dunning_procedures, {company_required}},
    {"dunning procedure", "CODE --file FILE [--default] --company CODE",
     "Store a dunning procedure from its JSON definition (docs/DUNNING.md)", 1, 1, run_dunning_procedure,
     {company_required, required("file", "FILE", "the JSON definition"),
      flag("default", "make it the company's default procedure")}},
    {"dunning template", "NAME --language L (--subject TEXT --body-file FILE | --reset) --company CODE",
     "Set a company's own text of a dunning template (ctemplate syntax), or go back to the built-in one", 1, 1,
     run_dunning_template,
     {company_required, required("language", "L", "de, en or nl"), value("subject", "TEXT", "the subject template"),
      value("body-file", "FILE", "the body template"), flag("reset", "use the built-in template again")}},
    {"dunning customer", "NUMBER [--procedure P] [--segment S] [--collector NAME] [--block REASON | --unblock] "
                         "[--until DATE] --company CODE",
     "A customer's dunning settings: procedure, segment, collector, dunning block", 1, 1, run_dunning_customer,
     {company_required, value("procedure", "P", "its procedure (\"\" clears)"),
      value("segment", "S", "its segment (\"\" clears)"), value("collector", "NAME", "its collector (\"\" clears)"),
      value("block", "REASON", "block dunning, with the reason"), flag("unblock", "remove the block"),
      value("until", "DATE", "the block ends after this date")}},
    {"dunning block", "INVOICE --reason TEXT [--until DATE] --company CODE", "Do not dun this invoice", 1, 1,
     run_dunning_block,
     {company_required, required("reason", "TEXT", "why"), value("until", "DATE", "the block ends after this date")}},
    {"dunning unblock", "INVOICE --company CODE", "Dun this invoice again", 1, 1,
     run_dunning_unblock, {company_required}},
    {"dispute open", "INVOICE --reason-code R [--amount A] [--owner NAME] [--due DATE] [--notes TEXT] --company CODE",
     "Open a dispute on an invoice or part of it; the disputed amount is not dunned", 1, 1, run_dispute_open,
     {company_required,
      required("reason-code", "R", "pricing, quantity, quality, delivery, not_ordered, duplicate, short_payment, other"),
      value("amount", "A", "the disputed part (default: the open amount)"), value("owner", "NAME", "who works on it"),
      value("due", "DATE", "when it should be resolved"), value("notes", "TEXT", "notes")}},
    {"dispute resolve", "ID --resolution R [--note TEXT] --company CODE",
     "Resolve a dispute: credit_note, write_off (booked in the ERP) or rejected (dunned again)", 1, 1,
     run_dispute_resolve,
     {company_required, required("resolution", "R", "credit_note, write_off or rejected"),
      value("note", "TEXT", "e.g. the credit note's number")}},
    {"dispute list", "[--customer NUMBER] [--state S] --company CODE", "Disputes, open and resolved", 0, 0,
     run_dispute_list,
     {company_required, value("customer", "NUMBER", "only this customer"), value("state", "S", "open or resolved")}},
    {"promise add", "CUSTOMER --amount A --date DATE [--currency C] [--note TEXT] --company CODE",
     "Record a promise to pay; dunning waits for it and checks it against payments", 1, 1, run_promise_add,
     {company_required, required("amount", "A", "the promised amount"), required("date", "DATE", "the promised date"),
      value("currency", "C", "default: the company's currency"), value("note", "TEXT", "what was said")}},
    {"promise cancel", "ID --company CODE", "Cancel an open promise to pay", 1, 1,
     run_promise_cancel, {company_required}},
    {"promise list", "[--customer NUMBER] --company CODE", "Promises to pay and whether they were kept", 0, 0,
     run_promise_list, {company_required, value("customer", "NUMBER", "only this customer")}},
    {"history", "CUSTOMER [--limit N] --company CODE",
     "Every notice, e-mail, letter, call, dispute event and promise of a customer, newest first", 1, 1,
     run_history, {company_required, value("limit", "N", "at most N entries")}},
    {"note add", "CUSTOMER --text TEXT [--call] --company CODE",
     "Record a call or a note in the customer's history", 1, 1,
     run_note_add, {company_required, required("text", "TEXT", "what happened"), flag("call", "it was a call")}},
    {"worklist", "[--collector NAME] [--limit N] [--as-of DATE] --company CODE",
     "Customers to contact, ranked by the expected value of a contact, with the reasons", 0, 0, run_worklist,
     {company_required, value("collector", "NAME", "only this collector's customers"),
      value("limit", "N", "at most N customers")}},
    {"worklist assign", "CUSTOMER --collector NAME --company CODE", "Assign a customer to a collector", 1, 1,
     run_worklist_assign, {company_required, required("collector", "NAME", "the collector")}},
    {"task done", "ID [--outcome TEXT] --company CODE",
     "Close a collector's task (a call a dunning level asked for)", 1, 1,
     run_task_done, {company_required, value("outcome", "TEXT", "what came of it")}},
  };
}

}  // namespace arx::cli
