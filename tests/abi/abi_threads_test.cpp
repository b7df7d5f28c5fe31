// Several contexts at once, as a multi-threaded ERP server uses arx: each
// thread its own context on one database, one context handed from thread to
// thread, handles opened and closed concurrently, writers side by side. The
// host knows arx only through arx.h and dlopen. scripts/tsan runs this test
// in a ThreadSanitizer build as well.
//
// The database comes from ARX_TEST_BACKEND: "sqlite" (a file per test) or
// "postgresql" (ARX_TEST_PG_DB, emptied before and after each test).
#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sql.h>
#include <sqlext.h>

#include "arx.h"

namespace {

using nlohmann::json;

constexpr int threads = 4;

const arx_api *api() {
  static const arx_api *table = [] {
    void *handle = dlopen(ARX_TEST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
      ADD_FAILURE() << "dlopen " << ARX_TEST_PLUGIN_PATH << ": " << dlerror();
      return static_cast<const arx_api *>(nullptr);
    }
    auto get_api = reinterpret_cast<arx_get_api_fn>(dlsym(handle, "arx_get_api"));
    arx_host_info h{};
    h.struct_size = sizeof h;
    h.abi_version = ARX_ABI_VERSION;
    h.api_size = sizeof(arx_api);
    h.host_name = "arx ABI threads test host";
    const arx_api *a = nullptr;
    const char *msg = nullptr;
    if (get_api(&h, &a, &msg) != ARX_OK) ADD_FAILURE() << msg;
    return a;
  }();
  return table;
}

// The test's database: a SQLite file, or the PostgreSQL test database emptied.
class database {
public:
  database() {
    const char *b = std::getenv("ARX_TEST_BACKEND");
    backend_ = b ? b : "";
    if (backend_ == "postgresql") {
      const char *c = std::getenv("ARX_TEST_PG_DB");
      if (!c) {
        ADD_FAILURE() << "ARX_TEST_PG_DB is not set: scripts/test starts PostgreSQL and sets it";
        return;
      }
      conn_ = c;
      wipe();
    } else {
      if (backend_ != "sqlite") ADD_FAILURE() << "set ARX_TEST_BACKEND to sqlite or postgresql (ctest sets it)";
      path_ = std::filesystem::temp_directory_path() /
              ("arx-threads-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
      std::filesystem::remove(path_);
      conn_ = "DRIVER=SQLite3;Database=" + path_.string();
    }
  }
  ~database() {
    if (!path_.empty()) {
      std::filesystem::remove(path_);
      std::filesystem::remove(path_.string() + ".arx-install-lock");
    } else if (!conn_.empty()) {
      wipe();
    }
  }
  const std::string &conn() const { return conn_; }

private:
  // Empties the PostgreSQL test database, through ODBC as the host would.
  void wipe() {
    SQLHENV env = SQL_NULL_HENV;
    SQLHDBC dbc = SQL_NULL_HDBC;
    SQLHSTMT st = SQL_NULL_HSTMT;
    bool ok = SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)) &&
              SQL_SUCCEEDED(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0)) &&
              SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)) &&
              SQL_SUCCEEDED(SQLDriverConnect(dbc, nullptr, (SQLCHAR *)conn_.c_str(), SQL_NTS, nullptr, 0, nullptr,
                                             SQL_DRIVER_NOPROMPT)) &&
              SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st)) &&
              SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"DROP SCHEMA IF EXISTS public CASCADE", SQL_NTS)) &&
              SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)"CREATE SCHEMA public", SQL_NTS));
    if (!ok) ADD_FAILURE() << "cannot empty the PostgreSQL test database";
    if (st != SQL_NULL_HSTMT) SQLFreeHandle(SQL_HANDLE_STMT, st);
    if (dbc != SQL_NULL_HDBC) {
      SQLDisconnect(dbc);
      SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    if (env != SQL_NULL_HENV) SQLFreeHandle(SQL_HANDLE_ENV, env);
  }

public:
  arx_context *open(uint32_t flags = 0) const {
    arx_context_options o{};
    o.struct_size = sizeof o;
    o.abi_version = ARX_ABI_VERSION;
    o.connection_string = conn_.c_str();
    o.flags = flags;
    o.log_level = ARX_LOG_WARN;
    arx_context *ctx = nullptr;
    const char *msg = nullptr;
    if (api()->context_open(&o, &ctx, &msg) != ARX_OK) {
      ADD_FAILURE() << "context_open: " << (msg ? msg : "");
      return nullptr;
    }
    return ctx;
  }

private:
  std::string backend_, conn_;
  std::filesystem::path path_;
};

// Installs arx and the reference ERP's tables.
void install(const database &db) {
  arx_context *ctx = db.open(ARX_CONTEXT_NO_SCHEMA_CHECK);
  if (!ctx) return;
  arx_install_options io{sizeof io, ARX_ABI_VERSION, ARX_INSTALL_ERP_SCHEMA, 0};
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->schema_install(ctx, &io, &out), ARX_OK) << api()->last_error(ctx);
  api()->buffer_free(out);
  api()->context_close(ctx);
}

