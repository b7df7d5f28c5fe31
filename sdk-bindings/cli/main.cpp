// arx: the reference host. It loads libarx.so through arx.hpp, exactly as an
// ERP host does, and exposes the plugin's functions as commands.
//
//   arx [global options] <command> [arguments]
//
// Exit codes: 0 success, 1 the plugin (or loading it) reported a failure,
// 2 the command line is wrong. docs/CLI.md describes every command.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <boost/program_options.hpp>

#include "cli.hpp"

#ifndef ARX_CLI_VERSION
#define ARX_CLI_VERSION "0.0.0"
#endif

namespace po = boost::program_options;
using arx::host::error;

namespace arx::cli {

namespace {

constexpr const char *default_connection = "DRIVER=SQLite3;Database=./arx.db";

// ---- the command line ---------------------------------------------------------

struct global_options {
  std::optional<std::string> db, plugin, profile, profile_dir, user, as_of;
  bool json = false;
  bool verbose = false;
  bool help = false;
  bool version = false;
};

po::options_description global_description() {
  po::options_description d("Global options (anywhere on the line)");
  d.add_options()
    ("db", po::value<std::string>()->value_name("CONN"),
     "ODBC connection string (default: $ARX_DB, else \"DRIVER=SQLite3;Database=./arx.db\")")
    ("plugin", po::value<std::string>()->value_name("PATH"),
     "the plugin to load (default: $ARX_PLUGIN, else the installed or built libarx.so.1)")
    ("profile", po::value<std::string>()->value_name("NAME"), "ERP profile (default: reference)")
    ("profile-dir", po::value<std::string>()->value_name("DIR"),
     "read ERP profiles from DIR instead of the built-in ones")
    ("user", po::value<std::string>()->value_name("NAME"), "ERP user for the audit trail (default: host)")
    ("as-of", po::value<std::string>()->value_name("YYYY-MM-DD"),
     "business date (default: $ARX_BUSINESS_DATE, else today)")
    ("json", po::bool_switch(), "print the raw JSON result (one document on stdout)")
    ("verbose", po::bool_switch(), "also show the plugin's informational log lines")
    ("help,h", po::bool_switch(), "show this help, or the help of the command given")
    ("version", po::bool_switch(), "same as the version command");
  return d;
}

// How much of the plugin a command needs before it runs.
enum class needs { nothing, plugin, context, context_any_schema };

class session;
using run_fn = int (*)(session &, const po::variables_map &, const std::vector<std::string> &);
using options_fn = void (*)(po::options_description &);

struct command {
  const char *name;      // "config set"
  const char *arguments; // shown after the name in the usage
  const char *summary;
  std::size_t min_args;  // positional arguments
  std::size_t max_args;
  options_fn options;    // may be null
  needs what;
  run_fn run;
};

const std::vector<command> &commands();

const command *find_command(const std::string &name) {
  for (const command &c : commands())
    if (name == c.name)
      return &c;
  return nullptr;
}

// "config" for "config set": a word that only groups subcommands.
bool is_group(const std::string &word) {
  for (const command &c : commands()) {
    const std::string name = c.name;
    if (name.size() > word.size() && name.compare(0, word.size(), word) == 0 &&
        name[word.size()] == ' ')
      return true;
  }
  return false;
}

po::options_description command_description(const command &c) {
  po::options_description d("Options of " + std::string(c.name));
  if (c.options != nullptr)
    c.options(d);
  return d;
}

void print_command_usage(std::ostream &out, const command &c) {
  out << "usage: arx [global options] " << c.name;
  if (*c.arguments != '\0')
    out << ' ' << c.arguments;
  out << '\n';
}

void print_commands(std::ostream &out) {
  out << "usage: arx [global options] <command> [arguments]\n\nCommands:\n";
  std::vector<std::vector<std::string>> rows;
  for (const command &c : commands()) {
    std::string synopsis = c.name;
    if (*c.arguments != '\0')
      synopsis += std::string(" ") + c.arguments;
    rows.push_back({"  " + synopsis, c.summary});
  }
  // Long synopses would push every summary far right: put those on their own line.
  for (const auto &row : rows) {
    if (row[0].size() > 44)
      out << row[0] << "\n" << std::string(46, ' ') << row[1] << '\n';
    else
      out << row[0] << std::string(46 - row[0].size(), ' ') << row[1] << '\n';
  }
}

void print_help(std::ostream &out) {
  out << "arx " << ARX_CLI_VERSION
      << " - the reference host of the arx accounts-receivable plugin\n\n";
  print_commands(out);
  out << '\n' << global_description() << '\n'
      << "Exit status: 0 success, 1 failure reported by the plugin, 2 wrong usage.\n"
      << "Run 'arx help <command>' for the options of one command.\n";
}

void print_command_help(std::ostream &out, const command &c) {
  print_command_usage(out, c);
  out << '\n' << c.summary << ".\n";
  const po::options_description d = command_description(c);
  if (!d.options().empty())
    out << '\n' << d;
  out << "\nGlobal options such as --db, --plugin and --json are listed by 'arx --help'.\n";
}

// help for "config" lists every "config ..." command.
bool print_topic_help(std::ostream &out, const std::string &topic) {
  if (topic.empty()) {
    print_help(out);
    return true;
  }
  if (const command *c = find_command(topic)) {
    print_command_help(out, *c);
    return true;
  }
  if (is_group(topic)) {
    for (const command &c : commands())
      if (std::string(c.name).rfind(topic + " ", 0) == 0)
        print_command_usage(out, c);
    out << "Run 'arx help " << topic << " <subcommand>' for details.\n";
    return true;
  }
  return false;
}

// A command line split into the global options, the command and the
// command's own option values and arguments.
struct invocation {
  global_options global;
  const command *cmd = nullptr;
  std::vector<std::string> help_topic; // for "help" and --help
  bool wants_help = false;
  po::variables_map options;
  std::vector<std::string> args;
};

std::optional<std::string> optional_value(const po::variables_map &vm, const char *name) {
  if (vm.count(name) == 0)
    return std::nullopt;
  return vm[name].as<std::string>();
}

invocation parse_command_line(int argc, char **argv) {
  // Everything after "--" is a plain argument, even when it starts with "-".
  std::vector<std::string> head, tail;
  bool after_terminator = false;
  for (int i = 1; i < argc; ++i) {
    if (!after_terminator && std::string_view(argv[i]) == "--")
      after_terminator = true;
    else
      (after_terminator ? tail : head).emplace_back(argv[i]);
  }

  // Pass 1: the global options wherever they are; the rest is kept in order.
  po::options_description global = global_description();
  po::options_description pass1;
  pass1.add(global).add_options()("words", po::value<std::vector<std::string>>());
  po::positional_options_description words;
  words.add("words", -1);
  invocation inv;
  std::vector<std::string> rest;
  try {
    const po::parsed_options parsed =
        po::command_line_parser(head)
            .options(pass1)
            .positional(words)
            .allow_unregistered()
            .style(po::command_line_style::unix_style & ~po::command_line_style::allow_guessing)
            .run();
    po::variables_map vm;
    po::store(parsed, vm);
    po::notify(vm);
    inv.global.db = optional_value(vm, "db");
    inv.global.plugin = optional_value(vm, "plugin");
    inv.global.profile = optional_value(vm, "profile");
    inv.global.profile_dir = optional_value(vm, "profile-dir");
    inv.global.user = optional_value(vm, "user");
    inv.global.as_of = optional_value(vm, "as-of");
    inv.global.json = vm["json"].as<bool>();
    inv.global.verbose = vm["verbose"].as<bool>();
    inv.global.help = vm["help"].as<bool>();
    inv.global.version = vm["version"].as<bool>();
    rest = po::collect_unrecognized(parsed.options, po::include_positional);
  } catch (const po::error &e) {
    throw usage_error("", e.what());
  }

  // The command: one word, or a group word and its subcommand.
  std::size_t used = 0;
  std::string name;
  if (!rest.empty() && !rest[0].empty() && rest[0][0] == '-')
    throw usage_error("", "unknown option '" + rest[0] + "' (a command's options go after the command)");
  if (!rest.empty()) {
    name = rest[0];
    used = 1;
    if (is_group(name) && rest.size() > 1 && !rest[1].empty() && rest[1][0] != '-') {
      name += " " + rest[1];
      used = 2;
    }
  }

  if (name == "help" || (name.empty() && inv.global.help) ||
      (inv.global.help && find_command(name) == nullptr)) {
    inv.wants_help = true;
    std::size_t from = name == "help" ? 1 : 0;
    for (std::size_t i = from; i < rest.size(); ++i)
      inv.help_topic.push_back(rest[i]);
    return inv;
  }
  if (name.empty() && inv.global.version)
    name = "version";
  if (name.empty())
    throw usage_error("", "no command given");
  inv.cmd = find_command(name);
  if (inv.cmd == nullptr) {
    if (is_group(rest[0]))
      throw usage_error(rest[0], rest.size() > 1 ? "unknown subcommand '" + name + "'"
                                                 : "'" + name + "' needs a subcommand");
    throw usage_error("", "unknown command '" + name + "'");
  }
  if (inv.global.help) {
    inv.wants_help = true;
    inv.help_topic = {name};
    return inv;
  }

  // Pass 2: the command's own options and positional arguments. Short
  // options are off so that a value such as "-5" stays an argument.
  std::vector<std::string> tokens(rest.begin() + static_cast<std::ptrdiff_t>(used), rest.end());
  if (!tail.empty()) {
    tokens.emplace_back("--");
    tokens.insert(tokens.end(), tail.begin(), tail.end());
  }
  po::options_description pass2 = command_description(*inv.cmd);
  pass2.add_options()("args", po::value<std::vector<std::string>>());
  po::positional_options_description args;
  args.add("args", -1);
  try {
    const po::parsed_options parsed =
        po::command_line_parser(tokens)
            .options(pass2)
            .positional(args)
            .style(po::command_line_style::unix_style & ~po::command_line_style::allow_guessing &
                   ~po::command_line_style::allow_short)
            .run();
    po::store(parsed, inv.options);
    po::notify(inv.options);
  } catch (const po::error &e) {
    throw usage_error(name, e.what());
  }
  if (inv.options.count("args"))
    inv.args = inv.options["args"].as<std::vector<std::string>>();
  if (inv.args.size() < inv.cmd->min_args)
    throw usage_error(name, "missing arguments for '" + name + "'");
  if (inv.args.size() > inv.cmd->max_args)
    throw usage_error(name, "unexpected argument '" + inv.args[inv.cmd->max_args] + "'");
  return inv;
}

// Strict whole-number parsing of option values (no sign, no spaces).
uint64_t parse_count(const std::string &command, const std::string &what,
                     const std::string &text, uint64_t max) {
  uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20;
  for (const char c : text) {
    if (c < '0' || c > '9' || value > (max - static_cast<uint64_t>(c - '0')) / 10) {
      ok = false;
      break;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (!ok)
    throw usage_error(command, what + " must be a whole number from 0 to " +
                                   std::to_string(max) + ", not '" + text + "'");
  return value;
}

// ---- the session: plugin, context, callbacks and output ---------------------

class session {
public:
  explicit session(const global_options &global) : global_(global) {
    if (global_.as_of) {
      fixed_date_ = parse_date(*global_.as_of);
      if (!fixed_date_)
        throw usage_error("", "--as-of needs a date as YYYY-MM-DD, not '" + *global_.as_of + "'");
    } else if (const char *env = std::getenv("ARX_BUSINESS_DATE"); env != nullptr && *env != '\0') {
      fixed_date_ = parse_date(env);
      if (!fixed_date_)
        throw usage_error("", std::string("ARX_BUSINESS_DATE needs a date as YYYY-MM-DD, not '") +
                                  env + "'", false);
    }
  }

  const global_options &global() const { return global_; }
  bool json_mode() const { return global_.json; }

  arx::host::library &plugin() {
    if (!library_)
      library_ = std::make_unique<arx::host::library>(
          load_plugin(global_.plugin, std::string("arx CLI ") + ARX_CLI_VERSION));
    return *library_;
  }

  arx::host::context &context() {
    if (!context_)
      throw std::logic_error("the command opened no context");
    return *context_;
  }

  void open(uint32_t flags) {
    arx::host::context_options options;
    const char *env_db = std::getenv("ARX_DB");
    options.connection_string = global_.db ? *global_.db
                                : env_db != nullptr && *env_db != '\0' ? env_db
                                                                       : default_connection;
    options.profile = global_.profile;
    options.profile_dir = global_.profile_dir;
    options.user = global_.user;
    options.flags = flags;
    options.log_level = global_.verbose ? ARX_LOG_INFO : ARX_LOG_WARN;
    options.log = [this](int32_t level, std::string_view message) { log(level, message); };
    options.progress = [this](std::string_view phase, uint64_t done, uint64_t total) {
      return progress_.update(phase, done, total);
    };
    options.business_date = [this] { return business_date(); };
    context_ = std::make_unique<arx::host::context>(plugin(), options);
  }

  // The business date every run uses.
  arx_date business_date() const { return fixed_date_ ? *fixed_date_ : local_today(); }
  std::optional<arx_date> explicit_date() const { return fixed_date_; }

  // Prints a result: the raw JSON with --json, else the human rendering.
  void emit(const std::string &raw, void (*human)(std::ostream &, const json &)) {
    progress_.clear();
    if (global_.json) {
      std::string text = raw;
      while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
      std::cout << (text.empty() ? "null" : text) << '\n';
      return;
    }
    const json document = json::parse(raw, nullptr, false);
    if (document.is_discarded())
      std::cout << raw << (raw.empty() || raw.back() != '\n' ? "\n" : "");
    else
      human(std::cout, document);
  }

  void done() { progress_.clear(); }

  // Error lines are held back until the command ends: a plugin may log the
  // failure it also returns, and that one is shown once, with its status.
  void flush_errors(const std::string &failure = {}) {
    for (const std::string &line : held_errors_)
      if (line != failure)
        std::cerr << "arx: error: " << line << '\n';
    held_errors_.clear();
  }

private:
  void log(int32_t level, std::string_view message) {
    if (level > (global_.verbose ? ARX_LOG_INFO : ARX_LOG_WARN))
      return; // the plugin filters too; this keeps the promise of --verbose
    if (level <= ARX_LOG_ERROR) {
      held_errors_.emplace_back(message);
      return;
    }
    progress_.clear();
    const char *prefix = level == ARX_LOG_WARN   ? "warning: "
                         : level == ARX_LOG_INFO ? ""
                                                 : "debug: ";
    std::cerr << "arx: " << prefix << message << '\n';
  }

  global_options global_;
  std::optional<arx_date> fixed_date_;
  progress_line progress_;
  std::vector<std::string> held_errors_;
  std::unique_ptr<arx::host::library> library_;
  std::unique_ptr<arx::host::context> context_; // declared last: closed first
};

void print_generic(std::ostream &out, const json &document) { print_document(out, document); }

// ---- commands -----------------------------------------------------------------

std::optional<std::string> company_of(const po::variables_map &vm) {
  return optional_value(vm, "company");
}
std::string required_company(const po::variables_map &vm) { return vm["company"].as<std::string>(); }

void add_company(po::options_description &d) {
  d.add_options()("company", po::value<std::string>()->value_name("CODE"),
                  "company code (default: the value for all companies)");
}
void add_required_company(po::options_description &d) {
  d.add_options()("company", po::value<std::string>()->value_name("CODE")->required(),
                  "company code (required)");
}

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
  throw error(state.status, message);
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
  request.seed = parse_count("demo", "--seed", vm["seed"].as<std::string>(), UINT64_MAX);
  if (vm.count("customers"))
    request.customers = static_cast<uint32_t>(
        parse_count("demo", "--customers", vm["customers"].as<std::string>(), UINT32_MAX));
  if (vm.count("invoices"))
    request.invoices = static_cast<uint32_t>(
        parse_count("demo", "--invoices", vm["invoices"].as<std::string>(), UINT32_MAX));
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

arx::host::invoice_ref invoice_of(const po::variables_map &vm, const std::vector<std::string> &args) {
  arx::host::invoice_ref ref;
  ref.company = required_company(vm);
  ref.invoice_number = args[0];
  return ref;
}

int run_invoice_validate(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_validate(invoice_of(vm, args)), print_generic);
  return 0;
}

int run_invoice_post(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_post(invoice_of(vm, args)), print_generic);
  return 0;
}

void write_document(session &s, const std::string &out, const std::string &bytes, const std::string &format);

// Writes one document of an invoice to --out (atomically: a temp file renamed
// into place), or to standard output when --out is "-".
int run_invoice_render(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  const std::string format = vm["format"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  write_document(s, out, s.context().invoice_render(invoice_of(vm, args), format), format);
  return 0;
}

int run_invoice_resend(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  s.emit(s.context().invoice_resend(invoice_of(vm, args), optional_value(vm, "channel"), optional_value(vm, "to")),
         print_generic);
  return 0;
}

int run_invoice_attach(session &s, const po::variables_map &vm, const std::vector<std::string> &args) {
  std::ifstream in(args[1], std::ios::binary);
  if (!in) throw arx::host::error(ARX_E_NOT_FOUND, "cannot read " + args[1]);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name = optional_value(vm, "name").value_or(args[1].substr(args[1].find_last_of('/') + 1));
  s.emit(s.context().invoice_attach(invoice_of(vm, args), name, data, optional_value(vm, "content-type")),
         print_generic);
  return 0;
}

int run_delivery_run(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  uint32_t max = 0;
  if (auto m = optional_value(vm, "max")) max = static_cast<uint32_t>(parse_count("delivery run", "--max", *m, UINT32_MAX));
  s.emit(s.context().delivery_run(optional_value(vm, "company"), max), print_generic);
  return 0;
}

int run_delivery_status(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  uint32_t limit = 0;
  if (auto m = optional_value(vm, "limit"))
    limit = static_cast<uint32_t>(parse_count("delivery status", "--limit", *m, UINT32_MAX));
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

void write_document(session &s, const std::string &out, const std::string &bytes, const std::string &format) {
  if (out == "-") {
    std::cout << bytes;
    return;
  }
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) {
      std::remove(tmp.c_str());
      throw arx::host::error(ARX_E_ERROR, "cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw arx::host::error(ARX_E_ERROR, "cannot rename " + tmp + " to " + out);
  }
  if (!s.json_mode())
    std::cerr << "wrote " << out << " (" << bytes.size() << " bytes, " << format << ")\n";
  else
    std::cout << nlohmann::json{{"file", out}, {"bytes", bytes.size()}, {"format", format}}.dump() << '\n';
}

int run_demo_statement(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  uint64_t seed = 1;
  uint32_t lines = 0;
  if (auto v = optional_value(vm, "seed")) seed = parse_count("demo statement", "--seed", *v, UINT64_MAX);
  if (auto v = optional_value(vm, "lines"))
    lines = static_cast<uint32_t>(parse_count("demo statement", "--lines", *v, 1000000));
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

int64_t parse_id(const std::string &command, const std::string &what, const std::string &text) {
  return static_cast<int64_t>(parse_count(command, what, text, INT64_MAX));
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
  if (vm.count("limit"))
    request.limit = static_cast<uint32_t>(
        parse_count("cashapp list", "--limit", vm["limit"].as<std::string>(), UINT32_MAX));
  if (vm.count("offset"))
    request.offset = static_cast<uint32_t>(
        parse_count("cashapp list", "--offset", vm["offset"].as<std::string>(), UINT32_MAX));
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

std::string file_text(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw arx::host::error(ARX_E_NOT_FOUND, "cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Copies the options named in `names` ("reason-code" -> "reason_code") into `params`.
void copy_options(const po::variables_map &vm, json &params, std::initializer_list<const char *> names) {
  for (const char *name : names)
    if (auto v = optional_value(vm, name)) {
      std::string key = name;
      for (char &c : key)
        if (c == '-') c = '_';
      params[key] = *v;
    }
}

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

// ---- analytics: every command is one action of the plugin's analytics()

void analytics_call(session &s, const po::variables_map &vm, const char *action, json params,
                    void (*printer)(std::ostream &, const json &) = print_generic) {
  if (s.global().as_of && !params.contains("as_of") && !params.contains("from")) params["as_of"] = format_date(*s.explicit_date());
  s.emit(s.context().analytics(required_company(vm), action, params.dump()), printer);
}

// Copies whole-number options ("period" -> key) into `params`.
void copy_counts(const char *command, const po::variables_map &vm, json &params,
                 std::initializer_list<std::pair<const char *, const char *>> names) {
  for (const auto &[option, key] : names)
    if (auto v = optional_value(vm, option))
      params[key] = parse_count(command, std::string("--") + option, *v, 100000);
}

int run_kpi(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"currency", "customer"});
  if (auto by = optional_value(vm, "by")) p["group"] = *by;
  copy_counts("kpi", vm, p, {{"period", "period_days"}, {"paid-within", "paid_within_days"}, {"limit", "limit"}});
  analytics_call(s, vm, "kpi", p, print_kpis);
  return 0;
}
int run_kpi_snapshot(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"from", "to"});
  copy_counts("kpi snapshot", vm, p, {{"period", "period_days"}, {"every", "every"}});
  if (p.contains("from") && !p.contains("to")) p["to"] = format_date(s.business_date());
  analytics_call(s, vm, "snapshot", p);
  return 0;
}
int run_kpi_trend(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"currency"});
  copy_counts("kpi trend", vm, p, {{"period", "period_days"}, {"limit", "limit"}});
  analytics_call(s, vm, "trend", p);
  return 0;
}
int run_forecast(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"currency"});
  copy_counts("forecast", vm, p, {{"weeks", "weeks"}, {"history", "history_days"}});
  analytics_call(s, vm, vm["backtest"].as<bool>() ? "backtest" : "forecast", p, print_forecast);
  return 0;
}
int run_dashboard(session &s, const po::variables_map &vm, const std::vector<std::string> &) {
  json p = json::object();
  copy_options(vm, p, {"currency"});
  if (s.global().as_of) p["as_of"] = format_date(*s.explicit_date());
  const std::string page = s.context().analytics(required_company(vm), "dashboard", p.dump());
  const std::filesystem::path dir = vm["out"].as<std::string>();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw arx::host::error(ARX_E_INVALID_ARGUMENT, "cannot create " + dir.string() + ": " + ec.message());
  const std::filesystem::path file = dir / "index.html", part = dir / "index.html.part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << page;
    if (!out.flush()) throw arx::host::error(ARX_E_ERROR, "cannot write " + part.string());
  }
  std::filesystem::rename(part, file, ec);
  if (ec) throw arx::host::error(ARX_E_ERROR, "cannot write " + file.string() + ": " + ec.message());
  // The page carries its data; the headline is read back from it.
  json data = json::object();
  const std::string open = "<script id=\"arx-data\" type=\"application/json\">";
  const size_t a = page.find(open), b = a == std::string::npos ? a : page.find("</script>", a);
  if (b != std::string::npos) data = json::parse(page.substr(a + open.size(), b - a - open.size()), nullptr, false);
  json result = {{"page", file.string()}, {"bytes", page.size()},
                 {"headline", data.is_object() && data.contains("headline") ? data["headline"] : json(nullptr)},
                 {"currency", data.is_object() ? data.value("currency", "") : ""}};
  s.emit(result.dump(), [](std::ostream &out, const json &r) {
    out << "Dashboard written to " << scalar_text(r.at("page")) << " (" << scalar_text(r.at("bytes")) << " bytes)\n";
    const json &h = r.at("headline");
    if (!h.is_object()) return;
    const std::string cur = scalar_text(r.at("currency"));
    auto opt = [&](const char *k, const char *unit) {
      const std::string v = scalar_text(h.value(k, json(nullptr)));
      return v == "-" ? v : v + unit;
    };
    print_indented_table(out, {{"AR total", scalar_text(h.at("ar_total")) + " " + cur},
                               {"overdue", scalar_text(h.at("overdue")) + " " + cur},
                               {"DSO", opt("dso", " days")},
                               {"best possible DSO", opt("best_possible_dso", " days")},
                               {"ADD", opt("add", " days")},
                               {"CEI", opt("cei", " %")},
                               {"over 90 days", opt("over_90_share", " %")},
                               {"straight through", opt("stp_rate", " %")},
                               {"delivered electronically", opt("electronic_share", " %")}},
                         2);
  });
  return 0;
}

