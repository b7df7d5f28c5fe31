// What the benchmark programs share: their JSON report, written to a file
// and printed,
//   {"benchmark": NAME, "machine": {...}, "summary": [{"metric", "value", "unit"}...], "results": ...}
// and the rows of its summary.
#pragma once

#include <unistd.h>

#include <cstdio>
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

// A benchmark's command line: whole-number options (--customers N ...),
// text options (--out FILE, --database NAME), flags (--no-db), and
// scripts/bench's common --repetitions/--min-time, which these one-pass
// programs take and ignore. False, with `usage` printed, on anything else.
struct arguments {
  std::vector<std::pair<std::string, size_t *>> numbers;
  std::vector<std::pair<std::string, std::string *>> texts;
  std::vector<std::pair<std::string, bool *>> flags;  // set to false when given
};

inline bool read_arguments(int argc, char **argv, const arguments &a, const char *usage) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    auto take = [&](const auto &list, auto assign) {
      for (const auto &[name, target] : list)
        if (arg == name && has_value) return assign(target, argv[++i]), true;
      return false;
    };
    if (take(a.numbers, [](size_t *t, const char *v) { *t = std::stoul(v); })) continue;
    if (take(a.texts, [](std::string *t, const char *v) { *t = v; })) continue;
    bool flag = false;
    for (const auto &[name, target] : a.flags)
      if (arg == name) *target = false, flag = true;
    if (flag) continue;
    if ((arg == "--repetitions" || arg == "--min-time") && has_value) {
      ++i;
      continue;
    }
    std::fprintf(stderr, "%s\n", usage);
    return false;
  }
  return true;
}

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
