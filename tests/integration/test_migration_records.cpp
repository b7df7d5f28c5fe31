// A database installed by an earlier arx, from the per-dialect migration
// files, is accepted by this one: an install records exactly the checksums
// those files had, and a database holding those records is current.
#include <string>
#include <vector>

#include "db/migrations.hpp"
#include "fixture.hpp"
#include "recorded_migrations.hpp"

namespace arx::test {

class migration_records : public db_test {
protected:
  struct row {
    int version;
    std::string name, checksum;
    bool operator==(const row &) const = default;
  };

  std::vector<row> recorded_here() {
    std::vector<row> out;
    soci::rowset<soci::row> rows =
        (ctx().sql().prepare << "SELECT version, name, checksum FROM arx_schema_migration ORDER BY version");
    for (const auto &r : rows) out.push_back({r.get<int>(0), r.get<std::string>(1), r.get<std::string>(2)});
    return out;
  }

  std::vector<row> recorded_by_earlier_builds() {
    std::vector<row> out;
    for (const auto &r : recorded_migrations)
      if (r.dialect == ctx().db().kind()) out.push_back({r.version, r.name, r.checksum});
    return out;
  }
};

TEST_F(migration_records, an_install_records_the_checksums_of_earlier_builds) {
  install();
  EXPECT_EQ(recorded_here(), recorded_by_earlier_builds());
}

TEST_F(migration_records, a_database_recorded_by_an_earlier_build_is_current) {
  install();
  // Write the records as an earlier arx wrote them, row by row from the
  // constants rather than from this plugin's migrations.
  ctx().sql() << "DELETE FROM arx_schema_migration";
  for (const auto &r : recorded_by_earlier_builds())
    ctx().sql() << "INSERT INTO arx_schema_migration (version, name, checksum) VALUES (:v, :n, :c)",
        soci::use(r.version), soci::use(r.name), soci::use(r.checksum);
  auto st = db::check_schema(ctx().db());
  EXPECT_EQ(st.state, db::schema_state::current) << st.detail;
  EXPECT_TRUE(db::apply_migrations(ctx().db()).empty());

  // A record that differs from the expansion is refused, naming the source.
  ctx().sql() << "UPDATE arx_schema_migration SET checksum = '00000000' WHERE version = 2";
  st = db::check_schema(ctx().db());
  EXPECT_EQ(st.state, db::schema_state::modified);
  EXPECT_NE(st.detail.find("differs from sql/migrations/0002_delivery.sql"), std::string::npos) << st.detail;
}

}  // namespace arx::test