// The options of `cashapp results` and its other name `cashapp list`.
void add_results_options(po::options_description &d) {
  add_required_company(d);
  d.add_options()
    ("statement", po::value<std::string>()->value_name("ID"), "only this statement")
    ("status", po::value<std::string>()->value_name("S"), "applied, suggested or unmatched")
    ("limit", po::value<std::string>()->value_name("N"), "at most N results")
    ("offset", po::value<std::string>()->value_name("N"), "skip the first N results")
    ("shadow", po::bool_switch(), "the decisions of shadow runs");
}

void add_reason(po::options_description &d) {
  d.add_options()("reason", po::value<std::string>()->value_name("TEXT"),
                  "why, for the audit trail");
}

const std::vector<command> &commands() {
  static const std::vector<command> table = {
    {"install", "[--erp-schema] [--uninstall]",
     "Install or upgrade arx's tables, then show the schema state", 0, 0,
     [](po::options_description &d) {
       d.add_options()
         ("erp-schema", po::bool_switch(), "also create the reference ERP's tables (demos, tests)")
         ("uninstall", po::bool_switch(), "drop arx's own tables instead (never the ERP's)");
     },
     needs::context_any_schema, run_install},
    {"check", "", "Show whether arx's schema in the database is current (exit 1 if not)", 0, 0,
     nullptr, needs::context_any_schema, run_check},
    {"config list", "[--company CODE]", "List every configuration key with its value and default",
     0, 0, add_company, needs::context, run_config_list},
    {"config get", "KEY [--company CODE]", "Show one configuration key", 1, 1, add_company,
     needs::context, run_config_get},
    {"config set", "KEY VALUE [--company CODE] [--reason TEXT]",
     "Set a configuration value (checked and audited by the plugin)", 2, 2,
     [](po::options_description &d) { add_company(d); add_reason(d); }, needs::context,
     run_config_set},
    {"config reset", "KEY [--company CODE] [--reason TEXT]",
     "Reset a configuration key to its default", 1, 1,
     [](po::options_description &d) { add_company(d); add_reason(d); }, needs::context,
     run_config_set},
    {"demo", "[--seed N] [--customers N] [--invoices N]",
     "Create the reference ERP tables and fill them with seeded demo data", 0, 0,
     [](po::options_description &d) {
       d.add_options()
         ("seed", po::value<std::string>()->value_name("N")->default_value("1"),
          "random seed; the same seed gives the same data")
         ("customers", po::value<std::string>()->value_name("N"),
          "customers per company (default: the plugin's, 300)")
         ("invoices", po::value<std::string>()->value_name("N"),
          "invoices per company (default: the plugin's, 3000)");
     },
     needs::context_any_schema, run_demo},
    {"version", "", "Show the versions of this host and of the plugin it loads", 0, 0, nullptr,
     needs::plugin, run_version},
    {"invoice validate", "NUMBER --company CODE",
     "Check an ERP invoice before it is posted", 1, 1, add_required_company, needs::context,
     run_invoice_validate},
    {"invoice post", "NUMBER --company CODE",
     "Process an invoice the ERP has posted (documents and their delivery)", 1, 1,
     add_required_company, needs::context, run_invoice_post},
    {"invoice render", "NUMBER --company CODE --format F --out FILE",
     "Write one document of an invoice (ubl, xrechnung-ubl, xrechnung-cii, cii, pdf) without delivering it",
     1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("format", po::value<std::string>()->value_name("F")->required(),
          "ubl, xrechnung-ubl, xrechnung-cii, cii or pdf")
         ("out", po::value<std::string>()->value_name("FILE")->required(), "the file to write, - for stdout");
     },
     needs::context, run_invoice_render},
    {"invoice resend", "NUMBER --company CODE [--channel CH] [--to ADDRESS]",
     "Deliver a posted invoice again, with the files stored for it", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("channel", po::value<std::string>()->value_name("CH"), "peppol, xrechnung, email, print or portal "
          "(default: the channel it went out by)")
         ("to", po::value<std::string>()->value_name("ADDRESS"), "another recipient (e.g. e-mail address)");
     },
     needs::context, run_invoice_resend},
    {"invoice attach", "NUMBER FILE --company CODE [--name NAME] [--content-type T]",
     "Store a file with an invoice (e.g. a proof of delivery); resends carry it", 2, 2,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("name", po::value<std::string>()->value_name("NAME"), "file name to store (default: FILE's name)")
         ("content-type", po::value<std::string>()->value_name("T"), "MIME type, e.g. application/pdf");
     },
     needs::context, run_invoice_attach},
    {"delivery run", "[--company CODE] [--max N]", "Deliver what the outbox holds (the scheduled job)", 0, 0,
     [](po::options_description &d) {
       d.add_options()
         ("company", po::value<std::string>()->value_name("CODE"), "only this company (default: all)")
         ("max", po::value<std::string>()->value_name("N"), "at most N jobs");
     },
     needs::context, run_delivery_run},
    {"delivery status", "[--company CODE] [--state S] [--invoice NUMBER] [--limit N]",
     "Show the outbox: counts, jobs needing attention, jobs with their history", 0, 0,
     [](po::options_description &d) {
       d.add_options()
         ("company", po::value<std::string>()->value_name("CODE"), "only this company (default: all)")
         ("state", po::value<std::string>()->value_name("S"), "queued, sent, failed, uncertain, ...")
         ("invoice", po::value<std::string>()->value_name("NUMBER"), "only the jobs of this invoice")
         ("limit", po::value<std::string>()->value_name("N"), "list at most N jobs (default 50)");
     },
     needs::context, run_delivery_status},
    {"delivery preference", "CUSTOMER --company CODE [--channels LIST [--email ADDR] [--attach-xml] | --reset]",
     "Show or set how a customer receives its invoices (a fallback chain such as peppol,email,print)", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("channels", po::value<std::string>()->value_name("LIST"), "the fallback chain, e.g. peppol,email,print")
         ("email", po::value<std::string>()->value_name("ADDR"), "invoice e-mail address(es), comma-separated")
         ("attach-xml", po::bool_switch(), "e-mails carry the e-invoice XML beside the PDF")
         ("reset", po::bool_switch(), "back to the company default");
     },
     needs::context, run_delivery_preference},
    {"statement-of-account", "CUSTOMER --company CODE (--out FILE | --send) [--currency CUR]",
     "A customer's open items as a PDF, or sent by e-mail (once per customer and date)", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("out", po::value<std::string>()->value_name("FILE"), "write the PDF here (- for stdout)")
         ("send", po::bool_switch(), "queue it for e-mail through the outbox")
         ("currency", po::value<std::string>()->value_name("CUR"), "when the customer has items in several");
     },
     needs::context, run_statement_of_account},
    {"demo statement", "--company CODE --out FILE [--lines N] [--seed N] [--as-of DATE]",
     "Write a demo camt.053 bank statement that pays the company's open items (for trying cash application)", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("out", po::value<std::string>()->value_name("FILE")->required(), "where to write the XML (- for stdout)")
         ("lines", po::value<std::string>()->value_name("N"), "payments (default 40)")
         ("seed", po::value<std::string>()->value_name("N"), "same seed, same statement (default 1)");
     },
     needs::context, run_demo_statement},
    {"statement import", "FILE [--company CODE] [--format F]",
     "Import a bank file (camt.052/053/054, MT940/942, BAI2, CSV lockbox); the same file twice changes nothing", 1, 1,
     [](po::options_description &d) {
       d.add_options()
         ("company", po::value<std::string>()->value_name("CODE"),
          "the company (default: the one whose IBAN the statement is for)")
         ("format", po::value<std::string>()->value_name("F"),
          "camt.053, camt.054, camt.052, mt940, mt942, bai2 or csv (default: detected)");
     },
     needs::context, run_statement_import},
    {"cashapp run", "--company CODE [--currency CUR] [--statement ID] [--shadow]",
     "Match imported payments to open invoices", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()
         ("currency", po::value<std::string>()->value_name("CUR"), "only this ISO 4217 currency")
         ("statement", po::value<std::string>()->value_name("ID"), "only this statement")
         ("shadow", po::bool_switch(), "record decisions only; write nothing to the ERP ledger");
     },
     needs::context, run_cashapp_run},
    {"cashapp results", "--company CODE [--statement ID] [--status S] [--limit N] [--offset N] [--shadow]",
     "What the runs decided per bank line: applied, suggested (with its proposal) or unmatched, and why", 0, 0,
     add_results_options,
     needs::context, run_cashapp_list},
    {"cashapp list", "--company CODE [--statement ID] [--status S] [--limit N] [--offset N] [--shadow]",
     "The same as cashapp results", 0, 0,
     add_results_options,
     needs::context, run_cashapp_list},
    {"cashapp confirm", "LINE_ID [--reason TEXT]", "Apply a suggested match to the ERP (and teach the model)", 1, 1, add_reason,
     needs::context, run_cashapp_confirm},
    {"cashapp reject", "LINE_ID [--reason TEXT]", "Reject a suggested match (and teach the model)", 1, 1, add_reason,
     needs::context, run_cashapp_reject},
    {"dunning run", "--company CODE [--as-of DATE] [--customer NUMBER] [--summary]",
     "Run dunning for a company as of the business date (once per date): notices, fees, interest, delivery", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("customer", po::value<std::string>()->value_name("NUMBER"), "only this customer")
         ("summary", po::bool_switch(), "totals only, not every notice");
     },
     needs::context, run_dunning_run},
    {"dunning preview", "--company CODE [--as-of DATE] [--customer NUMBER] [--summary]",
     "Show what a dunning run would do, writing nothing", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("customer", po::value<std::string>()->value_name("NUMBER"), "only this customer")
         ("summary", po::bool_switch(), "totals only, not every notice");
     },
     needs::context, run_dunning_preview},
    {"dunning procedures", "--company CODE", "The company's dunning procedures and their levels", 0, 0,
     add_required_company, needs::context, run_dunning_procedures},
    {"dunning procedure", "CODE --file FILE [--default] --company CODE",
     "Store a dunning procedure from its JSON definition (docs/DUNNING.md)", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("file", po::value<std::string>()->required()->value_name("FILE"), "the JSON definition")
         ("default", po::bool_switch(), "make it the company's default procedure");
     },
     needs::context, run_dunning_procedure},
    {"dunning template", "NAME --language L (--subject TEXT --body-file FILE | --reset) --company CODE",
     "Set a company's own text of a dunning template (ctemplate syntax), or go back to the built-in one", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("language", po::value<std::string>()->required()->value_name("L"), "de, en or nl")
         ("subject", po::value<std::string>()->value_name("TEXT"), "the subject template")
         ("body-file", po::value<std::string>()->value_name("FILE"), "the body template")
         ("reset", po::bool_switch(), "use the built-in template again");
     },
     needs::context, run_dunning_template},
    {"dunning customer", "NUMBER [--procedure P] [--segment S] [--collector NAME] [--block REASON | --unblock] "
                         "[--until DATE] --company CODE",
     "A customer's dunning settings: procedure, segment, collector, dunning block", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("procedure", po::value<std::string>()->value_name("P"), "its procedure (\"\" clears)")
         ("segment", po::value<std::string>()->value_name("S"), "its segment (\"\" clears)")
         ("collector", po::value<std::string>()->value_name("NAME"), "its collector (\"\" clears)")
         ("block", po::value<std::string>()->value_name("REASON"), "block dunning, with the reason")
         ("unblock", po::bool_switch(), "remove the block")
         ("until", po::value<std::string>()->value_name("DATE"), "the block ends after this date");
     },
     needs::context, run_dunning_customer},
    {"dunning block", "INVOICE --reason TEXT [--until DATE] --company CODE", "Do not dun this invoice", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("reason", po::value<std::string>()->required()->value_name("TEXT"), "why")
         ("until", po::value<std::string>()->value_name("DATE"), "the block ends after this date");
     },
     needs::context, run_dunning_block},
    {"dunning unblock", "INVOICE --company CODE", "Dun this invoice again", 1, 1, add_required_company,
     needs::context, run_dunning_unblock},
    {"dispute open", "INVOICE --reason-code R [--amount A] [--owner NAME] [--due DATE] [--notes TEXT] --company CODE",
     "Open a dispute on an invoice or part of it; the disputed amount is not dunned", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("reason-code", po::value<std::string>()->required()->value_name("R"),
                       "pricing, quantity, quality, delivery, not_ordered, duplicate, short_payment, other")
         ("amount", po::value<std::string>()->value_name("A"), "the disputed part (default: the open amount)")
         ("owner", po::value<std::string>()->value_name("NAME"), "who works on it")
         ("due", po::value<std::string>()->value_name("DATE"), "when it should be resolved")
         ("notes", po::value<std::string>()->value_name("TEXT"), "notes");
     },
     needs::context, run_dispute_open},
    {"dispute resolve", "ID --resolution R [--note TEXT] --company CODE",
     "Resolve a dispute: credit_note, write_off (booked in the ERP) or rejected (dunned again)", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("resolution", po::value<std::string>()->required()->value_name("R"),
                       "credit_note, write_off or rejected")
         ("note", po::value<std::string>()->value_name("TEXT"), "e.g. the credit note's number");
     },
     needs::context, run_dispute_resolve},
    {"dispute list", "[--customer NUMBER] [--state S] --company CODE", "Disputes, open and resolved", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("customer", po::value<std::string>()->value_name("NUMBER"), "only this customer")
         ("state", po::value<std::string>()->value_name("S"), "open or resolved");
     },
     needs::context, run_dispute_list},
    {"promise add", "CUSTOMER --amount A --date DATE [--currency C] [--note TEXT] --company CODE",
     "Record a promise to pay; dunning waits for it and checks it against payments", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("amount", po::value<std::string>()->required()->value_name("A"), "the promised amount")
         ("date", po::value<std::string>()->required()->value_name("DATE"), "the promised date")
         ("currency", po::value<std::string>()->value_name("C"), "default: the company's currency")
         ("note", po::value<std::string>()->value_name("TEXT"), "what was said");
     },
     needs::context, run_promise_add},
    {"promise cancel", "ID --company CODE", "Cancel an open promise to pay", 1, 1, add_required_company,
     needs::context, run_promise_cancel},
    {"promise list", "[--customer NUMBER] --company CODE", "Promises to pay and whether they were kept", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("customer", po::value<std::string>()->value_name("NUMBER"), "only this customer");
     },
     needs::context, run_promise_list},
    {"history", "CUSTOMER [--limit N] --company CODE",
     "Every notice, e-mail, letter, call, dispute event and promise of a customer, newest first", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("limit", po::value<std::string>()->value_name("N"), "at most N entries");
     },
     needs::context, run_history},
    {"note add", "CUSTOMER --text TEXT [--call] --company CODE", "Record a call or a note in the customer's history",
     1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("text", po::value<std::string>()->required()->value_name("TEXT"), "what happened")
         ("call", po::bool_switch(), "it was a call");
     },
     needs::context, run_note_add},
    {"worklist", "[--collector NAME] [--limit N] [--as-of DATE] --company CODE",
     "Customers to contact, ranked by the expected value of a contact, with the reasons", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("collector", po::value<std::string>()->value_name("NAME"), "only this collector's customers")
         ("limit", po::value<std::string>()->value_name("N"), "at most N customers");
     },
     needs::context, run_worklist},
    {"worklist assign", "CUSTOMER --collector NAME --company CODE", "Assign a customer to a collector", 1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("collector", po::value<std::string>()->required()->value_name("NAME"), "the collector");
     },
     needs::context, run_worklist_assign},
    {"task done", "ID [--outcome TEXT] --company CODE", "Close a collector's task (a call a dunning level asked for)",
     1, 1,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("outcome", po::value<std::string>()->value_name("TEXT"), "what came of it");
     },
     needs::context, run_task_done},
    {"kpi", "--company CODE [--as-of DATE] [--period DAYS] [--by customer|collector] [--json]",
     "Receivables KPIs as of a date: DSO (standard, countback, best possible), ADD, CEI, aging, disputes, "
     "promises, reminders, cash application and delivery rates", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("period", po::value<std::string>()->value_name("DAYS"), "the DSO and CEI period (default 90)")
         ("paid-within", po::value<std::string>()->value_name("DAYS"), "reminders paid within DAYS (default 14)")
         ("currency", po::value<std::string>()->value_name("CUR"), "only this currency")
         ("by", po::value<std::string>()->value_name("GROUP"), "also per customer or per collector")
         ("customer", po::value<std::string>()->value_name("NUMBER"), "only this customer")
         ("limit", po::value<std::string>()->value_name("N"), "at most N rows per group, by overdue amount");
     },
     needs::context, run_kpi},
    {"kpi snapshot", "--company CODE [--as-of DATE | --from DATE [--to DATE] [--every DAYS]] [--period DAYS]",
     "Store the KPIs of a date (the scheduled job), or of every DAYS days over a range", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("from", po::value<std::string>()->value_name("DATE"), "first date of a range")
         ("to", po::value<std::string>()->value_name("DATE"), "last date of the range (default: the business date)")
         ("every", po::value<std::string>()->value_name("DAYS"), "days between snapshots (default 7)")
         ("period", po::value<std::string>()->value_name("DAYS"), "the DSO and CEI period (default 90)");
     },
     needs::context, run_kpi_snapshot},
    {"kpi trend", "--company CODE [--currency CUR] [--limit N] [--period DAYS]",
     "The stored KPI snapshots up to the business date, oldest first", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("currency", po::value<std::string>()->value_name("CUR"), "only this currency")
         ("limit", po::value<std::string>()->value_name("N"), "the last N snapshots")
         ("period", po::value<std::string>()->value_name("DAYS"), "the period of the snapshots (default 90)");
     },
     needs::context, run_kpi_trend},
    {"forecast", "--company CODE [--as-of DATE] [--weeks N] [--backtest]",
     "Expected receipts per week from each customer's payment habits, with a 90 % interval; --backtest compares "
     "the forecast made N weeks ago with what arrived", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("weeks", po::value<std::string>()->value_name("N"), "weeks ahead (default 13)")
         ("history", po::value<std::string>()->value_name("DAYS"), "days of payments to learn from (default 365)")
         ("currency", po::value<std::string>()->value_name("CUR"), "only this currency")
         ("backtest", po::bool_switch(), "forecast as of N weeks before the date and compare");
     },
     needs::context, run_forecast},
    {"dashboard", "--company CODE --out DIR [--as-of DATE] [--currency CUR]",
     "Write the receivables dashboard (one self-contained HTML page) to DIR/index.html", 0, 0,
     [](po::options_description &d) {
       add_required_company(d);
       d.add_options()("out", po::value<std::string>()->required()->value_name("DIR"), "the folder to write to")
         ("currency", po::value<std::string>()->value_name("CUR"), "the currency shown (default: the company's)");
     },
     needs::context, run_dashboard},
    {"help", "[COMMAND]", "Show this help or the help of one command", 0, 2, nullptr,
     needs::nothing, nullptr},
  };
  return table;
}

