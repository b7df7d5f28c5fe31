#include "db/database.hpp"

#include <algorithm>
#include <cctype>

#include <soci/odbc/soci-odbc.h>

#include "core/error.hpp"

namespace arx::db {

std::string_view dialect_name(dialect d) noexcept {
  return d == dialect::postgresql ? "postgresql" : "sqlite";
}

std::string redact_connection_string(std::string_view conn) {
  std::string out;
  size_t pos = 0;
  while (pos < conn.size()) {
    size_t end = conn.find(';', pos);
    if (end == std::string_view::npos) end = conn.size();
    std::string_view part = conn.substr(pos, end - pos);
    size_t eq = part.find('=');
    std::string key(part.substr(0, eq == std::string_view::npos ? part.size() : eq));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    key.erase(std::remove_if(key.begin(), key.end(), [](unsigned char c) { return std::isspace(c); }), key.end());
    if (eq != std::string_view::npos && (key == "pwd" || key == "password"))
      out.append(part.substr(0, eq + 1)).append("***");
    else
      out.append(part);
    if (end < conn.size()) out.push_back(';');
    pos = end + 1;
  }
  return out;
}

namespace {

void connect(soci::session &sql, const std::string &conn) {
  if (conn.empty()) throw error(ARX_E_INVALID_ARGUMENT, "the ODBC connection string is empty");
  try {
    sql.open(soci::odbc, conn);
  } catch (const soci::soci_error &e) {
    throw error(ARX_E_DATABASE, "cannot connect to the database (" + redact_connection_string(conn) +
                                    "): " + e.get_error_message());
  }
}

}  // namespace

database::database(const std::string &connection_string) {
  connect(sql_, connection_string);
  auto *backend = static_cast<soci::odbc_session_backend *>(sql_.get_backend());
  switch (backend->get_database_product()) {
  case soci::odbc_session_backend::prod_sqlite:
    dialect_ = dialect::sqlite;
    dbms_name_ = "SQLite";
    // Enforce the reference schema's foreign keys, as PostgreSQL does.
    sql_ << "PRAGMA foreign_keys = ON";
    break;
  case soci::odbc_session_backend::prod_postgresql:
    dialect_ = dialect::postgresql;
    dbms_name_ = "PostgreSQL";
    break;
  default:
    throw error(ARX_E_NOT_IMPLEMENTED,
                "the database behind this ODBC connection is neither SQLite nor PostgreSQL; "
                "arx has no SQL dialect for it yet");
  }
}

int64_t database::last_insert_id() {
  long long id = 0;
  if (dialect_ == dialect::postgresql) sql_ << "SELECT lastval()", soci::into(id);
  else sql_ << "SELECT last_insert_rowid()", soci::into(id);
  return id;
}

bool database::table_exists(const std::string &name) {
  long long n = 0;
  if (dialect_ == dialect::sqlite)
    sql_ << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :n", soci::use(name), soci::into(n);
  else
    sql_ << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = :n",
        soci::use(name), soci::into(n);
  return n > 0;
}

}  // namespace arx::db
