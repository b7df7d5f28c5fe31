// The payment matching hook's commands: a demo bank statement to try it
// with, importing bank files, running cash application and deciding on its
// suggestions.
#include "commands.hpp"

namespace arx::cli {

namespace {

int run_demo_statement(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  const uint64_t seed = count_option(vm, "demo statement", "seed", UINT64_MAX, 1);
  const auto lines = static_cast<uint32_t>(count_option(vm, "demo statement", "lines", 1000000));
  const arx_date on = s.global().as_of ? *s.explicit_date() : arx_date{0, 0, 0};
  write_document(s, vm["out"].as<std::string>(),
                 s.context().demo_bank_statement(required_company(vm), seed, lines, on), "camt.053");
  return 0;
}

int run_statement_import(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  arx::host::statement_source source;
  source.company = optional_value(vm, "company").value_or("");
  source.path = args[0];
  source.format = optional_value(vm, "format");
  s.emit(s.context().statement_import(source), print_generic);
  return 0;
}

int run_cashapp_run(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  arx::host::cashapp_run_request request;
  request.company = required_company(vm);
  request.currency = optional_value(vm, "currency");
  if (vm.count("statement"))
    request.statement_id = parse_id("cashapp run", "--statement", vm["statement"].as<std::string>());
  if (vm["shadow"].as<bool>())
    request.flags |= ARX_CASHAPP_SHADOW;
  s.emit(s.context().cashapp_run(request), print_generic);
  return 0;
}

int run_cashapp_list(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  arx::host::cashapp_list_request request;
  request.company = required_company(vm);
  if (vm.count("statement"))
    request.statement_id = parse_id("cashapp list", "--statement", vm["statement"].as<std::string>());
  request.status = optional_value(vm, "status");
  request.limit = static_cast<uint32_t>(count_option(vm, "cashapp list", "limit", UINT32_MAX));
  request.offset = static_cast<uint32_t>(count_option(vm, "cashapp list", "offset", UINT32_MAX));
  if (vm["shadow"].as<bool>()) request.flags |= ARX_CASHAPP_SHADOW;
  s.emit(s.context().cashapp_list(request), print_generic);
  return 0;
}

int decide(session &s, const po::variables_map &vm, const std::vector<std::string> &args,
           int32_t decision, const char *command) {
  const int64_t id = parse_id(command, "the suggestion id", args[0]);
  s.emit(s.context().cashapp_decide(id, decision, optional_value(vm, "reason")), print_generic);
  return 0;
}

int run_cashapp_confirm(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  return decide(s, vm, args, ARX_DECISION_CONFIRM, "cashapp confirm");
}
int run_cashapp_reject(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  return decide(s, vm, args, ARX_DECISION_REJECT, "cashapp reject");
}


} // namespace

std::vector<command> cashapp_commands() {
  // The options of `cashapp results` and its other name `cashapp list`.
  const std::vector<option> results_options = {
      company_required, value("statement", "ID", "only this statement"),
      value("status", "S", "applied, suggested or unmatched"), value("limit", "N", "at most N results"),
      value("offset", "N", "skip the first N results"), flag("shadow", "the decisions of shadow runs")};
  return {
    {"demo statement", "--company CODE --out FILE [--lines N] [--seed N] [--as-of DATE]",
     "Write a demo camt.053 bank statement that pays the company's open items (for trying cash application)", 0, 0,
     run_demo_statement,
     {company_required, required("out", "FILE", "where to write the XML (- for stdout)"),
      value("lines", "N", "payments (default 40)"), value("seed", "N", "same seed, same statement (default 1)")}},
    {"statement import", "FILE [--company CODE] [--format F]",
     "Import a bank file (camt.052/053/054, MT940/942, BAI2, CSV lockbox); the same file twice changes nothing", 1, 1,
     run_statement_import,
     {value("company", "CODE", "the company (default: the one whose IBAN the statement is for)"),
      value("format", "F", "camt.053, camt.054, camt.052, mt940, mt942, bai2 or csv (default: detected)")}},
    {"cashapp run", "--company CODE [--currency CUR] [--statement ID] [--shadow]",
     "Match imported payments to open invoices", 0, 0, run_cashapp_run,
     {company_required, value("currency", "CUR", "only this ISO 4217 currency"),
      value("statement", "ID", "only this statement"),
      flag("shadow", "record decisions only; write nothing to the ERP ledger")}},
    {"cashapp results", "--company CODE [--statement ID] [--status S] [--limit N] [--offset N] [--shadow]",
     "What the runs decided per bank line: applied, suggested (with its proposal) or unmatched, and why", 0, 0,
     run_cashapp_list, results_options},
    {"cashapp list", "--company CODE [--statement ID] [--status S] [--limit N] [--offset N] [--shadow]",
     "The same as cashapp results", 0, 0, run_cashapp_list, results_options},
    {"cashapp confirm", "LINE_ID [--reason TEXT]", "Apply a suggested match to the ERP (and teach the model)", 1, 1,
     run_cashapp_confirm, {reason_option}},
    {"cashapp reject", "LINE_ID [--reason TEXT]", "Reject a suggested match (and teach the model)", 1, 1,
     run_cashapp_reject, {reason_option}},
  };
}

} // namespace arx::cli
