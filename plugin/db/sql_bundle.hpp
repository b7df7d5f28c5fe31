// The files under sql/, compiled into the plugin (plugin/core/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace arx::db {

struct sql_resource {
  const char *path; // relative to sql/, e.g. "migrations/0001_core.sql"
  const char *text;
};

std::span<const sql_resource> sql_bundle();

// The text of one bundled file, or nullptr when there is none.
inline const char *find_sql(std::string_view path) {
  for (const auto &r : sql_bundle())
    if (path == r.path) return r.text;
  return nullptr;
}

}  // namespace arx::db
