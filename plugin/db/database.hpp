// One ODBC connection through SOCI, with the SQL dialect arx detected on it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <soci/soci.h>

namespace arx::db {

enum class dialect { sqlite, postgresql };

std::string_view dialect_name(dialect d) noexcept; // "sqlite", "postgresql"

// A connection string with the values of Pwd/Password (any case) replaced by
// "***", for messages and logs. Braced values ("PWD={a;b}}c}") are masked
// whole, whatever ';', '=' or "}}" they hold.
std::string redact_connection_string(std::string_view conn);

class database {
public:
  // Connects through SOCI's ODBC backend. Throws arx::error(ARX_E_DATABASE)
  // naming the (redacted) connection string and the driver's message, or
  // ARX_E_NOT_IMPLEMENTED for a DBMS arx has no dialect for.
  explicit database(const std::string &connection_string);

  soci::session &session() noexcept { return sql_; }
  dialect kind() const noexcept { return dialect_; }
  const std::string &dbms_name() const noexcept { return dbms_name_; }

  // Whether a table exists in the current schema (catalog query per dialect).
  bool table_exists(const std::string &name);

  // The id the last INSERT on this session gave an identity/autoincrement
  // column (lastval() on PostgreSQL, last_insert_rowid() on SQLite).
  int64_t last_insert_id();

private:
  soci::session sql_;
  dialect dialect_ = dialect::sqlite;
  std::string dbms_name_;
};

}  // namespace arx::db
