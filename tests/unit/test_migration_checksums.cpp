// The single migration sources (sql/migrations/NNNN_name.sql), expanded per
// dialect, reproduce to the byte what databases installed by earlier arx
// builds recorded: arx refuses a database whose recorded checksum differs.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/sql_bundle.hpp"
#include "db/sql_script.hpp"
#include "recorded_migrations.hpp"

namespace arx::db {
namespace {

using test::recorded_migrations;

// Every difference between a dialect's loaded migrations and the records, as
// sentences; empty when they agree exactly (same versions, names, checksums).
std::vector<std::string> differences(const std::vector<migration> &loaded, dialect d) {
  std::vector<std::string> out;
  std::vector<const test::recorded_migration *> recorded;
  for (const auto &r : recorded_migrations)
    if (r.dialect == d) recorded.push_back(&r);
  const std::string where = std::string(dialect_name(d)) + " migration ";
  for (const auto *r : recorded) {
    auto it = std::find_if(loaded.begin(), loaded.end(), [&](const migration &m) { return m.version == r->version; });
    if (it == loaded.end()) {
      out.push_back(where + std::to_string(r->version) + " is missing");
      continue;
    }
    if (it->name != r->name) out.push_back(where + std::to_string(r->version) + " is named " + it->name);
    if (it->checksum != r->checksum)
      out.push_back(where + std::to_string(r->version) + " (" + it->origin + ") expands to checksum " + it->checksum +
                    ", databases recorded " + r->checksum);
  }
  for (const auto &m : loaded)
    if (std::none_of(recorded.begin(), recorded.end(), [&](const auto *r) { return r->version == m.version; }))
      out.push_back(where + std::to_string(m.version) + " (" + m.origin +
                    ") has no recorded checksum in tests/support/recorded_migrations.hpp");
  return out;
}

std::string joined(const std::vector<std::string> &lines) {
  std::string out;
  for (const auto &l : lines) out += l + "\n";
  return out;
}

// The plugin's bundle with one file's text replaced.
struct edited_bundle {
  std::vector<std::string> texts;
  std::vector<sql_resource> files;

  edited_bundle(std::string_view path, void (*edit)(std::string &)) {
    for (const auto &r : sql_bundle()) texts.emplace_back(r.text);
    for (size_t i = 0; i < texts.size(); ++i) {
      if (path == sql_bundle()[i].path) edit(texts[i]);
      files.push_back({sql_bundle()[i].path, texts[i].c_str()});
    }
  }
};

TEST(migration_macros, column_types_per_dialect) {
  const char *sql = "CREATE TABLE t (id @identity_key, at @timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP); -- @x\n";
  EXPECT_EQ(expand_macros(sql, dialect::sqlite, "t.sql"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); "
            "-- @x\n");
  EXPECT_EQ(expand_macros(sql, dialect::postgresql, "t.sql"),
            "CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT "
            "CURRENT_TIMESTAMP); -- @x\n");
  try {
    expand_macros("CREATE TABLE t (id @identity)", dialect::sqlite, "t.sql:2");
    FAIL() << "an unknown macro was expanded";
  } catch (const error &e) {
    EXPECT_NE(std::string(e.what()).find("t.sql:2: unknown macro '@identity' (known: @money, "), std::string::npos)
        << e.what();
  }
}

TEST(migration_checksums, every_migration_expands_to_what_databases_recorded) {
  for (auto d : {dialect::sqlite, dialect::postgresql}) {
    const auto &loaded = migrations_for(d);
    EXPECT_EQ(joined(differences(loaded, d)), "");
    for (const auto &m : loaded) {
      EXPECT_EQ(m.checksum, migration_checksum(m.text)) << m.origin;
      EXPECT_EQ(m.text.find('@'), std::string::npos) << m.origin << " keeps a macro after expansion";
    }
  }
}

TEST(migration_checksums, one_source_per_migration_for_both_dialects) {
  const auto &sqlite = migrations_for(dialect::sqlite);
  const auto &postgresql = migrations_for(dialect::postgresql);
  ASSERT_EQ(sqlite.size(), postgresql.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].origin, postgresql[i].origin);
    EXPECT_EQ(sqlite[i].origin, "sql/migrations/" + std::string(4 - std::to_string(sqlite[i].version).size(), '0') +
                                    std::to_string(sqlite[i].version) + "_" + sqlite[i].name + ".sql");
  }
  // The dialects differ where the sources use column-type macros.
  EXPECT_NE(sqlite[0].text, postgresql[0].text);
  EXPECT_NE(sqlite[0].text.find("INTEGER PRIMARY KEY AUTOINCREMENT"), std::string::npos);
  EXPECT_NE(postgresql[0].text.find("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"), std::string::npos);
  EXPECT_NE(postgresql[0].text.find("TIMESTAMPTZ"), std::string::npos);
}

