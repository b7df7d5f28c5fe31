// Reading the CLI's option values: whole numbers and ids checked strictly,
// the --company and --reason options several command groups share, and
// options copied into a plugin action's JSON parameters.
#include "commands.hpp"

namespace arx::cli {

std::optional<std::string> optional_value(const po::variables_map &vm, const char *name) {
  if (vm.count(name) == 0)
    return std::nullopt;
  return vm[name].as<std::string>();
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

int64_t parse_id(const std::string &command, const std::string &what, const std::string &text) {
  return static_cast<int64_t>(parse_count(command, what, text, INT64_MAX));
}

uint64_t count_option(const po::variables_map &vm, const std::string &command, const char *name, uint64_t max,
                      uint64_t otherwise) {
  const std::optional<std::string> text = optional_value(vm, name);
  return text ? parse_count(command, std::string("--") + name, *text, max) : otherwise;
}

std::optional<std::string> company_of(const po::variables_map &vm) {
  return optional_value(vm, "company");
}
std::string required_company(const po::variables_map &vm) { return vm["company"].as<std::string>(); }

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

} // namespace arx::cli
