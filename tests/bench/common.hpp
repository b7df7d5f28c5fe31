// What the benchmark programs share: their JSON report, written to a file
// and printed,
//   {"benchmark": NAME, "machine": {...}, "summary": [{"metric", "value", "unit"}...], "results": ...}
// and the rows of its summary.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "machine.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"

namespace arx::bench {

// The settings of a benchmark's context: no schema check, user "bench".
inline db::context_settings settings_for(const std::string &conn) {
  db::context_settings settings;
  settings.connection_string = conn;
  settings.check_schema = false;
  settings.user = "bench";
  return settings;
}

// Starts a database run from nothing: empties the PostgreSQL database (a
// SQLite file is new) and installs the reference ERP and arx.
inline void install_fresh(db::context &ctx, const std::string &kind) {
  if (kind == "postgresql") {
    ctx.sql() << "DROP SCHEMA IF EXISTS public CASCADE";
    ctx.sql() << "CREATE SCHEMA public";
  }
  service::schema_install(ctx, ARX_INSTALL_ERP_SCHEMA);
}

// The SQLite file of benchmark `name` in this process: <tmp>/arx-bench-NAME-PID.db.
inline std::string sqlite_file(const std::string &name) {
  return (std::filesystem::temp_directory_path() / ("arx-bench-" + name + "-" + std::to_string(getpid()) + ".db"))
      .string();
}

// The databases a benchmark runs on, as (kind, connection string): SQLite in
// `file`, and PostgreSQL when ARX_TEST_PG_DB is set.
inline std::vector<std::pair<std::string, std::string>> databases(const std::string &file) {
  std::vector<std::pair<std::string, std::string>> dbs;
  dbs.emplace_back("sqlite", "DRIVER=SQLite3;Database=" + file);
  if (const char *pg = std::getenv("ARX_TEST_PG_DB")) dbs.emplace_back("postgresql", pg);
  return dbs;
}

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
