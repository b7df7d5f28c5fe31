#include "db/migrations.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>

#include <boost/crc.hpp>

#include "core/error.hpp"
#include "db/sql_script.hpp"

namespace arx::db {
namespace {

constexpr const char *record_table = "arx_schema_migration";

struct applied_row {
  int version;
  std::string name;
  std::string checksum;
};

std::vector<applied_row> read_applied(database &db) {
  std::vector<applied_row> out;
  if (!db.table_exists(record_table)) return out;
  std::vector<int> versions(1000);
  std::vector<std::string> names(1000), checksums(1000);
  db.session() << "SELECT version, name, checksum FROM arx_schema_migration ORDER BY version", soci::into(versions),
      soci::into(names), soci::into(checksums);
  for (size_t i = 0; i < versions.size(); ++i) out.push_back({versions[i], names[i], checksums[i]});
  return out;
}

void create_record_table(database &db) {
  db.session() << "CREATE TABLE IF NOT EXISTS arx_schema_migration ("
                  " version INTEGER PRIMARY KEY,"
                  " name VARCHAR(100) NOT NULL,"
                  " checksum VARCHAR(8) NOT NULL,"
                  " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)";
}

// Serialises installers on PostgreSQL: two hosts upgrading at once apply each
// migration once. On SQLite, apply_migrations takes the write lock per migration.
// On SQLite, installers of one database file also take an exclusive lock on
// a file beside it: two connections that both read before they write can
// otherwise wait on each other's locks until the driver's busy timeout.
class install_lock {
public:
  explicit install_lock(database &db) : db_(db) {
    if (db_.kind() == dialect::postgresql) {
      db_.session() << "SELECT pg_advisory_lock(7271720001)";
      return;
    }
    std::string file;
    soci::rowset<soci::row> rows = (db_.session().prepare << "PRAGMA database_list");
    for (const auto &r : rows)
      if (r.get<std::string>(1) == "main" && r.get_indicator(2) == soci::i_ok) file = r.get<std::string>(2);
    if (file.empty()) return;  // an in-memory database has one connection
    fd_ = ::open((file + ".arx-install-lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~install_lock() {
    if (fd_ >= 0) {
      ::flock(fd_, LOCK_UN);
      ::close(fd_);
    }
    if (db_.kind() != dialect::postgresql) return;
    try {
      db_.session() << "SELECT pg_advisory_unlock(7271720001)";
    } catch (...) {
      // The lock ends with the session anyway.
    }
  }
  install_lock(const install_lock &) = delete;
  install_lock &operator=(const install_lock &) = delete;

private:
  database &db_;
  int fd_ = -1;
};

}  // namespace

std::string migration_checksum(std::string_view text) {
  boost::crc_32_type crc;
  crc.process_bytes(text.data(), text.size());
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(crc.checksum()));
  return buf;
}

std::vector<migration> load_migrations(std::span<const sql_resource> files, dialect d) {
  const std::string prefix = "migrations/";
  std::map<int, migration> by_version;
  for (const auto &r : files) {
    std::string_view path = r.path;
    if (path.substr(0, prefix.size()) != prefix) continue;
    std::string file(path.substr(prefix.size()));
    // NNNN_name.sql, directly in sql/migrations: one source for every dialect.
    if (file.size() < 10 || file[4] != '_' || file.substr(file.size() - 4) != ".sql" ||
        file.find('/') != std::string::npos ||
        !std::all_of(file.begin(), file.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
      throw error(ARX_E_INTERNAL, "migration file sql/" + std::string(path) +
                                      " is not named sql/migrations/NNNN_name.sql (one file for every dialect)");
    migration m;
    m.version = std::stoi(file.substr(0, 4));
    m.name = file.substr(5, file.size() - 9);
    m.origin = "sql/" + std::string(path);
    m.text = expand_macros(r.text, d, m.origin);
    m.checksum = migration_checksum(m.text);
    if (!by_version.emplace(m.version, m).second)
      throw error(ARX_E_INTERNAL, "two migrations with version " + std::to_string(m.version) + " in sql/" + prefix);
  }
  std::vector<migration> out;
  int expected = 1;
  for (auto &[v, m] : by_version) {
    if (v != expected)
      throw error(ARX_E_INTERNAL, "migration " + std::to_string(expected) + " is missing in sql/" + prefix);
    out.push_back(std::move(m));
    ++expected;
  }
  return out;
}

const std::vector<migration> &migrations_for(dialect d) {
  static std::once_flag once;
  static std::vector<migration> sqlite, postgresql;
  std::call_once(once, [] {
    sqlite = load_migrations(sql_bundle(), dialect::sqlite);
    postgresql = load_migrations(sql_bundle(), dialect::postgresql);
  });
  return d == dialect::postgresql ? postgresql : sqlite;
}

std::string_view schema_state_name(schema_state s) noexcept {
  switch (s) {
  case schema_state::missing: return "missing";
  case schema_state::outdated: return "outdated";
  case schema_state::current: return "current";
  case schema_state::newer: return "newer";
  case schema_state::modified: return "modified";
  }
  return "unknown";
}

schema_status check_schema(database &db) {
  const auto &ms = migrations_for(db.kind());
  schema_status st;
  st.plugin_version = ms.empty() ? 0 : ms.back().version;
  auto applied = read_applied(db);
  for (const auto &a : applied) st.database_version = std::max(st.database_version, a.version);
  if (st.database_version > st.plugin_version) {
    st.state = schema_state::newer;
    st.detail = "the arx schema in this database is version " + std::to_string(st.database_version) +
                ", newer than this plugin's " + std::to_string(st.plugin_version) + "; install a newer arx";
    return st;
  }
  // Applied migrations must be exactly 1..n, each identical to the plugin's.
  int expected = 1;
  for (const auto &a : applied) {
    if (a.version != expected) {
      st.state = schema_state::modified;
      st.detail = "arx_schema_migration records version " + std::to_string(a.version) + " where version " +
                  std::to_string(expected) + " was expected; the record was changed outside arx";
      return st;
    }
    const auto &m = ms[static_cast<size_t>(a.version - 1)];
    if (m.checksum != a.checksum || m.name != a.name) {
      st.state = schema_state::modified;
      st.detail = "migration " + std::to_string(a.version) + " (" + a.name + ") applied to this database differs from " +
                  m.origin + " in this plugin; the schema was changed by another build of arx";
      return st;
    }
    ++expected;
  }
  for (int v = expected; v <= st.plugin_version; ++v) st.pending.push_back(v);
  if (applied.empty()) {
    st.state = schema_state::missing;
    st.detail = "arx is not installed in this database; run 'arx install'";
  } else if (!st.pending.empty()) {
    st.state = schema_state::outdated;
    st.detail = "the arx schema in this database is version " + std::to_string(st.database_version) +
                ", this plugin needs " + std::to_string(st.plugin_version) + "; run 'arx install' to upgrade";
  } else {
    st.state = schema_state::current;
  }
  return st;
}

void require_current_schema(database &db) {
  auto st = check_schema(db);
  if (st.state != schema_state::current) throw error(ARX_E_SCHEMA, st.detail);
}

std::vector<applied_migration> apply_migrations(database &db, const std::function<void(int, int)> &progress) {
  install_lock lock(db);
  auto st = check_schema(db);
  if (st.state == schema_state::newer || st.state == schema_state::modified) throw error(ARX_E_SCHEMA, st.detail);
  const auto &ms = migrations_for(db.kind());
  std::vector<applied_migration> done;
  int total = static_cast<int>(st.pending.size()), n = 0;
  for (int version : st.pending) {
    const auto &m = ms[static_cast<size_t>(version - 1)];
    if (progress) progress(n++, total); // may throw to stop before this migration
    soci::transaction tx(db.session());
    create_record_table(db);
    // Another installer may have applied it since we looked: on SQLite a write
    // statement takes the database's write lock first (PostgreSQL already
    // holds the advisory lock), then the record is read again under it.
    if (db.kind() == dialect::sqlite) db.session() << "DELETE FROM arx_schema_migration WHERE 1 = 0";
    long long already = 0;
    db.session() << "SELECT COUNT(*) FROM arx_schema_migration WHERE version = :v", soci::use(m.version),
        soci::into(already);
    if (already > 0) {
      tx.rollback();
      continue;
    }
    for (const auto &stmt : split_sql(m.text, m.origin)) {
      try {
        db.session() << stmt.text;
      } catch (const soci::soci_error &e) {
        throw error(ARX_E_DATABASE, m.origin + ":" + std::to_string(stmt.line) + ": " + e.get_error_message());
      }
    }
    db.session() << "INSERT INTO arx_schema_migration (version, name, checksum) VALUES (:v, :n, :c)",
        soci::use(m.version), soci::use(m.name), soci::use(m.checksum);
    tx.commit();
    done.push_back({m.version, m.name});
  }
  return done;
}

std::vector<std::string> arx_tables(dialect d) {
  // Every table a migration creates, in creation order, then the record.
  static const std::regex create(R"(CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(arx_[A-Za-z0-9_]+))",
                                 std::regex::icase);
  std::vector<std::string> tables;
  for (const auto &m : migrations_for(d))
    for (const auto &stmt : split_sql(m.text, m.origin)) {
      std::smatch match;
      if (std::regex_search(stmt.text, match, create) && match.position(0) == 0) tables.push_back(match[2].str());
    }
  tables.push_back(record_table);
  return tables;
}

std::vector<std::string> drop_arx_schema(database &db) {
  install_lock lock(db);
  auto tables = arx_tables(db.kind());
  std::vector<std::string> dropped;
  soci::transaction tx(db.session());
  // Newest first, so arx tables that refer to older ones go before them. No
  // CASCADE: if an ERP object depends on an arx table, the drop fails and
  // the whole uninstall is rolled back, naming the table.
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    if (!db.table_exists(*it)) continue;
    try {
      db.session() << "DROP TABLE " + *it;
    } catch (const soci::soci_error &e) {
      throw error(ARX_E_CONFLICT, "cannot drop " + *it + ", nothing was uninstalled: " + e.get_error_message());
    }
    dropped.push_back(*it);
  }
  tx.commit();
  return dropped;
}

}  // namespace arx::db
