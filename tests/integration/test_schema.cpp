// Migrations and the ERP schema on a real database.
#include <thread>

#include "db/migrations.hpp"
#include "fixture.hpp"

namespace arx::test {

class schema : public db_test {};

TEST_F(schema, migrations_run_twice_are_a_no_op) {
  auto before = db::check_schema(ctx().db());
  EXPECT_EQ(before.state, db::schema_state::missing);
  auto first = db::apply_migrations(ctx().db());
  EXPECT_EQ(static_cast<int>(first.size()), before.plugin_version);
  long long recorded = count("arx_schema_migration");
  EXPECT_EQ(recorded, before.plugin_version);
  auto second = db::apply_migrations(ctx().db());
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(count("arx_schema_migration"), recorded);
  EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::current);
}

TEST_F(schema, erp_schema_install_is_idempotent) {
  install();
  ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'C1', 'One', 'EUR', 'DE')";
  install();
  EXPECT_EQ(count("erp_company"), 1);
}

TEST_F(schema, a_newer_database_is_refused) {
  install();
  int plugin = db::check_schema(ctx().db()).plugin_version;
  int newer = plugin + 1;
  ctx().sql() << "INSERT INTO arx_schema_migration (version, name, checksum) VALUES (:v, 'from_the_future', '00000000')",
      soci::use(newer);
  auto st = db::check_schema(ctx().db());
  EXPECT_EQ(st.state, db::schema_state::newer);
  std::string msg;
  EXPECT_EQ(status_of([&] { db::apply_migrations(ctx().db()); }, &msg), ARX_E_SCHEMA);
  EXPECT_NE(msg.find("newer than this plugin"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { db::context c(settings(true)); }), ARX_E_SCHEMA);
}

TEST_F(schema, a_changed_migration_is_refused) {
  install();
  ctx().sql() << "UPDATE arx_schema_migration SET checksum = 'ffffffff' WHERE version = 1";
  std::string msg;
  EXPECT_EQ(status_of([&] { db::require_current_schema(ctx().db()); }, &msg), ARX_E_SCHEMA);
  EXPECT_NE(msg.find("differs from sql/migrations/"), std::string::npos) << msg;
}

TEST_F(schema, a_record_with_gaps_or_bad_versions_is_refused) {
  install();
  for (int bad : {0, -3}) {
    ctx().sql() << "INSERT INTO arx_schema_migration (version, name, checksum) VALUES (:v, 'odd', '00000000')",
        soci::use(bad);
    std::string msg;
    EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::modified);
    EXPECT_EQ(status_of([&] { db::apply_migrations(ctx().db()); }, &msg), ARX_E_SCHEMA);
    EXPECT_NE(msg.find("was changed outside arx"), std::string::npos) << msg;
    ctx().sql() << "DELETE FROM arx_schema_migration WHERE version = :v", soci::use(bad);
  }
  EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::current);
}

TEST_F(schema, install_refuses_a_newer_database_before_writing_anything) {
  service::schema_install(ctx(), 0);
  int newer = db::check_schema(ctx().db()).plugin_version + 1;
  ctx().sql() << "INSERT INTO arx_schema_migration (version, name, checksum) VALUES (:v, 'future', '00000000')",
      soci::use(newer);
  EXPECT_EQ(status_of([&] { service::schema_install(ctx(), ARX_INSTALL_ERP_SCHEMA); }), ARX_E_SCHEMA);
  EXPECT_FALSE(ctx().db().table_exists("erp_company")) << "no ERP table may be created for a refused install";
}

TEST_F(schema, uninstall_refuses_when_an_erp_object_depends_on_arx) {
  install();
  ctx().sql() << "CREATE VIEW erp_arx_settings AS SELECT config_key, value FROM arx_config";
  if (backend() == "postgresql") {
    std::string msg;
    EXPECT_EQ(status_of([&] { service::schema_install(ctx(), ARX_INSTALL_UNINSTALL); }, &msg), ARX_E_CONFLICT);
    EXPECT_NE(msg.find("nothing was uninstalled"), std::string::npos) << msg;
    EXPECT_TRUE(ctx().db().table_exists("arx_config"));
    EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::current);
  } else {
    // SQLite does not track view dependencies: the tables go, the ERP's view
    // stays (and fails when read), the ERP's tables are untouched.
    service::schema_install(ctx(), ARX_INSTALL_UNINSTALL);
    EXPECT_FALSE(ctx().db().table_exists("arx_config"));
    EXPECT_TRUE(ctx().db().table_exists("erp_company"));
  }
}

TEST_F(schema, context_refuses_a_database_without_arx) {
  std::string msg;
  EXPECT_EQ(status_of([&] { db::context c(settings(true)); }, &msg), ARX_E_SCHEMA);
  EXPECT_NE(msg.find("arx install"), std::string::npos) << msg;
}

TEST_F(schema, concurrent_installers_apply_each_migration_once) {
  // Two hosts installing at the same moment.
  auto run = [&] {
    db::context c(settings());
    db::apply_migrations(c.db());
  };
  std::exception_ptr e1, e2;
  std::thread t1([&] { try { run(); } catch (...) { e1 = std::current_exception(); } });
  std::thread t2([&] { try { run(); } catch (...) { e2 = std::current_exception(); } });
  t1.join();
  t2.join();
  auto rethrow = [](std::exception_ptr e) { if (e) std::rethrow_exception(e); };
  EXPECT_NO_THROW(rethrow(e1));
  EXPECT_NO_THROW(rethrow(e2));
  auto st = db::check_schema(ctx().db());
  EXPECT_EQ(st.state, db::schema_state::current);
  EXPECT_EQ(count("arx_schema_migration"), st.plugin_version);
}

TEST_F(schema, uninstall_drops_arx_tables_and_leaves_the_erp_data) {
  install();
  ctx().sql() << "INSERT INTO erp_company (id, code, name, currency, country) VALUES (1, 'C1', 'One', 'EUR', 'DE')";
  service::config_set(ctx(), "C1", "dunning.grace_days", std::string("5"), "test");
  auto report = service::schema_install(ctx(), ARX_INSTALL_UNINSTALL);
  EXPECT_FALSE(report.at("dropped_tables").empty());
  EXPECT_FALSE(ctx().db().table_exists("arx_config"));
  EXPECT_FALSE(ctx().db().table_exists("arx_schema_migration"));
  EXPECT_EQ(count("erp_company"), 1);
  EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::missing);
  // And it can be installed again.
  install();
  EXPECT_EQ(db::check_schema(ctx().db()).state, db::schema_state::current);
}

TEST_F(schema, unreachable_database_names_the_connection_without_password) {
  db::context_settings s;
  s.connection_string = "DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=hunter2";
  std::string msg;
  EXPECT_EQ(status_of([&] { db::context c(s); }, &msg), ARX_E_DATABASE);
  EXPECT_NE(msg.find("Pwd=***"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("hunter2"), std::string::npos) << msg;
}

}  // namespace arx::test
