// The delivery commands: run the outbox, show its state, set how a customer
// receives invoices; and the statement of account sent the same ways.
#include "commands.hpp"

namespace arx::cli {

namespace {

int run_delivery_run(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  const auto max = static_cast<uint32_t>(count_option(vm, "delivery run", "max", UINT32_MAX));
  // The run's clock (seconds since 1970 UTC), for tests and for replaying a
  // schedule: a claim's lease and a retry's backoff end by this clock.
  const auto now = static_cast<int64_t>(count_option(vm, "delivery run", "now", INT64_MAX, 0));
  s.emit(s.context().delivery_run(optional_value(vm, "company"), max, now), print_generic);
  return 0;
}

int run_delivery_status(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  const auto limit = static_cast<uint32_t>(count_option(vm, "delivery status", "limit", UINT32_MAX));
  s.emit(s.context().delivery_status(optional_value(vm, "company"), optional_value(vm, "state"),
                                     optional_value(vm, "invoice"), limit),
         print_generic);
  return 0;
}

int run_delivery_preference(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const std::string company = required_company(vm);
  if (vm["reset"].as<bool>()) s.context().delivery_preference_set(company, args[0], "");
  else if (auto ch = optional_value(vm, "channels"))
    s.context().delivery_preference_set(company, args[0], *ch, optional_value(vm, "email"), vm["attach-xml"].as<bool>());
  s.emit(s.context().delivery_preference_get(company, args[0]), print_generic);
  return 0;
}

int run_statement_of_account(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const std::string company = required_company(vm);
  const arx_date as_of{0, 0, 0}; // the business date: --as-of or today
  const auto currency = optional_value(vm, "currency");
  if (vm["send"].as<bool>()) {
    s.emit(s.context().statement_send(company, args[0], as_of, currency), print_generic);
    return 0;
  }
  auto out = optional_value(vm, "out");
  if (!out) throw usage_error("statement-of-account", "give --out FILE (the PDF) or --send (by e-mail)");
  write_document(s, *out, s.context().statement_render(company, args[0], as_of, currency), "pdf");
  return 0;
}

} // namespace

std::vector<command> delivery_commands() {
  return {
    {"delivery run", "[--company CODE] [--max N] [--now SECONDS]", "Deliver what the outbox holds (the scheduled job)",
     0, 0, run_delivery_run,
     {value("company", "CODE", "only this company (default: all)"), value("max", "N", "at most N jobs"),
      value("now", "SECONDS", "the run's clock in seconds since 1970 UTC (tests; default: the system clock)")}},
    {"delivery status", "[--company CODE] [--state S] [--invoice NUMBER] [--limit N]",
     "Show the outbox: counts, jobs needing attention, jobs with their history", 0, 0, run_delivery_status,
     {value("company", "CODE", "only this company (default: all)"),
      value("state", "S", "queued, sent, failed, uncertain, ..."),
      value("invoice", "NUMBER", "only the jobs of this invoice"),
      value("limit", "N", "list at most N jobs (default 50)")}},
    {"delivery preference", "CUSTOMER --company CODE [--channels LIST [--email ADDR] [--attach-xml] | --reset]",
     "Show or set how a customer receives its invoices (a fallback chain such as peppol,email,print)", 1, 1,
     run_delivery_preference,
     {company_required, value("channels", "LIST", "the fallback chain, e.g. peppol,email,print"),
      value("email", "ADDR", "invoice e-mail address(es), comma-separated"),
      flag("attach-xml", "e-mails carry the e-invoice XML beside the PDF"),
      flag("reset", "back to the company default")}},
    {"statement-of-account", "CUSTOMER --company CODE (--out FILE | --send) [--currency CUR]",
     "A customer's open items as a PDF, or sent by e-mail (once per customer and date)", 1, 1,
     run_statement_of_account,
     {company_required, value("out", "FILE", "write the PDF here (- for stdout)"),
      flag("send", "queue it for e-mail through the outbox"),
      value("currency", "CUR", "when the customer has items in several")}},
  };
}

} // namespace arx::cli
