// Tests of the C++ host wrapper (sdk-bindings/cpp/arx.hpp), built as C++17
// the way an older ERP host compiles it, against the scripted fake plugin
// (fake_plugin.cpp): negotiation, errors, callbacks and buffer ownership.
#include <dlfcn.h>
#include <stdlib.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "arx.hpp"

#ifndef ARX_FAKE_PLUGIN_PATH
#error "ARX_FAKE_PLUGIN_PATH must name the fake plugin"
#endif

namespace {

using arx::host::context;
using arx::host::context_options;
using arx::host::error;
using arx::host::library;

const std::string fake_path = ARX_FAKE_PLUGIN_PATH;

// Buffers the fake plugin handed out and that were not freed yet.
int live_buffers() {
  void *handle = dlopen(fake_path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr)
    return -1;
  auto *count = reinterpret_cast<int (*)()>(dlsym(handle, "arx_fake_live_buffers"));
  const int result = count != nullptr ? count() : -1;
  dlclose(handle);
  return result;
}

class host_wrapper : public ::testing::Test {
protected:
  void SetUp() override { unsetenv("ARX_FAKE_MODE"); }
  void TearDown() override { unsetenv("ARX_FAKE_MODE"); }

  static context_options connection() {
    context_options options;
    options.connection_string = "fake";
    return options;
  }

