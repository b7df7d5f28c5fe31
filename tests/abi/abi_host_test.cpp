// A test host that knows arx only through arx.h and dlopen, the way an ERP
// loads it: version negotiation both ways, NULL and unknown handles, faults
// injected inside functions, hooks that have not landed, and the callbacks.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "arx.h"

namespace {

struct plugin {
  void *handle = nullptr;
  arx_get_api_fn get_api = nullptr;
  plugin() {
    // NODELETE: unloading would also unload unixODBC and its drivers, whose
    // caches LeakSanitizer would then report in the sanitizer build.
    handle = dlopen(ARX_TEST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) ADD_FAILURE() << "dlopen " << ARX_TEST_PLUGIN_PATH << ": " << dlerror();
    else get_api = reinterpret_cast<arx_get_api_fn>(dlsym(handle, "arx_get_api"));
  }
  ~plugin() {
    if (handle) dlclose(handle);
  }
};

plugin &lib() {
  static plugin p;
  return p;
}

arx_host_info host_info(uint32_t version = ARX_ABI_VERSION, uint32_t api_size = sizeof(arx_api)) {
  arx_host_info h{};
  h.struct_size = sizeof h;
  h.abi_version = version;
  h.api_size = api_size;
  h.host_name = "arx ABI test host";
  return h;
}

const arx_api *api() {
  auto h = host_info();
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(lib().get_api(&h, &a, &msg), ARX_OK) << msg;
  return a;
}

// A SQLite file per test, removed afterwards.
struct temp_db {
  std::filesystem::path path;
  std::string conn;
  temp_db() {
    path = std::filesystem::temp_directory_path() /
           ("arx-abi-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path);
    conn = "DRIVER=SQLite3;Database=" + path.string();
  }
  ~temp_db() { std::filesystem::remove(path); }
};

arx_context_options options(const std::string &conn, uint32_t flags = 0) {
  arx_context_options o{};
  o.struct_size = sizeof o;
  o.abi_version = ARX_ABI_VERSION;
  o.connection_string = conn.c_str();
  o.flags = flags;
  o.log_level = ARX_LOG_DEBUG;
  return o;
}

// An installed database and an open context on it.
struct installed {
  temp_db db;
  arx_context *ctx = nullptr;
  explicit installed(const char *fault = nullptr) {
    if (fault) setenv("ARX_FAULT_INJECT", fault, 1);
    auto o = options(db.conn, ARX_CONTEXT_NO_SCHEMA_CHECK);
    const char *msg = nullptr;
    EXPECT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
    unsetenv("ARX_FAULT_INJECT");
    arx_install_options io{sizeof io, ARX_ABI_VERSION, ARX_INSTALL_ERP_SCHEMA, 0};
    arx_buffer *out = nullptr;
    EXPECT_EQ(api()->schema_install(ctx, &io, &out), ARX_OK) << api()->last_error(ctx);
    api()->buffer_free(out);
  }
  ~installed() { api()->context_close(ctx); }
};

}  // namespace

TEST(negotiation, current_host_gets_the_table) {
  const arx_api *a = api();
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->struct_size, sizeof(arx_api));
  EXPECT_EQ(ARX_ABI_MAJOR_OF(a->abi_version), ARX_ABI_VERSION_MAJOR);
  EXPECT_STRNE(a->version(), "");
  EXPECT_TRUE(ARX_API_HAS(a, demo_generate));
}

// A host compiled against a later 1.x knows a larger table. It is served, and
// sees from struct_size which of its members this plugin lacks.
struct future_api {
  arx_api v1;
  arx_status (*later_function)(arx_context *);
};

TEST(negotiation, newer_host_with_a_larger_table_is_served) {
  auto h = host_info((1u << 16) | 9u, sizeof(future_api));
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  ASSERT_EQ(lib().get_api(&h, &a, &msg), ARX_OK) << msg;
  ASSERT_NE(a, nullptr);
  EXPECT_LT(a->struct_size, sizeof(future_api));
  EXPECT_FALSE(a->struct_size >= offsetof(future_api, later_function) + sizeof(void *))
      << "a newer host must see that the plugin's table ends before its newer member";
}