// A database with arx, the reference ERP's tables and a small demo ledger.
struct ledger {
  database db;
  ledger() {
    install(db);
    arx_context *ctx = db.open();
    if (!ctx) return;
    arx_buffer *out = nullptr;
    arx_demo_options d{};
    d.struct_size = sizeof d;
    d.abi_version = ARX_ABI_VERSION;
    d.seed = 11;
    d.customers = 20;
    d.invoices = 160;
    d.as_of = {2026, 3, 31};
    EXPECT_EQ(api()->demo_generate(ctx, &d, &out), ARX_OK) << api()->last_error(ctx);
    api()->buffer_free(out);
    api()->context_close(ctx);
  }
};

// One call's outcome: its status and its result text (or the context's last
// error when it failed).
struct answer {
  arx_status status = ARX_OK;
  std::string text;
  bool operator==(const answer &o) const { return status == o.status && text == o.text; }
};

// `out` by reference: it is read after the call that fills it has run.
answer take(arx_context *ctx, arx_status st, arx_buffer *&out) {
  answer a{st, st == ARX_OK && out ? std::string(out->data, out->size) : std::string(api()->last_error(ctx))};
  api()->buffer_free(out);
  return a;
}

// The same answer without the run's own timings ("phases": seconds per phase).
answer without_timings(answer a) {
  if (a.status != ARX_OK) return a;
  json j = json::parse(a.text, nullptr, false);
  if (j.is_object()) {
    j.erase("phases");
    a.text = j.dump();
  }
  return a;
}

answer kpis(arx_context *ctx) {
  arx_analytics_request r{sizeof r, ARX_ABI_VERSION, "DE01", "kpi", R"({"as_of":"2026-03-31"})", 0, 0};
  arx_buffer *out = nullptr;
  return take(ctx, api()->analytics(ctx, &r, &out), out);
}

answer preview(arx_context *ctx) {
  arx_dunning_options o{sizeof o, ARX_ABI_VERSION, "DE01", {2026, 3, 31}, nullptr, ARX_DUNNING_SUMMARY, 0};
  arx_buffer *out = nullptr;
  return without_timings(take(ctx, api()->dunning_preview(ctx, &o, &out), out));
}

answer settings(arx_context *ctx) {
  arx_buffer *out = nullptr;
  return take(ctx, api()->config_list(ctx, "DE01", &out), out);
}

answer unknown_key(arx_context *ctx, const std::string &key) {
  arx_buffer *out = nullptr;
  return take(ctx, api()->config_get(ctx, "DE01", key.c_str(), &out), out);
}

// The first customer numbers of DE01, from the collectors' worklist.
std::vector<std::string> customers(arx_context *ctx, size_t n) {
  arx_collections_request r{sizeof r, ARX_ABI_VERSION, "DE01", "worklist", R"({"as_of":"2026-03-31"})", 0, 0};
  arx_buffer *out = nullptr;
  answer a = take(ctx, api()->collections(ctx, &r, &out), out);
  std::vector<std::string> numbers;
  if (a.status != ARX_OK) {
    ADD_FAILURE() << "worklist: " << a.text;
    return numbers;
  }
  const json w = json::parse(a.text);
  for (const auto &row : w.at("rows"))
    if (numbers.size() < n) numbers.push_back(row.at("customer_number").get<std::string>());
  return numbers;
}

// Runs `body(thread_index)` on `threads` threads started together.
template <class Body> void on_threads(Body &&body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < threads) std::this_thread::yield();
      body(t);
    });
  for (auto &th : pool) th.join();
}

}  // namespace

TEST(threads, contexts_opened_and_closed_on_many_threads_at_once) {
  database db;
  install(db);
  std::atomic<int> failures{0};
  on_threads([&](int t) {
    for (int i = 0; i < 15; ++i) {
      if (std::string(api()->version()).empty()) failures.fetch_add(1);
      arx_context *ctx = db.open(ARX_CONTEXT_NO_SCHEMA_CHECK);
      if (!ctx) {
        failures.fetch_add(1);
        continue;
      }
      // Each context keeps its own last error, whatever the other threads do.
      const std::string key = "no.such_key_" + std::to_string(t) + "_" + std::to_string(i);
      answer a = unknown_key(ctx, key);
      if (a.status == ARX_OK || a.text.find(key) == std::string::npos) failures.fetch_add(1);
      api()->context_close(ctx);
    }
  });
  EXPECT_EQ(failures.load(), 0);
}

