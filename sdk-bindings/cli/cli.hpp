// The arx reference host: pieces shared by the command-line front end.
// Everything here talks to the plugin only through arx.hpp.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "arx.hpp"

namespace arx::cli {

using json = nlohmann::ordered_json;

// A mistake on the command line: reported with the usage text, exit code 2.
// `command` names the command whose usage to show ("" = the general one).
// show_usage false: a wrong setting outside the command line (an environment
// variable), where the usage text would not help.
class usage_error : public std::runtime_error {
public:
  usage_error(std::string command, const std::string &message, bool show_usage = true)
      : std::runtime_error(message), command_(std::move(command)), show_usage_(show_usage) {}
  const std::string &command() const noexcept { return command_; }
  bool show_usage() const noexcept { return show_usage_; }

private:
  std::string command_;
  bool show_usage_;
};

// ---- dates (dates.cpp) ----------------------------------------------------

// Parses "YYYY-MM-DD" as a real calendar date; nullopt otherwise.
std::optional<arx_date> parse_date(std::string_view text);
std::string format_date(const arx_date &date);
// Today in the local time zone.
arx_date local_today();

// ---- locating the plugin (locate.cpp) ---------------------------------------

// Loads the plugin named by --plugin, else $ARX_PLUGIN, else the first of the
// default locations that loads (an installed copy next to the executable,
// then the build tree's plugin when this binary runs from the build tree).
// Throws arx::host::error naming every path that was tried and why it failed.
arx::host::library load_plugin(const std::optional<std::string> &option,
                               const std::string &host_name);

// The default locations, in the order they are tried.
std::vector<std::string> default_plugin_paths();

// ---- terminal: progress bar and Ctrl-C (terminal.cpp) -----------------------

// Installs the SIGINT handler: the first Ctrl-C asks the running call to
// cancel (progress callbacks then answer "stop"), the second exits at once.
void install_interrupt_handler();
bool interrupt_requested() noexcept;

// A one-line progress bar on stderr, drawn only when stderr is a terminal.
class progress_line {
public:
  progress_line();
  progress_line(const progress_line &) = delete;
  progress_line &operator=(const progress_line &) = delete;
  ~progress_line();

  // Redraws the line (at most a few times a second). Returns false once the
  // user pressed Ctrl-C, which cancels the running call.
  bool update(std::string_view phase, uint64_t done, uint64_t total);
  // Removes the line, e.g. before other output or at the end.
  void clear();
  bool enabled() const noexcept { return enabled_; }

private:
  bool enabled_;
  bool drawn_ = false;
  std::string last_phase_;
  int last_permille_ = -1;
  int64_t last_draw_ms_ = 0;
};

// ---- human-readable output (format.cpp) ---------------------------------------

// A JSON value as one line of text: strings unquoted, null as "-".
std::string scalar_text(const json &value);

// Generic, readable rendering of any result document.
void print_document(std::ostream &out, const json &document, int indent = 0);

// An aligned table; the first row is the header.
void print_table(std::ostream &out, const std::vector<std::vector<std::string>> &rows);

// The specific renderings.
void print_config_list(std::ostream &out, const json &list);
void print_config_entry(std::ostream &out, const json &entry);
void print_schema_state(std::ostream &out, const json &report);
void print_demo_report(std::ostream &out, const json &report);
void print_indented_table(std::ostream &out, const std::vector<std::vector<std::string>> &rows, int indent);

// ---- dunning and collections (collections.cpp) ------------------------------

void print_dunning_report(std::ostream &out, const json &report);
void print_worklist(std::ostream &out, const json &worklist);
void print_history(std::ostream &out, const json &history);

// ---- analytics (analytics.cpp) -------------------------------------------------

void print_kpis(std::ostream &out, const json &kpis);
void print_forecast(std::ostream &out, const json &forecast);

} // namespace arx::cli
