// Versioned migrations of arx's own tables: sql/migrations/NNNN_name.sql, one
// source for every dialect, written with the dialect macros of expand_macros
// (db/sql_script.hpp) and expanded per dialect when the plugin loads it. A
// database records the CRC-32 of the expanded text it applied, so the expansion
// of a migration must never change (tests/unit/test_migration_checksums.cpp).
// Each runs in its own transaction together with its record in
// arx_schema_migration, so a migration is either fully applied and recorded or
// not at all; rerunning applies nothing. A database whose arx schema is newer
// than the plugin, or whose applied migrations differ from the plugin's, is
// refused.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/sql_bundle.hpp"

namespace arx::db {

struct migration {
  int version = 0;
  std::string name;     // "core" for 0001_core.sql
  std::string origin;   // "sql/migrations/0001_core.sql"
  std::string text;     // expanded for the dialect
  std::string checksum; // CRC-32 of the text, hex
};

// The CRC-32 of a migration's text as arx records it: 8 lowercase hex digits.
std::string migration_checksum(std::string_view text);

// The migrations among `files` (paths relative to sql/) expanded for a dialect,
// in version order. Throws arx::error(ARX_E_INTERNAL) if they are inconsistent
// (a misnamed file, gaps, duplicates), ARX_E_PARSE for a bad macro.
std::vector<migration> load_migrations(std::span<const sql_resource> files, dialect d);

// load_migrations over the plugin's bundle, loaded once.
const std::vector<migration> &migrations_for(dialect d);

enum class schema_state { missing, outdated, current, newer, modified };
std::string_view schema_state_name(schema_state s) noexcept;

struct schema_status {
  schema_state state = schema_state::missing;
  int database_version = 0; // highest applied version, 0 when none
  int plugin_version = 0;   // highest version the plugin ships
  std::vector<int> pending; // versions the plugin would apply
  std::string detail;       // a sentence explaining a non-current state
};

schema_status check_schema(database &db);

// Throws arx::error(ARX_E_SCHEMA) with the status' detail unless current.
void require_current_schema(database &db);

struct applied_migration {
  int version;
  std::string name;
};

// Applies every pending migration. `progress(done, total)` is called before
// each; it may throw to stop there (what was applied before stays, committed).
std::vector<applied_migration> apply_migrations(database &db, const std::function<void(int, int)> &progress = {});

// arx's own tables for a dialect: every table its migrations create, in
// creation order, and the record table arx_schema_migration last.
std::vector<std::string> arx_tables(dialect d);

// Drops arx's own tables (arx_tables) in one transaction, newest first and
// without CASCADE: if an object of the ERP depends on one of them, nothing is
// dropped (ARX_E_CONFLICT naming it). Never touches ERP tables.
std::vector<std::string> drop_arx_schema(database &db);

}  // namespace arx::db