TEST(negotiation, newer_host_with_larger_options_is_served) {
  temp_db db;
  struct future_options {
    arx_context_options v1;
    uint64_t later_field;
  } o{};
  o.v1 = options(db.conn, ARX_CONTEXT_NO_SCHEMA_CHECK);
  o.v1.struct_size = sizeof o;
  o.v1.abi_version = (1u << 16) | 9u;
  o.later_field = 0xdeadbeef;
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  ASSERT_EQ(api()->context_open(&o.v1, &ctx, &msg), ARX_OK) << msg;
  api()->context_close(ctx);
}

TEST(negotiation, older_host_built_for_1_0_is_served) {
  // A host compiled against ABI 1.0 knows the table up to demo_generate.
  const uint32_t v1_0 = static_cast<uint32_t>(offsetof(arx_api, demo_generate) + sizeof(void *));
  auto h = host_info((1u << 16) | 0u, v1_0);
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  ASSERT_EQ(lib().get_api(&h, &a, &msg), ARX_OK) << msg;
  ASSERT_NE(a, nullptr);
  EXPECT_GT(a->struct_size, v1_0) << "the plugin's table is newer than 1.0; the old host ignores the rest";
  // The 1.0 members work for it as before.
  temp_db db;
  auto o = options(db.conn, ARX_CONTEXT_NO_SCHEMA_CHECK);
  arx_context *ctx = nullptr;
  ASSERT_EQ(a->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  arx_buffer *out = nullptr;
  EXPECT_EQ(a->schema_check(ctx, &out), ARX_E_SCHEMA);
  a->buffer_free(out);
  a->context_close(ctx);
}

TEST(negotiation, older_table_size_below_1_0_is_refused) {
  auto h = host_info(ARX_ABI_VERSION, static_cast<uint32_t>(offsetof(arx_api, schema_install)));
  const arx_api *a = reinterpret_cast<const arx_api *>(0x1);
  const char *msg = nullptr;
  EXPECT_EQ(lib().get_api(&h, &a, &msg), ARX_E_VERSION);
  EXPECT_EQ(a, nullptr);
  EXPECT_NE(std::string(msg).find("smaller than the ABI 1.0 table"), std::string::npos) << msg;
}

TEST(negotiation, older_options_struct_is_refused_with_its_name) {
  temp_db db;
  auto o = options(db.conn);
  o.struct_size = offsetof(arx_context_options, log);
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(api()->context_open(&o, &ctx, &msg), ARX_E_VERSION);
  EXPECT_EQ(ctx, nullptr);
  EXPECT_NE(std::string(msg).find("arx_context_options.struct_size"), std::string::npos) << msg;
}

TEST(negotiation, wrong_major_is_refused) {
  auto h = host_info(2u << 16);
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(lib().get_api(&h, &a, &msg), ARX_E_VERSION);
  EXPECT_EQ(a, nullptr);
  EXPECT_NE(std::string(msg).find("different major"), std::string::npos) << msg;

  installed inst;
  arx_install_options io{sizeof io, 2u << 16, 0, 0};
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->schema_install(inst.ctx, &io, &out), ARX_E_VERSION);
  EXPECT_EQ(out, nullptr);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_install_options.abi_version is 2.0"), std::string::npos)
      << api()->last_error(inst.ctx);
}

TEST(negotiation, truncated_host_info_is_refused) {
  auto h = host_info();
  h.struct_size = 4;
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(lib().get_api(&h, &a, &msg), ARX_E_VERSION);
}

