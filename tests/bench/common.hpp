// What the benchmark programs share: their JSON report, written to a file
// and printed,
//   {"benchmark": NAME, "machine": {...}, "summary": [{"metric", "value", "unit"}...], "results": ...}
// and the rows of its summary.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "machine.hpp"

namespace arx::bench {

// One row of a report's summary: a figure, its value and its unit.
inline nlohmann::json metric(const std::string &name, const nlohmann::json &value, const std::string &unit) {
  return {{"metric", name}, {"value", value}, {"unit", unit}};
}

// The machine a single-threaded benchmark ran on, with the load average read
// when it started.
inline nlohmann::json machine_facts(const std::string &load_at_start) {
  return {{"nproc", static_cast<long>(sysconf(_SC_NPROCESSORS_ONLN))},
          {"cpu_model", cpu_model()},
          {"date", utc_now()},
          {"build_type", ARX_BENCH_BUILD_TYPE},
          {"cxx_flags", ARX_BENCH_CXX_FLAGS},
          {"load_average_at_start", load_at_start},
          {"threads", 1}};
}

// Writes the report of benchmark `name` to `out` (creating its folder) and
// prints it on standard output.
inline void write_report(const std::string &name, const std::string &load_at_start, const nlohmann::json &summary,
                         const nlohmann::json &results, const std::string &out) {
  const nlohmann::json doc = {{"benchmark", name},
                              {"machine", machine_facts(load_at_start)},
                              {"summary", summary},
                              {"results", results}};
  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  std::ofstream(out) << doc.dump(2) << '\n';
  std::printf("%s\n", doc.dump(2).c_str());
}

}  // namespace arx::bench
