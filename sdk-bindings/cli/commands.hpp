// The arx CLI's commands: the table entry each command has, the session a
// command runs in (plugin, context, callbacks, output), and the helpers the
// command groups share. Each group lives in its own file and contributes its
// entries through one function below; main.cpp parses the command line and
// dispatches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "cli.hpp"

#ifndef ARX_CLI_VERSION
#define ARX_CLI_VERSION "0.0.0"
#endif

namespace arx::cli {

namespace po = boost::program_options;

struct global_options {
  std::optional<std::string> db, plugin, profile, profile_dir, user, as_of;
  bool json = false;
  bool verbose = false;
  bool help = false;
  bool version = false;
};

// How much of the plugin a command needs before it runs.
enum class needs { nothing, plugin, context, context_any_schema };

class session;
using run_fn = int (*)(session &, const po::variables_map &, const std::vector<std::string> &);

// One option of a command, --name VALUE or a switch; every value is read as
// text and checked by the command. Written with value(), required() and flag().
struct option {
  const char *name;
  const char *value; // the placeholder shown in the help ("N"); null for a switch
  const char *help;
  bool required = false;
  const char *default_value = nullptr;
};

constexpr option value(const char *name, const char *placeholder, const char *help,
                    const char *default_value = nullptr) {
  return {name, placeholder, help, false, default_value};
}
constexpr option required(const char *name, const char *placeholder, const char *help) {
  return {name, placeholder, help, true, nullptr};
}
constexpr option flag(const char *name, const char *help) { return {name, nullptr, help, false, nullptr}; }

// --company: the value for all companies when left out, or required.
inline constexpr option company_option =
    value("company", "CODE", "company code (default: the value for all companies)");
inline constexpr option company_required = required("company", "CODE", "company code (required)");
// --reason, for the audit trail.
inline constexpr option reason_option = value("reason", "TEXT", "why, for the audit trail");

struct command {
  const char *name;      // "config set"
  const char *arguments; // shown after the name in the usage
  const char *summary;
  std::size_t min_args;  // positional arguments
  std::size_t max_args;
  run_fn run;
  std::vector<option> options;
  needs what = needs::context;
};

// The command groups in the order `arx help` lists them.
std::vector<command> setup_commands();       // setup.cpp: install, check, config, demo, version
std::vector<command> invoice_commands();     // invoice.cpp: invoice validate/post/render/resend/attach
std::vector<command> delivery_commands();    // delivery.cpp: delivery, statement-of-account
std::vector<command> cashapp_commands();     // cashapp.cpp: demo statement, statement import, cashapp
std::vector<command> collections_commands(); // collections.cpp: dunning, disputes, promises, worklist
std::vector<command> analytics_commands();   // analytics.cpp: kpi, forecast, dashboard

// ---- the session: plugin, context, callbacks and output (session.cpp) -------

class session {
public:
  // Reads the business date from --as-of or $ARX_BUSINESS_DATE (usage_error
  // for one that is no date).
  explicit session(const global_options &global);

  const global_options &global() const { return global_; }
  bool json_mode() const { return global_.json; }

  // The plugin, loaded on first use.
  arx::host::library &plugin();
  // The context open() opened.
  arx::host::context &context();
  // Opens the context with ARX_CONTEXT_* flags.
  void open(uint32_t flags);

  // The business date every run uses.
  arx_date business_date() const { return fixed_date_ ? *fixed_date_ : local_today(); }
  std::optional<arx_date> explicit_date() const { return fixed_date_; }

  // Prints a result: the raw JSON with --json, else the human rendering.
  void emit(const std::string &raw, void (*human)(std::ostream &, const json &));

  void done() { progress_.clear(); }

  // Error lines are held back until the command ends: a plugin may log the
  // failure it also returns, and that one is shown once, with its status.
  void flush_errors(const std::string &failure = {});

private:
  void log(int32_t level, std::string_view message);

  global_options global_;
  std::optional<arx_date> fixed_date_;
  progress_line progress_;
  std::vector<std::string> held_errors_;
  std::unique_ptr<arx::host::library> library_;
  std::unique_ptr<arx::host::context> context_; // declared last: closed first
};

inline void print_generic(std::ostream &out, const json &document) { print_document(out, document); }

// Writes a document to `out` (atomically: a temp file renamed into place), or
// to standard output when `out` is "-"; reports what it wrote.
void write_document(session &s, const std::string &out, const std::string &bytes, const std::string &format);

// The whole content of a file; arx::host::error(ARX_E_NOT_FOUND) naming it.
std::string file_text(const std::string &path);

// ---- option values (options.cpp) ---------------------------------------------

std::optional<std::string> optional_value(const po::variables_map &vm, const char *name);

// Strict whole-number parsing of option values (no sign, no spaces).
uint64_t parse_count(const std::string &command, const std::string &what,
                     const std::string &text, uint64_t max);
int64_t parse_id(const std::string &command, const std::string &what, const std::string &text);
// The whole-number option `name` ("limit" for --limit) of `command`, at most
// `max`; `otherwise` when it is not given.
uint64_t count_option(const po::variables_map &vm, const std::string &command, const char *name, uint64_t max,
                      uint64_t otherwise = 0);

std::optional<std::string> company_of(const po::variables_map &vm);
std::string required_company(const po::variables_map &vm);

// Copies the options named in `names` ("reason-code" -> "reason_code") into `params`.
void copy_options(const po::variables_map &vm, json &params, std::initializer_list<const char *> names);

} // namespace arx::cli