  // Runs f, expects an arx::host::error and returns it.
  template <class F> static error expect_error(F &&f) {
    try {
      f();
    } catch (const error &e) {
      return e;
    }
    ADD_FAILURE() << "no arx::host::error was thrown";
    return error(ARX_OK, "");
  }
};

TEST_F(host_wrapper, missing_file_names_the_path_and_the_loader_reason) {
  const error e = expect_error([] { library lib("/nonexistent/libarx.so.1"); });
  EXPECT_EQ(e.status(), ARX_E_ERROR);
  EXPECT_NE(std::string(e.what()).find("/nonexistent/libarx.so.1"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
}

TEST_F(host_wrapper, plugin_refusal_keeps_the_plugins_status_and_message) {
  setenv("ARX_FAKE_MODE", "refuse", 1);
  const error e = expect_error([] { library lib(fake_path); });
  EXPECT_EQ(e.status(), ARX_E_VERSION);
  EXPECT_NE(std::string(e.what()).find("refuses every host"), std::string::npos) << e.what();
}

TEST_F(host_wrapper, other_abi_major_is_refused) {
  setenv("ARX_FAKE_MODE", "major2", 1);
  const error e = expect_error([] { library lib(fake_path); });
  EXPECT_EQ(e.status(), ARX_E_VERSION);
  EXPECT_NE(std::string(e.what()).find("ABI 2.0"), std::string::npos) << e.what();
}

TEST_F(host_wrapper, table_smaller_than_abi_1_0_is_refused) {
  setenv("ARX_FAKE_MODE", "short", 1);
  const error e = expect_error([] { library lib(fake_path); });
  EXPECT_EQ(e.status(), ARX_E_VERSION);
  EXPECT_NE(std::string(e.what()).find("smaller than the ABI 1.0 table"), std::string::npos)
      << e.what();
}

TEST_F(host_wrapper, negotiated_library_reports_the_plugin) {
  library lib(fake_path);
  EXPECT_EQ(lib.version(), "9.9.9-fake");
  EXPECT_EQ(lib.abi_version(), ARX_ABI_VERSION);
  EXPECT_EQ(lib.path(), fake_path);
  library moved(std::move(lib));
  EXPECT_EQ(moved.version(), "9.9.9-fake");
  EXPECT_EQ(expect_error([&] { (void)lib.version(); }).status(), ARX_E_INVALID_HANDLE);
}

TEST_F(host_wrapper, failed_open_throws_the_plugins_message) {
  library lib(fake_path);
  context_options options;
  options.connection_string = "fail";
  const error e = expect_error([&] { context ctx(lib, options); });
  EXPECT_EQ(e.status(), ARX_E_DATABASE);
  EXPECT_STREQ(e.what(), "fake: cannot connect to 'fail'");
}

TEST_F(host_wrapper, schema_check_returns_the_report_for_a_missing_schema) {
  library lib(fake_path);
  context ctx(lib, connection());
  const arx::host::schema_state before = ctx.schema_check();
  EXPECT_EQ(before.status, ARX_E_SCHEMA);
  EXPECT_FALSE(before.current());
  EXPECT_NE(before.json.find("\"missing\""), std::string::npos) << before.json;

  const std::string report = ctx.schema_install(ARX_INSTALL_ERP_SCHEMA);
  EXPECT_NE(report.find("\"erp_schema\":true"), std::string::npos) << report;
  const arx::host::schema_state after = ctx.schema_check();
  EXPECT_TRUE(after.current());
  EXPECT_NE(after.json.find("\"current\""), std::string::npos) << after.json;
  EXPECT_EQ(live_buffers(), 0);
}

TEST_F(host_wrapper, config_errors_carry_status_and_message) {
  library lib(fake_path);
  context ctx(lib, connection());
  const error bad = expect_error([&] { ctx.config_set({"dunning.grace_days", "soon", {}, {}}); });
  EXPECT_EQ(bad.status(), ARX_E_CONFIG);
  EXPECT_NE(std::string(bad.what()).find("dunning.grace_days"), std::string::npos);
  EXPECT_EQ(ctx.last_error(), bad.what());

  const error unknown = expect_error([&] { (void)ctx.config_get("no.such.key"); });
  EXPECT_EQ(unknown.status(), ARX_E_CONFIG);
  EXPECT_NE(std::string(unknown.what()).find("no.such.key"), std::string::npos);
}

TEST_F(host_wrapper, config_set_and_reset_round_trip) {
  library lib(fake_path);
  context ctx(lib, connection());
  ctx.config_set({"dunning.grace_days", std::string("7"), std::string("ACME"), std::string("test")});
  EXPECT_NE(ctx.config_get("dunning.grace_days").find("\"value\":7"), std::string::npos);
  ctx.config_set({"dunning.grace_days", std::nullopt, {}, {}});
  const std::string reset = ctx.config_get("dunning.grace_days");
  EXPECT_NE(reset.find("\"value\":3"), std::string::npos) << reset;
  EXPECT_NE(reset.find("\"source\":\"default\""), std::string::npos) << reset;
  EXPECT_EQ(ctx.last_error(), "");
}

TEST_F(host_wrapper, failure_with_a_document_keeps_it_and_frees_the_buffer) {
  library lib(fake_path);
  context ctx(lib, connection());
  const error e = expect_error([&] { (void)ctx.invoice_validate({"ACME", 0, "INV-1"}); });
  EXPECT_EQ(e.status(), ARX_E_VALIDATION);
  EXPECT_NE(e.details().find("no customer"), std::string::npos) << e.details();
  EXPECT_EQ(live_buffers(), 0);
}

TEST_F(host_wrapper, not_implemented_comes_from_the_plugin_or_the_table) {
  setenv("ARX_FAKE_MODE", "no_dunning", 1);
  library lib(fake_path);
  context ctx(lib, connection());
  arx::host::dunning_request request;
  request.company = "ACME";
  const error from_plugin = expect_error([&] { (void)ctx.dunning_preview(request); });
  EXPECT_EQ(from_plugin.status(), ARX_E_NOT_IMPLEMENTED);
  EXPECT_STREQ(from_plugin.what(), "fake: not implemented yet");
  const error from_table = expect_error([&] { (void)ctx.dunning_run(request); });
  EXPECT_EQ(from_table.status(), ARX_E_NOT_IMPLEMENTED);
  const std::string abi = std::to_string(ARX_ABI_VERSION_MAJOR) + "." + std::to_string(ARX_ABI_VERSION_MINOR);
  EXPECT_EQ(std::string(from_table.what()), "this plugin does not provide dunning_run (ABI " + abi + ")");
}

TEST_F(host_wrapper, progress_callback_can_cancel) {
  library lib(fake_path);
  context_options options = connection();
  std::vector<uint64_t> seen;
  options.progress = [&](std::string_view phase, uint64_t done, uint64_t total) {
    EXPECT_EQ(phase, "fake demo");
    EXPECT_EQ(total, 10u);
    seen.push_back(done);
    return done < 4;
  };
  context ctx(lib, options);
  const error e = expect_error([&] { (void)ctx.demo_generate({}); });
  EXPECT_EQ(e.status(), ARX_E_CANCELLED);
  EXPECT_EQ(seen, (std::vector<uint64_t>{0, 1, 2, 3, 4}));
}

TEST_F(host_wrapper, exception_from_a_callback_reaches_the_caller) {
  library lib(fake_path);
  context_options options = connection();
  options.progress = [](std::string_view, uint64_t done, uint64_t) -> bool {
    if (done == 2)
      throw std::out_of_range("progress sink broke");
    return true;
  };
  context ctx(lib, options);
  try {
    (void)ctx.demo_generate({});
    FAIL() << "demo_generate did not fail";
  } catch (const std::out_of_range &e) {
    EXPECT_STREQ(e.what(), "progress sink broke");
  }
  // The next call starts clean.
  EXPECT_NE(ctx.config_list().find("dunning.grace_days"), std::string::npos);
}

TEST_F(host_wrapper, business_date_and_log_callbacks_are_bridged) {
  library lib(fake_path);
  context_options options = connection();
  std::vector<std::string> lines;
  options.log = [&](int32_t level, std::string_view message) {
    EXPECT_EQ(level, ARX_LOG_INFO);
    lines.emplace_back(message);
  };
  options.business_date = [] { return arx_date{2024, 2, 29}; };
  context ctx(lib, options);
  EXPECT_EQ(lines, (std::vector<std::string>{"fake: context opened"}));
  arx::host::demo_request request;
  request.seed = 42;
  request.customers = 5;
  const std::string result = ctx.demo_generate(request);
  EXPECT_NE(result.find("\"as_of\":\"2024-02-29\""), std::string::npos) << result;
  EXPECT_NE(result.find("\"seed\":42"), std::string::npos) << result;
  EXPECT_NE(result.find("\"customers\":5"), std::string::npos) << result;
}

TEST_F(host_wrapper, business_date_refusal_passes_its_status) {
  library lib(fake_path);
  context_options options = connection();
  options.business_date = []() -> arx_date {
    throw error(ARX_E_NOT_FOUND, "no business date set for this company");
  };
  context ctx(lib, options);
  const error e = expect_error([&] { (void)ctx.demo_generate({}); });
  // The host's own exception comes back, not the plugin's summary of it.
  EXPECT_EQ(e.status(), ARX_E_NOT_FOUND);
  EXPECT_STREQ(e.what(), "no business date set for this company");
}

TEST_F(host_wrapper, context_outlives_its_library_object_and_moves) {
  std::optional<context> kept;
  {
    library lib(fake_path);
    kept.emplace(lib, connection());
  }
  context moved(std::move(*kept));
  EXPECT_EQ(moved.api().abi_version, ARX_ABI_VERSION);
  EXPECT_NE(moved.config_list().find("dunning.grace_days"), std::string::npos);
  EXPECT_EQ(expect_error([&] { (void)kept->config_list(); }).status(), ARX_E_INVALID_HANDLE);
  moved.close();
  EXPECT_FALSE(moved.is_open());
  const error closed = expect_error([&] { (void)moved.config_list(); });
  EXPECT_EQ(closed.status(), ARX_E_INVALID_HANDLE);
  EXPECT_NE(std::string(closed.what()).find("closed"), std::string::npos);
}

TEST_F(host_wrapper, status_names_are_the_header_names) {
  EXPECT_STREQ(arx::host::status_name(ARX_OK), "ARX_OK");
  EXPECT_STREQ(arx::host::status_name(ARX_E_CONFIG), "ARX_E_CONFIG");
  EXPECT_STREQ(arx::host::status_name(ARX_E_INTERNAL), "ARX_E_INTERNAL");
  EXPECT_STREQ(arx::host::status_name(-99), "ARX_E_?");
}

} // namespace
