// Facts about the machine a benchmark ran on, for its JSON report.
#pragma once

#include <ctime>
#include <fstream>
#include <string>

#include "core/clock.hpp"

namespace arx::bench {

inline std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("model name", 0) == 0) {
      const std::size_t colon = l.find(':');
      if (colon != std::string::npos) return l.substr(l.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

inline std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

inline std::string utc_now() { return core::instant_text(core::now_unix()); }

}  // namespace arx::bench
