// The integration fixture: one database per test on the backend named by
// ARX_TEST_BACKEND (sqlite: a temp file; postgresql: the database in
// ARX_TEST_PG_DB, emptied before and after each test).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/fault.hpp"
#include "db/database.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"

// The fault tests' crash points are compiled in only with -DARX_TEST_HOOKS=ON
// (build-asan/, which scripts/test runs through scripts/sanitize); build/ is
// the build that ships, so there these tests are skipped, saying why.
#define ARX_NEEDS_CRASH_POINTS()                                                                        \
  do {                                                                                                  \
    if (!::arx::core::test_hooks)                                                                       \
      GTEST_SKIP() << "crash points are compiled in only with -DARX_TEST_HOOKS=ON (scripts/build --asan)"; \
  } while (0)

namespace arx::test {

// The backend under test. ctest sets it per test; running the binary by hand
// needs it too, so a test can never silently run on the wrong database.
inline std::string backend() {
  const char *b = std::getenv("ARX_TEST_BACKEND");
  return b ? b : "";
}

class db_test : public ::testing::Test {
protected:
  void SetUp() override {
    if (backend() == "postgresql") {
      const char *conn = std::getenv("ARX_TEST_PG_DB");
      ASSERT_NE(conn, nullptr) << "ARX_TEST_PG_DB is not set: scripts/test starts PostgreSQL and sets it";
      conn_ = conn;
      wipe();
    } else {
      ASSERT_EQ(backend(), "sqlite") << "set ARX_TEST_BACKEND to sqlite or postgresql (ctest sets it per test)";
      path_ = std::filesystem::temp_directory_path() /
              ("arx-it-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
      std::filesystem::remove(path_);
      conn_ = "DRIVER=SQLite3;Database=" + path_.string();
    }
  }
  void TearDown() override {
    ctx_.reset();
    if (!path_.empty()) {
      std::filesystem::remove(path_);
      std::filesystem::remove(path_.string() + ".arx-install-lock");
    } else if (!conn_.empty()) {
      wipe();
    }
  }

  // Drops the test database's content and starts again from an empty one.
  void start_over() {
    ctx_.reset();
    if (!path_.empty()) std::filesystem::remove(path_);
    else wipe();
  }

  // Removes every table of the test database (PostgreSQL).
  void wipe() {
    db::database d(conn_);
    d.session() << "DROP SCHEMA IF EXISTS public CASCADE";
    d.session() << "CREATE SCHEMA public";
  }

  db::context_settings settings(bool check_schema = false) const {
    db::context_settings s;
    s.connection_string = conn_;
    s.user = "it-tester";
    s.check_schema = check_schema;
    return s;
  }

  // A context on the test database (arx not necessarily installed).
  db::context &ctx() {
    if (!ctx_) ctx_ = std::make_unique<db::context>(settings());
    return *ctx_;
  }

  // Installs the reference ERP tables and arx's own.
  void install() { service::schema_install(ctx(), ARX_INSTALL_ERP_SCHEMA); }

  // Runs `f` on its own connection in a child process with the environment
  // variable `name` set to `value` (a crash hook), and returns the child's
  // exit code (3 when `f` threw). Crash hooks exist only in a build with
  // ARX_TEST_HOOKS: a test that uses them starts with ARX_NEEDS_CRASH_POINTS().
  template <class F> int in_child(const char *name, const char *value, F &&f) {
    if (!core::test_hooks) ADD_FAILURE() << name << " needs crash points: start the test with ARX_NEEDS_CRASH_POINTS()";
    ctx_.reset();  // no connection of ours crosses the fork
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::setenv(name, value, 1);
      int code = 0;
      try {
        db::context c(settings());
        f(c);
      } catch (...) {
        code = 3;
      }
      std::_Exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  long long count(const std::string &table) {
    long long n = 0;
    ctx().sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  std::string conn_;
  std::filesystem::path path_;
  std::unique_ptr<db::context> ctx_;
};

// Runs `f` and returns the arx::error status it threw (ARX_OK if none).
template <class F> arx_status status_of(F &&f, std::string *message = nullptr) {
  try {
    f();
  } catch (const error &e) {
    if (message) *message = e.what();
    return e.status();
  }
  return ARX_OK;
}

}  // namespace arx::test