TEST(null_arguments, are_refused_with_a_status) {
  const arx_api *a = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(lib().get_api(nullptr, &a, &msg), ARX_E_NULL_ARGUMENT);
  auto h = host_info();
  EXPECT_EQ(lib().get_api(&h, nullptr, &msg), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(lib().get_api(&h, &a, nullptr), ARX_OK); // the message pointer is optional

  arx_context *ctx = reinterpret_cast<arx_context *>(0x1);
  EXPECT_EQ(api()->context_open(nullptr, &ctx, &msg), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(ctx, nullptr);
  EXPECT_NE(std::string(msg).find("arx_context_options is NULL"), std::string::npos) << msg;
  temp_db db;
  auto o = options(db.conn);
  o.connection_string = nullptr;
  EXPECT_EQ(api()->context_open(&o, &ctx, &msg), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(api()->context_open(&o, nullptr, &msg), ARX_E_NULL_ARGUMENT);

  installed inst;
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->config_list(inst.ctx, nullptr, nullptr), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(api()->config_get(inst.ctx, nullptr, nullptr, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(api()->config_set(inst.ctx, nullptr), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_config_set_options is NULL"), std::string::npos);
  EXPECT_EQ(api()->schema_install(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(api()->invoice_validate(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(api()->dunning_run(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_EQ(api()->demo_generate(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);

  api()->buffer_free(nullptr);
  api()->context_close(nullptr);
}

TEST(handles, null_and_unknown_handles_are_refused) {
  // *out is NULL after every failure, a bad handle included.
  arx_buffer sentinel{"", 0};
  arx_buffer *out = &sentinel;
  EXPECT_EQ(api()->config_list(nullptr, nullptr, &out), ARX_E_INVALID_HANDLE);
  EXPECT_EQ(out, nullptr);
  EXPECT_STRNE(api()->last_error(nullptr), "");

  // A pointer that was never an arx context.
  alignas(64) unsigned char garbage[256];
  std::memset(garbage, 0xAB, sizeof garbage);
  auto *fake = reinterpret_cast<arx_context *>(garbage);
  EXPECT_EQ(api()->config_list(fake, nullptr, &out), ARX_E_INVALID_HANDLE);
  EXPECT_EQ(api()->schema_check(fake, &out), ARX_E_INVALID_HANDLE);
  EXPECT_NE(std::string(api()->last_error(fake)).find("not an open arx context"), std::string::npos);
  api()->context_close(fake); // ignored, no crash

  // A context that has been closed.
  arx_context *closed = nullptr;
  {
    installed inst;
    closed = inst.ctx;
  }
  EXPECT_EQ(api()->config_list(closed, nullptr, &out), ARX_E_INVALID_HANDLE);
  EXPECT_EQ(out, nullptr);
}

TEST(faults, an_exception_inside_a_function_becomes_a_status) {
#if !defined(ARX_TEST_HOOKS)
  GTEST_SKIP() << "fault injection is compiled in only with -DARX_TEST_HOOKS=ON (scripts/build --asan)";
#endif
  struct fault_case {
    const char *spec;
    arx_status status;
  };
  for (auto fc : {fault_case{"config_list:std", ARX_E_INTERNAL}, fault_case{"config_list:soci", ARX_E_DATABASE},
                  fault_case{"config_list:alloc", ARX_E_OUT_OF_MEMORY}, fault_case{"config_list:int", ARX_E_INTERNAL},
                  fault_case{"config_list:arx", ARX_E_ERROR}}) {
    installed inst(fc.spec);
    arx_buffer *out = nullptr;
    EXPECT_EQ(api()->config_list(inst.ctx, nullptr, &out), fc.status) << fc.spec;
    EXPECT_EQ(out, nullptr);
    std::string msg = api()->last_error(inst.ctx);
    EXPECT_EQ(msg.rfind("config_list: ", 0), 0u) << msg;
    // The context stays usable after the fault in another function.
    EXPECT_EQ(api()->schema_check(inst.ctx, &out), ARX_OK) << api()->last_error(inst.ctx);
    api()->buffer_free(out);
  }
}

TEST(hooks, landed_hooks_check_their_arguments) {
  installed inst;
  arx_buffer *out = nullptr;
  arx_invoice_options io{};
  io.struct_size = sizeof io;
  io.abi_version = ARX_ABI_VERSION;
  io.company = "DE01";
  io.invoice_number = "RE-1";
  // invoice_validate has landed: an unknown company is named.
  EXPECT_EQ(api()->invoice_validate(inst.ctx, &io, &out), ARX_E_NOT_FOUND);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("DE01"), std::string::npos);
  // So has invoice_post (ABI 1.0 table, landed with delivery).
  EXPECT_EQ(api()->invoice_post(inst.ctx, &io, &out), ARX_E_NOT_FOUND);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("DE01"), std::string::npos);
  // The ABI 1.2 functions check their structs like every other.
  arx_delivery_run_options dro{};
  dro.struct_size = sizeof dro;
  dro.abi_version = ARX_ABI_VERSION;
  dro.company = "DE01";
  EXPECT_EQ(api()->delivery_run(inst.ctx, &dro, &out), ARX_E_NOT_FOUND);
  dro.abi_version = 2u << 16;
  EXPECT_EQ(api()->delivery_run(inst.ctx, &dro, &out), ARX_E_VERSION);
  EXPECT_EQ(api()->delivery_run(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);
  arx_resend_options rso{};
  rso.struct_size = sizeof rso;
  rso.abi_version = ARX_ABI_VERSION;
  rso.company = "DE01";
  EXPECT_EQ(api()->invoice_resend(inst.ctx, &rso, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("invoice_number"), std::string::npos);

  arx_statement_import_options so{};
  so.struct_size = sizeof so;
  so.abi_version = ARX_ABI_VERSION;
  // statement_import has landed: a call without a file is refused, a
  // malformed file names its line.
  EXPECT_EQ(api()->statement_import(inst.ctx, &so, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("names no file"), std::string::npos);
  const std::string bad = "lockbox_batch,account,deposit_date,amount,currency\nB1,ACC,2026-12-01,12.3.4,EUR\n";
  so.data = bad.data();
  so.data_size = bad.size();
  EXPECT_EQ(api()->statement_import(inst.ctx, &so, &out), ARX_E_PARSE);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("bank file: line 2: column amount"), std::string::npos)
      << api()->last_error(inst.ctx);
  so.data = nullptr;
  so.data_size = 0;
  arx_cashapp_run_options ro{};
  ro.struct_size = sizeof ro;
  ro.abi_version = ARX_ABI_VERSION;
  // The cash-application functions have landed: they check their arguments.
  EXPECT_EQ(api()->cashapp_run(inst.ctx, &ro, &out), ARX_E_NULL_ARGUMENT);
  ro.company = "DE01";
  ro.flags = 0x80;
  EXPECT_EQ(api()->cashapp_run(inst.ctx, &ro, &out), ARX_E_INVALID_ARGUMENT);
  arx_cashapp_list_options lo{};
  lo.struct_size = sizeof lo;
  lo.abi_version = ARX_ABI_VERSION;
  EXPECT_EQ(api()->cashapp_list(inst.ctx, &lo, &out), ARX_E_NULL_ARGUMENT);
  arx_cashapp_decision d{};
  d.struct_size = sizeof d;
  d.abi_version = ARX_ABI_VERSION;
  d.decision = 7;
  EXPECT_EQ(api()->cashapp_decide(inst.ctx, &d, &out), ARX_E_INVALID_ARGUMENT);
  d.decision = ARX_DECISION_CONFIRM;
  EXPECT_EQ(api()->cashapp_decide(inst.ctx, &d, &out), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("suggestion_id"), std::string::npos);
  // ABI 1.3: the demo bank statement needs a company.
  ASSERT_TRUE(ARX_API_HAS(api(), demo_bank_statement));
  arx_demo_statement_options dso{};
  dso.struct_size = sizeof dso;
  dso.abi_version = ARX_ABI_VERSION;
  EXPECT_EQ(api()->demo_bank_statement(inst.ctx, &dso, &out), ARX_E_NULL_ARGUMENT);
  dso.company = "DE01";
  EXPECT_EQ(api()->demo_bank_statement(inst.ctx, &dso, &out), ARX_E_NOT_FOUND);
  // Dunning has landed: it needs a company, then names the unknown one.
  arx_dunning_options dop{};
  dop.struct_size = sizeof dop;
  dop.abi_version = ARX_ABI_VERSION;
  EXPECT_EQ(api()->dunning_run(inst.ctx, &dop, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_dunning_options.company"), std::string::npos);
  dop.company = "DE01";
  EXPECT_EQ(api()->dunning_run(inst.ctx, &dop, &out), ARX_E_NOT_FOUND);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("DE01"), std::string::npos);
  EXPECT_EQ(api()->dunning_preview(inst.ctx, &dop, &out), ARX_E_NOT_FOUND);
  EXPECT_EQ(out, nullptr);
  // ABI 1.4: collections() checks its request and names an unknown action.
  ASSERT_TRUE(ARX_API_HAS(api(), collections));
  arx_collections_request cr{};
  cr.struct_size = sizeof cr;
  cr.abi_version = ARX_ABI_VERSION;
  cr.company = "DE01";
  EXPECT_EQ(api()->collections(inst.ctx, &cr, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_collections_request.action"), std::string::npos);
  cr.action = "no_such_action";
  EXPECT_EQ(api()->collections(inst.ctx, &cr, &out), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("dispute_open"), std::string::npos);
  cr.action = "worklist";
  cr.params = "[1]";
  EXPECT_EQ(api()->collections(inst.ctx, &cr, &out), ARX_E_INVALID_ARGUMENT);
  cr.params = "{\"limit\": 5}";
  EXPECT_EQ(api()->collections(inst.ctx, &cr, &out), ARX_E_NOT_FOUND);
  EXPECT_EQ(out, nullptr);
  // ABI 1.5: analytics() checks its request, names an unknown action and key.
  ASSERT_TRUE(ARX_API_HAS(api(), analytics));
  arx_analytics_request ar{};
  ar.struct_size = sizeof ar;
  ar.abi_version = ARX_ABI_VERSION;
  EXPECT_EQ(api()->analytics(inst.ctx, &ar, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_analytics_request.company"), std::string::npos);
  ar.company = "DE01";
  ar.action = "no_such_action";
  EXPECT_EQ(api()->analytics(inst.ctx, &ar, &out), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("dashboard"), std::string::npos);
  ar.action = "kpi";
  ar.params = "{\"group\": 3}";
  EXPECT_EQ(api()->analytics(inst.ctx, &ar, &out), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("'group'"), std::string::npos);
  ar.params = nullptr;
  EXPECT_EQ(api()->analytics(inst.ctx, &ar, &out), ARX_E_NOT_FOUND);
  EXPECT_EQ(out, nullptr);
  ar.struct_size = 8;
  EXPECT_EQ(api()->analytics(inst.ctx, &ar, &out), ARX_E_VERSION);
}

TEST(database, unreachable_database_is_a_clear_status) {
  std::string conn = "DRIVER={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=none;Uid=nobody;Pwd=secret";
  auto o = options(conn);
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(api()->context_open(&o, &ctx, &msg), ARX_E_DATABASE);
  EXPECT_EQ(ctx, nullptr);
  std::string m = msg;
  EXPECT_NE(m.find("cannot connect"), std::string::npos) << m;
  EXPECT_EQ(m.find("secret"), std::string::npos) << "the password must not appear in messages: " << m;
}

TEST(schema, missing_schema_refused_at_open_and_installed_once) {
  temp_db db;
  auto o = options(db.conn);
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  EXPECT_EQ(api()->context_open(&o, &ctx, &msg), ARX_E_SCHEMA);
  EXPECT_NE(std::string(msg).find("arx install"), std::string::npos) << msg;

  o.flags = ARX_CONTEXT_NO_SCHEMA_CHECK;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->schema_check(ctx, &out), ARX_E_SCHEMA);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(nlohmann::json::parse(out->data).at("state"), "missing");
  api()->buffer_free(out);

  arx_install_options io{sizeof io, ARX_ABI_VERSION, 0, 0};
  ASSERT_EQ(api()->schema_install(ctx, &io, &out), ARX_OK) << api()->last_error(ctx);
  auto first = nlohmann::json::parse(out->data);
  api()->buffer_free(out);
  EXPECT_FALSE(first.at("applied").empty());
  ASSERT_EQ(api()->schema_install(ctx, &io, &out), ARX_OK) << api()->last_error(ctx);
  auto second = nlohmann::json::parse(out->data);
  api()->buffer_free(out);
  EXPECT_TRUE(second.at("applied").empty()) << second.dump();
  EXPECT_EQ(second.at("schema").at("state"), "current");
  api()->context_close(ctx);

  o.flags = 0;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  api()->context_close(ctx);
}

namespace {
struct callback_log {
  std::vector<std::string> lines;
  std::vector<std::string> phases;
  int cancel_after = -1;
  int calls = 0;
};
void on_log(void *hd, int32_t, const char *m) { static_cast<callback_log *>(hd)->lines.emplace_back(m); }
int32_t on_progress(void *hd, const char *phase, uint64_t, uint64_t) {
  auto *l = static_cast<callback_log *>(hd);
  l->phases.emplace_back(phase);
  return l->cancel_after >= 0 && ++l->calls > l->cancel_after;
}
arx_status on_date(void *, arx_date *d) {
  *d = arx_date{2026, 3, 31};
  return ARX_OK;
}
arx_status on_bad_date(void *, arx_date *d) {
  *d = arx_date{2026, 2, 30};
  return ARX_OK;
}
}  // namespace

TEST(callbacks, progress_can_cancel_and_nothing_is_half_written) {
  temp_db db;
  callback_log cl;
  cl.cancel_after = 0;
  auto o = options(db.conn, ARX_CONTEXT_NO_SCHEMA_CHECK);
  o.log = on_log;
  o.progress = on_progress;
  o.host_data = &cl;
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  arx_install_options io{sizeof io, ARX_ABI_VERSION, 0, 0};
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->schema_install(ctx, &io, &out), ARX_E_CANCELLED);
  EXPECT_EQ(out, nullptr);
  EXPECT_FALSE(cl.phases.empty());
  EXPECT_FALSE(cl.lines.empty()) << "the failure is also logged";
  // Progress is reported before each migration, so cancelling at the first
  // report applies nothing; in general the database is left at a migration
  // boundary, never half-way through one.
  ASSERT_EQ(api()->schema_check(ctx, &out), ARX_E_SCHEMA);
  auto st = nlohmann::json::parse(out->data);
  api()->buffer_free(out);
  EXPECT_EQ(st.at("state"), "missing") << st.dump();
  EXPECT_EQ(st.at("database_version").get<int>(), 0);
  EXPECT_EQ(static_cast<int>(st.at("pending").size()), st.at("plugin_version").get<int>());
  api()->context_close(ctx);
}

TEST(callbacks, business_date_comes_from_the_host) {
  installed inst;
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  auto o = options(inst.db.conn);
  o.business_date = on_date;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  arx_demo_options d{};
  d.struct_size = sizeof d;
  d.abi_version = ARX_ABI_VERSION;
  d.seed = 7;
  d.customers = 20;
  d.invoices = 100;
  arx_buffer *out = nullptr;
  ASSERT_EQ(api()->demo_generate(ctx, &d, &out), ARX_OK) << api()->last_error(ctx);
  EXPECT_EQ(nlohmann::json::parse(out->data).at("as_of"), "2026-03-31");
  api()->buffer_free(out);
  api()->context_close(ctx);

  o.business_date = on_bad_date;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  EXPECT_EQ(api()->demo_generate(ctx, &d, &out), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(ctx)).find("2026-2-30"), std::string::npos) << api()->last_error(ctx);
  api()->context_close(ctx);
}

// A bank file above cashapp.max_bank_file_mib (64 MiB unless configured) is
// refused by its size before the plugin reads it, naming the file and the key.
TEST(statement_import, a_file_above_the_size_cap_is_refused_naming_file_and_key) {
  installed inst;
  const std::filesystem::path big = inst.db.path.string() + ".big.sta";
  {
    std::ofstream touch(big, std::ios::binary);
  }
  std::filesystem::resize_file(big, 64ull * 1024 * 1024 + 1);  // sparse: nothing is written
  arx_statement_import_options so{};
  so.struct_size = sizeof so;
  so.abi_version = ARX_ABI_VERSION;
  const std::string path = big.string();
  so.path = path.c_str();
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->statement_import(inst.ctx, &so, &out), ARX_E_VALIDATION) << api()->last_error(inst.ctx);
  const std::string message = api()->last_error(inst.ctx);
  EXPECT_NE(message.find(path + ": the bank file has 67108865 bytes, more than the 64 MiB the configuration key "
                                "cashapp.max_bank_file_mib allows"),
            std::string::npos)
      << message;
  // Raised, the cap lets the file through to the parser (which refuses it).
  arx_config_set_options co{};
  co.struct_size = sizeof co;
  co.abi_version = ARX_ABI_VERSION;
  co.key = "cashapp.max_bank_file_mib";
  co.value = "65";
  ASSERT_EQ(api()->config_set(inst.ctx, &co), ARX_OK) << api()->last_error(inst.ctx);
  EXPECT_EQ(api()->statement_import(inst.ctx, &so, &out), ARX_E_PARSE) << api()->last_error(inst.ctx);
  std::filesystem::remove(big);
}

TEST(config, refusals_through_the_abi) {
  installed inst;
  arx_config_set_options o{};
  o.struct_size = sizeof o;
  o.abi_version = ARX_ABI_VERSION;
  o.key = "dunning.grace_days";
  o.value = "99";
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_E_CONFIG);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("'dunning.grace_days'"), std::string::npos);
  o.key = "no.such_key";
  o.value = "1";
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_E_CONFIG);
  o.key = "dunning.grace_days";
  o.value = "5";
  o.reason = "\xff\xfe not text";
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("reason is not valid UTF-8"), std::string::npos);
  std::string long_reason(1001, 'x');
  o.reason = long_reason.c_str();
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_E_INVALID_ARGUMENT);
  o.reason = "fine";
  o.struct_size = offsetof(arx_config_set_options, reason);
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_E_VERSION);
  o.struct_size = sizeof o;
  EXPECT_EQ(api()->config_set(inst.ctx, &o), ARX_OK) << api()->last_error(inst.ctx);

  // Nothing of the refused calls was written: exactly one audit row.
  arx_buffer *out = nullptr;
  ASSERT_EQ(api()->config_get(inst.ctx, nullptr, "dunning.grace_days", &out), ARX_OK);
  auto j = nlohmann::json::parse(out->data);
  api()->buffer_free(out);
  EXPECT_EQ(j.at("value"), "5");
  EXPECT_EQ(j.at("history").size(), 1u) << j.dump();
}

TEST(callbacks, a_failing_business_date_callback_is_a_negative_status) {
  installed inst;
  auto o = options(inst.db.conn);
  o.business_date = [](void *, arx_date *) -> arx_status { return 1; };
  arx_context *ctx = nullptr;
  const char *msg = nullptr;
  ASSERT_EQ(api()->context_open(&o, &ctx, &msg), ARX_OK) << msg;
  arx_demo_options d{};
  d.struct_size = sizeof d;
  d.abi_version = ARX_ABI_VERSION;
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->demo_generate(ctx, &d, &out), ARX_E_ERROR);
  api()->context_close(ctx);
}

TEST(render, arguments_are_checked) {
  installed inst;
  ASSERT_TRUE(ARX_API_HAS(api(), invoice_render));
  arx_render_options r{};
  r.struct_size = sizeof r;
  r.abi_version = ARX_ABI_VERSION;
  arx_buffer *out = nullptr;
  EXPECT_EQ(api()->invoice_render(inst.ctx, &r, &out), ARX_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(api()->last_error(inst.ctx)).find("arx_render_options.company is NULL"), std::string::npos);
  r.company = "NOPE";
  r.invoice_number = "X-1";
  r.format = "ubl";
  EXPECT_EQ(api()->invoice_render(inst.ctx, &r, &out), ARX_E_NOT_FOUND);
  EXPECT_EQ(out, nullptr);
  r.struct_size = 8;
  EXPECT_EQ(api()->invoice_render(inst.ctx, &r, &out), ARX_E_VERSION);
  EXPECT_EQ(api()->invoice_render(inst.ctx, nullptr, &out), ARX_E_NULL_ARGUMENT);
}