TEST(migration_checksums, the_unchanged_bundle_loads_like_the_plugin) {
  for (auto d : {dialect::sqlite, dialect::postgresql}) {
    auto loaded = load_migrations(sql_bundle(), d);
    EXPECT_EQ(joined(differences(loaded, d)), "");
  }
}

TEST(migration_checksums, a_changed_source_is_caught) {
  const char *path = "migrations/0003_cashapp.sql";
  ASSERT_NE(find_sql(path), nullptr);

  // One blank more at the end of a comment: both dialects change.
  edited_bundle blank(path, [](std::string &t) { t.insert(t.find('\n'), " "); });
  for (auto d : {dialect::sqlite, dialect::postgresql}) {
    auto diff = differences(load_migrations(blank.files, d), d);
    ASSERT_EQ(diff.size(), 1u) << joined(diff);
    EXPECT_NE(diff[0].find("migration 3 (sql/migrations/0003_cashapp.sql) expands to checksum"), std::string::npos)
        << diff[0];
  }

  // A macro written out as SQLite's text: SQLite is unchanged, PostgreSQL is not.
  edited_bundle spelled(path, [](std::string &t) {
    t.replace(t.find("@identity_key"), std::string_view("@identity_key").size(), "INTEGER PRIMARY KEY AUTOINCREMENT");
  });
  EXPECT_EQ(joined(differences(load_migrations(spelled.files, dialect::sqlite), dialect::sqlite)), "");
  auto diff = differences(load_migrations(spelled.files, dialect::postgresql), dialect::postgresql);
  ASSERT_EQ(diff.size(), 1u) << joined(diff);
  EXPECT_NE(diff[0].find("postgresql migration 3"), std::string::npos) << diff[0];
}

TEST(migration_checksums, a_new_migration_without_a_record_is_named) {
  std::vector<sql_resource> files(sql_bundle().begin(), sql_bundle().end());
  const std::string next = std::to_string(load_migrations(files, dialect::sqlite).size() + 1);
  const std::string name = "migrations/" + std::string(4 - next.size(), '0') + next + "_next.sql";
  files.push_back({name.c_str(), "CREATE TABLE arx_next (id @identity_key);\n"});
  auto diff = differences(load_migrations(files, dialect::sqlite), dialect::sqlite);
  ASSERT_EQ(diff.size(), 1u) << joined(diff);
  EXPECT_NE(diff[0].find("sqlite migration " + next + " (sql/" + name + ") has no recorded checksum"), std::string::npos)
      << diff[0];
}

TEST(migration_checksums, a_per_dialect_file_is_refused) {
  std::vector<sql_resource> files(sql_bundle().begin(), sql_bundle().end());
  files.push_back({"migrations/sqlite/0999_next.sql", "CREATE TABLE arx_next (id INTEGER);\n"});
  try {
    load_migrations(files, dialect::sqlite);
    FAIL() << "a file under sql/migrations/sqlite was loaded";
  } catch (const error &e) {
    EXPECT_NE(std::string(e.what()).find("sql/migrations/sqlite/0999_next.sql is not named"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace arx::db
