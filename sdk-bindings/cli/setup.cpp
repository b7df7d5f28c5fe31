// The commands that set a database up and show what is installed: install,
// check, config, demo (the demo data) and version.
#include <iostream>

#include "commands.hpp"

namespace arx::cli {

namespace {

int run_install(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  uint32_t flags = 0;
  if (vm["erp-schema"].as<bool>())
    flags |= ARX_INSTALL_ERP_SCHEMA;
  if (vm["uninstall"].as<bool>())
    flags |= ARX_INSTALL_UNINSTALL;
  const std::string report = s.context().schema_install(flags);
  if (s.json_mode()) {
    s.emit(report, print_generic);
    return 0;
  }
  // The report ends with the schema state; ask for it if the plugin left it out.
  const json doc = json::parse(report, nullptr, false);
  if (doc.is_object() && doc.contains("schema") && doc.at("schema").is_object()) {
    s.done(); // remove the progress line first
    json rest = doc;
    rest.erase("schema");
    print_document(std::cout, rest);
    print_schema_state(std::cout, doc.at("schema"));
    return 0;
  }
  s.emit(report, print_generic);
  const arx::host::schema_state state = s.context().schema_check();
  s.emit(state.json, print_schema_state);
  return 0;
}

int run_check(session &s, const po::variables_map &, const std::vector<std::string> &) {
  const arx::host::schema_state state = s.context().schema_check();
  s.emit(state.json, print_schema_state);
  if (state.current())
    return 0;
  std::string message = s.context().last_error();
  if (message.empty()) {
    const json report = json::parse(state.json, nullptr, false);
    message = "the arx schema is not current";
    if (report.is_object() && report.contains("state"))
      message += " (" + scalar_text(report.at("state")) + ")";
    message += "; run 'arx install'";
  }
  throw arx::host::error(state.status, message);
}

int run_config_list(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  s.emit(s.context().config_list(company_of(vm)), print_config_list);
  return 0;
}

int run_config_get(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().config_get(args[0], company_of(vm)), print_config_entry);
  return 0;
}

int run_config_set(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const bool reset = args.size() == 1;
  arx::host::config_change change;
  change.key = args[0];
  if (!reset)
    change.value = args[1];
  change.company = company_of(vm);
  change.reason = optional_value(vm, "reason");
  s.context().config_set(change);
  // Show the value now in effect, as config get does.
  s.emit(s.context().config_get(change.key, change.company), print_config_entry);
  return 0;
}

int run_demo(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  arx::host::demo_request request;
  request.seed = count_option(vm, "demo", "seed", UINT64_MAX);
  request.customers = static_cast<uint32_t>(count_option(vm, "demo", "customers", UINT32_MAX));
  request.invoices = static_cast<uint32_t>(count_option(vm, "demo", "invoices", UINT32_MAX));
  s.context().schema_install(ARX_INSTALL_ERP_SCHEMA);
  const std::string result = s.context().demo_generate(request);
  s.emit(result, print_demo_report);
  return 0;
}

int run_version(session &s, const po::variables_map &, const std::vector<std::string> &) {
  arx::host::library &lib = s.plugin();
  json doc;
  doc["cli"] = ARX_CLI_VERSION;
  doc["host_abi"] = arx::host::abi_version_text(ARX_ABI_VERSION);
  doc["plugin"] = lib.version();
  doc["plugin_abi"] = arx::host::abi_version_text(lib.abi_version());
  doc["plugin_path"] = lib.path();
  s.emit(doc.dump(), [](std::ostream &out, const json &d) {
    out << "arx " << scalar_text(d["cli"]) << " (reference host, ABI " << scalar_text(d["host_abi"])
        << ")\nplugin " << scalar_text(d["plugin"]) << " (ABI " << scalar_text(d["plugin_abi"])
        << ") loaded from " << scalar_text(d["plugin_path"]) << '\n';
  });
  return 0;
}

} // namespace

std::vector<command> setup_commands() {
  return {
    {"install", "[--erp-schema] [--uninstall]", "Install or upgrade arx's tables, then show the schema state", 0, 0,
     run_install,
     {flag("erp-schema", "also create the reference ERP's tables (demos, tests)"),
      flag("uninstall", "drop arx's own tables instead (never the ERP's)")}, needs::context_any_schema},
    {"check", "", "Show whether arx's schema in the database is current (exit 1 if not)", 0, 0,
     run_check, {}, needs::context_any_schema},
    {"config list", "[--company CODE]", "List every configuration key with its value and default", 0, 0,
     run_config_list, {company_option}},
    {"config get", "KEY [--company CODE]", "Show one configuration key", 1, 1, run_config_get, {company_option}},
    {"config set", "KEY VALUE [--company CODE] [--reason TEXT]",
     "Set a configuration value (checked and audited by the plugin)", 2, 2,
     run_config_set, {company_option, reason_option}},
    {"config reset", "KEY [--company CODE] [--reason TEXT]", "Reset a configuration key to its default", 1, 1,
     run_config_set, {company_option, reason_option}},
    {"demo", "[--seed N] [--customers N] [--invoices N]",
     "Create the reference ERP tables and fill them with seeded demo data", 0, 0, run_demo,
     {value("seed", "N", "random seed; the same seed gives the same data", "1"),
      value("customers", "N", "customers per company (default: the plugin's, 300)"),
      value("invoices", "N", "invoices per company (default: the plugin's, 3000)")}, needs::context_any_schema},
    {"version", "", "Show the versions of this host and of the plugin it loads", 0, 0,
     run_version, {}, needs::plugin},
  };
}

} // namespace arx::cli
