// arx: the reference host. It loads libarx.so through arx.hpp, exactly as an
// ERP host does, and exposes the plugin's functions as commands.
//
//   arx [global options] <command> [arguments]
//
// Exit codes: 0 success, 1 the plugin (or loading it) reported a failure,
// 2 the command line is wrong. docs/CLI.md describes every command.
//
// This file reads the command line and dispatches; the commands are in one
// file per group (commands.hpp lists them), the session they run in in
// session.cpp.
#include <iostream>

#include "commands.hpp"

using arx::host::error;

namespace arx::cli {

namespace {

// ---- the command line ---------------------------------------------------------

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
  for (const option &o : c.options) {
    if (o.value == nullptr) {
      d.add_options()(o.name, po::bool_switch(), o.help);
      continue;
    }
    po::typed_value<std::string> *v = po::value<std::string>()->value_name(o.value);
    if (o.required)
      v->required();
    if (o.default_value != nullptr)
      v->default_value(o.default_value);
    d.add_options()(o.name, v, o.help);
  }
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

const std::vector<command> &commands() {
  static const std::vector<command> table = [] {
    std::vector<command> all;
    for (auto group : {setup_commands, invoice_commands, delivery_commands, cashapp_commands,
                       collections_commands, analytics_commands}) {
      std::vector<command> commands = group();
      all.insert(all.end(), commands.begin(), commands.end());
    }
    all.push_back({"help", "[COMMAND]", "Show this help or the help of one command", 0, 2, nullptr, {}, needs::nothing});
    return all;
  }();
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