TEST(threads, each_thread_with_its_own_context_reads_what_one_thread_reads) {
  ledger l;
  arx_context *ctx = l.db.open();
  ASSERT_NE(ctx, nullptr);
  const answer k = kpis(ctx), p = preview(ctx), s = settings(ctx);
  api()->context_close(ctx);
  ASSERT_EQ(k.status, ARX_OK) << k.text;
  ASSERT_EQ(p.status, ARX_OK) << p.text;
  ASSERT_EQ(s.status, ARX_OK) << s.text;
  ASSERT_GT(json::parse(p.text).dump().size(), 2u);

  std::mutex m;
  std::vector<std::string> differences;
  on_threads([&](int t) {
    arx_context *c = l.db.open();
    if (!c) return;
    for (int i = 0; i < 3; ++i) {
      auto note = [&](const char *what, const answer &got, const answer &want) {
        if (got == want) return;
        std::lock_guard<std::mutex> lock(m);
        differences.push_back("thread " + std::to_string(t) + " " + what + ": " + got.text.substr(0, 300));
      };
      note("kpi", kpis(c), k);
      note("dunning preview", preview(c), p);
      note("settings", settings(c), s);
    }
    api()->context_close(c);
  });
  EXPECT_TRUE(differences.empty()) << differences.size() << " answers differ, first: " << differences.front();
}

TEST(threads, writers_on_their_own_contexts_lose_nothing) {
  ledger l;
  arx_context *ctx = l.db.open();
  ASSERT_NE(ctx, nullptr);
  const auto numbers = customers(ctx, 2);
  ASSERT_EQ(numbers.size(), 2u);
  constexpr int notes = 8;
  std::mutex m;
  std::vector<std::string> failures;
  on_threads([&](int t) {
    arx_context *c = l.db.open();
    if (!c) return;
    for (int i = 0; i < notes; ++i) {
      // Notes on two customers, and the same setting changed by everyone.
      const json params = {{"customer", numbers[static_cast<size_t>(i % 2)]},
                           {"text", "thread " + std::to_string(t) + " note " + std::to_string(i)}};
      const std::string text = params.dump();
      arx_collections_request r{sizeof r, ARX_ABI_VERSION, "DE01", "note_add", text.c_str(), 0, 0};
      arx_buffer *out = nullptr;
      answer a = take(c, api()->collections(c, &r, &out), out);
      const std::string days = std::to_string(1 + (t * notes + i) % 20);
      arx_config_set_options o{sizeof o, ARX_ABI_VERSION, "DE01", "dunning.grace_days", days.c_str(), "threads test"};
      arx_buffer *none = nullptr;
      answer b = take(c, api()->config_set(c, &o), none);
      std::lock_guard<std::mutex> lock(m);
      if (a.status != ARX_OK) failures.push_back("note_add: " + a.text);
      if (b.status != ARX_OK) failures.push_back("config_set: " + b.text);
    }
    api()->context_close(c);
  });
  EXPECT_TRUE(failures.empty()) << failures.size() << " calls failed, first: " << failures.front();

  // Every note is there once.
  std::multiset<std::string> seen;
  for (const auto &number : numbers) {
    const std::string params = json{{"customer", number}}.dump();
    arx_collections_request r{sizeof r, ARX_ABI_VERSION, "DE01", "history", params.c_str(), 0, 0};
    arx_buffer *out = nullptr;
    answer a = take(ctx, api()->collections(ctx, &r, &out), out);
    ASSERT_EQ(a.status, ARX_OK) << a.text;
    const json history = json::parse(a.text);
    for (const auto &e : history.at("entries"))
      if (e.at("kind") == "note" && e.at("detail").is_string()) seen.insert(e.at("detail").get<std::string>());
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(threads * notes)) << numbers[0] << " " << numbers[1];
  for (int t = 0; t < threads; ++t)
    for (int i = 0; i < notes; ++i)
      EXPECT_EQ(seen.count("thread " + std::to_string(t) + " note " + std::to_string(i)), 1u) << t << " " << i;
  api()->context_close(ctx);
}

TEST(threads, one_context_handed_from_thread_to_thread) {
  ledger l;
  arx_context *ctx = l.db.open();
  ASSERT_NE(ctx, nullptr);
  const answer k = kpis(ctx);
  ASSERT_EQ(k.status, ARX_OK) << k.text;
  // The host serialises the context (arx.h): one thread at a time, any thread.
  std::mutex serial;
  std::atomic<int> failures{0};
  on_threads([&](int t) {
    for (int i = 0; i < 3; ++i) {
      std::lock_guard<std::mutex> lock(serial);
      if (!(kpis(ctx) == k)) failures.fetch_add(1);
      const std::string key = "no.key_of_thread_" + std::to_string(t);
      answer a = unknown_key(ctx, key);
      if (a.status == ARX_OK || a.text.find(key) == std::string::npos) failures.fetch_add(1);
    }
  });
  EXPECT_EQ(failures.load(), 0);
  api()->context_close(ctx);
}
