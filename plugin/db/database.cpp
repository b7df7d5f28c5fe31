#include "db/database.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <soci/odbc/soci-odbc.h>

#include "core/error.hpp"

namespace arx::db {

std::string_view dialect_name(dialect d) noexcept {
  return d == dialect::postgresql ? "postgresql" : "sqlite";
}

std::string redact_connection_string(std::string_view conn) {
  // An ODBC connection string is "key=value" pairs separated by ';'. A value
  // may be enclosed in braces, and then holds ';' and '=' as they are and '}'
  // written as "}}" ("PWD={a;b}}c}" is the password "a;b}c"). A value whose
  // braces are never closed runs to the end of the text.
  std::string out;
  size_t pos = 0;
  while (pos < conn.size()) {
    size_t eq = pos;
    while (eq < conn.size() && conn[eq] != '=' && conn[eq] != ';') ++eq;
    if (eq == conn.size() || conn[eq] == ';') {  // a part without a value
      out.append(conn.substr(pos, eq - pos));
      if (eq < conn.size()) out.push_back(';');
      pos = eq + 1;
      continue;
    }
    std::string key(conn.substr(pos, eq - pos));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    key.erase(std::remove_if(key.begin(), key.end(), [](unsigned char c) { return std::isspace(c); }), key.end());
    size_t end = eq + 1;
    while (end < conn.size() && std::isspace(static_cast<unsigned char>(conn[end]))) ++end;
    if (end < conn.size() && conn[end] == '{') {
      for (++end; end < conn.size(); ++end) {
        if (conn[end] != '}') continue;
        if (end + 1 < conn.size() && conn[end + 1] == '}') {
          ++end;  // "}}" stands for '}'
          continue;
        }
        ++end;  // the closing brace
        break;
      }
    }
    end = std::min(conn.find(';', end), conn.size());
    out.append(conn.substr(pos, eq + 1 - pos));
    if (key == "pwd" || key == "password")
      out.append("***");
    else
      out.append(conn.substr(eq + 1, end - eq - 1));
    if (end < conn.size()) out.push_back(';');
    pos = end + 1;
  }
  return out;
}

namespace {

// psqlODBC calls setlocale() while it connects, and setlocale is not safe to
// call from two threads at once (ThreadSanitizer reports the race when a host
// opens contexts on several threads): arx opens its connections one at a time.
std::mutex &connect_mutex() {
  static std::mutex m;
  return m;
}

void connect(soci::session &sql, const std::string &conn) {
  if (conn.empty()) throw error(ARX_E_INVALID_ARGUMENT, "the ODBC connection string is empty");
  try {
    std::lock_guard<std::mutex> lock(connect_mutex());
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
