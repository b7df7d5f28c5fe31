// The session a CLI command runs in: the plugin and its context, the
// callbacks the plugin calls back (log, progress, business date) and the
// output of results and documents.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include "commands.hpp"

namespace arx::cli {

namespace {

constexpr const char *default_connection = "DRIVER=SQLite3;Database=./arx.db";

} // namespace

session::session(const global_options &global) : global_(global) {
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

arx::host::library &session::plugin() {
  if (!library_)
    library_ = std::make_unique<arx::host::library>(
        load_plugin(global_.plugin, std::string("arx CLI ") + ARX_CLI_VERSION));
  return *library_;
}

arx::host::context &session::context() {
  if (!context_)
    throw std::logic_error("the command opened no context");
  return *context_;
}

void session::open(uint32_t flags) {
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

void session::emit(const std::string &raw, void (*human)(std::ostream &, const json &)) {
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

void session::flush_errors(const std::string &failure) {
  for (const std::string &line : held_errors_)
    if (line != failure)
      std::cerr << "arx: error: " << line << '\n';
  held_errors_.clear();
}

void session::log(int32_t level, std::string_view message) {
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

std::string file_text(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw arx::host::error(ARX_E_NOT_FOUND, "cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace arx::cli