void report_failure(const error &e, bool json_mode) {
  // A document sent along with a failure (e.g. validation findings) is
  // still the command's output.
  if (!e.details().empty()) {
    if (json_mode) {
      std::cout << e.details() << '\n';
    } else {
      const json doc = json::parse(e.details(), nullptr, false);
      if (!doc.is_discarded())
        print_document(std::cout, doc);
    }
  }
  std::cout.flush();
  std::cerr << "arx: " << e.what() << " (status " << arx::host::status_name(e.status()) << ' '
            << e.status() << ")\n";
}

int run(int argc, char **argv) {
  invocation inv = parse_command_line(argc, argv);
  if (inv.wants_help) {
    std::string topic;
    for (const std::string &word : inv.help_topic)
      topic += (topic.empty() ? "" : " ") + word;
    if (!print_topic_help(std::cout, topic))
      throw usage_error("", "no help for '" + topic + "': unknown command");
    return 0;
  }

  session s(inv.global);
  try {
    install_interrupt_handler();
    switch (inv.cmd->what) {
    case needs::nothing:
      break;
    case needs::plugin:
      s.plugin();
      break;
    case needs::context:
      s.open(0);
      break;
    case needs::context_any_schema:
      s.open(ARX_CONTEXT_NO_SCHEMA_CHECK);
      break;
    }
    const int code = inv.cmd->run(s, inv.options, inv.args);
    s.done();
    s.flush_errors();
    return code;
  } catch (const error &e) {
    s.done();
    s.flush_errors(e.what());
    report_failure(e, inv.global.json);
    return 1;
  } catch (...) {
    s.done();
    s.flush_errors();
    throw;
  }
}

} // namespace

} // namespace arx::cli

int main(int argc, char **argv) {
  try {
    return arx::cli::run(argc, argv);
  } catch (const arx::cli::usage_error &e) {
    std::cerr << "arx: " << e.what() << '\n';
    if (!e.show_usage()) {
      // nothing more to say
    } else if (!e.command().empty() && arx::cli::find_command(e.command()) != nullptr) {
      arx::cli::print_command_usage(std::cerr, *arx::cli::find_command(e.command()));
      std::cerr << "Run 'arx help " << e.command() << "' for details.\n";
    } else if (!e.command().empty() && arx::cli::is_group(e.command())) {
      arx::cli::print_topic_help(std::cerr, e.command());
    } else {
      arx::cli::print_commands(std::cerr);
      std::cerr << "Run 'arx --help' for the global options.\n";
    }
    return 2;
  } catch (const arx::host::error &e) {
    std::cerr << "arx: " << e.what() << " (status " << arx::host::status_name(e.status()) << ' '
              << e.status() << ")\n";
    return 1;
  } catch (const std::exception &e) {
    std::cerr << "arx: " << e.what() << '\n';
    return 1;
  }
}
